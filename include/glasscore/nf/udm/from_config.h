#pragma once
/// \file
/// The home-network NFs' options from the one configuration file (DESIGN.md §1), for the
/// runtime that starts them: SBI server addresses, the UDM's home network keys and null-scheme
/// policy, the home PLMN, and each NF's peer from the configuration (`udm.sbi` for the
/// AUSF, `udr.sbi` for the UDM) through `home::fixed_locator`. The subscriber store is
/// opened by the caller (`store::open_sqlite_store(config.udr.data_directory)`).
///
/// Fails for an https SBI: the servers have TLS, the peer client is not wired to it yet.

#include <string>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/nf/ausf/ausf.h"
#include "glasscore/nf/udm/udm.h"
#include "glasscore/nf/udr/udr.h"

namespace glasscore::home {

[[nodiscard]] expected<udr::udr_options, std::string> udr_options_from(
    const config::glasscore_config& c);
[[nodiscard]] expected<udm::udm_options, std::string> udm_options_from(
    const config::glasscore_config& c);
[[nodiscard]] expected<ausf::ausf_options, std::string> ausf_options_from(
    const config::glasscore_config& c);

}  // namespace glasscore::home
