// The simulator's user plane without sockets: IP packet building and checksums, GTP-U in
// and out through a capturing notifier, on a manual clock.
#include <gtest/gtest.h>

#include <algorithm>

#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/codec/ip/neighbor_discovery.h"
#include "glasscore/sim/ip_packets.h"
#include "glasscore/sim/user_plane.h"

namespace glasscore::sim {
namespace {

struct capture final : user_plane_notifier {
  void on_send(byte_span d, const n3_peer& to) override {
    sent.emplace_back(std::vector<std::uint8_t>(d.begin(), d.end()), to);
  }
  std::vector<std::pair<std::vector<std::uint8_t>, n3_peer>> sent;
};

struct fake_link final : gnb_ue_link {
  void on_downlink_nas(byte_span) override {}
  void on_rrc_release() override {}
};

// What a UE's TUN device (ue_tun.h) would be given.
struct sink final : ue_packet_sink {
  void on_downlink_packet(byte_span p) override { packets.emplace_back(p.begin(), p.end()); }
  void on_ipv6_address(const std::array<std::uint8_t, 16>& a) override { addresses.push_back(a); }
  std::vector<std::vector<std::uint8_t>> packets;
  std::vector<std::array<std::uint8_t, 16>> addresses;
};

std::vector<std::uint8_t> g_pdu(std::uint32_t teid, std::uint8_t qfi, byte_span payload) {
  gtpu::header h;
  h.teid = teid;
  h.pdu_session =
      gtpu::pdu_session_container{gtpu::pdu_session_container::direction::downlink, qfi, false};
  std::vector<std::uint8_t> out(gtpu::header_size(h) + payload.size());
  const auto n = gtpu::encode_header(h, payload.size(), out);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

TEST(ip_packets, rfc1071_checksum_example) {
  // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2; the checksum is its complement.
  const std::vector<std::uint8_t> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(ip::checksum_finish(ip::checksum_add(data)), 0x220d);
}

TEST(ip_packets, icmp_echo_and_udp_carry_valid_checksums) {
  const std::vector<std::uint8_t> payload(57, 0xab);  // odd length on purpose
  const auto ping = ip::icmp4_echo({10, 45, 0, 2}, {8, 8, 8, 8}, false, 7, 3, payload);
  ASSERT_EQ(ping.size(), 20U + 8 + 57);
  // The IPv4 header checksum verifies to zero (RFC 791).
  EXPECT_EQ(ip::checksum_finish(ip::checksum_add(byte_span(ping.data(), 20))), 0);
  auto info = ip::parse(ping);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->icmp_type, std::optional<std::uint8_t>(8));
  EXPECT_EQ(info->icmp_identifier, 7);
  EXPECT_EQ(info->icmp_sequence, 3);
  EXPECT_TRUE(info->checksum_ok);
  auto reply = ip::echo_reply_for(ping);
  ASSERT_TRUE(reply);
  auto r = ip::parse(*reply);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->icmp_type, std::optional<std::uint8_t>(0));
  EXPECT_EQ(r->destination4, (ip::ipv4_address{10, 45, 0, 2}));
  EXPECT_TRUE(r->checksum_ok);

  const ip::ipv6_address a{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const ip::ipv6_address b{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  auto v6 = ip::parse(ip::icmp6_echo(a, b, false, 1, 2, payload));
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->icmp_type, std::optional<std::uint8_t>(128));
  EXPECT_TRUE(v6->checksum_ok);

  auto udp = ip::udp4({10, 45, 0, 2}, {10, 0, 0, 1}, 40000, 9, payload);
  auto u = ip::parse(udp);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->udp_destination_port, std::optional<std::uint16_t>(9));
  EXPECT_TRUE(u->checksum_ok);
  // One flipped payload bit breaks the checksum.
  udp.back() ^= 1;
  EXPECT_FALSE(ip::parse(udp)->checksum_ok);
}

TEST(ip_packets, cut_packets_parse_as_nothing) {
  const auto ping = ip::icmp4_echo({10, 45, 0, 2}, {8, 8, 8, 8}, false, 7, 3, {});
  for (std::size_t n = 0; n < 20; ++n) {
    EXPECT_FALSE(ip::parse(byte_span(ping.data(), n))) << n;
  }
  EXPECT_FALSE(ip::echo_reply_for(byte_span(ping.data(), 24)));
}

// PDU session 1 through the UPF at 192.168.0.9, TEIDs 0x100 up and 0x200 down, QFI 9.
gnb_pdu_session tunnel(ngap::pdu_session_type type) {
  gnb_pdu_session s;
  s.id = 1;
  s.upf_ipv4 = {192, 168, 0, 9};
  s.ul_teid = 0x100;
  s.dl_teid = 0x200;
  s.qfis = {9};
  s.type = type;
  return s;
}

class user_plane_unit : public testing::Test {
 protected:
  void SetUp() override {
    up.on_session_setup(ue, tunnel(ngap::pdu_session_type::ipv4));
    up.set_ue_address(ue, 1, ip::ipv4_address{10, 45, 0, 2});
  }
  async::manual_loop loop;
  capture out;
  user_plane up{user_plane_config{}, out, loop};
  fake_link ue;
};

TEST_F(user_plane_unit, ping_goes_up_with_the_qfi_and_replies_give_rtts) {
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 3;
  p.interval = std::chrono::milliseconds(10);
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  loop.advance(std::chrono::milliseconds(25));
  ASSERT_EQ(out.sent.size(), 3U);
  for (std::size_t i = 0; i < out.sent.size(); ++i) {
    const auto& [bytes, to] = out.sent[i];
    EXPECT_EQ(to, (n3_peer{{192, 168, 0, 9}, 2152}));
    auto g = gtpu::decode(bytes);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->hdr.teid, 0x100U);
    ASSERT_TRUE(g->hdr.pdu_session);
    EXPECT_EQ(g->hdr.pdu_session->type, gtpu::pdu_session_container::direction::uplink);
    EXPECT_EQ(g->hdr.pdu_session->qfi, 9);
    auto reply = ip::echo_reply_for(g->payload);
    ASSERT_TRUE(reply);
    loop.advance(std::chrono::milliseconds(1));
    up.handle_datagram(g_pdu(0x200, 9, *reply), to);
  }
  const auto* t = up.traffic(ue, 1);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->ping.sent, 3U);
  EXPECT_EQ(t->ping.received, 3U);
  // Requests left at 0, 10 and 20 ms, replies came at 26, 27 and 28 ms (manual clock).
  EXPECT_EQ(t->ping.min(), std::chrono::milliseconds(8));
  EXPECT_EQ(t->ping.percentile(99), std::chrono::milliseconds(26));
  EXPECT_EQ(t->ping.avg(), std::chrono::milliseconds(17));
  EXPECT_EQ(t->last_downlink_qfi, std::optional<std::uint8_t>(9));
  EXPECT_TRUE(up.traffic_done());

  // The count is per start: a second run sends as many again; the totals go on.
  p.count = 2;
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  EXPECT_FALSE(up.traffic_done());
  loop.advance(std::chrono::milliseconds(25));
  EXPECT_EQ(out.sent.size(), 5U);
  EXPECT_EQ(up.traffic(ue, 1)->ping.sent, 5U);
}

TEST_F(user_plane_unit, unanswered_pings_are_lost_after_the_timeout) {
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 2;
  p.timeout = std::chrono::milliseconds(100);
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  loop.advance(std::chrono::seconds(1));
  EXPECT_EQ(up.traffic(ue, 1)->ping.lost, 2U);
  EXPECT_TRUE(up.traffic_done());
}

TEST_F(user_plane_unit, unknown_teid_is_dropped_and_answered_with_error_indication) {
  const auto reply = ip::icmp4_echo({8, 8, 8, 8}, {10, 45, 0, 2}, true, 1, 1, {});
  up.handle_datagram(g_pdu(0xdead, 9, reply), n3_peer{{192, 168, 0, 9}, 2152});
  EXPECT_EQ(up.counters().unknown_teid, 1U);
  EXPECT_EQ(up.traffic(ue, 1)->downlink_packets, 0U);
  ASSERT_EQ(out.sent.size(), 1U);
  auto g = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->hdr.type, gtpu::message_type::error_indication);
  auto ies = gtpu::decode_error_indication(g->payload);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->teid, 0xdeadU);
}

TEST_F(user_plane_unit, packets_for_another_address_are_counted_not_delivered) {
  const auto other = ip::icmp4_echo({8, 8, 8, 8}, {10, 45, 0, 99}, true, 1, 1, {});
  up.handle_datagram(g_pdu(0x200, 9, other), n3_peer{});
  EXPECT_EQ(up.traffic(ue, 1)->wrong_destination, 1U);
  EXPECT_EQ(up.traffic(ue, 1)->downlink_packets, 0U);
}

TEST_F(user_plane_unit, echo_request_is_answered_and_garbage_counted) {
  std::array<std::uint8_t, 32> echo{};
  const auto n = gtpu::encode_echo_request(77, echo);
  up.handle_datagram(byte_span(echo.data(), n), n3_peer{{10, 0, 0, 1}, 2152});
  ASSERT_EQ(out.sent.size(), 1U);
  auto g = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->hdr.type, gtpu::message_type::echo_response);
  EXPECT_EQ(g->hdr.sequence, std::optional<std::uint16_t>(77));
  EXPECT_EQ(out.sent[0].second, (n3_peer{{10, 0, 0, 1}, 2152}));
  // Every cut of a G-PDU, and a non-IP T-PDU, is counted without a crash.
  const auto full = g_pdu(0x200, 9, ip::icmp4_echo({8, 8, 8, 8}, {10, 45, 0, 2}, true, 1, 1, {}));
  for (std::size_t i = 0; i < full.size(); ++i) {
    up.handle_datagram(byte_span(full.data(), i), n3_peer{});
  }
  const std::vector<std::uint8_t> junk{0x00, 0x01};
  up.handle_datagram(g_pdu(0x200, 9, junk), n3_peer{});
  EXPECT_GT(up.counters().decode_errors, 0U);
  EXPECT_EQ(up.counters().not_ip, 1U);
}

TEST_F(user_plane_unit, released_session_stops_its_traffic_and_tunnel) {
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 0;  // until stopped
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  up.on_session_released(ue, tunnel(ngap::pdu_session_type::ipv4));
  const auto before = out.sent.size();
  loop.advance(std::chrono::seconds(5));
  EXPECT_EQ(out.sent.size(), before);
  EXPECT_EQ(up.tunnel_count(), 0U);
  EXPECT_EQ(up.start_ping(ue, 1, p).error(), user_plane_error::no_tunnel);
}

// The TUN path: what the kernel of the UE's namespace writes goes up like the generator's
// packets (TS 38.415 §5.5.2.2), and packets for the UE come back to it.
TEST_F(user_plane_unit, sink_gets_the_ues_packets_and_the_generator_keeps_its_replies) {
  sink tun;
  up.set_packet_sink(ue, 1, &tun);
  // Uplink from the device: a G-PDU on the UL TEID with the session's QFI.
  const auto request = ip::icmp4_echo({10, 45, 0, 2}, {10, 200, 0, 2}, false, 0x1234, 1, {});
  ASSERT_TRUE(up.send_uplink(ue, 1, request));
  ASSERT_EQ(out.sent.size(), 1U);
  auto g = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->hdr.teid, 0x100U);
  ASSERT_TRUE(g->hdr.pdu_session);
  EXPECT_EQ(g->hdr.pdu_session->type, gtpu::pdu_session_container::direction::uplink);
  EXPECT_EQ(g->hdr.pdu_session->qfi, 9);
  EXPECT_TRUE(std::ranges::equal(g->payload, request));

  // The kernel's echo reply (its own identifier) and a UDP datagram reach the device.
  const auto reply = *ip::echo_reply_for(request);
  up.handle_datagram(g_pdu(0x200, 9, reply), n3_peer{});
  const std::array<std::uint8_t, 3> data{1, 2, 3};
  const auto udp = ip::udp4({10, 200, 0, 2}, {10, 45, 0, 2}, 53, 40000, data);
  up.handle_datagram(g_pdu(0x200, 9, udp), n3_peer{});
  // Not a packet for another address.
  up.handle_datagram(g_pdu(0x200, 9, ip::udp4({1, 1, 1, 1}, {10, 45, 0, 3}, 53, 1, data)),
                     n3_peer{});
  ASSERT_EQ(tun.packets.size(), 2U);
  EXPECT_EQ(tun.packets[0], reply);
  EXPECT_EQ(tun.packets[1], udp);
  EXPECT_EQ(up.traffic(ue, 1)->wrong_destination, 1U);

  // The generator's pings still work beside the device: their replies are its own.
  ping_config p;
  p.target_ipv4 = {10, 200, 0, 2};
  p.count = 1;
  out.sent.clear();
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  ASSERT_EQ(out.sent.size(), 1U);
  auto ping = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(ping);
  up.handle_datagram(g_pdu(0x200, 9, *ip::echo_reply_for(ping->payload)), n3_peer{});
  EXPECT_EQ(up.traffic(ue, 1)->ping.received, 1U);
  EXPECT_EQ(tun.packets.size(), 2U);

  // Detached: nothing more reaches it.
  up.set_packet_sink(ue, 1, nullptr);
  up.handle_datagram(g_pdu(0x200, 9, udp), n3_peer{});
  EXPECT_EQ(tun.packets.size(), 2U);
  EXPECT_EQ(up.traffic(ue, 1)->udp.received, 2U);
}

TEST_F(user_plane_unit, without_a_started_generator_its_identifier_goes_to_the_sink) {
  sink tun;
  up.set_packet_sink(ue, 1, &tun);
  // 0x200: the generator's identifier (the DL TEID), but no generator was started.
  const auto request = ip::icmp4_echo({10, 45, 0, 2}, {10, 200, 0, 2}, false, 0x200, 7, {});
  up.handle_datagram(g_pdu(0x200, 9, *ip::echo_reply_for(request)), n3_peer{});
  EXPECT_EQ(tun.packets.size(), 1U);
  EXPECT_EQ(up.traffic(ue, 1)->ping.duplicates, 0U);
}

// IPv6 address autoconfiguration (TS 23.501 §5.8.2.2.3): Router Solicitations until a
// valid Router Advertisement gives the /64, then pings from prefix + interface identifier.
class user_plane_ipv6 : public testing::Test {
 protected:
  void SetUp() override { up.on_session_setup(ue, tunnel(ngap::pdu_session_type::ipv6)); }
  // Solicitations sent so far, checked one by one.
  std::size_t solicitations() {
    std::size_t n = 0;
    for (const auto& [bytes, to] : out.sent) {
      auto g = gtpu::decode(bytes);
      EXPECT_TRUE(g);
      auto rs = g ? nd::decode_router_solicitation(g->payload) : std::nullopt;
      if (rs) {
        EXPECT_EQ(rs->source, nd::link_local(id));
        EXPECT_EQ(rs->destination, nd::all_routers);
        ++n;
      }
    }
    return n;
  }
  std::vector<std::uint8_t> advertisement(bool autonomous = true,
                                          nd::ipv6_address to = nd::all_nodes) {
    nd::router_advertisement ra;
    ra.source = nd::link_local({0, 0, 0, 0, 0, 0, 0, 1});
    ra.destination = to;
    ra.router_lifetime = 64800;
    ra.prefix = prefix;
    ra.autonomous = autonomous;
    return g_pdu(0x200, 9, nd::encode(ra));
  }

  static constexpr nd::interface_id id = {0, 0, 0, 0, 0, 0, 0, 0x42};
  static constexpr nd::prefix64 prefix = {0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0, 3};
  async::manual_loop loop;
  capture out;
  user_plane up{user_plane_config{}, out, loop};
  fake_link ue;
  const n3_peer upf{{192, 168, 0, 9}, 2152};
};

TEST_F(user_plane_ipv6, solicits_until_an_advertisement_gives_the_prefix) {
  up.set_ue_address(ue, 1, std::nullopt, id);
  EXPECT_EQ(solicitations(), 1U) << "at once when the session is up (RFC 4861 §6.3.7)";
  loop.advance(std::chrono::seconds(4));
  EXPECT_EQ(solicitations(), 2U);
  loop.advance(std::chrono::seconds(20));
  EXPECT_EQ(solicitations(), 3U) << "MAX_RTR_SOLICITATIONS (RFC 4861 §10)";
  EXPECT_EQ(up.traffic(ue, 1)->router_solicitations_sent, 3U);

  up.handle_datagram(advertisement(), upf);
  const auto* t = up.traffic(ue, 1);
  EXPECT_EQ(t->router_advertisements, 1U);
  EXPECT_EQ(t->ipv6_prefix, std::optional(prefix));
  EXPECT_EQ(t->wrong_destination, 0U);

  // Pings now leave from the global address.
  ping_config p;
  p.target_ipv6 = nd::ipv6_address{0x20, 0x01, 0x0d, 0xb8, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  p.count = 1;
  out.sent.clear();
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  ASSERT_EQ(out.sent.size(), 1U);
  auto g = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(g);
  auto info = ip::parse(g->payload);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->source6, nd::global(prefix, id));
  auto reply = ip::echo_reply_for(g->payload);
  ASSERT_TRUE(reply);
  up.handle_datagram(g_pdu(0x200, 9, *reply), upf);
  EXPECT_EQ(up.traffic(ue, 1)->ping.received, 1U);
}

TEST_F(user_plane_ipv6, sink_learns_the_global_address_from_the_advertisement) {
  up.set_ue_address(ue, 1, std::nullopt, id);
  sink before;
  up.set_packet_sink(ue, 1, &before);
  EXPECT_TRUE(before.addresses.empty()) << "no prefix yet";
  up.handle_datagram(advertisement(), upf);
  ASSERT_EQ(before.addresses.size(), 1U);
  // RFC 4862 §5.5.3 / TS 23.501 §5.8.2.2.2: the /64 followed by the interface identifier.
  const nd::ipv6_address expected = {0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0, 3,
                                     0,    0,    0,    0,    0,    0,    0, 0x42};
  EXPECT_EQ(before.addresses[0], expected);
  EXPECT_TRUE(before.packets.empty()) << "the advertisement is the user plane's, not the device's";
  up.handle_datagram(advertisement(), upf);
  EXPECT_EQ(before.addresses.size(), 1U) << "a repeated advertisement changes nothing";
  // A device attached after the advertisement is told at once.
  sink after;
  up.set_packet_sink(ue, 1, &after);
  ASSERT_EQ(after.addresses.size(), 1U);
  EXPECT_EQ(after.addresses[0], expected);
}

TEST_F(user_plane_ipv6, no_ipv6_ping_before_the_prefix_is_known) {
  up.set_ue_address(ue, 1, std::nullopt, id);
  ping_config p;
  p.target_ipv6 = nd::all_nodes;
  EXPECT_FALSE(up.start_ping(ue, 1, p));
}

TEST_F(user_plane_ipv6, invalid_advertisements_teach_nothing) {
  up.set_ue_address(ue, 1, std::nullopt, id);
  up.handle_datagram(advertisement(false), upf);  // A=0: no address from it (RFC 4862 §5.5.3)
  auto forwarded = advertisement();
  const auto inner = forwarded.size() - 40 - 16;  // the IPv6 header of the 56-octet RA
  forwarded[inner + 7] = 64;                      // hop limit: RFC 4861 §6.1.2 wants 255
  up.handle_datagram(forwarded, upf);
  nd::ipv6_address other = nd::link_local({1, 2, 3, 4, 5, 6, 7, 8});
  up.handle_datagram(advertisement(true, other), upf);  // for another node
  const auto* t = up.traffic(ue, 1);
  EXPECT_FALSE(t->ipv6_prefix.has_value());
  EXPECT_EQ(t->router_advertisements, 0U);
  EXPECT_GE(t->invalid_router_advertisements, 2U);
  // Solicitation goes on.
  loop.advance(std::chrono::seconds(4));
  EXPECT_EQ(solicitations(), 2U);
  // A release forgets the prefix learnt.
  up.handle_datagram(advertisement(true, nd::link_local(id)), upf);
  EXPECT_TRUE(up.traffic(ue, 1)->ipv6_prefix.has_value());
  up.on_session_released(ue, tunnel(ngap::pdu_session_type::ipv4));
  EXPECT_FALSE(up.traffic(ue, 1)->ipv6_prefix.has_value());
}

}  // namespace
}  // namespace glasscore::sim
