// Algorithm dispatch and the input checks common to NEA1-3 / NIA1-3 (TS 33.501 Annex D).
#include "glasscore/crypto/nas_algorithms.h"

namespace glasscore::crypto {

namespace {
// BEARER is 5 bits, DIRECTION 1 bit, and the data must hold LENGTH bits (D.2.1, D.3.1).
expected<void, crypto_error> check_parameters(algorithm_input in, std::size_t data_bytes,
                                              std::size_t length_bits) {
  if (in.bearer > 31 || static_cast<std::uint8_t>(in.dir) > 1) {
    return fail(crypto_error::bad_parameter);
  }
  if (length_bits > data_bytes * 8) {
    return fail(crypto_error::bad_bit_length);
  }
  return {};
}
}  // namespace

expected<void, crypto_error> check_algorithm_inputs(byte_span key, algorithm_input in,
                                                    std::size_t data_bytes,
                                                    std::size_t length_bits) {
  if (key.size() != 16) {
    return fail(crypto_error::bad_key_length);
  }
  return check_parameters(in, data_bytes, length_bits);
}

expected<void, crypto_error> cipher(cipher_algorithm alg, byte_span key, algorithm_input in,
                                    mutable_byte_span data, std::size_t length_bits) {
  switch (alg) {
    case cipher_algorithm::nea0:  // the null cipher takes no key (D.1)
      return check_parameters(in, data.size(), length_bits);
    case cipher_algorithm::nea1:
      return nea1(key, in, data, length_bits);
    case cipher_algorithm::nea2:
      return nea2(key, in, data, length_bits);
    case cipher_algorithm::nea3:
      return nea3(key, in, data, length_bits);
  }
  return fail(crypto_error::bad_parameter);
}

expected<mac32, crypto_error> integrity(integrity_algorithm alg, byte_span key, algorithm_input in,
                                        byte_span message, std::size_t length_bits) {
  switch (alg) {
    case integrity_algorithm::nia0:
      return check_parameters(in, message.size(), length_bits).map([] { return mac32{}; });
    case integrity_algorithm::nia1:
      return nia1(key, in, message, length_bits);
    case integrity_algorithm::nia2:
      return nia2(key, in, message, length_bits);
    case integrity_algorithm::nia3:
      return nia3(key, in, message, length_bits);
  }
  return fail(crypto_error::bad_parameter);
}

}  // namespace glasscore::crypto
