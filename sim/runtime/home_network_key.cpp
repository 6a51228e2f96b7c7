#include "glasscore/sim/home_network_key.h"

#include <fmt/format.h>

#include "glasscore/crypto/ecies.h"

namespace glasscore::sim {

expected<void, std::string> set_home_network_key(
    usim_config& card, const std::vector<config::home_network_key>& keys) {
  if (card.scheme == crypto::protection_scheme::null_scheme) {
    return {};
  }
  const bool a = card.scheme == crypto::protection_scheme::profile_a;
  for (const auto& key : keys) {
    if ((key.scheme == config::suci_scheme::profile_a) != a) {
      continue;
    }
    auto pub = crypto::ecies_public_key(a ? crypto::ecies_profile::a : crypto::ecies_profile::b,
                                        key.private_key, crypto::point_format::compressed);
    if (!pub) {
      return fail(fmt::format("udm.suci.home_network_keys id {}: no public key", key.id));
    }
    card.hn_public_key_id = key.id;
    card.hn_public_key = std::move(*pub);
    return {};
  }
  return fail(fmt::format("the configuration has no profile_{} key in udm.suci.home_network_keys",
                          a ? "a" : "b"));
}

}  // namespace glasscore::sim
