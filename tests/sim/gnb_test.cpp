// The gNB's NGAP side on its own: NG Setup and its failure, ID allocation across the
// 32-bit space, streams, routing, Error Indication for bad input, NG Reset.
#include <gtest/gtest.h>

#include <set>

#include "glasscore/async/manual_loop.h"
#include "glasscore/sim/gnb.h"

namespace glasscore::sim {
namespace {

struct capture final : gnb_notifier {
  void on_ngap_send(std::uint16_t stream, std::vector<std::uint8_t> pdu) override {
    auto d = ngap::decode<ngap::ngap_pdu>(pdu);
    ASSERT_TRUE(d.has_value());
    sent.emplace_back(stream, d->value);
  }
  void on_gnb_state(gnb_state s) override { states.push_back(s); }
  std::vector<std::pair<std::uint16_t, ngap::ngap_pdu>> sent;
  std::vector<gnb_state> states;
};

struct fake_ue final : gnb_ue_link {
  void on_downlink_nas(byte_span pdu) override { downlink.emplace_back(pdu.begin(), pdu.end()); }
  void on_rrc_release() override { ++releases; }
  std::vector<std::vector<std::uint8_t>> downlink;
  int releases = 0;
};

std::vector<std::uint8_t> bytes_of(const ngap::ngap_pdu& pdu) {
  return ngap::encode(pdu).value();
}

ngap::ngap_pdu setup_response() {
  ngap::amf_identity amf;
  amf.name = "amf-under-test";
  const auto plmn = ngap::make_plmn("001", "01").value();
  amf.guamis.push_back(ngap::make_guami(plmn, 1, 1, 1));
  amf.plmn = plmn;
  amf.slices.push_back(ngap::make_s_nssai(1));
  return ngap::build_ng_setup_response(amf);
}

class gnb_test : public testing::Test {
 protected:
  gnb& make(gnb_config c = {}) {
    cell = std::make_unique<gnb>(std::move(c), out, loop);
    return *cell;
  }
  void make_ready(gnb_config c = {}) {
    make(std::move(c)).start();
    cell->handle_ngap(0, bytes_of(setup_response()));
    ASSERT_EQ(cell->state(), gnb_state::ready);
  }
  uplink_nas initial(std::vector<std::uint8_t> pdu = {0x7e, 0x00, 0x41}) {
    uplink_nas u;
    u.pdu = std::move(pdu);
    u.initial = true;
    return u;
  }

  async::manual_loop loop;
  capture out;
  std::unique_ptr<gnb> cell;
};

TEST_F(gnb_test, ng_setup_request_carries_the_configuration) {
  gnb_config c;
  c.gnb_id = 0x1234;
  c.gnb_id_bits = 24;
  c.name = "cell-a";
  c.tac = 0x000102;
  c.slices = {gnb_slice{1, std::nullopt}, gnb_slice{2, 0x010203}};
  make(c).start();
  ASSERT_EQ(out.sent.size(), 1U);
  EXPECT_EQ(out.sent[0].first, 0);  // non-UE-associated: stream 0
  const auto* req = ngap::message_of<ngap::ng_setup_request>(out.sent[0].second);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->ran_node_name, std::optional<std::string>("cell-a"));
  ASSERT_EQ(req->supported_ta_list.size(), 1U);
  EXPECT_EQ(ngap::tac_value(req->supported_ta_list[0].tac), 0x000102U);
  const auto& plmn = req->supported_ta_list[0].broadcast_plmn_list.at(0);
  EXPECT_EQ(ngap::plmn_to_string(plmn.plmn_identity), "001-01");
  EXPECT_EQ(plmn.tai_slice_support_list.size(), 2U);
  EXPECT_EQ(cell->state(), gnb_state::setup_pending);
  cell->handle_ngap(0, bytes_of(setup_response()));
  EXPECT_EQ(cell->state(), gnb_state::ready);
  EXPECT_EQ(cell->amf_name(), "amf-under-test");
}

TEST_F(gnb_test, ng_setup_failure_with_time_to_wait_retries_after_the_wait) {
  make().start();
  cell->handle_ngap(
      0, bytes_of(ngap::build_ng_setup_failure(ngap::make_cause(ngap::cause_misc::unspecified),
                                               ngap::time_to_wait::v5_s)));
  EXPECT_EQ(cell->state(), gnb_state::waiting_retry);
  loop.advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(out.sent.size(), 1U);
  loop.advance(std::chrono::milliseconds(1));
  EXPECT_EQ(out.sent.size(), 2U);
  EXPECT_NE(ngap::message_of<ngap::ng_setup_request>(out.sent[1].second), nullptr);
  EXPECT_EQ(cell->counters().ng_setup_failures, 1U);

  cell->handle_ngap(
      0, bytes_of(ngap::build_ng_setup_failure(ngap::make_cause(ngap::cause_misc::unspecified))));
  EXPECT_EQ(cell->state(), gnb_state::failed);
  EXPECT_EQ(loop.pending_timers(), 0U);
}

TEST_F(gnb_test, uplink_before_ng_setup_is_refused) {
  make().start();
  fake_ue ue;
  EXPECT_EQ(cell->handle_uplink_nas(ue, initial()).error(), gnb_error::not_ready);
}

TEST_F(gnb_test, ran_ue_ngap_ids_use_the_whole_32_bit_space_and_skip_ids_in_use) {
  gnb_config c;
  c.first_ran_ue_id = 0xfffffffe;
  c.streams = 4;
  make_ready(c);
  std::vector<std::unique_ptr<fake_ue>> ues;
  std::set<std::uint32_t> ids;
  for (int i = 0; i < 600; ++i) {
    ues.push_back(std::make_unique<fake_ue>());
    auto id = cell->handle_uplink_nas(*ues.back(), initial());
    ASSERT_TRUE(id.has_value());
    ids.insert(value_of(*id));
  }
  EXPECT_EQ(ids.size(), 600U) << "no 256-UE ceiling, no duplicates";
  EXPECT_TRUE(ids.contains(0xffffffffU));
  EXPECT_TRUE(ids.contains(0U));
  EXPECT_EQ(cell->ue_count(), 600U);
  // UE-associated signalling never on stream 0 when others exist (TS 38.412 §7).
  std::set<std::uint16_t> streams;
  for (std::size_t i = 1; i < out.sent.size(); ++i) {
    streams.insert(out.sent[i].first);
  }
  EXPECT_EQ(streams, (std::set<std::uint16_t>{1, 2, 3}));
  const auto* first = ngap::message_of<ngap::initial_ue_message>(out.sent[1].second);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->ran_ue_ngap_id, 0xfffffffeU);
  EXPECT_EQ(first->rrc_establishment_cause, ngap::rrc_establishment_cause::mo_signalling);
  EXPECT_FALSE(first->five_g_s_tmsi.has_value());
}

TEST_F(gnb_test, initial_ue_message_carries_the_5g_s_tmsi) {
  make_ready();
  fake_ue ue;
  auto u = initial();
  u.s_tmsi = nas::s_tmsi_5g{0x3ff, 0x2a, 0xdeadbeef};
  ASSERT_TRUE(cell->handle_uplink_nas(ue, u).has_value());
  const auto* m = ngap::message_of<ngap::initial_ue_message>(out.sent.back().second);
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->five_g_s_tmsi.has_value());
  EXPECT_EQ(m->five_g_s_tmsi->amf_set_id.bytes, (std::array<std::uint8_t, 2>{0xff, 0xc0}));
  EXPECT_EQ(m->five_g_s_tmsi->amf_pointer.bytes, (std::array<std::uint8_t, 1>{0xa8}));
  EXPECT_EQ(m->five_g_s_tmsi->five_g_tmsi, (std::array<std::uint8_t, 4>{0xde, 0xad, 0xbe, 0xef}));
}

TEST_F(gnb_test, downlink_routes_by_ran_id_and_uplink_needs_the_amf_id) {
  make_ready();
  fake_ue a;
  fake_ue b;
  const auto id_a = cell->handle_uplink_nas(a, initial()).value();
  const auto id_b = cell->handle_uplink_nas(b, initial()).value();
  uplink_nas next;
  next.pdu = {0x7e, 0x00, 0x57};
  EXPECT_EQ(cell->handle_uplink_nas(a, next).error(), gnb_error::no_amf_ue_id);
  cell->handle_ngap(
      1, bytes_of(ngap::build_downlink_nas_transport({glasscore::amf_ue_ngap_id{77}, id_b},
                                                     std::vector<std::uint8_t>{1, 2})));
  EXPECT_TRUE(a.downlink.empty());
  ASSERT_EQ(b.downlink.size(), 1U);
  EXPECT_EQ(b.downlink[0], (std::vector<std::uint8_t>{1, 2}));
  ASSERT_TRUE(cell->handle_uplink_nas(b, next).has_value());
  const auto* ul = ngap::message_of<ngap::uplink_nas_transport>(out.sent.back().second);
  ASSERT_NE(ul, nullptr);
  EXPECT_EQ(ul->amf_ue_ngap_id, 77U);
  EXPECT_EQ(ul->ran_ue_ngap_id, value_of(id_b));
  // A different AMF UE NGAP ID for the same UE is inconsistent (§10.6).
  cell->handle_ngap(1, bytes_of(ngap::build_downlink_nas_transport(
                           {glasscore::amf_ue_ngap_id{78}, id_b}, std::vector<std::uint8_t>{3})));
  EXPECT_EQ(b.downlink.size(), 1U);
  EXPECT_NE(ngap::message_of<ngap::error_indication>(out.sent.back().second), nullptr);
  (void)id_a;
}

TEST_F(gnb_test, unknown_ue_and_garbage_get_error_indication) {
  make_ready();
  cell->handle_ngap(1, bytes_of(ngap::build_downlink_nas_transport(
                           {glasscore::amf_ue_ngap_id{1}, glasscore::ran_ue_ngap_id{999}},
                           std::vector<std::uint8_t>{1})));
  EXPECT_EQ(cell->counters().unknown_ue, 1U);
  const auto* e = ngap::message_of<ngap::error_indication>(out.sent.back().second);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->ran_ue_ngap_id, std::optional<std::uint32_t>(999));
  const std::vector<std::uint8_t> garbage{0x00, 0x0f, 0x40, 0xff, 0xff};
  cell->handle_ngap(1, garbage);
  cell->handle_ngap(1, std::vector<std::uint8_t>{});
  EXPECT_EQ(cell->counters().decode_errors, 2U);
  EXPECT_EQ(cell->counters().error_indications_sent, 3U);
  cell->handle_ngap(0, bytes_of(ngap::build_error_indication(
                           std::nullopt, ngap::make_cause(ngap::cause_protocol::unspecified))));
  EXPECT_EQ(cell->counters().error_indications_received, 1U);
}

TEST_F(gnb_test, initial_context_setup_stores_the_key_and_delivers_nas) {
  make_ready();
  fake_ue ue;
  const auto ran = cell->handle_uplink_nas(ue, initial()).value();
  ngap::ue_context_setup setup;
  setup.serving_guami = ngap::make_guami(ngap::make_plmn("001", "01").value(), 1, 1, 1);
  setup.allowed_nssai.push_back(ngap::make_s_nssai(1));
  setup.kgnb.fill(0x5a);
  setup.nas = std::vector<std::uint8_t>{0x7e, 0x02};
  cell->handle_ngap(1, bytes_of(ngap::build_initial_context_setup_request(
                           {glasscore::amf_ue_ngap_id{5}, ran}, setup)));
  const auto* ctx = cell->find(ran);
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->kgnb, setup.kgnb);
  EXPECT_TRUE(ctx->context_setup);
  ASSERT_EQ(ue.downlink.size(), 1U);
  const auto* rsp = ngap::message_of<ngap::initial_context_setup_response>(out.sent.back().second);
  ASSERT_NE(rsp, nullptr);
  EXPECT_EQ(rsp->amf_ue_ngap_id, 5U);

  // UE Context Release Command by AMF UE NGAP ID only.
  ngap::ue_context_release_command cmd;
  cmd.ue_ngap_ids.value = ngap::amf_ue_ngap_id{5};
  cmd.cause = ngap::make_cause(ngap::cause_nas::normal_release);
  cell->handle_ngap(1, bytes_of(ngap::make_pdu(cmd)));
  EXPECT_EQ(ue.releases, 1);
  EXPECT_EQ(cell->find(ran), nullptr);
  const auto* done = ngap::message_of<ngap::ue_context_release_complete>(out.sent.back().second);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->ran_ue_ngap_id, value_of(ran));
}

TEST_F(gnb_test, ng_reset_releases_all_or_the_listed_connections) {
  make_ready();
  fake_ue a;
  fake_ue b;
  fake_ue c;
  (void)cell->handle_uplink_nas(a, initial()).value();
  const auto rb = cell->handle_uplink_nas(b, initial()).value();
  (void)cell->handle_uplink_nas(c, initial()).value();
  cell->handle_ngap(
      0, bytes_of(ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::om_intervention),
                                       {ngap::ue_ids{glasscore::amf_ue_ngap_id{0}, rb}})));
  EXPECT_EQ(b.releases, 1);
  EXPECT_EQ(a.releases, 0);
  EXPECT_EQ(cell->ue_count(), 2U);
  const auto* ack = ngap::message_of<ngap::ng_reset_acknowledge>(out.sent.back().second);
  ASSERT_NE(ack, nullptr);
  ASSERT_TRUE(ack->ue_associated_logical_ng_connection_list.has_value());
  EXPECT_EQ(ack->ue_associated_logical_ng_connection_list->size(), 1U);

  cell->handle_ngap(
      0, bytes_of(ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::om_intervention))));
  EXPECT_EQ(a.releases, 1);
  EXPECT_EQ(c.releases, 1);
  EXPECT_EQ(cell->ue_count(), 0U);
  EXPECT_NE(ngap::message_of<ngap::ng_reset_acknowledge>(out.sent.back().second), nullptr);
  EXPECT_EQ(cell->counters().ng_resets, 2U);
}

}  // namespace
}  // namespace glasscore::sim
