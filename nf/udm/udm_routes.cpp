// UDM request handling: UEAU (TS 29.503 §6.3.3), SDM (§6.1.3) and UECM (§6.2.3) resources,
// relaying to the UDR (TS 29.504) for data and answering with TS 29.500 §5.2.7 errors.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "glasscore/nf/udm/udm_service.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/uecm_models.h"

namespace glasscore::udm {

namespace {

using sbi::reply_fn;

constexpr std::string_view udr_name = "UDR";
constexpr std::string_view json_type = "application/json";

http2::response user_not_found() {
  return sbi::problem_response(404, cause::user_not_found, "no such subscriber");
}

std::string udr_base(const std::string& supi) {
  return "/nudr-dr/v2/subscription-data/" + supi;
}

// A JSON query parameter (TS 29.503 plmn-id, single-nssai: "content: application/json").
template <class T, class Decode>
expected<std::optional<T>, http2::response> json_query(const sbi::route_match& m,
                                                       std::string_view name, Decode decode) {
  const auto* text = m.query.find(name);
  if (text == nullptr) {
    return std::optional<T>{};
  }
  auto j = sbi::parse_json(*text);
  auto v = j ? decode(*j) : unexpected<sbi::decode_error>(j.error());
  if (!v) {
    const std::string reason = v.error().to_string();
    return fail(sbi::problem_response(
        sbi::sbi_error{400,
                       std::string(sbi::cause::optional_query_param_incorrect),
                       std::string(name) + ": " + reason,
                       {{std::string(name), reason}}}));
  }
  return std::optional<T>(std::move(*v));
}

}  // namespace

void udm_service::add_routes(sbi::router& r) {
  r.add("POST", "/nudm-ueau/v1/{supiOrSuci}/security-information/generate-auth-data",
        [this](const http2::request& req, const sbi::route_match& m, reply_fn reply) {
          auto body = sbi::json_body(req, json_type);
          if (!body) {
            reply(std::move(body.error()));
            return;
          }
          auto request = sbi::decode_authentication_info_request(*body);
          if (!request) {
            reply(sbi::problem_response(sbi::bad_body(request.error())));
            return;
          }
          generate_auth_data(
              m.param("supiOrSuci"), std::move(*request),
              [reply](expected<sbi::authentication_info_result, sbi::sbi_error> result) {
                if (!result) {
                  reply(sbi::problem_response(result.error()));
                  return;
                }
                reply(sbi::json_response(200, sbi::to_text(sbi::to_json(*result))));
              });
        });
  add_sdm_routes(r);
  add_uecm_routes(r);
}

void udm_service::add_sdm_routes(sbi::router& r) {
  // Fetches provisioned data `leaf` from the UDR for the request's SUPI and serving PLMN,
  // and hands the decoded JSON to `answer`.
  using answer_fn = std::function<void(const nlohmann::json&, const sbi::route_match&, reply_fn)>;
  auto fetch = [this](std::string leaf, answer_fn answer) {
    return [this, leaf, answer](const http2::request&, const sbi::route_match& m, reply_fn reply) {
      const auto& supi = m.param("supi");
      if (!sbi::is_imsi_supi(supi)) {
        reply(user_not_found());
        return;
      }
      auto plmn = json_query<sbi::plmn_id>(
          m, "plmn-id", [](const nlohmann::json& j) { return sbi::decode_plmn_id(j); });
      if (!plmn) {
        reply(std::move(plmn.error()));
        return;
      }
      const auto& serving = plmn->value_or(options_.home_plmn);
      udr_(home::json_request(
               "GET",
               udr_base(supi) + "/" + serving.mcc + serving.mnc + "/provisioned-data/" + leaf, ""),
           [alive = std::weak_ptr<bool>(alive_), m, answer, reply](home::peer_result res) {
             if (alive.expired()) {
               return;
             }
             if (!home::is_success(res)) {
               reply(sbi::problem_response(home::peer_error(res, udr_name)));
               return;
             }
             auto j = sbi::parse_json(res->body);
             if (!j) {
               reply(sbi::problem_response(500, sbi::cause::unspecified_nf_failure,
                                           "UDR answer is not JSON"));
               return;
             }
             answer(*j, m, reply);
           });
    };
  };
  // Re-decoding what the UDR sent means the UDM only ever relays well-formed data.
  const auto bad_udr_data = [](const sbi::decode_error& e) {
    return sbi::problem_response(500, sbi::cause::unspecified_nf_failure,
                                 "UDR data: " + e.to_string());
  };

  r.add("GET", "/nudm-sdm/v2/{supi}/am-data",
        fetch("am-data",
              [bad_udr_data](const nlohmann::json& j, const sbi::route_match&, reply_fn reply) {
                auto am = sbi::decode_access_and_mobility_subscription_data(j);
                reply(am ? sbi::json_response(200, sbi::to_text(sbi::to_json(*am)))
                         : bad_udr_data(am.error()));
              }));
  r.add("GET", "/nudm-sdm/v2/{supi}/nssai",
        fetch("am-data",
              [bad_udr_data](const nlohmann::json& j, const sbi::route_match&, reply_fn reply) {
                auto am = sbi::decode_access_and_mobility_subscription_data(j);
                if (!am) {
                  reply(bad_udr_data(am.error()));
                } else if (!am->nssai) {
                  reply(sbi::problem_response(404, cause::data_not_found, "no subscribed NSSAI"));
                } else {
                  reply(sbi::json_response(200, sbi::to_text(sbi::to_json(*am->nssai))));
                }
              }));
  r.add("GET", "/nudm-sdm/v2/{supi}/smf-select-data",
        fetch("smf-selection-subscription-data",
              [bad_udr_data](const nlohmann::json& j, const sbi::route_match&, reply_fn reply) {
                auto d = sbi::decode_smf_selection_subscription_data(j);
                reply(d ? sbi::json_response(200, sbi::to_text(sbi::to_json(*d)))
                        : bad_udr_data(d.error()));
              }));
  r.add("GET", "/nudm-sdm/v2/{supi}/sm-data",
        fetch("sm-data", [bad_udr_data](const nlohmann::json& j, const sbi::route_match& m,
                                        reply_fn reply) {
          auto d = sbi::decode_sm_data(j);
          if (!d) {
            reply(bad_udr_data(d.error()));
            return;
          }
          // TS 29.503 §6.1.3.5.3.1: single-nssai and dnn narrow the answer.
          auto slice = json_query<sbi::snssai>(
              m, "single-nssai", [](const nlohmann::json& q) { return sbi::decode_snssai(q); });
          if (!slice) {
            reply(std::move(slice.error()));
            return;
          }
          const auto* dnn = m.query.find("dnn");
          std::vector<sbi::session_management_subscription_data> out;
          for (auto& sm : *d) {
            if (*slice && !(sm.single_nssai == **slice)) {
              continue;
            }
            if (dnn != nullptr) {
              std::erase_if(sm.dnn_configurations,
                            [dnn](const auto& entry) { return entry.first != *dnn; });
              if (sm.dnn_configurations.empty()) {
                continue;
              }
            }
            out.push_back(std::move(sm));
          }
          reply(sbi::json_response(200, sbi::to_text(sbi::to_json(out))));
        }));
}

void udm_service::add_uecm_routes(sbi::router& r) {
  const std::string path = "/nudm-uecm/v1/{ueId}/registrations/amf-3gpp-access";
  r.add("PUT", path, [this](const http2::request& req, const sbi::route_match& m, reply_fn reply) {
    auto body = sbi::json_body(req, json_type);
    if (!body) {
      reply(std::move(body.error()));
      return;
    }
    auto registration = sbi::decode_amf_3gpp_access_registration(*body);
    if (!registration) {
      reply(sbi::problem_response(sbi::bad_body(registration.error())));
      return;
    }
    const auto& ue_id = m.param("ueId");
    if (!sbi::is_imsi_supi(ue_id)) {
      reply(user_not_found());
      return;
    }
    auto text = sbi::to_text(sbi::to_json(*registration));
    const std::string location =
        options_.api_root + "/nudm-uecm/v1/" + ue_id + "/registrations/amf-3gpp-access";
    udr_(home::json_request("PUT", udr_base(ue_id) + "/context-data/amf-3gpp-access", text),
         [alive = std::weak_ptr<bool>(alive_), text, location, reply](home::peer_result res) {
           if (alive.expired()) {
             return;
           }
           if (!home::is_success(res)) {
             reply(sbi::problem_response(home::peer_error(res, udr_name)));
             return;
           }
           // TS 29.503 §5.3.2.2.2: 201 with Location for a new registration, 200 when it
           // replaces one.
           auto resp = sbi::json_response(res->status == 201 ? 201 : 200, text);
           if (res->status == 201) {
             resp.headers.push_back({"location", location});
           }
           reply(std::move(resp));
         });
  });
  r.add("GET", path, [this](const http2::request&, const sbi::route_match& m, reply_fn reply) {
    const auto& ue_id = m.param("ueId");
    if (!sbi::is_imsi_supi(ue_id)) {
      reply(user_not_found());
      return;
    }
    udr_(home::json_request("GET", udr_base(ue_id) + "/context-data/amf-3gpp-access", ""),
         [alive = std::weak_ptr<bool>(alive_), reply](home::peer_result res) {
           if (alive.expired()) {
             return;
           }
           if (!home::is_success(res)) {
             reply(sbi::problem_response(home::peer_error(res, udr_name)));
             return;
           }
           auto j = sbi::parse_json(res->body);
           auto reg = j ? sbi::decode_amf_3gpp_access_registration(*j)
                        : unexpected<sbi::decode_error>(j.error());
           reply(reg ? sbi::json_response(200, sbi::to_text(sbi::to_json(*reg)))
                     : sbi::problem_response(500, sbi::cause::unspecified_nf_failure,
                                             "UDR registration data is invalid"));
         });
  });
  r.add("POST", path + "/dereg-amf",
        [this](const http2::request& req, const sbi::route_match& m, reply_fn reply) {
          auto body = sbi::json_body(req, json_type);
          if (!body) {
            reply(std::move(body.error()));
            return;
          }
          auto dereg = sbi::decode_deregistration_data(*body);
          if (!dereg) {
            reply(sbi::problem_response(sbi::bad_body(dereg.error())));
            return;
          }
          const auto& ue_id = m.param("ueId");
          if (!sbi::is_imsi_supi(ue_id)) {
            reply(user_not_found());
            return;
          }
          udr_(home::json_request("DELETE", udr_base(ue_id) + "/context-data/amf-3gpp-access", ""),
               [alive = std::weak_ptr<bool>(alive_), reply](home::peer_result res) {
                 if (alive.expired()) {
                   return;
                 }
                 if (!home::is_success(res)) {
                   reply(sbi::problem_response(home::peer_error(res, udr_name)));
                   return;
                 }
                 reply(http2::response{204, {}, {}});
               });
        });
}

}  // namespace glasscore::udm
