#pragma once
// The whole core with its user plane (core_fixture.h) plus what PDU session tests share: a
// data network namespace, simulated UEs whose session events are recorded, and helpers to
// register, establish a session, ping the data network and read the session's traffic.
// Needs root (the UPF's TUN device, network namespaces): tests are skipped otherwise.
#include <map>

#include "core_fixture.h"
#include "glasscore/sim/data_network.h"

namespace glasscore::test {

class session_fixture : public core_fixture {
 protected:
  void SetUp() override {
    core_fixture::SetUp();
    if (::geteuid() != 0) {
      GTEST_SKIP() << "the UPF's TUN device and the data network namespace need root";
    }
    // Everything the test starts (the core, extra UPFs, the data network) lives in the
    // process's own network namespace, which start_core would enter anyway.
    ASSERT_TRUE(transport::test::enter_private_netns());
  }
  void TearDown() override {
    ues_.clear();
    core_fixture::TearDown();
    dn_.reset();
  }

  // Subscribers allowed every IP session type, the core, one gNB with its user plane and
  // the data network. `upfs`: the UPFs the SMF must be associated with first (the core's,
  // and any the test started itself).
  void start(std::size_t subscribers, std::size_t upfs = 1) {
    ASSERT_NO_FATAL_FAILURE(provision(subscribers, k,
                                      {store::pdu_session_type::ipv4, store::pdu_session_type::ipv6,
                                       store::pdu_session_type::ipv4v6}));
    ASSERT_NO_FATAL_FAILURE(start_core());
    ASSERT_NE(core_->upf(), nullptr) << core_->user_plane_note();
    ASSERT_TRUE(run_until([&] { return core_->smf().upf_associations() == upfs; }))
        << "the SMF's PFCP associations with the UPFs";
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
  bool register_and_establish(sim::sim_ue& ue,
                              nas::pdu_session_type_value t = nas::pdu_session_type_value::ipv4) {
    EXPECT_TRUE(ue.nas().start_registration());
    if (!run_until([&] { return registered(ue); })) {
      return false;
    }
    EXPECT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}, t));
    const std::size_t active = core_->smf().active_sessions();
    // Established at the UE, then active at the UPF once the gNB's tunnel is known (the
    // SMF's procedure has ended then, and an IPv6 session's Router Advertisement is sent).
    return run_until([&] { return last_session(ue) != nullptr; }) &&
           session_is(ue, sim::session_event_type::established) &&
           run_until([&] { return core_->smf().active_sessions() == active + 1; });
  }

  // ICMP echo to the data network's host: IPv4, or IPv6 when `ipv6`.
  bool ping(sim::sim_ue& ue, std::uint32_t count, bool ipv6 = false) {
    sim::ping_config p;
    p.target_ipv4 = {10, 200, 0, 2};
    if (ipv6) {
      p.target_ipv6 = dn_->host6();
    }
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

}  // namespace glasscore::test
