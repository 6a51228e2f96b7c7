#pragma once
/// \file
/// The ZUC stream cipher (ETSI/SAGE "Specification of the 3GPP Confidentiality and Integrity
/// Algorithms 128-EEA3 & 128-EIA3, Document 2: ZUC Specification" v1.6, = 3GPP TS 35.222),
/// the core of 128-NEA3 / 128-NIA3 (nas_algorithms.h; Document 1 = TS 35.221).

#include <array>
#include <cstdint>
#include <span>

#include "glasscore/core/bytes.h"

namespace glasscore::crypto {

/// ZUC keystream generator (Document 2 §3.6). Construction performs the key loading (§3.5)
/// and the initialisation stage (32 rounds) and the first, discarded, working-stage round;
/// each next() then yields one keystream word Z.
class zuc_keystream {
 public:
  /// `key` = k0 || ... || k15 and `iv` = iv0 || ... || iv15, one byte each (§3.5).
  zuc_keystream(std::span<const std::uint8_t, 16> key, std::span<const std::uint8_t, 16> iv);

  /// The next 32-bit keystream word (§3.6).
  [[nodiscard]] std::uint32_t next();

  /// XORs the keystream, first word first and most significant byte first, onto `data`.
  void apply(mutable_byte_span data);

 private:
  void bit_reorganization();
  [[nodiscard]] std::uint32_t nonlinear_f();
  void lfsr_initialisation_mode(std::uint32_t u);
  void lfsr_work_mode();

  std::array<std::uint32_t, 16> s_{};  ///< LFSR cells s0..s15, 31 bits each
  std::uint32_t r1_ = 0;
  std::uint32_t r2_ = 0;
  std::uint32_t x0_ = 0;
  std::uint32_t x1_ = 0;
  std::uint32_t x2_ = 0;
  std::uint32_t x3_ = 0;
};

}  // namespace glasscore::crypto
