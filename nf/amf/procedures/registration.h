#pragma once
/// \file
/// Registration (TS 23.502 §4.2.2.2.2; NAS: TS 24.501 §5.5.1.2): identify the UE (SUCI,
/// or the SUPI behind a 5G-GUTI this AMF assigned, else IDENTITY REQUEST), authenticate it
/// (5G AKA), set up NAS security, register with the UDM and read the subscription, choose
/// the allowed NSSAI, assign a new 5G-GUTI, and send REGISTRATION ACCEPT inside Initial
/// Context Setup with KgNB; the UE is registered once REGISTRATION COMPLETE arrives (T3550,
/// up to five transmissions). Any failure ends in the reject the spec prescribes and the
/// release of the NG connection. Mobility and periodic registration updates (§5.5.1.3) of
/// a UE this AMF holds registered continue its context without authenticating again.
/// Admission control refuses registrations with #22 while too many wait on the home
/// network.

#include <memory>

#include "amf/procedures/amf_environment.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// `integrity_verified`: the request passed the integrity check of the UE's current NAS
/// security context, so a registration update may continue that context (§5.5.1.3).
[[nodiscard]] async::task<void> register_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                            nas::registration_request request,
                                            bool integrity_verified);

}  // namespace glasscore::amf
