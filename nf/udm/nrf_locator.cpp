// Peer selection from NFDiscover results (TS 29.510 §5.3.2.2, §6.1.6.2.2-3).
#include "glasscore/nf/udm/nrf_locator.h"

#include <limits>

namespace glasscore::home {

expected<peer_address, std::string> select_peer(const sbi::search_result& result,
                                                std::string_view service_name) {
  const sbi::nf_profile* best = nullptr;
  std::optional<peer_address> best_address;
  int best_priority = std::numeric_limits<int>::max();
  for (const auto& p : result.nf_instances) {
    if (p.status != sbi::nf_status::registered) {
      continue;
    }
    const int priority = p.priority ? *p.priority : 65536;
    if (best != nullptr && priority >= best_priority) {
      continue;
    }
    for (const auto& s : p.nf_services) {
      if (s.service_name != service_name || s.scheme != sbi::uri_scheme::http ||
          s.nf_service_status != sbi::nf_status::registered) {
        continue;
      }
      std::optional<peer_address> address;
      for (const auto& e : s.ip_end_points) {
        if (e.ipv4_address) {
          address = peer_address{*e.ipv4_address, e.port.value_or(80)};
          break;
        }
      }
      if (!address && !p.ipv4_addresses.empty()) {
        const auto port = !s.ip_end_points.empty() && s.ip_end_points.front().port
                              ? *s.ip_end_points.front().port
                              : std::uint16_t{80};
        address = peer_address{p.ipv4_addresses.front(), port};
      }
      if (address) {
        best = &p;
        best_priority = priority;
        best_address = std::move(address);
        break;
      }
    }
  }
  if (!best_address) {
    return unexpected<std::string>("no registered " + std::string(service_name) +
                                   " service with an IPv4 address over http");
  }
  return std::move(*best_address);
}

peer_locator nrf_locator(sbi::nrf_client& nrf, sbi::discovery_query query,
                         std::string service_name) {
  return [&nrf, query = std::move(query),
          service_name = std::move(service_name)](const locate_callback& done) {
    nrf.discover(query, [done, service_name](expected<sbi::search_result, sbi::nrf_error> r) {
      if (!r) {
        done(unexpected<std::string>("NFDiscover failed: " + std::to_string(r.error().status) +
                                     " " + r.error().detail));
        return;
      }
      done(select_peer(*r, service_name));
    });
  };
}

}  // namespace glasscore::home
