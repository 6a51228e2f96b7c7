#pragma once
/// \file
/// Decoding and encoding errors of the NAS codec, and the 5GMM/5GSM causes a receiver
/// answers them with (TS 24.501 §7: handling of unknown, unforeseen and erroneous data).

#include <cstdint>
#include <string_view>

#include "glasscore/core/expected.h"

namespace glasscore::nas {

enum class nas_error : std::uint8_t {
  truncated,                  ///< the message ends inside a field (§7.2: too short)
  unknown_protocol,           ///< extended protocol discriminator is neither 5GMM nor 5GSM
  unknown_message_type,       ///< message type not defined for this protocol (§7.4)
  invalid_mandatory_ie,       ///< a mandatory IE missing or with a wrong length/value (§7.5)
  comprehension_required_ie,  ///< an unknown IE the spec says must be understood (§7.6.1)
  invalid_value,              ///< an IE value that cannot be encoded or decoded as typed
  bad_security_header,        ///< security header type not valid where it appears (§4.4.4)
  mac_failure,                ///< integrity check failed (§4.4.3)
  replayed,                   ///< NAS COUNT already used (TS 33.501 §6.4.3.1)
  no_security_context,        ///< a protected message and no security context to check it
};

[[nodiscard]] std::string_view to_string(nas_error e);

/// TS 24.501 §9.11.3.2 5GMM cause values used for protocol errors (Annex A.6).
enum class gmm_protocol_cause : std::uint8_t {
  semantically_incorrect_message = 95,
  invalid_mandatory_information = 96,
  message_type_non_existent = 97,
  message_type_not_compatible = 98,
  ie_non_existent = 99,
  conditional_ie_error = 100,
  message_not_compatible = 101,
  protocol_error_unspecified = 111,
};

/// The cause a 5GMM or 5GSM STATUS (or reject) carries for a decoding error; the numeric
/// values coincide for 5GMM (§9.11.3.2) and 5GSM (§9.11.4.2) protocol errors.
[[nodiscard]] gmm_protocol_cause protocol_cause_for(nas_error e);

}  // namespace glasscore::nas
