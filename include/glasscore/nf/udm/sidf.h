#pragma once
/// \file
/// The Subscription Identifier De-concealing Function (SIDF, TS 33.501 §6.12.2, Annex C)
/// of the UDM: turns the supiOrSuci of a UEAU request into a SUPI, with the home network
/// private keys of the configuration (`udm.home_network_keys`), and says which TS 29.503
/// error to answer when it cannot.
///
/// The keys are checked and indexed by (protection scheme, key id) once, at start: a broken
/// key fails the start instead of every request. Errors (TS 29.503 §6.3.7.3):
/// - unparsable SUCI (or not SUPI type IMSI): 400 MANDATORY_IE_INCORRECT naming supiOrSuci;
/// - null scheme when not allowed: 403 AUTHENTICATION_REJECTED;
/// - scheme other than null / Profile A / Profile B: 501 UNSUPPORTED_PROTECTION_SCHEME;
/// - no key with the SUCI's key id for its scheme: 403 INVALID_HN_PUBLIC_KEY_IDENTIFIER;
/// - scheme output that does not decrypt (bad point, MAC): 403 INVALID_SCHEME_OUTPUT.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/sbi/problem.h"

namespace glasscore::udm {

/// TS 29.503 application errors used by the UDM (§6.1.7.3, §6.2.7.3, §6.3.7.3).
namespace cause {
inline constexpr std::string_view user_not_found = "USER_NOT_FOUND";
inline constexpr std::string_view data_not_found = "DATA_NOT_FOUND";
inline constexpr std::string_view authentication_rejected = "AUTHENTICATION_REJECTED";
inline constexpr std::string_view invalid_hn_public_key_identifier =
    "INVALID_HN_PUBLIC_KEY_IDENTIFIER";
inline constexpr std::string_view invalid_scheme_output = "INVALID_SCHEME_OUTPUT";
inline constexpr std::string_view unsupported_protection_scheme = "UNSUPPORTED_PROTECTION_SCHEME";
}  // namespace cause

class sidf {
 public:
  /// Checks every key (a usable private key, ids unique per scheme). The message names the
  /// offending key by its id and scheme, never its value.
  [[nodiscard]] static expected<sidf, std::string> create(
      const std::vector<config::home_network_key>& keys, bool allow_null_scheme);

  /// The SUPI ("imsi-...") for a SUPI (returned as is, if of type IMSI) or a SUCI.
  [[nodiscard]] expected<std::string, sbi::sbi_error> resolve(std::string_view supi_or_suci) const;

  [[nodiscard]] std::size_t key_count() const { return keys_.size(); }

 private:
  sidf() = default;
  std::map<std::pair<std::uint8_t, std::uint8_t>, std::array<std::uint8_t, 32>> keys_;
  bool allow_null_ = false;
};

}  // namespace glasscore::udm
