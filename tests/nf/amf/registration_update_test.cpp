// Registration updates (TS 24.501 §5.5.1.3), idle supervision (§5.3.7), admission control
// and the rejects that depend on where the UE is (§5.5.1.2.5), through the AMF's N2 entry
// point (amf_procedure_fixture.h).
#include <gtest/gtest.h>

#include <ranges>

#include "amf_procedure_fixture.h"
#include "glasscore/crypto/key_derivation.h"

namespace glasscore::amf {
namespace {

class amf_registration_update_test : public test::amf_procedure_test {
 protected:
  // Registers the UE with its SUCI, then lets the gNB release the connection: the UE is
  // registered and idle, and the AMF supervises it.
  void register_then_go_idle() {
    start(ue_.registration_request_with_suci());
    ASSERT_EQ(amf_side()->state, gmm_state::registered);
    gnb_.request_release();
    pump();
    ASSERT_TRUE(gnb_.released);
    registered_guti_ = ue_.guti.value();
    ASSERT_NE(idle_context(), nullptr);
    ASSERT_FALSE(idle_context()->ran_id) << "the NG connection is gone";
    ASSERT_EQ(idle_context()->state, gmm_state::registered);
  }

  [[nodiscard]] std::shared_ptr<amf_ue> idle_context() const {
    return ues_.find_by_tmsi(registered_guti_.tmsi);
  }

  // The Registration Reject the AMF sent in a Downlink NAS Transport on RAN UE NGAP ID
  // `ran`, read from what it sent (for a second UE the scripted gNB does not follow).
  std::optional<nas::registration_reject> reject_sent_to(ran_ue_ngap_id ran) const {
    for (const auto& s : n2_.sent) {
      const auto ids = ngap::ue_ids_of(s.pdu);
      auto nas = ngap::nas_pdu_of(s.pdu);
      if (ids.ran != ran || !nas) {
        continue;
      }
      auto m = nas::decode_gmm(*nas);
      if (const auto* reject = m ? std::get_if<nas::registration_reject>(&*m) : nullptr) {
        return *reject;
      }
    }
    return std::nullopt;
  }

  [[nodiscard]] nas::gmm_cause last_reject_cause() const {
    EXPECT_TRUE(ue_.got<nas::registration_reject>());
    const auto it = std::ranges::find_if(ue_.received | std::views::reverse, [](const auto& m) {
      return std::holds_alternative<nas::registration_reject>(m);
    });
    return it == ue_.received.rend() ? nas::gmm_cause::protocol_error_unspecified
                                     : std::get<nas::registration_reject>(*it).cause.value;
  }

  nas::guti_5g registered_guti_{};
};

TEST_F(amf_registration_update_test, periodic_update_of_an_idle_ue_continues_its_context) {
  register_then_go_idle();
  const crypto::key256 kamf = idle_context()->kamf;
  const std::uint32_t update_count = ue_.security->count(crypto::direction::uplink).value();
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_update(nas::registration_type::periodic_updating));

  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::registered);
  EXPECT_EQ(count_received<nas::authentication_request>(), 1) << "§5.5.1.3: no new AKA";
  EXPECT_EQ(count_received<nas::security_mode_command>(), 1) << "the context continues";
  EXPECT_EQ(home_.registrations, 1) << "the UDM already has this AMF registered";
  EXPECT_EQ(ue->kamf, kamf);
  EXPECT_EQ(ues_.size(), 1U) << "the idle context was taken over";
  EXPECT_NE(ue_.guti->tmsi, registered_guti_.tmsi) << "TS 33.501 §6.12.3: a new 5G-TMSI";
  EXPECT_FALSE(ue->reachability_timer) << "connected again: no supervision";
  // KgNB for the new connection from the same KAMF and the COUNT of the update (Annex A.9).
  ASSERT_TRUE(gnb_.context_setup);
  EXPECT_EQ(gnb_.context_setup->security_key.bytes,
            crypto::derive_kgnb(kamf, update_count, crypto::access_type::three_gpp).value());
  EXPECT_EQ(count(env_.metrics.registrations, "accepted"), 2U);
}

TEST_F(amf_registration_update_test, mobility_update_reads_the_request_in_the_container) {
  register_then_go_idle();
  // The requested NSSAI is only in the ciphered NAS message container (§4.4.6); SST 2 is
  // not subscribed, so the allowed NSSAI falls back to the default slice.
  start(ue_.registration_update(nas::registration_type::mobility_updating,
                                {{1, std::nullopt, {}, {}}, {2, std::nullopt, {}, {}}}));
  ASSERT_EQ(amf_side()->state, gmm_state::registered);
  const auto& accept = std::get<nas::registration_accept>(ue_.received.back());
  ASSERT_TRUE(accept.allowed_nssai);
  ASSERT_EQ(accept.allowed_nssai->values.size(), 1U);
  EXPECT_EQ(accept.allowed_nssai->values[0].sst, 1);
}

TEST_F(amf_registration_update_test, a_connected_ue_gets_the_accept_in_downlink_nas_transport) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(amf_side()->state, gmm_state::registered);
  gnb_.context_setup.reset();
  uplink(ue_.registration_update(nas::registration_type::mobility_updating));
  pump();
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_EQ(count_received<nas::registration_accept>(), 2);
  EXPECT_FALSE(gnb_.context_setup) << "TS 38.413 §8.3.1: the gNB already has the UE context";
}

TEST_F(amf_registration_update_test, idle_ue_is_implicitly_deregistered_and_told_so_later) {
  register_then_go_idle();
  loop_.advance(config_.amf.timers.t3512 + config_.amf.timers.reachability_margin -
                std::chrono::seconds(1));
  pump();
  EXPECT_EQ(idle_context()->state, gmm_state::registered) << "mobile reachable timer running";
  loop_.advance(std::chrono::seconds(1));
  pump();
  EXPECT_EQ(idle_context()->state, gmm_state::registered) << "implicit timer running";
  loop_.advance(config_.amf.timers.implicit_deregistration);
  pump();
  EXPECT_EQ(idle_context()->state, gmm_state::deregistered);
  EXPECT_EQ(home_.deregistrations, 1) << "the UDM is told (Nudm_UECM deregistration)";
  EXPECT_EQ(count(env_.metrics.deregistrations, "implicit"), 1U);

  // The UE comes back with a periodic update: #10, it must register again (§5.5.1.3.5).
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_update(nas::registration_type::periodic_updating));
  EXPECT_EQ(last_reject_cause(), nas::gmm_cause::implicitly_deregistered);
  EXPECT_TRUE(gnb_.released);
}

TEST_F(amf_registration_update_test, an_update_before_the_timers_run_out_keeps_the_ue) {
  register_then_go_idle();
  loop_.advance(config_.amf.timers.t3512);
  start(ue_.registration_update(nas::registration_type::periodic_updating));
  ASSERT_EQ(amf_side()->state, gmm_state::registered);
  loop_.advance(config_.amf.timers.reachability_margin +
                config_.amf.timers.implicit_deregistration);
  pump();
  EXPECT_EQ(amf_side()->state, gmm_state::registered) << "the old context's timers died with it";
  EXPECT_EQ(home_.deregistrations, 0);
}

TEST_F(amf_registration_update_test, registrations_beyond_the_admission_limit_wait_then_get_22) {
  config_.amf.overload.max_registrations_in_progress = 1;
  ue_.silent = true;  // the first registration holds the only place, waiting for its UE
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(env_.admission.admitted(), 1U);

  n2_.sent.clear();
  const ran_ue_ngap_id second{90};
  receive(ngap::build_initial_ue_message(second, ue_.registration_request_with_suci(),
                                         ngap::nr_location(test::home(), 1, 0x10),
                                         ngap::rrc_establishment_cause::mo_signalling));
  loop_.run_pending();
  EXPECT_FALSE(reject_sent_to(second)) << "it waits for a place first";
  loop_.advance(config_.amf.overload.max_admission_wait);
  const auto reject = reject_sent_to(second);
  ASSERT_TRUE(reject) << "no place within max_admission_wait";
  EXPECT_EQ(reject->cause.value, nas::gmm_cause::congestion);
  ASSERT_TRUE(reject->t3346_value) << "TS 24.501 §5.3.9: #22 comes with T3346";
  // Spread over [t3346/2, 3*t3346/2] (60 s configured).
  EXPECT_GE(reject->t3346_value->seconds(), 30U);
  EXPECT_LE(reject->t3346_value->seconds(), 90U);
  EXPECT_EQ(home_.identities_seen.size(), 1U) << "the home network never saw the second";
  EXPECT_EQ(count(env_.metrics.registrations, "cause 22"), 1U);
}

TEST_F(amf_registration_update_test, a_waiting_registration_gets_the_place_that_frees) {
  config_.amf.overload.max_registrations_in_progress = 1;
  config_.amf.overload.max_admission_wait = std::chrono::seconds(10);
  config_.amf.timers.t3560 = std::chrono::seconds(1);  // the silent first UE gives up in 5 s
  ue_.silent = true;
  start(ue_.registration_request_with_suci());

  n2_.sent.clear();
  const ran_ue_ngap_id second{90};
  receive(ngap::build_initial_ue_message(second, ue_.registration_request_with_suci(),
                                         ngap::nr_location(test::home(), 1, 0x10),
                                         ngap::rrc_establishment_cause::mo_signalling));
  for (int s = 0; s < 5; ++s) {
    loop_.advance(config_.amf.timers.t3560);
  }
  EXPECT_FALSE(reject_sent_to(second));
  EXPECT_EQ(home_.identities_seen.size(), 2U) << "the second registration went on";
  EXPECT_EQ(env_.admission.admitted(), 1U);
  EXPECT_EQ(count(env_.metrics.registrations, "aborted"), 1U) << "the first one";
}

TEST_F(amf_registration_update_test, a_ue_of_another_home_network_gets_cause_11) {
  ue_.suci = "suci-0-999-99-0000-0-0-0000000001";
  start(ue_.registration_request_with_suci());
  EXPECT_EQ(last_reject_cause(), nas::gmm_cause::plmn_not_allowed);
  EXPECT_TRUE(home_.identities_seen.empty()) << "no roaming: the AUSF is not asked";
  EXPECT_EQ(ues_.size(), 0U);
}

TEST_F(amf_registration_update_test, a_ue_in_a_tracking_area_not_served_gets_cause_15) {
  gnb_.tac = 7;  // the gNB set up with TAC 1 only
  start(ue_.registration_request_with_suci());
  EXPECT_EQ(last_reject_cause(), nas::gmm_cause::no_suitable_cells_in_tracking_area);
  EXPECT_TRUE(gnb_.released);
}

TEST_F(amf_registration_update_test, guti_registration_releases_the_old_connection_still_up) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(amf_side()->state, gmm_state::registered);
  // The UE registers again on a new connection while the old one is still up (say the
  // UE lost its radio link and the gNB has not noticed yet).
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_request_with_guti());
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_EQ(gnb_.older_connections_released, std::vector<ran_ue_ngap_id>{ran_ue_ngap_id{77}})
      << "the gNB must be told to drop the old connection";
  EXPECT_EQ(ues_.size(), 1U);
}

}  // namespace
}  // namespace glasscore::amf
