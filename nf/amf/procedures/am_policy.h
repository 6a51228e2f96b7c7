#pragma once
/// \file
/// The UE's AM policy association with the PCF (TS 23.502 §4.16.1.2 establishment, during
/// registration at §4.2.2.2.2 step 16; §4.16.3.2 AMF-initiated termination, when the UE
/// de-registers or its context is replaced). What the PCF decides is kept in
/// `amf_ue::policy`; the RFSP index goes to the gNB in the Initial Context Setup Request.

#include <memory>

#include "amf/procedures/amf_environment.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// Creates the association unless the UE has one or the AMF has no PCF. A PCF that fails
/// or cannot be reached does not stop the registration: the AMF goes on with local policy
/// (TS 23.503 §6.1.2.1) and logs it; the next registration tries again.
[[nodiscard]] async::task<void> establish_am_policy(amf_environment& env,
                                                    std::shared_ptr<amf_ue> ue);

/// Deletes the UE's association, if it has one, and forgets it. A failure is logged: the
/// PCF drops what it holds when it restarts, and there is nothing else the AMF could do.
[[nodiscard]] async::task<void> end_am_policy(amf_environment& env, std::shared_ptr<amf_ue> ue);

}  // namespace glasscore::amf
