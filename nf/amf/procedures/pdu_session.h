#pragma once
/// \file
/// The AMF's part of PDU sessions (TS 23.502 §4.3.2.2.1 establishment, §4.3.3.2
/// modification, §4.3.4.2 release; TS 24.501 §5.4.5.2 UE-initiated NAS transport): it
/// routes the UE's 5GSM messages to the SMF by PDU session ID, keeps the PDU session
/// routing context (SM context reference, DNN, S-NSSAI), relays the gNB's answers to PDU
/// session resource requests to the SMF, and ends the sessions with the registration.
/// Every function here runs as a procedure of the UE (env.procedures, FIFO per UE).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "amf/n2_ngap/pdu_session_resources.h"
#include "amf/procedures/amf_environment.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// UL NAS TRANSPORT (TS 24.501 §5.4.5.2.2/§5.4.5.2.3). Payload "N1 SM information":
///  - request type "initial request": DNN (the UE's, else the first configured) and
///    S-NSSAI (the UE's, else the first allowed) are chosen and checked, CreateSMContext
///    is sent and the reference kept; an earlier session with the same ID is released first
///    (§5.4.5.2.5);
///  - a session the AMF knows: UpdateSMContext with the N1 SM message; what the SMF answers
///    is delivered as by N1N2MessageTransfer;
///  - otherwise the 5GSM message goes back to the UE in a DL NAS TRANSPORT with a 5GMM
///    cause (§5.4.5.3.2): #90 payload was not forwarded, #91 DNN not supported or not
///    subscribed in the slice; or the SMF's own 5GSM reject when it gives one.
/// Other payload types are not supported: 5GMM STATUS #111.
[[nodiscard]] async::task<void> forward_ul_nas_transport(amf_environment& env,
                                                         std::shared_ptr<amf_ue> ue,
                                                         nas::ul_nas_transport message);

/// The gNB's answer to a PDU session resource request, or its notification (TS 38.413
/// §8.2.1-§8.2.4): each session's N2 SM information goes to its SMF in UpdateSMContext
/// (TS 23.502 §4.3.2.2.1 step 15, §4.3.4.2 step 5), and what the SMF answers is delivered.
[[nodiscard]] async::task<void> report_n2_answers(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                                  std::vector<session_n2_answer> answers);

/// Every PDU session ends with the registration (TS 23.502 §4.2.2.3.2 step 2,
/// §4.2.2.3.3 step 2) or with a context a new registration replaces: ReleaseSMContext for
/// each, and the routing contexts are forgotten whatever the SMF answers.
[[nodiscard]] async::task<void> release_pdu_sessions(amf_environment& env,
                                                     std::shared_ptr<amf_ue> ue);

/// AN release of a registered UE (TS 23.502 §4.2.6 step 5): UpdateSMContext with the user
/// plane deactivated for each active session; the sessions stay.
[[nodiscard]] async::task<void> deactivate_pdu_sessions(amf_environment& env,
                                                        std::shared_ptr<amf_ue> ue);

/// The SMF released an SM context on its own (its SMContextStatusNotify, TS 29.502
/// §5.2.2.5, TS 23.502 §4.3.4.2 step 3c; to be called by the runtime's SBI server): the
/// routing context is forgotten. False if there was none.
bool forget_pdu_session(amf_environment& env, const std::string& supi, std::uint8_t pdu_session_id);

}  // namespace glasscore::amf
