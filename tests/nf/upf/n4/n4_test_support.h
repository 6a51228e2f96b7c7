#pragma once
// The N4 tests' harness: an SMF-side pfcp::node and the UPF's n4_handler over loopback UDP
// with a manual clock, a recording fake of rules_sink (the real data path needs a TUN
// device), and the establishment requests the tests start from.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>

#include "glasscore/async/manual_loop.h"
#include "glasscore/pfcp/node.h"
#include "n4_handler.h"

namespace glasscore::upf::n4::test {

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
  std::vector<pfcp_seid> arrivals;  // what take_downlink_data_arrivals hands out next
  std::vector<pfcp_seid> take_downlink_data_arrivals() override {
    return std::exchange(arrivals, {});
  }
};

inline const ipv4_address n3{192, 168, 0, 10};

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
    cfg.clock = &loop;  // URR time measurements on the manual clock
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
inline message establishment(std::uint32_t dl_far = 2) {
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

// An IPv6 session with the CP-function pair for Router Solicitation/Advertisement
// (TS 23.501 §5.8.2.2.3): PDR 1 and PDR 3 share CHOOSE ID 1, PDR 3 diverts Router
// Solicitations to the SMF's N4-u tunnel (FAR 3), PDR 4 takes the SMF's Router
// Advertisements on its own F-TEID to the downlink FAR 2. `filter` is PDR 3's Flow
// Description.
inline message ipv6_establishment(
    const std::string& filter = "permit out 58 from ff02::2 to assigned") {
  message m = establishment();
  auto& r = std::get<session_establishment_request>(m.body);
  ue_ip_address ue;
  ue.ipv6 = ipv6_address{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 9};
  ue.ipv6_prefix_length = 64;
  create_pdr& ul = r.create_pdrs[0];
  ul.precedence = 255;
  ul.pdi_ie.network_instance = "internet";
  ul.pdi_ie.ue_ip = ue;
  ue.destination = true;
  r.create_pdrs[1].pdi_ie.ue_ip = ue;
  create_pdr rs;
  rs.pdr_id = 3;
  rs.precedence = 100;
  rs.pdi_ie.source_interface = 0;
  rs.pdi_ie.local_f_teid = ul.pdi_ie.local_f_teid;  // CHOOSE with CHOOSE ID 1
  rs.pdi_ie.network_instance = "internet";
  ue.destination = false;
  rs.pdi_ie.ue_ip = ue;
  sdf_filter f;
  f.flow_description = filter;
  rs.pdi_ie.sdf_filters = {f};
  rs.outer_header_removal_ie = outer_header_removal{0, std::nullopt};
  rs.far_id = 3;
  create_pdr ra;
  ra.pdr_id = 4;
  ra.precedence = 100;
  ra.pdi_ie.source_interface = 3;  // CP-function (§8.2.2)
  f_teid ch;
  ch.choose = true;
  ch.choose_v4 = true;
  ra.pdi_ie.local_f_teid = ch;
  ra.outer_header_removal_ie = outer_header_removal{0, std::nullopt};
  ra.far_id = 2;
  r.create_pdrs.push_back(rs);
  r.create_pdrs.push_back(ra);
  create_far f3;
  f3.far_id = 3;
  f3.action.flags = apply_action::forw;
  forwarding_parameters cp;
  cp.destination_interface = 3;  // CP-function (§8.2.24)
  outer_header_creation ohc;
  ohc.description = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = 0x5F0;
  ohc.ipv4 = ipv4_address{127, 0, 0, 4};
  cp.outer_header_creation_ie = ohc;
  f3.forwarding = cp;
  r.create_fars.push_back(f3);
  return m;
}

}  // namespace glasscore::upf::n4::test
