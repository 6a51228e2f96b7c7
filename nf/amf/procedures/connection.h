#pragma once
/// \file
/// The end of a UE's NG connection, and the supervision of a registered UE while it is idle
/// (TS 24.501 §5.3.7): when a registered UE's connection ends, the mobile reachable timer
/// (T3512 plus a margin) starts; if the UE has not come back when it expires, the implicit
/// de-registration timer starts; when that expires, the UE is de-registered implicitly. A
/// UE that comes back does so on a new NG connection whose context takes this one over
/// (removing it, which stops the timer).

#include "amf/procedures/amf_environment.h"

namespace glasscore::amf {

/// Sends UE CONTEXT RELEASE COMMAND (TS 38.413 §8.3.3) and ends the NG connection.
void release_ng_connection(amf_environment& env, amf_ue& ue, const ngap::cause& cause);

/// The NG connection is gone (released, or lost with its gNB): forgets it, and a registered
/// UE, now idle, is supervised.
void end_ng_connection(amf_environment& env, amf_ue& ue);

}  // namespace glasscore::amf
