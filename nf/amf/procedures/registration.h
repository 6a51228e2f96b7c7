#pragma once
/// \file
/// Registration (TS 23.502 §4.2.2.2.2; NAS: TS 24.501 §5.5.1.2): identify the UE (SUCI,
/// or the SUPI behind a 5G-GUTI this AMF assigned, else IDENTITY REQUEST), authenticate it
/// (5G AKA), set up NAS security, register with the UDM and read the subscription, choose
/// the allowed NSSAI, assign a new 5G-GUTI, and send REGISTRATION ACCEPT inside Initial
/// Context Setup with KgNB; the UE is registered once REGISTRATION COMPLETE arrives (T3550,
/// up to five transmissions). Any failure ends in the reject the spec prescribes and the
/// release of the NG connection.

#include <memory>

#include "amf/procedures/amf_environment.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

[[nodiscard]] async::task<void> register_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                            nas::registration_request request);

/// UE-initiated deregistration (TS 23.502 §4.2.2.3.2; TS 24.501 §5.5.2.2): DEREGISTRATION
/// ACCEPT unless switched off, UDM deregistration, release of the NG connection. The
/// context (SUPI, 5G-GUTI) stays for a later registration with the 5G-GUTI.
[[nodiscard]] async::task<void> deregister_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                              nas::deregistration_request_ue_originating request);

/// Sends UE CONTEXT RELEASE COMMAND (TS 38.413 §8.3.3) and forgets the NG connection.
void release_ng_connection(amf_environment& env, amf_ue& ue, const ngap::cause& cause);

}  // namespace glasscore::amf
