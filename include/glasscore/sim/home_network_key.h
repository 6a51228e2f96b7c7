#pragma once
/// \file
/// The SUCI public key a simulated USIM needs, from the home network keys of the
/// configuration (TS 33.501 §6.12.2: the USIM holds the home network's public key and its
/// identifier; the UDM the private key).

#include <string>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/sim/usim.h"

namespace glasscore::sim {

/// Sets `card.hn_public_key_id` and `hn_public_key` for `card.scheme` from the first key of
/// that scheme in `keys`; nothing to do for the null scheme. Fails with a message naming
/// the configuration key when there is none or it yields no public key.
[[nodiscard]] expected<void, std::string> set_home_network_key(
    usim_config& card, const std::vector<config::home_network_key>& keys);

}  // namespace glasscore::sim
