// NGAP interface management at the AMF (TS 38.413 §8.7) through its N2 entry point: bytes
// in as a gNB sends them, PDUs out decoded again as the gNB would read them.
#include "amf/n2_ngap/n2_dispatcher.h"

#include <algorithm>
#include <map>

#include "amf_n2_fixture.h"
#include "glasscore/codec/ngap/gen/constants.h"

namespace glasscore::amf {
namespace {

using test::home;
using test::plmn;

constexpr n2_association gnb_a{1};
constexpr n2_association gnb_b{2};

struct sent_pdu {
  n2_association association;
  std::uint16_t stream;
  ngap::ngap_pdu pdu;
};

class recording_n2 final : public n2_notifier {
 public:
  void on_n2_send(n2_association association, std::uint16_t stream,
                  std::vector<std::uint8_t> bytes) override {
    auto decoded = ngap::decode<ngap::ngap_pdu>(bytes);
    ASSERT_TRUE(decoded) << "the AMF sent an undecodable PDU";
    EXPECT_TRUE(decoded->diagnostics.empty()) << "the AMF sent a PDU with IE errors";
    sent.push_back({association, stream, std::move(decoded->value)});
  }
  std::vector<sent_pdu> sent;
};

class recording_ues final : public ran_ue_handler, public ue_message_handler {
 public:
  void handle_ran_reset(n2_association association,
                        const ngap::ue_associated_logical_ng_connection_list* only) override {
    resets.emplace_back(association, only != nullptr ? only->size() : 0);
  }
  void handle_gnb_lost(n2_association association) override { lost.push_back(association); }
  void handle_ue_message(n2_association association, std::uint16_t stream,
                         ngap::decoded<ngap::ngap_pdu> pdu) override {
    ue_messages.push_back({association, stream, std::move(pdu.value)});
  }
  std::vector<std::pair<n2_association, std::size_t>> resets;
  std::vector<n2_association> lost;
  std::vector<sent_pdu> ue_messages;
};

std::vector<std::uint8_t> bytes_of(const ngap::ngap_pdu& pdu) {
  return ngap::encode(pdu).value();
}

ngap::ngap_pdu setup_request(const ngap::plmn_identity& p, std::uint32_t tac, std::uint32_t gnb_id,
                             std::vector<ngap::s_nssai> slices = {ngap::make_s_nssai(1)}) {
  return ngap::build_ng_setup_request(ngap::make_gnb_id(p, gnb_id), "gnb-under-test",
                                      {{tac, p, std::move(slices)}});
}

class amf_n2_test : public ::testing::Test {
 protected:
  amf_n2_test()
      : metrics_(n2_metrics::create(registry_).value()),
        interface_(served_area::from_config(test::test_config()).value(), identity(), gnbs_, n2_,
                   ues_, metrics_),
        dispatcher_(interface_, gnbs_, n2_, ues_, metrics_) {}

  static ngap::amf_identity identity() {
    ngap::amf_identity id;
    id.name = "amf-under-test";
    id.plmn = home();
    id.guamis = {ngap::make_guami(home(), 1, 1, 0)};
    id.slices = {ngap::make_s_nssai(1)};
    return id;
  }

  void receive(n2_association a, const ngap::ngap_pdu& pdu, std::uint16_t stream = 0) {
    dispatcher_.handle_n2_message(a, stream, bytes_of(pdu));
  }

  // The one PDU the AMF sent since the last call, as message type T.
  template <class T>
  const T& only_reply(n2_association expected_to) {
    EXPECT_EQ(n2_.sent.size(), 1U);
    if (n2_.sent.empty()) {
      ADD_FAILURE() << "nothing sent";
      static const T none{};
      return none;
    }
    last_ = std::move(n2_.sent.back());
    n2_.sent.clear();
    EXPECT_EQ(last_.association, expected_to);
    EXPECT_EQ(last_.stream, non_ue_associated_stream) << "TS 38.412 §7";
    const T* m = ngap::message_of<T>(last_.pdu);
    if (m == nullptr) {
      ADD_FAILURE() << "unexpected message, procedure " << int{ngap::procedure_code_of(last_.pdu)};
      static const T none{};
      return none;
    }
    return *m;
  }

  std::uint64_t counter(metrics::counter_family* f, std::initializer_list<std::string_view> l) {
    return f->with(l).value();
  }

  metrics::registry registry_;
  n2_metrics metrics_;
  gnb_registry gnbs_;
  recording_n2 n2_;
  recording_ues ues_;
  interface_management interface_;
  n2_dispatcher dispatcher_;
  sent_pdu last_{};
};

TEST_F(amf_n2_test, ng_setup_with_a_served_ta_is_accepted) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  const auto& response = only_reply<ngap::ng_setup_response>(gnb_a);
  EXPECT_EQ(response.amf_name, "amf-under-test");
  ASSERT_EQ(response.served_guami_list.size(), 1U);
  EXPECT_EQ(response.served_guami_list[0].guami, ngap::make_guami(home(), 1, 1, 0));
  ASSERT_NE(gnbs_.find(gnb_a), nullptr);
  EXPECT_EQ(gnbs_.find(gnb_a)->name, "gnb-under-test");
  EXPECT_EQ(gnbs_.find(gnb_a)->tas.size(), 1U);
  EXPECT_EQ(metrics_.gnbs->value(), 1.0);
  EXPECT_EQ(counter(metrics_.ng_setups, {"accepted"}), 1U);
}

TEST_F(amf_n2_test, ng_setup_with_a_wrong_plmn_fails_with_unknown_plmn_and_time_to_wait) {
  receive(gnb_a, setup_request(plmn("999", "70"), 1, 0x1234));
  const auto& failure = only_reply<ngap::ng_setup_failure>(gnb_a);
  EXPECT_EQ(failure.cause, ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn));
  EXPECT_EQ(failure.time_to_wait, ngap::time_to_wait::v10_s);
  EXPECT_EQ(gnbs_.find(gnb_a), nullptr);
  EXPECT_EQ(gnbs_.size(), 0U);
  EXPECT_EQ(counter(metrics_.ng_setups, {"no served PLMN"}), 1U);
}

TEST_F(amf_n2_test, ng_setup_with_a_wrong_tac_or_slice_fails_with_its_cause) {
  receive(gnb_a, setup_request(home(), 77, 0x1234));
  EXPECT_EQ(only_reply<ngap::ng_setup_failure>(gnb_a).cause,
            ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn));
  EXPECT_EQ(counter(metrics_.ng_setups, {"no served TAC"}), 1U);

  receive(gnb_a, setup_request(home(), 1, 0x1234, {ngap::make_s_nssai(2)}));
  EXPECT_EQ(only_reply<ngap::ng_setup_failure>(gnb_a).cause,
            ngap::make_cause(ngap::cause_radio_network::slice_not_supported));
  EXPECT_EQ(gnbs_.size(), 0U);
}

TEST_F(amf_n2_test, ng_setup_with_ie_errors_is_refused_with_criticality_diagnostics) {
  const auto pdu = setup_request(home(), 1, 0x1234);
  interface_.reject_ng_setup_request(gnb_a, pdu,
                                     {{static_cast<std::uint32_t>(ngap::id_supported_ta_list),
                                       aper::criticality::reject, aper::ie_problem::missing}});
  const auto& failure = only_reply<ngap::ng_setup_failure>(gnb_a);
  EXPECT_EQ(failure.cause, ngap::make_cause(ngap::cause_protocol::abstract_syntax_error_reject));
  ASSERT_TRUE(failure.criticality_diagnostics);
  EXPECT_EQ(failure.criticality_diagnostics->procedure_code, ngap::id_ng_setup);
  EXPECT_EQ(failure.criticality_diagnostics->triggering_message,
            ngap::triggering_message::initiating_message);
  ASSERT_TRUE(failure.criticality_diagnostics->ies_criticality_diagnostics);
  ASSERT_EQ(failure.criticality_diagnostics->ies_criticality_diagnostics->size(), 1U);
  const auto& item = failure.criticality_diagnostics->ies_criticality_diagnostics->front();
  EXPECT_EQ(item.ie_id, ngap::id_supported_ta_list);
  EXPECT_EQ(item.type_of_error, ngap::type_of_error::missing);
  EXPECT_EQ(gnbs_.size(), 0U);
}

TEST_F(amf_n2_test, undecodable_bytes_get_an_error_indication_and_change_nothing) {
  dispatcher_.handle_n2_message(gnb_a, 0, std::vector<std::uint8_t>{0x00, 0x15, 0xff});
  const auto& indication = only_reply<ngap::error_indication>(gnb_a);
  ASSERT_TRUE(indication.cause);
  EXPECT_EQ(*indication.cause, ngap::make_cause(ngap::cause_protocol::transfer_syntax_error));
  EXPECT_EQ(counter(metrics_.errors, {"transfer_syntax"}), 1U);
  EXPECT_EQ(gnbs_.size(), 0U);
}

TEST_F(amf_n2_test, messages_before_ng_setup_are_refused) {
  const std::vector<std::uint8_t> nas = {0x7e, 0x00, 0x41};
  receive(gnb_a,
          ngap::build_initial_ue_message(ran_ue_ngap_id{5}, nas, ngap::nr_location(home(), 1, 0x10),
                                         ngap::rrc_establishment_cause::mo_signalling));
  const auto& indication = only_reply<ngap::error_indication>(gnb_a);
  EXPECT_EQ(*indication.cause,
            ngap::make_cause(ngap::cause_protocol::message_not_compatible_with_receiver_state));
  EXPECT_TRUE(ues_.ue_messages.empty()) << "nothing reaches the UE side before NG Setup";
  EXPECT_EQ(counter(metrics_.errors, {"before_ng_setup"}), 1U);
}

TEST_F(amf_n2_test, ue_associated_messages_of_a_set_up_gnb_reach_the_ue_side) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  n2_.sent.clear();
  const std::vector<std::uint8_t> nas = {0x7e, 0x00, 0x41};
  receive(gnb_a,
          ngap::build_initial_ue_message(ran_ue_ngap_id{5}, nas, ngap::nr_location(home(), 1, 0x10),
                                         ngap::rrc_establishment_cause::mo_signalling),
          3);
  ASSERT_EQ(ues_.ue_messages.size(), 1U);
  EXPECT_EQ(ues_.ue_messages[0].association, gnb_a);
  EXPECT_EQ(ues_.ue_messages[0].stream, 3);
  EXPECT_NE(ngap::message_of<ngap::initial_ue_message>(ues_.ue_messages[0].pdu), nullptr);
  EXPECT_TRUE(n2_.sent.empty());
}

TEST_F(amf_n2_test, the_same_gnb_on_a_new_association_replaces_the_old_one) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  (void)only_reply<ngap::ng_setup_response>(gnb_a);
  receive(gnb_b, setup_request(home(), 1, 0x1234));
  (void)only_reply<ngap::ng_setup_response>(gnb_b);
  EXPECT_EQ(gnbs_.find(gnb_a), nullptr);
  EXPECT_NE(gnbs_.find(gnb_b), nullptr);
  EXPECT_EQ(ues_.lost, std::vector<n2_association>{gnb_a});
  EXPECT_EQ(metrics_.gnbs->value(), 1.0);

  // A different gNB on another association is simply a second gNB.
  receive(gnb_a, setup_request(home(), 2, 0x9999));
  (void)only_reply<ngap::ng_setup_response>(gnb_a);
  EXPECT_EQ(gnbs_.size(), 2U);
}

TEST_F(amf_n2_test, ran_configuration_update_is_checked_like_ng_setup) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  n2_.sent.clear();
  receive(gnb_a,
          ngap::build_ran_configuration_update("renamed", {{55, home(), {ngap::make_s_nssai(1)}}}));
  const auto& failure = only_reply<ngap::ran_configuration_update_failure>(gnb_a);
  EXPECT_EQ(failure.cause, ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn));
  ASSERT_NE(gnbs_.find(gnb_a), nullptr);
  EXPECT_EQ(gnbs_.find(gnb_a)->name, "gnb-under-test") << "a refused update changes nothing";
  EXPECT_EQ(gnbs_.find(gnb_a)->tas.at(0).tac, 1U);

  receive(gnb_a, ngap::build_ran_configuration_update("renamed",
                                                      {{2, home(), {ngap::make_s_nssai(1, 1)}}}));
  (void)only_reply<ngap::ran_configuration_update_acknowledge>(gnb_a);
  EXPECT_EQ(gnbs_.find(gnb_a)->name, "renamed");
  EXPECT_EQ(gnbs_.find(gnb_a)->tas.at(0).tac, 2U);
}

TEST_F(amf_n2_test, ng_reset_releases_ue_connections_and_is_acknowledged) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  n2_.sent.clear();
  receive(gnb_a, ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::om_intervention)));
  const auto& all = only_reply<ngap::ng_reset_acknowledge>(gnb_a);
  EXPECT_FALSE(all.ue_associated_logical_ng_connection_list);
  ASSERT_EQ(ues_.resets.size(), 1U);
  EXPECT_EQ(ues_.resets[0], std::make_pair(gnb_a, std::size_t{0}));

  receive(gnb_a, ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::om_intervention),
                                      {{amf_ue_ngap_id{7}, ran_ue_ngap_id{9}},
                                       {amf_ue_ngap_id{8}, ran_ue_ngap_id{10}}}));
  const auto& partial = only_reply<ngap::ng_reset_acknowledge>(gnb_a);
  ASSERT_TRUE(partial.ue_associated_logical_ng_connection_list);
  ASSERT_EQ(partial.ue_associated_logical_ng_connection_list->size(), 2U);
  EXPECT_EQ(partial.ue_associated_logical_ng_connection_list->at(1).ran_ue_ngap_id, 10U)
      << "§8.7.4.2.2: the same list in the same order";
  EXPECT_EQ(ues_.resets.at(1), std::make_pair(gnb_a, std::size_t{2}));
}

TEST_F(amf_n2_test, error_indication_is_never_answered) {
  receive(gnb_a,
          ngap::build_error_indication({}, ngap::make_cause(ngap::cause_protocol::unspecified)));
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  n2_.sent.clear();
  receive(gnb_a,
          ngap::build_error_indication({}, ngap::make_cause(ngap::cause_protocol::unspecified)));
  EXPECT_TRUE(n2_.sent.empty());
}

TEST_F(amf_n2_test, unexpected_messages_get_an_error_indication) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  n2_.sent.clear();
  // An AMF-to-gNB message coming from a gNB.
  receive(gnb_a, ngap::build_ng_setup_response(identity()));
  const auto& indication = only_reply<ngap::error_indication>(gnb_a);
  EXPECT_EQ(*indication.cause,
            ngap::make_cause(ngap::cause_protocol::message_not_compatible_with_receiver_state));
  EXPECT_EQ(counter(metrics_.errors, {"unexpected"}), 1U);
}

TEST_F(amf_n2_test, amf_configuration_update_goes_to_every_gnb_and_its_answers_are_counted) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  receive(gnb_b, setup_request(home(), 1, 0x5678));
  n2_.sent.clear();
  auto drained = identity();
  drained.name = "amf-drained";
  drained.relative_capacity = 0;
  EXPECT_EQ(interface_.update_amf_configuration(drained), 2U);
  ASSERT_EQ(n2_.sent.size(), 2U);
  std::vector<n2_association> told;
  for (const auto& s : n2_.sent) {
    told.push_back(s.association);
    EXPECT_EQ(s.stream, non_ue_associated_stream);
    const auto* update = ngap::message_of<ngap::amf_configuration_update>(s.pdu);
    ASSERT_NE(update, nullptr);
    EXPECT_EQ(update->amf_name, "amf-drained");
    EXPECT_EQ(update->relative_amf_capacity, 0) << "TS 38.413 §9.3.1.10";
    ASSERT_TRUE(update->served_guami_list);
    EXPECT_EQ(update->served_guami_list->size(), 1U);
  }
  std::ranges::sort(told);
  EXPECT_EQ(told, (std::vector<n2_association>{gnb_a, gnb_b}));
  n2_.sent.clear();

  // §8.7.3.2 / §8.7.3.3: the answers are not answered, only counted.
  receive(gnb_a, ngap::build_amf_configuration_update_acknowledge());
  ngap::amf_configuration_update_failure failure;
  failure.cause = ngap::make_cause(ngap::cause_misc::unspecified);
  failure.time_to_wait = ngap::time_to_wait::v5_s;
  receive(gnb_b, ngap::make_pdu(failure));
  EXPECT_TRUE(n2_.sent.empty());
  EXPECT_EQ(counter(metrics_.configuration_updates, {"sent"}), 2U);
  EXPECT_EQ(counter(metrics_.configuration_updates, {"acknowledged"}), 1U);
  EXPECT_EQ(counter(metrics_.configuration_updates, {"failed"}), 1U);
  EXPECT_EQ(counter(metrics_.errors, {"unexpected"}), 0U);

  // A gNB that sets up later gets the new identity.
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  const auto& response = only_reply<ngap::ng_setup_response>(gnb_a);
  EXPECT_EQ(response.amf_name, "amf-drained");
  EXPECT_EQ(response.relative_amf_capacity, 0);
}

TEST_F(amf_n2_test, association_down_forgets_the_gnb) {
  receive(gnb_a, setup_request(home(), 1, 0x1234));
  dispatcher_.handle_association_down(gnb_a);
  EXPECT_EQ(gnbs_.size(), 0U);
  EXPECT_EQ(metrics_.gnbs->value(), 0.0);
  EXPECT_EQ(ues_.lost, std::vector<n2_association>{gnb_a});
}

}  // namespace
}  // namespace glasscore::amf
