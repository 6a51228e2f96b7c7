#pragma once
/// \file
/// NAS security mode control (TS 24.501 §5.4.2; TS 33.501 §6.7.2): the AMF derives KAMF
/// and the NAS keys, sends SECURITY MODE COMMAND integrity protected with the new context
/// (T3560, up to five times), and takes the context into use when SECURITY MODE COMPLETE
/// verifies with it.

#include <memory>
#include <optional>

#include "amf/procedures/amf_environment.h"
#include "amf/procedures/step_failure.h"
#include "glasscore/async/task.h"

namespace glasscore::amf {

/// On success the UE has a current NAS security context; the result is the complete
/// initial message the UE returned in the NAS message container (TS 24.501 §4.4.6), if it
/// sent one. The command always asks for it (RINMR, §9.11.3.12): the non-cleartext IEs of a
/// protected initial message are ciphered with a context this procedure replaces.
[[nodiscard]] async::task<expected<std::optional<nas::registration_request>, step_failure>>
secure_ue(amf_environment& env, std::shared_ptr<amf_ue> ue, crypto::key256 kseaf);

}  // namespace glasscore::amf
