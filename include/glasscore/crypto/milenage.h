#pragma once
/// \file
/// MILENAGE, the 3GPP authentication and key generation functions f1, f1*, f2, f3, f4, f5
/// and f5* (TS 35.206 §4.1), with OPc derivation (TS 35.206 §4.1: OPc = OP xor E[OP]K).
/// The UDM's ARPF computes authentication vectors with it; the simulator's USIM answers
/// them.

#include <array>
#include <cstdint>
#include <memory>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

class aes128;

using key128 = std::array<std::uint8_t, 16>;
using rand128 = std::array<std::uint8_t, 16>;
using sqn48 = std::array<std::uint8_t, 6>;
using amf16 = std::array<std::uint8_t, 2>;
using mac64 = std::array<std::uint8_t, 8>;
using ak48 = std::array<std::uint8_t, 6>;
using res64 = std::array<std::uint8_t, 8>;

/// OPc from the subscriber key K and the operator's OP.
[[nodiscard]] expected<key128, crypto_error> compute_opc(byte_span k, byte_span op);

/// f2, f3, f4 and f5 share one computation; they come out together.
struct milenage_outputs {
  res64 res{};  ///< f2: RES / XRES
  key128 ck{};  ///< f3: cipher key
  key128 ik{};  ///< f4: integrity key
  ak48 ak{};    ///< f5: anonymity key
};

/// MILENAGE for one subscriber: K and OPc fixed, the AES key schedule computed once.
class milenage {
 public:
  /// Fails with bad_key_length unless K and OPc are 16 bytes each.
  [[nodiscard]] static expected<milenage, crypto_error> create(byte_span k, byte_span opc);

  /// f1: network authentication code MAC-A. RAND 16, SQN 6, AMF 2 bytes.
  [[nodiscard]] expected<mac64, crypto_error> f1(byte_span rand, byte_span sqn,
                                                 byte_span amf) const;
  /// f1*: resynchronisation authentication code MAC-S. RAND 16, SQN 6, AMF 2 bytes.
  [[nodiscard]] expected<mac64, crypto_error> f1star(byte_span rand, byte_span sqn,
                                                     byte_span amf) const;
  /// f2, f3, f4, f5 for a 16-byte RAND.
  [[nodiscard]] expected<milenage_outputs, crypto_error> f2345(byte_span rand) const;
  /// f5*: anonymity key for resynchronisation, for a 16-byte RAND.
  [[nodiscard]] expected<ak48, crypto_error> f5star(byte_span rand) const;

 private:
  milenage(const key128& opc, std::shared_ptr<const aes128> cipher)
      : opc_(opc), cipher_(std::move(cipher)) {}

  [[nodiscard]] std::array<std::uint8_t, 16> out1(const rand128& rand, byte_span sqn,
                                                  byte_span amf) const;
  [[nodiscard]] std::array<std::uint8_t, 16> out_n(const std::array<std::uint8_t, 16>& temp,
                                                   unsigned rotate_bytes,
                                                   std::uint8_t constant) const;
  [[nodiscard]] std::array<std::uint8_t, 16> temp(const rand128& rand) const;

  key128 opc_;
  std::shared_ptr<const aes128> cipher_;  // E[.]K, key schedule shared by copies
};

}  // namespace glasscore::crypto
