#include "amf/n1_gmm/nas_security_setup.h"

#include "glasscore/crypto/key_derivation.h"

namespace glasscore::amf {

std::optional<nas::security_algorithms> select_algorithms(const config::amf_config& config,
                                                          const nas::ue_security_capability& ue) {
  std::optional<std::uint8_t> integrity;
  for (auto a : config.integrity) {
    const auto id = static_cast<std::uint8_t>(a);
    if (id != 0 && ue.supports_nia(id)) {
      integrity = id;
      break;
    }
  }
  std::optional<std::uint8_t> ciphering;
  for (auto a : config.ciphering) {
    const auto id = static_cast<std::uint8_t>(a);
    // NEA0 is "always supported" by a UE (TS 33.501 §5.11.1.1), so it needs no bit.
    if (id == 0 || ue.supports_nea(id)) {
      ciphering = id;
      break;
    }
  }
  if (!integrity || !ciphering) {
    return std::nullopt;
  }
  return nas::security_algorithms{*ciphering, *integrity};
}

expected<new_nas_security, crypto::crypto_error> derive_nas_security(
    const crypto::key256& kseaf, std::string_view supi, nas::security_algorithms algorithms) {
  auto kamf = crypto::derive_kamf(kseaf, supi, default_abba);
  if (!kamf) {
    return fail(kamf.error());
  }
  auto k_int =
      crypto::derive_algorithm_key(*kamf, crypto::algorithm_type::nas_int, algorithms.integrity);
  auto k_enc =
      crypto::derive_algorithm_key(*kamf, crypto::algorithm_type::nas_enc, algorithms.ciphering);
  if (!k_int || !k_enc) {
    return fail(!k_int ? k_int.error() : k_enc.error());
  }
  return new_nas_security{
      *kamf, nas::security_context(*k_int, *k_enc,
                                   static_cast<crypto::integrity_algorithm>(algorithms.integrity),
                                   static_cast<crypto::cipher_algorithm>(algorithms.ciphering))};
}

std::uint16_t ngap_algorithm_mask(std::uint8_t nas_bits) {
  // NAS: bit 8 = algorithm 0, bit 7 = 1, bit 6 = 2, bit 5 = 3. NGAP: the first (most
  // significant) of 16 bits = algorithm 1, then 2, then 3; algorithm 0 has no bit.
  return static_cast<std::uint16_t>((nas_bits & 0x70U) << 9U);
}

}  // namespace glasscore::amf
