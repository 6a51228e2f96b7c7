#pragma once
/// \file
/// The error every SBI JSON decoder returns: which member was wrong, as a JSON Pointer
/// (RFC 6901), and why. The pointer is what TS 29.571 `InvalidParam.param` carries, so a
/// 400 answer can name the field (TS 29.500 §5.2.7.2).

#include <string>

namespace glasscore::sbi {

/// Why a body could not be decoded.
enum class decode_error_kind {
  syntax,     ///< not JSON at all (TS 29.500 cause INVALID_MSG_FORMAT)
  missing,    ///< a required member is absent (MANDATORY_IE_MISSING)
  incorrect,  ///< a member has the wrong type, range, pattern or enum value
};

struct decode_error {
  decode_error_kind kind = decode_error_kind::incorrect;
  std::string pointer;  ///< JSON Pointer of the member, e.g. "/nfServices/0/scheme"; "" = root
  std::string reason;   ///< e.g. "unknown value 'FOO'"

  /// "nfType: unknown value 'FOO'" (the pointer without its leading '/'), or the reason
  /// alone for the root.
  [[nodiscard]] std::string to_string() const;
};

}  // namespace glasscore::sbi
