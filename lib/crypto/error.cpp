#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

std::string_view to_string(crypto_error e) {
  switch (e) {
    case crypto_error::bad_key_length:
      return "key has the wrong length";
    case crypto_error::bad_input_length:
      return "input has the wrong length";
    case crypto_error::bad_bit_length:
      return "bit length exceeds the data supplied";
    case crypto_error::bad_parameter:
      return "parameter out of range";
    case crypto_error::invalid_public_key:
      return "invalid public key";
    case crypto_error::invalid_private_key:
      return "invalid private key";
    case crypto_error::mac_mismatch:
      return "MAC tag does not verify";
    case crypto_error::malformed_suci:
      return "malformed SUCI";
    case crypto_error::unsupported_scheme:
      return "unsupported protection scheme";
    case crypto_error::backend_failure:
      return "cryptographic backend failure";
  }
  return "unknown crypto error";
}

}  // namespace glasscore::crypto
