// De-registration at the AMF (TS 24.501 §5.5.2): network-initiated with T3522, through the
// AMF's N2 entry point (amf_procedure_fixture.h). UE-initiated de-registration is in
// registration_test.cpp, next to the re-registration it enables.
#include <gtest/gtest.h>

#include "amf/procedures/deregistration.h"
#include "amf_procedure_fixture.h"

namespace glasscore::amf {
namespace {

class amf_deregistration_test : public test::amf_procedure_test {
 protected:
  void deregister_by_network(network_deregistration how) {
    auto ue = ues_.find_by_supi(std::string(test::subscriber_supi));
    ASSERT_NE(ue, nullptr);
    env_.procedures.enqueue(ue->amf_id, amf::deregister_by_network(env_, ue, how));
    pump();
  }
};

TEST_F(amf_deregistration_test, a_connected_ue_is_asked_and_released) {
  start(ue_.registration_request_with_suci());
  auto ue = amf_side();
  deregister_by_network({.reregistration_required = true, .cause = {}});
  ASSERT_TRUE(ue_.got<nas::deregistration_request_ue_terminated>());
  const auto& request = std::get<nas::deregistration_request_ue_terminated>(
      *std::ranges::find_if(ue_.received, [](const auto& m) {
        return std::holds_alternative<nas::deregistration_request_ue_terminated>(m);
      }));
  EXPECT_TRUE(request.deregistration.reregistration_required);
  EXPECT_EQ(request.deregistration.access_type, 1) << "3GPP access";
  EXPECT_EQ(ue->state, gmm_state::deregistered);
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(gnb_.release_cause, ngap::make_cause(ngap::cause_nas::deregister));
  EXPECT_EQ(home_.deregistrations, 1);
  EXPECT_EQ(count(env_.metrics.deregistrations, "network"), 1U);
}

TEST_F(amf_deregistration_test, the_cause_given_is_sent) {
  start(ue_.registration_request_with_suci());
  deregister_by_network(
      {.reregistration_required = false, .cause = nas::gmm_cause::services_not_allowed_5gs});
  const auto it = std::ranges::find_if(ue_.received, [](const auto& m) {
    return std::holds_alternative<nas::deregistration_request_ue_terminated>(m);
  });
  ASSERT_NE(it, ue_.received.end());
  const auto& request = std::get<nas::deregistration_request_ue_terminated>(*it);
  ASSERT_TRUE(request.cause);
  EXPECT_EQ(request.cause->value, nas::gmm_cause::services_not_allowed_5gs);
  EXPECT_FALSE(request.deregistration.reregistration_required);
}

TEST_F(amf_deregistration_test, a_silent_ue_gets_five_requests_then_is_deregistered) {
  start(ue_.registration_request_with_suci());
  ue_.silent = true;
  deregister_by_network({});
  for (int i = 0; i < 5; ++i) {
    EXPECT_NE(amf_side(), nullptr);
    loop_.advance(config_.amf.timers.t3522);
    pump();
  }
  EXPECT_EQ(count_received<nas::deregistration_request_ue_terminated>(), 5)
      << "TS 24.501 §5.5.2.3.5 a: retransmitted on each T3522 expiry, aborted on the fifth";
  EXPECT_EQ(ues_.find_by_supi(std::string(test::subscriber_supi))->state, gmm_state::deregistered);
  EXPECT_TRUE(gnb_.released);
  EXPECT_EQ(count(env_.metrics.deregistrations, "network, unanswered"), 1U);
}

TEST_F(amf_deregistration_test, an_idle_ue_is_deregistered_locally) {
  start(ue_.registration_request_with_suci());
  gnb_.request_release();
  pump();
  ASSERT_TRUE(gnb_.released);
  deregister_by_network({});
  EXPECT_FALSE(ue_.got<nas::deregistration_request_ue_terminated>()) << "no paging yet";
  EXPECT_EQ(ues_.find_by_supi(std::string(test::subscriber_supi))->state, gmm_state::deregistered);
  EXPECT_EQ(home_.deregistrations, 1);
  EXPECT_EQ(count(env_.metrics.deregistrations, "network, idle"), 1U);
}

TEST_F(amf_deregistration_test, a_crossing_ue_deregistration_wins) {
  start(ue_.registration_request_with_suci());
  ue_.silent = true;
  deregister_by_network({});
  ASSERT_EQ(count_received<nas::deregistration_request_ue_terminated>(), 1);
  ue_.silent = false;
  uplink(ue_.deregistration_request(/*switch_off=*/false));
  pump();
  EXPECT_TRUE(ue_.got<nas::deregistration_accept_ue_originating>()) << "§5.5.2.3.5";
  EXPECT_EQ(ues_.find_by_supi(std::string(test::subscriber_supi))->state, gmm_state::deregistered);
  loop_.advance(config_.amf.timers.t3522);
  pump();
  EXPECT_EQ(count_received<nas::deregistration_request_ue_terminated>(), 1)
      << "the network procedure stopped";
}

}  // namespace
}  // namespace glasscore::amf
