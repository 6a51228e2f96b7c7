// PDU session SBI models (Nsmf_PDUSession, Namf_Communication N1N2, Npcf SM/AM policy):
// decoding the bodies another core put on the wire (tests/sbi/data/session, from
// ../shared/spec/captures), round trips, and a missing required member named in the error.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "glasscore/sbi/amf_comm_models.h"
#include "glasscore/sbi/bit_rate.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::sbi {
namespace {

std::string load(const std::string& name) {
  std::ifstream in(std::string(GLASSCORE_SBI_TEST_DATA) + "/session/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json load_json(const std::string& name) {
  auto j = parse_json(load(name));
  EXPECT_TRUE(j) << name;
  return j ? *j : nlohmann::json{};
}

/// Decodes `j`, encodes the value, decodes again: both values must be equal.
template <class Decode>
void expect_round_trip(const nlohmann::json& j, Decode decode) {
  auto v = decode(j, "");
  ASSERT_TRUE(v) << v.error().to_string();
  auto again = decode(to_json(*v), "");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(*again, *v);
}

/// Removing each of `required` (JSON Pointers into `valid`) must fail with kind missing and
/// exactly that pointer.
template <class Decode>
void expect_required(const nlohmann::json& valid, std::initializer_list<const char*> required,
                     Decode decode) {
  ASSERT_TRUE(decode(valid, "")) << decode(valid, "").error().to_string();
  for (const char* pointer : required) {
    auto j = valid;
    const nlohmann::json::json_pointer ptr(pointer);
    j[ptr.parent_pointer()].erase(ptr.back());
    auto v = decode(j, "");
    ASSERT_FALSE(v) << pointer;
    EXPECT_EQ(v.error().kind, decode_error_kind::missing) << pointer;
    EXPECT_EQ(v.error().pointer, pointer);
  }
}

/// The JSON root part of a captured multipart body, as text (first part up to its CRLF
/// delimiter; multipart decoding itself is tested in multipart_test.cpp).
nlohmann::json json_of_multipart(const std::string& name) {
  const auto body = load(name);
  const auto start = body.find("\r\n\r\n") + 4;
  const auto end = body.find("\r\n--", start);
  auto j = parse_json(std::string_view(body).substr(start, end - start));
  EXPECT_TRUE(j) << name;
  return j ? *j : nlohmann::json{};
}

// --- Nsmf_PDUSession --------------------------------------------------------------------

TEST(sbi_session_models, decodes_open5gs_sm_context_create_data) {
  auto v = decode_sm_context_create_data(json_of_multipart("open5gs_sm_context_create.multipart"));
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->supi, "imsi-9997000007487");
  EXPECT_EQ(v->pei, "imeisv-8665070400405301");
  EXPECT_EQ(v->gpsi, "msisdn-491725670014");
  EXPECT_EQ(v->pdu_session_id, 10);
  EXPECT_EQ(v->dnn, "internet");
  EXPECT_EQ(v->s_nssai, (snssai{1, "009000"}));
  EXPECT_EQ(v->serving_nf_id, "4982c092-ec06-41f1-99fa-4be037ada7d4");
  ASSERT_TRUE(v->guami);
  EXPECT_EQ(v->guami->amf_id, "cafe00");
  EXPECT_EQ(v->serving_network, (plmn_id{"999", "70"}));
  EXPECT_EQ(v->request_type, "INITIAL_REQUEST");
  ASSERT_TRUE(v->n1_sm_msg);
  EXPECT_EQ(v->n1_sm_msg->content_id, "5gnas-sm");
  EXPECT_EQ(v->an_type, "3GPP_ACCESS");
  EXPECT_EQ(v->rat_type, "NR");
  ASSERT_TRUE(v->ue_location && v->ue_location->nr_location);
  EXPECT_EQ(v->ue_location->nr_location->tai.tac, "000001");
  EXPECT_EQ(v->ue_location->nr_location->ncgi.nr_cell_id, "000040001");
  EXPECT_EQ(v->sm_context_status_uri,
            "http://127.0.0.5:7777/namf-callback/v1/imsi-9997000007487/sm-context-status/10");
  EXPECT_EQ(v->pcf_id, "499991e6-ec06-41f1-a449-716c29f355a5");
  expect_round_trip(json_of_multipart("open5gs_sm_context_create.multipart"),
                    decode_sm_context_create_data);
}

TEST(sbi_session_models, sm_context_create_data_required_members) {
  const auto j = json_of_multipart("open5gs_sm_context_create.multipart");
  // servingNfId, servingNetwork, anType, smContextStatusUri: required by the OpenAPI;
  // supi, pduSessionId, dnn: required here (see smf_models.h).
  expect_required(j,
                  {"/servingNfId", "/servingNetwork", "/anType", "/smContextStatusUri", "/supi",
                   "/pduSessionId", "/dnn", "/n1SmMsg/contentId", "/ueLocation/nrLocation/ncgi",
                   "/ueLocation/nrLocation/tai", "/servingNetwork/mcc"},
                  decode_sm_context_create_data);
}

TEST(sbi_session_models, sm_context_create_data_refuses_bad_values) {
  const auto valid = json_of_multipart("open5gs_sm_context_create.multipart");
  struct bad_case {
    const char* pointer;
    nlohmann::json value;
  };
  for (const auto& c : std::initializer_list<bad_case>{
           {"/anType", "5G_ACCESS"},
           {"/pduSessionId", 256},
           {"/pduSessionId", "10"},
           {"/servingNfId", "not-a-uuid"},
           {"/ueLocation/nrLocation/ncgi/nrCellId", "00004000"},
           {"/sNssai/sst", 300},
           {"/smContextStatusUri", ""},
           {"/n1SmMsg", "5gnas-sm"},
       }) {
    auto j = valid;
    j[nlohmann::json::json_pointer(c.pointer)] = c.value;
    auto v = decode_sm_context_create_data(j);
    ASSERT_FALSE(v) << c.pointer << " = " << c.value.dump();
    EXPECT_EQ(v.error().kind, decode_error_kind::incorrect) << c.pointer;
    EXPECT_EQ(v.error().pointer, c.pointer);
  }
  EXPECT_FALSE(decode_sm_context_create_data(nlohmann::json::array()));
}

TEST(sbi_session_models, decodes_open5gs_sm_context_update_and_release) {
  auto u = decode_sm_context_update_data(load_json("open5gs_sm_context_update_deactivate.json"));
  ASSERT_TRUE(u) << u.error().to_string();
  EXPECT_EQ(u->up_cnx_state, "DEACTIVATED");
  EXPECT_EQ(u->ng_ap_cause, (ng_ap_cause{1, 20}));
  ASSERT_TRUE(u->ue_location && u->ue_location->nr_location);
  expect_round_trip(load_json("open5gs_sm_context_update_deactivate.json"),
                    decode_sm_context_update_data);

  auto s = decode_sm_context_update_data(
      json_of_multipart("open5gs_sm_context_update_setup_rsp.multipart"));
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->n2_sm_info_type, "PDU_RES_SETUP_RSP");
  EXPECT_EQ(s->n2_sm_info, (ref_to_binary_data{"ngap-sm"}));

  auto d = decode_sm_context_updated_data(load_json("open5gs_sm_context_updated.json"));
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->up_cnx_state, "DEACTIVATED");

  auto r = decode_sm_context_release_data(load_json("open5gs_sm_context_release.json"));
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(r->ue_location && r->ue_location->nr_location);
  EXPECT_EQ(r->ue_location->nr_location->ue_location_timestamp, "2026-11-29T15:05:20.932430Z");
  expect_round_trip(load_json("open5gs_sm_context_release.json"), decode_sm_context_release_data);

  auto n = decode_sm_context_status_notification(load_json("open5gs_sm_context_status.json"));
  ASSERT_TRUE(n) << n.error().to_string();
  EXPECT_EQ(n->status_info.resource_status, "RELEASED");
  expect_required(load_json("open5gs_sm_context_status.json"),
                  {"/statusInfo", "/statusInfo/resourceStatus"},
                  decode_sm_context_status_notification);
}

TEST(sbi_session_models, sm_context_update_data_bad_values) {
  auto bad = decode_sm_context_update_data(
      nlohmann::json{{"release", "yes"}, {"n2SmInfoType", "PDU_RES_REL_RSP"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().pointer, "/release");
  auto cause = decode_sm_context_update_data(nlohmann::json{{"ngApCause", {{"group", 1}}}});
  ASSERT_FALSE(cause);
  EXPECT_EQ(cause.error().pointer, "/ngApCause/value");
  EXPECT_EQ(cause.error().kind, decode_error_kind::missing);
  // Extensible enumerations accept values this release does not list.
  auto future = decode_sm_context_update_data(nlohmann::json{{"upCnxState", "FUTURE_STATE"}});
  ASSERT_TRUE(future);
  EXPECT_EQ(future->up_cnx_state, "FUTURE_STATE");
}

TEST(sbi_session_models, sm_context_models_round_trip) {
  sm_context_created_data created;
  created.h_smf_uri = "http://127.0.0.4:7777/nsmf-pdusession/v1/sm-contexts/1";
  created.pdu_session_id = 5;
  created.s_nssai = snssai{1, std::nullopt};
  created.up_cnx_state = "ACTIVATING";
  expect_round_trip(to_json(created), decode_sm_context_created_data);

  sm_context_updated_data updated;
  updated.up_cnx_state = "ACTIVATED";
  updated.n1_sm_msg = ref_to_binary_data{"n1"};
  updated.n2_sm_info = ref_to_binary_data{"n2"};
  updated.n2_sm_info_type = "PDU_RES_REL_CMD";
  expect_round_trip(to_json(updated), decode_sm_context_updated_data);

  sm_context_update_data release;
  release.release = true;
  release.cause = "REL_DUE_TO_UNSPECIFIED_REASON";
  release.five_g_mm_cause_value = 9;
  expect_round_trip(to_json(release), decode_sm_context_update_data);
  EXPECT_EQ(to_json(release)["5gMmCauseValue"], 9);

  sm_context_create_error error;
  error.error.status = 403;
  error.error.cause = "DNN_DENIED";
  error.n1_sm_msg = ref_to_binary_data{"n1"};
  const auto ej = to_json(error);
  EXPECT_EQ(ej["error"]["cause"], "DNN_DENIED");
  expect_round_trip(ej, decode_sm_context_create_error);
  expect_required(ej, {"/error"}, decode_sm_context_create_error);

  sm_context_update_error update_error;
  update_error.error.status = 404;
  update_error.error.cause = "CONTEXT_NOT_FOUND";
  expect_round_trip(to_json(update_error), decode_sm_context_update_error);

  sm_context_status_notification status;
  status.status_info.resource_status = "RELEASED";
  status.status_info.an_type = "3GPP_ACCESS";
  expect_round_trip(to_json(status), decode_sm_context_status_notification);
}

// --- Namf_Communication N1N2MessageTransfer ---------------------------------------------

TEST(sbi_session_models, decodes_open5gs_n1_n2_message_transfer) {
  const auto j = json_of_multipart("open5gs_n1n2_setup.multipart");
  auto v = decode_n1_n2_message_transfer_req_data(j);
  ASSERT_TRUE(v) << v.error().to_string();
  ASSERT_TRUE(v->n1_message_container);
  EXPECT_EQ(v->n1_message_container->n1_message_class, "SM");
  EXPECT_EQ(v->n1_message_container->n1_message_content.content_id, "5gnas-sm");
  ASSERT_TRUE(v->n2_info_container && v->n2_info_container->sm_info);
  EXPECT_EQ(v->n2_info_container->n2_information_class, "SM");
  const auto& sm = *v->n2_info_container->sm_info;
  EXPECT_EQ(sm.pdu_session_id, 10);
  EXPECT_EQ(sm.n2_info_content.ngap_ie_type, "PDU_RES_SETUP_REQ");
  EXPECT_EQ(sm.n2_info_content.ngap_data.content_id, "ngap-sm");
  EXPECT_EQ(v->pdu_session_id, 10);
  expect_round_trip(j, decode_n1_n2_message_transfer_req_data);
  expect_required(
      j,
      {"/n1MessageContainer/n1MessageClass", "/n1MessageContainer/n1MessageContent",
       "/n2InfoContainer/n2InformationClass", "/n2InfoContainer/smInfo/pduSessionId",
       "/n2InfoContainer/smInfo/n2InfoContent", "/n2InfoContainer/smInfo/n2InfoContent/ngapData"},
      decode_n1_n2_message_transfer_req_data);

  auto rel = decode_n1_n2_message_transfer_req_data(
      json_of_multipart("open5gs_n1n2_release_cmd.multipart"));
  ASSERT_TRUE(rel) << rel.error().to_string();
  EXPECT_FALSE(rel->n1_message_container);
  EXPECT_EQ(rel->skip_ind, true);
  EXPECT_EQ(rel->n2_info_container->sm_info->n2_info_content.ngap_ie_type, "PDU_RES_REL_CMD");

  auto rsp = decode_n1_n2_message_transfer_rsp_data(load_json("open5gs_n1n2_rsp.json"));
  ASSERT_TRUE(rsp) << rsp.error().to_string();
  EXPECT_EQ(rsp->cause, "N1_N2_TRANSFER_INITIATED");
  expect_required(load_json("open5gs_n1n2_rsp.json"), {"/cause"},
                  decode_n1_n2_message_transfer_rsp_data);
}

TEST(sbi_session_models, n1_n2_transfer_round_trips_every_member) {
  n1_n2_message_transfer_req_data v;
  v.n1_message_container =
      n1_message_container{"SM", {"n1"}, "4982c092-ec06-41f1-99fa-4be037ada7d4"};
  n2_sm_information sm;
  sm.pdu_session_id = 1;
  sm.n2_info_content = n2_info_content{14, "PDU_RES_SETUP_REQ", {"n2"}};
  sm.s_nssai = snssai{1, "000080"};
  v.n2_info_container = n2_info_container{"SM", sm};
  v.skip_ind = false;
  v.last_msg_indication = true;
  v.pdu_session_id = 1;
  v.ppi = 3;
  v.arp = arp{};
  v.five_qi = 9;
  v.n1n2_failure_txf_notif_uri = "http://smf/notify";
  v.supported_features = "1";
  const auto j = to_json(v);
  EXPECT_EQ(j["5qi"], 9);
  EXPECT_EQ(j["n2InfoContainer"]["smInfo"]["n2InfoContent"]["ngapMessageType"], 14);
  auto again = decode_n1_n2_message_transfer_req_data(j);
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(*again, v);

  auto bad = j;
  bad["ppi"] = 8;
  ASSERT_FALSE(decode_n1_n2_message_transfer_req_data(bad));
  EXPECT_EQ(decode_n1_n2_message_transfer_req_data(bad).error().pointer, "/ppi");
}

// --- Npcf_SMPolicyControl -----------------------------------------------------------------

TEST(sbi_session_models, decodes_open5gs_sm_policy_context_data) {
  const auto j = load_json("open5gs_sm_policy_context_data.json");
  auto v = decode_sm_policy_context_data(j);
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->supi, "imsi-9997000007487");
  EXPECT_EQ(v->pdu_session_id, 10);
  EXPECT_EQ(v->pdu_session_type, "IPV4");
  EXPECT_EQ(v->dnn, "internet");
  EXPECT_EQ(v->notification_uri, "http://127.0.0.4:7777/nsmf-callback/v1/sm-policy-notify/1");
  EXPECT_EQ(v->slice_info, (snssai{1, "009000"}));
  EXPECT_EQ(v->ipv4_address, "10.45.0.2");
  ASSERT_TRUE(v->subs_sess_ambr);
  EXPECT_EQ(v->subs_sess_ambr->uplink, "1000000 Kbps");
  ASSERT_TRUE(v->subs_def_qos);
  EXPECT_EQ(v->subs_def_qos->five_qi, 9);
  EXPECT_EQ(v->subs_def_qos->arp.priority_level, 8);
  EXPECT_EQ(v->subs_def_qos->arp.preempt_vuln, "NOT_PREEMPTABLE");
  EXPECT_EQ(v->supp_feat, "4000000");
  expect_round_trip(j, decode_sm_policy_context_data);
  expect_required(j,
                  {"/supi", "/pduSessionId", "/pduSessionType", "/dnn", "/notificationUri",
                   "/sliceInfo", "/subsSessAmbr/uplink", "/subsDefQos/arp"},
                  decode_sm_policy_context_data);
  for (const auto& [pointer, value] : std::initializer_list<std::pair<const char*, nlohmann::json>>{
           {"/ipv4Address", "10.45.0.256"},
           {"/ipv4Address", "10.45.0"},
           {"/subsSessAmbr/downlink", "1000000 kbps"},
           {"/subsDefQos/5qi", 256},
           {"/suppFeat", "xyz"},
       }) {
    auto bad = j;
    bad[nlohmann::json::json_pointer(pointer)] = value;
    auto r = decode_sm_policy_context_data(bad);
    ASSERT_FALSE(r) << pointer;
    EXPECT_EQ(r.error().pointer, pointer);
  }
  auto v6 = j;
  v6["ipv6AddressPrefix"] = "2001:db8:abcd:12::/64";
  EXPECT_TRUE(decode_sm_policy_context_data(v6));
  v6["ipv6AddressPrefix"] = "2001:db8:abcd:12::/129";
  EXPECT_FALSE(decode_sm_policy_context_data(v6));
}

TEST(sbi_session_models, decodes_open5gs_sm_policy_decisions) {
  auto d = decode_sm_policy_decision(load_json("open5gs_sm_policy_decision.json"));
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_EQ(d->sess_rules.size(), 1U);
  const auto& rule = d->sess_rules.at("1");
  EXPECT_EQ(rule.sess_rule_id, "1");
  EXPECT_EQ(rule.auth_sess_ambr, (ambr{"1000000 Kbps", "1000000 Kbps"}));
  ASSERT_TRUE(rule.auth_def_qos);
  EXPECT_EQ(rule.auth_def_qos->five_qi, 9);
  EXPECT_EQ(rule.auth_def_qos->priority_level, 8);
  EXPECT_EQ(d->supp_feat, "4000000");
  expect_round_trip(load_json("open5gs_sm_policy_decision.json"), decode_sm_policy_decision);

  const auto pj = load_json("open5gs_sm_policy_decision_pcc.json");
  auto p = decode_sm_policy_decision(pj);
  ASSERT_TRUE(p) << p.error().to_string();
  const auto& pcc = p->pcc_rules.at("ims-n1");
  EXPECT_EQ(pcc.precedence, 1U);
  ASSERT_EQ(pcc.flow_infos.size(), 4U);
  EXPECT_EQ(pcc.flow_infos[2].flow_description,
            "permit out udp from 10.200.136.98/32 23455 to assigned 1-65535");
  EXPECT_EQ(pcc.flow_infos[3].flow_direction, "DOWNLINK");
  EXPECT_EQ(pcc.ref_qos_data, std::vector<std::string>{"ims-n1"});
  const auto& qos = p->qos_decs.at("ims-n1");
  EXPECT_EQ(qos.five_qi, 1);
  EXPECT_EQ(qos.maxbr_dl, "64000 bps");
  EXPECT_EQ(qos.gbr_ul, "44000 bps");
  ASSERT_TRUE(qos.arp);
  EXPECT_EQ(qos.arp->preempt_cap, "MAY_PREEMPT");
  expect_round_trip(pj, decode_sm_policy_decision);
  expect_required(
      pj, {"/sessRules/1/sessRuleId", "/pccRules/ims-n1/pccRuleId", "/qosDecs/ims-n1/qosId"},
      decode_sm_policy_decision);

  auto null_rule = pj;
  null_rule["pccRules"]["ims-n1"] = nullptr;
  auto nr = decode_sm_policy_decision(null_rule);
  ASSERT_FALSE(nr);
  EXPECT_EQ(nr.error().pointer, "/pccRules/ims-n1");
  auto empty_map = pj;
  empty_map["qosDecs"] = nlohmann::json::object();
  ASSERT_FALSE(decode_sm_policy_decision(empty_map));
  auto two_refs = pj;
  two_refs["pccRules"]["ims-n1"]["refQosData"] = {"a", "b"};
  ASSERT_FALSE(decode_sm_policy_decision(two_refs));
}

TEST(sbi_session_models, sm_policy_update_delete_control) {
  auto del = decode_sm_policy_delete_data(load_json("open5gs_sm_policy_delete.json"));
  ASSERT_TRUE(del) << del.error().to_string();
  EXPECT_EQ(del->serving_network, (plmn_id{"999", "70"}));
  expect_round_trip(load_json("open5gs_sm_policy_delete.json"), decode_sm_policy_delete_data);

  sm_policy_update_context_data up;
  up.rep_policy_ctrl_req_triggers = {"SE_AMBR_CH"};
  up.subs_sess_ambr = ambr{"200 Mbps", "100 Mbps"};
  up.ipv4_address = "10.45.0.3";
  expect_round_trip(to_json(up), decode_sm_policy_update_context_data);

  sm_policy_control ctl;
  ctl.context = *decode_sm_policy_context_data(load_json("open5gs_sm_policy_context_data.json"));
  ctl.policy = *decode_sm_policy_decision(load_json("open5gs_sm_policy_decision.json"));
  expect_round_trip(to_json(ctl), decode_sm_policy_control);
  expect_required(to_json(ctl), {"/context", "/policy"}, decode_sm_policy_control);
}

// --- Npcf_AMPolicyControl -----------------------------------------------------------------

TEST(sbi_session_models, decodes_open5gs_policy_association) {
  const auto rj = load_json("open5gs_policy_association_request.json");
  auto req = decode_policy_association_request(rj);
  ASSERT_TRUE(req) << req.error().to_string();
  EXPECT_EQ(req->supi, "imsi-9997000007487");
  EXPECT_EQ(req->access_type, "3GPP_ACCESS");
  EXPECT_EQ(req->serving_plmn, (plmn_id{"999", "70"}));
  EXPECT_EQ(req->rat_type, "NR");
  ASSERT_EQ(req->allowed_snssais.size(), 2U);
  EXPECT_EQ(req->allowed_snssais[1], (snssai{1, "009000"}));
  ASSERT_TRUE(req->guami);
  EXPECT_EQ(req->supp_feat, "4");
  expect_round_trip(rj, decode_policy_association_request);
  expect_required(rj, {"/notificationUri", "/supi", "/suppFeat"},
                  decode_policy_association_request);

  const auto aj = load_json("open5gs_policy_association.json");
  auto a = decode_policy_association(aj);
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(a->request);
  EXPECT_EQ(a->request->supi, "imsi-9997000007487");
  EXPECT_EQ(a->ue_ambr, (ambr{"1000000 Kbps", "1000000 Kbps"}));
  EXPECT_TRUE(a->triggers.empty());
  EXPECT_FALSE(a->rfsp);
  expect_round_trip(aj, decode_policy_association);
  expect_required(aj, {"/suppFeat", "/request/supi"}, decode_policy_association);

  policy_association full;
  full.supp_feat = "0";
  full.rfsp = 256;
  full.triggers = {"LOC_CH"};
  full.serv_area_res =
      service_area_restriction{"ALLOWED_AREAS", {area{{"000001", "0002"}, std::nullopt}}, 3};
  expect_round_trip(to_json(full), decode_policy_association);
  auto bad = to_json(full);
  bad["rfsp"] = 0;
  EXPECT_EQ(decode_policy_association(bad).error().pointer, "/rfsp");
  bad = to_json(full);
  bad["servAreaRes"]["areas"][0]["areaCode"] = "x";  // both tacs and areaCode
  EXPECT_EQ(decode_policy_association(bad).error().pointer, "/servAreaRes/areas/0");
}

// --- BitRate --------------------------------------------------------------------------

TEST(sbi_session_models, parses_bit_rates) {
  EXPECT_EQ(parse_bit_rate("1000000 Kbps"), 1'000'000'000U);
  EXPECT_EQ(parse_bit_rate("64000 bps"), 64'000U);
  EXPECT_EQ(parse_bit_rate("1.5 Mbps"), 1'500'000U);
  EXPECT_EQ(parse_bit_rate("0.001 Kbps"), 1U);
  EXPECT_EQ(parse_bit_rate("0.0001 Kbps"), 0U);  // below 1 bit/s
  EXPECT_EQ(parse_bit_rate("2 Tbps"), 2'000'000'000'000U);
  EXPECT_EQ(parse_bit_rate_kbps("1 Gbps"), 1'000'000U);
  EXPECT_EQ(parse_bit_rate("18446744073709551615 bps"), UINT64_MAX);
  EXPECT_FALSE(parse_bit_rate("18446744073709551616 bps"));
  EXPECT_FALSE(parse_bit_rate("99999999999 Tbps"));
  for (const char* bad : {"", "1", "1 kbps", "1  Mbps", " 1 Mbps", "1. Mbps", ".5 Mbps", "-1 bps",
                          "1 Mbps ", "1e3 bps"}) {
    EXPECT_FALSE(parse_bit_rate(bad)) << bad;
  }
  // bit_rate_from_kbps (sdm_models.h) is the inverse for whole numbers.
  for (std::uint64_t kbps : {1ULL, 999ULL, 1000ULL, 1'000'000ULL, 1'234'000ULL}) {
    EXPECT_EQ(parse_bit_rate_kbps(bit_rate_from_kbps(kbps)), kbps) << kbps;
  }
}

}  // namespace
}  // namespace glasscore::sbi
