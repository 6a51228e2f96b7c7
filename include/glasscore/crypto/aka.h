#pragma once
/// \file
/// 5G AKA building blocks on MILENAGE (TS 33.501 §6.1.3.2, TS 33.102 §6.3): the home
/// network's authentication vector, the UE's check of AUTN, and resynchronisation with AUTS.
/// Policy (SQN freshness windows, storage) belongs to the UDM and the USIM, not here.

#include <array>
#include <cstdint>
#include <string_view>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"

namespace glasscore::crypto {

using autn128 = std::array<std::uint8_t, 16>;
using auts112 = std::array<std::uint8_t, 14>;

/// The 5G home environment authentication vector (TS 33.501 §6.1.3.2.0 step 2).
struct he_auth_vector {
  rand128 rand{};
  autn128 autn{};  ///< SQN xor AK || AMF || MAC-A (TS 33.102 §6.3.2)
  res_star128 xres_star{};
  key256 kausf{};
};

/// Builds the 5G HE AV for RAND, SQN (6 bytes) and the AMF field (2 bytes) at the
/// serving network `sn_name`.
[[nodiscard]] expected<he_auth_vector, crypto_error> generate_he_auth_vector(
    const milenage& m, byte_span rand, byte_span sqn, byte_span amf, std::string_view sn_name);

/// What the USIM learns from a challenge whose MAC-A verified.
struct autn_contents {
  sqn48 sqn{};
  amf16 amf{};
  milenage_outputs keys;  ///< RES, CK, IK, AK for the challenge
};

/// USIM side: recovers SQN from AUTN and checks MAC-A (TS 33.102 §6.3.3). Fails with
/// mac_mismatch when MAC-A does not verify; judging SQN freshness is the caller's job.
[[nodiscard]] expected<autn_contents, crypto_error> open_autn(const milenage& m, byte_span rand,
                                                              byte_span autn);

/// USIM side: AUTS = SQN_MS xor AK* || MAC-S, MAC-S = f1*(SQN_MS, AMF = 0x0000)
/// (TS 33.102 §6.3.3: the AMF in MAC-S is a dummy of all zeros).
[[nodiscard]] expected<auts112, crypto_error> build_auts(const milenage& m, byte_span rand,
                                                         byte_span sqn_ms);

/// Home network side: recovers SQN_MS from AUTS, failing with mac_mismatch when MAC-S does
/// not verify (TS 33.102 §6.3.5).
[[nodiscard]] expected<sqn48, crypto_error> sqn_ms_from_auts(const milenage& m, byte_span rand,
                                                             byte_span auts);

}  // namespace glasscore::crypto
