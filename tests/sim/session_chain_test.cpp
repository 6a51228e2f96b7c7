// The whole simulator chain for one PDU session, as the scenario will drive it: the UE
// asks, the network answers with PDU Session Resource Setup Request carrying the 5GSM
// accept, the gNB sets up the tunnel and tells the user plane, the UE's session event gives
// the address, and the first ping leaves on the UPF's tunnel with the QFI.
#include <gtest/gtest.h>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/sim/ip_packets.h"
#include "glasscore/sim/user_plane.h"
#include "session_harness.h"

namespace glasscore::sim::test {
namespace {

const std::string supi = "imsi-001010000000201";

struct capture final : user_plane_notifier {
  void on_send(byte_span d, const n3_peer& to) override {
    sent.emplace_back(std::vector<std::uint8_t>(d.begin(), d.end()), to);
  }
  std::vector<std::pair<std::vector<std::uint8_t>, n3_peer>> sent;
};

class session_chain_test : public session_fixture {};

TEST_F(session_chain_test, accept_in_resource_setup_brings_up_tunnel_address_and_traffic) {
  auto& ue = registered_ue(supi);
  capture out;
  user_plane up(user_plane_config{}, out, loop);
  cell_->set_session_handler(&up);
  struct unhook {
    gnb* cell;
    ~unhook() { cell->set_session_handler(nullptr); }
  } guard{cell_};

  ASSERT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}}));
  loop.run_pending();
  const auto request = uplink(supi);
  ASSERT_EQ(request.size(), 1U);
  const auto pti = request[0].gsm->pti;

  // The SMF's answer: the accept inside a DL NAS TRANSPORT, inside the NGAP request.
  nas::pdu_session_establishment_accept accept;
  accept.selected_pdu_session_type.value = nas::pdu_session_type_value::ipv4;
  nas::qos_rule rule;
  rule.id = 1;
  rule.default_rule = true;
  rule.filters.push_back({nas::packet_filter_direction::bidirectional, 1, {nas::pf_match_all{}}});
  rule.precedence = 255;
  rule.qfi = 1;
  accept.authorized_qos_rules.rules.push_back(rule);
  accept.session_ambr = {nas::bit_rate{6, 100}, nas::bit_rate{6, 100}};
  nas::pdu_address address;
  address.ipv4 = std::array<std::uint8_t, 4>{10, 45, 0, 7};
  accept.pdu_address = address;
  byte_writer gsm;
  ASSERT_TRUE(nas::encode_gsm(nas::gsm_pdu{1, pti, accept}, gsm));
  nas::dl_nas_transport dl;
  dl.payload_type.value = nas::payload_type::n1_sm;
  dl.payload_container.value = gsm.release();
  dl.pdu_session_id = nas::octet_value{1};
  byte_writer w;
  ASSERT_TRUE(nas::encode_gmm(dl, w));
  auto sealed = net.ue(supi).nas_ctx->protect(w.view(), crypto::direction::downlink, true);
  ASSERT_TRUE(sealed);

  const auto* ctx = cell_->find(ue);
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(ctx->amf_id);
  ngap::pdu_session_setup s;
  s.id = glasscore::pdu_session_id{1};
  s.slice = ngap::make_s_nssai(1);
  s.nas = std::move(*sealed);
  s.upf_ipv4 = {10, 100, 200, 1};
  s.ul_teid = glasscore::gtpu_teid{0xabc};
  s.flows = {{glasscore::qos_flow_id{1}, 9}};
  net.send_ngap(
      *cell_,
      ngap::build_pdu_session_resource_setup_request({*ctx->amf_id, ctx->ran_id}, {s}).value());
  loop.run_pending();

  ASSERT_EQ(ue.session_events.size(), 1U);
  const auto& e = ue.session_events[0];
  ASSERT_EQ(e.type, session_event_type::established);
  ASSERT_EQ(up.tunnel_count(), 1U);
  // What the scenario does on `established`:
  up.set_ue_address(ue, e.pdu_session_id, e.ipv4, e.ipv6_interface_id);
  ping_config p;
  p.target_ipv4 = {10, 45, 0, 1};
  p.count = 1;
  ASSERT_TRUE(up.start_ping(ue, 1, p));
  ASSERT_EQ(out.sent.size(), 1U);
  EXPECT_EQ(out.sent[0].second, (n3_peer{{10, 100, 200, 1}, 2152}));
  auto g = gtpu::decode(out.sent[0].first);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->hdr.teid, 0xabcU);
  ASSERT_TRUE(g->hdr.pdu_session);
  EXPECT_EQ(g->hdr.pdu_session->qfi, 1);
  auto info = ip::parse(g->payload);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->source4, (ip::ipv4_address{10, 45, 0, 7}));

  // The network releases the session's resources: the tunnel goes, the UE completes.
  nas::pdu_session_release_command cmd;
  cmd.cause.value = nas::gsm_cause::regular_deactivation;
  byte_writer rel_gsm;
  ASSERT_TRUE(nas::encode_gsm(nas::gsm_pdu{1, 0, cmd}, rel_gsm));
  dl.payload_container.value = rel_gsm.release();
  byte_writer rel;
  ASSERT_TRUE(nas::encode_gmm(dl, rel));
  auto rel_sealed = net.ue(supi).nas_ctx->protect(rel.view(), crypto::direction::downlink, true);
  net.send_ngap(*cell_, ngap::build_pdu_session_resource_release_command(
                            {*ctx->amf_id, ctx->ran_id}, {glasscore::pdu_session_id{1}},
                            ngap::make_cause(ngap::cause_nas::normal_release), *rel_sealed)
                            .value());
  loop.run_pending();
  EXPECT_EQ(up.tunnel_count(), 0U);
  EXPECT_EQ(ue.session_events.back().type, session_event_type::released);
  const auto done = uplink(supi);
  ASSERT_EQ(done.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_complete>(done[0].gsm->body));
}

}  // namespace
}  // namespace glasscore::sim::test
