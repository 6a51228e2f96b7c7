// 128-NEA1 and 128-NIA1: SNOW 3G based, TS 33.501 Annex D.2 / D.3 by way of 128-EEA1 and
// 128-EIA1 (TS 33.401 B.1.2 / B.2.2), which are UEA2 f8 and UIA2 f9 (TS 35.215) with a
// parameter mapping; the functions themselves live in snow3g.cpp.
#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/snow3g.h"

namespace glasscore::crypto {

// TS 33.401 B.1.2: COUNT-C = COUNT, BEARER, DIRECTION, CK = KEY, LENGTH: a one-to-one
// mapping onto the UEA2 inputs.
expected<void, crypto_error> nea1(byte_span key, algorithm_input in, mutable_byte_span data,
                                  std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, data.size(), length_bits); !ok) {
    return ok;
  }
  return uea2_f8(key, in.count, in.bearer, in.dir, data, length_bits);
}

// TS 33.401 B.2.2: COUNT-I = COUNT, IK = KEY, and UIA2's 32-bit FRESH carries BEARER in its
// five most significant bits (FRESH[0..4] = BEARER[0..4], FRESH[5..31] = 0).
expected<mac32, crypto_error> nia1(byte_span key, algorithm_input in, byte_span message,
                                   std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, message.size(), length_bits); !ok) {
    return fail(ok.error());
  }
  return uia2_f9(key, in.count, std::uint32_t{in.bearer} << 27, in.dir, message, length_bits);
}

}  // namespace glasscore::crypto
