#pragma once
/// \file
/// The SNOW 3G stream cipher (ETSI/SAGE "Specification of the 3GPP Confidentiality and
/// Integrity Algorithms UEA2 & UIA2, Document 2: SNOW 3G Specification", = 3GPP TS 35.216)
/// and the UMTS algorithms built on it, UEA2 (f8) and UIA2 (f9) (Document 1, = TS 35.215).
/// 128-NEA1 / 128-NIA1 (nas_algorithms.h) are UEA2 / UIA2 with the parameter mapping of
/// TS 33.401 B.1.2 / B.2.2.

#include <array>
#include <cstddef>
#include <cstdint>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"
#include "glasscore/crypto/nas_algorithms.h"

namespace glasscore::crypto {

/// SNOW 3G keystream generator (Document 2 §4). Construction runs the initialisation mode
/// (32 clocks) and the first, discarded, keystream-mode clock; each next() then yields one
/// keystream word z1, z2, ...
class snow3g_keystream {
 public:
  /// Four 32-bit words each, indexed as in Document 2 §4: key[i] = k_i and iv[i] = IV_i.
  /// (UEA2/UIA2 put the first 32 bits of CK in k3 and COUNT in IV3, Document 1; the
  /// keystream test data of Document 3 lists k0 and IV0 first.)
  snow3g_keystream(const std::array<std::uint32_t, 4>& key, const std::array<std::uint32_t, 4>& iv);

  /// The next keystream word z_t (Document 2 §4).
  [[nodiscard]] std::uint32_t next();

  /// XORs the keystream, z1 first and most significant byte first, onto `data`.
  void apply(mutable_byte_span data);

 private:
  void clock_lfsr(std::uint32_t f);
  [[nodiscard]] std::uint32_t clock_fsm();

  std::array<std::uint32_t, 16> s_{};  ///< LFSR s0..s15
  std::uint32_t r1_ = 0;
  std::uint32_t r2_ = 0;
  std::uint32_t r3_ = 0;
};

/// UEA2 confidentiality function f8 (Document 1 §3): ciphers or deciphers the first
/// `length_bits` bits of `data` in place and zeroes the rest of the last byte. The same
/// checks as the NEA functions apply (16-byte key, BEARER <= 31, enough data).
[[nodiscard]] expected<void, crypto_error> uea2_f8(byte_span key, std::uint32_t count,
                                                   std::uint8_t bearer, direction dir,
                                                   mutable_byte_span data, std::size_t length_bits);

/// UIA2 integrity function f9 (Document 1 §4): the 32-bit MAC-I over the first
/// `length_bits` bits of `message`, keyed by IK = `key`, COUNT-I = `count` and FRESH.
[[nodiscard]] expected<mac32, crypto_error> uia2_f9(byte_span key, std::uint32_t count,
                                                    std::uint32_t fresh, direction dir,
                                                    byte_span message, std::size_t length_bits);

}  // namespace glasscore::crypto
