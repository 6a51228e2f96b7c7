// Internal: one UE session as the simulator's user plane holds it (user_plane.cpp,
// traffic.cpp).
#pragma once

#include <map>
#include <optional>

#include "glasscore/sim/user_plane.h"

namespace glasscore::sim {

struct user_plane::session {
  std::uint8_t id = 0;
  std::optional<gnb_pdu_session> tunnel;
  std::optional<std::array<std::uint8_t, 4>> ipv4;
  std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id;
  session_traffic traffic;
  ue_packet_sink* sink = nullptr;  ///< the UE's TUN device, when it has one

  // ICMP echo generator.
  std::optional<ping_config> ping;
  std::uint64_t pings_before =
      0;  ///< traffic.ping.sent when `ping` started (its count is per start)
  std::uint16_t ping_identifier = 0;
  std::uint16_t next_sequence = 0;
  std::map<std::uint16_t, async::time_point> outstanding;  ///< by sequence number
  std::optional<async::timer_id> ping_timer;
  std::optional<async::timer_id> expiry_timer;

  // UDP generator.
  std::optional<udp_flow_config> udp;
  std::uint64_t datagrams_before = 0;  ///< traffic.udp.sent when `udp` started

  // Whether the generators have sent their count since they were started.
  [[nodiscard]] bool pings_sent() const {
    return ping->count != 0 && traffic.ping.sent - pings_before >= ping->count;
  }
  [[nodiscard]] bool datagrams_sent() const {
    return udp->count != 0 && traffic.udp.sent - datagrams_before >= udp->count;
  }
  std::optional<async::timer_id> udp_timer;

  // Router solicitation (RFC 4861 §6.3.7), until a Router Advertisement arrives.
  std::optional<async::timer_id> solicitation_timer;

  void cancel_timers(async::timer_service& timers) {
    for (auto* t : {&ping_timer, &expiry_timer, &udp_timer, &solicitation_timer}) {
      if (*t) {
        timers.cancel(**t);
        t->reset();
      }
    }
  }

  void on_echo_reply(std::uint16_t sequence, async::time_point now) {
    auto it = outstanding.find(sequence);
    if (it == outstanding.end()) {
      ++traffic.ping.duplicates;
      return;
    }
    ++traffic.ping.received;
    traffic.ping.rtts.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(now - it->second));
    outstanding.erase(it);
  }
};

}  // namespace glasscore::sim
