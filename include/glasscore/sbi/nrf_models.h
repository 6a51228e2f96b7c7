#pragma once
/// \file
/// TS 29.510 (Rel-17) data types of Nnrf_NFManagement and Nnrf_NFDiscovery that the AMF,
/// SMF, AUSF, UDM, UDR and the NRF itself use (OpenAPI `TS29510_Nnrf_NFManagement.yaml`
/// 1.2.6 and `TS29510_Nnrf_NFDiscovery.yaml` 1.2.6, §6.1.6 and §6.2.6). Same rules as
/// common.h: validating decoders naming the bad member, unknown members ignored, optional
/// members as std::optional, optional arrays empty when absent.
///
/// Only the members our NFs read are modelled. A store that must give back everything an
/// NF registered (the NRF) keeps the JSON body next to the decoded struct.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// IpEndPoint (§6.1.6.2.5). `transport` is only "TCP" in Rel-17.
struct ip_end_point {
  std::optional<std::string> ipv4_address;
  std::optional<std::string> ipv6_address;
  std::optional<std::string> transport;
  std::optional<std::uint16_t> port;
  bool operator==(const ip_end_point&) const = default;
};

/// NFServiceVersion (§6.1.6.2.4).
struct nf_service_version {
  std::string api_version_in_uri;  ///< e.g. "v1"
  std::string api_full_version;    ///< e.g. "1.0.0"
  std::optional<std::string> expiry;
  bool operator==(const nf_service_version&) const = default;
};

/// UriScheme (TS 29.571 §5.4.3.4).
enum class uri_scheme : std::uint8_t { http, https };
[[nodiscard]] std::string_view to_string(uri_scheme s);

/// NFService (§6.1.6.2.3).
struct nf_service {
  std::string service_instance_id;
  std::string service_name;                  ///< e.g. "namf-comm" (ServiceName, §6.1.6.3.11)
  std::vector<nf_service_version> versions;  ///< required, minItems 1
  uri_scheme scheme = uri_scheme::http;
  nf_status nf_service_status = nf_status::registered;
  std::optional<std::string> fqdn;
  std::vector<ip_end_point> ip_end_points;
  std::optional<std::string> api_prefix;
  std::vector<nf_type> allowed_nf_types;
  std::optional<std::uint16_t> priority;  ///< 0..65535
  std::optional<std::uint16_t> capacity;  ///< 0..65535
  std::optional<std::uint8_t> load;       ///< 0..100 (%)
  std::optional<std::string> supported_features;
  bool operator==(const nf_service&) const = default;
};

/// AmfInfo (§6.1.6.2.11).
struct amf_info {
  std::string amf_set_id;         ///< `^[0-3][A-Fa-f0-9]{2}$`
  std::string amf_region_id;      ///< `^[A-Fa-f0-9]{2}$`
  std::vector<guami> guami_list;  ///< required, minItems 1
  std::vector<tai> tai_list;
  bool operator==(const amf_info&) const = default;
};

/// DnnSmfInfoItem (§6.1.6.2.38); the DNN compared case-insensitively (TS 23.003 §9.1).
struct dnn_smf_info_item {
  std::string dnn;
  bool operator==(const dnn_smf_info_item&) const = default;
};

/// SnssaiSmfInfoItem (§6.1.6.2.37).
struct snssai_smf_info_item {
  snssai s_nssai;
  std::vector<dnn_smf_info_item> dnn_smf_info_list;  ///< required, minItems 1
  bool operator==(const snssai_smf_info_item&) const = default;
};

/// SmfInfo (§6.1.6.2.12).
struct smf_info {
  std::vector<snssai_smf_info_item> s_nssai_smf_info_list;  ///< required, minItems 1
  std::vector<tai> tai_list;
  std::optional<std::uint16_t> priority;
  bool operator==(const smf_info&) const = default;
};

/// SupiRange (§6.1.6.2.16).
struct supi_range {
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::optional<std::string> pattern;
  bool operator==(const supi_range&) const = default;
};

/// AusfInfo (§6.1.6.2.14).
struct ausf_info {
  std::optional<std::string> group_id;
  std::vector<supi_range> supi_ranges;
  std::vector<std::string> routing_indicators;
  bool operator==(const ausf_info&) const = default;
};

/// UdmInfo (§6.1.6.2.7).
struct udm_info {
  std::optional<std::string> group_id;
  std::vector<supi_range> supi_ranges;
  std::vector<std::string> routing_indicators;
  bool operator==(const udm_info&) const = default;
};

/// UdrInfo (§6.1.6.2.6).
struct udr_info {
  std::optional<std::string> group_id;
  std::vector<supi_range> supi_ranges;
  std::vector<std::string> supported_data_sets;
  bool operator==(const udr_info&) const = default;
};

/// NFProfile (§6.1.6.2.2). Required: nfInstanceId, nfType, nfStatus, and one of fqdn,
/// ipv4Addresses, ipv6Addresses. Services come from `nfServiceList` (the Rel-16+ map keyed
/// by serviceInstanceId) or, when that is absent, from the older `nfServices` array; the
/// encoder writes `nfServiceList`.
struct nf_profile {
  std::string nf_instance_id;  ///< a UUID
  std::optional<std::string> nf_instance_name;
  nf_type type = nf_type::nrf;
  nf_status status = nf_status::registered;
  std::optional<std::uint32_t> heart_beat_timer;  ///< seconds, ≥ 1
  std::vector<plmn_id> plmn_list;
  std::vector<snssai> s_nssais;
  std::optional<std::string> fqdn;
  std::vector<std::string> ipv4_addresses;
  std::vector<std::string> ipv6_addresses;
  std::optional<std::uint16_t> priority;
  std::optional<std::uint16_t> capacity;
  std::optional<std::uint8_t> load;
  std::vector<nf_type> allowed_nf_types;
  std::vector<nf_service> nf_services;
  std::optional<amf_info> amf;
  std::optional<smf_info> smf;
  std::optional<ausf_info> ausf;
  std::optional<udm_info> udm;
  std::optional<udr_info> udr;
  std::optional<bool> nf_profile_changes_support_ind;
  std::optional<bool> nf_profile_changes_ind;
  bool operator==(const nf_profile&) const = default;
};

/// NotificationEventType (§6.1.6.3.4).
enum class notification_event : std::uint8_t { nf_registered, nf_deregistered, nf_profile_changed };
[[nodiscard]] std::string_view to_string(notification_event e);

/// SubscrCond (§6.1.6.2.17): the three conditions our NFs use. Another condition shape is
/// a decode error (OPTIONAL_IE_INCORRECT), not a silent "everything" subscription.
struct nf_instance_id_cond {
  std::string nf_instance_id;
  bool operator==(const nf_instance_id_cond&) const = default;
};
struct nf_type_cond {
  nf_type type = nf_type::nrf;
  bool operator==(const nf_type_cond&) const = default;
};
struct service_name_cond {
  std::string service_name;
  bool operator==(const service_name_cond&) const = default;
};
using subscr_cond = std::variant<nf_instance_id_cond, nf_type_cond, service_name_cond>;

/// SubscriptionData (§6.1.6.2.16). `subscriptionId` is required by the OpenAPI but set by
/// the NRF, so it is optional here (a consumer's request does not carry it).
struct subscription_data {
  std::string nf_status_notification_uri;
  std::optional<std::string> req_nf_instance_id;
  std::optional<subscr_cond> cond;
  std::optional<std::string> subscription_id;
  std::optional<std::string> validity_time;  ///< DateTime (RFC 3339)
  std::vector<notification_event> req_notif_events;
  std::optional<nf_type> req_nf_type;
  std::optional<std::string> requester_features;
  std::optional<std::string> nrf_supported_features;
  bool operator==(const subscription_data&) const = default;
};

/// NotificationData (§6.1.6.2.17): nfProfile is required for NF_REGISTERED (and for
/// NF_PROFILE_CHANGED unless profileChanges is sent, which this NRF does not do).
struct notification_data {
  notification_event event = notification_event::nf_registered;
  std::string nf_instance_uri;
  std::optional<nf_profile> profile;
  bool operator==(const notification_data&) const = default;
};

/// SearchResult (§6.2.6.2.2).
struct search_result {
  std::optional<std::uint32_t> validity_period;  ///< seconds
  std::vector<nf_profile> nf_instances;          ///< required (may be empty)
  std::optional<std::string> search_id;
  std::optional<std::uint32_t> num_nf_inst_complete;
  std::optional<std::string> nrf_supported_features;
  bool operator==(const search_result&) const = default;
};

// Decoders from a parsed value (pointer = where it sits, for messages) and from text.
[[nodiscard]] expected<nf_service, decode_error> decode_nf_service(const nlohmann::json& j,
                                                                   const std::string& pointer = "");
[[nodiscard]] expected<nf_profile, decode_error> decode_nf_profile(const nlohmann::json& j,
                                                                   const std::string& pointer = "");
[[nodiscard]] expected<subscription_data, decode_error> decode_subscription_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<notification_data, decode_error> decode_notification_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<search_result, decode_error> decode_search_result(
    const nlohmann::json& j, const std::string& pointer = "");

/// The same from body text (INVALID_MSG_FORMAT-kind error if it is not JSON).
[[nodiscard]] expected<nf_profile, decode_error> parse_nf_profile(std::string_view text);
[[nodiscard]] expected<subscription_data, decode_error> parse_subscription_data(
    std::string_view text);
[[nodiscard]] expected<notification_data, decode_error> parse_notification_data(
    std::string_view text);
[[nodiscard]] expected<search_result, decode_error> parse_search_result(std::string_view text);

[[nodiscard]] nlohmann::json to_json(const ip_end_point& v);
[[nodiscard]] nlohmann::json to_json(const nf_service_version& v);
[[nodiscard]] nlohmann::json to_json(const nf_service& v);
[[nodiscard]] nlohmann::json to_json(const amf_info& v);
[[nodiscard]] nlohmann::json to_json(const dnn_smf_info_item& v);
[[nodiscard]] nlohmann::json to_json(const snssai_smf_info_item& v);
[[nodiscard]] nlohmann::json to_json(const smf_info& v);
[[nodiscard]] nlohmann::json to_json(const supi_range& v);
[[nodiscard]] nlohmann::json to_json(const ausf_info& v);
[[nodiscard]] nlohmann::json to_json(const udm_info& v);
[[nodiscard]] nlohmann::json to_json(const udr_info& v);
[[nodiscard]] nlohmann::json to_json(const nf_profile& v);
[[nodiscard]] nlohmann::json to_json(const subscription_data& v);
[[nodiscard]] nlohmann::json to_json(const notification_data& v);
[[nodiscard]] nlohmann::json to_json(const search_result& v);

}  // namespace glasscore::sbi
