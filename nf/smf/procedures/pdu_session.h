#pragma once
/// \file
/// The SMF's PDU session procedures (TS 23.502 §4.3.2.2.1 establishment, §4.3.4.2
/// UE- or network-requested release, §4.2.6 AN release; TS 24.501 §6.3.1, §6.3.3, §6.4.1,
/// §6.4.3), driven by the AMF's Nsmf_PDUSession SM context operations (TS 29.502 §5.2.2.2-
/// §5.2.2.4). Each runs in the session's FIFO (env.procedures) when the SBI layer enqueues
/// it; answers are plain values the SBI layer turns into HTTP.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/async/task.h"
#include "glasscore/codec/nas/ies_5gsm.h"
#include "smf/procedures/smf_environment.h"

namespace glasscore::smf {

/// Nsmf_PDUSession_CreateSMContext request, reduced (SmContextCreateData + the N1 part).
struct create_request {
  std::string supi;
  std::uint8_t pdu_session_id = 0;
  std::string dnn;
  ::glasscore::smf::slice slice;
  std::string amf_api_root;             ///< where N1N2MessageTransfer goes
  std::string status_uri;               ///< smContextStatusUri
  std::optional<ue_location> location;  ///< ueLocation (NR), for UPF selection
  std::vector<std::uint8_t> n1;
};

/// A refused create (TS 29.502 §5.2.2.2.1: 4xx/5xx with SmContextCreateError, whose n1SmMsg
/// is the PDU SESSION ESTABLISHMENT REJECT the AMF passes to the UE).
struct create_rejection {
  std::uint16_t status = 403;
  std::string cause;  ///< TS 29.502 §6.1.7.3 application error
  std::string detail;
  std::vector<std::uint8_t> n1;
};

/// What the accepted create leaves for the user-plane step: the UE's ePCO request.
struct create_result {
  std::shared_ptr<sm_context> context;
  std::optional<nas::extended_pco> requested_pco;
};

/// Checks the request against the subscription and the SMF's DNNs and creates the SM
/// context; the caller answers 201 and then enqueues `establish_user_plane`.
async::task<expected<create_result, create_rejection>> create_sm_context(smf_environment& env,
                                                                         create_request r);

/// Policy, UE address, N4 session, then N1 accept + N2 setup request to the AMF; on any
/// failure a PDU SESSION ESTABLISHMENT REJECT goes to the UE and the context is released.
async::task<void> establish_user_plane(smf_environment& env, std::shared_ptr<sm_context> c,
                                       std::optional<nas::extended_pco> requested_pco);

/// Nsmf_PDUSession_UpdateSMContext request, reduced (SmContextUpdateData + parts).
struct update_request {
  std::optional<std::vector<std::uint8_t>> n1;
  std::optional<n2_sm_message> n2;
  std::optional<std::string> up_cnx_state;  ///< "DEACTIVATED" (AN release), "ACTIVATING"
};

/// The answer (SmContextUpdatedData + parts, or an error).
struct update_answer {
  std::uint16_t status = 200;
  std::optional<std::string> up_cnx_state;
  std::optional<std::vector<std::uint8_t>> n1;
  std::optional<n2_sm_message> n2;
  std::string cause;  ///< for an error status
  std::string detail;
};

async::task<update_answer> update_sm_context(smf_environment& env, std::shared_ptr<sm_context> c,
                                             update_request r);

/// Removes the context after freeing its resources, and tells the AMF (TS 29.502
/// §5.2.2.5.2, SMContextStatusNotify "RELEASED").
async::task<void> remove_and_notify(smf_environment& env, std::shared_ptr<sm_context> c);

/// Nsmf_PDUSession_ReleaseSMContext (the AMF releases, e.g. at de-registration): the N4
/// session, the addresses and the policy go, with no N1/N2 signalling.
async::task<void> release_sm_context(smf_environment& env, std::shared_ptr<sm_context> c);

/// Network-requested release (TS 23.502 §4.3.4.2, e.g. operator action): a PDU SESSION
/// RELEASE COMMAND and N2 release command through the AMF. False if no such session.
bool release_session(smf_environment& env, const std::string& supi, std::uint8_t pdu_session_id,
                     nas::gsm_cause cause = nas::gsm_cause::regular_deactivation);

}  // namespace glasscore::smf
