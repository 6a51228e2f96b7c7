#pragma once
// Internal: which PDR of a session a packet belongs to (TS 29.244 §5.2.1): the session's
// classifier of the packet's direction gives the index of the first PDR, in precedence
// order, whose PDI match fields fit (packet_filter_match.h); its FAR and QERs are there.

#include <cstdint>
#include <optional>
#include <span>

#include "session_entry.h"

namespace glasscore::upf::detail {

/// The uplink PDR for the T-PDU `ip` of a G-PDU whose PDU Session Container carried `qfi`
/// (nullopt: none), or nullptr when none matches.
inline const uplink_pdr* match_uplink(const session_entry& e, std::span<const std::uint8_t> ip,
                                      std::optional<std::uint8_t> qfi) {
  const auto k = e.uplink_match.match(ip, qfi, flow_direction::uplink);
  return k ? &e.uplink[*k] : nullptr;
}

/// The downlink PDR for the IP packet `ip`, or nullptr when none matches (a downlink PDI has
/// no QFI).
inline const downlink_pdr* match_downlink(const session_entry& e,
                                          std::span<const std::uint8_t> ip) {
  const auto k = e.downlink_match.match(ip, std::nullopt, flow_direction::downlink);
  return k ? &e.downlink[*k] : nullptr;
}

}  // namespace glasscore::upf::detail
