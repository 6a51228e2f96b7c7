#pragma once
/// \file
/// Nudm_SubscriberDataManagement models (TS 29.503 §6.1.6, `TS29503_Nudm_SDM.yaml`,
/// Rel-17), the subset a 5G SA core uses, which the UDR serves with the same shape
/// (TS 29.505 provisioned-data): access and mobility data with the subscribed NSSAI for
/// the AMF, SMF selection data and session management data for the SMF.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// BitRate (TS 29.571 §5.5.2): "<number>[.<fraction>] <bps|Kbps|Mbps|Gbps|Tbps>".
[[nodiscard]] bool is_bit_rate(std::string_view s);
/// A rate in kbit/s in BitRate form, in the largest unit that keeps it whole ("1 Gbps").
[[nodiscard]] std::string bit_rate_from_kbps(std::uint64_t kbps);

/// Ambr (TS 29.571 §5.5.4.1).
struct ambr {
  std::string uplink;
  std::string downlink;
  bool operator==(const ambr&) const = default;
};

/// Nssai (TS 29.503 §6.1.6.2.2).
struct nssai {
  std::vector<snssai> default_single_nssais;  ///< mandatory, at least one
  std::vector<snssai> single_nssais;
  std::optional<std::string> supported_features;
  bool operator==(const nssai&) const = default;
};

/// AccessAndMobilitySubscriptionData (TS 29.503 §6.1.6.2.4), the members the AMF uses.
struct access_and_mobility_subscription_data {
  std::vector<std::string> gpsis;  ///< "msisdn-<digits>"
  std::optional<ambr> subscribed_ue_ambr;
  std::optional<sbi::nssai> nssai;
  std::optional<std::string> supported_features;
  bool operator==(const access_and_mobility_subscription_data&) const = default;
};

/// DnnInfo (TS 29.503 §6.1.6.2.11).
struct dnn_info {
  std::string dnn;
  std::optional<bool> default_dnn_indicator;
  bool operator==(const dnn_info&) const = default;
};

/// SnssaiInfo (TS 29.503 §6.1.6.2.10).
struct snssai_info {
  std::vector<dnn_info> dnn_infos;  ///< mandatory, at least one
  bool operator==(const snssai_info&) const = default;
};

/// The subscribedSnssaiInfos key of an S-NSSAI (TS 29.503 §6.1.6.2.9: "sst" or "sst-sd",
/// SST in decimal and SD as 6 hex digits).
[[nodiscard]] std::string snssai_key(const snssai& s);
/// The S-NSSAI a subscribedSnssaiInfos key names, or nullopt when the key is not of that form.
[[nodiscard]] std::optional<snssai> snssai_from_key(std::string_view key);

/// SmfSelectionSubscriptionData (TS 29.503 §6.1.6.2.9).
struct smf_selection_subscription_data {
  std::map<std::string, snssai_info> subscribed_snssai_infos;  ///< by snssai_key()
  std::optional<std::string> supported_features;
  bool operator==(const smf_selection_subscription_data&) const = default;
};

/// PduSessionTypes / SscModes (TS 29.503 §6.1.6.2.12, §6.1.6.2.13): default + allowed,
/// values as on the wire ("IPV4", "SSC_MODE_1").
struct pdu_session_types {
  std::string default_session_type;
  std::vector<std::string> allowed_session_types;
  bool operator==(const pdu_session_types&) const = default;
};
struct ssc_modes {
  std::string default_ssc_mode;
  std::vector<std::string> allowed_ssc_modes;
  bool operator==(const ssc_modes&) const = default;
};

/// Arp (TS 29.571 §5.5.4.2).
struct arp {
  int priority_level = 8;                    ///< 1..15
  std::string preempt_cap = "NOT_PREEMPT";   ///< NOT_PREEMPT | MAY_PREEMPT
  std::string preempt_vuln = "PREEMPTABLE";  ///< NOT_PREEMPTABLE | PREEMPTABLE
  bool operator==(const arp&) const = default;
};

/// SubscribedDefaultQos (TS 29.571 §5.5.4.3), member "5gQosProfile" of DnnConfiguration.
struct subscribed_default_qos {
  int five_qi = 9;  ///< 5qi, 0..255
  sbi::arp arp;
  std::optional<int> priority_level;
  bool operator==(const subscribed_default_qos&) const = default;
};

/// DnnConfiguration (TS 29.503 §6.1.6.2.14).
struct dnn_configuration {
  sbi::pdu_session_types pdu_session_types;
  sbi::ssc_modes ssc_modes;
  std::optional<subscribed_default_qos> five_g_qos_profile;
  std::optional<ambr> session_ambr;
  bool operator==(const dnn_configuration&) const = default;
};

/// SessionManagementSubscriptionData (TS 29.503 §6.1.6.2.8); sm-data answers an array.
struct session_management_subscription_data {
  snssai single_nssai;
  std::map<std::string, dnn_configuration> dnn_configurations;  ///< by DNN
  bool operator==(const session_management_subscription_data&) const = default;
};

[[nodiscard]] expected<access_and_mobility_subscription_data, decode_error>
decode_access_and_mobility_subscription_data(const nlohmann::json& j,
                                             const std::string& pointer = "");
[[nodiscard]] expected<nssai, decode_error> decode_nssai(const nlohmann::json& j,
                                                         const std::string& pointer = "");
[[nodiscard]] expected<smf_selection_subscription_data, decode_error>
decode_smf_selection_subscription_data(const nlohmann::json& j, const std::string& pointer = "");
/// The sm-data body: an array of SessionManagementSubscriptionData.
[[nodiscard]] expected<std::vector<session_management_subscription_data>, decode_error>
decode_sm_data(const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const ambr& v);
[[nodiscard]] nlohmann::json to_json(const nssai& v);
[[nodiscard]] nlohmann::json to_json(const access_and_mobility_subscription_data& v);
[[nodiscard]] nlohmann::json to_json(const dnn_info& v);
[[nodiscard]] nlohmann::json to_json(const snssai_info& v);
[[nodiscard]] nlohmann::json to_json(const smf_selection_subscription_data& v);
[[nodiscard]] nlohmann::json to_json(const arp& v);
[[nodiscard]] nlohmann::json to_json(const subscribed_default_qos& v);
[[nodiscard]] nlohmann::json to_json(const dnn_configuration& v);
[[nodiscard]] nlohmann::json to_json(const session_management_subscription_data& v);
[[nodiscard]] nlohmann::json to_json(const std::vector<session_management_subscription_data>& v);

}  // namespace glasscore::sbi
