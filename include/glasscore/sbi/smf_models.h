#pragma once
/// \file
/// Nsmf_PDUSession models (TS 29.502 §6.1.6, `TS29502_Nsmf_PDUSession.yaml`, Rel-17): the
/// SM context service the AMF uses towards the SMF for non-roaming PDU sessions
/// (TS 23.502 §4.3.2.2.1). Binary N1/N2 payloads travel in multipart/related parts and are
/// referenced here by their Content-ID (RefToBinaryData of TS 29.571; see multipart.h).
///
/// Only the members a 5G SA core uses are modelled; every member the OpenAPI marks required
/// is. Enumerations the OpenAPI declares extensible (anyOf enum + string: UpCnxState,
/// N2SmInfoType, Cause, RequestType, ResourceStatus...) are kept as strings and accepted
/// whatever their value (TS 29.501: an unknown value of an extensible enumeration is not an
/// error); closed enumerations (AccessType) are checked.
///
/// Stricter than the OpenAPI on purpose: SmContextCreateData's supi, pduSessionId and dnn
/// are conditional in TS 29.502 §6.1.6.2 (absent only for emergency sessions without SIM,
/// EPS interworking handover and the like, none of which this core supports), so the
/// decoder requires them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// RefToBinaryData (TS 29.571 §5.4.4): the Content-ID of a multipart/related part.
struct ref_to_binary_data {
  std::string content_id;
  bool operator==(const ref_to_binary_data&) const = default;
};

/// Ncgi (TS 29.571 §5.4.4): nrCellId is 9 hex digits (36 bits), kept lower-case.
struct ncgi {
  plmn_id plmn;
  std::string nr_cell_id;
  bool operator==(const ncgi&) const = default;
};

/// NrLocation (TS 29.571 §5.4.4): tai and ncgi are required.
struct nr_location {
  sbi::tai tai;
  sbi::ncgi ncgi;
  std::optional<int> age_of_location_information;    ///< minutes, 0..32767
  std::optional<std::string> ue_location_timestamp;  ///< DateTime
  bool operator==(const nr_location&) const = default;
};

/// UserLocation (TS 29.571 §5.4.4): only NR access is modelled; eutraLocation and
/// n3gaLocation are ignored when present.
struct user_location {
  std::optional<sbi::nr_location> nr_location;
  bool operator==(const user_location&) const = default;
};

/// NgApCause (TS 29.571 §5.4.4): the NGAP Cause choice group and its value
/// (TS 38.413 §9.3.1.2).
struct ng_ap_cause {
  std::uint32_t group = 0;
  std::uint32_t value = 0;
  bool operator==(const ng_ap_cause&) const = default;
};

/// AccessType values (TS 29.571 §5.4.3): "3GPP_ACCESS" | "NON_3GPP_ACCESS".
[[nodiscard]] bool is_access_type(std::string_view s);

/// SmContextCreateData (TS 29.502 §6.1.6.2), body (JSON part) of POST /sm-contexts.
struct sm_context_create_data {
  std::string supi;  ///< required here (see the file comment)
  std::optional<std::string> pei;
  std::optional<std::string> gpsi;
  std::uint8_t pdu_session_id = 0;  ///< required here
  std::string dnn;                  ///< required here
  std::optional<snssai> s_nssai;
  std::string serving_nf_id;  ///< the AMF's NF instance id (UUID)
  std::optional<sbi::guami> guami;
  plmn_id serving_network;
  std::string an_type = "3GPP_ACCESS";
  std::optional<std::string> rat_type;  ///< "NR", ...
  std::optional<user_location> ue_location;
  std::string sm_context_status_uri;
  std::optional<std::string> request_type;  ///< "INITIAL_REQUEST", "EXISTING_PDU_SESSION"...
  std::optional<ref_to_binary_data> n1_sm_msg;
  std::optional<std::string> pcf_id;
  std::optional<std::string> supported_features;
  bool operator==(const sm_context_create_data&) const = default;
};

/// SmContextCreatedData (TS 29.502 §6.1.6.2), body of the 201.
struct sm_context_created_data {
  std::optional<std::string> h_smf_uri;
  std::optional<std::uint8_t> pdu_session_id;
  std::optional<snssai> s_nssai;
  std::optional<std::string> up_cnx_state;  ///< "ACTIVATED", "DEACTIVATED", "ACTIVATING"
  std::optional<ref_to_binary_data> n2_sm_info;
  std::optional<std::string> n2_sm_info_type;
  std::optional<std::string> gpsi;
  std::optional<std::string> supported_features;
  bool operator==(const sm_context_created_data&) const = default;
};

/// SmContextUpdateData (TS 29.502 §6.1.6.2), body of POST /sm-contexts/{ref}/modify.
struct sm_context_update_data {
  std::optional<std::string> pei;
  std::optional<std::string> serving_nf_id;
  std::optional<sbi::guami> guami;
  std::optional<plmn_id> serving_network;
  std::optional<std::string> an_type;
  std::optional<std::string> rat_type;
  std::optional<user_location> ue_location;
  std::optional<std::string> up_cnx_state;
  std::optional<std::string> ho_state;
  std::optional<ref_to_binary_data> n1_sm_msg;
  std::optional<ref_to_binary_data> n2_sm_info;
  /// "PDU_RES_SETUP_RSP", "PDU_RES_SETUP_FAIL", "PDU_RES_REL_RSP", "PDU_RES_MOD_RSP"...
  std::optional<std::string> n2_sm_info_type;
  std::optional<bool> release;
  std::optional<std::string> cause;  ///< Cause (TS 29.502 §6.1.6.3)
  std::optional<sbi::ng_ap_cause> ng_ap_cause;
  std::optional<int> five_g_mm_cause_value;  ///< "5gMmCauseValue"
  std::optional<std::string> supported_features;
  bool operator==(const sm_context_update_data&) const = default;
};

/// SmContextUpdatedData (TS 29.502 §6.1.6.2), body of the 200 to .../modify.
struct sm_context_updated_data {
  std::optional<std::string> up_cnx_state;
  std::optional<ref_to_binary_data> n1_sm_msg;
  std::optional<ref_to_binary_data> n2_sm_info;
  std::optional<std::string> n2_sm_info_type;
  std::optional<std::string> cause;
  std::optional<std::string> supported_features;
  bool operator==(const sm_context_updated_data&) const = default;
};

/// SmContextReleaseData (TS 29.502 §6.1.6.2), body of POST /sm-contexts/{ref}/release.
struct sm_context_release_data {
  std::optional<std::string> cause;
  std::optional<sbi::ng_ap_cause> ng_ap_cause;
  std::optional<int> five_g_mm_cause_value;
  std::optional<user_location> ue_location;
  std::optional<ref_to_binary_data> n2_sm_info;
  std::optional<std::string> n2_sm_info_type;
  bool operator==(const sm_context_release_data&) const = default;
};

/// SmContextCreateError (TS 29.502 §6.1.6.2): error answer of POST /sm-contexts, with
/// the N1 PDU SESSION ESTABLISHMENT REJECT in a binary part when there is one.
struct sm_context_create_error {
  problem_details error;
  std::optional<ref_to_binary_data> n1_sm_msg;
  std::optional<ref_to_binary_data> n2_sm_info;
  std::optional<std::string> n2_sm_info_type;
  std::optional<std::string> recovery_time;  ///< DateTime
  bool operator==(const sm_context_create_error&) const = default;
};

/// SmContextUpdateError (TS 29.502 §6.1.6.2): error answer of .../modify.
struct sm_context_update_error {
  problem_details error;
  std::optional<ref_to_binary_data> n1_sm_msg;
  std::optional<ref_to_binary_data> n2_sm_info;
  std::optional<std::string> n2_sm_info_type;
  std::optional<std::string> up_cnx_state;
  std::optional<std::string> recovery_time;
  bool operator==(const sm_context_update_error&) const = default;
};

/// StatusInfo (TS 29.502 §6.1.6.2).
struct status_info {
  std::string resource_status;  ///< "RELEASED", "UNCHANGED", "TRANSFERRED", "UPDATED"...
  std::optional<std::string> cause;
  std::optional<std::string> an_type;
  bool operator==(const status_info&) const = default;
};

/// SmContextStatusNotification (TS 29.502 §6.1.6.2), POSTed by the SMF to the AMF's
/// smContextStatusUri.
struct sm_context_status_notification {
  sbi::status_info status_info;
  bool operator==(const sm_context_status_notification&) const = default;
};

[[nodiscard]] expected<ref_to_binary_data, decode_error> decode_ref_to_binary_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<user_location, decode_error> decode_user_location(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_create_data, decode_error> decode_sm_context_create_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_created_data, decode_error> decode_sm_context_created_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_update_data, decode_error> decode_sm_context_update_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_updated_data, decode_error> decode_sm_context_updated_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_release_data, decode_error> decode_sm_context_release_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_create_error, decode_error> decode_sm_context_create_error(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_update_error, decode_error> decode_sm_context_update_error(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<sm_context_status_notification, decode_error>
decode_sm_context_status_notification(const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const ref_to_binary_data& v);
[[nodiscard]] nlohmann::json to_json(const ncgi& v);
[[nodiscard]] nlohmann::json to_json(const nr_location& v);
[[nodiscard]] nlohmann::json to_json(const user_location& v);
[[nodiscard]] nlohmann::json to_json(const ng_ap_cause& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_create_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_created_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_update_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_updated_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_release_data& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_create_error& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_update_error& v);
[[nodiscard]] nlohmann::json to_json(const status_info& v);
[[nodiscard]] nlohmann::json to_json(const sm_context_status_notification& v);

}  // namespace glasscore::sbi
