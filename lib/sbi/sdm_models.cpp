// Nudm_SDM models (TS 29.503 §6.1.6), strict decoding and encoding.
#include "glasscore/sbi/sdm_models.h"

#include <algorithm>
#include <array>

#include "home_json_util.h"

namespace glasscore::sbi {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> values) {
  return std::find(values.begin(), values.end(), s) != values.end();
}

}  // namespace

bool is_bit_rate(std::string_view s) {
  const auto space = s.find(' ');
  if (space == std::string_view::npos) {
    return false;
  }
  auto number = s.substr(0, space);
  const auto unit = s.substr(space + 1);
  if (!one_of(unit, {"bps", "Kbps", "Mbps", "Gbps", "Tbps"})) {
    return false;
  }
  const auto dot = number.find('.');
  if (dot == std::string_view::npos) {
    return all_digits(number);
  }
  return all_digits(number.substr(0, dot)) && all_digits(number.substr(dot + 1));
}

std::string bit_rate_from_kbps(std::uint64_t kbps) {
  constexpr std::array<std::string_view, 4> units{"Kbps", "Mbps", "Gbps", "Tbps"};
  std::size_t unit = 0;
  while (unit + 1 < units.size() && kbps != 0 && kbps % 1000 == 0) {
    kbps /= 1000;
    ++unit;
  }
  return std::to_string(kbps) + " " + std::string(units[unit]);
}

std::string snssai_key(const snssai& s) {
  return s.sd ? std::to_string(s.sst) + "-" + *s.sd : std::to_string(s.sst);
}

std::optional<snssai> snssai_from_key(std::string_view key) {
  const auto dash = key.find('-');
  const auto sst = key.substr(0, dash);
  if (!all_digits(sst) || sst.size() > 3 || std::stoi(std::string(sst)) > 255) {
    return std::nullopt;
  }
  snssai out;
  out.sst = static_cast<std::uint8_t>(std::stoi(std::string(sst)));
  if (dash != std::string_view::npos) {
    const auto sd = key.substr(dash + 1);
    if (!is_hex(sd, 6, 6)) {
      return std::nullopt;
    }
    out.sd = detail::lower(std::string(sd));
  }
  return out;
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, ambr& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "uplink", out.uplink);
  if (!r.failed() && !is_bit_rate(out.uplink)) {
    r.incorrect(child(p, "uplink"), "not a BitRate (TS 29.571 §5.5.2)");
  }
  req(r, j, p, "downlink", out.downlink);
  if (!r.failed() && !is_bit_rate(out.downlink)) {
    r.incorrect(child(p, "downlink"), "not a BitRate (TS 29.571 §5.5.2)");
  }
}

void read(reader& r, const json& j, const std::string& p, nssai& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "defaultSingleNssais", out.default_single_nssais);
  if (!r.failed() && out.default_single_nssais.empty()) {
    r.incorrect(child(p, "defaultSingleNssais"), "must have at least one item");
  }
  opt(r, j, p, "singleNssais", out.single_nssais);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p,
          access_and_mobility_subscription_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "gpsis", out.gpsis);
  for (std::size_t i = 0; i < out.gpsis.size() && !r.failed(); ++i) {
    const auto& g = out.gpsis[i];
    if (!(g.starts_with("msisdn-") && all_digits(std::string_view(g).substr(7))) &&
        !g.starts_with("extid-")) {
      r.incorrect(child(child(p, "gpsis"), i), "not a GPSI (TS 29.571 §5.3.2)");
    }
  }
  opt(r, j, p, "subscribedUeAmbr", out.subscribed_ue_ambr);
  opt(r, j, p, "nssai", out.nssai);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, dnn_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "dnn", out.dnn);
  opt(r, j, p, "defaultDnnIndicator", out.default_dnn_indicator);
}

void read(reader& r, const json& j, const std::string& p, snssai_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "dnnInfos", out.dnn_infos);
  if (!r.failed() && out.dnn_infos.empty()) {
    r.incorrect(child(p, "dnnInfos"), "must have at least one item");
  }
}

void read(reader& r, const json& j, const std::string& p, smf_selection_subscription_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "supportedFeatures", out.supported_features);
  auto it = j.find("subscribedSnssaiInfos");
  if (it != j.end() && !it->is_null()) {
    read(r, *it, child(p, "subscribedSnssaiInfos"), out.subscribed_snssai_infos);
  }
}

void read(reader& r, const json& j, const std::string& p, pdu_session_types& out) {
  if (!r.object(j, p)) {
    return;
  }
  const auto valid = [](std::string_view s) {
    return one_of(s, {"IPV4", "IPV6", "IPV4V6", "UNSTRUCTURED", "ETHERNET"});
  };
  req(r, j, p, "defaultSessionType", out.default_session_type);
  if (!r.failed() && !valid(out.default_session_type)) {
    r.incorrect(child(p, "defaultSessionType"), "unknown value");
  }
  opt(r, j, p, "allowedSessionTypes", out.allowed_session_types);
  for (std::size_t i = 0; i < out.allowed_session_types.size() && !r.failed(); ++i) {
    if (!valid(out.allowed_session_types[i])) {
      r.incorrect(child(child(p, "allowedSessionTypes"), i), "unknown value");
    }
  }
}

void read(reader& r, const json& j, const std::string& p, ssc_modes& out) {
  if (!r.object(j, p)) {
    return;
  }
  const auto valid = [](std::string_view s) {
    return one_of(s, {"SSC_MODE_1", "SSC_MODE_2", "SSC_MODE_3"});
  };
  req(r, j, p, "defaultSscMode", out.default_ssc_mode);
  if (!r.failed() && !valid(out.default_ssc_mode)) {
    r.incorrect(child(p, "defaultSscMode"), "unknown value");
  }
  opt(r, j, p, "allowedSscModes", out.allowed_ssc_modes);
  for (std::size_t i = 0; i < out.allowed_ssc_modes.size() && !r.failed(); ++i) {
    if (!valid(out.allowed_ssc_modes[i])) {
      r.incorrect(child(child(p, "allowedSscModes"), i), "unknown value");
    }
  }
}

void read(reader& r, const json& j, const std::string& p, arp& out) {
  if (!r.object(j, p)) {
    return;
  }
  std::int64_t level = 0;
  auto it = j.find("priorityLevel");
  if (it == j.end()) {
    r.fail(decode_error_kind::missing, child(p, "priorityLevel"), "missing");
    return;
  }
  if (read_integer(r, *it, child(p, "priorityLevel"), 1, 15, level)) {
    out.priority_level = static_cast<int>(level);
  }
  req(r, j, p, "preemptCap", out.preempt_cap);
  if (!r.failed() && !one_of(out.preempt_cap, {"NOT_PREEMPT", "MAY_PREEMPT"})) {
    r.incorrect(child(p, "preemptCap"), "unknown value");
  }
  req(r, j, p, "preemptVuln", out.preempt_vuln);
  if (!r.failed() && !one_of(out.preempt_vuln, {"NOT_PREEMPTABLE", "PREEMPTABLE"})) {
    r.incorrect(child(p, "preemptVuln"), "unknown value");
  }
}

void read(reader& r, const json& j, const std::string& p, subscribed_default_qos& out) {
  if (!r.object(j, p)) {
    return;
  }
  std::int64_t v = 0;
  auto it = j.find("5qi");
  if (it == j.end()) {
    r.fail(decode_error_kind::missing, child(p, "5qi"), "missing");
    return;
  }
  if (read_integer(r, *it, child(p, "5qi"), 0, 255, v)) {
    out.five_qi = static_cast<int>(v);
  }
  req(r, j, p, "arp", out.arp);
  it = j.find("priorityLevel");
  if (!r.failed() && it != j.end() && read_integer(r, *it, child(p, "priorityLevel"), 1, 127, v)) {
    out.priority_level = static_cast<int>(v);
  }
}

void read(reader& r, const json& j, const std::string& p, dnn_configuration& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "pduSessionTypes", out.pdu_session_types);
  req(r, j, p, "sscModes", out.ssc_modes);
  opt(r, j, p, "5gQosProfile", out.five_g_qos_profile);
  opt(r, j, p, "sessionAmbr", out.session_ambr);
}

void read(reader& r, const json& j, const std::string& p,
          session_management_subscription_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "singleNssai", out.single_nssai);
  auto it = j.find("dnnConfigurations");
  if (!r.failed() && it != j.end() && !it->is_null()) {
    read(r, *it, child(p, "dnnConfigurations"), out.dnn_configurations);
  }
}

}  // namespace detail

expected<access_and_mobility_subscription_data, decode_error>
decode_access_and_mobility_subscription_data(const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<access_and_mobility_subscription_data>(j, pointer);
}
expected<nssai, decode_error> decode_nssai(const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<nssai>(j, pointer);
}
expected<smf_selection_subscription_data, decode_error> decode_smf_selection_subscription_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<smf_selection_subscription_data>(j, pointer);
}
expected<std::vector<session_management_subscription_data>, decode_error> decode_sm_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<std::vector<session_management_subscription_data>>(j, pointer);
}

nlohmann::json to_json(const ambr& v) {
  return nlohmann::json{{"uplink", v.uplink}, {"downlink", v.downlink}};
}

nlohmann::json to_json(const nssai& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "supportedFeatures", v.supported_features);
  o["defaultSingleNssais"] = detail::value(v.default_single_nssais);
  detail::put(o, "singleNssais", v.single_nssais);
  return o;
}

nlohmann::json to_json(const access_and_mobility_subscription_data& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "supportedFeatures", v.supported_features);
  detail::put(o, "gpsis", v.gpsis);
  detail::put(o, "subscribedUeAmbr", v.subscribed_ue_ambr);
  detail::put(o, "nssai", v.nssai);
  return o;
}

nlohmann::json to_json(const dnn_info& v) {
  nlohmann::json o{{"dnn", v.dnn}};
  detail::put(o, "defaultDnnIndicator", v.default_dnn_indicator);
  return o;
}

nlohmann::json to_json(const snssai_info& v) {
  return nlohmann::json{{"dnnInfos", detail::value(v.dnn_infos)}};
}

nlohmann::json to_json(const smf_selection_subscription_data& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "supportedFeatures", v.supported_features);
  detail::put(o, "subscribedSnssaiInfos", v.subscribed_snssai_infos);
  return o;
}

nlohmann::json to_json(const arp& v) {
  return nlohmann::json{{"priorityLevel", v.priority_level},
                        {"preemptCap", v.preempt_cap},
                        {"preemptVuln", v.preempt_vuln}};
}

nlohmann::json to_json(const subscribed_default_qos& v) {
  nlohmann::json o{{"5qi", v.five_qi}, {"arp", to_json(v.arp)}};
  detail::put(o, "priorityLevel", v.priority_level);
  return o;
}

nlohmann::json to_json(const dnn_configuration& v) {
  nlohmann::json types{{"defaultSessionType", v.pdu_session_types.default_session_type}};
  detail::put(types, "allowedSessionTypes", v.pdu_session_types.allowed_session_types);
  nlohmann::json modes{{"defaultSscMode", v.ssc_modes.default_ssc_mode}};
  detail::put(modes, "allowedSscModes", v.ssc_modes.allowed_ssc_modes);
  nlohmann::json o{{"pduSessionTypes", std::move(types)}, {"sscModes", std::move(modes)}};
  detail::put(o, "5gQosProfile", v.five_g_qos_profile);
  detail::put(o, "sessionAmbr", v.session_ambr);
  return o;
}

nlohmann::json to_json(const session_management_subscription_data& v) {
  nlohmann::json o{{"singleNssai", to_json(v.single_nssai)}};
  detail::put(o, "dnnConfigurations", v.dnn_configurations);
  return o;
}

nlohmann::json to_json(const std::vector<session_management_subscription_data>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : v) {
    a.push_back(to_json(x));
  }
  return a;
}

}  // namespace glasscore::sbi
