// The UE and gNB register against the scripted network: every SUCI scheme, every
// NIA/NEA pair, GUTI re-registration, de-registration both ways, configuration update.
#include <gtest/gtest.h>

#include "fixture.h"

namespace glasscore::sim::test {
namespace {

using gmt = nas::gmm_message_type;

class registration : public sim_fixture {
 protected:
  void register_ok(sim_ue& ue) {
    ASSERT_TRUE(ue.nas().start_registration().has_value());
    loop.run_pending();
    ASSERT_EQ(ue.nas().state(), gmm_state::registered);
  }
};

class registration_by_scheme : public registration,
                               public testing::WithParamInterface<crypto::protection_scheme> {};

TEST_P(registration_by_scheme, completes_and_both_sides_agree_on_keys_and_guti) {
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000000042";
  sim_ue& ue = make_ue(supi, cell, GetParam());
  register_ok(ue);
  auto& n = net.ue(supi);
  EXPECT_EQ(n.suci_scheme, GetParam());
  EXPECT_EQ(n.registration_identity, nas::identity_type::suci);
  EXPECT_EQ(n.uplink_types,
            (std::vector<gmt>{gmt::registration_request, gmt::authentication_response,
                              gmt::security_mode_complete, gmt::registration_complete}));
  // §4.4.6: the first request carried cleartext IEs only; the full one came in SMC Complete.
  ASSERT_TRUE(n.smc_container.has_value());
  EXPECT_TRUE(n.smc_container->requested_nssai.has_value());
  EXPECT_EQ(ue.nas().kamf(), n.kamf);
  EXPECT_EQ(ue.nas().guti(), n.guti);
  ASSERT_TRUE(ue.nas().tai_list().has_value());
  EXPECT_EQ(ue.nas().tai_list()->all().at(0).tac, 1U);
  ASSERT_TRUE(ue.nas().allowed_nssai().has_value());
  EXPECT_EQ(ue.nas().t3512_seconds(), std::optional<std::uint32_t>(3600));
  EXPECT_EQ(event_types(ue), std::vector<ue_event_type>{ue_event_type::registered});
  // Initial Context Setup answered, then the context released after Registration Complete.
  EXPECT_EQ(net.context_setup_responses(), 1U);
  EXPECT_EQ(net.release_completes(), 1U);
  EXPECT_EQ(cell.ue_count(), 0U);
  EXPECT_FALSE(ue.nas().connected());
  EXPECT_EQ(loop.pending_timers(), 0U) << "T3510/T3519 must stop on Registration Accept";
}

INSTANTIATE_TEST_SUITE_P(suci, registration_by_scheme,
                         testing::Values(crypto::protection_scheme::null_scheme,
                                         crypto::protection_scheme::profile_a,
                                         crypto::protection_scheme::profile_b));

TEST_F(registration, every_integrity_and_ciphering_pair_the_network_selects) {
  gnb& cell = ready_gnb();
  int n = 0;
  for (std::uint8_t nia = 1; nia <= 3; ++nia) {
    for (std::uint8_t nea = 0; nea <= 3; ++nea) {
      SCOPED_TRACE("NEA" + std::to_string(nea) + "/NIA" + std::to_string(nia));
      net.script.algorithms = nas::security_algorithms{nea, nia};
      const std::string supi = "imsi-0010100000001" + std::to_string(10 + n++);
      sim_ue& ue = make_ue(supi, cell);
      register_ok(ue);
      EXPECT_EQ(ue.nas().algorithms(), net.script.algorithms);
      EXPECT_EQ(net.ue(supi).registrations_completed, 1U);
      EXPECT_EQ(ue.nas().counters().dropped_integrity, 0U);
    }
  }
}

TEST_F(registration, nia0_is_refused_unless_the_ue_is_told_to_accept_it) {
  gnb& cell = ready_gnb();
  net.script.algorithms = nas::security_algorithms{0, 0};
  sim_ue& strict = make_ue("imsi-001010000000201", cell);
  ASSERT_TRUE(strict.nas().start_registration().has_value());
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000000201").smc_reject_cause,
            nas::gmm_cause::security_mode_rejected_unspecified);
  EXPECT_EQ(strict.nas().state(), gmm_state::registered_initiated);

  ue_nas_config lenient;
  lenient.accept_nia0 = true;
  sim_ue& test_ue =
      make_ue("imsi-001010000000202", cell, crypto::protection_scheme::null_scheme, {}, lenient);
  register_ok(test_ue);
}

TEST_F(registration, kgnb_reaches_the_gnb_and_matches_the_network) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000301", cell);
  register_ok(ue);
  const auto* ctx = cell.find(ue);
  ASSERT_NE(ctx, nullptr);
  EXPECT_TRUE(ctx->context_setup);
  ASSERT_TRUE(ctx->kgnb.has_value());
  EXPECT_EQ(*ctx->kgnb, net.ue("imsi-001010000000301").kgnb);
  EXPECT_TRUE(ctx->amf_id.has_value());
}

TEST_F(registration, imeisv_is_returned_when_the_network_asks) {
  net.script.request_imeisv = true;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000302", cell);
  register_ok(ue);
  const auto& imeisv = net.ue("imsi-001010000000302").imeisv;
  ASSERT_TRUE(imeisv.has_value());
  EXPECT_EQ(std::get<nas::imeisv>(imeisv->value).digits, "4370816125816151");
}

TEST_F(registration, reregistration_uses_the_guti_and_5g_s_tmsi) {
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000000401";
  sim_ue& ue = make_ue(supi, cell);
  register_ok(ue);
  const auto first_guti = ue.nas().guti();
  ASSERT_TRUE(ue.nas().start_deregistration().has_value());
  loop.run_pending();
  ASSERT_EQ(ue.nas().state(), gmm_state::deregistered);
  auto& n = net.ue(supi);
  EXPECT_TRUE(n.initial_ue_message_had_s_tmsi) << "de-registration from CM-IDLE carries 5G-S-TMSI";
  n.initial_ue_message_had_s_tmsi = false;
  n.smc_container.reset();

  register_ok(ue);
  EXPECT_EQ(n.registration_identity, nas::identity_type::guti);
  EXPECT_TRUE(n.initial_ue_message_had_s_tmsi);
  // §4.4.6: integrity protected under the old context, full request ciphered inside.
  EXPECT_TRUE(n.protected_registration_verified);
  EXPECT_FALSE(n.smc_container.has_value()) << "no container unless RINMR";
  EXPECT_NE(ue.nas().guti(), first_guti);
  EXPECT_EQ(ue.nas().guti(), n.guti);
  EXPECT_EQ(n.registrations_completed, 2U);
  EXPECT_EQ(ue.nas().counters().dropped_integrity, 0U);
}

TEST_F(registration, rinmr_makes_the_ue_resend_the_full_request) {
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000000402";
  sim_ue& ue = make_ue(supi, cell);
  register_ok(ue);
  ASSERT_TRUE(ue.nas().start_deregistration().has_value());
  loop.run_pending();
  net.script.set_rinmr = true;
  net.ue(supi).smc_container.reset();
  register_ok(ue);
  ASSERT_TRUE(net.ue(supi).smc_container.has_value());
  EXPECT_TRUE(
      std::holds_alternative<nas::guti_5g>(net.ue(supi).smc_container->mobile_identity.value));
}

TEST_F(registration, mobility_and_periodic_updates_from_registered) {
  net.script.release_after_registration = true;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000403", cell);
  // An update needs 5GMM-REGISTERED first.
  EXPECT_EQ(ue.nas().start_registration(nas::registration_type::periodic_updating).error(),
            ue_error::wrong_state);
  register_ok(ue);
  for (auto type :
       {nas::registration_type::mobility_updating, nas::registration_type::periodic_updating}) {
    ASSERT_TRUE(ue.nas().start_registration(type).has_value());
    EXPECT_EQ(ue.nas().state(), gmm_state::registered_initiated);
    loop.run_pending();
    EXPECT_EQ(ue.nas().state(), gmm_state::registered);
  }
  EXPECT_EQ(net.ue("imsi-001010000000403").registrations_completed, 3U);
}

TEST_F(registration, ue_initiated_deregistration_normal_and_switch_off) {
  gnb& cell = ready_gnb();
  sim_ue& normal = make_ue("imsi-001010000000501", cell);
  sim_ue& off = make_ue("imsi-001010000000502", cell);
  register_ok(normal);
  register_ok(off);
  ASSERT_TRUE(normal.nas().start_deregistration(false).has_value());
  EXPECT_EQ(normal.nas().state(), gmm_state::deregistered_initiated);
  loop.run_pending();
  EXPECT_EQ(normal.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(event_types(normal).back(), ue_event_type::deregistered);
  EXPECT_EQ(net.ue("imsi-001010000000501").deregistrations, 1U);

  ASSERT_TRUE(off.nas().start_deregistration(true).has_value());
  EXPECT_EQ(off.nas().state(), gmm_state::deregistered);  // no accept awaited
  EXPECT_EQ(event_types(off).back(), ue_event_type::deregistered);
  loop.run_pending();
  EXPECT_EQ(net.ue("imsi-001010000000502").deregistrations, 1U);
  EXPECT_EQ(loop.pending_timers(), 0U);
  EXPECT_EQ(cell.ue_count(), 0U);
}

TEST_F(registration, deregistration_is_retransmitted_on_t3521_and_abandoned_after_five) {
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000503", cell);
  register_ok(ue);
  net.script.ignore_deregistration = true;
  ASSERT_TRUE(ue.nas().start_deregistration().has_value());
  loop.run_pending();
  for (int i = 0; i < 5; ++i) {
    loop.advance(std::chrono::seconds(15));
  }
  // The AMF never answered, so the gNB has no AMF UE NGAP ID to forward the four
  // retransmissions with: they stop at the gNB.
  EXPECT_EQ(net.ue("imsi-001010000000503").deregistrations, 1U);
  EXPECT_EQ(ue.uplink_refused(), 4U);
  EXPECT_EQ(ue.nas().counters().timer_expiries, 5U);
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(event_types(ue).back(), ue_event_type::deregistration_failed);
}

TEST_F(registration, network_initiated_deregistration_is_accepted) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000601", cell);
  register_ok(ue);
  net.deregister("imsi-001010000000601", false);
  loop.run_pending();
  EXPECT_EQ(ue.nas().state(), gmm_state::deregistered);
  EXPECT_EQ(net.ue("imsi-001010000000601").dereg_accepts_from_ue, 1U);
  EXPECT_EQ(event_types(ue).back(), ue_event_type::network_deregistered);
  EXPECT_FALSE(ue.nas().connected());
}

TEST_F(registration, reregistration_required_registers_again_after_release) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000602", cell);
  register_ok(ue);
  net.script.release_after_registration = true;
  net.deregister("imsi-001010000000602", true);
  loop.run_pending();
  EXPECT_EQ(ue.nas().state(), gmm_state::registered);
  EXPECT_EQ(event_types(ue), (std::vector<ue_event_type>{ue_event_type::registered,
                                                         ue_event_type::network_deregistered,
                                                         ue_event_type::registered}));
}

TEST_F(registration, configuration_update_changes_the_guti_and_is_acknowledged) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  sim_ue& ue = make_ue("imsi-001010000000701", cell);
  register_ok(ue);
  const auto before = ue.nas().guti();
  net.configuration_update("imsi-001010000000701");
  loop.run_pending();
  EXPECT_NE(ue.nas().guti(), before);
  EXPECT_EQ(ue.nas().guti(), net.ue("imsi-001010000000701").guti);
  EXPECT_EQ(net.ue("imsi-001010000000701").uplink_types.back(), gmt::configuration_update_complete);
}

TEST_F(registration, identity_request_is_answered_with_the_requested_identity) {
  net.script.release_after_registration = false;
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010000000801";
  sim_ue& ue = make_ue(supi, cell);
  register_ok(ue);
  net.send_raw_nas(supi, {0x7e, 0x00, 0x5b, 0x01});  // Identity Request, SUCI (§8.2.21)
  loop.run_pending();
  EXPECT_EQ(net.ue(supi).uplink_types.back(), gmt::identity_response);
  // The answer is protected: the network opened it with the current context.
  EXPECT_EQ(net.ue(supi).uplink_integrity_failures, 0U);
  EXPECT_NE(net.ue(supi).uplink_pdus.back()[1], 0x00);
}

}  // namespace
}  // namespace glasscore::sim::test
