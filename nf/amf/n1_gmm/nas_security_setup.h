#pragma once
/// \file
/// Taking a new 5G NAS security context into use after 5G AKA (TS 33.501 §6.7.2): the
/// algorithms chosen by the operator's priority among those the UE supports, KAMF from
/// KSEAF (Annex A.7), and the NAS keys (Annex A.8).

#include <cstdint>
#include <optional>
#include <string_view>

#include "glasscore/codec/nas/ies_5gmm.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"
#include "glasscore/crypto/kdf.h"

namespace glasscore::amf {

/// ABBA for 5G AKA without special features: 0x0000 (TS 33.501 Annex A.7.1).
inline constexpr std::array<std::uint8_t, 2> default_abba = {0x00, 0x00};

/// The first configured integrity and ciphering algorithms the UE supports (TS 33.501
/// §6.7.2: "the highest priority algorithm supported by the UE"). NIA0 is never chosen
/// here: it is for unauthenticated emergency sessions only (§5.5.2), which this AMF does
/// not serve. None in common: nullopt.
[[nodiscard]] std::optional<nas::security_algorithms> select_algorithms(
    const config::amf_config& config, const nas::ue_security_capability& ue);

/// KAMF from KSEAF for `supi` ("imsi-..."), and the NAS security context with the keys
/// for `algorithms`; both COUNTs start at 0 (TS 33.501 §6.4.3.1 for a new context).
struct new_nas_security {
  crypto::key256 kamf{};
  nas::security_context context;
};
[[nodiscard]] expected<new_nas_security, crypto::crypto_error> derive_nas_security(
    const crypto::key256& kseaf, std::string_view supi, nas::security_algorithms algorithms);

/// The 16-bit NR/E-UTRA algorithm masks of NGAP UE Security Capabilities (TS 38.413
/// §9.3.1.86: bit 1 = 128-NEA1/NIA1 ...) from the UE's NAS capability (TS 24.501 §9.11.3.54).
[[nodiscard]] std::uint16_t ngap_algorithm_mask(std::uint8_t nas_bits);

}  // namespace glasscore::amf
