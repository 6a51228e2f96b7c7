#pragma once
/// \file
/// The Subscription Concealed Identifier (SUCI, TS 23.003 §2.2B; TS 33.501 §6.12.2 and
/// Annex C): its SBI string form (TS 29.503 §6.1.6.3.2 supiOrSuci, pattern of TS 29.571),
/// concealment of an IMSI-type SUPI on the UE side and de-concealment in the home network
/// (the SIDF, TS 33.501 §6.12.2), over the ECIES profiles of ecies.h.
///
/// String form, for SUPI type IMSI:
///   suci-0-<MCC>-<MNC>-<routing indicator>-<protection scheme>-<HN public key id>-<output>
/// with MCC 3 digits, MNC 2 or 3 digits, routing indicator 1-4 digits, the protection scheme
/// one hexadecimal digit, the key id decimal without leading zeros. The null scheme (0) has
/// key id 0 and the MSIN digits in clear as output; the other schemes have a key id of 1-255
/// and their scheme output in hexadecimal (TS 29.571 SupiOrSuci pattern; written lower-case).
///
/// Only the IMSI SUPI type is handled. The other types (network specific identifier, GCI,
/// GLI) carry a realm rather than a PLMN as home network identifier; they are recognised and
/// reported as unsupported_scheme rather than misread.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

namespace glasscore::crypto {

/// SUPI type field of the SUCI (TS 23.003 §2.2B, TS 24.501 §9.11.3.4; 4-7 are spare).
enum class supi_type : std::uint8_t {
  imsi = 0,
  network_specific_identifier = 1,
  global_cable_identifier = 2,
  global_line_identifier = 3,
};

/// Protection scheme identifier (TS 33.501 C.1): 4 bits, 0x3-0xB reserved, 0xC-0xF for
/// HPLMN proprietary schemes. Values without an enumerator may still appear in a parsed SUCI.
enum class protection_scheme : std::uint8_t {
  null_scheme = 0,  ///< TS 33.501 C.2: the MSIN in clear
  profile_a = 1,    ///< ECIES over Curve25519 (C.3.4.1)
  profile_b = 2,    ///< ECIES over secp256r1 (C.3.4.2)
};

/// A SUCI of SUPI type IMSI, field by field (TS 23.003 §2.2B).
struct suci {
  supi_type type = supi_type::imsi;
  std::string mcc;                      ///< 3 digits
  std::string mnc;                      ///< 2 or 3 digits
  std::string routing_indicator = "0";  ///< 1-4 digits (TS 23.003 §2.2B)
  protection_scheme scheme = protection_scheme::null_scheme;
  std::uint8_t hn_public_key_id = 0;  ///< 0 for the null scheme, else 1-255
  /// Null scheme: the MSIN digits in clear (TS 33.501 C.2). Empty otherwise.
  std::string msin;
  /// Other schemes: the scheme output, e.g. ECIES ephemeral public key || ciphertext ||
  /// MAC tag (TS 33.501 C.3). Empty for the null scheme.
  std::vector<std::uint8_t> scheme_output;

  friend bool operator==(const suci&, const suci&) = default;
};

/// Parses the SBI string form, strictly: the field count, digit counts and ranges above,
/// the null scheme's key id 0 and MSIN length (MCC + MNC + MSIN at most 15 digits), and
/// an even, non-empty hex scheme output (either case) for the other schemes.
/// Fails with malformed_suci, or unsupported_scheme for a SUPI type other than IMSI.
/// Schemes other than 0-2 parse (their output as hex); de-concealment rejects them.
[[nodiscard]] expected<suci, crypto_error> parse_suci(std::string_view text);

/// The SBI string form (scheme outputs in lower-case hex). Validates the fields as
/// parse_suci does, so a hand-built struct never yields a string peers would reject.
[[nodiscard]] expected<std::string, crypto_error> format_suci(const suci& value);

/// UE side (TS 33.501 §6.12.2): conceals the SUPI "imsi-<MCC><MNC><MSIN>" whose MNC has
/// `mnc_length` (2 or 3, from the USIM's EF_AD) digits. The scheme input of the ECIES
/// profiles is the MSIN in TBCD: digits paired in swapped nibbles, 0xF filling the high
/// nibble of the last octet for an odd digit count (the coding of the TS 33.501 C.4 test
/// data, and of the null-scheme output in TS 24.501 §9.11.3.4).
/// The null scheme ignores `hn_public_key`. Without `ephemeral_private_key` a fresh one is
/// drawn; passing one makes the result reproducible (test data only).
/// Fails with bad_parameter for a malformed SUPI, MNC length, routing indicator or key id
/// (0 for the null scheme, 1-255 otherwise), unsupported_scheme for schemes other than 0-2,
/// and the ecies_encrypt errors for the keys.
[[nodiscard]] expected<suci, crypto_error> conceal(
    std::string_view supi, std::size_t mnc_length, std::string_view routing_indicator,
    protection_scheme scheme, std::uint8_t hn_public_key_id, byte_span hn_public_key,
    std::optional<byte_span> ephemeral_private_key = std::nullopt);

/// The home network private key for a (protection scheme, key id) pair, or nullopt when the
/// home network has none. The bytes need only stay valid during the deconceal() call.
using hn_private_key_lookup =
    std::function<std::optional<byte_span>(protection_scheme scheme, std::uint8_t key_id)>;

/// Whether de-concealment accepts the null scheme. It provides no privacy (TS 33.501 C.2)
/// and a home network may refuse it, so callers say explicitly that they accept it.
enum class null_scheme_policy : std::uint8_t { reject, allow };

/// Home network side, the SIDF (TS 33.501 §6.12.2): the SUPI "imsi-<MCC><MNC><MSIN>" that
/// `value` conceals. For Profile A/B it looks the private key up by (scheme, key id),
/// decrypts with ecies_decrypt and decodes the TBCD MSIN.
/// Fails with malformed_suci for invalid fields or a plaintext that is not a BCD MSIN
/// (non-decimal nibble, filler anywhere but the last high nibble, empty, or too long for a
/// 15-digit IMSI); unsupported_scheme for a rejected null scheme, a scheme other than 0-2,
/// a key id the lookup does not know, or a SUPI type other than IMSI; and the
/// ecies_decrypt errors (invalid_public_key, mac_mismatch...).
[[nodiscard]] expected<std::string, crypto_error> deconceal(
    const suci& value, const hn_private_key_lookup& lookup,
    null_scheme_policy null_policy = null_scheme_policy::reject);

}  // namespace glasscore::crypto
