#pragma once
/// \file
/// The 5G ciphering (128-NEA1/2/3) and integrity (128-NIA1/2/3) algorithms of TS 33.501
/// Annex D, over bit-length inputs. They are the EPS 128-EEA/EIA algorithms applied one to
/// one (TS 33.501 D.4): NEA1/NIA1 on SNOW 3G (TS 35.215-35.217), NEA2/NIA2 on AES
/// (TS 33.401 Annex B.1.3 / B.2.3), NEA3/NIA3 on ZUC (TS 35.221-35.223).
///
/// Inputs as in TS 33.501 D.2.1 / D.3.1: a 128-bit KEY, 32-bit COUNT, 5-bit BEARER,
/// 1-bit DIRECTION and the LENGTH of the message in bits, most significant bit first.

#include <array>
#include <cstddef>
#include <cstdint>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

/// TS 33.501 D.2.1: 0 for uplink, 1 for downlink.
enum class direction : std::uint8_t { uplink = 0, downlink = 1 };

/// The per-message inputs besides key and data.
struct algorithm_input {
  std::uint32_t count = 0;
  std::uint8_t bearer = 0;  ///< 5 bits; values above 31 are rejected
  direction dir = direction::uplink;
};

/// TS 24.501 §9.11.3.34 / TS 33.501 §5.11.1.1 algorithm identifiers.
enum class cipher_algorithm : std::uint8_t { nea0 = 0, nea1 = 1, nea2 = 2, nea3 = 3 };
enum class integrity_algorithm : std::uint8_t { nia0 = 0, nia1 = 1, nia2 = 2, nia3 = 3 };

using mac32 = std::array<std::uint8_t, 4>;

/// Ciphers (or deciphers: the operation is its own inverse) the first `length_bits` bits of
/// `data` in place. Bits of the last byte beyond `length_bits` are set to zero, as the
/// algorithms define the output to be exactly LENGTH bits. `data` must hold at least
/// ceil(length_bits / 8) bytes.
[[nodiscard]] expected<void, crypto_error> nea1(byte_span key, algorithm_input in,
                                                mutable_byte_span data, std::size_t length_bits);
[[nodiscard]] expected<void, crypto_error> nea2(byte_span key, algorithm_input in,
                                                mutable_byte_span data, std::size_t length_bits);
[[nodiscard]] expected<void, crypto_error> nea3(byte_span key, algorithm_input in,
                                                mutable_byte_span data, std::size_t length_bits);

/// The 32-bit MAC-I/NAS-MAC over the first `length_bits` bits of `message`.
[[nodiscard]] expected<mac32, crypto_error> nia1(byte_span key, algorithm_input in,
                                                 byte_span message, std::size_t length_bits);
[[nodiscard]] expected<mac32, crypto_error> nia2(byte_span key, algorithm_input in,
                                                 byte_span message, std::size_t length_bits);
[[nodiscard]] expected<mac32, crypto_error> nia3(byte_span key, algorithm_input in,
                                                 byte_span message, std::size_t length_bits);

/// Dispatch by algorithm identifier. NEA0 leaves the data unchanged; NIA0 yields a MAC of
/// all zeros (TS 33.501 D.1, D.3.1: NIA0 provides no protection).
[[nodiscard]] expected<void, crypto_error> cipher(cipher_algorithm alg, byte_span key,
                                                  algorithm_input in, mutable_byte_span data,
                                                  std::size_t length_bits);
[[nodiscard]] expected<mac32, crypto_error> integrity(integrity_algorithm alg, byte_span key,
                                                      algorithm_input in, byte_span message,
                                                      std::size_t length_bits);

/// Checks shared by every algorithm: a 16-byte key, BEARER within 5 bits, and enough bytes
/// for `length_bits`.
[[nodiscard]] expected<void, crypto_error> check_algorithm_inputs(byte_span key, algorithm_input in,
                                                                  std::size_t data_bytes,
                                                                  std::size_t length_bits);

}  // namespace glasscore::crypto
