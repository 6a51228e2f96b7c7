#pragma once
/// \file
/// The SMF's callback for the PCF (Npcf_SMPolicyControl_UpdateNotify, TS 29.512 §4.2.3.2,
/// §5.5.3): POST {notificationUri}/update with an SmPolicyNotification. The
/// notificationUri the SMF gives each SM policy association (sbi_peers.h) ends in the SM
/// context reference, so the route finds the session without searching.
///
/// | POST | /nsmf-callback/v1/sm-policy-notify/{smContextRef}/update | 204; 404 CONTEXT_NOT_FOUND;
/// 400 for a body that does not decode |
///
/// The 204 goes before the modification runs (TS 23.502 §4.3.3.2 step 1b: the SMF
/// acknowledges, then modifies the session); the new decision is applied in the session's
/// procedure FIFO (pdu_session_modification.h).

#include <string_view>

#include "glasscore/sbi/router.h"
#include "smf/procedures/smf_environment.h"

namespace glasscore::smf {

/// The base of every session's notificationUri (after the SMF's apiRoot).
inline constexpr std::string_view policy_notify_base = "/nsmf-callback/v1/sm-policy-notify";

void add_policy_notify_routes(sbi::router& r, smf_environment& env);

}  // namespace glasscore::smf
