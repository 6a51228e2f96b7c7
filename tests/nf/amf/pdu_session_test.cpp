// The AMF's part of PDU sessions (TS 23.502 §4.3.2.2.1, §4.3.4.2; TS 24.501 §5.4.5; TS 38.413
// §8.2; TS 29.518 N1N2MessageTransfer) through its N2 entry point: a registered scripted UE
// behind a scripted gNB, and a fake SMF (fake_session_management.h) that records what the
// AMF asks.
#include <gtest/gtest.h>

#include "amf/procedures/deregistration.h"
#include "amf/procedures/n1n2_transfer.h"
#include "amf/procedures/pdu_session.h"
#include "amf_procedure_fixture.h"

namespace glasscore::amf {
namespace {

constexpr std::uint8_t initial_request = 1;
constexpr std::uint8_t psi = 5;

// A PDU SESSION ESTABLISHMENT REQUEST (TS 24.501 §8.3.1: EPD, PSI, PTI, type 0xC1,
// integrity protection maximum data rate, PDU session type IPv4). The AMF forwards it
// without reading it.
std::vector<std::uint8_t> establishment_request(std::uint8_t id = psi) {
  return {0x2e, id, 0x01, 0xc1, 0xff, 0xff, 0x91};
}

class amf_pdu_session_test : public test::amf_procedure_test {
 protected:
  void register_ue() {
    start(ue_.registration_request_with_suci());
    ASSERT_NE(amf_side(), nullptr);
    ASSERT_EQ(amf_side()->state, gmm_state::registered);
  }

  // Registers, then establishes PDU session `psi` with the SMF's reference "sm-1".
  void establish() {
    register_ue();
    uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request, "internet",
                                nas::s_nssai{1, {}, {}, {}}));
    pump();
    ASSERT_EQ(smf_.creates.size(), 1U);
    ASSERT_TRUE(amf_side()->sessions.contains(psi));
  }

  // The DL NAS TRANSPORT the UE got last must return `n1` under `psi` with `cause`.
  void expect_returned(const std::vector<std::uint8_t>& n1, std::optional<nas::gmm_cause> cause,
                       std::uint8_t id = psi) {
    const auto* dl = ue_.last_dl_nas_transport();
    ASSERT_NE(dl, nullptr) << "no DL NAS TRANSPORT reached the UE";
    EXPECT_EQ(dl->payload_type.value, nas::payload_type::n1_sm);
    EXPECT_EQ(dl->payload_container.value, n1);
    ASSERT_TRUE(dl->pdu_session_id);
    EXPECT_EQ(dl->pdu_session_id->value, id);
    if (cause) {
      ASSERT_TRUE(dl->cause);
      EXPECT_EQ(dl->cause->value, *cause);
    } else {
      EXPECT_FALSE(dl->cause);
    }
  }

  n1n2_transfer_result transfer(std::optional<std::vector<std::uint8_t>> n1,
                                std::optional<n2_sm_info> n2) {
    auto result =
        transfer_n1n2(env_, std::string(test::subscriber_supi), psi, std::move(n1), std::move(n2));
    pump();
    return result;
  }

  test::fake_session_management& smf_ = h_.smf;
};

TEST_F(amf_pdu_session_test, an_initial_request_reaches_the_smf) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request, "internet",
                              nas::s_nssai{1, {}, {}, {}}));
  pump();
  ASSERT_EQ(smf_.creates.size(), 1U);
  const auto& create = smf_.creates.front();
  EXPECT_EQ(create.supi, test::subscriber_supi);
  EXPECT_EQ(create.pdu_session_id, psi);
  EXPECT_EQ(create.dnn, "internet");
  EXPECT_EQ(create.slice.sst, 1);
  EXPECT_FALSE(create.slice.sd);
  EXPECT_EQ(create.n1_sm, establishment_request());
  EXPECT_EQ(create.serving_plmn, (nas::plmn_id{"001", "01"}));
  EXPECT_EQ(create.tac, 1U);
  const auto& session = amf_side()->sessions.at(psi);
  EXPECT_EQ(session.sm_context_ref, "sm-1");
  EXPECT_EQ(session.dnn, "internet");
  EXPECT_EQ(session.state, pdu_session_state::active);
  EXPECT_FALSE(ue_.got<nas::dl_nas_transport>()) << "nothing goes back before the SMF answers";
}

TEST_F(amf_pdu_session_test, without_dnn_and_slice_the_defaults_are_used) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  ASSERT_EQ(smf_.creates.size(), 1U);
  EXPECT_EQ(smf_.creates[0].dnn, "internet") << "the first configured DNN";
  EXPECT_EQ(smf_.creates[0].slice, amf_side()->allowed_nssai.front()) << "the first allowed";
}

TEST_F(amf_pdu_session_test, without_a_dnn_the_subscribed_default_of_the_slice_is_used) {
  env_.dnns = {"internet", "ims"};
  home_.subscription.default_dnns = {{nas::s_nssai{2, {}, {}, {}}, "internet"},
                                     {nas::s_nssai{1, {}, {}, {}}, "IMS"}};
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  ASSERT_EQ(smf_.creates.size(), 1U);
  EXPECT_EQ(smf_.creates[0].dnn, "ims") << "TS 23.502 §4.3.2.2.1 step 2: the slice's default";
}

TEST_F(amf_pdu_session_test, a_subscribed_default_dnn_not_served_here_falls_back_to_local) {
  env_.dnns = {"internet", "ims"};
  home_.subscription.default_dnns = {{nas::s_nssai{1, {}, {}, {}}, "corporate"}};
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  ASSERT_EQ(smf_.creates.size(), 1U);
  EXPECT_EQ(smf_.creates[0].dnn, "internet") << "the first configured DNN";
}

TEST_F(amf_pdu_session_test, the_dnn_is_matched_without_case) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request, "InterNet"));
  pump();
  ASSERT_EQ(smf_.creates.size(), 1U);
  EXPECT_EQ(smf_.creates[0].dnn, "internet");
}

TEST_F(amf_pdu_session_test, an_unreachable_smf_gets_the_message_back_with_90) {
  register_ue();
  smf_.create_failure = sm_failure{sm_error::unavailable, {}};
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  EXPECT_EQ(smf_.creates.size(), 1U);
  expect_returned(establishment_request(), nas::gmm_cause::payload_was_not_forwarded);
  EXPECT_TRUE(amf_side()->sessions.empty());
}

TEST_F(amf_pdu_session_test, the_smfs_reject_goes_to_the_ue_as_it_is) {
  register_ue();
  const std::vector<std::uint8_t> reject{0x2e, psi, 0x01, 0xc3, 0x1b};  // #27 missing DNN
  smf_.create_failure = sm_failure{sm_error::rejected, reject};
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  expect_returned(reject, std::nullopt);
  EXPECT_TRUE(amf_side()->sessions.empty());
}

TEST_F(amf_pdu_session_test, a_slice_not_allowed_is_not_forwarded) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request, "internet",
                              nas::s_nssai{2, {}, {}, {}}));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
  expect_returned(establishment_request(), nas::gmm_cause::payload_was_not_forwarded);
}

TEST_F(amf_pdu_session_test, an_unknown_dnn_gets_91) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request, "ims"));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
  expect_returned(establishment_request(), nas::gmm_cause::dnn_not_supported_in_slice);
}

TEST_F(amf_pdu_session_test, a_missing_pdu_session_id_gets_5gmm_status) {
  register_ue();
  uplink(ue_.ul_nas_transport(std::nullopt, establishment_request(), initial_request));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
  ASSERT_TRUE(ue_.got<nas::gmm_status>());
  EXPECT_EQ(std::get<nas::gmm_status>(ue_.received.back()).cause.value,
            nas::gmm_cause::conditional_ie_error);
}

TEST_F(amf_pdu_session_test, a_reserved_pdu_session_id_is_not_forwarded) {
  register_ue();
  uplink(ue_.ul_nas_transport(0, establishment_request(0), initial_request));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
  expect_returned(establishment_request(0), nas::gmm_cause::payload_was_not_forwarded, 0);
}

TEST_F(amf_pdu_session_test, a_message_for_an_unknown_session_is_not_forwarded) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, {0x2e, psi, 0x02, 0xd1}, std::nullopt));
  pump();
  EXPECT_TRUE(smf_.updates.empty());
  expect_returned({0x2e, psi, 0x02, 0xd1}, nas::gmm_cause::payload_was_not_forwarded);
}

TEST_F(amf_pdu_session_test, other_payload_types_get_5gmm_status) {
  register_ue();
  uplink(ue_.ul_nas_transport(psi, {0x01}, std::nullopt, {}, {}, nas::payload_type::sms));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
  EXPECT_TRUE(ue_.got<nas::gmm_status>());
}

TEST_F(amf_pdu_session_test, an_unprotected_transport_is_dropped) {
  register_ue();
  uplink(ue_.unprotected_ul_nas_transport(psi, establishment_request()));
  pump();
  EXPECT_TRUE(smf_.creates.empty());
}

TEST_F(amf_pdu_session_test, a_message_for_a_known_session_updates_its_sm_context) {
  establish();
  const std::vector<std::uint8_t> release_request{0x2e, psi, 0x02, 0xd1};
  const std::vector<std::uint8_t> release_command{0x2e, psi, 0x02, 0xd3, 0x24};
  smf_.update_answer.n1_sm = release_command;
  uplink(ue_.ul_nas_transport(psi, release_request, std::nullopt));
  pump();
  ASSERT_EQ(smf_.updates.size(), 1U);
  EXPECT_EQ(smf_.updates[0].first, "sm-1");
  EXPECT_EQ(smf_.updates[0].second.n1_sm, release_request);
  EXPECT_FALSE(smf_.updates[0].second.n2);
  expect_returned(release_command, std::nullopt);  // the SMF's answer, delivered
}

TEST_F(amf_pdu_session_test, a_second_initial_request_replaces_the_session) {
  establish();
  uplink(ue_.ul_nas_transport(psi, establishment_request(), initial_request));
  pump();
  EXPECT_EQ(smf_.releases, std::vector<std::string>{"sm-1"});
  ASSERT_EQ(smf_.creates.size(), 2U);
  EXPECT_EQ(amf_side()->sessions.at(psi).sm_context_ref, "sm-2");
}

TEST_F(amf_pdu_session_test, setup_request_carries_the_smfs_n1_and_n2) {
  establish();
  ngap::pdu_session_setup setup;
  setup.id = pdu_session_id{psi};
  setup.upf_ipv4 = {10, 0, 0, 1};
  setup.ul_teid = gtpu_teid{0x1234};
  setup.flows = {{qos_flow_id{1}, 9}};
  setup.session_ambr_ul_dl = {{1000000, 2000000}};
  const auto transfer_bytes = ngap::encode_setup_request_transfer(setup).value();
  const std::vector<std::uint8_t> accept{0x2e, psi, 0x01, 0xc2, 0x11, 0x00};
  gnb_.setup_response_transfer = {0x0a, 0x0b, 0x0c};

  const auto result = transfer(accept, n2_sm_info{n2_sm_type::pdu_res_setup_req, transfer_bytes});
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.cause, "N1_N2_TRANSFER_INITIATED");
  ASSERT_EQ(gnb_.session_setups.size(), 1U);
  const auto& request = gnb_.session_setups[0];
  ASSERT_EQ(request.pdu_session_resource_setup_list_su_req.size(), 1U);
  const auto& item = request.pdu_session_resource_setup_list_su_req[0];
  EXPECT_EQ(item.pdu_session_id, psi);
  EXPECT_EQ(item.s_nssai, ngap::make_s_nssai(1));
  EXPECT_EQ(item.pdu_session_resource_setup_request_transfer, transfer_bytes);
  ASSERT_TRUE(item.pdu_session_nas_pdu);
  ASSERT_TRUE(request.ue_aggregate_maximum_bit_rate) << "UE-AMBR from the subscription";
  EXPECT_EQ(request.ue_aggregate_maximum_bit_rate->ue_aggregate_maximum_bit_rate_dl, 200000000);
  // The scripted UE opened the item's NAS-PDU with its own keys (integrity checked).
  expect_returned(accept, std::nullopt);

  // The gNB's Setup Response goes to the SMF with the gNB's transfer.
  ASSERT_EQ(smf_.updates.size(), 1U);
  EXPECT_EQ(smf_.updates[0].first, "sm-1");
  ASSERT_TRUE(smf_.updates[0].second.n2);
  EXPECT_EQ(smf_.updates[0].second.n2->type, n2_sm_type::pdu_res_setup_rsp);
  EXPECT_EQ(smf_.updates[0].second.n2->transfer, gnb_.setup_response_transfer);
  EXPECT_FALSE(smf_.updates[0].second.n1_sm);
}

TEST_F(amf_pdu_session_test, a_setup_failure_item_goes_to_the_smf) {
  establish();
  ngap::pdu_session_resource_setup_response m;
  m.amf_ue_ngap_id = value_of(gnb_.ids.amf);
  m.ran_ue_ngap_id = value_of(gnb_.ids.ran);
  m.pdu_session_resource_failed_to_setup_list_su_res.emplace().push_back({psi, {0x0f}});
  const auto response = ngap::make_pdu(std::move(m));
  receive(response);
  pump();
  ASSERT_EQ(smf_.updates.size(), 1U);
  ASSERT_TRUE(smf_.updates[0].second.n2);
  EXPECT_EQ(smf_.updates[0].second.n2->type, n2_sm_type::pdu_res_setup_fail);
  EXPECT_EQ(smf_.updates[0].second.n2->transfer, std::vector<std::uint8_t>{0x0f});
}

TEST_F(amf_pdu_session_test, an_answer_for_an_unknown_session_is_dropped) {
  establish();
  receive(ngap::build_pdu_session_resource_setup_response(
      gnb_.ids, {{pdu_session_id{9}, std::vector<std::uint8_t>{0x01}}}));
  pump();
  EXPECT_TRUE(smf_.updates.empty());
}

TEST_F(amf_pdu_session_test, release_command_and_response) {
  establish();
  const std::vector<std::uint8_t> release_command{0x2e, psi, 0x02, 0xd3, 0x24};
  const std::vector<std::uint8_t> transfer_bytes{0x10, 0x00};
  gnb_.release_response_transfer = {0x00, 0x01};
  const auto result =
      transfer(release_command, n2_sm_info{n2_sm_type::pdu_res_rel_cmd, transfer_bytes});
  EXPECT_TRUE(result.ok());
  ASSERT_EQ(gnb_.session_releases.size(), 1U);
  const auto& command = gnb_.session_releases[0];
  ASSERT_EQ(command.pdu_session_resource_to_release_list_rel_cmd.size(), 1U);
  EXPECT_EQ(command.pdu_session_resource_to_release_list_rel_cmd[0].pdu_session_id, psi);
  EXPECT_EQ(command.pdu_session_resource_to_release_list_rel_cmd[0]
                .pdu_session_resource_release_command_transfer,
            transfer_bytes);
  EXPECT_TRUE(command.nas_pdu);
  expect_returned(release_command, std::nullopt);
  ASSERT_EQ(smf_.updates.size(), 1U);
  ASSERT_TRUE(smf_.updates[0].second.n2);
  EXPECT_EQ(smf_.updates[0].second.n2->type, n2_sm_type::pdu_res_rel_rsp);
  EXPECT_EQ(smf_.updates[0].second.n2->transfer, gnb_.release_response_transfer);

  // The SMF's status notification ends the routing context.
  EXPECT_TRUE(forget_pdu_session(env_, std::string(test::subscriber_supi), psi));
  EXPECT_TRUE(amf_side()->sessions.empty());
}

TEST_F(amf_pdu_session_test, modify_request_and_response) {
  establish();
  const auto result = transfer(std::nullopt, n2_sm_info{n2_sm_type::pdu_res_mod_req, {0x00}});
  EXPECT_TRUE(result.ok());
  ASSERT_EQ(gnb_.session_modifications.size(), 1U);
  ASSERT_EQ(smf_.updates.size(), 1U);
  ASSERT_TRUE(smf_.updates[0].second.n2);
  EXPECT_EQ(smf_.updates[0].second.n2->type, n2_sm_type::pdu_res_mod_rsp);
}

TEST_F(amf_pdu_session_test, n1_only_goes_in_a_dl_nas_transport) {
  establish();
  const std::vector<std::uint8_t> command{0x2e, psi, 0x00, 0xcb};
  EXPECT_TRUE(transfer(command, std::nullopt).ok());
  EXPECT_TRUE(gnb_.session_setups.empty());
  expect_returned(command, std::nullopt);
}

TEST_F(amf_pdu_session_test, transfers_the_amf_cannot_do_are_refused) {
  establish();
  EXPECT_EQ(transfer(std::nullopt, std::nullopt).status, 400);
  EXPECT_EQ(transfer(std::nullopt, n2_sm_info{n2_sm_type::pdu_res_setup_rsp, {0x00}}).status, 400);
  auto other = transfer_n1n2(env_, std::string(test::subscriber_supi), 7, std::nullopt,
                             n2_sm_info{n2_sm_type::pdu_res_setup_req, {0x00}});
  EXPECT_EQ(other.status, 404) << "no routing context (and S-NSSAI) for PDU session 7";
  auto unknown =
      transfer_n1n2(env_, "imsi-001010000009999", psi, std::vector<std::uint8_t>{1}, std::nullopt);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.cause, "CONTEXT_NOT_FOUND");
  EXPECT_TRUE(gnb_.session_setups.empty());
}

TEST_F(amf_pdu_session_test, ue_deregistration_releases_the_sm_contexts) {
  establish();
  uplink(ue_.deregistration_request(/*switch_off=*/false));
  pump();
  EXPECT_EQ(smf_.releases, std::vector<std::string>{"sm-1"});
  EXPECT_TRUE(ues_.find_by_supi(std::string(test::subscriber_supi))->sessions.empty());
}

TEST_F(amf_pdu_session_test, a_new_initial_registration_releases_the_replaced_contexts_sessions) {
  establish();
  const auto older = amf_side();
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_request_with_suci());
  const auto newer = ues_.find_by_supi(std::string(test::subscriber_supi));
  ASSERT_NE(newer, nullptr);
  EXPECT_NE(newer, older);
  EXPECT_EQ(newer->state, gmm_state::registered);
  EXPECT_EQ(smf_.releases, std::vector<std::string>{"sm-1"})
      << "the SMF frees the replaced context's session";
  EXPECT_TRUE(newer->sessions.empty());
}

TEST_F(amf_pdu_session_test, network_deregistration_releases_the_sm_contexts) {
  establish();
  auto ue = amf_side();
  env_.procedures.enqueue(ue->amf_id, deregister_by_network(env_, ue, {}));
  pump();
  EXPECT_EQ(ue->state, gmm_state::deregistered);
  EXPECT_EQ(smf_.releases, std::vector<std::string>{"sm-1"});
  EXPECT_TRUE(ue->sessions.empty());
}

TEST_F(amf_pdu_session_test, an_release_deactivates_the_user_plane) {
  establish();
  auto ue = amf_side();
  gnb_.request_release();
  pump();
  ASSERT_TRUE(gnb_.released);
  ASSERT_EQ(smf_.updates.size(), 1U);
  EXPECT_EQ(smf_.updates[0].first, "sm-1");
  EXPECT_EQ(smf_.updates[0].second.user_plane_active, false);
  EXPECT_FALSE(smf_.updates[0].second.n1_sm);
  ASSERT_TRUE(ue->sessions.contains(psi)) << "the session stays";
  EXPECT_EQ(ue->sessions.at(psi).state, pdu_session_state::deactivated);
  EXPECT_TRUE(smf_.releases.empty());
}

TEST_F(amf_pdu_session_test, an_idle_ue_is_not_reachable) {
  establish();
  gnb_.request_release();
  pump();
  ASSERT_TRUE(gnb_.released);
  const auto setup = transfer(std::vector<std::uint8_t>{0x2e, psi, 0x01, 0xc2},
                              n2_sm_info{n2_sm_type::pdu_res_setup_req, {0x00}});
  EXPECT_EQ(setup.status, 504);
  EXPECT_EQ(setup.cause, "UE_NOT_REACHABLE");
  const auto release = transfer(std::nullopt, n2_sm_info{n2_sm_type::pdu_res_rel_cmd, {0x00}});
  EXPECT_EQ(release.status, 409);
  EXPECT_EQ(release.cause, "UE_IN_CM_IDLE_STATE");
  EXPECT_TRUE(gnb_.session_setups.empty());
  EXPECT_TRUE(gnb_.session_releases.empty());
}

TEST_F(amf_pdu_session_test, sessions_stay_across_a_periodic_update) {
  establish();
  gnb_.request_release();
  pump();
  gnb_.ran = ran_ue_ngap_id{78};
  start(ue_.registration_update(nas::registration_type::periodic_updating));
  auto ue = ues_.find_by_supi(std::string(test::subscriber_supi));
  ASSERT_NE(ue, nullptr);
  ASSERT_EQ(ue->state, gmm_state::registered);
  ASSERT_TRUE(ue->sessions.contains(psi));
  EXPECT_EQ(ue->sessions.at(psi).sm_context_ref, "sm-1");
}

}  // namespace
}  // namespace glasscore::amf
