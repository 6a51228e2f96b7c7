// PDU sessions through the whole core (issue: PDU sessions and the user plane): simulated
// UEs ask for sessions over N1/N2, the AMF relays to the SMF over HTTP/2, the SMF asks the
// UDM and the PCF and sets the session up at the UPF over PFCP, the gNB opens its GTP-U
// tunnel, and pings cross the UPF to a host in a data network namespace and come back.
// Needs root (TUN device, network namespaces): skipped otherwise.
#include <set>

#include "core_fixture.h"
#include "glasscore/sim/data_network.h"

namespace glasscore::test {
namespace {

using type = nas::pdu_session_type_value;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;  // ASan/UBSan: about ten times slower
#else
constexpr bool sanitized = false;
#endif

class pdu_session_e2e : public core_fixture {
 protected:
  void SetUp() override {
    core_fixture::SetUp();
    if (::geteuid() != 0) {
      GTEST_SKIP() << "the UPF's TUN device and the data network namespace need root";
    }
  }
  void TearDown() override {
    ues_.clear();
    core_fixture::TearDown();
    dn_.reset();
  }

  // Subscribers allowed every IP session type, the core, one gNB with its user plane and
  // the data network.
  void start(std::size_t subscribers) {
    ASSERT_NO_FATAL_FAILURE(provision(subscribers, k,
                                      {store::pdu_session_type::ipv4, store::pdu_session_type::ipv6,
                                       store::pdu_session_type::ipv4v6}));
    ASSERT_NO_FATAL_FAILURE(start_core());
    ASSERT_NE(core_->upf(), nullptr) << core_->user_plane_note();
    ASSERT_TRUE(run_until([&] { return core_->smf().upf_associations() == 1; }))
        << "the SMF's PFCP association with the UPF";
    ASSERT_NO_FATAL_FAILURE(start_gnbs(1));
    auto up = gnbs_.front()->enable_user_plane(io_, {127, 0, 0, 1});
    ASSERT_TRUE(up) << up.error();
    auto dn = sim::data_network::create({});
    ASSERT_TRUE(dn) << dn.error();
    dn_ = std::move(*dn);
  }

  sim::sim_ue& add_ue(std::size_t index) {
    auto card = sim::usim::create(this->card(index, crypto::protection_scheme::null_scheme));
    EXPECT_TRUE(card);
    auto ue = std::make_unique<sim::sim_ue>(
        std::move(*card), sim::ue_nas_config{}, gnbs_.front()->cell(), timers_,
        [this](sim::sim_ue& u, const sim::ue_event& e) { events_[&u].push_back(e.type); });
    ue->set_session_handler([this](sim::sim_ue& u, const sim::session_event& e) {
      sessions_[&u].push_back(e);
      if (e.type == sim::session_event_type::established) {
        gnbs_.front()->user_plane()->set_ue_address(u, e.pdu_session_id, e.ipv4,
                                                    e.ipv6_interface_id);
      }
    });
    ues_.push_back(std::move(ue));
    return *ues_.back();
  }

  bool registered(sim::sim_ue& ue) {
    return std::ranges::count(events_[&ue], sim::ue_event_type::registered) > 0;
  }
  const sim::session_event* last_session(sim::sim_ue& ue) {
    auto it = sessions_.find(&ue);
    return it == sessions_.end() || it->second.empty() ? nullptr : &it->second.back();
  }
  bool session_is(sim::sim_ue& ue, sim::session_event_type t) {
    const auto* e = last_session(ue);
    return e != nullptr && e->type == t;
  }

  // Registers then asks for PDU session 1; true once established.
  bool register_and_establish(sim::sim_ue& ue, type t = type::ipv4) {
    EXPECT_TRUE(ue.nas().start_registration());
    if (!run_until([&] { return registered(ue); })) {
      return false;
    }
    EXPECT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}, t));
    const std::size_t active = core_->smf().active_sessions();
    // Established at the UE, then active at the UPF once the gNB's tunnel is known.
    return run_until([&] { return last_session(ue) != nullptr; }) &&
           session_is(ue, sim::session_event_type::established) &&
           run_until([&] { return core_->smf().active_sessions() == active + 1; });
  }

  bool ping(sim::sim_ue& ue, std::uint32_t count) {
    sim::ping_config p;
    p.target_ipv4 = {10, 200, 0, 2};
    p.count = count;
    p.interval = std::chrono::milliseconds(20);
    auto& up = *gnbs_.front()->user_plane();
    EXPECT_TRUE(up.start_ping(ue, 1, p));
    return run_until([&] { return up.traffic_done(); });
  }

  const sim::session_traffic& traffic(sim::sim_ue& ue) {
    static const sim::session_traffic none;
    const auto* t = gnbs_.front()->user_plane()->traffic(ue, 1);
    return t != nullptr ? *t : none;
  }

  std::unique_ptr<sim::data_network> dn_;
  std::vector<std::unique_ptr<sim::sim_ue>> ues_;
  std::map<sim::sim_ue*, std::vector<sim::ue_event_type>> events_;
  std::map<sim::sim_ue*, std::vector<sim::session_event>> sessions_;
};

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
  // Let the SMF finish the procedure (the gNB's tunnel at the UPF) before the core stops:
  // a procedure still waiting on a peer when the core is destroyed is not cleaned up yet.
  EXPECT_TRUE(run_until([&] { return core_->smf().active_sessions() == 1; }));
}

TEST_F(pdu_session_e2e, ipv6_and_ipv4v6_sessions_are_set_up_at_the_upf) {
  ASSERT_NO_FATAL_FAILURE(start(2));
  auto& v6 = add_ue(0);
  ASSERT_TRUE(register_and_establish(v6, type::ipv6));
  EXPECT_FALSE(last_session(v6)->ipv4.has_value());
  EXPECT_TRUE(last_session(v6)->ipv6_interface_id.has_value());
  const auto* s = v6.nas().session(1);
  ASSERT_NE(s, nullptr);

  auto& dual = add_ue(1);
  ASSERT_TRUE(register_and_establish(dual, type::ipv4v6));
  EXPECT_TRUE(last_session(dual)->ipv4.has_value());
  EXPECT_TRUE(last_session(dual)->ipv6_interface_id.has_value());
  EXPECT_EQ(core_->upf()->sessions(), 2U);
  // IPv4 of the dual-stack session carries traffic.
  ASSERT_TRUE(ping(dual, 3));
  EXPECT_EQ(traffic(dual).ping.received, 3U);
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
