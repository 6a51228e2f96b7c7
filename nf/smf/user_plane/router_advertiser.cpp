// Router Solicitations in, Router Advertisements out, over N4-u (see router_advertiser.h).
#include "smf/user_plane/router_advertiser.h"

#include <algorithm>
#include <array>

#include "glasscore/codec/gtpu/gtpu.h"

namespace glasscore::smf {

namespace {

// TS 29.061 §11.2.1.3.1 (router configuration of the PDN connection's first-hop router):
// AdvDefaultLifetime 3 x MaxRtrAdvInterval (21600 s); the prefix is not on-link (the UE
// has no neighbours on its link: everything goes through the router) and autonomous, with
// lifetimes of infinity (the prefix lives as long as the PDU session).
constexpr std::uint16_t router_lifetime_seconds = 64800;

}  // namespace

std::uint32_t router_advertiser::open(const ra_session& s) {
  // TEIDs are handed out in order and skip 0 (TS 29.281 §5.1: TEID 0 is for signalling
  // without a tunnel) and the ones in use, so a late packet for a closed session is not
  // taken for a new one until the space wraps.
  while (next_teid_ == 0 || sessions_.contains(next_teid_)) {
    ++next_teid_;
  }
  const std::uint32_t teid = next_teid_++;
  sessions_[teid] = entry{s, std::nullopt};
  return teid;
}

void router_advertiser::set_upf_tunnel(std::uint32_t teid, const tunnel_end& upf) {
  if (auto it = sessions_.find(teid); it != sessions_.end()) {
    it->second.upf = upf;
  }
}

void router_advertiser::advertise(std::uint32_t teid) {
  if (auto it = sessions_.find(teid); it != sessions_.end()) {
    send_advertisement(it->second, nd::all_nodes);
  }
}

void router_advertiser::close(std::uint32_t teid) {
  sessions_.erase(teid);
}

nd::ipv6_address router_advertiser::router_address(const nd::interface_id& ue) {
  constexpr nd::interface_id one = {0, 0, 0, 0, 0, 0, 0, 1};
  nd::interface_id own = one;
  if (ue == one) {
    own.back() = 2;
  }
  return nd::link_local(own);
}

nd::router_advertisement router_advertiser::advertisement_for(const ra_session& s,
                                                              const nd::ipv6_address& destination) {
  nd::router_advertisement ra;
  ra.source = router_address(s.ue_interface_id);
  ra.destination = destination;
  // M=0, O=0: addresses by SLAAC only; DNS servers come in the ePCO of the accept.
  ra.router_lifetime = router_lifetime_seconds;
  ra.prefix = s.prefix;
  ra.on_link = false;
  ra.autonomous = true;
  ra.valid_lifetime = nd::infinite_lifetime;
  ra.preferred_lifetime = nd::infinite_lifetime;
  ra.mtu = s.mtu;
  return ra;
}

void router_advertiser::send_advertisement(entry& e, const nd::ipv6_address& destination) {
  if (!e.upf) {
    ++counters_.no_upf_tunnel;
    return;
  }
  const auto packet = nd::encode(advertisement_for(e.session, destination));
  // A plain G-PDU to the UPF's F-TEID; the UPF's downlink FAR adds the N3 header with the
  // QFI towards the gNB.
  gtpu::header h;
  h.type = gtpu::message_type::g_pdu;
  h.teid = e.upf->teid;
  std::array<std::uint8_t, gtpu::max_header_size> header{};
  const auto n = gtpu::encode_header(h, packet.size(), header);
  if (n == 0) {
    return;
  }
  std::vector<std::uint8_t> datagram(header.begin(),
                                     header.begin() + static_cast<std::ptrdiff_t>(n));
  datagram.insert(datagram.end(), packet.begin(), packet.end());
  ++counters_.advertisements_sent;
  send_(datagram, e.upf->address);
}

void router_advertiser::handle_datagram(byte_span datagram) {
  ++counters_.datagrams_received;
  auto packet = gtpu::decode(datagram);
  if (!packet) {
    ++counters_.malformed;
    return;
  }
  if (packet->hdr.type != gtpu::message_type::g_pdu) {
    ++counters_.not_g_pdu;
    return;
  }
  auto it = sessions_.find(packet->hdr.teid);
  if (it == sessions_.end()) {
    ++counters_.unknown_teid;
    return;
  }
  const auto rs = nd::decode_router_solicitation(packet->payload);
  if (!rs) {
    ++counters_.not_solicitation;
    return;
  }
  ++counters_.solicitations;
  // RFC 4861 §6.2.6: the answer goes to the soliciting address, or to all nodes when the
  // solicitation came from the unspecified address.
  send_advertisement(it->second, nd::is_unspecified(rs->source) ? nd::all_nodes : rs->source);
}

}  // namespace glasscore::smf
