// Nausf_UEAuthentication models (TS 29.509 §6.1.6), strict decoding and encoding.
#include "glasscore/sbi/ausf_models.h"

#include <algorithm>

#include "home_json_util.h"

namespace glasscore::sbi {

bool is_supi_or_suci(std::string_view s) {
  // TS 29.571 SupiOrSuci: imsi-/nai-/gci-/gli- SUPIs or suci-<fields separated by '-'>.
  if (!s.starts_with("imsi-") && !s.starts_with("suci-") && !s.starts_with("nai-")) {
    return false;
  }
  // The characters of IMSI/SUCI fields and of NAIs (RFC 7542: user@realm, dot-separated
  // labels); nothing that could change the meaning of a URI path it is put into.
  return s.size() <= 3000 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '-' || c == '.' || c == '@' || c == '_';
         });
}

std::string_view to_string(auth_result r) {
  switch (r) {
    case auth_result::success:
      return "AUTHENTICATION_SUCCESS";
    case auth_result::failure:
      return "AUTHENTICATION_FAILURE";
    case auth_result::ongoing:
      return "AUTHENTICATION_ONGOING";
  }
  return "AUTHENTICATION_FAILURE";
}

std::optional<auth_result> parse_auth_result(std::string_view s) {
  for (auto r : {auth_result::success, auth_result::failure, auth_result::ongoing}) {
    if (to_string(r) == s) {
      return r;
    }
  }
  return std::nullopt;
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, auth_type& out);  // ueau_models.cpp
void read(reader& r, const json& j, const std::string& p, resynchronization_info& out);

void read(reader& r, const json& j, const std::string& p, auth_result& out) {
  read_enum(r, j, p, out, parse_auth_result);
}

void read(reader& r, const json& j, const std::string& p, authentication_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "supiOrSuci", out.supi_or_suci);
  if (!r.failed() && !is_supi_or_suci(out.supi_or_suci)) {
    r.incorrect(child(p, "supiOrSuci"), "not a SUPI or SUCI");
  }
  req(r, j, p, "servingNetworkName", out.serving_network_name);
  if (!r.failed() && !is_serving_network_name(out.serving_network_name)) {
    r.incorrect(child(p, "servingNetworkName"), "not a serving network name (TS 24.501 §9.12.1)");
  }
  opt(r, j, p, "resynchronizationInfo", out.resynchronization_info);
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, av_5g_aka& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "rand", out.rand);
  req(r, j, p, "hxresStar", out.hxres_star);
  req(r, j, p, "autn", out.autn);
}

void read(reader& r, const json& j, const std::string& p, ue_authentication_ctx& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "authType", out.type);
  req(r, j, p, "5gAuthData", out.auth_data);
  if (r.failed()) {
    return;
  }
  auto links = j.find("_links");
  if (links == j.end()) {
    r.fail(decode_error_kind::missing, child(p, "_links"), "missing");
    return;
  }
  const auto lp = child(p, "_links");
  if (!r.object(*links, lp)) {
    return;
  }
  for (auto it = links->begin(); it != links->end() && !r.failed(); ++it) {
    const auto ep = child(lp, it.key());
    if (!r.object(it.value(), ep)) {
      return;
    }
    std::string href;
    req(r, it.value(), ep, "href", href);
    out.links.emplace(it.key(), std::move(href));
  }
  opt(r, j, p, "servingNetworkName", out.serving_network_name);
}

void read(reader& r, const json& j, const std::string& p, confirmation_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  auto it = j.find("resStar");
  if (it == j.end()) {
    r.fail(decode_error_kind::missing, child(p, "resStar"), "missing");
    return;
  }
  opt(r, j, p, "resStar", out.res_star);  // null stays nullopt (nullable: true)
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, confirmation_data_response& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "authResult", out.result);
  opt(r, j, p, "supi", out.supi);
  opt(r, j, p, "kseaf", out.kseaf);
}

}  // namespace detail

expected<authentication_info, decode_error> decode_authentication_info(const nlohmann::json& j,
                                                                       const std::string& pointer) {
  return detail::decode_with<authentication_info>(j, pointer);
}
expected<ue_authentication_ctx, decode_error> decode_ue_authentication_ctx(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<ue_authentication_ctx>(j, pointer);
}
expected<confirmation_data, decode_error> decode_confirmation_data(const nlohmann::json& j,
                                                                   const std::string& pointer) {
  return detail::decode_with<confirmation_data>(j, pointer);
}
expected<confirmation_data_response, decode_error> decode_confirmation_data_response(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<confirmation_data_response>(j, pointer);
}

nlohmann::json to_json(const authentication_info& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "supiOrSuci", v.supi_or_suci);
  detail::put(o, "servingNetworkName", v.serving_network_name);
  detail::put(o, "resynchronizationInfo", v.resynchronization_info);
  detail::put(o, "pei", v.pei);
  detail::put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const av_5g_aka& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "rand", v.rand);
  detail::put(o, "hxresStar", v.hxres_star);
  detail::put(o, "autn", v.autn);
  return o;
}

nlohmann::json to_json(const ue_authentication_ctx& v) {
  nlohmann::json o = nlohmann::json::object();
  o["authType"] = std::string(to_string(v.type));
  o["5gAuthData"] = to_json(v.auth_data);
  nlohmann::json links = nlohmann::json::object();
  for (const auto& [rel, href] : v.links) {
    links[rel] = nlohmann::json{{"href", href}};
  }
  o["_links"] = std::move(links);
  detail::put(o, "servingNetworkName", v.serving_network_name);
  return o;
}

nlohmann::json to_json(const confirmation_data& v) {
  nlohmann::json o = nlohmann::json::object();
  if (v.res_star) {
    detail::put(o, "resStar", *v.res_star);
  } else {
    o["resStar"] = nullptr;
  }
  detail::put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const confirmation_data_response& v) {
  nlohmann::json o = nlohmann::json::object();
  o["authResult"] = std::string(to_string(v.result));
  detail::put(o, "supi", v.supi);
  detail::put(o, "kseaf", v.kseaf);
  return o;
}

}  // namespace glasscore::sbi
