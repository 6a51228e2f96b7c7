// The UPF data path end to end in a private network namespace: a fake gNB on
// 127.0.0.2:2152, the UPF's N3 on 127.0.0.1, N6 on a TUN device holding 10.60.0.1/16 (so
// the kernel routes the UE pool 10.60.0.0/16 into it), and a "data network" application
// socket on 10.60.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/datapath.h"
#include "support/eventually.h"
#include "upf_test_support.h"

namespace glasscore::upf {
namespace {

using config::ip_address;
using bytes = std::vector<std::uint8_t>;

std::array<std::uint8_t, 4> ue_ip(std::size_t i) {
  // 10.60.1.0 upwards; 10.60.0.1 is the TUN's own (the data network side).
  const std::size_t n = 256 + i;
  return {10, 60, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
}

session_rules rules_for(std::size_t i) {
  session_rules r;
  r.seid = pfcp_seid{0x1000 + i};
  r.uplink.teid = gtpu_teid{static_cast<std::uint32_t>(0x100 + i)};
  r.uplink.apply = uplink_rule::action::forward_to_n6;
  const auto a = ue_ip(i);
  r.downlink.ue_ipv4 = ip_address::v4(a[0], a[1], a[2], a[3]);
  r.downlink.apply = downlink_rule::action::forward_to_gnb;
  r.downlink.gnb_address = ip_address::v4(127, 0, 0, 2);
  r.downlink.gnb_teid = gtpu_teid{static_cast<std::uint32_t>(0x50000 + i)};
  r.downlink.qfi = qos_flow_id{9};
  return r;
}

using glasscore::test::eventually;
using test::g_pdu;

class upf_datapath : public ::testing::TestWithParam<std::size_t> {
 protected:
  void SetUp() override { start(); }

  void start(std::uint32_t error_indications_per_second = 100) {
    if (!test::enter_private_netns()) {
      GTEST_SKIP() << "needs root to create a network namespace and a TUN device";
    }
    datapath_config c;
    c.n3_address = ip_address::v4(127, 0, 0, 1);
    c.n3_port = 0;
    c.tun_name = "upftest0";
    c.tun_ipv4 = config::ip_prefix{ip_address::v4(10, 60, 0, 1), 16};
    c.workers = GetParam();
    c.max_sessions = 4096;
    c.error_indications_per_second = error_indications_per_second;
    dp_.reset();
    auto dp = datapath::start(c);
    if (!dp && dp.error() == datapath_error::tun_failed) {
      GTEST_SKIP() << "cannot create a TUN device (CAP_NET_ADMIN, /dev/net/tun)";
    }
    ASSERT_TRUE(dp) << to_string(dp.error());
    dp_ = std::move(*dp);
    if (!gnb_) {
      auto g = transport::udp_socket::open(*transport::socket_address::parse("127.0.0.2", 2152));
      ASSERT_TRUE(g);
      gnb_.emplace(std::move(*g));
      auto app = transport::udp_socket::open(*transport::socket_address::parse("10.60.0.1", 5000));
      ASSERT_TRUE(app);
      app_.emplace(std::move(*app));
    }
  }

  void to_upf(const bytes& datagram) {
    ASSERT_TRUE(gnb_->send_to(datagram, dp_->n3_local_address()));
  }

  // The next datagram the gNB gets that decodes as GTP-U of `type`.
  std::optional<std::pair<gtpu::header, bytes>> at_gnb(gtpu::message_type type) {
    for (int i = 0; i < 64; ++i) {
      auto d = test::receive(*gnb_);
      if (!d)
        return std::nullopt;
      auto v = gtpu::decode(*d);
      if (v && v->hdr.type == type)
        return std::pair{v->hdr, bytes(v->payload.begin(), v->payload.end())};
    }
    return std::nullopt;
  }

  std::unique_ptr<datapath> dp_;
  std::optional<transport::udp_socket> gnb_;
  std::optional<transport::udp_socket> app_;
};

TEST_P(upf_datapath, uplink_g_pdu_reaches_n6_without_outer_header) {
  ASSERT_TRUE(dp_->install(rules_for(5)));
  const bytes payload{'u', 'p', 'l', 'i', 'n', 'k'};
  const bytes inner = test::ipv4_udp(ue_ip(5), {10, 60, 0, 1}, 4000, 5000, payload);
  to_upf(g_pdu(0x105, inner));
  ASSERT_TRUE(test::readable(app_->fd()));
  bytes buf(2048);
  auto r = app_->receive_from(buf);
  ASSERT_TRUE(r);
  // The application got exactly the inner UDP payload, from the UE's address and port.
  EXPECT_EQ(bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(r->size)), payload);
  EXPECT_EQ(r->source.to_string(), "10.60.1.5:4000");
  ASSERT_TRUE(eventually([&] { return dp_->totals().uplink_forwarded == 1; }));
  auto c = dp_->counters(pfcp_seid{0x1005});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->uplink_packets, 1u);
  EXPECT_EQ(c->uplink_bytes, inner.size());
}

TEST_P(upf_datapath, downlink_packet_leaves_as_g_pdu_with_teid_and_qfi) {
  ASSERT_TRUE(dp_->install(rules_for(7)));
  const bytes payload{'d', 'o', 'w', 'n'};
  ASSERT_TRUE(app_->send_to(payload, *transport::socket_address::parse("10.60.1.7", 7000)));
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, 0x50007u);
  ASSERT_TRUE(g->first.pdu_session);
  EXPECT_EQ(g->first.pdu_session->type, gtpu::pdu_session_container::direction::downlink);
  EXPECT_EQ(g->first.pdu_session->qfi, 9);
  // The T-PDU is the IPv4/UDP packet the application sent, addressed to the UE.
  const bytes& ip = g->second;
  ASSERT_EQ(ip.size(), 20u + 8 + payload.size());
  EXPECT_EQ(bytes(ip.begin() + 16, ip.begin() + 20), (bytes{10, 60, 1, 7}));
  EXPECT_EQ(bytes(ip.begin() + 28, ip.end()), payload);
  auto c = dp_->counters(pfcp_seid{0x1007});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->downlink_packets, 1u);
  EXPECT_EQ(c->downlink_bytes, ip.size());
}

TEST_P(upf_datapath, unknown_teid_gets_a_rate_limited_error_indication) {
  start(5);
  const bytes inner = test::ipv4_udp(ue_ip(1), {10, 60, 0, 1}, 1, 5000, {1});
  for (int i = 0; i < 20; ++i)
    to_upf(g_pdu(0xDEAD, inner));
  auto ei = at_gnb(gtpu::message_type::error_indication);
  ASSERT_TRUE(ei);
  auto ies = gtpu::decode_error_indication(ei->second);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->teid, 0xDEADu);                       // TEID Data I: the unknown TEID
  EXPECT_EQ(ies->peer, ip_address::v4(127, 0, 0, 1));  // GTP-U Peer Address: our N3
  ASSERT_TRUE(eventually([&] { return dp_->totals().unknown_teid_dropped == 20; }));
  const auto t = dp_->totals();
  EXPECT_EQ(t.error_indications_sent, 5u);
  EXPECT_EQ(t.error_indications_suppressed, 15u);
  EXPECT_EQ(t.uplink_forwarded, 0u);
}

TEST_P(upf_datapath, echo_request_is_answered_and_malformed_input_is_counted) {
  const bytes garbage[] = {{},
                           {0x01, 0x02, 0x03},
                           {0x48, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0},
                           {0x34, 0xFF, 0x00, 0x30, 0, 0, 0, 1, 0, 0, 0, 0x85}};
  for (const bytes& g : garbage)
    to_upf(g);
  bytes echo(16);
  echo.resize(gtpu::encode_echo_request(0x7777, echo));
  to_upf(echo);
  auto r = at_gnb(gtpu::message_type::echo_response);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first.sequence, std::optional<std::uint16_t>(0x7777));
  EXPECT_EQ(r->second, (bytes{gtpu::ie_recovery, 0}));
  ASSERT_TRUE(eventually([&] { return dp_->totals().malformed_dropped == 4; }));
  EXPECT_EQ(dp_->totals().echo_requests, 1u);
  // An extension header that must be comprehended and is not (0x8F): dropped, answered
  // with a Supported Extension Headers Notification (TS 29.281 §5.2.1).
  ASSERT_TRUE(dp_->install(rules_for(6)));
  const bytes unknown{0x34, 0xFF, 0, 10, 0, 0, 0x01, 0x06, 0, 0, 0, 0x8F, 1, 0, 0, 0, 0xAB, 0xCD};
  to_upf(unknown);
  auto n = at_gnb(gtpu::message_type::supported_extension_headers_notification);
  ASSERT_TRUE(n);
  ASSERT_GE(n->second.size(), 2u);
  EXPECT_EQ(n->second[0], gtpu::ie_extension_header_type_list);
  EXPECT_EQ(dp_->totals().supported_extension_notifications_sent, 1u);
  EXPECT_EQ(dp_->totals().uplink_forwarded, 0u);
}

TEST_P(upf_datapath, end_marker_follows_the_downlink_and_modify_switches_tunnels) {
  session_rules r = rules_for(3);
  ASSERT_TRUE(dp_->install(r));
  bytes marker(8);
  ASSERT_EQ(gtpu::encode_end_marker(0x103, marker), 8u);
  to_upf(marker);
  auto m = at_gnb(gtpu::message_type::end_marker);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first.teid, 0x50003u);
  // Handover: new downlink TEID; the old tunnel gets an End Marker, new packets the new TEID.
  r.downlink.gnb_teid = gtpu_teid{0x60003};
  r.downlink.qfi = qos_flow_id{5};
  ASSERT_TRUE(dp_->modify(r, true));
  m = at_gnb(gtpu::message_type::end_marker);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first.teid, 0x50003u);
  ASSERT_TRUE(app_->send_to(bytes{1}, *transport::socket_address::parse("10.60.1.3", 7000)));
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, 0x60003u);
  EXPECT_EQ(g->first.pdu_session->qfi, 5);
  EXPECT_EQ(dp_->modify(rules_for(99), false).error(), datapath_error::unknown_seid);
}

TEST_P(upf_datapath, rules_drop_gate_and_foreign_source) {
  session_rules r = rules_for(4);
  r.uplink.qer.gate_open = false;
  r.downlink.apply = downlink_rule::action::buffer;
  ASSERT_TRUE(dp_->install(r));
  to_upf(g_pdu(0x104, test::ipv4_udp(ue_ip(4), {10, 60, 0, 1}, 1, 5000, {1})));
  ASSERT_TRUE(app_->send_to(bytes{1}, *transport::socket_address::parse("10.60.1.4", 7000)));
  ASSERT_TRUE(eventually([&] {
    auto c = dp_->counters(pfcp_seid{0x1004});
    return c && c->uplink_dropped == 1 && c->downlink_buffered == 1;
  }));
  EXPECT_FALSE(test::readable(app_->fd(), 100));
  EXPECT_EQ(dp_->totals().uplink_forwarded, 0u);
  EXPECT_EQ(dp_->totals().downlink_forwarded, 0u);
}

// FAR BUFF (TS 29.244 §5.2.3; TS 23.502 §4.2.3.3): packets wait, then reach the gNB in
// order once the FAR forwards; more than the limit are counted as overflow; DROP discards.
TEST_P(upf_datapath, buffered_downlink_is_flushed_in_order_when_the_far_forwards) {
  session_rules r = rules_for(6);
  r.downlink.apply = downlink_rule::action::buffer;
  r.downlink.buffer_packets = 5;
  ASSERT_TRUE(dp_->install(r));
  const auto ue = *transport::socket_address::parse("10.60.1.6", 7000);
  // One at a time: with two workers reading the TUN device, packets sent back to back may
  // be buffered in either order; the buffer's promise is its own order.
  for (std::uint8_t i = 0; i < 7; ++i) {
    ASSERT_TRUE(app_->send_to(bytes{i, i, i}, ue));
    ASSERT_TRUE(eventually([&] {
      auto c = dp_->counters(pfcp_seid{0x1006});
      return c && c->downlink_buffered + c->downlink_buffer_overflow == i + 1u;
    }));
  }
  auto held = dp_->counters(pfcp_seid{0x1006});
  EXPECT_EQ(held->downlink_buffered, 5u);
  EXPECT_EQ(held->downlink_buffer_overflow, 2u);
  EXPECT_FALSE(test::readable(gnb_->fd(), 100));  // nothing leaves while buffering
  r.downlink.apply = downlink_rule::action::forward_to_gnb;
  ASSERT_TRUE(dp_->modify(r));
  for (std::uint8_t i = 0; i < 5; ++i) {
    auto g = at_gnb(gtpu::message_type::g_pdu);
    ASSERT_TRUE(g) << int{i};
    EXPECT_EQ(g->first.teid, 0x50006u);
    ASSERT_EQ(g->second.size(), 28u + 3);
    EXPECT_EQ(g->second[28], i) << "out of order";  // the first UDP payload octet
  }
  ASSERT_TRUE(app_->send_to(bytes{9, 9, 9}, ue));  // and then new packets as usual
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->second[28], 9);
  auto c = dp_->counters(pfcp_seid{0x1006});
  EXPECT_EQ(c->downlink_packets, 6u);
  EXPECT_EQ(c->downlink_buffered, 0u);
  EXPECT_EQ(c->downlink_buffer_dropped, 0u);
}

TEST_P(upf_datapath, buffered_downlink_is_discarded_on_drop_and_on_removal) {
  session_rules r = rules_for(7);
  r.downlink.apply = downlink_rule::action::buffer;
  ASSERT_TRUE(dp_->install(r));
  const auto ue = *transport::socket_address::parse("10.60.1.7", 7000);
  for (std::uint8_t i = 0; i < 3; ++i)
    ASSERT_TRUE(app_->send_to(bytes{i}, ue));
  ASSERT_TRUE(eventually([&] { return dp_->counters(pfcp_seid{0x1007})->downlink_buffered == 3; }));
  r.downlink.apply = downlink_rule::action::drop;
  ASSERT_TRUE(dp_->modify(r));
  auto c = dp_->counters(pfcp_seid{0x1007});
  EXPECT_EQ(c->downlink_buffered, 0u);
  EXPECT_EQ(c->downlink_buffer_dropped, 3u);
  // Buffering again, then the session goes: its packets are freed and counted.
  r.downlink.apply = downlink_rule::action::buffer;
  ASSERT_TRUE(dp_->modify(r));
  for (std::uint8_t i = 0; i < 4; ++i)
    ASSERT_TRUE(app_->send_to(bytes{i}, ue));
  ASSERT_TRUE(eventually([&] { return dp_->counters(pfcp_seid{0x1007})->downlink_buffered == 4; }));
  auto last = dp_->remove(pfcp_seid{0x1007});
  ASSERT_TRUE(last);
  EXPECT_EQ(last->downlink_buffer_dropped, 7u);
  EXPECT_EQ(last->downlink_buffered, 0u);
  EXPECT_FALSE(test::readable(gnb_->fd(), 100));
}

// NOCP (TS 29.244 §5.2.3.1): the first buffered packet is announced once; a changed rule
// re-arms the announcement.
TEST_P(upf_datapath, nocp_announces_the_first_buffered_packet_once) {
  session_rules r = rules_for(3);
  r.downlink.apply = downlink_rule::action::buffer;
  r.downlink.notify_cp = true;
  ASSERT_TRUE(dp_->install(r));
  session_rules quiet = rules_for(2);  // buffering without NOCP: never announced
  quiet.downlink.apply = downlink_rule::action::buffer;
  ASSERT_TRUE(dp_->install(quiet));
  EXPECT_TRUE(dp_->take_downlink_data_arrivals().empty());
  ASSERT_TRUE(app_->send_to(bytes{2}, *transport::socket_address::parse("10.60.1.2", 7000)));
  const auto ue = *transport::socket_address::parse("10.60.1.3", 7000);
  for (std::uint8_t i = 0; i < 3; ++i)
    ASSERT_TRUE(app_->send_to(bytes{i}, ue));
  ASSERT_TRUE(eventually([&] {
    return dp_->counters(pfcp_seid{0x1003})->downlink_buffered == 3 &&
           dp_->counters(pfcp_seid{0x1002})->downlink_buffered == 1;
  }));
  EXPECT_EQ(dp_->take_downlink_data_arrivals(), std::vector<pfcp_seid>{pfcp_seid{0x1003}});
  EXPECT_TRUE(dp_->take_downlink_data_arrivals().empty());
  r.downlink.buffer_packets = 10;  // the FAR changed: the next first packet is announced
  ASSERT_TRUE(dp_->modify(r));
  ASSERT_TRUE(app_->send_to(bytes{4}, ue));
  std::vector<pfcp_seid> again;
  ASSERT_TRUE(eventually([&] {
    again = dp_->take_downlink_data_arrivals();
    return !again.empty();
  }));
  EXPECT_EQ(again, std::vector<pfcp_seid>{pfcp_seid{0x1003}});
}

TEST_P(upf_datapath, sessions_removed_and_changed_while_traffic_flows) {
  constexpr std::size_t sessions = 32;
  for (std::size_t i = 0; i < sessions; ++i)
    ASSERT_TRUE(dp_->install(rules_for(i)));
  std::atomic<bool> stop{false};
  std::thread traffic([&] {
    std::vector<bytes> uplink;
    for (std::size_t i = 0; i < sessions; ++i) {
      uplink.push_back(g_pdu(0x100 + static_cast<std::uint32_t>(i),
                             test::ipv4_udp(ue_ip(i), {10, 60, 0, 1}, 1, 5001, {1, 2, 3})));
    }
    std::size_t k = 0;
    while (!stop.load()) {
      (void)gnb_->send_to(uplink[k % sessions], dp_->n3_local_address());
      const auto a = ue_ip(k % sessions);
      const std::string ue = std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                             std::to_string(a[2]) + "." + std::to_string(a[3]);
      (void)app_->send_to(bytes{4, 5, 6}, *transport::socket_address::parse(ue, 7000));
      ++k;
      if (k % 64 == 0) {
        bytes drain(4096);
        while (gnb_->receive_from(drain)) {
        }
      }
    }
  });
  // Churn: remove, reinstall and modify sessions for a while with traffic running.
  std::size_t removed = 0;
  for (std::size_t round = 0; round < 3000; ++round) {
    const std::size_t i = round % sessions;
    if (round % 3 == 0) {
      auto final_counts = dp_->remove(pfcp_seid{0x1000 + i});
      ASSERT_TRUE(final_counts);
      ++removed;
      ASSERT_TRUE(dp_->install(rules_for(i)));
    } else {
      session_rules r = rules_for(i);
      r.downlink.gnb_teid = gtpu_teid{static_cast<std::uint32_t>(0x70000 + round)};
      ASSERT_TRUE(dp_->modify(r));
    }
  }
  for (std::size_t i = 0; i < sessions / 2; ++i)
    ASSERT_TRUE(dp_->remove(pfcp_seid{0x1000 + i}));
  const auto before = dp_->totals();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < until)
    std::this_thread::yield();
  stop.store(true);
  traffic.join();
  const auto after = dp_->totals();
  EXPECT_GT(after.uplink_forwarded, 0u);
  EXPECT_GT(after.downlink_forwarded, 0u);
  // Traffic to the removed half keeps arriving and is dropped and counted.
  EXPECT_GT(after.unknown_teid_dropped, before.unknown_teid_dropped);
  EXPECT_GT(after.unknown_ue_dropped, before.unknown_ue_dropped);
  EXPECT_EQ(dp_->session_count(), sessions / 2);
  EXPECT_GT(removed, 0u);
}

TEST_P(upf_datapath, a_thousand_sessions_each_reach_only_their_own_ue) {
  constexpr std::size_t sessions = 1000;
  for (std::size_t i = 0; i < sessions; ++i)
    ASSERT_TRUE(dp_->install(rules_for(i)));
  EXPECT_EQ(dp_->install(rules_for(0)).error(), datapath_error::duplicate_seid);
  session_rules clash = rules_for(2000);
  clash.uplink.teid = gtpu_teid{0x100};
  EXPECT_EQ(dp_->install(clash).error(), datapath_error::teid_in_use);
  // Downlink: one packet per UE, carrying its index; each must come back on its own TEID.
  std::vector<int> seen(sessions, 0);
  for (std::size_t base = 0; base < sessions; base += 50) {
    for (std::size_t i = base; i < base + 50; ++i) {
      const auto a = ue_ip(i);
      const std::string ue = std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                             std::to_string(a[2]) + "." + std::to_string(a[3]);
      const bytes payload{static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
      ASSERT_TRUE(app_->send_to(payload, *transport::socket_address::parse(ue, 7000)));
    }
    for (std::size_t n = 0; n < 50; ++n) {
      auto g = at_gnb(gtpu::message_type::g_pdu);
      ASSERT_TRUE(g) << "after " << base + n << " packets";
      const bytes& ip = g->second;
      ASSERT_EQ(ip.size(), 30u);
      const std::size_t i = std::size_t{ip[28]} << 8 | ip[29];
      ASSERT_LT(i, sessions);
      EXPECT_EQ(g->first.teid, 0x50000u + i);
      const auto a = ue_ip(i);
      EXPECT_EQ(bytes(ip.begin() + 16, ip.begin() + 20), bytes(a.begin(), a.end()));
      ++seen[i];
    }
  }
  for (std::size_t i = 0; i < sessions; ++i)
    EXPECT_EQ(seen[i], 1) << "UE " << i;
  // Uplink: each session's TEID with its own UE source passes; with another UE's source
  // address (spoofing) it is dropped.
  for (std::size_t base = 0; base < sessions; base += 50) {
    for (std::size_t i = base; i < base + 50; ++i) {
      const bytes payload{static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
      to_upf(g_pdu(0x100 + static_cast<std::uint32_t>(i),
                   test::ipv4_udp(ue_ip(i), {10, 60, 0, 1}, 3000, 5000, payload)));
    }
    for (std::size_t n = 0; n < 50; ++n) {
      ASSERT_TRUE(test::readable(app_->fd()));
      bytes buf(64);
      auto r = app_->receive_from(buf);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->size, 2u);
      const std::size_t i = std::size_t{buf[0]} << 8 | buf[1];
      const auto a = ue_ip(i);
      EXPECT_EQ(r->source.to_string(), std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                                           std::to_string(a[2]) + "." + std::to_string(a[3]) +
                                           ":3000");
    }
  }
  to_upf(g_pdu(0x100, test::ipv4_udp(ue_ip(1), {10, 60, 0, 1}, 3000, 5000, {9, 9})));
  ASSERT_TRUE(eventually([&] { return dp_->counters(pfcp_seid{0x1000})->uplink_dropped == 1; }));
  EXPECT_FALSE(test::readable(app_->fd(), 100));
  for (std::size_t i = 0; i < sessions; ++i) {
    auto c = dp_->counters(pfcp_seid{0x1000 + i});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->uplink_packets, 1u) << i;
    EXPECT_EQ(c->downlink_packets, 1u) << i;
  }
}

// IPv6 PDU sessions: uplink checked against the UE's /64 prefix (anti-spoofing), downlink
// found by the destination's /64 (TS 23.501 §5.8.2.2.3).
TEST_P(upf_datapath, ipv6_prefix_uplink_and_downlink) {
  session_rules r = rules_for(9);
  ip_address prefix;
  prefix.family = config::ip_family::v6;
  prefix.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 9};  // 2001:db8:1:9::/64
  r.downlink.ue_ipv6_prefix = prefix;
  r.downlink.ue_ipv4.reset();
  ASSERT_TRUE(dp_->install(r));
  // Uplink: an IPv6/UDP packet from 2001:db8:1:9::42, then one from outside the prefix.
  auto ipv6_udp = [](std::uint8_t prefix_last) {
    bytes p(40 + 8 + 2, 0);
    p[0] = 0x60;
    p[5] = 10;  // payload length
    p[6] = 17;  // UDP
    p[7] = 64;
    const std::uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, prefix_last,
                                  0,    0,    0,    0,    0, 0, 0, 0x42};
    std::copy(src, src + 16, p.begin() + 8);
    p[24] = 0x20;
    p[25] = 0x01;
    p[26] = 0x0d;
    p[27] = 0xb8;
    p[39] = 1;
    p[41] = 1, p[43] = 2, p[45] = 10;  // ports 1 -> 2, length 10 (checksum left 0)
    return p;
  };
  to_upf(g_pdu(0x109, ipv6_udp(9)));
  to_upf(g_pdu(0x109, ipv6_udp(8)));
  ASSERT_TRUE(eventually([&] {
    auto c = dp_->counters(pfcp_seid{0x1009});
    return c && c->uplink_packets == 1 && c->uplink_dropped == 1;
  }));
  // Downlink: route 2001:db8:1::/48 into the TUN device and send to a UE address.
  const std::string tun = "upftest0";
  if (std::system(("ip -6 addr add 2001:db8:ffff::1/64 dev " + tun + " nodad 2>/dev/null && " +
                   "ip -6 route add 2001:db8:1::/48 dev " + tun + " 2>/dev/null")
                      .c_str()) != 0) {
    GTEST_SKIP() << "no iproute2 or no IPv6 here: the IPv6 downlink half is not run";
  }
  auto app6 = transport::udp_socket::open(*transport::socket_address::parse("2001:db8:ffff::1", 0));
  ASSERT_TRUE(app6);
  ASSERT_TRUE(
      app6->send_to(bytes{6, 6}, *transport::socket_address::parse("2001:db8:1:9::77", 7000)));
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, 0x50009u);
  ASSERT_EQ(g->second.size(), 40u + 8 + 2);
  EXPECT_EQ(g->second[0] >> 4, 6);
  EXPECT_EQ(g->second[39], 0x77);  // destination 2001:db8:1:9::77
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1009})->downlink_packets, 1u);
}

// The CP-function tunnels of an IPv6 session (TS 23.501 §5.8.2.2.3): the UE's Router
// Solicitation goes to the SMF's N4-u tunnel, any other uplink packet to N6, and the SMF's
// Router Advertisement, sent to the session's CP-function TEID, down to the gNB.
TEST_P(upf_datapath, router_solicitation_to_the_smf_and_advertisement_to_the_gnb) {
  session_rules r = rules_for(9);
  ip_address prefix;
  prefix.family = config::ip_family::v6;
  prefix.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 9};  // 2001:db8:1:9::/64
  r.downlink.ue_ipv6_prefix = prefix;
  r.downlink.ue_ipv4.reset();
  ip_address all_routers;
  all_routers.family = config::ip_family::v6;
  all_routers.bytes = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  r.uplink.to_cp_function =
      cp_function_diversion{58, all_routers, {ip_address::v4(127, 0, 0, 3), gtpu_teid{0x5F0}}};
  r.downlink_teid = gtpu_teid{0x7009};
  ASSERT_TRUE(dp_->install(r));
  auto smf = transport::udp_socket::open(*transport::socket_address::parse("127.0.0.3", 2152));
  ASSERT_TRUE(smf);

  const std::array<std::uint8_t, 16> link_local{0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                                0,    0,    0, 0, 0, 0, 0, 0x42};
  const std::array<std::uint8_t, 16> ff02_2{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  // ICMPv6 Router Solicitation (RFC 4861 §4.1: type 133, code 0, checksum, reserved).
  const bytes rs = test::ipv6(link_local, ff02_2, 58, {133, 0, 0, 0, 0, 0, 0, 0});
  // The same behind a Hop-by-Hop Options header (Next Header 58, length 0, PadN).
  const bytes rs_hbh =
      test::ipv6(link_local, ff02_2, 0, {58, 0, 1, 4, 0, 0, 0, 0, 133, 0, 0, 0, 0, 0, 0, 0});
  for (const bytes& inner : {rs, rs_hbh}) {
    to_upf(g_pdu(0x109, inner));
    auto d = test::receive(*smf);
    ASSERT_TRUE(d);
    auto v = gtpu::decode(*d);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->hdr.type, gtpu::message_type::g_pdu);
    EXPECT_EQ(v->hdr.teid, 0x5F0u);
    EXPECT_FALSE(v->hdr.pdu_session.has_value());
    EXPECT_EQ(bytes(v->payload.begin(), v->payload.end()), inner);
  }
  // An ICMPv6 Echo Request to a global address is not a Router Solicitation: N6.
  const std::array<std::uint8_t, 16> ue{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 9,
                                        0,    0,    0,    0,    0, 0, 0, 0x42};
  const std::array<std::uint8_t, 16> global{0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0,
                                            0,    0,    0,    0,    0,    0,    0, 1};
  to_upf(g_pdu(0x109, test::ipv6(ue, global, 58, {128, 0, 0, 0, 0, 1, 0, 1})));
  ASSERT_TRUE(eventually([&] { return dp_->totals().uplink_forwarded == 1; }));
  EXPECT_EQ(dp_->totals().uplink_to_cp_function, 2u);
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1009})->uplink_packets, 1u);
  EXPECT_FALSE(test::readable(smf->fd(), 100));

  // The SMF's Router Advertisement (type 134) from fe80::1 to the UE's link-local address.
  const std::array<std::uint8_t, 16> smf_link_local{0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                                    0,    0,    0, 0, 0, 0, 0, 1};
  const bytes ra = test::ipv6(smf_link_local, link_local, 58, {134, 0, 0, 0, 64, 0, 0, 0});
  gtpu::header h;
  h.teid = 0x7009;
  bytes gpdu(gtpu::header_size(h) + ra.size());
  const std::size_t n = gtpu::encode_header(h, ra.size(), gpdu);
  std::copy(ra.begin(), ra.end(), gpdu.begin() + static_cast<std::ptrdiff_t>(n));
  ASSERT_TRUE(smf->send_to(gpdu, dp_->n3_local_address()));
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, 0x50009u);
  ASSERT_TRUE(g->first.pdu_session.has_value());
  EXPECT_EQ(g->first.pdu_session->qfi, 9);
  EXPECT_EQ(g->second, ra);
  EXPECT_EQ(dp_->totals().downlink_from_tunnel, 1u);
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1009})->downlink_packets, 1u);

  // Removed with the session: the CP-function TEID is unknown afterwards.
  ASSERT_TRUE(dp_->remove(pfcp_seid{0x1009}));
  ASSERT_TRUE(smf->send_to(gpdu, dp_->n3_local_address()));
  ASSERT_TRUE(eventually([&] { return dp_->totals().unknown_teid_dropped == 1; }));
}

// The registry series (labelled per worker) count what the totals count.
TEST_P(upf_datapath, metrics_registry_counts_per_direction_and_reason) {
  metrics::registry registry;
  datapath_config c;
  c.n3_address = ip_address::v4(127, 0, 0, 1);
  c.n3_port = 0;
  c.tun_name = "upftest1";
  c.tun_ipv4 = config::ip_prefix{ip_address::v4(10, 61, 0, 1), 16};  // up, or writes fail
  c.workers = GetParam();
  c.metrics = &registry;
  auto dp = datapath::start(c);
  ASSERT_TRUE(dp);
  session_rules r = rules_for(8);
  ASSERT_TRUE((*dp)->install(r));
  const bytes inner = test::ipv4_udp(ue_ip(8), {10, 60, 0, 1}, 4000, 5000, {1, 2, 3});
  ASSERT_TRUE(gnb_->send_to(g_pdu(0x108, inner), (*dp)->n3_local_address()));
  ASSERT_TRUE(gnb_->send_to(g_pdu(0x999, inner), (*dp)->n3_local_address()));
  ASSERT_TRUE(gnb_->send_to(bytes{1, 2, 3}, (*dp)->n3_local_address()));
  ASSERT_TRUE(eventually([&] { return (*dp)->totals().n3_received == 3; }));
  auto sum = [&](const std::string& family, const std::string& label) {
    std::uint64_t total = 0;
    registry.for_each([&](const metrics::family_base& f) {
      if (f.name() != family)
        return;
      static_cast<const metrics::counter_family&>(f).for_each(
          [&](const std::vector<std::string>& values, const metrics::counter& m) {
            if (values[0] == label)
              total += m.value();
          });
    });
    return total;
  };
  EXPECT_EQ(sum("glasscore_upf_packets_total", "uplink"), 1u);
  EXPECT_EQ(sum("glasscore_upf_bytes_total", "uplink"), inner.size());
  EXPECT_EQ(sum("glasscore_upf_dropped_total", "unknown_teid"), 1u);
  EXPECT_EQ(sum("glasscore_upf_dropped_total", "malformed"), 1u);
  EXPECT_EQ(sum("glasscore_upf_gtpu_messages_total", "error_indication_sent"), 1u);
}

// One N3 socket (SO_REUSEPORT) and one TUN queue (IFF_MULTI_QUEUE) per worker: G-PDUs from
// many source ports (gNB flows) and downlink flows from many ports are handled by every
// worker, as the per-worker series show.
TEST_P(upf_datapath, flows_spread_over_the_workers_sockets_and_tun_queues) {
  metrics::registry registry;
  datapath_config c;
  c.n3_address = ip_address::v4(127, 0, 0, 1);
  c.n3_port = 0;
  c.tun_name = "upftest2";
  c.tun_ipv4 = config::ip_prefix{ip_address::v4(10, 62, 0, 1), 16};
  c.workers = GetParam();
  c.metrics = &registry;
  auto dp = datapath::start(c);
  ASSERT_TRUE(dp);
  session_rules r = rules_for(1);
  r.downlink.ue_ipv4 = ip_address::v4(10, 62, 1, 1);  // routed into this TUN device
  ASSERT_TRUE((*dp)->install(r));
  const bytes inner = test::ipv4_udp({10, 62, 1, 1}, {10, 62, 0, 1}, 4000, 5000, {1, 2, 3});
  // The uplink's receiver, so that no ICMP port unreachable comes back down as extra flows.
  auto sink = transport::udp_socket::open(*transport::socket_address::parse("10.62.0.1", 5000));
  ASSERT_TRUE(sink);
  constexpr std::size_t flows = 64;
  for (std::size_t i = 0; i < flows; ++i) {
    auto gnb = transport::udp_socket::open(*transport::socket_address::parse("127.0.0.2", 0));
    ASSERT_TRUE(gnb);
    ASSERT_TRUE(gnb->send_to(g_pdu(0x101, inner), (*dp)->n3_local_address()));
    auto app = transport::udp_socket::open(*transport::socket_address::parse("10.62.0.1", 0));
    ASSERT_TRUE(app);
    ASSERT_TRUE(app->send_to(bytes{1}, *transport::socket_address::parse("10.62.1.1", 7000)));
  }
  ASSERT_TRUE(eventually([&] {
    return (*dp)->totals().uplink_forwarded == flows && (*dp)->totals().downlink_forwarded == flows;
  }));
  for (const std::string direction : {"uplink", "downlink"}) {
    std::vector<std::uint64_t> per_worker(GetParam(), 0);
    registry.for_each([&](const metrics::family_base& f) {
      if (f.name() != "glasscore_upf_packets_total")
        return;
      static_cast<const metrics::counter_family&>(f).for_each(
          [&](const std::vector<std::string>& values, const metrics::counter& m) {
            if (values[0] == direction)
              per_worker.at(std::stoul(values[1])) += m.value();
          });
    });
    for (std::size_t w = 0; w < per_worker.size(); ++w)
      EXPECT_GT(per_worker[w], 0u) << "worker " << w << " had no " << direction << " flow";
  }
}

// Several PDRs per session (TS 29.244 §5.2.1): next to the default PDRs (Precedence 255,
// uplink QFI 9), a dedicated QoS flow "permit out 17 from 10.60.0.1 5000-5010 to assigned"
// (Precedence 10, uplink QFI 2, downlink QFI 2) and a DROP PDR for its port 5005
// (Precedence 5), both directions, over the real sockets and TUN device.
TEST_P(upf_datapath, packets_take_the_lowest_precedence_pdr_that_matches) {
  const ip_address dn = ip_address::v4(10, 60, 0, 1);
  const packet_filter dedicated{17, config::ip_prefix{dn, 32}, {}, {{5000, 5010}}, {}};
  const packet_filter blocked{17, config::ip_prefix{dn, 32}, {}, {{5005, 5005}}, {}};
  session_rules r = rules_for(8);
  r.uplink.precedence = 255;
  r.uplink.required_qfi = qos_flow_id{9};
  uplink_rule up_flow = r.uplink;
  up_flow.precedence = 10;
  up_flow.required_qfi = qos_flow_id{2};
  up_flow.filters = {dedicated};
  uplink_rule up_drop = up_flow;
  up_drop.precedence = 5;
  up_drop.filters = {blocked};
  up_drop.apply = uplink_rule::action::drop;
  r.other_uplink = {up_flow, up_drop};
  r.downlink.precedence = 255;
  downlink_rule down_flow = r.downlink;
  down_flow.precedence = 10;
  down_flow.filters = {dedicated};
  down_flow.qfi = qos_flow_id{2};
  downlink_rule down_drop = down_flow;
  down_drop.precedence = 5;
  down_drop.filters = {blocked};
  down_drop.apply = downlink_rule::action::drop;
  r.other_downlink = {down_flow, down_drop};
  ASSERT_TRUE(dp_->install(r));
  auto open_dn = [](std::uint16_t port) {
    auto s = transport::udp_socket::open(*transport::socket_address::parse("10.60.0.1", port));
    EXPECT_TRUE(s);
    return std::move(*s);
  };
  transport::udp_socket blocked_app = open_dn(5005);
  transport::udp_socket other_app = open_dn(7001);

  // Uplink: QFI 2 to port 5000 is the flow's, QFI 9 the default PDR's: both reach N6.
  bytes buf(2048);
  for (const std::uint8_t qfi : {2, 9}) {
    to_upf(g_pdu(0x108, test::ipv4_udp(ue_ip(8), {10, 60, 0, 1}, 4000, 5000, {qfi}), qfi));
    ASSERT_TRUE(test::readable(app_->fd())) << int{qfi};
    auto got = app_->receive_from(buf);
    ASSERT_TRUE(got);
    EXPECT_EQ(buf[0], qfi);
  }
  // QFI 2 to port 6000: neither the flow's filter nor the default PDR's QFI: no PDR.
  to_upf(g_pdu(0x108, test::ipv4_udp(ue_ip(8), {10, 60, 0, 1}, 4000, 6000, {1}), 2));
  // QFI 2 to port 5005: the flow's PDR and the DROP PDR match; 5 beats 10.
  to_upf(g_pdu(0x108, test::ipv4_udp(ue_ip(8), {10, 60, 0, 1}, 4000, 5005, {1}), 2));
  ASSERT_TRUE(eventually([&] {
    auto c = dp_->counters(pfcp_seid{0x1008});
    return c && c->uplink_dropped == 2;
  }));
  EXPECT_FALSE(test::readable(blocked_app.fd(), 100));
  auto c = dp_->counters(pfcp_seid{0x1008});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->uplink_packets, 2U);
  EXPECT_EQ(c->uplink_unmatched, 1U);
  EXPECT_EQ(dp_->totals().unmatched_dropped, 1U);

  // Downlink: from port 5000 the flow's QFI 2, from 7001 the default QFI 9, from 5005 none.
  const auto ue = *transport::socket_address::parse("10.60.1.8", 7000);
  ASSERT_TRUE(app_->send_to(bytes{1}, ue));
  auto g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  ASSERT_TRUE(g->first.pdu_session);
  EXPECT_EQ(g->first.pdu_session->qfi, 2);
  ASSERT_TRUE(other_app.send_to(bytes{2}, ue));
  g = at_gnb(gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.pdu_session->qfi, 9);
  EXPECT_EQ(g->first.teid, 0x50008U);
  ASSERT_TRUE(blocked_app.send_to(bytes{3}, ue));
  ASSERT_TRUE(eventually([&] {
    auto d = dp_->counters(pfcp_seid{0x1008});
    return d && d->downlink_dropped == 1;
  }));
  EXPECT_FALSE(test::receive(*gnb_, 100).has_value());
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1008})->downlink_packets, 2U);
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1008})->downlink_unmatched, 0U);
}

// MBR per QER (TS 29.244 §5.2.1.11): a flow's QER limits that flow only; a QER named by
// every PDR (the session AMBR) limits them all together.
TEST_P(upf_datapath, each_qer_has_its_own_bucket_and_a_shared_qer_one_for_all_its_pdrs) {
  const packet_filter to_5001{17, std::nullopt, std::nullopt, {{5001, 5001}}, {}};
  session_rules r = rules_for(9);
  r.uplink.precedence = 255;
  // 8 kbit/s: 1000 octets per second; a 300-octet depth lets one 228-octet packet through
  // and refuses a second one sent within 156 ms of it.
  const qos_enforcement slow{2, true, 8000, 300};
  uplink_rule flow = r.uplink;
  flow.precedence = 1;
  flow.filters = {to_5001};
  flow.qer = slow;
  r.other_uplink = {flow};
  ASSERT_TRUE(dp_->install(r));
  auto send = [&](std::uint16_t port) {
    to_upf(g_pdu(0x109, test::ipv4_udp(ue_ip(9), {10, 60, 0, 1}, 4000, port, bytes(200, 7))));
  };
  for (int i = 0; i < 3; ++i)
    send(5001);
  for (int i = 0; i < 3; ++i)
    send(5000);  // the default PDR: no MBR
  ASSERT_TRUE(eventually([&] {
    auto c = dp_->counters(pfcp_seid{0x1009});
    return c && c->uplink_packets + c->uplink_dropped == 6;
  }));
  auto c = dp_->counters(pfcp_seid{0x1009});
  EXPECT_EQ(c->uplink_packets, 4U);  // one of the flow's three, all three default ones
  EXPECT_EQ(c->uplink_dropped, 2U);
  // The same QER as second QER of both PDRs: they now share its one bucket.
  const qos_enforcement ambr{1, true, 8000, 300};
  r.uplink.second_qer = ambr;
  r.other_uplink[0].qer = qos_enforcement{};
  r.other_uplink[0].second_qer = ambr;
  ASSERT_TRUE(dp_->modify(r));
  send(5001);
  send(5000);
  ASSERT_TRUE(eventually([&] {
    auto d = dp_->counters(pfcp_seid{0x1009});
    return d && d->uplink_packets + d->uplink_dropped == 8;
  }));
  EXPECT_EQ(dp_->counters(pfcp_seid{0x1009})->uplink_packets, 5U);
}

INSTANTIATE_TEST_SUITE_P(workers, upf_datapath, ::testing::Values(1, 2),
                         [](const auto& p) { return std::to_string(p.param) + "_workers"; });

}  // namespace
}  // namespace glasscore::upf
