// Initial registration at the AMF (TS 23.502 §4.2.2.2.2, TS 24.501 §5.5.1.2) through its N2
// entry point (amf_procedure_fixture.h).
#include <gtest/gtest.h>

#include "amf_procedure_fixture.h"

namespace glasscore::amf {
namespace {

using namespace std::chrono_literals;

using amf_registration_test = test::amf_procedure_test;

TEST_F(amf_registration_test, ue_registers_with_suci_and_keys_agree_on_both_sides) {
  start(ue_.registration_request_with_suci());
  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::registered);
  EXPECT_EQ(ue->supi, std::string(test::subscriber_supi));
  EXPECT_EQ(home_.identities_seen, std::vector<std::string>{std::string(test::subscriber_suci)});
  EXPECT_EQ(home_.registrations, 1);
  EXPECT_FALSE(gnb_.released);
  EXPECT_EQ(count(env_.metrics.registrations, "accepted"), 1U);

  // The 5G-GUTI the UE got is the AMF's, with our GUAMI parts (TS 23.003 §2.10.1).
  ASSERT_TRUE(ue_.guti);
  EXPECT_EQ(ue_.guti, ue->guti);
  EXPECT_EQ(ue_.guti->amf_region_id, config_.amf.region_id);
  EXPECT_EQ(ue_.guti->amf_set_id, config_.amf.set_id);

  // KAMF was derived independently by the UE: KgNB in Initial Context Setup must be what the
  // UE derives from it with the uplink NAS COUNT (TS 33.501 Annex A.9).
  ASSERT_TRUE(gnb_.context_setup);
  ASSERT_TRUE(ue_.kamf);
  EXPECT_EQ(*ue_.kamf, ue->kamf);
  const auto kgnb = crypto::derive_kgnb(*ue_.kamf, 0, crypto::access_type::three_gpp).value();
  EXPECT_EQ(gnb_.context_setup->security_key.bytes, kgnb);
  EXPECT_EQ(gnb_.context_setup->allowed_nssai.size(), 1U);
  EXPECT_EQ(gnb_.context_setup->ue_security_capabilities.nr_encryption_algorithms.bytes[0], 0xe0);

  // The Registration Accept inside it: TAI list with our TAC, allowed NSSAI, T3512.
  ASSERT_EQ(count_received<nas::registration_accept>(), 1);
  const auto& accept = std::get<nas::registration_accept>(ue_.received.back());
  ASSERT_TRUE(accept.tai_list);
  EXPECT_EQ(accept.tai_list->lists.at(0).tacs, std::vector<std::uint32_t>{1});
  ASSERT_TRUE(accept.allowed_nssai);
  EXPECT_EQ(accept.allowed_nssai->values.at(0).sst, 1);
  ASSERT_TRUE(accept.t3512_value);
  // 54 minutes has no exact GPRS Timer 3 coding (TS 24.008 §10.5.7.4a: at most 31 units);
  // the next representable value is 6 x 10 minutes.
  EXPECT_EQ(accept.t3512_value->seconds(), 3600U);
}

TEST_F(amf_registration_test, security_mode_command_offers_the_configured_algorithms) {
  start(ue_.registration_request_with_suci());
  const auto it = std::ranges::find_if(ue_.received, [](const auto& m) {
    return std::holds_alternative<nas::security_mode_command>(m);
  });
  ASSERT_NE(it, ue_.received.end());
  const auto& smc = std::get<nas::security_mode_command>(*it);
  EXPECT_EQ(smc.algorithms.integrity, 2) << "nia2 is first in the configured priority";
  EXPECT_EQ(smc.algorithms.ciphering, 2);
  EXPECT_EQ(smc.replayed_ue_security_capability.nr_ia, 0x70) << "TS 33.501 §6.7.2";
  ASSERT_TRUE(smc.additional_security_information);
  EXPECT_EQ(smc.additional_security_information->value & 0x02, 0x02)
      << "RINMR: the initial message was not verified, so ask for all of it";
}

TEST_F(amf_registration_test, wrong_key_at_the_ue_ends_in_authentication_reject) {
  ue_.wrong_key = true;
  start(ue_.registration_request_with_suci());
  EXPECT_TRUE(ue_.got<nas::authentication_reject>());
  EXPECT_FALSE(ue_.got<nas::security_mode_command>());
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(gnb_.release_cause, ngap::make_cause(ngap::cause_nas::authentication_failure));
  EXPECT_EQ(ues_.size(), 0U);
  EXPECT_EQ(count(env_.metrics.authentications, "rejected"), 1U);
}

TEST_F(amf_registration_test, wrong_res_star_ends_in_authentication_reject) {
  ue_.wrong_res = true;
  start(ue_.registration_request_with_suci());
  EXPECT_TRUE(ue_.got<nas::authentication_reject>());
  EXPECT_EQ(ues_.size(), 0U);
}

TEST_F(amf_registration_test, stale_sqn_is_resynchronised_and_registration_succeeds) {
  ue_.usim_sqn = 0x1000;  // the USIM is ahead of the home network
  start(ue_.registration_request_with_suci());
  EXPECT_EQ(home_.resynchronisations, 1);
  EXPECT_EQ(count_received<nas::authentication_request>(), 2);
  ASSERT_NE(amf_side(), nullptr);
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
}

TEST_F(amf_registration_test, unknown_subscriber_is_rejected_with_cause_7) {
  home_.authenticate_error = home_network_error::user_not_found;
  start(ue_.registration_request_with_suci());
  ASSERT_TRUE(ue_.got<nas::registration_reject>());
  EXPECT_EQ(std::get<nas::registration_reject>(ue_.received.back()).cause.value,
            nas::gmm_cause::services_not_allowed_5gs);
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(ues_.size(), 0U);
  EXPECT_EQ(count(env_.metrics.registrations, "cause 7"), 1U);
}

TEST_F(amf_registration_test, unreachable_home_network_gets_congestion_with_t3346) {
  home_.authenticate_error = home_network_error::unavailable;
  start(ue_.registration_request_with_suci());
  ASSERT_TRUE(ue_.got<nas::registration_reject>());
  const auto& reject = std::get<nas::registration_reject>(ue_.received.back());
  EXPECT_EQ(reject.cause.value, nas::gmm_cause::congestion);
  ASSERT_TRUE(reject.t3346_value) << "TS 24.501 §5.5.1.2.5: #22 comes with T3346";
  EXPECT_GE(reject.t3346_value->seconds(), 30U) << "60 s configured, spread by half";
  EXPECT_LE(reject.t3346_value->seconds(), 90U);
}

TEST_F(amf_registration_test, no_allowed_slice_is_rejected_with_cause_62) {
  home_.subscription.subscribed_slices = {{2, {}, {}, {}}};
  home_.subscription.default_slices = {{2, {}, {}, {}}};
  start(ue_.registration_request_with_suci());
  ASSERT_TRUE(ue_.got<nas::registration_reject>());
  EXPECT_EQ(std::get<nas::registration_reject>(ue_.received.back()).cause.value,
            nas::gmm_cause::no_network_slices_available);
  EXPECT_TRUE(ue_.got<nas::security_mode_command>()) << "the reject is sent protected";
}

TEST_F(amf_registration_test, tampered_uplink_after_security_is_dropped_and_counted) {
  ue_.tamper_next_uplink = true;  // hits the Security Mode Complete
  start(ue_.registration_request_with_suci());
  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::common_procedure_initiated) << "not acted upon";
  EXPECT_EQ(count(env_.metrics.nas_dropped, "NAS integrity check failed"), 1U);
  // T3560 expires, the AMF repeats the Security Mode Command; an honest answer completes it.
  loop_.advance(config_.amf.timers.t3560);
  pump();
  EXPECT_EQ(count_received<nas::security_mode_command>(), 2);
  EXPECT_EQ(ue->state, gmm_state::registered);
}

TEST_F(amf_registration_test, a_replayed_uplink_message_is_dropped) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(amf_side()->state, gmm_state::registered);
  // The Registration Complete again, byte for byte: its NAS COUNT was already accepted
  // (TS 33.501 §6.4.3.1), so it is discarded, counted and not answered.
  uplink(gnb_.last_uplink);
  pump();
  EXPECT_EQ(count(env_.metrics.nas_dropped, "NAS COUNT replayed"), 1U);
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_FALSE(ue_.got<nas::gmm_status>());
  EXPECT_TRUE(gnb_.error_indications.empty());
}

TEST_F(amf_registration_test, switch_off_deregistration_is_not_answered) {
  start(ue_.registration_request_with_suci());
  uplink(ue_.deregistration_request(/*switch_off=*/true));
  pump();
  EXPECT_FALSE(ue_.got<nas::deregistration_accept_ue_originating>()) << "TS 24.501 §5.5.2.2.2";
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(count(env_.metrics.deregistrations, "switch-off"), 1U);
  EXPECT_TRUE(gnb_.error_indications.empty()) << "the Release Complete is expected, not an error";
}

TEST_F(amf_registration_test, silent_ue_gets_five_authentication_requests_then_is_dropped) {
  ue_.silent = true;
  start(ue_.registration_request_with_suci());
  for (int i = 0; i < 5; ++i) {
    loop_.advance(config_.amf.timers.t3560);
    pump();
  }
  EXPECT_EQ(count_received<nas::authentication_request>(), 5) << "TS 24.501 §5.4.1.3.7 b";
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(ues_.size(), 0U);
  EXPECT_EQ(count(env_.metrics.registrations, "aborted"), 1U);
}

TEST_F(amf_registration_test, deregistration_then_registration_with_the_guti) {
  start(ue_.registration_request_with_suci());
  const auto first_guti = ue_.guti;
  ASSERT_TRUE(first_guti);
  uplink(ue_.deregistration_request(/*switch_off=*/false));
  pump();
  EXPECT_TRUE(ue_.got<nas::deregistration_accept_ue_originating>());
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(gnb_.release_cause, ngap::make_cause(ngap::cause_nas::deregister));
  EXPECT_EQ(home_.deregistrations, 1);
  ASSERT_NE(ues_.find_by_tmsi(first_guti->tmsi), nullptr) << "context kept for the GUTI";
  EXPECT_EQ(ues_.find_by_tmsi(first_guti->tmsi)->state, gmm_state::deregistered);

  start(ue_.registration_request_with_guti());
  EXPECT_EQ(home_.identities_seen.back(), std::string(test::subscriber_supi))
      << "the SUPI behind the GUTI is authenticated, no identity request";
  EXPECT_FALSE(ue_.got<nas::identity_request>());
  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::registered);
  EXPECT_NE(ue_.guti->tmsi, first_guti->tmsi) << "TS 33.501 §6.12.3: a new 5G-TMSI";
  EXPECT_EQ(ues_.size(), 1U) << "the old context was replaced";
}

TEST_F(amf_registration_test, unknown_guti_triggers_identity_request) {
  ue_.guti = nas::guti_5g{{"001", "01"}, 1, 1, 0, 0x12345678};
  start(ue_.registration_request_with_guti());
  EXPECT_TRUE(ue_.got<nas::identity_request>());
  EXPECT_EQ(home_.identities_seen.front(), std::string(test::subscriber_suci));
  ASSERT_NE(amf_side(), nullptr);
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
}

TEST_F(amf_registration_test, uplink_with_an_unknown_amf_ue_ngap_id_gets_error_indication) {
  gnb_.ids = {amf_ue_ngap_id{999}, gnb_.ran};
  uplink({0x7e, 0x00, 0x43});
  pump();
  ASSERT_EQ(gnb_.error_indications.size(), 1U);
  EXPECT_EQ(*ngap::cause_of(gnb_.error_indications[0]),
            ngap::make_cause(ngap::cause_radio_network::unknown_local_ue_ngap_id));
}

TEST_F(amf_registration_test, gnb_loss_drops_unregistered_ues) {
  ue_.silent = true;
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(ues_.size(), 1U);
  dispatcher_.handle_association_down(test::gnb);
  loop_.run_pending();
  EXPECT_EQ(ues_.size(), 0U);
}

}  // namespace
}  // namespace glasscore::amf
