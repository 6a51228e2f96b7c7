// PDU sessions through the whole core (issue: PDU sessions and the user plane): simulated
// UEs ask for sessions over N1/N2, the AMF relays to the SMF over HTTP/2, the SMF asks the
// UDM and the PCF and sets the session up at the UPF over PFCP, the gNB opens its GTP-U
// tunnel, and pings cross the UPF to a host in a data network namespace and come back.
// Needs root (TUN device, network namespaces): skipped otherwise.
#include <set>

#include "session_fixture.h"

namespace glasscore::test {
namespace {

using type = nas::pdu_session_type_value;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;  // ASan/UBSan: about ten times slower
#else
constexpr bool sanitized = false;
#endif

class pdu_session_e2e : public session_fixture {};

TEST_F(pdu_session_e2e, ipv4_session_pings_the_data_network_and_release_frees_everything) {
  ASSERT_NO_FATAL_FAILURE(start(1));
  auto& ue = add_ue(0);
  ASSERT_TRUE(register_and_establish(ue));
  const sim::session_event established = *last_session(ue);  // a copy: the list grows
  ASSERT_TRUE(established.ipv4);
  EXPECT_EQ((*established.ipv4)[0], 10);
  EXPECT_EQ((*established.ipv4)[1], 45);
  EXPECT_EQ(core_->smf().sessions(), 1U);
  EXPECT_EQ(core_->upf()->sessions(), 1U);
  ASSERT_TRUE(run_until([&] { return gnbs_.front()->user_plane()->tunnel_count() == 1; }));

  ASSERT_TRUE(ping(ue, 5));
  const auto& t = traffic(ue);
  EXPECT_EQ(t.ping.sent, 5U);
  EXPECT_EQ(t.ping.received, 5U) << "ICMP echo to 10.200.0.2 through the UPF and back";
  EXPECT_EQ(t.ping.lost, 0U);
  EXPECT_EQ(t.wrong_destination, 0U);
  EXPECT_EQ(t.last_downlink_qfi, std::optional<std::uint8_t>(1));
  const auto totals = core_->upf()->totals();
  EXPECT_GE(totals.uplink_forwarded, 5U);
  EXPECT_GE(totals.downlink_forwarded, 5U);

  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  ASSERT_TRUE(run_until([&] { return session_is(ue, sim::session_event_type::released); }));
  EXPECT_TRUE(run_until([&] { return core_->smf().sessions() == 0; })) << "SM context removed";
  EXPECT_EQ(core_->upf()->sessions(), 0U) << "N4 session deleted";
  EXPECT_TRUE(run_until([&] { return gnbs_.front()->user_plane()->tunnel_count() == 0; }));

  // The address went back to the pool: a new session works (and gets another address,
  // as the pool hands addresses out round-robin).
  ASSERT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}, type::ipv4));
  ASSERT_TRUE(run_until([&] { return session_is(ue, sim::session_event_type::established); }));
  EXPECT_NE(*last_session(ue)->ipv4, *established.ipv4);
  // The core stops now, with the SMF's procedure perhaps still waiting on the gNB's tunnel:
  // stop_core() waits until neither the AMF nor the SMF is busy.
}

// TS 23.501 §5.8.2.2.3: the SMF's Router Advertisement, through the UPF, gives each IPv6
// session the /64 the SMF allocated; the UE's address is that prefix with the interface
// identifier of the accept, and the UPF routes the data network's replies to it.
TEST_F(pdu_session_e2e, ipv6_and_ipv4v6_sessions_learn_their_prefix_and_ping_over_ipv6) {
  ASSERT_NO_FATAL_FAILURE(start(2));
  auto& v6 = add_ue(0);
  ASSERT_TRUE(register_and_establish(v6, type::ipv6));
  EXPECT_FALSE(last_session(v6)->ipv4.has_value());
  EXPECT_TRUE(last_session(v6)->ipv6_interface_id.has_value());
  ASSERT_TRUE(run_until([&] { return traffic(v6).ipv6_prefix.has_value(); }))
      << "a Router Advertisement reaches the UE";
  EXPECT_EQ(traffic(v6).ipv6_prefix, core_->smf().ipv6_prefix("imsi-" + imsi(0), 1))
      << "the prefix the SMF allocated";
  EXPECT_EQ(traffic(v6).invalid_router_advertisements, 0U);
  EXPECT_GE(core_->smf().router_advertisements(), 1U);
  // The UPF routes the /64 to this session: replies to the global address come back.
  ASSERT_TRUE(ping(v6, 3, true));
  EXPECT_EQ(traffic(v6).ping.received, 3U) << "ICMPv6 echo to 2001:db8:200::2 and back";
  EXPECT_EQ(traffic(v6).ping.lost, 0U);
  EXPECT_EQ(traffic(v6).wrong_destination, 0U);

  auto& dual = add_ue(1);
  ASSERT_TRUE(register_and_establish(dual, type::ipv4v6));
  EXPECT_TRUE(last_session(dual)->ipv4.has_value());
  EXPECT_TRUE(last_session(dual)->ipv6_interface_id.has_value());
  EXPECT_EQ(core_->upf()->sessions(), 2U);
  ASSERT_TRUE(run_until([&] { return traffic(dual).ipv6_prefix.has_value(); }));
  EXPECT_EQ(traffic(dual).ipv6_prefix, core_->smf().ipv6_prefix("imsi-" + imsi(1), 1));
  EXPECT_NE(traffic(dual).ipv6_prefix, traffic(v6).ipv6_prefix);
  // Both families of the dual-stack session carry traffic.
  ASSERT_TRUE(ping(dual, 3));
  EXPECT_EQ(traffic(dual).ping.received, 3U);
  ASSERT_TRUE(ping(dual, 3, true));  // three more, over IPv6; the session's totals go on
  EXPECT_EQ(traffic(dual).ping.received, 6U);
  EXPECT_EQ(traffic(dual).wrong_destination, 0U);
}

TEST_F(pdu_session_e2e, unknown_dnn_is_rejected_by_the_smf_and_reaches_the_ue) {
  ASSERT_NO_FATAL_FAILURE(start(1));
  auto& ue = add_ue(0);
  ASSERT_TRUE(ue.nas().start_registration());
  ASSERT_TRUE(run_until([&] { return registered(ue); }));
  ASSERT_TRUE(ue.nas().start_pdu_session(1, "ims", nas::s_nssai{1, {}, {}, {}}, type::ipv4));
  ASSERT_TRUE(run_until([&] { return last_session(ue) != nullptr; }));
  const auto* e = last_session(ue);
  EXPECT_NE(e->type, sim::session_event_type::established);
  EXPECT_EQ(core_->smf().sessions(), 0U);
  EXPECT_EQ(core_->upf()->sessions(), 0U);
}

TEST_F(pdu_session_e2e, many_ues_get_distinct_addresses_and_only_their_own_traffic) {
  const std::size_t count = sanitized ? 100 : 1000;
  ASSERT_NO_FATAL_FAILURE(start(count));
  std::vector<sim::sim_ue*> ues;
  for (std::size_t i = 0; i < count; ++i) {
    ues.push_back(&add_ue(i));
  }
  // Registrations in waves the admission gate lets through, then one session each.
  for (auto* ue : ues) {
    ASSERT_TRUE(ue->nas().start_registration());
    run_until([] { return false; }, std::chrono::milliseconds(sanitized ? 40 : 10));
  }
  ASSERT_TRUE(
      run_until([&] { return std::ranges::all_of(ues, [&](auto* u) { return registered(*u); }); },
                std::chrono::seconds(120)));
  for (auto* ue : ues) {
    ASSERT_TRUE(
        ue->nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}, type::ipv4));
    run_until([] { return false; }, std::chrono::milliseconds(sanitized ? 40 : 5));
  }
  ASSERT_TRUE(run_until(
      [&] {
        return std::ranges::all_of(
            ues, [&](auto* u) { return session_is(*u, sim::session_event_type::established); });
      },
      std::chrono::seconds(120)));
  ASSERT_TRUE(run_until([&] { return core_->smf().active_sessions() == count; }));
  std::set<std::array<std::uint8_t, 4>> addresses;
  for (auto* ue : ues) {
    addresses.insert(*last_session(*ue)->ipv4);
  }
  EXPECT_EQ(addresses.size(), count) << "every UE its own address";
  EXPECT_EQ(core_->upf()->sessions(), count);

  // Two pings from every UE; each reply must come back to its sender only.
  auto& up = *gnbs_.front()->user_plane();
  sim::ping_config p;
  p.target_ipv4 = {10, 200, 0, 2};
  p.count = 2;
  p.interval = std::chrono::milliseconds(200);
  p.timeout = std::chrono::seconds(5);
  // Started a little apart, as real UEs would: the test is about where replies go, not
  // about a burst of 1000 packets at one instant (bench/ measures bursts).
  for (auto* ue : ues) {
    ASSERT_TRUE(up.start_ping(*ue, 1, p));
    run_until([] { return false; }, std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(run_until([&] { return up.traffic_done(); }, std::chrono::seconds(60)));
  std::uint64_t received = 0;
  for (auto* ue : ues) {
    received += traffic(*ue).ping.received;
    EXPECT_EQ(traffic(*ue).wrong_destination, 0U);
  }
  const auto totals = core_->upf()->totals();
  EXPECT_EQ(received, 2 * count) << "UPF: uplink " << totals.uplink_forwarded << ", downlink "
                                 << totals.downlink_forwarded << ", dropped: unknown UE "
                                 << totals.unknown_ue_dropped << ", rules " << totals.rule_dropped
                                 << ", send failed " << totals.send_failed_dropped;
}

}  // namespace
}  // namespace glasscore::test
