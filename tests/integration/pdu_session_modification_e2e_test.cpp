// PDU session modification through the whole core (TS 23.502 §4.3.3.2): the PCF lowers the
// DNN's session-AMBR at run time and notifies the SMF (Npcf_SMPolicyControl_UpdateNotify),
// which updates the UPF's QER over PFCP and sends the MODIFICATION COMMAND and the N2 Modify
// Request through the AMF; the UE, the gNB and the UPF's rate limiter end up with the new
// value. A UE-requested modification is answered too. Needs root (TUN device, network
// namespaces): skipped otherwise.
#include "session_fixture.h"

namespace glasscore::test {
namespace {

class pdu_session_modification_e2e : public session_fixture {
 protected:
  // One subscriber, the core, one gNB with its user plane, the data network, and the UE
  // registered with PDU session 1 active at the UE, the SMF and the gNB.
  void start_with_session() {
    ASSERT_NO_FATAL_FAILURE(start(1));
    ue_ = &add_ue(0);
    ASSERT_TRUE(register_and_establish(*ue_));
  }

  std::size_t count(sim::session_event_type t) {
    return std::ranges::count_if(sessions_[ue_], [t](const auto& e) { return e.type == t; });
  }

  const sim::gnb_pdu_session* gnb_session() {
    const auto* context = gnbs_.front()->cell().find(*ue_);
    return context == nullptr || context->sessions.empty() ? nullptr : &context->sessions.front();
  }

  // Pings of `payload` octets every millisecond; the UPF's drops by its rules meanwhile.
  std::uint64_t rule_drops_while_pinging(std::uint32_t pings, std::size_t payload) {
    auto& up = *gnbs_.front()->user_plane();
    const auto before = core_->upf()->totals().rule_dropped;
    sim::ping_config p;
    p.target_ipv4 = {10, 200, 0, 2};
    p.count = pings;
    p.payload_size = payload;
    p.interval = std::chrono::milliseconds(1);
    EXPECT_TRUE(up.start_ping(*ue_, 1, p));
    EXPECT_TRUE(run_until([&] { return up.traffic_done(); }));
    return core_->upf()->totals().rule_dropped - before;
  }

  sim::sim_ue* ue_ = nullptr;
};

TEST_F(pdu_session_modification_e2e, pcf_policy_change_reaches_ue_gnb_and_upf) {
  ASSERT_NO_FATAL_FAILURE(start_with_session());
  const auto* s = ue_->nas().session(1);
  ASSERT_NE(s, nullptr);
  const auto old_downlink = s->ambr.downlink.bits_per_second();
  ASSERT_GT(old_downlink, 64'000U);
  ASSERT_NE(gnb_session(), nullptr);
  ASSERT_TRUE(gnb_session()->ambr_ul_dl);
  EXPECT_EQ(gnb_session()->ambr_ul_dl->second, old_downlink);
  // 100 pings of 1400 octets in 100 ms (about 1.1 Mbit/s each way) pass the old AMBR.
  EXPECT_EQ(rule_drops_while_pinging(100, 1400), 0U);

  // The operator lowers the DNN's AMBR to 64 kbit/s (below any subscription).
  const auto notified = core_->pcf().service().change_dnn_policy("internet", {64, 64}, 9);
  ASSERT_EQ(notified, std::optional<std::size_t>(1)) << "one SM policy association on the DNN";

  // The UE applies the MODIFICATION COMMAND (and answers COMPLETE)...
  ASSERT_TRUE(run_until([&] { return count(sim::session_event_type::modified) == 1; }));
  s = ue_->nas().session(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->ambr.uplink.bits_per_second(), 64'000U);
  EXPECT_EQ(s->ambr.downlink.bits_per_second(), 64'000U);
  // ...the gNB has the new PDU Session Aggregate Maximum Bit Rate...
  ASSERT_NE(gnb_session(), nullptr);
  ASSERT_TRUE(gnb_session()->ambr_ul_dl);
  EXPECT_EQ(*gnb_session()->ambr_ul_dl, (std::pair<std::uint64_t, std::uint64_t>{64'000, 64'000}));
  EXPECT_EQ(gnbs_.front()->cell().counters().sessions_modified, 1U);
  // ...and the UPF's QER enforces the new MBR: the same burst (about 140 kB against a
  // 64 KiB bucket refilled at 8 kB/s) now loses packets to the rate limit.
  EXPECT_GT(rule_drops_while_pinging(100, 1400), 0U);
  EXPECT_EQ(core_->smf().active_sessions(), 1U) << "the session stays";
}

TEST_F(pdu_session_modification_e2e, ue_requested_modification_is_answered) {
  ASSERT_NO_FATAL_FAILURE(start_with_session());
  sim::pdu_session_modification_request asked;
  asked.always_on = true;
  ASSERT_TRUE(ue_->nas().request_modification(1, asked));
  ASSERT_TRUE(run_until([&] { return count(sim::session_event_type::modified) == 1; }));
  const auto* s = ue_->nas().session(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state, sim::pdu_session_state::active);
  EXPECT_TRUE(s->always_on) << "the SMF grants always-on";

  // A new QoS flow the policy does not authorise: MODIFICATION REJECT #37.
  nas::qos_flow_description flow;
  flow.qfi = 2;
  flow.operation = nas::qos_flow_operation::create;
  flow.parameters = {nas::qos_flow_parameter::five_qi(1)};
  sim::pdu_session_modification_request more;
  more.qos_flows = nas::qos_flow_descriptions{{flow}};
  ASSERT_TRUE(ue_->nas().request_modification(1, more));
  ASSERT_TRUE(
      run_until([&] { return count(sim::session_event_type::modification_rejected) == 1; }));
  EXPECT_EQ(last_session(*ue_)->gsm_cause,
            std::optional<nas::gsm_cause>(nas::gsm_cause::qos_not_accepted));
  EXPECT_EQ(ue_->nas().session(1)->state, sim::pdu_session_state::active);
}

}  // namespace
}  // namespace glasscore::test
