// Several PDRs per session on the N4 side (TS 29.244 §5.2.1, §5.2.1A): a default PDR pair
// plus a dedicated QoS flow with an SDF filter, its own QFI, FARs and MBR QER, and the
// session AMBR QER shared by all; what the data path gets, how Update/Remove PDR rebuild
// it, and the combinations refused (cause 73 or 75, §8.2.1, with Failed Rule ID and
// Offending IE, §7.5.3.1).
#include <gtest/gtest.h>

#include "n4_test_support.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using namespace glasscore::upf::n4::test;

constexpr const char* dedicated_filter = "permit out 17 from 198.51.100.0/24 5000-5010 to assigned";

sdf_filter flow(const std::string& text) {
  sdf_filter f;
  f.flow_description = text;
  return f;
}

// establishment() (PDR 1 uplink QFI 9, PDR 2 downlink buffering, QER 1 with QFI 9 and the
// session's MBR 1000/2000 kbit/s) plus a dedicated flow: PDR 11 uplink (Precedence 10, the
// same CHOOSE ID, QFI 2, FAR 11 to the core) and PDR 12 downlink (Precedence 10, FAR 12 to
// the gNB), both with `filter` and QERs {2, 1}: QER 2 is the flow's (QFI 2, MBR 300/600
// kbit/s), QER 1 the session AMBR.
message with_dedicated_flow(const std::string& filter = dedicated_filter) {
  message m = establishment();
  auto& r = std::get<session_establishment_request>(m.body);
  create_pdr ul = r.create_pdrs[0];
  ul.pdr_id = 11;
  ul.precedence = 10;
  ul.pdi_ie.qfis = {2};
  ul.pdi_ie.sdf_filters = {flow(filter)};
  ul.far_id = 11;
  ul.qer_ids = {2, 1};
  create_pdr dl = r.create_pdrs[1];
  dl.pdr_id = 12;
  dl.precedence = 10;
  dl.pdi_ie.sdf_filters = {flow(filter)};
  dl.far_id = 12;
  dl.qer_ids = {2, 1};
  r.create_pdrs.push_back(ul);
  r.create_pdrs.push_back(dl);
  create_far to_core = r.create_fars[0];
  to_core.far_id = 11;
  create_far to_gnb;
  to_gnb.far_id = 12;
  to_gnb.action.flags = apply_action::forw;
  forwarding_parameters access;
  access.destination_interface = 0;
  outer_header_creation ohc;
  ohc.description = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = 0xABC;
  ohc.ipv4 = ipv4_address{192, 168, 1, 9};
  access.outer_header_creation_ie = ohc;
  to_gnb.forwarding = access;
  r.create_fars.push_back(to_core);
  r.create_fars.push_back(to_gnb);
  create_qer q;
  q.qer_id = 2;
  q.mbr = bit_rate{300, 600};
  q.qfi = 2;
  r.create_qers.push_back(q);
  return m;
}

session_establishment_request& request_of(message& m) {
  return std::get<session_establishment_request>(m.body);
}

create_pdr& pdr(message& m, std::uint16_t id) {
  for (auto& p : request_of(m).create_pdrs) {
    if (p.pdr_id == id) {
      return p;
    }
  }
  throw std::out_of_range("no such PDR");
}

TEST(upf_n4_pdrs, a_dedicated_flow_gets_its_own_pdrs_far_and_qer_in_both_directions) {
  harness h;
  h.associate();
  const auto rsp = h.ask(with_dedicated_flow());
  const auto& body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  // §5.5.3: PDRs 1 and 11 share CHOOSE ID 1, so one F-TEID.
  ASSERT_EQ(body.created_pdrs.size(), 2U);
  EXPECT_EQ(body.created_pdrs[0].local_f_teid->teid, body.created_pdrs[1].local_f_teid->teid);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  const upf::session_rules& r = h.dp.installed[0];

  // Uplink, by precedence: the dedicated PDR (10), then the default one (200).
  const upf::uplink_rule& ded = r.uplink;
  EXPECT_EQ(ded.precedence, 10U);
  EXPECT_EQ(static_cast<std::uint32_t>(ded.teid), body.created_pdrs[0].local_f_teid->teid);
  EXPECT_EQ(ded.required_qfi, std::optional(static_cast<qos_flow_id>(2)));
  EXPECT_EQ(ded.apply, upf::uplink_rule::action::forward_to_n6);
  ASSERT_EQ(ded.filters.size(), 1U);
  const upf::packet_filter& f = ded.filters[0];
  EXPECT_EQ(f.protocol, std::optional<std::uint8_t>(17));
  ASSERT_TRUE(f.remote.has_value());
  EXPECT_EQ(f.remote->to_string(), "198.51.100.0/24");
  EXPECT_EQ(f.remote_ports, (std::vector<upf::port_range>{{5000, 5010}}));
  EXPECT_FALSE(f.local.has_value());  // "to assigned": the UE, the session's own address
  EXPECT_TRUE(f.local_ports.empty());
  // §5.2.1.11: the flow's MBR (QER 2, kbit/s -> bit/s, §8.2.8) and the session AMBR (QER 1).
  EXPECT_EQ(ded.qer.id, 2U);
  EXPECT_EQ(ded.qer.max_bit_rate, 300'000U);
  ASSERT_TRUE(ded.second_qer.has_value());
  EXPECT_EQ(ded.second_qer->id, 1U);
  EXPECT_EQ(ded.second_qer->max_bit_rate, 1'000'000U);
  ASSERT_EQ(r.other_uplink.size(), 1U);
  EXPECT_EQ(r.other_uplink[0].precedence, 200U);
  EXPECT_EQ(r.other_uplink[0].required_qfi, std::optional(static_cast<qos_flow_id>(9)));
  EXPECT_TRUE(r.other_uplink[0].filters.empty());
  EXPECT_EQ(r.other_uplink[0].teid, ded.teid);
  EXPECT_FALSE(r.other_uplink[0].second_qer.has_value());

  // Downlink: the dedicated PDR forwards with QFI 2 and the flow's MBR; the default one
  // buffers (its FAR says BUFF) with QFI 9.
  EXPECT_EQ(r.downlink.precedence, 10U);
  EXPECT_EQ(r.downlink.filters, ded.filters);
  EXPECT_EQ(r.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(r.downlink.gnb_teid, static_cast<gtpu_teid>(0xABC));
  EXPECT_EQ(r.downlink.qfi, static_cast<qos_flow_id>(2));
  EXPECT_EQ(r.downlink.qer.max_bit_rate, 600'000U);
  EXPECT_EQ(r.downlink.second_qer->max_bit_rate, 2'000'000U);
  EXPECT_EQ(r.downlink.ue_ipv4, std::optional(config::ip_address::v4(10, 45, 0, 2)));
  ASSERT_EQ(r.other_downlink.size(), 1U);
  EXPECT_EQ(r.other_downlink[0].precedence, 200U);
  EXPECT_EQ(r.other_downlink[0].qfi, static_cast<qos_flow_id>(9));
  EXPECT_EQ(r.other_downlink[0].apply, upf::downlink_rule::action::buffer);
}

TEST(upf_n4_pdrs, update_pdr_precedence_and_remove_pdr_rebuild_the_rules) {
  harness h;
  h.associate();
  ASSERT_EQ(std::get<session_establishment_response>(h.ask(with_dedicated_flow()).body).cause,
            cause_value::request_accepted);
  // Update PDR (§7.5.4.2): the dedicated uplink PDR now comes after the default one.
  session_modification_request mod;
  update_pdr u;
  u.pdr_id = 11;
  u.precedence = 250;
  mod.update_pdrs.push_back(u);
  message m;
  m.hdr.seid = 0x6A;
  m.body = mod;
  ASSERT_EQ(std::get<session_modification_response>(h.ask(m).body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 1U);
  const upf::session_rules& updated = h.dp.modified[0].first;
  EXPECT_EQ(updated.uplink.precedence, 200U);
  EXPECT_TRUE(updated.uplink.filters.empty());
  ASSERT_EQ(updated.other_uplink.size(), 1U);
  EXPECT_EQ(updated.other_uplink[0].precedence, 250U);
  EXPECT_EQ(updated.other_uplink[0].required_qfi, std::optional(static_cast<qos_flow_id>(2)));
  EXPECT_EQ(updated.other_downlink.size(), 1U);  // the downlink is unchanged
  // Remove PDR (§7.5.4.6) of the flow, both directions, and its FARs and QER.
  session_modification_request remove;
  remove.remove_pdrs = {remove_pdr{11, {}}, remove_pdr{12, {}}};
  remove.remove_fars = {remove_far{11, {}}, remove_far{12, {}}};
  remove.remove_qers = {remove_qer{2, {}}};
  m.body = remove;
  ASSERT_EQ(std::get<session_modification_response>(h.ask(m).body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 2U);
  const upf::session_rules& removed = h.dp.modified[1].first;
  EXPECT_TRUE(removed.other_uplink.empty());
  EXPECT_TRUE(removed.other_downlink.empty());
  EXPECT_EQ(removed.uplink.precedence, 200U);
  EXPECT_EQ(removed.downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_EQ(removed.downlink.qfi, static_cast<qos_flow_id>(9));
}

// The answer to an establishment that must be refused, with nothing installed.
session_establishment_response refused(message m) {
  harness h;
  h.associate();
  const auto rsp = h.ask(std::move(m));
  EXPECT_TRUE(h.dp.installed.empty());
  EXPECT_EQ(h.upf->session_count(), 0U);
  return std::get<session_establishment_response>(rsp.body);
}

void expect_rule_failure(const session_establishment_response& body, std::uint16_t offending,
                         std::uint32_t pdr_id) {
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.offending_ie, std::optional(offending));
  ASSERT_TRUE(body.failed_rule.has_value());
  EXPECT_EQ(body.failed_rule->type, failed_rule_id::rule::pdr);
  EXPECT_EQ(body.failed_rule->id, pdr_id);
}

TEST(upf_n4_pdrs, sdf_filter_parts_the_data_path_does_not_match_on_are_refused) {
  // §8.2.5: ToS/Traffic Class, Security Parameter Index, Flow Label, and a filter given by
  // its SDF Filter ID alone (a predefined one): not enforced, so refused with cause 73.
  std::vector<sdf_filter> filters(4, flow(dedicated_filter));
  filters[0].tos_traffic_class = 0x2EFC;
  filters[1].security_parameter_index = 0x1234;
  filters[2].flow_label = 0x12345;
  filters[3].flow_description.reset();
  filters[3].bid = true;
  filters[3].filter_id = 7;
  for (const std::uint16_t id : {11, 12}) {
    for (const sdf_filter& f : filters) {
      message m = with_dedicated_flow();
      pdr(m, id).pdi_ie.sdf_filters = {flow("permit out 6 from any to assigned"), f};
      expect_rule_failure(refused(m), ie_type::sdf_filter, id);
    }
  }
  // Outside the Flow Description subset, or the UE as remote end.
  for (const std::string text :
       {"permit out 17 from assigned to 198.51.100.1", "deny out 17 from any to assigned",
        "permit out 17 from 198.51.100.0/33 to assigned"}) {
    expect_rule_failure(refused(with_dedicated_flow(text)), ie_type::sdf_filter, 11);
  }
  // Application detection (§5.2.1A.1: an Application ID in the PDI) is not done.
  message m = with_dedicated_flow();
  pdr(m, 12).pdi_ie.application_id = "video";
  expect_rule_failure(refused(m), ie_type::application_id, 12);
}

TEST(upf_n4_pdrs, qer_and_qfi_combinations_the_data_path_cannot_carry_are_refused) {
  message unknown_qer = with_dedicated_flow();
  pdr(unknown_qer, 11).qer_ids = {2, 5};  // §6.3.2.1: QER 5 was never created
  expect_rule_failure(refused(unknown_qer), ie_type::qer_id, 11);
  message three_qers = with_dedicated_flow();
  create_qer q3;
  q3.qer_id = 3;
  request_of(three_qers).create_qers.push_back(q3);
  pdr(three_qers, 12).qer_ids = {2, 1, 3};  // more than the flow's and the session's
  expect_rule_failure(refused(three_qers), ie_type::qer_id, 12);
  message two_qfis = with_dedicated_flow();
  pdr(two_qfis, 11).pdi_ie.qfis = {2, 3};
  expect_rule_failure(refused(two_qfis), ie_type::qfi, 11);
}

TEST(upf_n4_pdrs, pdrs_the_session_keys_cannot_hold_are_refused) {
  // One uplink F-TEID per session: another CHOOSE ID is another TEID. The Failed Rule ID
  // is the PDR that differs from the first in precedence order (the dedicated one, 10).
  message other_teid = with_dedicated_flow();
  pdr(other_teid, 11).pdi_ie.local_f_teid->choose_id = 2;
  expect_rule_failure(refused(other_teid), ie_type::f_teid, 1);
  // One UE address per session.
  message other_ue = with_dedicated_flow();
  pdr(other_ue, 12).pdi_ie.ue_ip->ipv4 = ipv4_address{10, 45, 0, 3};
  expect_rule_failure(refused(other_ue), ie_type::ue_ip_address, 2);
}

TEST(upf_n4_pdrs, more_pdrs_than_the_data_path_scans_is_no_resources_available) {
  // 16 uplink PDRs are taken; a 17th is cause 75 "No resources available" (§8.2.1).
  auto with_uplink_pdrs = [](std::size_t n) {
    message m = establishment();
    auto& r = request_of(m);
    for (std::size_t i = 1; i < n; ++i) {
      create_pdr extra = r.create_pdrs[0];
      extra.pdr_id = static_cast<std::uint16_t>(100 + i);
      extra.precedence = static_cast<std::uint32_t>(i);
      extra.pdi_ie.sdf_filters = {
          flow("permit out 17 from 198.51.100." + std::to_string(i) + " to assigned")};
      r.create_pdrs.push_back(extra);
    }
    return m;
  };
  harness h;
  h.associate();
  EXPECT_EQ(std::get<session_establishment_response>(h.ask(with_uplink_pdrs(16)).body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  EXPECT_EQ(h.dp.installed[0].other_uplink.size(), 15U);
  const auto body = refused(with_uplink_pdrs(17));
  EXPECT_EQ(body.cause, cause_value::no_resources_available);
}

}  // namespace
