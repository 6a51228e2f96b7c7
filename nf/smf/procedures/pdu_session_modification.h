#pragma once
/// \file
/// PDU session modification at the SMF (TS 23.502 §4.3.3.2; TS 24.501 §6.3.2 network-
/// requested, §6.4.2 UE-requested), on the default QoS flow and the session-AMBR, the only
/// QoS a session has here (no PCC rules, no dedicated flows).
///
/// Network-requested (the PCF's Npcf_SMPolicyControl_UpdateNotify, TS 29.512 §4.2.3): the
/// UPF's QER gets the new MBR (N4), then N1N2MessageTransfer carries the MODIFICATION
/// COMMAND (PTI 0) and the N2 Modify Request Transfer; T3591 supervises the UE's answer.
/// A UE that cannot be reached (the AMF refuses the transfer, e.g. 504 UE_NOT_REACHABLE)
/// keeps the new policy at the UPF and learns it when the gNB next sets the session up.
///
/// UE-requested: a request for the QoS it already has (or no QoS change) is answered with a
/// MODIFICATION COMMAND in the UpdateSMContext answer; a request for QoS the policy does not
/// authorise gets a MODIFICATION REJECT (see check_requested_qos).

#include <cstdint>
#include <memory>
#include <optional>

#include "glasscore/codec/nas/messages_5gsm.h"
#include "smf/procedures/pdu_session.h"

namespace glasscore::smf {

/// TS 24.501 Table 10.3.2: T3591, 16 s, supervises a MODIFICATION COMMAND.
inline constexpr auto t3591_value = std::chrono::seconds(16);
/// §6.3.2.5 a): the command is retransmitted on the first four expiries; the fifth aborts.
inline constexpr unsigned t3591_max_expiries = 5;

/// Network-requested modification to `policy` (the PCF's new decision). Runs in the
/// session's FIFO.
async::task<void> modify_for_policy(smf_environment& env, std::shared_ptr<sm_context> c,
                                    session_policy policy);

/// Ends the session's modification procedure, if one runs: T3591 stops (also when the
/// session is released meanwhile, so the timer does not hold the context).
void end_modification(smf_environment& env, sm_context& c);

/// The modification the UE has not been told yet (sm_context::modification_pending), once
/// it can be reached again.
async::task<void> resume_pending_modification(smf_environment& env, std::shared_ptr<sm_context> c);

/// The 5GSM cause of a REJECT for the QoS a MODIFICATION REQUEST asks for, or nullopt when
/// the request can be granted with the session's policy (TS 24.501 §6.4.2.4).
[[nodiscard]] std::optional<nas::gsm_cause> check_requested_qos(
    const sm_context& c, const nas::pdu_session_modification_request& r);

/// The UE's MODIFICATION REQUEST, COMPLETE and COMMAND REJECT, in an UpdateSMContext
/// (TS 23.502 §4.3.3.2 step 1a, steps 8-10).
[[nodiscard]] update_answer handle_modification_message(smf_environment& env,
                                                        const std::shared_ptr<sm_context>& c,
                                                        const nas::gsm_pdu& pdu);

/// The gNB's answer to the Modify Request (N2 PDU_RES_MOD_RSP / PDU_RES_MOD_FAIL, step 6).
[[nodiscard]] update_answer handle_modify_response(smf_environment& env, sm_context& c,
                                                   const n2_sm_message& n2);

}  // namespace glasscore::smf
