#pragma once
/// \file
/// PCF models: Npcf_SMPolicyControl (TS 29.512 §5.6, `TS29512_Npcf_SMPolicyControl.yaml`)
/// between SMF and PCF, and Npcf_AMPolicyControl (TS 29.507 §5.6,
/// `TS29507_Npcf_AMPolicyControl.yaml`) between AMF and PCF, Rel-17. Only the members a
/// 5G SA core uses; every member the OpenAPI marks required is modelled.
///
/// Bit rates are TS 29.571 BitRate strings ("1 Gbps", see bit_rate.h); Ambr, Arp and
/// SubscribedDefaultQos are the types of sdm_models.h. Extensible enumerations
/// (PduSessionType, PolicyControlRequestTrigger, RequestTrigger) are kept as strings.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::sbi {

// --- Npcf_SMPolicyControl (TS 29.512) -------------------------------------------------

/// SmPolicyContextData (TS 29.512 §5.6.2.3), body of POST /sm-policies.
struct sm_policy_context_data {
  std::string supi;
  std::uint8_t pdu_session_id = 0;
  std::string pdu_session_type = "IPV4";  ///< "IPV4", "IPV6", "IPV4V6", "UNSTRUCTURED"...
  std::string dnn;
  std::string notification_uri;
  snssai slice_info;
  std::optional<std::string> gpsi;
  std::optional<std::string> pei;
  std::optional<std::string> access_type;  ///< "3GPP_ACCESS" | "NON_3GPP_ACCESS"
  std::optional<std::string> rat_type;
  std::optional<plmn_id> serving_network;
  std::optional<user_location> user_location_info;
  std::optional<std::string> ipv4_address;         ///< dotted decimal
  std::optional<std::string> ipv6_address_prefix;  ///< "2001:db8::/64"
  std::optional<ambr> subs_sess_ambr;
  std::optional<subscribed_default_qos> subs_def_qos;
  std::optional<std::string> smf_id;  ///< NfInstanceId
  std::optional<std::string> supp_feat;
  bool operator==(const sm_policy_context_data&) const = default;
};

/// AuthorizedDefaultQos (TS 29.512 §5.6.2): every member optional in the OpenAPI.
struct authorized_default_qos {
  std::optional<int> five_qi;  ///< "5qi", 0..255
  std::optional<sbi::arp> arp;
  std::optional<int> priority_level;  ///< 1..127
  bool operator==(const authorized_default_qos&) const = default;
};

/// SessionRule (TS 29.512 §5.6.2.7).
struct session_rule {
  std::optional<ambr> auth_sess_ambr;
  std::optional<authorized_default_qos> auth_def_qos;
  std::string sess_rule_id;
  bool operator==(const session_rule&) const = default;
};

/// FlowInformation (TS 29.512 §5.6.2.14): flowDescription is an IPFilterRule
/// ("permit out ip from any to assigned", TS 29.214).
struct flow_information {
  std::optional<std::string> flow_description;
  std::optional<std::string> pack_filt_id;
  std::optional<std::string> flow_direction;  ///< "DOWNLINK", "UPLINK", "BIDIRECTIONAL"...
  bool operator==(const flow_information&) const = default;
};

/// PccRule (TS 29.512 §5.6.2.6).
struct pcc_rule {
  std::string pcc_rule_id;
  std::optional<std::uint32_t> precedence;
  std::vector<flow_information> flow_infos;  ///< optional (empty = absent)
  std::vector<std::string> ref_qos_data;     ///< optional, at most one id of qos_decs
  bool operator==(const pcc_rule&) const = default;
};

/// QosData (TS 29.512 §5.6.2.8).
struct qos_data {
  std::string qos_id;
  std::optional<int> five_qi;  ///< "5qi", 0..255
  std::optional<std::string> maxbr_ul;
  std::optional<std::string> maxbr_dl;
  std::optional<std::string> gbr_ul;
  std::optional<std::string> gbr_dl;
  std::optional<sbi::arp> arp;
  std::optional<int> priority_level;
  std::optional<bool> def_qos_flow_indication;
  bool operator==(const qos_data&) const = default;
};

/// SmPolicyDecision (TS 29.512 §5.6.2.4): the maps are keyed by the rule / data id.
/// A null map entry (rule removal in an update) is refused by the decoder: this core's
/// PCF never sends one and the model cannot carry it.
struct sm_policy_decision {
  std::map<std::string, session_rule> sess_rules;
  std::map<std::string, pcc_rule> pcc_rules;
  std::map<std::string, qos_data> qos_decs;
  std::vector<std::string> policy_ctrl_req_triggers;  ///< "PLMN_CH", "RES_MO_RE"...
  std::optional<bool> online;
  std::optional<bool> offline;
  std::optional<std::string> supp_feat;
  bool operator==(const sm_policy_decision&) const = default;
};

/// SmPolicyUpdateContextData (TS 29.512 §5.6.2), body of POST .../{id}/update: every
/// member optional.
struct sm_policy_update_context_data {
  std::vector<std::string> rep_policy_ctrl_req_triggers;
  std::optional<std::string> access_type;
  std::optional<std::string> rat_type;
  std::optional<plmn_id> serving_network;
  std::optional<user_location> user_location_info;
  std::optional<std::string> ipv4_address;
  std::optional<std::string> ipv6_address_prefix;
  std::optional<ambr> subs_sess_ambr;
  std::optional<subscribed_default_qos> subs_def_qos;
  bool operator==(const sm_policy_update_context_data&) const = default;
};

/// SmPolicyDeleteData (TS 29.512 §5.6.2), body of POST .../{id}/delete.
struct sm_policy_delete_data {
  std::optional<user_location> user_location_info;
  std::optional<plmn_id> serving_network;
  std::optional<std::string> pdu_sess_rel_cause;
  bool operator==(const sm_policy_delete_data&) const = default;
};

/// SmPolicyNotification (TS 29.512 §5.6.2.5), body of the PCF's POST {notificationUri}/update
/// (Npcf_SMPolicyControl_UpdateNotify, §4.2.3.2): the association and its new decision.
struct sm_policy_notification {
  std::optional<std::string> resource_uri;
  std::optional<sbi::sm_policy_decision> sm_policy_decision;
  bool operator==(const sm_policy_notification&) const = default;
};

/// SmPolicyControl (TS 29.512 §5.6.2.2): the GET .../{id} answer.
struct sm_policy_control {
  sm_policy_context_data context;
  sm_policy_decision policy;
  bool operator==(const sm_policy_control&) const = default;
};

// --- Npcf_AMPolicyControl (TS 29.507) -------------------------------------------------

/// Area (TS 29.571 §5.4.4): a list of TACs or an area code.
struct area {
  std::vector<std::string> tacs;
  std::optional<std::string> area_code;
  bool operator==(const area&) const = default;
};

/// ServiceAreaRestriction (TS 29.571 §5.4.4).
struct service_area_restriction {
  std::optional<std::string> restriction_type;  ///< "ALLOWED_AREAS" | "NOT_ALLOWED_AREAS"
  std::vector<sbi::area> areas;
  std::optional<std::uint32_t> max_num_of_t_as;
  bool operator==(const service_area_restriction&) const = default;
};

/// PolicyAssociationRequest (TS 29.507 §5.6.2.3), body of POST /policies.
struct policy_association_request {
  std::string notification_uri;
  std::string supi;
  std::optional<std::string> gpsi;
  std::optional<std::string> access_type;
  std::optional<std::string> pei;
  std::optional<user_location> user_loc;
  std::optional<plmn_id> serving_plmn;
  std::optional<std::string> rat_type;
  std::optional<ambr> ue_ambr;
  std::vector<snssai> allowed_snssais;
  std::optional<sbi::guami> guami;
  std::string supp_feat;
  bool operator==(const policy_association_request&) const = default;
};

/// PolicyAssociation (TS 29.507 §5.6.2.2), body of the 201.
struct policy_association {
  std::optional<policy_association_request> request;
  std::vector<std::string> triggers;  ///< RequestTrigger: "LOC_CH", "PRA_CH"...
  std::optional<service_area_restriction> serv_area_res;
  std::optional<int> rfsp;  ///< 1..256
  std::optional<ambr> ue_ambr;
  std::string supp_feat;
  bool operator==(const policy_association&) const = default;
};

[[nodiscard]] expected<sm_policy_context_data, decode_error> decode_sm_policy_context_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_policy_decision, decode_error> decode_sm_policy_decision(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_policy_update_context_data, decode_error>
decode_sm_policy_update_context_data(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_policy_delete_data, decode_error> decode_sm_policy_delete_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_policy_notification, decode_error> decode_sm_policy_notification(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_policy_control, decode_error> decode_sm_policy_control(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<policy_association_request, decode_error> decode_policy_association_request(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<policy_association, decode_error> decode_policy_association(
    const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const sm_policy_context_data& v);
[[nodiscard]] nlohmann::json to_json(const authorized_default_qos& v);
[[nodiscard]] nlohmann::json to_json(const session_rule& v);
[[nodiscard]] nlohmann::json to_json(const flow_information& v);
[[nodiscard]] nlohmann::json to_json(const pcc_rule& v);
[[nodiscard]] nlohmann::json to_json(const qos_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_policy_decision& v);
[[nodiscard]] nlohmann::json to_json(const sm_policy_update_context_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_policy_delete_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_policy_notification& v);
[[nodiscard]] nlohmann::json to_json(const sm_policy_control& v);
[[nodiscard]] nlohmann::json to_json(const area& v);
[[nodiscard]] nlohmann::json to_json(const service_area_restriction& v);
[[nodiscard]] nlohmann::json to_json(const policy_association_request& v);
[[nodiscard]] nlohmann::json to_json(const policy_association& v);

}  // namespace glasscore::sbi
