// N9 at the N4 side: what an intermediate UPF and a PDU Session Anchor make of the SMF's
// PDRs and FARs (TS 23.501 §5.6.4; TS 23.502 §4.3.2.2.1; TS 29.244 §5.2.1, §8.2.2,
// §8.2.56), which combinations they refuse (cause 73 with the Failed Rule ID, §7.5.3.1), and
// usage reports measured since the previous report (§5.2.2.3.1).
#include <gtest/gtest.h>

#include "n4_test_support.h"
#include "n9_sessions.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using namespace glasscore::upf::n4::test;

const ipv4_address psa_n9{127, 0, 0, 8};
const ipv4_address gnb{127, 0, 0, 2};

std::map<std::uint16_t, f_teid> created_f_teids(const session_establishment_response& rsp) {
  std::map<std::uint16_t, f_teid> out;
  for (const auto& c : rsp.created_pdrs) {
    if (c.local_f_teid) {
      out[c.pdr_id] = *c.local_f_teid;
    }
  }
  return out;
}

// The rejection an establishment request gets.
session_establishment_response refused(harness& h, message m) {
  const auto rsp = h.ask(std::move(m));
  const auto& body = std::get<session_establishment_response>(rsp.body);
  EXPECT_TRUE(h.dp.installed.empty());
  EXPECT_EQ(h.upf->session_count(), 0U);
  return body;
}

TEST(upf_n9, iupf_session_is_matched_by_teid_both_ways) {
  harness h;
  h.associate();
  const auto rsp = h.ask(iupf_establishment(psa_n9, 0x777, gnb, 0x5000, 9));
  const auto& body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  auto created = created_f_teids(body);
  ASSERT_EQ(created.size(), 2U);  // N3 (PDR 1) and N9 (PDR 2), two CHOOSE IDs
  EXPECT_NE(created[1].teid, created[2].teid);
  EXPECT_EQ(created[1].ipv4, n3);
  EXPECT_EQ(created[2].ipv4, n3);  // N9 shares the user-plane address

  ASSERT_EQ(h.dp.installed.size(), 1U);
  const auto& r = h.dp.installed[0];
  EXPECT_EQ(r.uplink.teid, static_cast<gtpu_teid>(created[1].teid));
  EXPECT_EQ(r.uplink.apply, upf::uplink_rule::action::forward_to_tunnel);
  EXPECT_EQ(r.uplink.next_hop.address, config::ip_address::v4(127, 0, 0, 8));
  EXPECT_EQ(r.uplink.next_hop.teid, static_cast<gtpu_teid>(0x777));
  EXPECT_EQ(r.uplink.required_qfi, static_cast<qos_flow_id>(9));
  EXPECT_EQ(r.downlink_teid, static_cast<gtpu_teid>(created[2].teid));
  EXPECT_FALSE(r.downlink.ue_ipv4.has_value());
  EXPECT_FALSE(r.downlink.ue_ipv6_prefix.has_value());
  EXPECT_EQ(r.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(r.downlink.gnb_address, config::ip_address::v4(127, 0, 0, 2));
  EXPECT_EQ(r.downlink.gnb_teid, static_cast<gtpu_teid>(0x5000));
  EXPECT_EQ(r.downlink.qfi, static_cast<qos_flow_id>(9));
  EXPECT_FALSE(r.uplink.to_cp_function.has_value());
}

TEST(upf_n9, psa_session_takes_n9_uplink_on_access_and_sends_downlink_to_the_iupf) {
  harness h;
  h.associate();
  const auto rsp = h.ask(psa_establishment(ipv4_address{10, 61, 1, 1}, 9));
  const auto& body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  auto created = created_f_teids(body);
  ASSERT_EQ(created.size(), 1U);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  EXPECT_EQ(h.dp.installed[0].uplink.apply, upf::uplink_rule::action::forward_to_n6);
  EXPECT_EQ(h.dp.installed[0].downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_FALSE(h.dp.installed[0].downlink_teid.has_value());

  // The SMF learnt the I-UPF's N9 F-TEID: the downlink goes there, an End Marker to the
  // old tunnel only if it asks (SNDEM) and there was one.
  const auto mod = h.ask(psa_downlink_to(body.up_f_seid->seid, ipv4_address{127, 0, 0, 7}, 0x101));
  EXPECT_EQ(std::get<session_modification_response>(mod.body).cause, cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 1U);
  const auto& r = h.dp.modified[0].first;
  EXPECT_EQ(r.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(r.downlink.gnb_address, config::ip_address::v4(127, 0, 0, 7));
  EXPECT_EQ(r.downlink.gnb_teid, static_cast<gtpu_teid>(0x101));
  EXPECT_EQ(r.downlink.qfi, static_cast<qos_flow_id>(9));
  EXPECT_FALSE(h.dp.modified[0].second);
}

TEST(upf_n9, uplink_outer_header_other_than_gtpu_is_refused_with_the_far) {
  harness h;
  h.associate();
  message m = iupf_establishment(psa_n9, 0x777, gnb, 0x5000, 9);
  auto& far = std::get<session_establishment_request>(m.body).create_fars[0];
  far.forwarding->outer_header_creation_ie->description = outer_header_creation::udp_ipv4;
  const auto body = refused(h, m);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.failed_rule, (failed_rule_id{failed_rule_id::rule::far, 1}));
  EXPECT_EQ(body.offending_ie, ie_type::outer_header_creation);
}

TEST(upf_n9, a_second_downlink_pdr_by_teid_is_refused) {
  harness h;
  h.associate();
  message m = iupf_establishment(psa_n9, 0x777, gnb, 0x5000, 9);
  auto& r = std::get<session_establishment_request>(m.body);
  create_pdr cp = r.create_pdrs[1];
  cp.pdr_id = 3;
  cp.pdi_ie.source_interface = 3;  // CP-function: a second TEID for the one downlink
  cp.pdi_ie.local_f_teid = choose(3);
  r.create_pdrs.push_back(cp);
  const auto body = refused(h, m);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.failed_rule, (failed_rule_id{failed_rule_id::rule::pdr, 3}));
  EXPECT_EQ(body.offending_ie, ie_type::f_teid);
}

TEST(upf_n9, a_downlink_pdr_by_teid_with_another_far_than_the_ue_address_pdr_is_refused) {
  harness h;
  h.associate();
  // A PSA session that would also take downlink G-PDUs on a TEID, with its own FAR: the
  // data path has one downlink rule per session.
  message m = psa_establishment(ipv4_address{10, 61, 1, 1}, 9);
  auto& r = std::get<session_establishment_request>(m.body);
  create_pdr n9 = r.create_pdrs[1];
  n9.pdr_id = 3;
  n9.pdi_ie.ue_ip.reset();
  n9.pdi_ie.local_f_teid = choose(2);
  n9.far_id = 3;
  r.create_pdrs.push_back(n9);
  r.create_fars.push_back(gtpu_far(3, 0, gnb, 0x5000));
  const auto body = refused(h, m);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.failed_rule, (failed_rule_id{failed_rule_id::rule::pdr, 3}));
  EXPECT_EQ(body.offending_ie, ie_type::far_id);
}

TEST(upf_n9, a_downlink_pdr_on_the_uplink_f_teid_is_refused) {
  harness h;
  h.associate();
  // Same CHOOSE ID as the uplink PDR: one TEID for both directions, which the data path
  // cannot tell apart.
  message m = iupf_establishment(psa_n9, 0x777, gnb, 0x5000, 9);
  std::get<session_establishment_request>(m.body).create_pdrs[1].pdi_ie.local_f_teid = choose(1);
  const auto body = refused(h, m);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.failed_rule, (failed_rule_id{failed_rule_id::rule::pdr, 2}));
  EXPECT_EQ(body.offending_ie, ie_type::f_teid);
}

TEST(upf_n9, a_session_without_any_downlink_pdr_is_refused) {
  harness h;
  h.associate();
  message m = iupf_establishment(psa_n9, 0x777, gnb, 0x5000, 9);
  std::get<session_establishment_request>(m.body).create_pdrs[1].pdi_ie.local_f_teid.reset();
  const auto body = refused(h, m);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.offending_ie, ie_type::ue_ip_address);
}

// §5.2.2.3.1: after a usage report the measurement restarts, so each report (and the
// deletion's final one) carries the volume since the previous report, and the Volume
// Threshold applies to that volume again.
TEST(upf_n9, volume_reports_carry_the_usage_since_the_previous_report) {
  harness h;
  h.associate();
  h.ask(establishment());                                         // URR 1: VOLTH, total 3500 octets
  h.dp.usage = upf::session_counters{2, 1500, 2, 2500, 0, 0, 0};  // 4000: report
  auto first = h.upf->usage_reports_due();
  ASSERT_EQ(first.size(), 1U);
  const auto& v1 =
      *std::get<session_report_request>(first[0].request.body).usage_reports[0].volume_measurement;
  EXPECT_EQ(v1.total, 4000U);
  EXPECT_EQ(v1.uplink_packets, 2U);

  h.dp.usage = upf::session_counters{3, 2500, 5, 5000, 0, 0, 0};  // +3500 since: report
  auto second = h.upf->usage_reports_due();
  ASSERT_EQ(second.size(), 1U);
  const auto& u2 = std::get<session_report_request>(second[0].request.body).usage_reports[0];
  EXPECT_EQ(u2.ur_seqn, 2U);
  ASSERT_TRUE(u2.volume_measurement.has_value());
  EXPECT_EQ(u2.volume_measurement->total, 3500U);
  EXPECT_EQ(u2.volume_measurement->uplink, 1000U);
  EXPECT_EQ(u2.volume_measurement->downlink, 2500U);
  EXPECT_EQ(u2.volume_measurement->uplink_packets, 1U);
  EXPECT_EQ(u2.volume_measurement->downlink_packets, 3U);
  EXPECT_EQ(u2.volume_measurement->total_packets, 4U);

  h.dp.usage = upf::session_counters{4, 2600, 6, 5100, 0, 0, 0};  // +200: below threshold
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  message d;
  d.hdr.seid = 0x6A;
  d.body = session_deletion_request{};
  const auto rsp = h.ask(d);
  const auto& del = std::get<session_deletion_response>(rsp.body);
  ASSERT_EQ(del.usage_reports.size(), 1U);
  EXPECT_EQ(del.usage_reports[0].volume_measurement->total, 200U);
  EXPECT_EQ(del.usage_reports[0].ur_seqn, 3U);
}

TEST(upf_n9, a_urr_created_by_modification_measures_from_its_creation) {
  harness h;
  h.associate();
  h.ask(establishment());
  h.dp.usage = upf::session_counters{1, 100, 1, 200, 0, 0, 0};
  session_modification_request mod;
  create_urr u;
  u.urr_id = 2;
  u.measurement_method = 0x02;
  mod.create_urrs = {u};
  message m;
  m.hdr.seid = 0x6A;
  m.body = mod;
  h.ask(m);
  h.dp.usage = upf::session_counters{2, 150, 2, 450, 0, 0, 0};
  message d;
  d.hdr.seid = 0x6A;
  d.body = session_deletion_request{};
  const auto rsp = h.ask(d);
  const auto& del = std::get<session_deletion_response>(rsp.body);
  ASSERT_EQ(del.usage_reports.size(), 2U);
  EXPECT_EQ(del.usage_reports[0].volume_measurement->total, 600U);  // URR 1: since the start
  EXPECT_EQ(del.usage_reports[1].urr_id, 2U);
  EXPECT_EQ(del.usage_reports[1].volume_measurement->total, 300U);  // URR 2: since creation
}

}  // namespace
