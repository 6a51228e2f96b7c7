#pragma once
/// \file
/// Errors of the crypto library. Inputs arrive from the network (SUCI scheme outputs, AUTS,
/// NAS MACs) and from configuration (keys), so every size and value is checked and reported
/// as one of these, never asserted.

#include <cstdint>
#include <string_view>

namespace glasscore::crypto {

enum class crypto_error : std::uint8_t {
  bad_key_length,       ///< a key of the wrong size for the algorithm
  bad_input_length,     ///< a fixed-size input (RAND, SQN, AMF, AUTS...) of the wrong size
  bad_bit_length,       ///< a bit length that exceeds the bytes supplied
  bad_parameter,        ///< a value outside its range (BEARER > 31, unknown algorithm id...)
  invalid_public_key,   ///< not a valid curve point / public key
  invalid_private_key,  ///< a private key outside the curve's valid range
  mac_mismatch,         ///< an ECIES MAC tag that does not verify
  malformed_suci,       ///< a SUCI string or scheme output that does not parse
  unsupported_scheme,   ///< a protection scheme this side cannot process
  backend_failure,      ///< OpenSSL reported an internal failure
};

[[nodiscard]] std::string_view to_string(crypto_error e);

}  // namespace glasscore::crypto
