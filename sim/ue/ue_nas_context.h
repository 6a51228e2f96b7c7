// Internal: the UE's NAS security context and the helpers both ue_nas source files use.
#pragma once

#include <optional>

#include "glasscore/codec/nas/security.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/sim/ue_nas.h"

namespace glasscore::sim {

/// KAMF with its ngKSI (TS 33.501 §6.2.2) and, once a Security Mode Command selected
/// algorithms, the NAS keys and COUNTs in `nas`.
struct ue_nas::context {
  crypto::key256 kamf{};
  std::uint8_t ksi = nas::key_set_identifier::no_key_available;
  nas::security_algorithms algorithms{};
  crypto::key128_out k_nas_enc{};
  std::optional<nas::security_context> nas;
};

/// TS 33.501 A.8: KNASint/KNASenc for `algorithms` from KAMF, as a ready context.
[[nodiscard]] std::optional<nas::security_context> make_nas_context(
    const crypto::key256& kamf, const nas::security_algorithms& algorithms,
    crypto::key128_out* k_enc_out);

}  // namespace glasscore::sim
