// The UPF's N4 side (TS 29.244 V17 §6.2, §6.3) driven by an SMF-side pfcp::node over
// loopback UDP with a manual clock: what the UPF answers, and which rules it hands to the
// data path (a recording fake of rules_sink; the real data path needs a TUN device).
#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/pfcp/node.h"
#include "n4_handler.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using namespace std::chrono_literals;

struct fake_datapath final : upf::n4::rules_sink {
  std::vector<upf::session_rules> installed;
  std::vector<std::pair<upf::session_rules, bool>> modified;
  std::vector<pfcp_seid> removed;
  upf::session_counters usage{10, 1000, 20, 3000, 0, 0, 0};
  std::optional<upf::datapath_error> fail_install;

  expected<void, upf::datapath_error> install(const upf::session_rules& r) override {
    if (fail_install) {
      return fail(*fail_install);
    }
    installed.push_back(r);
    return {};
  }
  expected<void, upf::datapath_error> modify(const upf::session_rules& r, bool em) override {
    modified.emplace_back(r, em);
    return {};
  }
  expected<upf::session_counters, upf::datapath_error> remove(pfcp_seid s) override {
    removed.push_back(s);
    return usage;
  }
  std::optional<upf::session_counters> counters(pfcp_seid) const override { return usage; }
};

const ipv4_address n3{192, 168, 0, 10};

struct harness {
  async::manual_loop loop;
  fake_datapath dp;
  std::unique_ptr<upf::n4::n4_handler> upf;
  udp_endpoint upf_ep = *udp_endpoint::open(*transport::socket_address::parse("127.0.0.1", 0));
  udp_endpoint smf_ep = *udp_endpoint::open(*transport::socket_address::parse("127.0.0.1", 0));
  std::unique_ptr<node> upf_node;
  std::unique_ptr<node> smf_node;
  std::vector<message> reports_at_smf;

  harness() {
    upf::n4::n4_config cfg;
    cfg.self = node_id{std::string("upf.glasscore.test")};
    cfg.recovery_time_stamp = 3900000000U;
    cfg.n3_ipv4 = n3;
    cfg.up_function_features.octets = {0x00, 0x00};
    cfg.first_teid = 0x100;
    cfg.first_seid = 0x6A;
    upf = std::make_unique<upf::n4::n4_handler>(cfg, dp);
    node_config ucfg;
    ucfg.self = cfg.self;
    ucfg.recovery_time_stamp = cfg.recovery_time_stamp;
    ucfg.t1 = 100ms;
    upf_node =
        std::make_unique<node>(loop, loop, ucfg, upf_ep.sender(),
                               [this](const message& m, const transport::socket_address& from) {
                                 return upf->handle(m, from);
                               });
    upf_node->set_seid_resolver([this](std::uint64_t s) { return upf->peer_seid(s); });
    node_config scfg;
    scfg.self = node_id{ipv4_address{127, 0, 0, 4}};
    scfg.recovery_time_stamp = 1;
    scfg.t1 = 100ms;
    smf_node = std::make_unique<node>(
        loop, loop, scfg, smf_ep.sender(),
        [this](const message& m, const transport::socket_address&) -> std::optional<message> {
          reports_at_smf.push_back(m);
          message rsp;
          rsp.hdr.seid = 0x6A;
          rsp.body = session_report_response{};
          return rsp;
        });
  }

  transport::socket_address upf_address() { return *upf_ep.socket().local_address(); }
  transport::socket_address smf_address() { return *smf_ep.socket().local_address(); }

  void pump() {
    for (int i = 0; i < 20; ++i) {
      if (upf_ep.poll(*upf_node) + smf_ep.poll(*smf_node) + loop.run_pending() == 0) {
        return;
      }
    }
  }

  // Sends `m` from the SMF to the UPF and returns the UPF's answer.
  message ask(message m) {
    std::optional<expected<message, request_error>> out;
    async::spawn(loop, smf_node->request(std::move(m), upf_address()),
                 [&out](expected<message, request_error> r) { out = std::move(r); });
    pump();
    EXPECT_TRUE(out.has_value());
    EXPECT_TRUE(out && *out);
    return out && *out ? **out : message{};
  }

  void associate() {
    association_setup_request r;
    r.node = node_id{ipv4_address{127, 0, 0, 4}};
    r.recovery_time_stamp = 1;
    message m;
    m.body = r;
    ask(m);
  }
};

// The session of an SMF: uplink PDR with CHOOSE F-TEID, downlink PDR with the UE address
// and a buffering FAR (no gNB tunnel yet), one QER, one URR with a volume threshold.
message establishment(std::uint32_t dl_far = 2) {
  session_establishment_request r;
  r.node = node_id{ipv4_address{127, 0, 0, 4}};
  r.cp_f_seid = f_seid{0x0F4E, ipv4_address{127, 0, 0, 4}, std::nullopt};
  create_pdr ul;
  ul.pdr_id = 1;
  ul.precedence = 200;
  ul.pdi_ie.source_interface = 0;
  f_teid ch;
  ch.choose = true;
  ch.choose_v4 = true;
  ch.choose_id = 1;
  ul.pdi_ie.local_f_teid = ch;
  ul.pdi_ie.qfis = {9};
  ul.outer_header_removal_ie = outer_header_removal{0, std::nullopt};
  ul.far_id = 1;
  ul.qer_ids = {1};
  ul.urr_ids = {1};
  create_pdr dl;
  dl.pdr_id = 2;
  dl.precedence = 200;
  dl.pdi_ie.source_interface = 1;
  ue_ip_address ue;
  ue.destination = true;
  ue.ipv4 = ipv4_address{10, 45, 0, 2};
  dl.pdi_ie.ue_ip = ue;
  dl.far_id = dl_far;
  dl.qer_ids = {1};
  dl.urr_ids = {1};
  r.create_pdrs = {ul, dl};
  create_far f1;
  f1.far_id = 1;
  f1.action.flags = apply_action::forw;
  forwarding_parameters core;
  core.destination_interface = 1;
  f1.forwarding = core;
  create_far f2;
  f2.far_id = 2;
  f2.action.flags = apply_action::buff | apply_action::nocp;
  r.create_fars = {f1, f2};
  create_qer q;
  q.qer_id = 1;
  q.gate_status = 0;
  q.mbr = bit_rate{1000, 2000};
  q.qfi = 9;
  r.create_qers = {q};
  create_urr u;
  u.urr_id = 1;
  u.measurement_method = 0x02;
  u.reporting_triggers.octets = {0x02, 0x00, 0x00};  // VOLTH
  u.volume_threshold = volume{3500, std::nullopt, std::nullopt, {}, {}, {}};
  r.create_urrs = {u};
  message m;
  m.hdr.seid = 0;
  m.body = r;
  return m;
}

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
