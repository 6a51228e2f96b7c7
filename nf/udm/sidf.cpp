// SIDF: SUCI de-concealment with the configured home network keys (TS 33.501 §6.12.2).
#include "glasscore/nf/udm/sidf.h"

#include <fmt/format.h>

#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/suci.h"
#include "glasscore/sbi/ueau_models.h"

namespace glasscore::udm {

namespace {

sbi::sbi_error error(int status, std::string_view c, std::string detail) {
  return sbi::sbi_error{status, std::string(c), std::move(detail), {}};
}

}  // namespace

expected<sidf, std::string> sidf::create(const std::vector<config::home_network_key>& keys,
                                         bool allow_null_scheme) {
  sidf s;
  s.allow_null_ = allow_null_scheme;
  for (const auto& k : keys) {
    const auto profile = k.scheme == config::suci_scheme::profile_a ? crypto::ecies_profile::a
                                                                    : crypto::ecies_profile::b;
    const auto scheme = static_cast<std::uint8_t>(k.scheme);
    if (k.id == 0) {
      return unexpected<std::string>(
          fmt::format("home network key of scheme {}: id 0 is the null scheme's", scheme));
    }
    // Deriving the public key proves the private key usable (a P-256 scalar in [1, n-1],
    // a non-zero X25519 key) before any SUCI depends on it.
    if (auto pub = crypto::ecies_public_key(profile, k.private_key); !pub) {
      return unexpected<std::string>(fmt::format("home network key {} of scheme {}: {}", k.id,
                                                 scheme, crypto::to_string(pub.error())));
    }
    if (!s.keys_.emplace(std::make_pair(scheme, k.id), k.private_key).second) {
      return unexpected<std::string>(
          fmt::format("home network key {} of scheme {} is configured twice", k.id, scheme));
    }
  }
  return s;
}

expected<std::string, sbi::sbi_error> sidf::resolve(std::string_view supi_or_suci) const {
  if (sbi::is_imsi_supi(supi_or_suci)) {
    return std::string(supi_or_suci);
  }
  const auto bad_identity = [](std::string reason) {
    return unexpected<sbi::sbi_error>(
        sbi::sbi_error{400,
                       std::string(sbi::cause::mandatory_ie_incorrect),
                       "supiOrSuci: " + reason,
                       {{"supiOrSuci", reason}}});
  };
  if (!supi_or_suci.starts_with("suci-")) {
    return bad_identity("not a SUPI of type IMSI or a SUCI");
  }
  auto parsed = crypto::parse_suci(supi_or_suci);
  if (!parsed) {
    return bad_identity(std::string(crypto::to_string(parsed.error())));
  }
  const auto scheme = static_cast<std::uint8_t>(parsed->scheme);
  if (parsed->scheme == crypto::protection_scheme::null_scheme) {
    if (!allow_null_) {
      return fail(error(403, cause::authentication_rejected,
                        "the null protection scheme is not allowed (TS 33.501 §6.12.2)"));
    }
  } else if (parsed->scheme != crypto::protection_scheme::profile_a &&
             parsed->scheme != crypto::protection_scheme::profile_b) {
    return fail(error(501, cause::unsupported_protection_scheme,
                      fmt::format("protection scheme {} is not supported", scheme)));
  } else if (!keys_.contains({scheme, parsed->hn_public_key_id})) {
    return fail(error(403, cause::invalid_hn_public_key_identifier,
                      fmt::format("no home network key {} for protection scheme {}",
                                  parsed->hn_public_key_id, scheme)));
  }
  auto supi = crypto::deconceal(
      *parsed,
      [this](crypto::protection_scheme s, std::uint8_t id) -> std::optional<byte_span> {
        auto it = keys_.find({static_cast<std::uint8_t>(s), id});
        if (it == keys_.end()) {
          return std::nullopt;
        }
        return byte_span(it->second);
      },
      allow_null_ ? crypto::null_scheme_policy::allow : crypto::null_scheme_policy::reject);
  if (!supi) {
    return fail(
        error(403, cause::invalid_scheme_output,
              fmt::format("SUCI does not de-conceal: {}", crypto::to_string(supi.error()))));
  }
  return std::move(*supi);
}

}  // namespace glasscore::udm
