// Scripted failures: wrong key, stale SQN, AMF separation bit, tampered and replayed NAS,
// registration reject causes, capability mismatch, malformed downlink.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.h"

namespace glasscore::sim::test {
namespace {

using gmt = nas::gmm_message_type;

class failures : public sim_fixture {};

TEST_F(failures, wrong_key_gives_mac_failure_then_authentication_reject) {
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001001", cell, crypto::protection_scheme::null_scheme,
                       [](usim_config& c) { c.k[5] ^= 0xff; });
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000001001").auth_failure_cause, nas::gmm_cause::mac_failure);
  EXPECT_EQ(ue.nas().counters().authentication_failures_sent, 1U);
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::authentication_rejected});
  EXPECT_EQ(ue.nas().start_registration().error(), ue_error::usim_invalid);
}

TEST_F(failures, stale_sqn_resynchronises_with_auts_and_then_registers) {
  gnb& cell = ready_gnb();
  const std::uint64_t ahead = std::uint64_t{500} << usim_ind_bits;
  sim_ue& ue = make_ue("imsi-001010000001002", cell, crypto::protection_scheme::null_scheme,
                       [&](usim_config& c) { c.sqn_ms = sqn_from_u64(ahead); });
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  auto& n = net.ue("imsi-001010000001002");
  EXPECT_EQ(n.auth_failure_cause, nas::gmm_cause::synch_failure);
  // The network verified MAC-S with lib/crypto and recovered the USIM's SQN_MS.
  ASSERT_TRUE(n.resync_sqn_ms.has_value());
  EXPECT_EQ(sqn_to_u64(*n.resync_sqn_ms), ahead);
  EXPECT_EQ(n.uplink_types,
            (std::vector<gmt>{gmt::registration_request, gmt::authentication_failure,
                              gmt::authentication_response, gmt::security_mode_complete,
                              gmt::registration_complete}));
  EXPECT_EQ(ue.nas().state(), gmm_state::registered);
  EXPECT_EQ(sqn_to_u64(ue.card().sqn_ms()), ahead + 32);
}

TEST_F(failures, separation_bit_zero_gives_cause_26) {
  net.script.amf_field = {0x00, 0x00};
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001003", cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000001003").auth_failure_cause,
            nas::gmm_cause::non_5g_authentication_unacceptable);
}

TEST_F(failures, t3520_gives_up_when_the_network_never_answers_an_authentication_failure) {
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001004", cell, crypto::protection_scheme::null_scheme,
                       [](usim_config& c) { c.k[0] ^= 1; });
  net.script.ignore_authentication_failure = true;
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(ue.nas().state(), gmm_state::registered_initiated);
  loop.advance(std::chrono::seconds(15));
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::registration_failed});
}

TEST_F(failures, tampered_downlink_is_dropped_and_t3510_ends_the_attempt) {
  net.script.tamper_registration_accept = 1;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001005", cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(ue.nas().counters().dropped_integrity, 1U);
  EXPECT_EQ(ue.nas().state(), gmm_state::registered_initiated);
  EXPECT_FALSE(ue.nas().guti().has_value());
  loop.advance(std::chrono::seconds(15));
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::registration_failed});
}

TEST_F(failures, tampered_uplink_mac_is_caught_by_the_network) {
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001006", cell);
  ue.nas().faults().tamper_uplink_mac = 1;  // the first protected uplink: SMC Complete
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000001006").uplink_integrity_failures, 1U);
  EXPECT_EQ(net.ue("imsi-001010000001006").registrations_completed, 0U);
  EXPECT_EQ(ue.nas().state(), gmm_state::registered_initiated);
}

TEST_F(failures, replayed_uplink_is_rejected_by_the_network) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001007", cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  ASSERT_EQ(ue.nas().state(), gmm_state::registered);
  ue.nas().replay_last_uplink();  // Registration Complete again, same COUNT
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000001007").uplink_integrity_failures, 1U);
  EXPECT_EQ(net.ue("imsi-001010000001007").registrations_completed, 1U);
}

TEST_F(failures, replayed_capabilities_mismatch_is_rejected_with_23) {
  net.script.corrupt_replayed_capability = true;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001008", cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000001008").smc_reject_cause,
            nas::gmm_cause::ue_security_capabilities_mismatch);
  EXPECT_FALSE(ue.nas().security_active());
}

TEST_F(failures, registration_reject_causes) {
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000001009";
  sim_ue& ue = make_ue(supi, cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  ASSERT_TRUE(ue.nas().start_deregistration().has_value());
  loop.run_pending();
  ASSERT_TRUE(ue.nas().guti().has_value());

  // #22 congestion: the UE keeps its identity and may try again later.
  net.script.reject_cause = nas::gmm_cause::congestion;
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  ASSERT_FALSE(events[&ue].empty());
  EXPECT_EQ(events[&ue].back().type, ue_event_type::registration_rejected);
  EXPECT_EQ(events[&ue].back().cause, nas::gmm_cause::congestion);
  EXPECT_TRUE(ue.nas().guti().has_value());
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);

  // #11 PLMN not allowed: 5G-GUTI and security context deleted (§5.5.1.2.5).
  net.script.reject_cause = nas::gmm_cause::plmn_not_allowed;
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(events[&ue].back().cause, nas::gmm_cause::plmn_not_allowed);
  EXPECT_FALSE(ue.nas().guti().has_value());
  EXPECT_FALSE(ue.nas().security_active());

  // #7 5GS services not allowed: the USIM is invalid for 5GS.
  net.script.reject_cause = nas::gmm_cause::services_not_allowed_5gs;
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(events[&ue].back().cause, nas::gmm_cause::services_not_allowed_5gs);
  EXPECT_EQ(ue.nas().start_registration().error(), ue_error::usim_invalid);
  EXPECT_EQ(net.ue(supi).registration_identity, nas::identity_type::suci);
}

// TS 24.501 §5.5.1.2.5 #22 with a T3346 value: no registration while T3346 runs, then the UE
// registers again by itself (5GMM-DEREGISTERED.ATTEMPTING-REGISTRATION).
TEST_F(failures, congestion_reject_with_t3346_backs_off_then_registers_again) {
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000001011";
  sim_ue& ue = make_ue(supi, cell);
  net.script.reject_cause = nas::gmm_cause::congestion;
  net.script.reject_t3346 =
      nas::gprs_timer_2{1, 1};  // unit 1 minute, value 1 (TS 24.008 §10.5.7.4)
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::registration_rejected});
  EXPECT_TRUE(ue.nas().backed_off());
  EXPECT_EQ(ue.nas().start_registration().error(), ue_error::backed_off);

  net.script.reject_cause.reset();  // the network has room again
  const auto requests = [&] {
    const auto& sent = net.ue(supi).uplink_types;
    return std::count(sent.begin(), sent.end(), gmt::registration_request);
  };
  loop.advance(std::chrono::seconds(59));
  EXPECT_EQ(requests(), 1);
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  loop.advance(std::chrono::seconds(1));
  loop.run_pending();
  EXPECT_EQ(requests(), 2);
  EXPECT_FALSE(ue.nas().backed_off());
  EXPECT_EQ(ue.nas().state(), gmm_state::registered);
  EXPECT_EQ(event_types(ue), (std::vector<ue_event_type>{ue_event_type::registration_rejected,
                                                         ue_event_type::registered}));
}

TEST_F(failures, congestion_back_off_without_retry_waits_then_lets_the_driver_register) {
  gnb& cell = ready_gnb();
  ue_nas_config config;
  config.register_after_back_off = false;
  sim_ue& ue =
      make_ue("imsi-001010000001012", cell, crypto::protection_scheme::null_scheme, {}, config);
  net.script.reject_cause = nas::gmm_cause::congestion;
  net.script.reject_t3346 = nas::gprs_timer_2{0, 5};  // unit 2 s, value 5: 10 s
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(ue.nas().start_registration().error(), ue_error::backed_off);
  loop.advance(std::chrono::seconds(10));
  loop.run_pending();
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::registration_rejected});
  net.script.reject_cause.reset();
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(ue.nas().state(), gmm_state::registered);
}

TEST_F(failures, congestion_reject_with_a_deactivated_t3346_does_not_back_off) {
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000001013", cell);
  net.script.reject_cause = nas::gmm_cause::congestion;
  net.script.reject_t3346 = nas::gprs_timer_2{7, 0};  // unit 111: deactivated (§10.5.7.4)
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_FALSE(ue.nas().backed_off());
  EXPECT_TRUE(ue.nas().start_registration().has_value());
}

TEST_F(failures, malformed_and_unprotected_downlink_never_crash_and_are_counted) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000001010";
  sim_ue& ue = make_ue(supi, cell);
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  ASSERT_EQ(ue.nas().state(), gmm_state::registered);
  // Unknown message type, a truncated message, an unknown protocol, empty.
  net.send_raw_nas(supi, {0x7e, 0x00, 0x99});
  net.send_raw_nas(supi, {0x7e, 0x00, 0x56});
  net.send_raw_nas(supi, {0x55});
  // A plain Registration Accept after security activation (§4.4.4.2).
  net.send_raw_nas(supi, {0x7e, 0x00, 0x42, 0x01, 0x01});
  // A protected PDU with a bad MAC.
  net.send_raw_nas(supi, {0x7e, 0x02, 0x01, 0x02, 0x03, 0x04, 0x09, 0x7e, 0x00, 0x64, 0x6f});
  loop.run_pending();
  const auto& c = ue.nas().counters();
  EXPECT_EQ(c.decode_errors, 3U);
  EXPECT_EQ(c.dropped_unprotected, 1U);
  EXPECT_EQ(c.dropped_integrity, 1U);
  EXPECT_EQ(ue.nas().state(), gmm_state::registered);
  // Each decoding error was answered with a protected 5GMM STATUS.
  const auto& types = net.ue(supi).uplink_types;
  EXPECT_EQ(std::count(types.begin(), types.end(), gmt::gmm_status), 3);
}

}  // namespace
}  // namespace glasscore::sim::test
