// The UPF's N4 side (TS 29.244 V17 §6.2, §6.3) driven by an SMF-side pfcp::node over
// loopback UDP with a manual clock: what the UPF answers, and which rules it hands to the
// data path (a recording fake of rules_sink; the real data path needs a TUN device).
#include <gtest/gtest.h>

#include "n4_test_support.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using namespace glasscore::upf::n4::test;
using namespace std::chrono_literals;

TEST(upf_n4, session_requests_before_association_get_cause_72) {
  harness h;
  const auto rsp = h.ask(establishment());
  const auto& body = std::get<session_establishment_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::no_established_pfcp_association);
  EXPECT_EQ(rsp.hdr.seid, 0x0F4EU);
  EXPECT_TRUE(h.dp.installed.empty());
}

TEST(upf_n4, association_setup_answers_with_node_id_recovery_and_features) {
  harness h;
  association_setup_request r;
  r.node = node_id{ipv4_address{127, 0, 0, 4}};
  message m;
  m.body = r;
  const auto rsp = h.ask(m);
  const auto& body = std::get<association_setup_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::request_accepted);
  EXPECT_EQ(body.node, node_id{std::string("upf.glasscore.test")});
  EXPECT_EQ(body.recovery_time_stamp, 3900000000U);
  ASSERT_TRUE(body.up_function_features.has_value());
  EXPECT_TRUE(h.upf->associated());
}

TEST(upf_n4, heartbeat_is_answered) {
  harness h;
  message m;
  m.body = heartbeat_request{1, std::nullopt, {}};
  const auto rsp = h.ask(m);
  EXPECT_EQ(std::get<heartbeat_response>(rsp.body).recovery_time_stamp, 3900000000U);
}

TEST(upf_n4, establishment_chooses_the_teid_and_installs_the_rules) {
  harness h;
  h.associate();
  const auto rsp = h.ask(establishment());
  EXPECT_EQ(rsp.hdr.seid, 0x0F4EU);  // the SMF's SEID (§7.2.2.4.2)
  const auto& body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  ASSERT_TRUE(body.up_f_seid.has_value());
  EXPECT_EQ(body.up_f_seid->seid, 0x6AU);
  ASSERT_EQ(body.created_pdrs.size(), 1U);
  EXPECT_EQ(body.created_pdrs[0].pdr_id, 1);
  ASSERT_TRUE(body.created_pdrs[0].local_f_teid.has_value());
  EXPECT_EQ(body.created_pdrs[0].local_f_teid->teid, 0x100U);
  EXPECT_EQ(body.created_pdrs[0].local_f_teid->ipv4, n3);

  ASSERT_EQ(h.dp.installed.size(), 1U);
  const auto& r = h.dp.installed[0];
  EXPECT_EQ(r.seid, static_cast<pfcp_seid>(0x6A));
  EXPECT_EQ(r.uplink.teid, static_cast<gtpu_teid>(0x100));
  EXPECT_EQ(r.uplink.apply, upf::uplink_rule::action::forward_to_n6);
  EXPECT_EQ(r.uplink.required_qfi, static_cast<qos_flow_id>(9));
  EXPECT_EQ(r.uplink.qer.max_bit_rate, 1000000U);  // 1000 kbit/s
  EXPECT_TRUE(r.uplink.qer.gate_open);
  ASSERT_TRUE(r.downlink.ue_ipv4.has_value());
  EXPECT_EQ(*r.downlink.ue_ipv4, config::ip_address::v4(10, 45, 0, 2));
  EXPECT_EQ(r.downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_EQ(r.downlink.qfi, static_cast<qos_flow_id>(9));
  EXPECT_EQ(r.downlink.qer.max_bit_rate, 2000000U);
}

TEST(upf_n4, router_solicitation_pdrs_share_the_uplink_teid_and_get_the_cp_tunnels) {
  harness h;
  h.associate();
  const auto rsp = h.ask(ipv6_establishment());
  const auto& body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  std::map<std::uint16_t, f_teid> created;
  for (const auto& c : body.created_pdrs) {
    ASSERT_TRUE(c.local_f_teid.has_value());
    created[c.pdr_id] = *c.local_f_teid;
  }
  ASSERT_EQ(created.size(), 3U);  // PDRs 1, 3 and 4 asked for CHOOSE
  EXPECT_EQ(created[1].teid, 0x100U);
  EXPECT_EQ(created[3], created[1]);  // same CHOOSE ID, same F-TEID (§5.2.1A)
  EXPECT_NE(created[4].teid, created[1].teid);
  EXPECT_EQ(created[4].ipv4, n3);  // where the SMF sends its G-PDUs

  ASSERT_EQ(h.dp.installed.size(), 1U);
  const auto& r = h.dp.installed[0];
  EXPECT_EQ(r.uplink.teid, static_cast<gtpu_teid>(0x100));
  ASSERT_TRUE(r.uplink.to_cp_function.has_value());
  const auto& d = *r.uplink.to_cp_function;
  EXPECT_EQ(d.protocol, 58);
  EXPECT_EQ(d.destination.to_string(), "ff02::2");
  EXPECT_EQ(d.tunnel.teid, static_cast<gtpu_teid>(0x5F0));
  EXPECT_EQ(d.tunnel.address, config::ip_address::v4(127, 0, 0, 4));
  EXPECT_EQ(r.downlink_teid, static_cast<gtpu_teid>(created[4].teid));
  ASSERT_TRUE(r.downlink.ue_ipv6_prefix.has_value());
  EXPECT_EQ(r.downlink.ue_ipv6_prefix->to_string(), "2001:db8:1:9::");
}

TEST(upf_n4, a_router_solicitation_pdr_keeps_its_precedence_for_the_classifier) {
  harness h;
  h.associate();
  message m = ipv6_establishment();
  std::get<session_establishment_request>(m.body).create_pdrs[2].precedence = 300;
  const auto rsp = h.ask(m);
  ASSERT_EQ(std::get<session_establishment_response>(rsp.body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  // §5.2.1: the data path classifies by precedence, so PDR 1 (255, no filter) matches every
  // packet before the diversion (300): upf_classifier_test has the order itself.
  const auto& up = h.dp.installed[0].uplink;
  ASSERT_TRUE(up.to_cp_function.has_value());
  EXPECT_EQ(up.to_cp_function->precedence, 300U);
  EXPECT_EQ(up.precedence, 255U);
}

// The Router Solicitation PDR (its FAR forwards to the CP function) takes that one filter
// only; others are refused, not ignored: cause 73 with the PDR as Failed Rule ID and the SDF
// Filter as Offending IE (§7.5.3.1, §8.2.1). (Filters on other PDRs: pdr_rules_test.cpp.)
TEST(upf_n4, a_router_solicitation_pdr_with_another_filter_is_refused_with_cause_73) {
  for (const std::string filter :
       {"permit out 58 from ff02::2 to assigned 5000",  // a port
        "permit out 17 from ff02::2/16 to assigned",    // a prefix
        "permit out ip from ff02::2 to assigned",       // any protocol
        "permit out 58 from 10.0.0.1 to assigned",      // IPv4
        "permit out 58 from ff02::2 to any",            // not to the UE
        "permit in 58 from ff02::2 to assigned",        // not in the TS 29.244 subset
        "permit out 58 from ff02::2 to assigned frag"}) {
    harness h;
    h.associate();
    const auto rsp = h.ask(ipv6_establishment(filter));
    const auto& body = std::get<session_establishment_response>(rsp.body);
    EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure) << filter;
    EXPECT_EQ(body.offending_ie, ie_type::sdf_filter) << filter;
    ASSERT_TRUE(body.failed_rule.has_value()) << filter;
    EXPECT_EQ(body.failed_rule->type, failed_rule_id::rule::pdr);
    EXPECT_EQ(body.failed_rule->id, 3U);
    EXPECT_TRUE(h.dp.installed.empty()) << filter;
    EXPECT_EQ(h.upf->session_count(), 0U);
  }
}

TEST(upf_n4, a_router_solicitation_far_without_a_gtpu_tunnel_is_refused) {
  harness h;
  h.associate();
  message m = ipv6_establishment();
  auto& far = std::get<session_establishment_request>(m.body).create_fars[2];
  // To the CP function, but with no Outer Header Creation: nowhere to send it.
  far.forwarding->outer_header_creation_ie.reset();
  const auto rsp = h.ask(m);
  const auto& body = std::get<session_establishment_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.offending_ie, ie_type::forwarding_parameters);
  ASSERT_TRUE(body.failed_rule.has_value());
  EXPECT_EQ(body.failed_rule->type, failed_rule_id::rule::far);
  EXPECT_EQ(body.failed_rule->id, 3U);
  EXPECT_TRUE(h.dp.installed.empty());
}

TEST(upf_n4, modification_to_forward_installs_the_gnb_tunnel) {
  harness h;
  h.associate();
  h.ask(establishment());
  session_modification_request mod;
  update_far uf;
  uf.far_id = 2;
  uf.action = apply_action{apply_action::forw, true};
  update_forwarding_parameters fp;
  fp.destination_interface = 0;
  outer_header_creation ohc;
  ohc.description = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = 0x33AE;
  ohc.ipv4 = ipv4_address{127, 0, 0, 2};
  fp.outer_header_creation_ie = ohc;
  uf.forwarding = fp;
  mod.update_fars.push_back(uf);
  message m;
  m.hdr.seid = 0x6A;
  m.body = mod;
  const auto rsp = h.ask(m);
  EXPECT_EQ(rsp.hdr.seid, 0x0F4EU);
  EXPECT_EQ(std::get<session_modification_response>(rsp.body).cause, cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 1U);
  const auto& dl = h.dp.modified[0].first.downlink;
  EXPECT_EQ(dl.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(dl.gnb_teid, static_cast<gtpu_teid>(0x33AE));
  EXPECT_EQ(dl.gnb_address, config::ip_address::v4(127, 0, 0, 2));
  EXPECT_FALSE(h.dp.modified[0].second);
}

TEST(upf_n4, far_referenced_but_not_created_is_rule_failure_73) {
  harness h;
  h.associate();
  const auto rsp = h.ask(establishment(/*dl_far=*/7));
  const auto& body = std::get<session_establishment_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.offending_ie, ie_type::far_id);
  ASSERT_TRUE(body.failed_rule.has_value());
  EXPECT_EQ(body.failed_rule->type, failed_rule_id::rule::pdr);
  EXPECT_EQ(body.failed_rule->id, 2U);
  EXPECT_TRUE(h.dp.installed.empty());
  EXPECT_EQ(h.upf->session_count(), 0U);
}

TEST(upf_n4, update_of_an_unknown_far_is_rejected_and_changes_nothing) {
  harness h;
  h.associate();
  h.ask(establishment());
  session_modification_request mod;
  update_far uf;
  uf.far_id = 9;
  uf.action = apply_action{apply_action::drop, true};
  mod.update_fars.push_back(uf);
  message m;
  m.hdr.seid = 0x6A;
  m.body = mod;
  const auto rsp = h.ask(m);
  const auto& body = std::get<session_modification_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(body.failed_rule.has_value());
  EXPECT_EQ(body.failed_rule->type, failed_rule_id::rule::far);
  EXPECT_EQ(body.failed_rule->id, 9U);
  EXPECT_TRUE(h.dp.modified.empty());
}

TEST(upf_n4, unknown_seid_is_session_context_not_found) {
  harness h;
  h.associate();
  message m;
  m.hdr.seid = 0x999;
  m.body = session_modification_request{};
  const auto rsp = h.ask(m);
  EXPECT_EQ(std::get<session_modification_response>(rsp.body).cause,
            cause_value::session_context_not_found);
  EXPECT_EQ(rsp.hdr.seid, 0U);
  message d;
  d.hdr.seid = 0x999;
  d.body = session_deletion_request{};
  EXPECT_EQ(std::get<session_deletion_response>(h.ask(d).body).cause,
            cause_value::session_context_not_found);
}

TEST(upf_n4, deletion_reports_the_final_usage) {
  harness h;
  h.associate();
  h.ask(establishment());
  message d;
  d.hdr.seid = 0x6A;
  d.body = session_deletion_request{};
  const auto rsp = h.ask(d);
  EXPECT_EQ(rsp.hdr.seid, 0x0F4EU);
  const auto& body = std::get<session_deletion_response>(rsp.body);
  EXPECT_EQ(body.cause, cause_value::request_accepted);
  ASSERT_EQ(body.usage_reports.size(), 1U);
  const auto& u = body.usage_reports[0];
  EXPECT_EQ(u.urr_id, 1U);
  EXPECT_TRUE(u.usage_report_trigger.has(6, 4));  // TERMR
  ASSERT_TRUE(u.volume_measurement.has_value());
  EXPECT_EQ(u.volume_measurement->total, 4000U);
  EXPECT_EQ(u.volume_measurement->uplink, 1000U);
  EXPECT_EQ(u.volume_measurement->downlink, 3000U);
  ASSERT_EQ(h.dp.removed.size(), 1U);
  EXPECT_EQ(h.dp.removed[0], static_cast<pfcp_seid>(0x6A));
  EXPECT_EQ(h.upf->session_count(), 0U);
}

TEST(upf_n4, volume_threshold_sends_a_session_report_request_once) {
  harness h;
  h.associate();
  h.ask(establishment());
  h.dp.usage = upf::session_counters{1, 1000, 1, 2000, 0, 0, 0};  // 3000 < 3500
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.dp.usage = upf::session_counters{2, 1500, 2, 2500, 0, 0, 0};  // 4000 >= 3500
  auto due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(due[0].peer, h.smf_address());
  std::optional<expected<message, request_error>> out;
  async::spawn(h.loop, h.upf_node->request(due[0].request, due[0].peer),
               [&out](expected<message, request_error> r) { out = std::move(r); });
  h.pump();
  ASSERT_EQ(h.reports_at_smf.size(), 1U);
  EXPECT_EQ(h.reports_at_smf[0].hdr.seid, 0x0F4EU);
  const auto& report = std::get<session_report_request>(h.reports_at_smf[0].body);
  EXPECT_EQ(report.report_type, 0x02);
  ASSERT_EQ(report.usage_reports.size(), 1U);
  EXPECT_TRUE(report.usage_reports[0].usage_report_trigger.has(5, 2));  // VOLTH
  EXPECT_EQ(report.usage_reports[0].volume_measurement->total, 4000U);
  ASSERT_TRUE(out && *out);
  EXPECT_TRUE(std::holds_alternative<session_report_response>((*out)->body));
  EXPECT_TRUE(h.upf->usage_reports_due().empty()) << "reported twice for one threshold";
}

// BAR (§5.2.4, §7.5.2.6): its Suggested Buffering Packets Count bounds the buffering FAR
// that names it; Update BAR changes it; a BAR that does not exist is a rule failure.
TEST(upf_n4, bar_bounds_the_buffer_and_update_bar_changes_it) {
  harness h;
  h.associate();
  message m = establishment();
  auto& req = std::get<session_establishment_request>(m.body);
  req.create_bar_ie = create_bar{1, std::nullopt, 7, {}};
  req.create_fars[1].bar_id = 1;
  ASSERT_EQ(std::get<session_establishment_response>(h.ask(m).body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  EXPECT_EQ(h.dp.installed[0].downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_EQ(h.dp.installed[0].downlink.buffer_packets, 7U);
  EXPECT_TRUE(h.dp.installed[0].downlink.notify_cp);  // FAR 2 is BUFF|NOCP

  session_modification_request mod;
  mod.update_bar_ie = update_bar{1, std::nullopt, 9, {}};
  message u;
  u.hdr.seid = 0x6A;
  u.body = mod;
  EXPECT_EQ(std::get<session_modification_response>(h.ask(u).body).cause,
            cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 1U);
  EXPECT_EQ(h.dp.modified[0].first.downlink.buffer_packets, 9U);

  mod.update_bar_ie = update_bar{4, std::nullopt, 9, {}};
  u.body = mod;
  const auto rsp = std::get<session_modification_response>(h.ask(u).body);
  EXPECT_EQ(rsp.cause, cause_value::rule_creation_modification_failure);
  ASSERT_TRUE(rsp.failed_rule.has_value());
  EXPECT_EQ(rsp.failed_rule->type, failed_rule_id::rule::bar);
  EXPECT_EQ(rsp.failed_rule->id, 4U);

  harness h2;
  h2.associate();
  message missing = establishment();
  std::get<session_establishment_request>(missing.body).create_fars[1].bar_id = 2;
  const auto body = std::get<session_establishment_response>(h2.ask(missing).body);
  EXPECT_EQ(body.cause, cause_value::rule_creation_modification_failure);
  EXPECT_EQ(body.offending_ie, ie_type::bar_id);
  EXPECT_TRUE(h2.dp.installed.empty());
}

// NOCP (§5.2.3.1): a session whose buffering FAR got its first packet is reported with
// Report Type DLDR and a Downlink Data Report naming the downlink PDR (§7.5.8.2).
TEST(upf_n4, first_buffered_packet_is_reported_as_downlink_data) {
  harness h;
  h.associate();
  h.ask(establishment());
  EXPECT_TRUE(h.upf->downlink_data_reports().empty());
  h.dp.arrivals = {pfcp_seid{0x6A}, pfcp_seid{0x999}};  // 0x999: removed meanwhile
  auto due = h.upf->downlink_data_reports();
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(due[0].peer, h.smf_address());
  std::optional<expected<message, request_error>> out;
  async::spawn(h.loop, h.upf_node->request(due[0].request, due[0].peer),
               [&out](expected<message, request_error> r) { out = std::move(r); });
  h.pump();
  ASSERT_EQ(h.reports_at_smf.size(), 1U);
  EXPECT_EQ(h.reports_at_smf[0].hdr.seid, 0x0F4EU);
  const auto& report = std::get<session_report_request>(h.reports_at_smf[0].body);
  EXPECT_EQ(report.report_type, 0x01);  // DLDR
  ASSERT_TRUE(report.downlink_data.has_value());
  EXPECT_EQ(report.downlink_data->pdr_ids, std::vector<std::uint16_t>{2});
  EXPECT_TRUE(report.usage_reports.empty());
  ASSERT_TRUE(out && *out);
  EXPECT_TRUE(h.upf->downlink_data_reports().empty());
}

// Time-based usage reporting (§5.2.2.2.1): a URR measuring duration (DURAT) with the
// establishment's URR 1 turned into a time measurement with `triggers` (§8.2.19).
message timed_establishment(std::uint8_t triggers, std::optional<std::uint32_t> threshold,
                            std::optional<std::uint32_t> period) {
  message m = establishment();
  auto& u = std::get<session_establishment_request>(m.body).create_urrs[0];
  u.measurement_method = 0x01 | 0x02;  // DURAT and VOLUM
  u.reporting_triggers.octets = {triggers, 0x00, 0x00};
  u.volume_threshold.reset();
  u.time_threshold = threshold;
  u.measurement_period = period;
  return m;
}

TEST(upf_n4, time_threshold_reports_the_duration_each_time_it_is_reached) {
  harness h;
  h.associate();
  ASSERT_EQ(std::get<session_establishment_response>(
                h.ask(timed_establishment(0x04, 60, std::nullopt)).body)
                .cause,
            cause_value::request_accepted);  // TIMTH, Time Threshold 60 s
  h.loop.advance(59s);
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.loop.advance(1s);
  auto due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  auto report = std::get<session_report_request>(due[0].request.body);
  EXPECT_EQ(report.report_type, 0x02);  // USAR
  ASSERT_EQ(report.usage_reports.size(), 1U);
  const auto& first = report.usage_reports[0];
  EXPECT_TRUE(first.usage_report_trigger.has(5, 3));  // TIMTH
  EXPECT_FALSE(first.usage_report_trigger.has(5, 1));
  EXPECT_EQ(first.duration_measurement, 60U);
  EXPECT_EQ(first.start_time, 3900000000U);  // NTP, from the Recovery Time Stamp
  EXPECT_EQ(first.end_time, 3900000060U);
  EXPECT_TRUE(first.volume_measurement.has_value());  // VOLUM too
  EXPECT_TRUE(h.upf->usage_reports_due().empty()) << "reported twice for one threshold";
  // The measurement restarted with the report: the next one 60 s later.
  h.loop.advance(59s);
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.loop.advance(1s);
  due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  const auto& second = std::get<session_report_request>(due[0].request.body).usage_reports.at(0);
  EXPECT_EQ(second.ur_seqn, first.ur_seqn + 1);
  EXPECT_EQ(second.start_time, 3900000060U);
  EXPECT_EQ(second.duration_measurement, 60U);
}

TEST(upf_n4, measurement_period_reports_on_a_fixed_grid) {
  harness h;
  h.associate();
  h.ask(timed_establishment(0x01, std::nullopt, 30));  // PERIO, Measurement Period 30 s
  h.loop.advance(29s);
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.loop.advance(1s);
  auto due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  auto u = std::get<session_report_request>(due[0].request.body).usage_reports.at(0);
  EXPECT_TRUE(u.usage_report_trigger.has(5, 1));  // PERIO
  EXPECT_EQ(u.duration_measurement, 30U);
  // Checked late (at 75 s): one report, and the next stays at 90 s, not 105 s.
  h.loop.advance(45s);
  due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(std::get<session_report_request>(due[0].request.body)
                .usage_reports.at(0)
                .duration_measurement,
            45U);
  h.loop.advance(14s);
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.loop.advance(1s);
  due = h.upf->usage_reports_due();
  ASSERT_EQ(due.size(), 1U);
  EXPECT_EQ(std::get<session_report_request>(due[0].request.body)
                .usage_reports.at(0)
                .duration_measurement,
            15U);
  // Update URR with a new Measurement Period (here through the PFCP codec): counts from now.
  session_modification_request mod;
  update_urr uu;
  uu.urr_id = 1;
  uu.measurement_period = 10;
  mod.update_urrs.push_back(uu);
  message m;
  m.hdr.seid = 0x6A;
  m.body = mod;
  EXPECT_EQ(std::get<session_modification_response>(h.ask(m).body).cause,
            cause_value::request_accepted);
  h.loop.advance(9s);
  EXPECT_TRUE(h.upf->usage_reports_due().empty());
  h.loop.advance(1s);
  EXPECT_EQ(h.upf->usage_reports_due().size(), 1U);
}

TEST(upf_n4, deletion_reports_the_duration_since_the_last_report) {
  harness h;
  h.associate();
  h.ask(timed_establishment(0x04, 3600, std::nullopt));
  h.loop.advance(42s);
  message d;
  d.hdr.seid = 0x6A;
  d.body = session_deletion_request{};
  const auto rsp = h.ask(d);
  const auto& u = std::get<session_deletion_response>(rsp.body).usage_reports.at(0);
  EXPECT_TRUE(u.usage_report_trigger.has(6, 4));  // TERMR
  EXPECT_EQ(u.duration_measurement, 42U);
  EXPECT_EQ(u.start_time, 3900000000U);
  EXPECT_EQ(u.end_time, 3900000042U);
}

// Open5GS's SMF messages from ../shared/spec/captures/registration-simple.pcapng (frames
// 1646, 1672, 1731): establishment with three CHOOSE F-TEIDs, two sharing CHOOSE ID 5
// (uplink and CP-function PDRs), IPv4+IPv6 UE address, a buffering downlink FAR; modification to
// forward to the gNB (Outer Header Creation GTP-U/UDP/IPv4+IPv6); deletion.
std::vector<std::uint8_t> from_hex(std::string_view h) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::vector<std::uint8_t> open5gs_establishment() {  // frame 1646
  return from_hex(
      "21320267000000000000000000000300003c0005007f0000040039000d020000000000000f4e7f0000040001"
      "005a003800020001001d00040000ffff0002003000140001010016000908696e7465726e6574005d0015070a"
      "2d000220010db8cafe0001000000000000000200a0000111006c0004000000010051000400000001006d0004"
      "0000000100010049003800020002001d00040000ffff000200220014000100001500020f050016000908696e"
      "7465726e6574007c00010100a000010b005f000106006c000400000002006d00040000000100010029003800"
      "020003001d0004000000ff0002000a00140001030015000107005f000106006c0004000000010001006e0038"
      "00020004001d0004000000ff0002004f0014000100001500020f050016000908696e7465726e65740017002e"
      "0100002a7065726d6974206f75742035382066726f6d20666630323a3a322f31323820746f2061737369676e"
      "656400a000010b005f000106006c00040000000300030013006c000400000001002c00020c00005800010100"
      "030029006c000400000002002c0002020000040017002a0001010016000908696e7465726e657400a0000111"
      "00030025006c000400000003002c0002020000040013002a0001030054000a0100000000017f000004000600"
      "210051000400000001003e00010200250003020000001f000901000000000640000000070020006d00040000"
      "00010019000100001a000a00000f424000000f4240007c0001010055000500580001010071000103008d001a"
      "070899790000001203f908685670400004351006947152760041009f000908696e7465726e65740101000401"
      "ffffff");
}

std::vector<std::uint8_t> open5gs_modification() {  // frame 1672
  return from_hex(
      "21340057000000000000006a00000400000a0047006c000400000001002c00020200000b0035002a00010000"
      "16000908696e7465726e65740054001a0300000000017f000002fd69f21d873c00fa000000000000000200a0"
      "00010b");
}

TEST(upf_n4, open5gs_smf_session_is_accepted_modified_and_deleted) {
  harness h;
  h.associate();
  auto est = decode_message(open5gs_establishment());
  ASSERT_TRUE(est) << static_cast<int>(est.error().cause);
  auto rsp = h.ask(*est);
  const auto body = std::get<session_establishment_response>(rsp.body);
  ASSERT_EQ(body.cause, cause_value::request_accepted);
  ASSERT_TRUE(body.up_f_seid.has_value());
  // As Open5GS's UPF answered (frame 1647): PDRs 2, 3 and 4 chose F-TEIDs; 2 and 4 share
  // CHOOSE ID 5 and so one TEID, 3 has its own.
  ASSERT_EQ(body.created_pdrs.size(), 3U);
  EXPECT_EQ(body.created_pdrs[0].pdr_id, 2);
  EXPECT_EQ(body.created_pdrs[0].local_f_teid->teid, body.created_pdrs[2].local_f_teid->teid);
  EXPECT_NE(body.created_pdrs[0].local_f_teid->teid, body.created_pdrs[1].local_f_teid->teid);
  ASSERT_EQ(h.dp.installed.size(), 1U);
  EXPECT_EQ(h.dp.installed[0].uplink.teid,
            static_cast<gtpu_teid>(body.created_pdrs[0].local_f_teid->teid));
  EXPECT_EQ(*h.dp.installed[0].downlink.ue_ipv4, config::ip_address::v4(10, 45, 0, 2));
  EXPECT_TRUE(h.dp.installed[0].downlink.ue_ipv6_prefix.has_value());
  EXPECT_EQ(h.dp.installed[0].downlink.apply, upf::downlink_rule::action::buffer);
  // The Router Solicitation pair (TS 23.501 §5.8.2.2.3) as Open5GS sends it: PDR 4 on the
  // uplink F-TEID with "permit out 58 from ff02::2/128 to assigned" and FAR 3 to the
  // CP-function (Destination Interface 3) tunnel TEID 1 at 127.0.0.4; PDR 3 from the
  // CP-function (Source Interface 3) on its own F-TEID.
  const auto& to_cp = h.dp.installed[0].uplink.to_cp_function;
  ASSERT_TRUE(to_cp.has_value());
  EXPECT_EQ(to_cp->protocol, 58);
  EXPECT_EQ(to_cp->destination.to_string(), "ff02::2");
  EXPECT_EQ(to_cp->tunnel.teid, static_cast<gtpu_teid>(1));
  EXPECT_EQ(to_cp->tunnel.address, config::ip_address::v4(127, 0, 0, 4));
  EXPECT_EQ(h.dp.installed[0].downlink_teid,
            static_cast<gtpu_teid>(body.created_pdrs[1].local_f_teid->teid));

  auto mod = decode_message(open5gs_modification());
  ASSERT_TRUE(mod) << static_cast<int>(mod.error().cause);
  mod->hdr.seid = body.up_f_seid->seid;
  rsp = h.ask(*mod);
  EXPECT_EQ(std::get<session_modification_response>(rsp.body).cause, cause_value::request_accepted);
  ASSERT_EQ(h.dp.modified.size(), 1U);
  EXPECT_EQ(h.dp.modified[0].first.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(h.dp.modified[0].first.downlink.gnb_teid, static_cast<gtpu_teid>(1));
  EXPECT_EQ(h.dp.modified[0].first.downlink.gnb_address, config::ip_address::v4(127, 0, 0, 2));

  auto del = decode_message(from_hex("2136000c000000000000006a00000600"));
  ASSERT_TRUE(del);
  del->hdr.seid = body.up_f_seid->seid;
  rsp = h.ask(*del);
  const auto& deleted = std::get<session_deletion_response>(rsp.body);
  EXPECT_EQ(deleted.cause, cause_value::request_accepted);
  ASSERT_EQ(deleted.usage_reports.size(), 1U);
  EXPECT_EQ(rsp.hdr.seid, 0x0F4EU);
}

// Network input must never crash the UPF: every single-bit flip of Open5GS's Session
// Establishment and Modification Requests that still decodes is handled, and each answer
// is an encodable response with a cause (DESIGN.md §4, "Errors").
TEST(upf_n4, every_bit_flip_of_captured_requests_gets_a_clean_answer) {
  fake_datapath dp;
  upf::n4::n4_config cfg;
  cfg.self = node_id{ipv4_address{127, 0, 0, 7}};
  cfg.n3_ipv4 = n3;
  upf::n4::n4_handler upf(cfg, dp);
  const auto from = *transport::socket_address::parse("127.0.0.1", 8805);
  message setup;
  setup.body = association_setup_request{node_id{ipv4_address{127, 0, 0, 4}}, 1, {}, {}, {}};
  ASSERT_TRUE(upf.handle(setup, from));
  std::size_t handled = 0;
  for (const auto& original : {open5gs_establishment(), open5gs_modification()}) {
    for (std::size_t bit = 0; bit < original.size() * 8; ++bit) {
      auto bytes = original;
      bytes[bit / 8] = static_cast<std::uint8_t>(bytes[bit / 8] ^ (1U << (bit % 8)));
      auto m = decode_message(bytes);
      if (!m) {
        continue;
      }
      if (std::holds_alternative<session_modification_request>(m->body)) {
        m->hdr.seid = 1;  // the first session this handler created
      }
      auto rsp = upf.handle(*m, from);
      ++handled;
      if (rsp) {
        auto back = decode_message(encode(*rsp));
        ASSERT_TRUE(back) << "bit " << bit;
      }
    }
  }
  EXPECT_GT(handled, 1000U);
}

TEST(upf_n4, association_release_deletes_the_sessions) {
  harness h;
  h.associate();
  h.ask(establishment());
  message m;
  m.body = association_release_request{node_id{ipv4_address{127, 0, 0, 4}}, {}};
  EXPECT_EQ(std::get<association_release_response>(h.ask(m).body).cause,
            cause_value::request_accepted);
  EXPECT_EQ(h.dp.removed.size(), 1U);
  EXPECT_FALSE(h.upf->associated());
}

}  // namespace
