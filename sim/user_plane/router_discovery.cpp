// IPv6 address autoconfiguration of a simulated UE's PDU session (TS 23.501 §5.8.2.2.3):
// Router Solicitations until a Router Advertisement gives the /64 (RFC 4861 §6.3.7,
// RFC 4862 §5.5.3); the address is that prefix with the interface identifier the network
// gave in the PDU address (TS 24.501 §9.11.4.10).
#include "glasscore/codec/ip/neighbor_discovery.h"
#include "glasscore/sim/ip_packets.h"
#include "glasscore/sim/user_plane.h"
#include "sim/user_plane/user_plane_session.h"

namespace glasscore::sim {

void user_plane::solicit_router(session& s) {
  if (!s.tunnel || !s.ipv6_interface_id || s.traffic.ipv6_prefix || s.solicitation_timer) {
    return;
  }
  solicitation_tick(s);
}

void user_plane::solicitation_tick(session& s) {
  s.solicitation_timer.reset();
  if (!s.tunnel || !s.ipv6_interface_id || s.traffic.ipv6_prefix ||
      s.traffic.router_solicitations_sent >= config_.max_router_solicitations) {
    return;
  }
  // From the link-local address the interface identifier forms (TS 23.501 §5.8.2.2.2).
  nd::router_solicitation rs;
  rs.source = nd::link_local(*s.ipv6_interface_id);
  const auto packet = nd::encode(rs);
  ++s.traffic.router_solicitations_sent;
  send_g_pdu(s, packet);
  s.solicitation_timer = timers_.schedule_after(config_.router_solicitation_interval,
                                                [this, &s] { solicitation_tick(s); });
}

bool user_plane::on_router_advertisement(session& s, byte_span ip_packet) {
  constexpr std::size_t icmpv6_type_at = 40;  // right after the fixed IPv6 header
  if (ip_packet.size() <= icmpv6_type_at || ip_packet[0] >> 4U != 6 ||
      ip_packet[6] != ip::protocol_icmpv6 ||
      ip_packet[icmpv6_type_at] != nd::icmpv6_router_advertisement) {
    return false;
  }
  const auto ra = nd::decode_router_advertisement(ip_packet);
  // RFC 4861 §6.1.2 validity (in decode), then ours: to all nodes or to this UE's
  // link-local address; RFC 4862 §5.5.3: only an autonomous prefix forms an address.
  const bool to_us =
      ra && s.ipv6_interface_id &&
      (ra->destination == nd::all_nodes || ra->destination == nd::link_local(*s.ipv6_interface_id));
  if (!to_us || !ra->autonomous) {
    ++s.traffic.invalid_router_advertisements;
    return true;
  }
  ++s.traffic.router_advertisements;
  const bool new_prefix = s.traffic.ipv6_prefix != ra->prefix;
  s.traffic.ipv6_prefix = ra->prefix;
  // The device's address changes only with the prefix (RAs repeat, RFC 4861 §6.2.4).
  if (new_prefix && s.sink != nullptr && s.ipv6_interface_id) {
    s.sink->on_ipv6_address(nd::global(ra->prefix, *s.ipv6_interface_id));
  }
  if (s.solicitation_timer) {
    timers_.cancel(*s.solicitation_timer);
    s.solicitation_timer.reset();
  }
  return true;
}

}  // namespace glasscore::sim
