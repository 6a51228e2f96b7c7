#pragma once
/// \file
/// Namf_Communication models (TS 29.518 §6.1.6, `TS29518_Namf_Communication.yaml`,
/// Rel-17) for the N1N2MessageTransfer service operation the SMF uses to send NAS SM
/// messages and NGAP SM information to the UE and its gNB (TS 29.518 §5.2.2.3.1,
/// TS 23.502 §4.3.2.2.1 step 11). The binary N1 and N2 payloads travel in multipart/related
/// parts referenced by Content-ID (multipart.h).
///
/// Extensible enumerations (N1MessageClass, N2InformationClass, NgapIeType,
/// N1N2MessageTransferCause) are kept as strings and accepted whatever their value.
/// Stricter than the OpenAPI on purpose: N2SmInformation.n2InfoContent is optional there
/// but SM information without content carries nothing this core can act on, so it is
/// required here.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::sbi {

/// N1MessageContainer (TS 29.518 §6.1.6.2).
struct n1_message_container {
  std::string n1_message_class = "SM";  ///< "5GMM", "SM", "LPP", "SMS", "UPDP", "LCS"
  ref_to_binary_data n1_message_content;
  std::optional<std::string> nf_id;  ///< NfInstanceId of the sender
  bool operator==(const n1_message_container&) const = default;
};

/// N2InfoContent (TS 29.518 §6.1.6.2).
struct n2_info_content {
  std::optional<int> ngap_message_type;  ///< NGAP procedure code, 0..255
  /// "PDU_RES_SETUP_REQ", "PDU_RES_REL_CMD", "PDU_RES_MOD_REQ"...
  std::optional<std::string> ngap_ie_type;
  ref_to_binary_data ngap_data;
  bool operator==(const n2_info_content&) const = default;
};

/// N2SmInformation (TS 29.518 §6.1.6.2).
struct n2_sm_information {
  std::uint8_t pdu_session_id = 0;
  sbi::n2_info_content n2_info_content;  ///< required here (see the file comment)
  std::optional<snssai> s_nssai;
  bool operator==(const n2_sm_information&) const = default;
};

/// N2InfoContainer (TS 29.518 §6.1.6.2): only SM information is modelled.
struct n2_info_container {
  std::string n2_information_class = "SM";  ///< "SM", "NRPPa", "PWS", "RAN"...
  std::optional<n2_sm_information> sm_info;
  bool operator==(const n2_info_container&) const = default;
};

/// N1N2MessageTransferReqData (TS 29.518 §6.1.6.2), JSON part of
/// POST /namf-comm/v1/ue-contexts/{ueContextId}/n1-n2-messages.
struct n1_n2_message_transfer_req_data {
  std::optional<sbi::n1_message_container> n1_message_container;
  std::optional<sbi::n2_info_container> n2_info_container;
  std::optional<bool> skip_ind;
  std::optional<bool> last_msg_indication;
  std::optional<std::uint8_t> pdu_session_id;
  std::optional<int> ppi;  ///< paging policy indicator, 0..7
  std::optional<sbi::arp> arp;
  std::optional<int> five_qi;  ///< "5qi", 0..255
  std::optional<std::string> n1n2_failure_txf_notif_uri;
  std::optional<std::string> supported_features;
  bool operator==(const n1_n2_message_transfer_req_data&) const = default;
};

/// N1N2MessageTransferRspData (TS 29.518 §6.1.6.2), body of the 200/202.
struct n1_n2_message_transfer_rsp_data {
  /// "N1_N2_TRANSFER_INITIATED", "ATTEMPTING_TO_REACH_UE", ...
  std::string cause = "N1_N2_TRANSFER_INITIATED";
  std::optional<std::string> supported_features;
  bool operator==(const n1_n2_message_transfer_rsp_data&) const = default;
};

/// N1N2MessageTransferError (TS 29.518 §6.1.6.2): the error answer (errInfo not modelled).
struct n1_n2_message_transfer_error {
  problem_details error;
  bool operator==(const n1_n2_message_transfer_error&) const = default;
};

[[nodiscard]] expected<n1_message_container, decode_error> decode_n1_message_container(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<n2_info_container, decode_error> decode_n2_info_container(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<n1_n2_message_transfer_req_data, decode_error>
decode_n1_n2_message_transfer_req_data(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<n1_n2_message_transfer_rsp_data, decode_error>
decode_n1_n2_message_transfer_rsp_data(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<n1_n2_message_transfer_error, decode_error>
decode_n1_n2_message_transfer_error(const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const n1_message_container& v);
[[nodiscard]] nlohmann::json to_json(const n2_info_content& v);
[[nodiscard]] nlohmann::json to_json(const n2_sm_information& v);
[[nodiscard]] nlohmann::json to_json(const n2_info_container& v);
[[nodiscard]] nlohmann::json to_json(const n1_n2_message_transfer_req_data& v);
[[nodiscard]] nlohmann::json to_json(const n1_n2_message_transfer_rsp_data& v);
[[nodiscard]] nlohmann::json to_json(const n1_n2_message_transfer_error& v);

}  // namespace glasscore::sbi
