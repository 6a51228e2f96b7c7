// The AM policy association (TS 23.502 §4.16.1.2, §4.16.3.2) through the AMF's N2 entry
// point: created during registration (§4.2.2.2.2 step 16) with what the AMF knows of the UE,
// its RFSP index sent to the gNB, deleted when the UE de-registers or its context is
// replaced, and a PCF that cannot be reached does not stop registration.
#include <gtest/gtest.h>

#include "amf/procedures/deregistration.h"
#include "amf_procedure_fixture.h"

namespace glasscore::amf {
namespace {

class amf_am_policy_test : public test::amf_procedure_test {};

TEST_F(amf_am_policy_test, registration_creates_the_association_and_the_gnb_gets_its_rfsp) {
  pcf_.rfsp = 42;
  start(ue_.registration_request_with_suci());
  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::registered);
  ASSERT_EQ(pcf_.requests.size(), 1U);
  const auto& request = pcf_.requests[0];
  EXPECT_EQ(request.supi, test::subscriber_supi);
  EXPECT_EQ(request.serving_plmn.mcc, "001");
  EXPECT_EQ(request.serving_plmn.mnc, "01");
  ASSERT_EQ(request.allowed_nssai.size(), 1U);
  EXPECT_EQ(request.allowed_nssai[0].sst, 1);
  // The fake home network's subscribed UE-AMBR (fake_home_network.h).
  EXPECT_EQ(request.ue_ambr_uplink_kbps, 100000U);
  EXPECT_EQ(request.ue_ambr_downlink_kbps, 200000U);
  ASSERT_TRUE(ue->policy);
  EXPECT_EQ(ue->policy->association_id, "pa-1");
  ASSERT_TRUE(gnb_.context_setup);
  ASSERT_TRUE(gnb_.context_setup->index_to_rfsp);
  EXPECT_EQ(*gnb_.context_setup->index_to_rfsp, 42);
}

TEST_F(amf_am_policy_test, without_an_rfsp_index_the_gnb_gets_none) {
  start(ue_.registration_request_with_suci());
  ASSERT_TRUE(gnb_.context_setup);
  EXPECT_FALSE(gnb_.context_setup->index_to_rfsp);
  EXPECT_EQ(pcf_.live.size(), 1U);
}

TEST_F(amf_am_policy_test, an_unreachable_pcf_leaves_local_policy_and_registration_goes_on) {
  pcf_.create_error = home_network_error::unavailable;
  pcf_.rfsp = 42;
  start(ue_.registration_request_with_suci());
  auto ue = amf_side();
  ASSERT_NE(ue, nullptr);
  EXPECT_EQ(ue->state, gmm_state::registered);
  EXPECT_EQ(pcf_.requests.size(), 1U);
  EXPECT_FALSE(ue->policy);
  ASSERT_TRUE(gnb_.context_setup);
  EXPECT_FALSE(gnb_.context_setup->index_to_rfsp);
}

TEST_F(amf_am_policy_test, without_a_pcf_nothing_is_asked) {
  env_.pcf = nullptr;
  start(ue_.registration_request_with_suci());
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_TRUE(pcf_.requests.empty());
}

TEST_F(amf_am_policy_test, ue_deregistration_deletes_the_association) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(pcf_.live, std::vector<std::string>{"pa-1"});
  uplink(ue_.deregistration_request(/*switch_off=*/false));
  pump();
  EXPECT_TRUE(ue_.got<nas::deregistration_accept_ue_originating>());
  EXPECT_EQ(pcf_.deleted, std::vector<std::string>{"pa-1"});
  EXPECT_TRUE(pcf_.live.empty());
  EXPECT_FALSE(ues_.find_by_supi(std::string(test::subscriber_supi))->policy);
}

TEST_F(amf_am_policy_test, network_deregistration_of_an_idle_ue_deletes_the_association) {
  start(ue_.registration_request_with_suci());
  gnb_.request_release();
  pump();
  auto ue = ues_.find_by_supi(std::string(test::subscriber_supi));
  ASSERT_NE(ue, nullptr);
  env_.procedures.enqueue(ue->amf_id, amf::deregister_by_network(env_, ue, {}));
  pump();
  EXPECT_EQ(ue->state, gmm_state::deregistered);
  EXPECT_EQ(pcf_.deleted, std::vector<std::string>{"pa-1"});
}

TEST_F(amf_am_policy_test, a_new_registration_ends_the_replaced_contexts_association) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(pcf_.live, std::vector<std::string>{"pa-1"});
  // A new initial registration with the SUCI on another NG connection replaces the
  // registered context, whose association must not linger at the PCF.
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_request_with_suci());
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_EQ(pcf_.deleted, std::vector<std::string>{"pa-1"});
  EXPECT_EQ(pcf_.live, std::vector<std::string>{"pa-2"});
}

TEST_F(amf_am_policy_test, a_registration_update_keeps_the_association) {
  start(ue_.registration_request_with_suci());
  ASSERT_EQ(pcf_.live, std::vector<std::string>{"pa-1"});
  gnb_.request_release();
  pump();
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_update(nas::registration_type::mobility_updating));
  EXPECT_EQ(amf_side()->state, gmm_state::registered);
  EXPECT_EQ(pcf_.requests.size(), 1U) << "the association of the context continues";
  EXPECT_TRUE(pcf_.deleted.empty());
  ASSERT_TRUE(amf_side()->policy);
  EXPECT_EQ(amf_side()->policy->association_id, "pa-1");
}

}  // namespace
}  // namespace glasscore::amf
