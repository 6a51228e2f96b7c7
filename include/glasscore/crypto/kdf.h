#pragma once
/// \file
/// The generic key derivation function of TS 33.220 Annex B.2 that every TS 33.501 Annex A
/// derivation uses: KDF(Key, S) = HMAC-SHA-256(Key, S) with
/// S = FC || P0 || L0 || P1 || L1 || ... and Li the 2-octet big-endian length of Pi.

#include <array>
#include <cstdint>
#include <initializer_list>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

using key256 = std::array<std::uint8_t, 32>;
using digest256 = std::array<std::uint8_t, 32>;

/// KDF(key, FC || P0 || L0 || ...). Fails with bad_input_length if a parameter is longer
/// than its 16-bit length field can say.
[[nodiscard]] expected<key256, crypto_error> kdf(byte_span key, std::uint8_t fc,
                                                 std::initializer_list<byte_span> params);

/// HMAC-SHA-256(key, data).
[[nodiscard]] expected<digest256, crypto_error> hmac_sha256(byte_span key, byte_span data);

/// SHA-256(data).
[[nodiscard]] expected<digest256, crypto_error> sha256(byte_span data);

}  // namespace glasscore::crypto
