#pragma once
/// \file
/// The 5G key hierarchy of TS 33.501 Annex A, each derivation a call of the TS 33.220 KDF
/// (kdf.h) with the FC value and parameters the clause fixes:
///
///   CK, IK --A.2--> KAUSF --A.6--> KSEAF --A.7--> KAMF --A.8--> KNASint, KNASenc
///                                                     --A.9--> KgNB / KN3IWF --A.10--> NH
///   CK, IK --A.3--> CK', IK' --RFC 5448--> EMSK --> KAUSF (EAP-AKA')
///   CK, IK --A.4--> RES*/XRES* --A.5--> HRES*/HXRES*
///   KAMF --A.13--> KAMF' (horizontal derivation on AMF change)

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"
#include "glasscore/crypto/kdf.h"

namespace glasscore::crypto {

using res_star128 = std::array<std::uint8_t, 16>;
using key128_out = std::array<std::uint8_t, 16>;

/// "5G:mnc<MNC>.mcc<MCC>.3gppnetwork.org" (TS 24.501 §9.12.1, TS 23.003 §28.2: a two-digit
/// MNC is written with a leading zero). Fails with bad_parameter unless MCC has 3 digits
/// and MNC 2 or 3.
[[nodiscard]] expected<std::string, crypto_error> serving_network_name(std::string_view mcc,
                                                                       std::string_view mnc);

/// A.2: KAUSF for 5G AKA = KDF(CK || IK, 0x6A, SN name, SQN xor AK).
[[nodiscard]] expected<key256, crypto_error> derive_kausf(byte_span ck, byte_span ik,
                                                          std::string_view sn_name,
                                                          byte_span sqn_xor_ak);

/// A.3: CK' || IK' = KDF(CK || IK, 0x20, SN name, SQN xor AK) for EAP-AKA'.
struct ck_ik_prime {
  std::array<std::uint8_t, 16> ck_prime{};
  std::array<std::uint8_t, 16> ik_prime{};
};
[[nodiscard]] expected<ck_ik_prime, crypto_error> derive_ck_ik_prime(byte_span ck, byte_span ik,
                                                                     std::string_view sn_name,
                                                                     byte_span sqn_xor_ak);

/// RFC 5448 §3.3: MK = PRF'(IK' || CK', "EAP-AKA'" || Identity), split into
/// K_encr (16) || K_aut (32) || K_re (32) || MSK (64) || EMSK (64). TS 33.501 §6.1.3.1 takes
/// KAUSF as the first 256 bits of EMSK.
struct eap_aka_prime_keys {
  std::array<std::uint8_t, 16> k_encr{};
  std::array<std::uint8_t, 32> k_aut{};
  std::array<std::uint8_t, 32> k_re{};
  std::array<std::uint8_t, 64> msk{};
  std::array<std::uint8_t, 64> emsk{};
  [[nodiscard]] key256 kausf() const;
};
[[nodiscard]] expected<eap_aka_prime_keys, crypto_error> derive_eap_aka_prime_keys(
    const ck_ik_prime& keys, std::string_view identity);

/// A.4: RES* / XRES* = the 128 least significant bits of
/// KDF(CK || IK, 0x6B, SN name, RAND, RES). RES is 4 to 16 bytes (TS 33.102 §6.3.2).
[[nodiscard]] expected<res_star128, crypto_error> derive_res_star(byte_span ck, byte_span ik,
                                                                  std::string_view sn_name,
                                                                  byte_span rand, byte_span res);

/// A.5: HRES* / HXRES* = the 128 least significant bits of SHA-256(RAND || RES*).
[[nodiscard]] expected<res_star128, crypto_error> derive_hres_star(byte_span rand,
                                                                   byte_span res_star);

/// A.6: KSEAF = KDF(KAUSF, 0x6C, SN name).
[[nodiscard]] expected<key256, crypto_error> derive_kseaf(byte_span kausf,
                                                          std::string_view sn_name);

/// A.7: KAMF = KDF(KSEAF, 0x6D, SUPI, ABBA). `supi` is in TS 29.571 form: "imsi-<digits>"
/// contributes its digits (TS 23.003 §2.2), "nai-<nai>" its NAI (A.7.0).
[[nodiscard]] expected<key256, crypto_error> derive_kamf(byte_span kseaf, std::string_view supi,
                                                         byte_span abba);

/// A.8 algorithm type distinguishers.
enum class algorithm_type : std::uint8_t {
  nas_enc = 0x01,
  nas_int = 0x02,
  rrc_enc = 0x03,
  rrc_int = 0x04,
  up_enc = 0x05,
  up_int = 0x06,
};

/// A.8: the 128 least significant bits of KDF(key, 0x69, type distinguisher, algorithm id):
/// KNASenc/KNASint from KAMF, KRRC*/KUP* from KgNB. `algorithm_id` is 0..15.
[[nodiscard]] expected<key128_out, crypto_error> derive_algorithm_key(byte_span key,
                                                                      algorithm_type type,
                                                                      std::uint8_t algorithm_id);

/// A.9 access type distinguishers.
enum class access_type : std::uint8_t { three_gpp = 0x01, non_three_gpp = 0x02 };

/// A.9: KgNB (3GPP access) or KN3IWF (non-3GPP access) =
/// KDF(KAMF, 0x6E, uplink NAS COUNT (4 octets), access type distinguisher).
[[nodiscard]] expected<key256, crypto_error> derive_kgnb(byte_span kamf,
                                                         std::uint32_t uplink_nas_count,
                                                         access_type access);

/// A.10: NH = KDF(KAMF, 0x6F, SYNC-input), SYNC-input being KgNB for the first NH and the
/// previous NH after that.
[[nodiscard]] expected<key256, crypto_error> derive_nh(byte_span kamf, byte_span sync_input);

/// A.13 DIRECTION values for KAMF' derivation.
enum class kamf_change : std::uint8_t { idle_mobility = 0x00, handover = 0x01 };

/// A.13: KAMF' = KDF(KAMF, 0x72, DIRECTION, COUNT): the uplink NAS COUNT of the
/// Registration Request for idle mobility, the downlink NAS COUNT for handover.
[[nodiscard]] expected<key256, crypto_error> derive_kamf_prime(byte_span kamf, kamf_change dir,
                                                               std::uint32_t count);

}  // namespace glasscore::crypto
