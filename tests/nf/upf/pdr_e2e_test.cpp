// A dedicated QoS flow set up through the UPF's N4 handler on the real data path (private
// network namespace, TUN device, loopback sockets; needs root): the PFCP rules an SMF sends
// for a default flow (QFI 1) and a dedicated one (QFI 2, "permit out 17 from 10.62.0.1
// 5000-5010 to assigned", TS 29.244 §5.2.1A.2A), then removed by a modification, and what
// packets do in between.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/datapath.h"
#include "n4_handler.h"
#include "nf/upf/n4/n9_sessions.h"
#include "support/eventually.h"
#include "upf_test_support.h"

namespace glasscore::upf {
namespace {

using bytes = std::vector<std::uint8_t>;
using namespace n4::test;

constexpr std::uint32_t gnb_teid = 0x77;
const pfcp::ipv4_address ue{10, 62, 1, 1};

pfcp::create_qer qer(std::uint32_t id, std::uint8_t qfi) {
  pfcp::create_qer q = flow_qer(qfi);
  q.qer_id = id;
  return q;
}

pfcp::sdf_filter flow(const char* text) {
  pfcp::sdf_filter f;
  f.flow_description = text;
  return f;
}

// The SMF's session: PDR 1/2 the default flow (Precedence 255, QER 1 with QFI 1), PDR 11/12
// the dedicated flow (Precedence 10, uplink QFI 2, QERs {2, 1}: its QFI 2 and the
// session's), FAR 1 to N6, FAR 2 to the gNB. Uplink PDRs share CHOOSE ID 1.
pfcp::message establishment() {
  pfcp::session_establishment_request r;
  pfcp::create_pdr ul;
  ul.pdr_id = 1;
  ul.precedence = 255;
  ul.pdi_ie.source_interface = 0;
  ul.pdi_ie.local_f_teid = choose(1);
  ul.pdi_ie.qfis = {1};
  ul.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  ul.far_id = 1;
  ul.qer_ids = {1};
  pfcp::create_pdr dl;
  dl.pdr_id = 2;
  dl.precedence = 255;
  dl.pdi_ie.source_interface = 1;
  pfcp::ue_ip_address address;
  address.destination = true;
  address.ipv4 = ue;
  dl.pdi_ie.ue_ip = address;
  dl.far_id = 2;
  dl.qer_ids = {1};
  pfcp::create_pdr ul_flow = ul;
  ul_flow.pdr_id = 11;
  ul_flow.precedence = 10;
  ul_flow.pdi_ie.qfis = {2};
  ul_flow.pdi_ie.sdf_filters = {flow("permit out 17 from 10.62.0.1 5000-5010 to assigned")};
  ul_flow.qer_ids = {2, 1};
  pfcp::create_pdr dl_flow = dl;
  dl_flow.pdr_id = 12;
  dl_flow.precedence = 10;
  dl_flow.pdi_ie.sdf_filters = ul_flow.pdi_ie.sdf_filters;
  dl_flow.qer_ids = {2, 1};
  r.create_pdrs = {ul, dl, ul_flow, dl_flow};
  pfcp::create_far to_n6;
  to_n6.far_id = 1;
  to_n6.action.flags = pfcp::apply_action::forw;
  pfcp::forwarding_parameters core;
  core.destination_interface = 1;
  to_n6.forwarding = core;
  r.create_fars = {to_n6, gtpu_far(2, 0, {127, 0, 0, 2}, gnb_teid)};
  r.create_qers = {qer(1, 1), qer(2, 2)};
  return establishment_message(std::move(r), 0x5E);
}

using glasscore::test::eventually;
using test::g_pdu;

TEST(upf_pdr_e2e, a_dedicated_flow_from_n4_is_classified_and_removed_without_stopping) {
  if (!test::enter_private_netns())
    GTEST_SKIP() << "needs root to create a network namespace and a TUN device";
  datapath_config c;
  c.n3_address = config::ip_address::v4(127, 0, 0, 1);
  c.n3_port = 0;
  c.tun_name = "upfpdr0";
  c.tun_ipv4 = config::ip_prefix{config::ip_address::v4(10, 62, 0, 1), 16};
  auto started = datapath::start(c);
  if (!started && started.error() == datapath_error::tun_failed)
    GTEST_SKIP() << "cannot create a TUN device";
  ASSERT_TRUE(started);
  datapath& dp = **started;
  n4::datapath_sink sink(dp);
  n4::n4_config nc;
  nc.self = pfcp::node_id{pfcp::ipv4_address{127, 0, 0, 1}};
  nc.n3_ipv4 = pfcp::ipv4_address{127, 0, 0, 1};
  n4::n4_handler upf(nc, sink);
  const auto smf = *transport::socket_address::parse("127.0.0.4", 8805);
  pfcp::association_setup_request association;
  association.node = pfcp::node_id{pfcp::ipv4_address{127, 0, 0, 4}};
  pfcp::message setup;
  setup.body = association;
  ASSERT_TRUE(upf.handle(setup, smf));
  auto rsp = upf.handle(establishment(), smf);
  ASSERT_TRUE(rsp);
  const auto& est = std::get<pfcp::session_establishment_response>(rsp->body);
  ASSERT_EQ(est.cause, pfcp::cause_value::request_accepted);
  ASSERT_EQ(est.created_pdrs.size(), 2u);
  const std::uint32_t teid = est.created_pdrs[0].local_f_teid->teid;
  EXPECT_EQ(est.created_pdrs[1].local_f_teid->teid, teid);

  auto open = [](const char* ip, std::uint16_t port) {
    auto s = transport::udp_socket::open(*transport::socket_address::parse(ip, port));
    EXPECT_TRUE(s);
    return std::move(*s);
  };
  transport::udp_socket gnb = open("127.0.0.2", 2152);
  transport::udp_socket app = open("10.62.0.1", 5000);
  transport::udp_socket other = open("10.62.0.1", 7000);
  const auto to_ue = *transport::socket_address::parse("10.62.1.1", 9000);
  auto downlink_qfi = [&](transport::udp_socket& from) -> int {
    EXPECT_TRUE(from.send_to(bytes{1}, to_ue));
    auto d = test::receive(gnb);
    if (!d)
      return -1;
    auto v = gtpu::decode(*d);
    if (!v || !v->hdr.pdu_session || v->hdr.teid != gnb_teid)
      return -1;
    return v->hdr.pdu_session->qfi;
  };

  // Uplink on the one F-TEID: the flow's 5-tuple with QFI 2 reaches the data network; the
  // same with QFI 3 matches neither PDR (the default one wants QFI 1).
  const bytes inner = test::ipv4_udp({10, 62, 1, 1}, {10, 62, 0, 1}, 4000, 5000, {'f'});
  ASSERT_TRUE(gnb.send_to(g_pdu(teid, inner, 2), dp.n3_local_address()));
  ASSERT_TRUE(test::receive(app).has_value());
  ASSERT_TRUE(gnb.send_to(g_pdu(teid, inner, 3), dp.n3_local_address()));
  ASSERT_TRUE(eventually([&] { return dp.totals().unmatched_dropped == 1; }));
  // Downlink: from the flow's remote port QFI 2 (QER 2), from elsewhere QFI 1 (QER 1).
  EXPECT_EQ(downlink_qfi(app), 2);
  EXPECT_EQ(downlink_qfi(other), 1);

  // The SMF removes the flow (TS 23.502 §4.3.3 PDU session modification): its packets fall
  // back to the default PDRs.
  pfcp::session_modification_request mod;
  mod.remove_pdrs = {pfcp::remove_pdr{11, {}}, pfcp::remove_pdr{12, {}}};
  mod.remove_qers = {pfcp::remove_qer{2, {}}};
  pfcp::message m;
  m.hdr.type = static_cast<std::uint8_t>(pfcp::session_modification_request::type);
  m.hdr.seid = est.up_f_seid->seid;
  m.body = mod;
  rsp = upf.handle(m, smf);
  ASSERT_TRUE(rsp);
  ASSERT_EQ(std::get<pfcp::session_modification_response>(rsp->body).cause,
            pfcp::cause_value::request_accepted);
  EXPECT_EQ(downlink_qfi(app), 1);
  ASSERT_TRUE(gnb.send_to(g_pdu(teid, inner, 2), dp.n3_local_address()));
  ASSERT_TRUE(eventually([&] { return dp.totals().unmatched_dropped == 2; }));
  ASSERT_TRUE(gnb.send_to(g_pdu(teid, inner, 1), dp.n3_local_address()));
  EXPECT_TRUE(test::receive(app).has_value());
}

}  // namespace
}  // namespace glasscore::upf
