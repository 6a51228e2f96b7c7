// Nudr_DataRepository subscription data handlers (TS 29.504 §5.2, TS 29.505 §5.2).
#include "glasscore/nf/udr/udr_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "glasscore/core/log.h"
#include "glasscore/nf/udr/subscription_mapping.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/udr_models.h"

namespace glasscore::udr {

namespace {

using sbi::reply_fn;

constexpr std::string_view prefix = "/nudr-dr/v2/subscription-data/{ueId}";
constexpr std::string_view json_type = "application/json";
constexpr std::string_view patch_type = "application/json-patch+json";

// The IMSI of a ueId "imsi-<digits>" (TS 29.504 VarUeId); other identities are not stored.
std::optional<std::string> imsi_of(const std::string& ue_id) {
  if (!sbi::is_imsi_supi(ue_id)) {
    return std::nullopt;
  }
  return ue_id.substr(5);
}

bool is_serving_plmn_id(const std::string& s) {
  return (s.size() == 5 || s.size() == 6) &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

http2::response user_not_found(const std::string& ue_id) {
  return sbi::problem_response(404, cause::user_not_found,
                               "no subscriber " + log::redact_identity(ue_id));
}

// Store failures as SBI answers. The store's messages may name the IMSI, so they are not
// echoed; the caller's log line has the redacted identity.
http2::response store_failure(const store::store_error& e, const std::string& ue_id) {
  switch (e.code) {
    case store::store_errc::not_found:
      return user_not_found(ue_id);
    case store::store_errc::busy:
      return sbi::problem_response(503, sbi::cause::nf_congestion, "subscriber database busy");
    case store::store_errc::invalid_data:
      return sbi::problem_response(500, sbi::cause::system_failure,
                                   "stored subscription data is invalid");
    case store::store_errc::sqn_exhausted:
      return sbi::problem_response(403, sbi::cause::modification_not_allowed,
                                   "SQN space exhausted");
    default:
      return sbi::problem_response(500, sbi::cause::system_failure, "subscriber database failure");
  }
}

struct lookup {
  std::optional<store::subscriber> subscriber;
  std::optional<http2::response> error;
};

lookup find_subscriber(store::subscriber_store& db, const std::string& ue_id) {
  auto imsi = imsi_of(ue_id);
  if (!imsi) {
    return {std::nullopt, user_not_found(ue_id)};
  }
  auto s = db.get(*imsi);
  if (!s) {
    return {std::nullopt, store_failure(s.error(), ue_id)};
  }
  return {std::move(*s), std::nullopt};
}

}  // namespace

void udr_service::add_routes(sbi::router& r) {
  const std::string base(prefix);
  auto& db = store_;

  r.add(
      "GET", base + "/authentication-data/authentication-subscription",
      [&db](const http2::request&, const sbi::route_match& m, reply_fn reply) {
        auto found = find_subscriber(db, m.param("ueId"));
        if (found.error) {
          reply(std::move(*found.error));
          return;
        }
        auto auth = to_authentication_subscription(*found.subscriber);
        if (!auth) {
          reply(sbi::problem_response(500, sbi::cause::system_failure, "stored keys are unusable"));
          return;
        }
        reply(sbi::json_response(200, sbi::to_text(sbi::to_json(*auth))));
      });

  r.add("PATCH", base + "/authentication-data/authentication-subscription",
        [&db](const http2::request& req, const sbi::route_match& m, reply_fn reply) {
          auto body = sbi::json_body(req, patch_type);
          if (!body) {
            reply(std::move(body.error()));
            return;
          }
          auto update = sbi::decode_sqn_patch(*body);
          if (!update) {
            reply(sbi::problem_response(sbi::bad_body(update.error())));
            return;
          }
          const auto& ue_id = m.param("ueId");
          auto imsi = imsi_of(ue_id);
          if (!imsi) {
            reply(user_not_found(ue_id));
            return;
          }
          std::uint64_t expected_sqn = 0;
          if (update->expected) {
            expected_sqn = sbi::sqn_from_octets(*update->expected);
          } else {
            // No test: a plain replace still must not lower the SQN, so compare against
            // what is stored now (same transaction semantics, one more read).
            auto s = db.get(*imsi);
            if (!s) {
              reply(store_failure(s.error(), ue_id));
              return;
            }
            expected_sqn = s->auth.sqn;
          }
          const std::uint64_t desired = sbi::sqn_from_octets(update->desired);
          if (desired <= expected_sqn) {
            reply(sbi::problem_response(403, sbi::cause::modification_not_allowed,
                                        "the SQN never goes down (TS 33.102 Annex C)"));
            return;
          }
          auto set = db.compare_and_set_sqn(*imsi, expected_sqn, desired);
          if (!set) {
            reply(store_failure(set.error(), ue_id));
            return;
          }
          if (!*set) {
            // RFC 5789 §2.2: the resource changed since the client read it (the "test" of
            // RFC 6902 §4.6 failed); nothing was written.
            log::get("udr")->info("SQN compare-and-set for {} lost a race (409)",
                                  log::redact_identity(ue_id));
            reply(sbi::problem_response(409, "", "sequenceNumber/sqn has changed"));
            return;
          }
          reply(http2::response{204, {}, {}});
        });

  const auto provisioned = [&db, &r, &base](std::string_view leaf, auto render) {
    r.add("GET", base + "/{servingPlmnId}/provisioned-data/" + std::string(leaf),
          [&db, render](const http2::request&, const sbi::route_match& m, reply_fn reply) {
            if (!is_serving_plmn_id(m.param("servingPlmnId"))) {
              reply(sbi::problem_response(
                  sbi::sbi_error{400,
                                 std::string(sbi::cause::invalid_api),
                                 "servingPlmnId: must be MCC MNC digits",
                                 {{"servingPlmnId", "must be 5 or 6 digits"}}}));
              return;
            }
            auto found = find_subscriber(db, m.param("ueId"));
            if (found.error) {
              reply(std::move(*found.error));
              return;
            }
            reply(sbi::json_response(200, sbi::to_text(render(*found.subscriber))));
          });
  };
  provisioned("am-data", [](const store::subscriber& s) { return sbi::to_json(to_am_data(s)); });
  provisioned("smf-selection-subscription-data",
              [](const store::subscriber& s) { return sbi::to_json(to_smf_selection_data(s)); });
  provisioned("sm-data", [](const store::subscriber& s) { return sbi::to_json(to_sm_data(s)); });

  const std::string context = base + "/context-data/amf-3gpp-access";
  r.add("PUT", context,
        [this, &db](const http2::request& req, const sbi::route_match& m, reply_fn reply) {
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
          auto found = find_subscriber(db, m.param("ueId"));
          if (found.error) {
            reply(std::move(*found.error));
            return;
          }
          auto [it, created] =
              amf_registrations_.insert_or_assign(found.subscriber->imsi, std::move(*registration));
          if (created) {
            reply(sbi::json_response(201, sbi::to_text(sbi::to_json(it->second))));
          } else {
            reply(http2::response{204, {}, {}});
          }
        });
  r.add("GET", context, [this](const http2::request&, const sbi::route_match& m, reply_fn reply) {
    auto imsi = imsi_of(m.param("ueId"));
    const auto* reg = imsi ? amf_registration(*imsi) : nullptr;
    if (reg == nullptr) {
      reply(sbi::problem_response(404, cause::data_not_found, "no AMF registration"));
      return;
    }
    reply(sbi::json_response(200, sbi::to_text(sbi::to_json(*reg))));
  });
  r.add("DELETE", context,
        [this](const http2::request&, const sbi::route_match& m, reply_fn reply) {
          auto imsi = imsi_of(m.param("ueId"));
          if (!imsi || amf_registrations_.erase(*imsi) == 0) {
            reply(sbi::problem_response(404, cause::data_not_found, "no AMF registration"));
            return;
          }
          reply(http2::response{204, {}, {}});
        });
}

const sbi::amf_3gpp_access_registration* udr_service::amf_registration(
    const std::string& imsi) const {
  auto it = amf_registrations_.find(imsi);
  return it == amf_registrations_.end() ? nullptr : &it->second;
}

}  // namespace glasscore::udr
