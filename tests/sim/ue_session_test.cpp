// The UE's 5GSM procedures (TS 24.501 §6.4) against the scripted network: the bytes of the
// establishment request, accept, reject, release both ways, modification both ways,
// T3580/T3581/T3582 and the §7 answers to erroneous 5GSM messages.
#include <gtest/gtest.h>

#include "session_harness.h"

namespace glasscore::sim::test {
namespace {

const std::string supi = "imsi-001010000000101";

nas::pdu_session_establishment_accept accept_with(std::array<std::uint8_t, 4> ipv4) {
  nas::pdu_session_establishment_accept a;
  a.selected_pdu_session_type.value = nas::pdu_session_type_value::ipv4v6;
  a.selected_ssc_mode.value = nas::ssc_mode_value::mode_1;
  nas::qos_rule rule;
  rule.id = 1;
  rule.default_rule = true;
  rule.filters.push_back(
      nas::packet_filter{nas::packet_filter_direction::bidirectional, 1, {nas::pf_match_all{}}});
  rule.precedence = 255;
  rule.qfi = 9;
  a.authorized_qos_rules.rules.push_back(rule);
  a.session_ambr.downlink = nas::bit_rate{6, 100};  // 100 Mbps
  a.session_ambr.uplink = nas::bit_rate{6, 50};
  nas::pdu_address addr;
  addr.type = nas::pdu_session_type_value::ipv4v6;
  addr.ipv4 = ipv4;
  addr.ipv6_interface_id = std::array<std::uint8_t, 8>{0, 0, 0, 0, 0, 0, 0, 7};
  a.pdu_address = addr;
  nas::extended_pco pco;
  pco.add_ipv4_address(nas::pco_id::dns_server_ipv4, {8, 8, 8, 8});
  pco.add_ipv6_address(nas::pco_id::dns_server_ipv6,
                       {0x20, 0x01, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88});
  pco.add_ipv4_link_mtu(1400);
  a.extended_pco = pco;
  return a;
}

class ue_session_test : public session_fixture {
 protected:
  /// Registers, starts session 1 and returns the PTI of its request.
  std::uint8_t requested(session_ue& ue,
                         nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4v6) {
    EXPECT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}, type));
    loop.run_pending();
    auto up = uplink(supi);
    EXPECT_EQ(up.size(), 1U);
    if (up.empty() || !up[0].gsm) {
      return 0;
    }
    return up[0].gsm->pti;
  }

  session_ue& established() {
    auto& ue = registered_ue(supi);
    const auto pti = requested(ue);
    downlink_gsm(supi, 1, pti, accept_with({10, 45, 0, 2}));
    EXPECT_NE(ue.nas().session(1), nullptr);
    (void)uplink(supi);
    return ue;
  }
};

TEST_F(ue_session_test, establishment_request_is_coded_as_the_spec_says) {
  auto& ue = registered_ue(supi);
  ASSERT_TRUE(ue.nas().start_pdu_session(5, "internet", nas::s_nssai{1, 0x010203, {}, {}},
                                         nas::pdu_session_type_value::ipv4v6));
  loop.run_pending();
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  // §8.2.10: N1 SM payload, PDU session ID, request type "initial request", S-NSSAI, DNN.
  const auto& t = up[0].transport;
  EXPECT_EQ(t.payload_type.value, nas::payload_type::n1_sm);
  ASSERT_TRUE(t.pdu_session_id);
  EXPECT_EQ(t.pdu_session_id->value, 5);
  ASSERT_TRUE(t.request_type);
  EXPECT_EQ(t.request_type->value, 1);
  ASSERT_TRUE(t.s_nssai);
  EXPECT_EQ(t.s_nssai->sst, 1);
  EXPECT_EQ(t.s_nssai->sd, std::optional<std::uint32_t>(0x010203));
  ASSERT_TRUE(t.dnn);
  EXPECT_EQ(t.dnn->name, "internet");
  // §8.3.1 inside it.
  ASSERT_TRUE(up[0].gsm);
  EXPECT_EQ(up[0].gsm->pdu_session_id, 5);
  EXPECT_NE(up[0].gsm->pti, 0);
  EXPECT_NE(up[0].gsm->pti, 255);
  const auto* req = std::get_if<nas::pdu_session_establishment_request>(&up[0].gsm->body);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->integrity_max_data_rate.uplink, nas::integrity_max_rate::full);
  EXPECT_EQ(req->integrity_max_data_rate.downlink, nas::integrity_max_rate::full);
  ASSERT_TRUE(req->pdu_session_type);
  EXPECT_EQ(req->pdu_session_type->value, nas::pdu_session_type_value::ipv4v6);
  ASSERT_TRUE(req->ssc_mode);
  EXPECT_EQ(req->ssc_mode->value, nas::ssc_mode_value::mode_1);
  ASSERT_TRUE(req->extended_pco);
  EXPECT_TRUE(req->extended_pco->requests(nas::pco_id::dns_server_ipv4));
  EXPECT_TRUE(req->extended_pco->requests(nas::pco_id::dns_server_ipv6));
  EXPECT_TRUE(req->extended_pco->requests(nas::pco_id::ipv4_link_mtu));
  EXPECT_EQ(ue.nas().session(5)->state, pdu_session_state::active_pending);
  // A second request for the same ID while one runs is refused.
  EXPECT_EQ(ue.nas().start_pdu_session(5, "internet").error(), ue_error::session_busy);
  EXPECT_EQ(ue.nas().start_pdu_session(16, "internet").error(), ue_error::invalid_session);
}

TEST_F(ue_session_test, no_session_before_registration) {
  net.script.release_after_registration = false;
  auto& cell = ready_gnb();
  auto card = usim::create(net.add_subscriber(supi, crypto::protection_scheme::null_scheme));
  session_ue ue(std::move(*card), {}, cell, loop);
  EXPECT_EQ(ue.nas().start_pdu_session(1, "internet").error(), ue_error::wrong_state);
}

TEST_F(ue_session_test, accept_stores_address_qos_ambr_dns_and_mtu) {
  auto& ue = registered_ue(supi);
  const auto pti = requested(ue);
  downlink_gsm(supi, 1, pti, accept_with({10, 45, 0, 2}));
  ASSERT_EQ(ue.session_events.size(), 1U);
  const auto& e = ue.session_events[0];
  EXPECT_EQ(e.type, session_event_type::established);
  EXPECT_EQ(e.pdu_session_id, 1);
  EXPECT_EQ(e.ipv4, (std::array<std::uint8_t, 4>{10, 45, 0, 2}));
  EXPECT_EQ(e.ipv6_interface_id, (std::array<std::uint8_t, 8>{0, 0, 0, 0, 0, 0, 0, 7}));
  const auto* s = ue.nas().session(1);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state, pdu_session_state::active);
  EXPECT_EQ(s->type, nas::pdu_session_type_value::ipv4v6);
  EXPECT_EQ(s->default_qfi(), std::optional<std::uint8_t>(9));
  EXPECT_EQ(s->ambr.downlink.bits_per_second(), 100'000'000U);
  EXPECT_EQ(s->ambr.uplink.bits_per_second(), 50'000'000U);
  ASSERT_EQ(s->dns_ipv4.size(), 1U);
  EXPECT_EQ(s->dns_ipv4[0], (std::array<std::uint8_t, 4>{8, 8, 8, 8}));
  EXPECT_EQ(s->dns_ipv6.size(), 1U);
  EXPECT_EQ(s->mtu, std::optional<std::uint16_t>(1400));
  // T3580 stopped: nothing is resent later.
  loop.advance(std::chrono::seconds(100));
  EXPECT_TRUE(uplink(supi).empty());
}

TEST_F(ue_session_test, accept_with_another_pti_gets_status_47) {
  auto& ue = registered_ue(supi);
  const auto pti = requested(ue);
  downlink_gsm(supi, 1, static_cast<std::uint8_t>(pti + 1), accept_with({10, 0, 0, 1}));
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  ASSERT_TRUE(up[0].gsm);
  const auto* st = std::get_if<nas::gsm_status>(&up[0].gsm->body);
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->cause.value, nas::gsm_cause::pti_mismatch);
  EXPECT_TRUE(ue.session_events.empty());
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::active_pending);
}

TEST_F(ue_session_test, reject_reports_the_5gsm_cause_and_frees_the_id) {
  auto& ue = registered_ue(supi);
  const auto pti = requested(ue);
  downlink_gsm(
      supi, 1, pti,
      nas::pdu_session_establishment_reject{
          nas::gsm_cause_ie{nas::gsm_cause::missing_or_unknown_dnn}, {}, {}, {}, {}, {}, {}, {}});
  ASSERT_EQ(ue.session_events.size(), 1U);
  EXPECT_EQ(ue.session_events[0].type, session_event_type::rejected);
  EXPECT_EQ(ue.session_events[0].gsm_cause, nas::gsm_cause::missing_or_unknown_dnn);
  EXPECT_EQ(ue.nas().session(1), nullptr);
  EXPECT_TRUE(ue.nas().start_pdu_session(1, "internet"));
}

TEST_F(ue_session_test, network_release_is_completed) {
  auto& ue = established();
  nas::pdu_session_release_command cmd;
  cmd.cause.value = nas::gsm_cause::regular_deactivation;
  downlink_gsm(supi, 1, 0, cmd);
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  ASSERT_TRUE(up[0].gsm);
  EXPECT_EQ(up[0].gsm->pdu_session_id, 1);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_complete>(up[0].gsm->body));
  ASSERT_EQ(ue.session_events.size(), 2U);
  EXPECT_EQ(ue.session_events[1].type, session_event_type::released);
  EXPECT_EQ(ue.session_events[1].gsm_cause, nas::gsm_cause::regular_deactivation);
  EXPECT_EQ(ue.nas().session(1), nullptr);
}

TEST_F(ue_session_test, ue_release_request_then_command_with_its_pti) {
  auto& ue = established();
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  loop.run_pending();
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  ASSERT_TRUE(up[0].gsm);
  const auto* req = std::get_if<nas::pdu_session_release_request>(&up[0].gsm->body);
  ASSERT_NE(req, nullptr);
  ASSERT_TRUE(req->cause);
  EXPECT_EQ(req->cause->value, nas::gsm_cause::regular_deactivation);
  const auto pti = up[0].gsm->pti;
  EXPECT_NE(pti, 0);
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::inactive_pending);
  nas::pdu_session_release_command cmd;
  cmd.cause.value = nas::gsm_cause::regular_deactivation;
  downlink_gsm(supi, 1, pti, cmd);
  up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0].gsm->pti, pti);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_complete>(up[0].gsm->body));
  EXPECT_EQ(ue.session_events.back().type, session_event_type::released);
  EXPECT_EQ(ue.nas().session(1), nullptr);
  loop.advance(std::chrono::seconds(100));  // T3582 stopped
  EXPECT_TRUE(uplink(supi).empty());
}

TEST_F(ue_session_test, t3580_retransmits_four_times_then_gives_up) {
  auto& ue = registered_ue(supi);
  const auto pti = requested(ue);
  for (int i = 1; i <= 4; ++i) {
    loop.advance(std::chrono::milliseconds(15999));
    EXPECT_TRUE(uplink(supi).empty()) << i;
    loop.advance(std::chrono::milliseconds(1));
    auto up = uplink(supi);
    ASSERT_EQ(up.size(), 1U) << i;
    ASSERT_TRUE(up[0].gsm);
    EXPECT_EQ(up[0].gsm->pti, pti);  // the same request again
    EXPECT_TRUE(std::holds_alternative<nas::pdu_session_establishment_request>(up[0].gsm->body));
  }
  EXPECT_TRUE(ue.session_events.empty());
  loop.advance(std::chrono::milliseconds(16000));
  EXPECT_TRUE(uplink(supi).empty());
  ASSERT_EQ(ue.session_events.size(), 1U);
  EXPECT_EQ(ue.session_events[0].type, session_event_type::failed);
  EXPECT_EQ(ue.nas().session(1), nullptr);
  EXPECT_EQ(ue.nas().session_stats().retransmissions, 4U);
}

TEST_F(ue_session_test, t3582_gives_up_with_a_local_release) {
  auto& ue = established();
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  loop.run_pending();
  EXPECT_EQ(uplink(supi).size(), 1U);
  loop.advance(std::chrono::seconds(16 * 4));
  EXPECT_EQ(uplink(supi).size(), 4U);
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::inactive_pending);
  loop.advance(std::chrono::seconds(16));
  EXPECT_EQ(ue.session_events.back().type, session_event_type::released);
  EXPECT_EQ(ue.nas().session(1), nullptr);
}

TEST_F(ue_session_test, release_reject_keeps_the_session) {
  auto& ue = established();
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  loop.run_pending();
  const auto pti = uplink(supi).at(0).gsm->pti;
  downlink_gsm(supi, 1, pti,
               nas::pdu_session_release_reject{
                   nas::gsm_cause_ie{nas::gsm_cause::request_rejected_unspecified}, {}});
  EXPECT_EQ(ue.session_events.back().type, session_event_type::release_rejected);
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::active);
}

TEST_F(ue_session_test, modification_command_updates_ambr_and_rules) {
  auto& ue = established();
  nas::pdu_session_modification_command cmd;
  cmd.session_ambr = nas::session_ambr{nas::bit_rate{6, 200}, nas::bit_rate{6, 20}};
  nas::qos_rules rules;
  nas::qos_rule r;
  r.id = 2;
  r.filters.push_back(
      nas::packet_filter{nas::packet_filter_direction::uplink_only, 2, {nas::pf_protocol{17}}});
  r.precedence = 10;
  r.qfi = 5;
  rules.rules.push_back(r);
  cmd.authorized_qos_rules = rules;
  downlink_gsm(supi, 1, 0, cmd);
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_modification_complete>(up[0].gsm->body));
  const auto* s = ue.nas().session(1);
  EXPECT_EQ(s->ambr.downlink.bits_per_second(), 200'000'000U);
  ASSERT_EQ(s->qos_rules.size(), 2U);
  EXPECT_EQ(s->qos_rules[1].qfi, std::optional<std::uint8_t>(5));
  EXPECT_EQ(ue.session_events.back().type, session_event_type::modified);
  // A command for a session that does not exist is rejected with #43.
  downlink_gsm(supi, 3, 0, cmd);
  up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  const auto* rej = std::get_if<nas::pdu_session_modification_command_reject>(&up[0].gsm->body);
  ASSERT_NE(rej, nullptr);
  EXPECT_EQ(rej->cause.value, nas::gsm_cause::invalid_pdu_session_identity);
}

TEST_F(ue_session_test, modification_request_is_answered_by_a_command_with_its_pti) {
  auto& ue = established();
  pdu_session_modification_request asked;
  asked.always_on = true;
  asked.max_packet_filters = 16;
  ASSERT_TRUE(ue.nas().request_modification(1, asked));
  loop.run_pending();
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  ASSERT_TRUE(up[0].gsm);
  const auto* req = std::get_if<nas::pdu_session_modification_request>(&up[0].gsm->body);
  ASSERT_NE(req, nullptr);
  ASSERT_TRUE(req->always_on_requested);
  EXPECT_TRUE(req->always_on_requested->requested);
  ASSERT_TRUE(req->max_packet_filters);
  EXPECT_EQ(req->max_packet_filters->count, 16);
  EXPECT_FALSE(req->requested_qos_rules);
  const auto pti = up[0].gsm->pti;
  EXPECT_NE(pti, 0);
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::modification_pending);
  // A second procedure waits for the first.
  EXPECT_EQ(ue.nas().request_modification(1, asked).error(), ue_error::session_busy);

  nas::pdu_session_modification_command cmd;
  cmd.session_ambr = nas::session_ambr{nas::bit_rate{6, 20}, nas::bit_rate{6, 10}};
  cmd.always_on_indication = nas::always_on_pdu_session_indication{true};
  downlink_gsm(supi, 1, pti, cmd);
  up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0].gsm->pti, pti);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_modification_complete>(up[0].gsm->body));
  const auto* s = ue.nas().session(1);
  EXPECT_EQ(s->state, pdu_session_state::active);
  EXPECT_TRUE(s->always_on);
  EXPECT_EQ(s->ambr.downlink.bits_per_second(), 20'000'000U);
  EXPECT_EQ(ue.session_events.back().type, session_event_type::modified);
  loop.advance(std::chrono::seconds(100));  // T3581 stopped
  EXPECT_TRUE(uplink(supi).empty());
}

TEST_F(ue_session_test, modification_reject_keeps_the_session_as_it_was) {
  auto& ue = established();
  nas::qos_flow_description flow;
  flow.qfi = 2;
  flow.parameters = {nas::qos_flow_parameter::five_qi(1)};
  pdu_session_modification_request asked;
  asked.qos_flows = nas::qos_flow_descriptions{{flow}};
  ASSERT_TRUE(ue.nas().request_modification(1, asked));
  loop.run_pending();
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  const auto pti = up[0].gsm->pti;
  // A reject with another PTI answers nothing of this UE: 5GSM STATUS #47.
  downlink_gsm(supi, 1, static_cast<std::uint8_t>(pti + 1),
               nas::pdu_session_modification_reject{
                   nas::gsm_cause_ie{nas::gsm_cause::qos_not_accepted}, {}, {}, {}, {}});
  up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  ASSERT_TRUE(std::holds_alternative<nas::gsm_status>(up[0].gsm->body));
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::modification_pending);
  downlink_gsm(supi, 1, pti,
               nas::pdu_session_modification_reject{
                   nas::gsm_cause_ie{nas::gsm_cause::qos_not_accepted}, {}, {}, {}, {}});
  EXPECT_TRUE(uplink(supi).empty());
  EXPECT_EQ(ue.session_events.back().type, session_event_type::modification_rejected);
  EXPECT_EQ(ue.session_events.back().gsm_cause,
            std::optional<nas::gsm_cause>(nas::gsm_cause::qos_not_accepted));
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::active);
  EXPECT_EQ(ue.nas().session(1)->qos_flows.size(), 0U);
}

TEST_F(ue_session_test, t3581_retransmits_four_times_then_gives_up) {
  auto& ue = established();
  ASSERT_TRUE(ue.nas().request_modification(1, {}));
  loop.run_pending();
  const auto first = uplink(supi);
  ASSERT_EQ(first.size(), 1U);
  loop.advance(std::chrono::seconds(16 * 4));
  const auto again = uplink(supi);
  ASSERT_EQ(again.size(), 4U);
  for (const auto& m : again) {
    EXPECT_EQ(m.gsm->pti, first[0].gsm->pti);
  }
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::modification_pending);
  loop.advance(std::chrono::seconds(16));
  EXPECT_TRUE(uplink(supi).empty());
  EXPECT_EQ(ue.session_events.back().type, session_event_type::modification_failed);
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::active);
}

TEST_F(ue_session_test, payload_not_forwarded_ends_the_procedure) {
  auto& ue = registered_ue(supi);
  (void)requested(ue);
  nas::dl_nas_transport m;
  m.payload_type.value = nas::payload_type::n1_sm;
  m.payload_container.value = {0x2e, 0x01, 0x01, 0xc1, 0xff, 0xff};
  m.pdu_session_id = nas::octet_value{1};
  m.cause = nas::gmm_cause_ie{nas::gmm_cause::payload_was_not_forwarded};
  downlink(supi, m);
  ASSERT_EQ(ue.session_events.size(), 1U);
  EXPECT_EQ(ue.session_events[0].type, session_event_type::failed);
  EXPECT_EQ(ue.session_events[0].gmm_cause, nas::gmm_cause::payload_was_not_forwarded);
  EXPECT_EQ(ue.nas().session(1), nullptr);
  loop.advance(std::chrono::seconds(100));  // T3580 stopped
  EXPECT_TRUE(uplink(supi).empty());
}

TEST_F(ue_session_test, malformed_5gsm_gets_status_and_no_crash) {
  auto& ue = established();
  const std::vector<std::vector<std::uint8_t>> bad = {
      {0x2e},                                // header cut
      {0x2e, 0x01, 0x00, 0xc2},              // accept without its mandatory IEs
      {0x2e, 0x01, 0x00, 0x99},              // unknown message type
      {0x7e, 0x01, 0x00, 0xc2, 0x11},        // 5GMM EPD in an N1 SM container
      {0x2e, 0x01, 0x00, 0xc2, 0x11, 0x00},  // accept with a cut QoS rules IE
  };
  for (const auto& b : bad) {
    downlink_gsm_bytes(supi, 1, b);
  }
  auto up = uplink(supi);
  ASSERT_EQ(up.size(), bad.size());
  for (const auto& u : up) {
    ASSERT_TRUE(u.gsm);
    const auto* st = std::get_if<nas::gsm_status>(&u.gsm->body);
    ASSERT_NE(st, nullptr);
    EXPECT_EQ(u.transport.pdu_session_id->value, 1);
  }
  EXPECT_EQ(std::get<nas::gsm_status>(up[2].gsm->body).cause.value,
            nas::gsm_cause::message_type_non_existent_or_not_implemented);
  EXPECT_EQ(ue.nas().session_stats().gsm_decode_errors, bad.size());
  // The session is untouched by all of that.
  EXPECT_EQ(ue.nas().session(1)->state, pdu_session_state::active);
  // A 5GSM message the UE never receives is answered with #97 too.
  downlink_gsm(supi, 1, 0, nas::pdu_session_release_complete{});
  up = uplink(supi);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<nas::gsm_status>(up[0].gsm->body));
}

TEST_F(ue_session_test, every_truncation_of_an_accept_is_handled) {
  auto& ue = registered_ue(supi);
  const auto pti = requested(ue);
  byte_writer w;
  ASSERT_TRUE(nas::encode_gsm(nas::gsm_pdu{1, pti, accept_with({10, 0, 0, 9})}, w));
  const auto full = w.release();
  // Each cut either decodes (a cut at an optional IE's boundary) and is processed, or is
  // answered with exactly one 5GSM STATUS; nothing else happens, nothing crashes.
  std::size_t answers = 0;
  for (std::size_t n = 1; n < full.size(); ++n) {
    downlink_gsm_bytes(supi, 1, std::vector<std::uint8_t>(full.begin(), full.begin() + n));
    for (const auto& u : uplink(supi)) {
      ASSERT_TRUE(u.gsm);
      EXPECT_TRUE(std::holds_alternative<nas::gsm_status>(u.gsm->body));
      ++answers;
    }
  }
  EXPECT_GE(answers + ue.session_events.size(), full.size() - 1);
  EXPECT_LE(ue.session_events.size(), 1U);  // established at most once
}

TEST_F(ue_session_test, deregistration_releases_sessions_locally) {
  auto& ue = established();
  ASSERT_TRUE(ue.nas().start_deregistration(true));
  loop.run_pending();
  EXPECT_EQ(ue.nas().session(1), nullptr);
  EXPECT_EQ(ue.session_events.back().type, session_event_type::released);
}

}  // namespace
}  // namespace glasscore::sim::test
