// TS 29.510 NFManagement / NFDiscovery data types: validating JSON decoders and encoders.
#include "glasscore/sbi/nrf_models.h"

#include <set>

#include "json_util.h"

namespace glasscore::sbi {

namespace {

using detail::json;

constexpr std::string_view event_names[] = {"NF_REGISTERED", "NF_DEREGISTERED",
                                            "NF_PROFILE_CHANGED"};

}  // namespace

std::string_view to_string(uri_scheme s) {
  return s == uri_scheme::https ? "https" : "http";
}

std::string_view to_string(notification_event e) {
  const auto i = static_cast<std::size_t>(e);
  return i < std::size(event_names) ? event_names[i] : std::string_view("?");
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, uri_scheme& out) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  if (s == "http") {
    out = uri_scheme::http;
  } else if (s == "https") {
    out = uri_scheme::https;
  } else {
    r.incorrect(p, "unknown value '" + s + "'");
  }
}

void read(reader& r, const json& j, const std::string& p, notification_event& out) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  for (std::size_t i = 0; i < std::size(event_names); ++i) {
    if (event_names[i] == s) {
      out = static_cast<notification_event>(i);
      return;
    }
  }
  r.incorrect(p, "unknown value '" + s + "'");
}

void read(reader& r, const json& j, const std::string& p, ip_end_point& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "ipv4Address", out.ipv4_address);
  opt(r, j, p, "ipv6Address", out.ipv6_address);
  opt(r, j, p, "transport", out.transport);
  opt(r, j, p, "port", out.port);
  if (!r.failed() && out.ipv4_address && !is_ipv4(*out.ipv4_address)) {
    r.incorrect(child(p, "ipv4Address"), "not an IPv4 address");
  }
  if (!r.failed() && out.ipv6_address && !is_ipv6(*out.ipv6_address)) {
    r.incorrect(child(p, "ipv6Address"), "not an IPv6 address");
  }
}

void read(reader& r, const json& j, const std::string& p, nf_service_version& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "apiVersionInUri", out.api_version_in_uri);
  req(r, j, p, "apiFullVersion", out.api_full_version);
  opt(r, j, p, "expiry", out.expiry);
}

void read_load(reader& r, const json& j, const std::string& p, std::optional<std::uint8_t>& out) {
  auto it = j.find("load");
  if (r.failed() || it == j.end() || it->is_null()) {
    return;
  }
  std::int64_t v = 0;
  if (read_integer(r, *it, child(p, "load"), 0, 100, v)) {
    out = static_cast<std::uint8_t>(v);
  }
}

void read(reader& r, const json& j, const std::string& p, nf_service& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "serviceInstanceId", out.service_instance_id);
  req(r, j, p, "serviceName", out.service_name);
  req(r, j, p, "versions", out.versions);
  req(r, j, p, "scheme", out.scheme);
  req(r, j, p, "nfServiceStatus", out.nf_service_status);
  opt(r, j, p, "fqdn", out.fqdn);
  opt(r, j, p, "ipEndPoints", out.ip_end_points);
  opt(r, j, p, "apiPrefix", out.api_prefix);
  opt(r, j, p, "allowedNfTypes", out.allowed_nf_types);
  opt(r, j, p, "priority", out.priority);
  opt(r, j, p, "capacity", out.capacity);
  read_load(r, j, p, out.load);
  opt(r, j, p, "supportedFeatures", out.supported_features);
  if (!r.failed() && out.versions.empty()) {
    r.incorrect(child(p, "versions"), "must not be empty");
  }
}

void read(reader& r, const json& j, const std::string& p, amf_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "amfSetId", out.amf_set_id);
  req(r, j, p, "amfRegionId", out.amf_region_id);
  req(r, j, p, "guamiList", out.guami_list);
  opt(r, j, p, "taiList", out.tai_list);
  if (r.failed()) {
    return;
  }
  // AmfSetId `^[0-3][A-Fa-f0-9]{2}$`, AmfRegionId `^[A-Fa-f0-9]{2}$` (TS 29.571 §5.4.2).
  if (!is_hex(out.amf_set_id, 3, 3) || out.amf_set_id[0] < '0' || out.amf_set_id[0] > '3') {
    r.incorrect(child(p, "amfSetId"), "must match ^[0-3][A-Fa-f0-9]{2}$");
  } else if (!is_hex(out.amf_region_id, 2, 2)) {
    r.incorrect(child(p, "amfRegionId"), "must be 2 hex digits");
  } else if (out.guami_list.empty()) {
    r.incorrect(child(p, "guamiList"), "must not be empty");
  }
}

void read(reader& r, const json& j, const std::string& p, dnn_smf_info_item& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "dnn", out.dnn);
  if (!r.failed() && out.dnn.empty()) {
    r.incorrect(child(p, "dnn"), "must not be empty");
  }
}

void read(reader& r, const json& j, const std::string& p, snssai_smf_info_item& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "sNssai", out.s_nssai);
  req(r, j, p, "dnnSmfInfoList", out.dnn_smf_info_list);
  if (!r.failed() && out.dnn_smf_info_list.empty()) {
    r.incorrect(child(p, "dnnSmfInfoList"), "must not be empty");
  }
}

void read(reader& r, const json& j, const std::string& p, smf_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "sNssaiSmfInfoList", out.s_nssai_smf_info_list);
  opt(r, j, p, "taiList", out.tai_list);
  opt(r, j, p, "priority", out.priority);
  if (!r.failed() && out.s_nssai_smf_info_list.empty()) {
    r.incorrect(child(p, "sNssaiSmfInfoList"), "must not be empty");
  }
}

void read(reader& r, const json& j, const std::string& p, supi_range& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "start", out.start);
  opt(r, j, p, "end", out.end);
  opt(r, j, p, "pattern", out.pattern);
}

void read(reader& r, const json& j, const std::string& p, ausf_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "groupId", out.group_id);
  opt(r, j, p, "supiRanges", out.supi_ranges);
  opt(r, j, p, "routingIndicators", out.routing_indicators);
}

void read(reader& r, const json& j, const std::string& p, udm_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "groupId", out.group_id);
  opt(r, j, p, "supiRanges", out.supi_ranges);
  opt(r, j, p, "routingIndicators", out.routing_indicators);
}

void read(reader& r, const json& j, const std::string& p, udr_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "groupId", out.group_id);
  opt(r, j, p, "supiRanges", out.supi_ranges);
  opt(r, j, p, "supportedDataSets", out.supported_data_sets);
}

void read_services(reader& r, const json& j, const std::string& p, nf_profile& out) {
  // nfServiceList (map serviceInstanceId -> NFService) wins over the deprecated nfServices.
  auto list = j.find("nfServiceList");
  if (list != j.end() && !list->is_null()) {
    const auto lp = child(p, "nfServiceList");
    if (!r.object(*list, lp)) {
      return;
    }
    for (auto it = list->begin(); it != list->end() && !r.failed(); ++it) {
      nf_service s;
      const auto sp = child(lp, it.key());
      read(r, it.value(), sp, s);
      if (!r.failed() && s.service_instance_id != it.key()) {
        r.incorrect(child(sp, "serviceInstanceId"), "does not match its map key");
      }
      out.nf_services.push_back(std::move(s));
    }
    return;
  }
  opt(r, j, p, "nfServices", out.nf_services);
}

void read(reader& r, const json& j, const std::string& p, nf_profile& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "nfInstanceId", out.nf_instance_id);
  if (!r.failed() && !is_uuid(out.nf_instance_id)) {
    r.incorrect(child(p, "nfInstanceId"), "not a UUID");
  }
  opt(r, j, p, "nfInstanceName", out.nf_instance_name);
  req(r, j, p, "nfType", out.type);
  req(r, j, p, "nfStatus", out.status);
  opt(r, j, p, "heartBeatTimer", out.heart_beat_timer);
  if (!r.failed() && out.heart_beat_timer && *out.heart_beat_timer < 1) {
    r.incorrect(child(p, "heartBeatTimer"), "must be at least 1");
  }
  opt(r, j, p, "plmnList", out.plmn_list);
  opt(r, j, p, "sNssais", out.s_nssais);
  opt(r, j, p, "fqdn", out.fqdn);
  opt(r, j, p, "ipv4Addresses", out.ipv4_addresses);
  opt(r, j, p, "ipv6Addresses", out.ipv6_addresses);
  opt(r, j, p, "priority", out.priority);
  opt(r, j, p, "capacity", out.capacity);
  read_load(r, j, p, out.load);
  opt(r, j, p, "allowedNfTypes", out.allowed_nf_types);
  read_services(r, j, p, out);
  opt(r, j, p, "amfInfo", out.amf);
  opt(r, j, p, "smfInfo", out.smf);
  opt(r, j, p, "ausfInfo", out.ausf);
  opt(r, j, p, "udmInfo", out.udm);
  opt(r, j, p, "udrInfo", out.udr);
  opt(r, j, p, "nfProfileChangesSupportInd", out.nf_profile_changes_support_ind);
  opt(r, j, p, "nfProfileChangesInd", out.nf_profile_changes_ind);
  if (r.failed()) {
    return;
  }
  // serviceInstanceId is unique within the profile (§6.1.6.2.3; the nfServiceList key).
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < out.nf_services.size(); ++i) {
    if (!seen.insert(out.nf_services[i].service_instance_id).second) {
      r.incorrect(child(child(child(p, "nfServices"), i), "serviceInstanceId"), "duplicate");
      return;
    }
  }
  for (std::size_t i = 0; i < out.ipv4_addresses.size(); ++i) {
    if (!is_ipv4(out.ipv4_addresses[i])) {
      r.incorrect(child(child(p, "ipv4Addresses"), i), "not an IPv4 address");
      return;
    }
  }
  for (std::size_t i = 0; i < out.ipv6_addresses.size(); ++i) {
    if (!is_ipv6(out.ipv6_addresses[i])) {
      r.incorrect(child(child(p, "ipv6Addresses"), i), "not an IPv6 address");
      return;
    }
  }
  // anyOf required: fqdn, ipv4Addresses, ipv6Addresses (§6.1.6.2.2).
  if (!out.fqdn && out.ipv4_addresses.empty() && out.ipv6_addresses.empty()) {
    r.fail(decode_error_kind::missing, child(p, "fqdn"),
           "one of fqdn, ipv4Addresses, ipv6Addresses is required");
  }
}

void read(reader& r, const json& j, const std::string& p, subscr_cond& out) {
  if (!r.object(j, p)) {
    return;
  }
  if (j.contains("nfInstanceId")) {
    nf_instance_id_cond c;
    req(r, j, p, "nfInstanceId", c.nf_instance_id);
    if (!r.failed() && !is_uuid(c.nf_instance_id)) {
      r.incorrect(child(p, "nfInstanceId"), "not a UUID");
    }
    out = std::move(c);
  } else if (j.contains("nfType")) {
    nf_type_cond c;
    req(r, j, p, "nfType", c.type);
    out = c;
  } else if (j.contains("serviceName")) {
    service_name_cond c;
    req(r, j, p, "serviceName", c.service_name);
    out = std::move(c);
  } else {
    r.incorrect(p, "unsupported condition (supported: nfInstanceId, nfType, serviceName)");
  }
}

void read(reader& r, const json& j, const std::string& p, subscription_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "nfStatusNotificationUri", out.nf_status_notification_uri);
  opt(r, j, p, "reqNfInstanceId", out.req_nf_instance_id);
  if (!r.failed() && out.req_nf_instance_id && !is_uuid(*out.req_nf_instance_id)) {
    r.incorrect(child(p, "reqNfInstanceId"), "not a UUID");
  }
  opt(r, j, p, "subscrCond", out.cond);
  opt(r, j, p, "subscriptionId", out.subscription_id);
  opt(r, j, p, "validityTime", out.validity_time);
  opt(r, j, p, "reqNotifEvents", out.req_notif_events);
  opt(r, j, p, "reqNfType", out.req_nf_type);
  opt(r, j, p, "requesterFeatures", out.requester_features);
  opt(r, j, p, "nrfSupportedFeatures", out.nrf_supported_features);
}

void read(reader& r, const json& j, const std::string& p, notification_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "event", out.event);
  req(r, j, p, "nfInstanceUri", out.nf_instance_uri);
  opt(r, j, p, "nfProfile", out.profile);
  if (!r.failed() && out.event == notification_event::nf_registered && !out.profile) {
    r.fail(decode_error_kind::missing, child(p, "nfProfile"), "required for NF_REGISTERED");
  }
}

void read(reader& r, const json& j, const std::string& p, search_result& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "validityPeriod", out.validity_period);
  req(r, j, p, "nfInstances", out.nf_instances);
  opt(r, j, p, "searchId", out.search_id);
  opt(r, j, p, "numNfInstComplete", out.num_nf_inst_complete);
  opt(r, j, p, "nrfSupportedFeatures", out.nrf_supported_features);
}

}  // namespace detail

using detail::put;

json to_json(const ip_end_point& v) {
  json j = json::object();
  put(j, "ipv4Address", v.ipv4_address);
  put(j, "ipv6Address", v.ipv6_address);
  put(j, "transport", v.transport);
  put(j, "port", v.port);
  return j;
}

json to_json(const nf_service_version& v) {
  json j = json::object();
  put(j, "apiVersionInUri", v.api_version_in_uri);
  put(j, "apiFullVersion", v.api_full_version);
  put(j, "expiry", v.expiry);
  return j;
}

json to_json(const nf_service& v) {
  json j = json::object();
  put(j, "serviceInstanceId", v.service_instance_id);
  put(j, "serviceName", v.service_name);
  put(j, "versions", v.versions);
  j["scheme"] = std::string(to_string(v.scheme));
  put(j, "nfServiceStatus", v.nf_service_status);
  put(j, "fqdn", v.fqdn);
  put(j, "ipEndPoints", v.ip_end_points);
  put(j, "apiPrefix", v.api_prefix);
  put(j, "allowedNfTypes", v.allowed_nf_types);
  put(j, "priority", v.priority);
  put(j, "capacity", v.capacity);
  put(j, "load", v.load);
  put(j, "supportedFeatures", v.supported_features);
  return j;
}

json to_json(const amf_info& v) {
  json j = json::object();
  put(j, "amfSetId", v.amf_set_id);
  put(j, "amfRegionId", v.amf_region_id);
  put(j, "guamiList", v.guami_list);
  put(j, "taiList", v.tai_list);
  return j;
}

json to_json(const dnn_smf_info_item& v) {
  return json{{"dnn", v.dnn}};
}

json to_json(const snssai_smf_info_item& v) {
  json j = json::object();
  put(j, "sNssai", v.s_nssai);
  j["dnnSmfInfoList"] = detail::value(v.dnn_smf_info_list);
  return j;
}

json to_json(const smf_info& v) {
  json j = json::object();
  j["sNssaiSmfInfoList"] = detail::value(v.s_nssai_smf_info_list);
  put(j, "taiList", v.tai_list);
  put(j, "priority", v.priority);
  return j;
}

json to_json(const supi_range& v) {
  json j = json::object();
  put(j, "start", v.start);
  put(j, "end", v.end);
  put(j, "pattern", v.pattern);
  return j;
}

json to_json(const ausf_info& v) {
  json j = json::object();
  put(j, "groupId", v.group_id);
  put(j, "supiRanges", v.supi_ranges);
  put(j, "routingIndicators", v.routing_indicators);
  return j;
}

json to_json(const udm_info& v) {
  json j = json::object();
  put(j, "groupId", v.group_id);
  put(j, "supiRanges", v.supi_ranges);
  put(j, "routingIndicators", v.routing_indicators);
  return j;
}

json to_json(const udr_info& v) {
  json j = json::object();
  put(j, "groupId", v.group_id);
  put(j, "supiRanges", v.supi_ranges);
  put(j, "supportedDataSets", v.supported_data_sets);
  return j;
}

json to_json(const nf_profile& v) {
  json j = json::object();
  put(j, "nfInstanceId", v.nf_instance_id);
  put(j, "nfInstanceName", v.nf_instance_name);
  put(j, "nfType", v.type);
  put(j, "nfStatus", v.status);
  put(j, "heartBeatTimer", v.heart_beat_timer);
  put(j, "plmnList", v.plmn_list);
  put(j, "sNssais", v.s_nssais);
  put(j, "fqdn", v.fqdn);
  put(j, "ipv4Addresses", v.ipv4_addresses);
  put(j, "ipv6Addresses", v.ipv6_addresses);
  put(j, "priority", v.priority);
  put(j, "capacity", v.capacity);
  put(j, "load", v.load);
  put(j, "allowedNfTypes", v.allowed_nf_types);
  if (!v.nf_services.empty()) {
    json list = json::object();
    for (const auto& s : v.nf_services) {
      list[s.service_instance_id] = to_json(s);
    }
    j["nfServiceList"] = std::move(list);
  }
  put(j, "amfInfo", v.amf);
  put(j, "smfInfo", v.smf);
  put(j, "ausfInfo", v.ausf);
  put(j, "udmInfo", v.udm);
  put(j, "udrInfo", v.udr);
  put(j, "nfProfileChangesSupportInd", v.nf_profile_changes_support_ind);
  put(j, "nfProfileChangesInd", v.nf_profile_changes_ind);
  return j;
}

json to_json(const subscription_data& v) {
  json j = json::object();
  put(j, "nfStatusNotificationUri", v.nf_status_notification_uri);
  put(j, "reqNfInstanceId", v.req_nf_instance_id);
  if (v.cond) {
    json c = json::object();
    if (const auto* a = std::get_if<nf_instance_id_cond>(&*v.cond)) {
      c["nfInstanceId"] = a->nf_instance_id;
    } else if (const auto* b = std::get_if<nf_type_cond>(&*v.cond)) {
      c["nfType"] = std::string(to_string(b->type));
    } else if (const auto* s = std::get_if<service_name_cond>(&*v.cond)) {
      c["serviceName"] = s->service_name;
    }
    j["subscrCond"] = std::move(c);
  }
  put(j, "subscriptionId", v.subscription_id);
  put(j, "validityTime", v.validity_time);
  if (!v.req_notif_events.empty()) {
    json a = json::array();
    for (auto e : v.req_notif_events) {
      a.push_back(std::string(to_string(e)));
    }
    j["reqNotifEvents"] = std::move(a);
  }
  put(j, "reqNfType", v.req_nf_type);
  put(j, "requesterFeatures", v.requester_features);
  put(j, "nrfSupportedFeatures", v.nrf_supported_features);
  return j;
}

json to_json(const notification_data& v) {
  json j = json::object();
  j["event"] = std::string(to_string(v.event));
  put(j, "nfInstanceUri", v.nf_instance_uri);
  put(j, "nfProfile", v.profile);
  return j;
}

json to_json(const search_result& v) {
  json j = json::object();
  put(j, "validityPeriod", v.validity_period);
  j["nfInstances"] = detail::value(v.nf_instances);
  put(j, "searchId", v.search_id);
  put(j, "numNfInstComplete", v.num_nf_inst_complete);
  put(j, "nrfSupportedFeatures", v.nrf_supported_features);
  return j;
}

expected<nf_service, decode_error> decode_nf_service(const json& j, const std::string& pointer) {
  return detail::decode_with<nf_service>(j, pointer);
}
expected<nf_profile, decode_error> decode_nf_profile(const json& j, const std::string& pointer) {
  return detail::decode_with<nf_profile>(j, pointer);
}
expected<subscription_data, decode_error> decode_subscription_data(const json& j,
                                                                   const std::string& pointer) {
  return detail::decode_with<subscription_data>(j, pointer);
}
expected<notification_data, decode_error> decode_notification_data(const json& j,
                                                                   const std::string& pointer) {
  return detail::decode_with<notification_data>(j, pointer);
}
expected<search_result, decode_error> decode_search_result(const json& j,
                                                           const std::string& pointer) {
  return detail::decode_with<search_result>(j, pointer);
}

namespace {
template <class T, class F>
expected<T, decode_error> decode_text(std::string_view text, F decode) {
  auto j = parse_json(text);
  if (!j) {
    return unexpected<decode_error>(j.error());
  }
  return decode(*j, std::string());
}
}  // namespace

expected<nf_profile, decode_error> parse_nf_profile(std::string_view text) {
  return decode_text<nf_profile>(
      text, [](const json& j, const std::string& p) { return decode_nf_profile(j, p); });
}
expected<subscription_data, decode_error> parse_subscription_data(std::string_view text) {
  return decode_text<subscription_data>(
      text, [](const json& j, const std::string& p) { return decode_subscription_data(j, p); });
}
expected<notification_data, decode_error> parse_notification_data(std::string_view text) {
  return decode_text<notification_data>(
      text, [](const json& j, const std::string& p) { return decode_notification_data(j, p); });
}
expected<search_result, decode_error> parse_search_result(std::string_view text) {
  return decode_text<search_result>(
      text, [](const json& j, const std::string& p) { return decode_search_result(j, p); });
}

}  // namespace glasscore::sbi
