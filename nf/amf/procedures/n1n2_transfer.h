#pragma once
/// \file
/// Namf_Communication_N1N2MessageTransfer at the AMF (TS 29.518 §5.2.2.3.1; TS 23.502
/// §4.3.2.2.1 step 11-12, §4.3.4.2 step 3, §4.3.3.2): what an SMF sends for one PDU session
/// reaches the UE and its gNB. N1 SM information goes to the UE in a DL NAS TRANSPORT
/// (TS 24.501 §5.4.5.3); N2 SM information goes to the gNB in the PDU Session Resource
/// request its type names (TS 38.413 §8.2), with that DL NAS TRANSPORT as its NAS-PDU.
/// The same delivery carries what the SMF answers to an UpdateSMContext.
///
/// Paging is not built: a UE in CM-IDLE cannot be reached, and the SMF is told so.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amf/procedures/amf_environment.h"

namespace glasscore::amf {

/// The answer to N1N2MessageTransfer: the HTTP status and the cause, which is the
/// N1N2MessageTransferCause of a 200 body (TS 29.518 §6.1.6.3.x) or the ProblemDetails
/// cause of an error (TS 29.518 §6.1.7.3, TS 29.500 §5.2.7.2).
struct n1n2_transfer_result {
  std::uint16_t status = 200;
  std::string_view cause = "N1_N2_TRANSFER_INITIATED";
  [[nodiscard]] bool ok() const { return status == 200; }
};

/// Called by the runtime's SBI server for POST .../ue-contexts/{supi}/n1-n2-messages.
///   200 N1_N2_TRANSFER_INITIATED  sent to the gNB;
///   404 CONTEXT_NOT_FOUND         no registered UE with that SUPI, or (N2 setup) no such
///                                 PDU session at the AMF;
///   409 TEMPORARY_REJECT_REGISTRATION_ONGOING  a registration of the UE is in progress;
///   409 UE_IN_CM_IDLE_STATE       PDU_RES_REL_CMD for an idle UE (the SMF releases locally);
///   504 UE_NOT_REACHABLE          anything else for an idle UE: the AMF would page it
///                                 (202 ATTEMPTING_TO_REACH_UE), but paging is not built;
///   400 MANDATORY_IE_MISSING / INVALID_MSG_FORMAT  neither N1 nor N2, or an N2 type the
///                                 AMF does not send to a gNB;
///   500 SYSTEM_FAILURE            the NAS or NGAP message could not be encoded.
[[nodiscard]] n1n2_transfer_result transfer_n1n2(amf_environment& env, const std::string& supi,
                                                 std::uint8_t pdu_session_id,
                                                 std::optional<std::vector<std::uint8_t>> n1_sm,
                                                 std::optional<n2_sm_info> n2);

/// The delivery itself, for a UE already found (transfer_n1n2 and the answers of
/// UpdateSMContext).
[[nodiscard]] n1n2_transfer_result deliver_sm(amf_environment& env, amf_ue& ue,
                                              std::uint8_t pdu_session_id,
                                              std::optional<std::vector<std::uint8_t>> n1_sm,
                                              std::optional<n2_sm_info> n2);

/// DL NAS TRANSPORT (TS 24.501 §8.2.11) carrying a 5GSM message for `pdu_session_id`, with
/// a 5GMM cause when it returns a message the AMF did not forward (§5.4.5.3.2).
[[nodiscard]] nas::dl_nas_transport sm_transport(std::uint8_t pdu_session_id,
                                                 std::vector<std::uint8_t> n1_sm,
                                                 std::optional<nas::gmm_cause> cause = {});

}  // namespace glasscore::amf
