#include "glasscore/codec/nas/error.h"

namespace glasscore::nas {

std::string_view to_string(nas_error e) {
  switch (e) {
    case nas_error::truncated:
      return "message too short";
    case nas_error::unknown_protocol:
      return "unknown extended protocol discriminator";
    case nas_error::unknown_message_type:
      return "unknown message type";
    case nas_error::invalid_mandatory_ie:
      return "invalid or missing mandatory information element";
    case nas_error::comprehension_required_ie:
      return "unknown comprehension-required information element";
    case nas_error::invalid_value:
      return "information element value out of range";
    case nas_error::bad_security_header:
      return "security header type not allowed here";
    case nas_error::mac_failure:
      return "NAS integrity check failed";
    case nas_error::replayed:
      return "NAS COUNT replayed";
    case nas_error::no_security_context:
      return "no NAS security context";
  }
  return "unknown NAS error";
}

gmm_cause protocol_cause_for(nas_error e) {
  switch (e) {
    case nas_error::unknown_message_type:
      return gmm_cause::message_type_non_existent;
    case nas_error::truncated:
    case nas_error::invalid_mandatory_ie:
    case nas_error::comprehension_required_ie:
      return gmm_cause::invalid_mandatory_information;
    case nas_error::invalid_value:
      return gmm_cause::semantically_incorrect_message;
    default:
      return gmm_cause::protocol_error_unspecified;
  }
}

}  // namespace glasscore::nas
