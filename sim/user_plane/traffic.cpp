// The per-session traffic generators of the simulator's user plane: ICMP echo with RTTs
// and loss (RFC 792, RFC 4443), and UDP at a fixed rate (RFC 768), on the injected timers.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "glasscore/codec/ip/neighbor_discovery.h"
#include "glasscore/sim/ip_packets.h"
#include "glasscore/sim/user_plane.h"
#include "sim/user_plane/user_plane_session.h"

namespace glasscore::sim {

namespace {

std::vector<std::uint8_t> pattern(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::uint8_t>(i);
  }
  return out;
}

}  // namespace

std::chrono::microseconds ping_stats::min() const {
  if (rtts.empty()) {
    return std::chrono::microseconds{0};
  }
  return *std::min_element(rtts.begin(), rtts.end());
}

std::chrono::microseconds ping_stats::avg() const {
  if (rtts.empty()) {
    return std::chrono::microseconds{0};
  }
  const auto total = std::accumulate(rtts.begin(), rtts.end(), std::chrono::microseconds{0});
  return total / static_cast<std::int64_t>(rtts.size());
}

std::chrono::microseconds ping_stats::percentile(double p) const {
  if (rtts.empty()) {
    return std::chrono::microseconds{0};
  }
  auto sorted = rtts;
  std::sort(sorted.begin(), sorted.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const auto index =
      static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(sorted.size())));
  return sorted[index - 1];
}

expected<void, user_plane_error> user_plane::start_ping(const gnb_ue_link& ue, std::uint8_t id,
                                                        const ping_config& config) {
  auto* s = find(ue, id);
  if (s == nullptr) {
    return fail(user_plane_error::no_session);
  }
  if (!s->tunnel) {
    return fail(user_plane_error::no_tunnel);
  }
  if ((!config.target_ipv6 && !s->ipv4) ||
      (config.target_ipv6 && (!s->ipv6_interface_id || !s->traffic.ipv6_prefix))) {
    ++counters_.no_address;
    return fail(user_plane_error::no_address);
  }
  if (s->ping_timer) {
    timers_.cancel(*s->ping_timer);
    s->ping_timer.reset();
  }
  s->ping = config;
  s->pings_before = s->traffic.ping.sent;
  ping_tick(*s);
  return {};
}

void user_plane::expire_pings(session& s) {
  if (!s.ping) {
    return;
  }
  const auto now = timers_.now();
  for (auto it = s.outstanding.begin(); it != s.outstanding.end();) {
    if (now - it->second >= s.ping->timeout) {
      ++s.traffic.ping.lost;
      it = s.outstanding.erase(it);
    } else {
      ++it;
    }
  }
}

void user_plane::ping_tick(session& s) {
  s.ping_timer.reset();
  expire_pings(s);
  const auto& c = *s.ping;
  if (s.pings_sent()) {
    // Last request sent: one more look once the last one can have timed out.
    if (!s.outstanding.empty() && !s.expiry_timer) {
      s.expiry_timer = timers_.schedule_after(c.timeout, [this, &s] {
        s.expiry_timer.reset();
        expire_pings(s);
      });
    }
    return;
  }
  const auto payload = pattern(c.payload_size);
  const std::uint16_t sequence = s.next_sequence++;
  std::vector<std::uint8_t> packet;
  if (c.target_ipv6) {
    // The UE's global address: the advertised /64 and the interface identifier the
    // network gave (TS 23.501 §5.8.2.2.2, §5.8.2.2.3).
    const auto source = nd::global(*s.traffic.ipv6_prefix, *s.ipv6_interface_id);
    packet = ip::icmp6_echo(source, *c.target_ipv6, false, s.ping_identifier, sequence, payload);
  } else {
    packet = ip::icmp4_echo(*s.ipv4, c.target_ipv4, false, s.ping_identifier, sequence, payload);
  }
  s.outstanding[sequence] = timers_.now();
  ++s.traffic.ping.sent;
  send_g_pdu(s, packet);
  s.ping_timer = timers_.schedule_after(c.interval, [this, &s] { ping_tick(s); });
}

expected<void, user_plane_error> user_plane::start_udp(const gnb_ue_link& ue, std::uint8_t id,
                                                       const udp_flow_config& config) {
  auto* s = find(ue, id);
  if (s == nullptr) {
    return fail(user_plane_error::no_session);
  }
  if (!s->tunnel) {
    return fail(user_plane_error::no_tunnel);
  }
  if (!s->ipv4) {
    ++counters_.no_address;
    return fail(user_plane_error::no_address);
  }
  if (s->udp_timer) {
    timers_.cancel(*s->udp_timer);
    s->udp_timer.reset();
  }
  s->udp = config;
  s->datagrams_before = s->traffic.udp.sent;
  udp_tick(*s);
  return {};
}

void user_plane::udp_tick(session& s) {
  s.udp_timer.reset();
  const auto& c = *s.udp;
  if (s.datagrams_sent()) {
    return;
  }
  const auto payload = pattern(c.payload_size);
  const auto packet = ip::udp4(*s.ipv4, c.target_ipv4, c.source_port, c.target_port, payload);
  ++s.traffic.udp.sent;
  s.traffic.udp.sent_bytes += payload.size();
  send_g_pdu(s, packet);
  s.udp_timer = timers_.schedule_after(c.interval, [this, &s] { udp_tick(s); });
}

void user_plane::stop_traffic(const gnb_ue_link& ue, std::uint8_t id) {
  if (auto* s = find(ue, id)) {
    s->cancel_timers(timers_);
    s->ping.reset();
    s->udp.reset();
    s->outstanding.clear();
  }
}

bool user_plane::traffic_done() const {
  for (const auto& [k, s] : sessions_) {
    if (s->ping && (!s->pings_sent() || !s->outstanding.empty())) {
      return false;
    }
    if (s->udp && !s->datagrams_sent()) {
      return false;
    }
  }
  return true;
}

}  // namespace glasscore::sim
