#pragma once
/// \file
/// The AMF's SBI producer side for PDU sessions, sans-I/O on an sbi::router:
///
/// | POST | /namf-comm/v1/ue-contexts/{ueContextId}/n1-n2-messages | N1N2MessageTransfer (TS 29.518
/// §5.2.2.3.1): 200 N1N2MessageTransferRspData, or the error of transfer_n1n2 | | POST |
/// /namf-callback/v1/sm-context-status/{supi}/{pduSessionId} | SMContextStatusNotify (TS 29.502
/// §5.2.2.5): 204 |
///
/// Handlers run on the AMF's loop (the runtime's server and the AMF share the io_context).

#include "amf/procedures/amf_environment.h"
#include "glasscore/sbi/router.h"

namespace glasscore::amf {

void add_namf_routes(sbi::router& r, amf_environment& env);

}  // namespace glasscore::amf
