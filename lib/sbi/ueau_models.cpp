// Nudm_UEAU models (TS 29.503 §6.3.6), strict decoding and encoding.
#include "glasscore/sbi/ueau_models.h"

#include <algorithm>
#include <array>

#include "home_json_util.h"

namespace glasscore::sbi {

namespace {

constexpr std::array<std::pair<auth_type, std::string_view>, 5> auth_type_names{{
    {auth_type::five_g_aka, "5G_AKA"},
    {auth_type::eap_aka_prime, "EAP_AKA_PRIME"},
    {auth_type::eap_tls, "EAP_TLS"},
    {auth_type::none, "NONE"},
    {auth_type::eap_ttls, "EAP_TTLS"},
}};

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(auth_type t) {
  for (const auto& [v, name] : auth_type_names) {
    if (v == t) {
      return name;
    }
  }
  return "NONE";
}

std::optional<auth_type> parse_auth_type(std::string_view s) {
  for (const auto& [v, name] : auth_type_names) {
    if (name == s) {
      return v;
    }
  }
  return std::nullopt;
}

bool is_serving_network_name(std::string_view s) {
  if (s == "5G:NSWO") {
    return true;
  }
  // 5G:mncXXX.mccXXX.3gppnetwork.org[:NID]
  constexpr std::string_view head = "5G:mnc";
  constexpr std::string_view tail = ".3gppnetwork.org";
  if (!s.starts_with(head) || s.size() < head.size() + 3 + 4 + 3 + tail.size()) {
    return false;
  }
  s.remove_prefix(head.size());
  if (!all_digits(s.substr(0, 3)) || s.substr(3, 4) != ".mcc" || !all_digits(s.substr(7, 3))) {
    return false;
  }
  s.remove_prefix(10);
  if (!s.starts_with(tail)) {
    return false;
  }
  s.remove_prefix(tail.size());
  if (s.empty()) {
    return true;
  }
  return s.size() == 12 && s[0] == ':' && std::all_of(s.begin() + 1, s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
         });
}

bool is_imsi_supi(std::string_view s) {
  return s.starts_with("imsi-") && s.size() >= 5 + 5 && s.size() <= 5 + 15 &&
         all_digits(s.substr(5));
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, auth_type& out) {
  read_enum(r, j, p, out, parse_auth_type);
}

void read(reader& r, const json& j, const std::string& p, resynchronization_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "rand", out.rand);
  req(r, j, p, "auts", out.auts);
}

void read(reader& r, const json& j, const std::string& p, authentication_info_request& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "servingNetworkName", out.serving_network_name);
  if (!r.failed() && !is_serving_network_name(out.serving_network_name)) {
    r.incorrect(child(p, "servingNetworkName"), "not a serving network name (TS 24.501 §9.12.1)");
  }
  opt(r, j, p, "resynchronizationInfo", out.resynchronization_info);
  req(r, j, p, "ausfInstanceId", out.ausf_instance_id);
  if (!r.failed() && !is_uuid(out.ausf_instance_id)) {
    r.incorrect(child(p, "ausfInstanceId"), "must be a UUID");
  }
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, av_5g_he_aka& out) {
  if (!r.object(j, p)) {
    return;
  }
  std::string av_type;
  req(r, j, p, "avType", av_type);
  if (!r.failed() && av_type != "5G_HE_AKA") {
    r.incorrect(child(p, "avType"), "unsupported value '" + av_type + "'");
  }
  req(r, j, p, "rand", out.rand);
  req(r, j, p, "xresStar", out.xres_star);
  req(r, j, p, "autn", out.autn);
  req(r, j, p, "kausf", out.kausf);
}

void read(reader& r, const json& j, const std::string& p, authentication_info_result& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "authType", out.type);
  opt(r, j, p, "authenticationVector", out.authentication_vector);
  opt(r, j, p, "supi", out.supi);
  if (!r.failed() && out.supi && !is_imsi_supi(*out.supi)) {
    r.incorrect(child(p, "supi"), "must be imsi- followed by 5 to 15 digits");
  }
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

}  // namespace detail

expected<resynchronization_info, decode_error> decode_resynchronization_info(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<resynchronization_info>(j, pointer);
}
expected<authentication_info_request, decode_error> decode_authentication_info_request(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<authentication_info_request>(j, pointer);
}
expected<authentication_info_result, decode_error> decode_authentication_info_result(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<authentication_info_result>(j, pointer);
}

nlohmann::json to_json(const resynchronization_info& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "rand", v.rand);
  detail::put(o, "auts", v.auts);
  return o;
}

nlohmann::json to_json(const authentication_info_request& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "servingNetworkName", v.serving_network_name);
  detail::put(o, "resynchronizationInfo", v.resynchronization_info);
  detail::put(o, "ausfInstanceId", v.ausf_instance_id);
  detail::put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const av_5g_he_aka& v) {
  nlohmann::json o = nlohmann::json::object();
  o["avType"] = "5G_HE_AKA";
  detail::put(o, "rand", v.rand);
  detail::put(o, "xresStar", v.xres_star);
  detail::put(o, "autn", v.autn);
  detail::put(o, "kausf", v.kausf);
  return o;
}

nlohmann::json to_json(const authentication_info_result& v) {
  nlohmann::json o = nlohmann::json::object();
  o["authType"] = std::string(to_string(v.type));
  detail::put(o, "authenticationVector", v.authentication_vector);
  detail::put(o, "supi", v.supi);
  detail::put(o, "supportedFeatures", v.supported_features);
  return o;
}

}  // namespace glasscore::sbi
