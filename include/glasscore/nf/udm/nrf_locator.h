#pragma once
/// \file
/// "Where is my peer" through the NRF (TS 29.510 §5.3.2.2 NFDiscover, TS 23.501 §6.3.1):
/// a `home::peer_locator` that asks `sbi::nrf_client::discover` (whose cache honours the
/// SearchResult validityPeriod) and picks an address with `select_peer`. The AUSF uses
/// it for the UDM (target-nf-type UDM, service nudm-ueau), the UDM for the UDR (UDR,
/// nudr-dr). Library glasscore::nf_sbi_peer_nrf.

#include <string>
#include <string_view>

#include "glasscore/core/expected.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/sbi/nrf_client.h"
#include "glasscore/sbi/nrf_models.h"

namespace glasscore::home {

/// Picks where to send `service_name` requests among the discovered profiles: REGISTERED
/// profiles with a REGISTERED http service of that name, the lowest `priority` first
/// (TS 29.510 §6.1.6.2.2: lower value, higher priority; absent counts as lowest priority);
/// the service's first IPv4 end point, else the profile's first IPv4 address, with the end
/// point's port or the http default 80 (TS 29.510 §6.1.6.2.3). Sans-I/O.
[[nodiscard]] expected<peer_address, std::string> select_peer(const sbi::search_result& result,
                                                              std::string_view service_name);

/// A locator that discovers `query` (its service_names should hold `service_name`) through
/// `nrf` and selects with select_peer. `nrf` must outlive the locator.
[[nodiscard]] peer_locator nrf_locator(sbi::nrf_client& nrf, sbi::discovery_query query,
                                       std::string service_name);

}  // namespace glasscore::home
