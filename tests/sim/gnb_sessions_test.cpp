// The gNB's PDU session resource procedures (TS 38.413 §8.2, and sessions inside Initial
// Context Setup §8.3.1), driven with NGAP built by the codec's builders.
#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/sim/gnb.h"

namespace glasscore::sim {
namespace {

struct capture final : gnb_notifier {
  void on_ngap_send(std::uint16_t /*stream*/, std::vector<std::uint8_t> pdu) override {
    auto d = ngap::decode<ngap::ngap_pdu>(pdu);
    ASSERT_TRUE(d.has_value());
    sent.push_back(d->value);
  }
  std::vector<ngap::ngap_pdu> sent;
};

struct fake_ue final : gnb_ue_link {
  void on_downlink_nas(byte_span pdu) override { downlink.emplace_back(pdu.begin(), pdu.end()); }
  void on_rrc_release() override { ++releases; }
  std::vector<std::vector<std::uint8_t>> downlink;
  int releases = 0;
};

struct tunnels final : gnb_session_handler {
  void on_session_setup(gnb_ue_link& ue, const gnb_pdu_session& s) override {
    up.emplace_back(&ue, s);
  }
  void on_session_released(gnb_ue_link& ue, const gnb_pdu_session& s) override {
    down.emplace_back(&ue, s);
  }
  std::vector<std::pair<gnb_ue_link*, gnb_pdu_session>> up;
  std::vector<std::pair<gnb_ue_link*, gnb_pdu_session>> down;
};

std::vector<std::uint8_t> bytes_of(const ngap::ngap_pdu& pdu) {
  return ngap::encode(pdu).value();
}

ngap::pdu_session_setup session(std::uint8_t id, std::uint32_t ul_teid) {
  ngap::pdu_session_setup s;
  s.id = glasscore::pdu_session_id{id};
  s.slice = ngap::make_s_nssai(1);
  s.nas = std::vector<std::uint8_t>{0x7e, 0x02, id};
  s.upf_ipv4 = {192, 168, 0, 9};
  s.ul_teid = glasscore::gtpu_teid{ul_teid};
  s.flows = {{glasscore::qos_flow_id{9}, 9}};
  return s;
}

class gnb_sessions_test : public testing::Test {
 protected:
  void SetUp() override {
    gnb_config c;
    c.n3_ipv4 = {10, 0, 0, 5};
    cell = std::make_unique<gnb>(c, out, loop);
    cell->set_session_handler(&handler);
    cell->start();
    ngap::amf_identity amf;
    amf.name = "amf";
    const auto plmn = ngap::make_plmn("001", "01").value();
    amf.guamis.push_back(ngap::make_guami(plmn, 1, 1, 1));
    amf.plmn = plmn;
    amf.slices.push_back(ngap::make_s_nssai(1));
    cell->handle_ngap(0, bytes_of(ngap::build_ng_setup_response(amf)));
    uplink_nas u;
    u.pdu = {0x7e, 0x00, 0x41};
    u.initial = true;
    ids.ran = cell->handle_uplink_nas(ue, u).value();
    ids.amf = glasscore::amf_ue_ngap_id{77};
    cell->handle_ngap(1, bytes_of(ngap::build_downlink_nas_transport(ids, u.pdu)));
    out.sent.clear();
    ue.downlink.clear();
  }

  template <class T>
  const T* last() {
    return out.sent.empty() ? nullptr : ngap::message_of<T>(out.sent.back());
  }

  async::manual_loop loop;
  capture out;
  tunnels handler;
  fake_ue ue;
  std::unique_ptr<gnb> cell;
  ngap::ue_ids ids;
};

TEST_F(gnb_sessions_test, setup_allocates_a_downlink_tunnel_on_n3_and_passes_the_nas) {
  auto req = ngap::build_pdu_session_resource_setup_request(ids, {session(1, 0x1234)});
  ASSERT_TRUE(req.has_value());
  cell->handle_ngap(1, bytes_of(*req));
  const auto* res = last<ngap::pdu_session_resource_setup_response>();
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(res->amf_ue_ngap_id, 77U);
  ASSERT_TRUE(res->pdu_session_resource_setup_list_su_res);
  ASSERT_EQ(res->pdu_session_resource_setup_list_su_res->size(), 1U);
  const auto& item = res->pdu_session_resource_setup_list_su_res->at(0);
  EXPECT_EQ(item.pdu_session_id, 1);
  EXPECT_FALSE(res->pdu_session_resource_failed_to_setup_list_su_res);
  auto t = ngap::decode<ngap::pdu_session_resource_setup_response_transfer>(
      item.pdu_session_resource_setup_response_transfer);
  ASSERT_TRUE(t.has_value());
  const auto& dl = t->value.dl_qos_flow_per_tnl_information;
  const auto& tunnel = std::get<ngap::gtp_tunnel>(dl.up_transport_layer_information.value);
  EXPECT_EQ(tunnel.transport_layer_address, ngap::make_ipv4_address({10, 0, 0, 5}));
  const auto dl_teid = load_be32(tunnel.gtp_teid.data());
  EXPECT_NE(dl_teid, 0U);
  ASSERT_EQ(dl.associated_qos_flow_list.size(), 1U);
  EXPECT_EQ(dl.associated_qos_flow_list[0].qos_flow_identifier, 9);
  // The user plane learns both ends of the tunnel.
  ASSERT_EQ(handler.up.size(), 1U);
  EXPECT_EQ(handler.up[0].first, &ue);
  const auto& s = handler.up[0].second;
  EXPECT_EQ(s.upf_ipv4, (std::array<std::uint8_t, 4>{192, 168, 0, 9}));
  EXPECT_EQ(s.ul_teid, 0x1234U);
  EXPECT_EQ(s.dl_teid, dl_teid);
  EXPECT_EQ(s.qfis, std::vector<std::uint8_t>{9});
  // §8.2.1.2: the session's NAS PDU reaches the UE.
  ASSERT_EQ(ue.downlink.size(), 1U);
  EXPECT_EQ(ue.downlink[0], (std::vector<std::uint8_t>{0x7e, 0x02, 1}));
  EXPECT_EQ(cell->find(ue)->sessions.size(), 1U);
  EXPECT_EQ(cell->counters().sessions_setup, 1U);
}

TEST_F(gnb_sessions_test, two_sessions_get_distinct_teids_and_a_duplicate_fails) {
  cell->handle_ngap(1, bytes_of(*ngap::build_pdu_session_resource_setup_request(
                           ids, {session(1, 1), session(2, 2)})));
  ASSERT_EQ(handler.up.size(), 2U);
  EXPECT_NE(handler.up[0].second.dl_teid, handler.up[1].second.dl_teid);
  cell->handle_ngap(
      1, bytes_of(*ngap::build_pdu_session_resource_setup_request(ids, {session(1, 3)})));
  const auto* res = last<ngap::pdu_session_resource_setup_response>();
  ASSERT_NE(res, nullptr);
  EXPECT_FALSE(res->pdu_session_resource_setup_list_su_res);
  ASSERT_TRUE(res->pdu_session_resource_failed_to_setup_list_su_res);
  const auto& failed = res->pdu_session_resource_failed_to_setup_list_su_res->at(0);
  EXPECT_EQ(failed.pdu_session_id, 1);
  auto u = ngap::decode<ngap::pdu_session_resource_setup_unsuccessful_transfer>(
      failed.pdu_session_resource_setup_unsuccessful_transfer);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->value.cause,
            ngap::make_cause(ngap::cause_radio_network::multiple_pdu_session_id_instances));
  EXPECT_EQ(handler.up.size(), 2U);
  EXPECT_EQ(cell->counters().sessions_failed, 1U);
}

TEST_F(gnb_sessions_test, undecodable_transfer_fails_only_its_session) {
  auto req = *ngap::build_pdu_session_resource_setup_request(ids, {session(1, 1), session(2, 2)});
  auto m = *ngap::message_of<ngap::pdu_session_resource_setup_request>(req);
  m.pdu_session_resource_setup_list_su_req[0].pdu_session_resource_setup_request_transfer = {0xff};
  cell->handle_ngap(1, bytes_of(ngap::make_pdu(std::move(m))));
  const auto* res = last<ngap::pdu_session_resource_setup_response>();
  ASSERT_NE(res, nullptr);
  ASSERT_TRUE(res->pdu_session_resource_setup_list_su_res);
  EXPECT_EQ(res->pdu_session_resource_setup_list_su_res->at(0).pdu_session_id, 2);
  ASSERT_TRUE(res->pdu_session_resource_failed_to_setup_list_su_res);
  EXPECT_EQ(res->pdu_session_resource_failed_to_setup_list_su_res->at(0).pdu_session_id, 1);
  // Only the session that was set up has its NAS passed on.
  ASSERT_EQ(ue.downlink.size(), 1U);
  EXPECT_EQ(ue.downlink[0].back(), 2);
}

TEST_F(gnb_sessions_test, every_truncation_of_a_transfer_fails_cleanly) {
  const auto transfer = ngap::encode_setup_request_transfer(session(1, 1)).value();
  auto req = *ngap::build_pdu_session_resource_setup_request(ids, {session(1, 1)});
  for (std::size_t n = 0; n < transfer.size(); ++n) {
    auto m = *ngap::message_of<ngap::pdu_session_resource_setup_request>(req);
    m.pdu_session_resource_setup_list_su_req[0].pdu_session_resource_setup_request_transfer =
        std::vector<std::uint8_t>(transfer.begin(), transfer.begin() + static_cast<long>(n));
    cell->handle_ngap(1, bytes_of(ngap::make_pdu(std::move(m))));
    const auto* res = last<ngap::pdu_session_resource_setup_response>();
    ASSERT_NE(res, nullptr) << n;
    EXPECT_TRUE(res->pdu_session_resource_failed_to_setup_list_su_res) << n;
  }
  EXPECT_TRUE(handler.up.empty());
  EXPECT_TRUE(ue.downlink.empty());
}

TEST_F(gnb_sessions_test, release_command_drops_the_tunnel_and_answers) {
  cell->handle_ngap(
      1, bytes_of(*ngap::build_pdu_session_resource_setup_request(ids, {session(1, 1)})));
  ue.downlink.clear();
  auto cmd = ngap::build_pdu_session_resource_release_command(
      ids, {glasscore::pdu_session_id{1}}, ngap::make_cause(ngap::cause_nas::normal_release),
      std::vector<std::uint8_t>{0x7e, 0x02, 0x99});
  ASSERT_TRUE(cmd.has_value());
  cell->handle_ngap(1, bytes_of(*cmd));
  const auto* res = last<ngap::pdu_session_resource_release_response>();
  ASSERT_NE(res, nullptr);
  ASSERT_EQ(res->pdu_session_resource_released_list_rel_res.size(), 1U);
  EXPECT_EQ(res->pdu_session_resource_released_list_rel_res[0].pdu_session_id, 1);
  ASSERT_EQ(handler.down.size(), 1U);
  EXPECT_EQ(handler.down[0].second.dl_teid, handler.up[0].second.dl_teid);
  EXPECT_TRUE(cell->find(ue)->sessions.empty());
  ASSERT_EQ(ue.downlink.size(), 1U);
  EXPECT_EQ(ue.downlink[0].back(), 0x99);
}

TEST_F(gnb_sessions_test, modify_request_is_answered_for_known_and_unknown_sessions) {
  cell->handle_ngap(
      1, bytes_of(*ngap::build_pdu_session_resource_setup_request(ids, {session(1, 1)})));
  ngap::pdu_session_resource_modify_request_transfer t;
  auto& flows = t.qos_flow_add_or_modify_request_list.emplace();
  flows.emplace_back().qos_flow_identifier = 5;
  const auto transfer = ngap::encode(t).value();
  cell->handle_ngap(1, bytes_of(ngap::build_pdu_session_resource_modify_request(
                           ids, {{glasscore::pdu_session_id{1}, transfer},
                                 {glasscore::pdu_session_id{4}, transfer}})));
  const auto* res = last<ngap::pdu_session_resource_modify_response>();
  ASSERT_NE(res, nullptr);
  ASSERT_TRUE(res->pdu_session_resource_modify_list_mod_res);
  EXPECT_EQ(res->pdu_session_resource_modify_list_mod_res->at(0).pdu_session_id, 1);
  auto answered = ngap::decode<ngap::pdu_session_resource_modify_response_transfer>(
      res->pdu_session_resource_modify_list_mod_res->at(0)
          .pdu_session_resource_modify_response_transfer);
  ASSERT_TRUE(answered.has_value());
  ASSERT_TRUE(answered->value.qos_flow_add_or_modify_response_list);
  EXPECT_EQ(answered->value.qos_flow_add_or_modify_response_list->at(0).qos_flow_identifier, 5);
  ASSERT_TRUE(res->pdu_session_resource_failed_to_modify_list_mod_res);
  EXPECT_EQ(res->pdu_session_resource_failed_to_modify_list_mod_res->at(0).pdu_session_id, 4);
  EXPECT_EQ(cell->find(ue)->sessions[0].qfis, (std::vector<std::uint8_t>{9, 5}));
}

TEST_F(gnb_sessions_test, session_ambr_from_setup_is_replaced_by_a_modify_request) {
  auto setup = session(1, 1);
  setup.session_ambr_ul_dl = std::pair<std::uint64_t, std::uint64_t>{50'000'000, 100'000'000};
  cell->handle_ngap(1, bytes_of(*ngap::build_pdu_session_resource_setup_request(ids, {setup})));
  ASSERT_EQ(cell->find(ue)->sessions.size(), 1U);
  EXPECT_EQ(cell->find(ue)->sessions[0].ambr_ul_dl,
            (std::optional<std::pair<std::uint64_t, std::uint64_t>>({50'000'000, 100'000'000})));
  // §8.2.3.2: a new PDU Session Aggregate Maximum Bit Rate, and the NAS-PDU for the UE.
  ngap::pdu_session_resource_modify_request_transfer t;
  auto& ambr = t.pdu_session_aggregate_maximum_bit_rate.emplace();
  ambr.pdu_session_aggregate_maximum_bit_rate_ul = 64'000;
  ambr.pdu_session_aggregate_maximum_bit_rate_dl = 128'000;
  ue.downlink.clear();
  ngap::pdu_session_resource_modify_request m;
  m.amf_ue_ngap_id = value_of(ids.amf);
  m.ran_ue_ngap_id = value_of(ids.ran);
  auto& item = m.pdu_session_resource_modify_list_mod_req.emplace_back();
  item.pdu_session_id = 1;
  item.nas_pdu = std::vector<std::uint8_t>{0x7e, 0x02, 9};
  item.pdu_session_resource_modify_request_transfer = ngap::encode(t).value();
  cell->handle_ngap(1, bytes_of(ngap::make_pdu(std::move(m))));
  const auto* res = last<ngap::pdu_session_resource_modify_response>();
  ASSERT_NE(res, nullptr);
  ASSERT_TRUE(res->pdu_session_resource_modify_list_mod_res);
  EXPECT_FALSE(res->pdu_session_resource_failed_to_modify_list_mod_res);
  EXPECT_EQ(cell->find(ue)->sessions[0].ambr_ul_dl,
            (std::optional<std::pair<std::uint64_t, std::uint64_t>>({64'000, 128'000})));
  ASSERT_EQ(ue.downlink.size(), 1U);
  EXPECT_EQ(ue.downlink[0], (std::vector<std::uint8_t>{0x7e, 0x02, 9}));
  EXPECT_EQ(cell->counters().sessions_modified, 1U);
}

TEST_F(gnb_sessions_test, initial_context_setup_sets_up_listed_sessions) {
  ngap::ue_context_setup setup;
  setup.serving_guami = ngap::make_guami(ngap::make_plmn("001", "01").value(), 1, 1, 1);
  setup.allowed_nssai.push_back(ngap::make_s_nssai(1));
  setup.nas = std::vector<std::uint8_t>{0x7e, 0x00, 0x42};
  auto built = ngap::build_initial_context_setup_request(ids, setup);
  auto m = *ngap::message_of<ngap::initial_context_setup_request>(built);
  auto& list = m.pdu_session_resource_setup_list_cxt_req.emplace();
  auto& item = list.emplace_back();
  item.pdu_session_id = 3;
  item.nas_pdu = std::vector<std::uint8_t>{0x7e, 0x02, 3};
  item.s_nssai = ngap::make_s_nssai(1);
  item.pdu_session_resource_setup_request_transfer =
      ngap::encode_setup_request_transfer(session(3, 0x55)).value();
  cell->handle_ngap(1, bytes_of(ngap::make_pdu(std::move(m))));
  const auto* res = last<ngap::initial_context_setup_response>();
  ASSERT_NE(res, nullptr);
  ASSERT_TRUE(res->pdu_session_resource_setup_list_cxt_res);
  EXPECT_EQ(res->pdu_session_resource_setup_list_cxt_res->at(0).pdu_session_id, 3);
  ASSERT_EQ(handler.up.size(), 1U);
  EXPECT_EQ(handler.up[0].second.ul_teid, 0x55U);
  // Registration Accept first, then the session's NAS.
  ASSERT_EQ(ue.downlink.size(), 2U);
  EXPECT_EQ(ue.downlink[0].back(), 0x42);
  EXPECT_EQ(ue.downlink[1].back(), 3);
}

TEST_F(gnb_sessions_test, context_release_drops_every_tunnel) {
  cell->handle_ngap(1, bytes_of(*ngap::build_pdu_session_resource_setup_request(
                           ids, {session(1, 1), session(2, 2)})));
  cell->handle_ngap(1, bytes_of(ngap::build_ue_context_release_command(
                           ids, ngap::make_cause(ngap::cause_nas::normal_release))));
  EXPECT_EQ(handler.down.size(), 2U);
  EXPECT_EQ(cell->counters().sessions_released, 2U);
}

TEST_F(gnb_sessions_test, session_setup_for_an_unknown_ue_gets_error_indication) {
  const ngap::ue_ids wrong{glasscore::amf_ue_ngap_id{77}, glasscore::ran_ue_ngap_id{999}};
  cell->handle_ngap(
      1, bytes_of(*ngap::build_pdu_session_resource_setup_request(wrong, {session(1, 1)})));
  ASSERT_NE(last<ngap::error_indication>(), nullptr);
  EXPECT_TRUE(handler.up.empty());
  EXPECT_EQ(cell->counters().unknown_ue, 1U);
}

}  // namespace
}  // namespace glasscore::sim
