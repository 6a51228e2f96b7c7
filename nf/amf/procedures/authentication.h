#pragma once
/// \file
/// 5G AKA from the SEAF's side (TS 33.501 §6.1.3.2; NAS: TS 24.501 §5.4.1.3): get a
/// challenge from the AUSF, send AUTHENTICATION REQUEST (T3560, up to five times),
/// check HRES* against HXRES*, and let the AUSF confirm RES*. A synchronisation failure
/// (#21 with AUTS) is resolved once through the AUSF and the UDM (TS 33.102 §6.3.5).

#include <memory>
#include <string>

#include "amf/procedures/amf_environment.h"
#include "amf/procedures/step_failure.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// `identity` is the SUCI or SUPI in SBI form. On success the UE is authenticated and
/// the result carries its SUPI and KSEAF.
[[nodiscard]] async::task<expected<auth_confirmation, step_failure>> authenticate_ue(
    amf_environment& env, std::shared_ptr<amf_ue> ue, std::string identity);

}  // namespace glasscore::amf
