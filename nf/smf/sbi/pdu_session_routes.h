#pragma once
/// \file
/// The SMF's Nsmf_PDUSession producer for the AMF (TS 29.502 §5.2.2.2-§5.2.2.4, §6.1.3.2-
/// §6.1.3.3): create, update and release of SM contexts. Bodies are application/json or,
/// when N1/N2 messages travel, multipart/related with the JSON part first and the binary
/// parts referenced by Content-ID (TS 29.502 §6.1.2.4). Sans-I/O: routes on an sbi::router.
///
/// | POST | /nsmf-pdusession/v1/sm-contexts | 201 SmContextCreatedData; 403 SmContextCreateError +
/// N1 reject | | POST | /nsmf-pdusession/v1/sm-contexts/{smContextRef}/modify | 200
/// SmContextUpdatedData (+N1/N2), 204 | | POST |
/// /nsmf-pdusession/v1/sm-contexts/{smContextRef}/release | 204 |

#include <memory>
#include <string>

#include "glasscore/sbi/router.h"
#include "smf/procedures/smf_environment.h"

namespace glasscore::smf {

/// `api_root` ("http://127.0.0.4:7777") prefixes the Location of created contexts. The
/// PCF's notification route for the same contexts (policy_notify_routes.h) is added too.
void add_pdu_session_routes(sbi::router& r, smf_environment& env, std::string api_root);

/// The SM context the route's {smContextRef} names. For an unknown one, 404
/// CONTEXT_NOT_FOUND (a TS 29.502 application error) is replied and null returned.
[[nodiscard]] std::shared_ptr<sm_context> context_or_404(smf_environment& env,
                                                         const sbi::route_match& m,
                                                         sbi::reply_fn& reply);

}  // namespace glasscore::smf
