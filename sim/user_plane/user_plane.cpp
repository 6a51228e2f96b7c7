// The simulator's N3 endpoint (TS 29.281) for the gNB: tunnels learnt from the gNB,
// G-PDUs with the PDU Session Container (TS 38.415 §5.5.2) both ways, Echo answered, and
// every downlink packet checked against the UE it is tunnelled to.
#include "glasscore/sim/user_plane.h"

#include <algorithm>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/codec/ip/neighbor_discovery.h"
#include "glasscore/config/config_types.h"
#include "glasscore/sim/ip_packets.h"
#include "sim/user_plane/user_plane_session.h"

namespace glasscore::sim {

user_plane::user_plane(user_plane_config config, user_plane_notifier& notifier,
                       async::timer_service& timers)
    : config_(config), notifier_(notifier), timers_(timers) {}

user_plane::~user_plane() {
  for (auto& [k, s] : sessions_) {
    s->cancel_timers(timers_);
  }
}

user_plane::session* user_plane::find(const gnb_ue_link& ue, std::uint8_t id) {
  auto it = sessions_.find(key{&ue, id});
  return it == sessions_.end() ? nullptr : it->second.get();
}

user_plane::session& user_plane::slot(const gnb_ue_link& ue, std::uint8_t id) {
  auto& s = sessions_[key{&ue, id}];
  if (!s) {
    s = std::make_unique<session>();
    s->id = id;
  }
  return *s;
}

const session_traffic* user_plane::traffic(const gnb_ue_link& ue, std::uint8_t id) const {
  auto it = sessions_.find(key{&ue, id});
  return it == sessions_.end() ? nullptr : &it->second->traffic;
}

void user_plane::on_session_setup(gnb_ue_link& ue, const gnb_pdu_session& tunnel) {
  auto& s = slot(ue, tunnel.id);
  if (s.tunnel) {
    by_teid_.erase(s.tunnel->dl_teid);
  }
  s.tunnel = tunnel;
  // A simple per-session ICMP identifier: distinct for every tunnel of this gNB.
  s.ping_identifier = static_cast<std::uint16_t>(tunnel.dl_teid);
  by_teid_[tunnel.dl_teid] = &s;
  solicit_router(s);
}

void user_plane::on_session_released(gnb_ue_link& ue, const gnb_pdu_session& tunnel) {
  auto* s = find(ue, tunnel.id);
  by_teid_.erase(tunnel.dl_teid);
  if (s == nullptr) {
    return;
  }
  // The counters stay for the report; the tunnel and the generators stop.
  s->cancel_timers(timers_);
  s->tunnel.reset();
  s->ipv4.reset();
  s->ipv6_interface_id.reset();
  s->traffic.ipv6_prefix.reset();
}

void user_plane::set_ue_address(const gnb_ue_link& ue, std::uint8_t id,
                                std::optional<std::array<std::uint8_t, 4>> ipv4,
                                std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id) {
  auto& s = slot(ue, id);
  s.ipv4 = ipv4;
  if (s.ipv6_interface_id != ipv6_interface_id) {
    s.traffic.ipv6_prefix.reset();  // a new address: its prefix comes with the next RA
  }
  s.ipv6_interface_id = ipv6_interface_id;
  solicit_router(s);
}

void user_plane::set_packet_sink(const gnb_ue_link& ue, std::uint8_t id, ue_packet_sink* sink) {
  auto& s = slot(ue, id);
  s.sink = sink;
  if (sink != nullptr && s.traffic.ipv6_prefix && s.ipv6_interface_id) {
    sink->on_ipv6_address(nd::global(*s.traffic.ipv6_prefix, *s.ipv6_interface_id));
  }
}

void user_plane::send_g_pdu(session& s, byte_span ip_packet) {
  if (!s.tunnel) {
    return;
  }
  // TS 38.415 §5.5.2.2: UL PDU SESSION INFORMATION with the QFI the packet is mapped to.
  gtpu::header h;
  h.type = gtpu::message_type::g_pdu;
  h.teid = s.tunnel->ul_teid;
  const std::uint8_t qfi = s.tunnel->qfis.empty() ? 0 : s.tunnel->qfis.front();
  h.pdu_session =
      gtpu::pdu_session_container{gtpu::pdu_session_container::direction::uplink, qfi, false};
  scratch_.resize(gtpu::header_size(h) + ip_packet.size());
  const auto n = gtpu::encode_header(h, ip_packet.size(), scratch_);
  if (n == 0) {
    return;
  }
  std::copy(ip_packet.begin(), ip_packet.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(n));
  ++s.traffic.uplink_packets;
  s.traffic.uplink_bytes += ip_packet.size();
  notifier_.on_send(scratch_, n3_peer{s.tunnel->upf_ipv4, config_.upf_port});
}

expected<void, user_plane_error> user_plane::send_uplink(const gnb_ue_link& ue, std::uint8_t id,
                                                         byte_span ip_packet) {
  auto* s = find(ue, id);
  if (s == nullptr) {
    return fail(user_plane_error::no_session);
  }
  if (!s->tunnel) {
    return fail(user_plane_error::no_tunnel);
  }
  send_g_pdu(*s, ip_packet);
  return {};
}

void user_plane::send_echo_request(const n3_peer& to) {
  std::array<std::uint8_t, gtpu::max_header_size> out{};
  const auto n = gtpu::encode_echo_request(echo_sequence_++, out);
  if (n > 0) {
    notifier_.on_send(byte_span(out.data(), n), to);
  }
}

void user_plane::handle_datagram(byte_span datagram, const n3_peer& from) {
  ++counters_.datagrams_received;
  auto packet = gtpu::decode(datagram);
  if (!packet) {
    ++counters_.decode_errors;
    return;
  }
  const auto& h = packet->hdr;
  switch (h.type) {
    case gtpu::message_type::echo_request: {
      // TS 29.281 §7.2.2: answer with the request's sequence number.
      ++counters_.echo_requests;
      std::array<std::uint8_t, 32> out{};
      const auto n = gtpu::encode_echo_response(h.sequence.value_or(0), out);
      if (n > 0) {
        notifier_.on_send(byte_span(out.data(), n), from);
      }
      return;
    }
    case gtpu::message_type::echo_response:
      ++counters_.echo_responses;
      return;
    case gtpu::message_type::error_indication:
      ++counters_.error_indications_received;
      return;
    case gtpu::message_type::end_marker:
      ++counters_.end_markers;
      return;
    case gtpu::message_type::g_pdu:
      break;
    case gtpu::message_type::supported_extension_headers_notification:
    default:
      ++counters_.other_messages;
      return;
  }
  auto it = by_teid_.find(h.teid);
  if (it == by_teid_.end()) {
    // TS 29.281 §7.3.1: a G-PDU for a tunnel that does not exist is dropped, and the
    // sender told with Error Indication.
    ++counters_.unknown_teid;
    if (config_.send_error_indication) {
      config::ip_address own;
      own.family = config::ip_family::v4;
      std::copy(config_.n3_ipv4.begin(), config_.n3_ipv4.end(), own.bytes.begin());
      std::array<std::uint8_t, 64> out{};
      const auto n = gtpu::encode_error_indication(h.teid, own, out);
      if (n > 0) {
        ++counters_.error_indications_sent;
        notifier_.on_send(byte_span(out.data(), n), from);
      }
    }
    return;
  }
  std::optional<std::uint8_t> qfi;
  if (h.pdu_session) {
    qfi = h.pdu_session->qfi;
  }
  on_downlink(*it->second, packet->payload, qfi);
}

void user_plane::on_downlink(session& s, byte_span ip_packet, std::optional<std::uint8_t> qfi) {
  auto info = ip::parse(ip_packet);
  if (!info) {
    ++counters_.not_ip;
    return;
  }
  // Router Advertisements go to all nodes or the link-local address, not the global one.
  if (on_router_advertisement(s, ip_packet)) {
    return;
  }
  // The packet must be for this UE: its session address (IPv4) or interface identifier.
  bool ours = false;
  if (info->version == 4) {
    ours = s.ipv4 && info->destination4 == *s.ipv4;
  } else if (s.ipv6_interface_id) {
    ours = std::equal(s.ipv6_interface_id->begin(), s.ipv6_interface_id->end(),
                      info->destination6.begin() + 8);
  }
  if (!ours) {
    ++s.traffic.wrong_destination;
    return;
  }
  ++s.traffic.downlink_packets;
  s.traffic.downlink_bytes += ip_packet.size();
  s.traffic.last_downlink_qfi = qfi;
  const bool reply = info->icmp_type && ((info->version == 4 && *info->icmp_type == 0) ||
                                         (info->version == 6 && *info->icmp_type == 129));
  // With a TUN device, the kernel's own pings may use any identifier: only a started
  // generator claims the replies carrying its identifier.
  if (reply && info->icmp_identifier == s.ping_identifier && info->checksum_ok &&
      (s.sink == nullptr || s.ping)) {
    s.on_echo_reply(info->icmp_sequence, timers_.now());
    return;
  }
  if (info->udp_destination_port) {
    ++s.traffic.udp.received;
    s.traffic.udp.received_bytes += info->payload_size;
  }
  if (s.sink != nullptr) {
    s.sink->on_downlink_packet(ip_packet);
  }
}

}  // namespace glasscore::sim
