#pragma once
/// \file
/// De-registration (TS 23.502 §4.2.2.3; NAS: TS 24.501 §5.5.2): initiated by the UE, by the
/// network (DEREGISTRATION REQUEST with T3522, up to five transmissions), or implicitly
/// when an idle UE stops answering (§5.3.7). Each ends with the UDM told (Nudm_UECM
/// deregistration) and the NG connection released; the context (SUPI, 5G-GUTI, NAS
/// security context) stays, so a later registration with the 5G-GUTI finds it and a
/// registration update from a UE de-registered this way gets #10.

#include <memory>
#include <optional>

#include "amf/procedures/amf_environment.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// UE-initiated de-registration (§5.5.2.2): DEREGISTRATION ACCEPT unless switched off.
[[nodiscard]] async::task<void> deregister_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                              nas::deregistration_request_ue_originating request);

struct network_deregistration {
  /// §9.11.3.20: the UE registers again at once (e.g. after a subscription change).
  bool reregistration_required = false;
  std::optional<nas::gmm_cause> cause;  ///< sent in the request if set (§5.5.2.3.2)
};

/// Network-initiated de-registration (§5.5.2.3) of a registered UE. A connected UE gets
/// DEREGISTRATION REQUEST (T3522; on the fifth expiry the AMF de-registers it anyway,
/// §5.5.2.3.5 a); an idle one is de-registered locally (paging is not built) and learns it
/// with #10 at its next registration update.
[[nodiscard]] async::task<void> deregister_by_network(amf_environment& env,
                                                      std::shared_ptr<amf_ue> ue,
                                                      network_deregistration how);

/// Implicit de-registration (§5.3.7) after the idle UE's implicit de-registration timer.
[[nodiscard]] async::task<void> deregister_implicitly(amf_environment& env,
                                                      std::shared_ptr<amf_ue> ue);

}  // namespace glasscore::amf
