// SMF PDU session procedures (TS 23.502 §4.3.2.2.1, §4.3.4.2, §4.2.6) over fake peers on a
// manual loop: what the UE, the gNB and the UPF are sent, and what is allocated and freed.
#include <gtest/gtest.h>

#include <algorithm>

#include "fake_peers.h"
#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/log.h"
#include "smf/procedures/pdu_session.h"
#include "smf/procedures/pdu_session_modification.h"

namespace glasscore::smf {
namespace {

using nas::gsm_cause;
using type = nas::pdu_session_type_value;

constexpr std::uint8_t psi = 5;
constexpr std::uint8_t pti = 7;

config::dnn_config internet(std::uint8_t v4_length = 16) {
  config::dnn_config d;
  d.name = "internet";
  d.ipv4_pool = config::ip_prefix{config::ip_address::v4(10, 45, 0, 0), v4_length};
  config::ip_address v6;
  v6.family = config::ip_family::v6;
  v6.bytes = {0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe};
  d.ipv6_pool = config::ip_prefix{v6, 48};
  d.dns = {config::ip_address::v4(1, 1, 1, 1), config::ip_address::v4(9, 9, 9, 9)};
  d.mtu = 1400;
  return d;
}

std::vector<std::uint8_t> establishment_request(std::optional<type> t = type::ipv4,
                                                std::optional<nas::ssc_mode_value> ssc = {},
                                                std::uint8_t session = psi) {
  nas::pdu_session_establishment_request r;
  r.integrity_max_data_rate = {nas::integrity_max_rate::full, nas::integrity_max_rate::full};
  if (t) {
    r.pdu_session_type = nas::pdu_session_type{*t};
  }
  if (ssc) {
    r.ssc_mode = nas::ssc_mode{*ssc};
  }
  nas::extended_pco pco;
  pco.containers = {{nas::pco_id::dns_server_ipv4, {}}, {nas::pco_id::ipv4_link_mtu, {}}};
  r.extended_pco = pco;
  byte_writer w;
  EXPECT_TRUE(nas::encode_gsm(nas::gsm_pdu{session, pti, std::move(r)}, w));
  return w.release();
}

std::vector<std::uint8_t> gsm_bytes(nas::gsm_message m, std::uint8_t p = pti) {
  byte_writer w;
  EXPECT_TRUE(nas::encode_gsm(nas::gsm_pdu{psi, p, std::move(m)}, w));
  return w.release();
}

class smf_pdu_session : public ::testing::Test {
 protected:
  explicit smf_pdu_session(config::dnn_config dnn = internet())
      : pools(dnn_pools::create({std::move(dnn)}).value()),
        env{loop,
            contexts,
            pools,
            udm,
            pcf,
            upf,
            amf,
            smf_metrics::create(registry).value(),
            log::get("smf")} {
    env.timers = &loop;
  }

  template <class T>
  T run(async::task<T> t) {
    std::optional<T> out;
    async::spawn(loop, std::move(t), [&out](T v) { out.emplace(std::move(v)); });
    loop.run_pending();
    EXPECT_TRUE(out.has_value()) << "the procedure did not finish";
    return std::move(*out);
  }

  create_request request(std::vector<std::uint8_t> n1, std::string dnn = "internet") {
    create_request r;
    r.supi = "imsi-001010000000001";
    r.pdu_session_id = psi;
    r.dnn = std::move(dnn);
    r.slice = {1, std::nullopt};
    r.amf_api_root = "http://127.0.0.5:7777";
    r.status_uri = "http://127.0.0.5:7777/namf-callback/v1/sm-status/5";
    r.n1 = std::move(n1);
    return r;
  }

  // Create + user plane; returns the context (null if the create was refused).
  std::shared_ptr<sm_context> establish(std::vector<std::uint8_t> n1) {
    auto created = run(create_sm_context(env, request(std::move(n1))));
    if (!created) {
      last_rejection = created.error();
      return nullptr;
    }
    auto c = created->context;
    env.procedures.enqueue(c->ref, establish_user_plane(env, c, created->requested_pco));
    loop.run_pending();
    return c;
  }

  nas::gsm_pdu decoded(const std::vector<std::uint8_t>& bytes) {
    auto pdu = nas::decode_gsm(bytes);
    EXPECT_TRUE(pdu.has_value());
    return pdu ? *pdu : nas::gsm_pdu{};
  }

  gsm_cause reject_cause(const std::vector<std::uint8_t>& bytes) {
    auto pdu = decoded(bytes);
    const auto* r = std::get_if<nas::pdu_session_establishment_reject>(&pdu.body);
    EXPECT_NE(r, nullptr);
    return r != nullptr ? r->cause.value : gsm_cause::protocol_error_unspecified;
  }

  update_answer update(const std::shared_ptr<sm_context>& c, update_request r) {
    std::optional<update_answer> out;
    env.procedures.enqueue(
        c->ref,
        [](smf_environment& e, std::shared_ptr<sm_context> ctx, update_request req,
           std::optional<update_answer>& o) -> async::task<void> {
          o = co_await update_sm_context(e, std::move(ctx), std::move(req));
        }(env, c, std::move(r), out));
    loop.run_pending();
    EXPECT_TRUE(out.has_value());
    return out ? *out : update_answer{};
  }

  async::manual_loop loop;
  metrics::registry registry;
  sm_context_registry contexts;
  dnn_pools pools;
  test::fake_udm udm;
  test::fake_pcf pcf;
  test::fake_upf upf;
  test::fake_amf amf;
  smf_environment env;
  create_rejection last_rejection;
};

TEST_F(smf_pdu_session, establishment_sends_accept_and_setup_request_with_the_upf_tunnel) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(amf.transfers.size(), 1U);
  const auto& t = amf.transfers[0];
  EXPECT_EQ(t.api_root, "http://127.0.0.5:7777");
  EXPECT_EQ(t.pdu_session_id, psi);
  ASSERT_TRUE(t.n1 && t.n2);
  EXPECT_EQ(t.n2->type, "PDU_RES_SETUP_REQ");

  auto pdu = decoded(*t.n1);
  EXPECT_EQ(pdu.pdu_session_id, psi);
  EXPECT_EQ(pdu.pti, pti);
  const auto* accept = std::get_if<nas::pdu_session_establishment_accept>(&pdu.body);
  ASSERT_NE(accept, nullptr);
  EXPECT_EQ(accept->selected_pdu_session_type.value, type::ipv4);
  ASSERT_TRUE(accept->pdu_address && accept->pdu_address->ipv4);
  // The first address handed out: 10.45.0.0 is the network, 10.45.0.1 the N6 gateway.
  EXPECT_EQ(*accept->pdu_address->ipv4, (ipv4_address{10, 45, 0, 2}));
  // The PCF's AMBR, not the subscription's (TS 23.503 §6.4: the PCF authorises it).
  EXPECT_EQ(accept->session_ambr.downlink.bits_per_second(), 300'000'000U);
  EXPECT_EQ(accept->session_ambr.uplink.bits_per_second(), 200'000'000U);
  ASSERT_EQ(accept->authorized_qos_rules.rules.size(), 1U);
  EXPECT_TRUE(accept->authorized_qos_rules.rules[0].default_rule);
  EXPECT_EQ(accept->authorized_qos_rules.rules[0].qfi, std::optional<std::uint8_t>(1));
  ASSERT_TRUE(accept->extended_pco);
  EXPECT_EQ(accept->extended_pco->dns_server_ipv4().size(), 2U);
  const auto mtu =
      std::find_if(accept->extended_pco->containers.begin(), accept->extended_pco->containers.end(),
                   [](const auto& item) { return item.id == nas::pco_id::ipv4_link_mtu; });
  ASSERT_NE(mtu, accept->extended_pco->containers.end());
  EXPECT_EQ(mtu->contents, (std::vector<std::uint8_t>{0x05, 0x78}));  // 1400
  ASSERT_TRUE(accept->dnn);
  EXPECT_EQ(accept->dnn->name, "internet");

  auto transfer = ngap::decode<ngap::pdu_session_resource_setup_request_transfer>(t.n2->transfer);
  ASSERT_TRUE(transfer.has_value());
  const auto& tunnel = std::get<ngap::gtp_tunnel>(transfer->value.ul_ngu_up_tnl_information.value);
  EXPECT_EQ(load_be32(tunnel.gtp_teid.data()), 0x1000U);
  EXPECT_EQ(tunnel.transport_layer_address.bytes, (std::vector<std::uint8_t>{127, 0, 0, 7}));
  ASSERT_TRUE(transfer->value.pdu_session_aggregate_maximum_bit_rate);
  EXPECT_EQ(transfer->value.pdu_session_aggregate_maximum_bit_rate
                ->pdu_session_aggregate_maximum_bit_rate_dl,
            300'000'000);

  ASSERT_EQ(upf.established.size(), 1U);
  EXPECT_EQ(upf.established[0].ue_ipv4, (ipv4_address{10, 45, 0, 2}));
  EXPECT_EQ(upf.established[0].ambr_downlink_kbps, 300'000U);
  EXPECT_EQ(c->state, sm_state::establishing);
}

TEST_F(smf_pdu_session, gnb_setup_response_turns_downlink_forwarding_on) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  auto transfer =
      ngap::encode_setup_response_transfer({192, 168, 1, 9}, gtpu_teid{0xabcd}, {qos_flow_id{1}});
  ASSERT_TRUE(transfer.has_value());
  auto a = update(
      c, update_request{std::nullopt, n2_sm_message{"PDU_RES_SETUP_RSP", *transfer}, std::nullopt});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.up_cnx_state, std::optional<std::string>("ACTIVATED"));
  ASSERT_EQ(upf.downlinks.size(), 1U);
  ASSERT_TRUE(upf.downlinks[0].second);
  EXPECT_EQ(upf.downlinks[0].second->teid, 0xabcdU);
  EXPECT_EQ(upf.downlinks[0].second->address, (ipv4_address{192, 168, 1, 9}));
  EXPECT_EQ(c->state, sm_state::active);
}

TEST_F(smf_pdu_session, malformed_setup_response_transfer_is_an_n2_error) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  auto a = update(c, update_request{std::nullopt, n2_sm_message{"PDU_RES_SETUP_RSP", {0xff, 0x00}},
                                    std::nullopt});
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.cause, "N2_SM_ERROR");
  EXPECT_TRUE(upf.downlinks.empty());
}

TEST_F(smf_pdu_session, ue_requested_release_frees_everything_and_notifies_the_amf) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  auto setup =
      ngap::encode_setup_response_transfer({192, 168, 1, 9}, gtpu_teid{0xabcd}, {qos_flow_id{1}});
  update(c, update_request{std::nullopt, n2_sm_message{"PDU_RES_SETUP_RSP", *setup}, std::nullopt});
  const auto address = *c->ipv4;
  ASSERT_EQ(pools.allocated(), 1U);

  auto a = update(c, update_request{gsm_bytes(nas::pdu_session_release_request{}, 9), std::nullopt,
                                    std::nullopt});
  EXPECT_EQ(a.status, 200);
  ASSERT_TRUE(a.n1 && a.n2);
  EXPECT_EQ(a.n2->type, "PDU_RES_REL_CMD");
  auto command = decoded(*a.n1);
  EXPECT_EQ(command.pti, 9);
  const auto* rc = std::get_if<nas::pdu_session_release_command>(&command.body);
  ASSERT_NE(rc, nullptr);
  EXPECT_EQ(rc->cause.value, gsm_cause::regular_deactivation);
  // TS 23.502 §4.3.4.2 step 2: the N4 session and the address go at once.
  EXPECT_EQ(upf.released.size(), 1U);
  EXPECT_EQ(pools.allocated(), 0U);
  EXPECT_EQ(pcf.deleted, std::vector<std::string>{"policy-1"});
  EXPECT_TRUE(amf.released.empty());

  update(c, update_request{std::nullopt, n2_sm_message{"PDU_RES_REL_RSP", {}}, std::nullopt});
  update(c, update_request{gsm_bytes(nas::pdu_session_release_complete{}, 9), std::nullopt,
                           std::nullopt});
  loop.run_pending();
  EXPECT_EQ(contexts.size(), 0U);
  EXPECT_EQ(amf.released.size(), 1U);
  EXPECT_FALSE(c->ipv4.has_value());
  // The address is free again, but round-robin allocation hands out the next one first.
  auto next = establish(establishment_request());
  ASSERT_NE(next, nullptr);
  ASSERT_TRUE(next->ipv4);
  EXPECT_NE(*next->ipv4, address);
}

TEST_F(smf_pdu_session, unknown_dnn_is_refused_with_cause_27_and_nothing_allocated) {
  auto created = run(create_sm_context(env, request(establishment_request(), "ims")));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().status, 403);
  EXPECT_EQ(created.error().cause, "DNN_DENIED");
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::missing_or_unknown_dnn);
  EXPECT_EQ(udm.requests, 0);
  EXPECT_EQ(contexts.size(), 0U);
}

TEST_F(smf_pdu_session, dnn_not_subscribed_in_the_slice_is_refused_with_cause_70) {
  udm.subscribed_dnn = "other";
  auto created = run(create_sm_context(env, request(establishment_request())));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::missing_or_unknown_dnn_in_a_slice);
}

TEST_F(smf_pdu_session, ipv4v6_with_an_ipv4_only_subscription_grants_ipv4_with_cause_50) {
  udm.subscription->allowed_types = {type::ipv4};
  auto c = establish(establishment_request(type::ipv4v6));
  ASSERT_NE(c, nullptr);
  auto accept = decoded(*amf.transfers.at(0).n1);
  const auto* a = std::get_if<nas::pdu_session_establishment_accept>(&accept.body);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->selected_pdu_session_type.value, type::ipv4);
  ASSERT_TRUE(a->cause);
  EXPECT_EQ(a->cause->value, gsm_cause::pdu_session_type_ipv4_only_allowed);
}

TEST_F(smf_pdu_session, ipv6_only_request_with_ipv4_only_subscription_is_refused) {
  udm.subscription->allowed_types = {type::ipv4};
  auto created = run(create_sm_context(env, request(establishment_request(type::ipv6))));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::pdu_session_type_ipv4_only_allowed);
}

TEST_F(smf_pdu_session, ipv4v6_session_gets_an_address_and_a_64_prefix) {
  auto c = establish(establishment_request(type::ipv4v6));
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->ipv4 && c->ipv6_prefix);
  // The pool's first /64 (2001:db8:cafe::/64) is the N6 side's; sessions start at :1::.
  EXPECT_EQ(*c->ipv6_prefix, (ipv6_prefix64{0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0x00, 0x01}));
  auto accept = decoded(*amf.transfers.at(0).n1);
  const auto* a = std::get_if<nas::pdu_session_establishment_accept>(&accept.body);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->selected_pdu_session_type.value, type::ipv4v6);
  ASSERT_TRUE(a->pdu_address);
  EXPECT_TRUE(a->pdu_address->ipv4 && a->pdu_address->ipv6_interface_id);
  ASSERT_EQ(upf.established.size(), 1U);
  EXPECT_TRUE(upf.established[0].ue_ipv6_prefix.has_value());
}

TEST_F(smf_pdu_session, ssc_mode_3_is_refused_with_cause_68) {
  auto created = run(create_sm_context(
      env, request(establishment_request(type::ipv4, nas::ssc_mode_value::mode_3))));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::not_supported_ssc_mode);
}

TEST_F(smf_pdu_session, mismatching_pdu_session_id_and_undecodable_n1_are_n1_errors) {
  auto created =
      run(create_sm_context(env, request(establishment_request(type::ipv4, std::nullopt, 6))));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().cause, "N1_SM_ERROR");
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::invalid_pdu_session_identity);

  auto garbage = run(create_sm_context(env, request({0x2e, psi, pti, 0xc1, 0xff})));
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().cause, "N1_SM_ERROR");
  EXPECT_FALSE(garbage.error().n1.empty());
  auto empty = run(create_sm_context(env, request({})));
  ASSERT_FALSE(empty.has_value());
}

TEST_F(smf_pdu_session, udm_unreachable_is_a_network_failure) {
  udm.error = peer_error::unavailable;
  auto created = run(create_sm_context(env, request(establishment_request())));
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(reject_cause(created.error().n1), gsm_cause::network_failure);
}

TEST_F(smf_pdu_session, no_upf_rejects_through_the_amf_and_frees_the_address) {
  upf.available = false;
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(amf.transfers.size(), 1U);
  EXPECT_FALSE(amf.transfers[0].n2.has_value());
  EXPECT_EQ(reject_cause(*amf.transfers[0].n1),
            gsm_cause::insufficient_resources_for_specific_slice_and_dnn);
  EXPECT_EQ(pools.allocated(), 0U);
  EXPECT_EQ(contexts.size(), 0U);
  EXPECT_EQ(pcf.deleted.size(), 1U);
  EXPECT_EQ(amf.released.size(), 1U);
}

// TS 23.501 §6.3.3: the UE's TAC (ueLocation, TS 29.502 §6.1.6.2.2) selects the UPFs; an
// I-UPF gets an N4 session of its own (another CP SEID).
TEST_F(smf_pdu_session, ue_location_selects_the_upfs_and_an_iupf_gets_its_own_seid) {
  upf.intermediate = "iupf";
  auto r = request(establishment_request());
  r.location = ue_location{"001", "01", 0x000102, "000000010"};
  auto created = run(create_sm_context(env, std::move(r)));
  ASSERT_TRUE(created.has_value());
  auto c = created->context;
  ASSERT_TRUE(c->location.has_value());
  env.procedures.enqueue(c->ref, establish_user_plane(env, c, created->requested_pco));
  loop.run_pending();
  EXPECT_EQ(upf.selected_for_tacs, std::vector<std::optional<std::uint32_t>>{0x000102U});
  ASSERT_EQ(upf.established.size(), 1U);
  EXPECT_EQ(upf.established[0].intermediate_upf, std::optional<std::string>("iupf"));
  EXPECT_NE(upf.established[0].intermediate_seid, 0U);
  EXPECT_NE(upf.established[0].intermediate_seid, upf.established[0].local_seid);
  EXPECT_EQ(amf.transfers.size(), 1U);
}

TEST_F(smf_pdu_session, without_location_selection_gets_no_tac_and_no_iupf) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(upf.selected_for_tacs, std::vector<std::optional<std::uint32_t>>{std::nullopt});
  ASSERT_EQ(upf.established.size(), 1U);
  EXPECT_FALSE(upf.established[0].intermediate_upf.has_value());
}

TEST_F(smf_pdu_session, n4_failure_rejects_with_network_failure) {
  upf.establish_error = peer_error::unavailable;
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(amf.transfers.size(), 1U);
  EXPECT_EQ(reject_cause(*amf.transfers[0].n1), gsm_cause::network_failure);
  EXPECT_EQ(pools.allocated(), 0U);
}

TEST_F(smf_pdu_session, pcf_unreachable_applies_local_policy) {
  pcf.error = peer_error::unavailable;
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(upf.established.size(), 1U);
  EXPECT_EQ(upf.established[0].ambr_downlink_kbps, 400'000U);  // the subscription's
  EXPECT_TRUE(c->policy.policy_id.empty());
}

TEST_F(smf_pdu_session, an_release_buffers_downlink_and_service_request_resends_the_setup) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  auto a = update(c, update_request{std::nullopt, std::nullopt, std::string("DEACTIVATED")});
  EXPECT_EQ(a.up_cnx_state, std::optional<std::string>("DEACTIVATED"));
  ASSERT_EQ(upf.downlinks.size(), 1U);
  EXPECT_FALSE(upf.downlinks[0].second.has_value());
  EXPECT_EQ(c->state, sm_state::inactive);
  auto again = update(c, update_request{std::nullopt, std::nullopt, std::string("ACTIVATING")});
  ASSERT_TRUE(again.n2);
  EXPECT_EQ(again.n2->type, "PDU_RES_SETUP_REQ");
}

TEST_F(smf_pdu_session, amf_release_frees_without_signalling) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  async::spawn(loop, release_sm_context(env, c));
  loop.run_pending();
  EXPECT_EQ(upf.released.size(), 1U);
  EXPECT_EQ(pools.allocated(), 0U);
  EXPECT_EQ(contexts.size(), 0U);
  EXPECT_EQ(amf.transfers.size(), 1U);  // only the accept
}

TEST_F(smf_pdu_session, network_requested_release_sends_the_command_without_pti) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(release_session(env, c->supi, psi));
  EXPECT_FALSE(release_session(env, c->supi, 9));
  loop.run_pending();
  ASSERT_EQ(amf.transfers.size(), 2U);
  auto command = decoded(*amf.transfers[1].n1);
  EXPECT_EQ(command.pti, 0);
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_release_command>(command.body));
  // The gNB never had the resources (no setup response), so no N2 release command.
  EXPECT_FALSE(amf.transfers[1].n2.has_value());
  EXPECT_EQ(upf.released.size(), 1U);
}

TEST_F(smf_pdu_session, same_pdu_session_id_again_replaces_the_old_session) {
  auto first = establish(establishment_request());
  ASSERT_NE(first, nullptr);
  auto second = establish(establishment_request());
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(first->removed);
  EXPECT_EQ(contexts.size(), 1U);
  EXPECT_EQ(upf.released.size(), 1U);
  EXPECT_EQ(pools.allocated(), 1U);
}

TEST_F(smf_pdu_session, unknown_5gsm_message_in_an_update_gets_5gsm_status) {
  auto c = establish(establishment_request());
  ASSERT_NE(c, nullptr);
  // Secondary authentication (TS 24.501 §6.3.1) is not built: §7.4, 5GSM STATUS #97.
  nas::pdu_session_authentication_complete m;
  m.eap_message.value = {2, 1, 0, 4};
  auto a = update(c, update_request{gsm_bytes(m), std::nullopt, std::nullopt});
  ASSERT_TRUE(a.n1);
  auto status = decoded(*a.n1);
  const auto* s = std::get_if<nas::gsm_status>(&status.body);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->cause.value, gsm_cause::message_type_non_existent_or_not_implemented);
}

class smf_small_pool : public smf_pdu_session {
 protected:
  smf_small_pool() : smf_pdu_session(internet(29)) {}
};

TEST_F(smf_small_pool, exhausted_pool_rejects_with_insufficient_resources) {
  // A /29 has 8 addresses: network, gateway and broadcast leave 5 for UEs.
  for (std::uint8_t i = 1; i <= 5; ++i) {
    auto created = run(create_sm_context(env, [&] {
      auto r = request(establishment_request(type::ipv4, std::nullopt, i));
      r.pdu_session_id = i;
      r.supi = "imsi-00101000000000" + std::to_string(i);
      return r;
    }()));
    ASSERT_TRUE(created.has_value());
    env.procedures.enqueue(created->context->ref,
                           establish_user_plane(env, created->context, std::nullopt));
    loop.run_pending();
  }
  EXPECT_EQ(pools.allocated(), 5U);
  auto sixth = establish(establishment_request());
  ASSERT_NE(sixth, nullptr);
  EXPECT_EQ(reject_cause(*amf.transfers.back().n1), gsm_cause::insufficient_resources);
  EXPECT_EQ(pools.allocated(), 5U);
}

// ---- PDU session modification (TS 23.502 §4.3.3.2, TS 24.501 §6.3.2, §6.4.2)

class smf_modification : public smf_pdu_session {
 protected:
  // An established session whose user plane the gNB has set up; the AMF's record cleared.
  std::shared_ptr<sm_context> active_session() {
    auto c = establish(establishment_request());
    EXPECT_NE(c, nullptr);
    if (c == nullptr) {
      return nullptr;
    }
    auto transfer =
        ngap::encode_setup_response_transfer({192, 168, 1, 9}, gtpu_teid{0xabcd}, {qos_flow_id{1}});
    EXPECT_TRUE(transfer.has_value());
    update(c, update_request{std::nullopt, n2_sm_message{"PDU_RES_SETUP_RSP", *transfer},
                             std::nullopt});
    amf.transfers.clear();
    return c;
  }

  void policy_changes(const std::shared_ptr<sm_context>& c, session_policy p) {
    env.procedures.enqueue(c->ref, modify_for_policy(env, c, std::move(p)));
    loop.run_pending();
  }

  template <class M>
  M body_of(const std::vector<std::uint8_t>& bytes, std::uint8_t expected_pti) {
    auto pdu = decoded(bytes);
    EXPECT_EQ(pdu.pdu_session_id, psi);
    EXPECT_EQ(pdu.pti, expected_pti);
    const auto* m = std::get_if<M>(&pdu.body);
    EXPECT_NE(m, nullptr);
    return m != nullptr ? *m : M{};
  }

  update_answer ue_sends(const std::shared_ptr<sm_context>& c, nas::gsm_message m,
                         std::uint8_t p = pti) {
    return update(c, update_request{gsm_bytes(std::move(m), p), std::nullopt, std::nullopt});
  }
};

TEST_F(smf_modification, pcf_change_updates_the_qer_then_commands_ue_and_gnb) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto p = c->policy;
  p.ambr_uplink_kbps = 20'000;
  p.ambr_downlink_kbps = 50'000;
  policy_changes(c, p);

  // Step 2: the UPF's session QER gets the new MBR.
  ASSERT_EQ(upf.ambr_updates.size(), 1U);
  EXPECT_EQ(upf.ambr_updates[0],
            std::make_tuple(c->n4->remote_seid, std::uint64_t{20'000}, std::uint64_t{50'000}));
  // Step 3b: N1N2MessageTransfer with the command (PTI 0) and the modify request transfer.
  ASSERT_EQ(amf.transfers.size(), 1U);
  const auto& t = amf.transfers[0];
  ASSERT_TRUE(t.n1 && t.n2);
  auto command = body_of<nas::pdu_session_modification_command>(*t.n1, 0);
  ASSERT_TRUE(command.session_ambr);
  EXPECT_EQ(command.session_ambr->uplink.bits_per_second(), 20'000'000U);
  EXPECT_EQ(command.session_ambr->downlink.bits_per_second(), 50'000'000U);
  EXPECT_FALSE(command.authorized_qos_flow_descriptions) << "the 5QI did not change";
  EXPECT_EQ(t.n2->type, "PDU_RES_MOD_REQ");
  auto transfer = ngap::decode<ngap::pdu_session_resource_modify_request_transfer>(t.n2->transfer);
  ASSERT_TRUE(transfer.has_value());
  ASSERT_TRUE(transfer->value.pdu_session_aggregate_maximum_bit_rate);
  EXPECT_EQ(transfer->value.pdu_session_aggregate_maximum_bit_rate
                ->pdu_session_aggregate_maximum_bit_rate_ul,
            20'000'000);
  EXPECT_EQ(transfer->value.pdu_session_aggregate_maximum_bit_rate
                ->pdu_session_aggregate_maximum_bit_rate_dl,
            50'000'000);
  EXPECT_FALSE(transfer->value.qos_flow_add_or_modify_request_list);
  EXPECT_EQ(c->policy.ambr_downlink_kbps, 50'000U);
  EXPECT_EQ(c->policy.policy_id, "policy-1") << "the association stays the same";

  // Steps 6-10: the gNB's answer, then the UE's COMPLETE end the procedure.
  auto response = ngap::encode(ngap::pdu_session_resource_modify_response_transfer{});
  ASSERT_TRUE(response.has_value());
  auto a = update(
      c, update_request{std::nullopt, n2_sm_message{"PDU_RES_MOD_RSP", *response}, std::nullopt});
  EXPECT_EQ(a.status, 200);
  EXPECT_FALSE(a.n1 || a.n2);
  ASSERT_TRUE(c->modification);
  a = ue_sends(c, nas::pdu_session_modification_complete{}, 0);
  EXPECT_FALSE(a.n1);
  EXPECT_FALSE(c->modification);
  loop.advance(t3591_value * 6);
  EXPECT_EQ(amf.transfers.size(), 1U) << "T3591 stopped with the COMPLETE";
}

TEST_F(smf_modification, a_new_5qi_modifies_the_default_flow_for_ue_and_gnb) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto p = c->policy;
  p.default_5qi = 8;
  policy_changes(c, p);
  EXPECT_TRUE(upf.ambr_updates.empty()) << "the AMBR did not change";
  ASSERT_EQ(amf.transfers.size(), 1U);
  auto command = body_of<nas::pdu_session_modification_command>(*amf.transfers[0].n1, 0);
  ASSERT_TRUE(command.authorized_qos_flow_descriptions);
  ASSERT_EQ(command.authorized_qos_flow_descriptions->flows.size(), 1U);
  const auto& flow = command.authorized_qos_flow_descriptions->flows[0];
  EXPECT_EQ(flow.qfi, default_qfi);
  EXPECT_EQ(flow.operation, nas::qos_flow_operation::modify);
  EXPECT_EQ(flow.five_qi(), std::optional<std::uint8_t>(8));
  auto transfer = ngap::decode<ngap::pdu_session_resource_modify_request_transfer>(
      amf.transfers[0].n2->transfer);
  ASSERT_TRUE(transfer && transfer->value.qos_flow_add_or_modify_request_list);
  ASSERT_EQ(transfer->value.qos_flow_add_or_modify_request_list->size(), 1U);
  const auto& item = transfer->value.qos_flow_add_or_modify_request_list->front();
  EXPECT_EQ(item.qos_flow_identifier, default_qfi);
  ASSERT_TRUE(item.qos_flow_level_qos_parameters);
  EXPECT_EQ(std::get<ngap::qos_characteristics::non_dynamic5_qi_index>(
                item.qos_flow_level_qos_parameters->qos_characteristics.value)
                .five_qi,
            8);
  EXPECT_FALSE(transfer->value.pdu_session_aggregate_maximum_bit_rate);
}

TEST_F(smf_modification, an_unchanged_policy_sends_nothing) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  policy_changes(c, c->policy);
  EXPECT_TRUE(upf.ambr_updates.empty());
  EXPECT_TRUE(amf.transfers.empty());
}

TEST_F(smf_modification, t3591_retransmits_the_command_four_times_then_aborts) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto p = c->policy;
  p.ambr_downlink_kbps = 50'000;
  policy_changes(c, p);
  ASSERT_EQ(amf.transfers.size(), 1U);
  const auto command = *amf.transfers[0].n1;
  for (std::size_t i = 1; i <= 4; ++i) {
    loop.advance(t3591_value - std::chrono::milliseconds(1));
    EXPECT_EQ(amf.transfers.size(), i) << "not before T3591 expires";
    loop.advance(std::chrono::milliseconds(1));
    ASSERT_EQ(amf.transfers.size(), i + 1);
    EXPECT_EQ(amf.transfers.back().n1, command) << "the same command again";
    EXPECT_FALSE(amf.transfers.back().n2) << "the gNB already had its part";
  }
  loop.advance(t3591_value);
  EXPECT_EQ(amf.transfers.size(), 5U) << "the fifth expiry sends nothing";
  EXPECT_FALSE(c->modification) << "the procedure is aborted";
  EXPECT_FALSE(c->removed) << "the session stays";
  EXPECT_EQ(c->policy.ambr_downlink_kbps, 50'000U);
  // A late COMPLETE is ignored.
  auto a = ue_sends(c, nas::pdu_session_modification_complete{}, 0);
  EXPECT_FALSE(a.n1);
}

TEST_F(smf_modification, a_release_stops_t3591) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto p = c->policy;
  p.ambr_downlink_kbps = 50'000;
  policy_changes(c, p);
  ASSERT_EQ(amf.transfers.size(), 1U);
  ASSERT_TRUE(c->modification && c->modification->t3591);
  const auto timers = loop.pending_timers();
  async::spawn(loop, release_sm_context(env, c));
  loop.run_pending();
  ASSERT_TRUE(c->removed);
  EXPECT_FALSE(c->modification) << "the procedure ends with the session";
  EXPECT_EQ(loop.pending_timers(), timers - 1) << "T3591 no longer holds the context";
  loop.advance(t3591_value * 2);
  EXPECT_EQ(amf.transfers.size(), 1U) << "no command for a released session";
}

TEST_F(smf_modification, command_reject_ends_the_procedure_and_43_releases_locally) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto p = c->policy;
  p.ambr_downlink_kbps = 50'000;
  policy_changes(c, p);
  ue_sends(c,
           nas::pdu_session_modification_command_reject{
               nas::gsm_cause_ie{gsm_cause::insufficient_resources}, {}},
           0);
  EXPECT_FALSE(c->modification);
  EXPECT_FALSE(c->removed);
  loop.advance(t3591_value * 2);
  EXPECT_EQ(amf.transfers.size(), 1U) << "T3591 stopped with the reject";

  p.ambr_downlink_kbps = 60'000;
  policy_changes(c, p);
  ue_sends(c,
           nas::pdu_session_modification_command_reject{
               nas::gsm_cause_ie{gsm_cause::invalid_pdu_session_identity}, {}},
           0);
  loop.run_pending();
  EXPECT_TRUE(c->removed) << "§6.3.2.4: #43, the UE has no such session";
  EXPECT_EQ(amf.released.size(), 1U);
  EXPECT_EQ(contexts.size(), 0U);
}

TEST_F(smf_modification, unreachable_ue_gets_the_new_policy_when_its_session_is_set_up_again) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  amf.transfer_error = peer_error::unavailable;  // 504 UE_NOT_REACHABLE
  auto p = c->policy;
  p.ambr_downlink_kbps = 50'000;
  policy_changes(c, p);
  EXPECT_EQ(upf.ambr_updates.size(), 1U) << "the UPF enforces it at once";
  EXPECT_TRUE(c->modification_pending);
  EXPECT_FALSE(c->modification);
  loop.advance(t3591_value * 2);
  EXPECT_EQ(amf.transfers.size(), 1U) << "no T3591 without a delivered command";

  amf.transfer_error.reset();
  auto transfer =
      ngap::encode_setup_response_transfer({192, 168, 1, 9}, gtpu_teid{0xabce}, {qos_flow_id{1}});
  ASSERT_TRUE(transfer.has_value());
  update(c,
         update_request{std::nullopt, n2_sm_message{"PDU_RES_SETUP_RSP", *transfer}, std::nullopt});
  loop.run_pending();
  ASSERT_EQ(amf.transfers.size(), 2U);
  auto command = body_of<nas::pdu_session_modification_command>(*amf.transfers[1].n1, 0);
  ASSERT_TRUE(command.session_ambr);
  EXPECT_EQ(command.session_ambr->downlink.bits_per_second(), 50'000'000U);
  EXPECT_FALSE(c->modification_pending);
  EXPECT_TRUE(c->modification);
}

TEST_F(smf_modification, ue_request_without_qos_change_is_granted_with_always_on) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  nas::pdu_session_modification_request r;
  r.always_on_requested = nas::always_on_pdu_session_requested{true};
  r.max_packet_filters = nas::max_supported_packet_filters{16};
  auto a = ue_sends(c, r);
  ASSERT_TRUE(a.n1);
  EXPECT_FALSE(a.n2) << "no resource changes for the gNB";
  auto command = body_of<nas::pdu_session_modification_command>(*a.n1, pti);
  ASSERT_TRUE(command.session_ambr);
  EXPECT_EQ(command.session_ambr->downlink.bits_per_second(), 300'000'000U);
  ASSERT_TRUE(command.always_on_indication);
  EXPECT_TRUE(command.always_on_indication->required);
  ASSERT_TRUE(c->modification);
  EXPECT_EQ(c->modification->pti, pti);
  // T3591 runs for a UE-requested command too (§6.4.2.3).
  loop.advance(t3591_value);
  ASSERT_EQ(amf.transfers.size(), 1U);
  EXPECT_EQ(amf.transfers[0].n1, a.n1);
  a = ue_sends(c, nas::pdu_session_modification_complete{});
  EXPECT_FALSE(c->modification);
}

TEST_F(smf_modification, ue_request_for_the_qos_it_has_is_granted) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  nas::pdu_session_modification_request r;
  nas::qos_flow_description flow;
  flow.qfi = default_qfi;
  flow.operation = nas::qos_flow_operation::modify;
  flow.parameters = {nas::qos_flow_parameter::five_qi(9)};
  r.requested_qos_flow_descriptions = nas::qos_flow_descriptions{{flow}};
  auto a = ue_sends(c, r);
  ASSERT_TRUE(a.n1);
  (void)body_of<nas::pdu_session_modification_command>(*a.n1, pti);
}

TEST_F(smf_modification, ue_request_for_unauthorised_qos_is_rejected_with_its_cause) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto reject_cause_of = [&](nas::pdu_session_modification_request r, std::uint8_t p = pti) {
    auto a = ue_sends(c, std::move(r), p);
    EXPECT_TRUE(a.n1);
    return a.n1 ? body_of<nas::pdu_session_modification_reject>(*a.n1, p).cause.value
                : gsm_cause::protocol_error_unspecified;
  };
  nas::qos_flow_description other_5qi;
  other_5qi.qfi = default_qfi;
  other_5qi.operation = nas::qos_flow_operation::modify;
  other_5qi.parameters = {nas::qos_flow_parameter::five_qi(1)};
  nas::pdu_session_modification_request r;
  r.requested_qos_flow_descriptions = nas::qos_flow_descriptions{{other_5qi}};
  EXPECT_EQ(reject_cause_of(r), gsm_cause::qos_not_accepted);

  nas::qos_flow_description new_flow;
  new_flow.qfi = 2;
  new_flow.operation = nas::qos_flow_operation::create;
  new_flow.parameters = {nas::qos_flow_parameter::five_qi(9)};
  r.requested_qos_flow_descriptions = nas::qos_flow_descriptions{{new_flow}};
  EXPECT_EQ(reject_cause_of(r), gsm_cause::qos_not_accepted);

  nas::qos_flow_description modify_missing = new_flow;
  modify_missing.operation = nas::qos_flow_operation::modify;
  r.requested_qos_flow_descriptions = nas::qos_flow_descriptions{{modify_missing}};
  EXPECT_EQ(reject_cause_of(r), gsm_cause::semantic_error_in_qos_operation);

  nas::qos_rule delete_default;
  delete_default.id = 1;
  delete_default.operation = nas::qos_rule_operation::remove;
  r = {};
  r.requested_qos_rules = nas::qos_rules{{delete_default}};
  EXPECT_EQ(reject_cause_of(r), gsm_cause::semantic_error_in_qos_operation);

  nas::qos_rule new_rule;
  new_rule.id = 2;
  new_rule.operation = nas::qos_rule_operation::create;
  nas::packet_filter port;
  port.id = 2;
  port.components.emplace_back(nas::pf_remote_port{443});
  new_rule.filters = {port};
  new_rule.precedence = 10;
  new_rule.qfi = 1;
  r.requested_qos_rules = nas::qos_rules{{new_rule}};
  EXPECT_EQ(reject_cause_of(r), gsm_cause::qos_not_accepted);

  // §7.3.1: a UE-requested procedure with PTI 0 or 255.
  EXPECT_EQ(reject_cause_of({}, 255), gsm_cause::invalid_pti_value);
  EXPECT_FALSE(c->modification);
  EXPECT_TRUE(amf.transfers.empty());
}

TEST_F(smf_modification, an_undecodable_modify_response_transfer_is_an_n2_error) {
  auto c = active_session();
  ASSERT_NE(c, nullptr);
  auto a = update(c, update_request{std::nullopt, n2_sm_message{"PDU_RES_MOD_RSP", {0xff, 0x00}},
                                    std::nullopt});
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.cause, "N2_SM_ERROR");
}

}  // namespace
}  // namespace glasscore::smf
