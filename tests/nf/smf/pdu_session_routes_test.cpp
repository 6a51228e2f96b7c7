// The SMF's Nsmf_PDUSession routes (TS 29.502 §6.1.3) through an sbi::router: multipart
// bodies in and out, the Location of a created context, and the HTTP answers to bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_peers.h"
#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/core/log.h"
#include "glasscore/sbi/multipart.h"
#include "smf/sbi/pdu_session_routes.h"

namespace glasscore::smf {
namespace {

config::dnn_config internet() {
  config::dnn_config d;
  d.name = "internet";
  d.ipv4_pool = config::ip_prefix{config::ip_address::v4(10, 45, 0, 0), 16};
  return d;
}

std::vector<std::uint8_t> establishment_request(std::uint8_t psi) {
  nas::pdu_session_establishment_request r;
  r.pdu_session_type = nas::pdu_session_type{nas::pdu_session_type_value::ipv4};
  byte_writer w;
  EXPECT_TRUE(nas::encode_gsm(nas::gsm_pdu{psi, 1, std::move(r)}, w));
  return w.release();
}

http2::request multipart_request(std::string path, const nlohmann::json& json,
                                 const std::vector<std::uint8_t>& n1) {
  sbi::multipart_body m;
  const std::string text = json.dump();
  m.parts.push_back({"application/json", {}, {text.begin(), text.end()}});
  m.parts.push_back({"application/vnd.3gpp.5gnas", "n1msg", n1});
  const std::string boundary = sbi::choose_boundary(m);
  const auto bytes = sbi::encode_multipart(m, boundary);
  http2::request req;
  req.method = "POST";
  req.path = std::move(path);
  req.headers = {{"content-type", sbi::multipart_content_type(boundary)}};
  req.body.assign(bytes.begin(), bytes.end());
  return req;
}

nlohmann::json create_data(std::uint8_t psi) {
  return {{"supi", "imsi-001010000000001"},
          {"pduSessionId", psi},
          {"dnn", "internet"},
          {"sNssai", {{"sst", 1}}},
          {"servingNfId", "3f1c2d5e-0000-4000-8000-000000000005"},
          {"servingNetwork", {{"mcc", "001"}, {"mnc", "01"}}},
          {"anType", "3GPP_ACCESS"},
          {"smContextStatusUri", "http://127.0.0.5:7777/namf-callback/v1/sm-status/x"},
          {"n1SmMsg", {{"contentId", "n1msg"}}}};
}

class smf_routes : public ::testing::Test {
 protected:
  smf_routes()
      : pools(dnn_pools::create({internet()}).value()), env{loop,
                                                            contexts,
                                                            pools,
                                                            udm,
                                                            pcf,
                                                            upf,
                                                            amf,
                                                            smf_metrics::create(registry).value(),
                                                            log::get("smf")} {
    add_pdu_session_routes(router, env, "http://127.0.0.4:7777");
  }

  http2::response call(const http2::request& req) {
    std::optional<http2::response> out;
    router.dispatch(req, [&out](http2::response r) { out = std::move(r); });
    loop.run_pending();
    EXPECT_TRUE(out.has_value());
    return out ? *out : http2::response{};
  }

  static std::string header(const http2::response& r, std::string_view name) {
    for (const auto& h : r.headers) {
      if (h.name == name) {
        return h.value;
      }
    }
    return {};
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
  sbi::router router;
};

TEST_F(smf_routes, create_answers_201_with_location_then_sends_the_accept) {
  auto resp = call(multipart_request("/nsmf-pdusession/v1/sm-contexts", create_data(5),
                                     establishment_request(5)));
  EXPECT_EQ(resp.status, 201);
  EXPECT_EQ(header(resp, "location"), "http://127.0.0.4:7777/nsmf-pdusession/v1/sm-contexts/1");
  auto body = nlohmann::json::parse(resp.body);
  EXPECT_EQ(body["pduSessionId"], 5);
  ASSERT_EQ(amf.transfers.size(), 1U);
  EXPECT_EQ(amf.transfers[0].api_root, "http://127.0.0.5:7777");
  EXPECT_TRUE(amf.transfers[0].n1 && amf.transfers[0].n2);
}

// TS 29.502 §6.1.6.2.2 ueLocation, an NrLocation (TS 29.571 §5.4.4.9, Tac 4 or 6 hex
// digits): the SM context keeps where the UE is, and UPF selection gets its TAC.
TEST_F(smf_routes, create_keeps_the_ue_location) {
  auto data = create_data(5);
  data["ueLocation"] = {
      {"nrLocation",
       {{"tai", {{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"tac", "00002a"}}},
        {"ncgi", {{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"nrCellId", "00000001f"}}}}}};
  auto resp =
      call(multipart_request("/nsmf-pdusession/v1/sm-contexts", data, establishment_request(5)));
  ASSERT_EQ(resp.status, 201);
  auto c = contexts.find("1");
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->location.has_value());
  EXPECT_EQ(c->location->mcc, "001");
  EXPECT_EQ(c->location->mnc, "01");
  EXPECT_EQ(c->location->tac, 0x2aU);
  EXPECT_EQ(c->location->nr_cell_id, "00000001f");
  EXPECT_EQ(upf.selected_for_tacs, std::vector<std::optional<std::uint32_t>>{0x2aU});
}

TEST_F(smf_routes, refused_create_is_403_multipart_with_the_reject) {
  auto data = create_data(5);
  data["dnn"] = "ims";
  auto resp =
      call(multipart_request("/nsmf-pdusession/v1/sm-contexts", data, establishment_request(5)));
  EXPECT_EQ(resp.status, 403);
  auto parts = sbi::decode_multipart(
      header(resp, "content-type"),
      std::span(reinterpret_cast<const std::uint8_t*>(resp.body.data()), resp.body.size()));
  ASSERT_TRUE(parts.has_value());
  const auto* json = sbi::json_part(*parts);
  ASSERT_NE(json, nullptr);
  auto error = nlohmann::json::parse(std::string(json->data.begin(), json->data.end()));
  EXPECT_EQ(error["error"]["cause"], "DNN_DENIED");
  const auto* n1 = sbi::find_part(*parts, error["n1SmMsg"]["contentId"].get<std::string>());
  ASSERT_NE(n1, nullptr);
  auto reject = nas::decode_gsm(n1->data);
  ASSERT_TRUE(reject.has_value());
  EXPECT_TRUE(std::holds_alternative<nas::pdu_session_establishment_reject>(reject->body));
}

TEST_F(smf_routes, bad_bodies_are_400_and_unknown_contexts_404) {
  auto missing_part = create_data(5);
  missing_part["n1SmMsg"]["contentId"] = "nothing";
  EXPECT_EQ(call(multipart_request("/nsmf-pdusession/v1/sm-contexts", missing_part,
                                   establishment_request(5)))
                .status,
            400);
  auto no_dnn = create_data(5);
  no_dnn.erase("dnn");
  EXPECT_EQ(
      call(multipart_request("/nsmf-pdusession/v1/sm-contexts", no_dnn, establishment_request(5)))
          .status,
      400);
  http2::request garbage;
  garbage.method = "POST";
  garbage.path = "/nsmf-pdusession/v1/sm-contexts";
  garbage.headers = {{"content-type", "multipart/related; boundary=x"}};
  garbage.body = "--x\r\nnot a part";
  EXPECT_EQ(call(garbage).status, 400);

  http2::request modify;
  modify.method = "POST";
  modify.path = "/nsmf-pdusession/v1/sm-contexts/99/modify";
  modify.headers = {{"content-type", "application/json"}};
  modify.body = R"({"upCnxState":"DEACTIVATED"})";
  EXPECT_EQ(call(modify).status, 404);
}

TEST_F(smf_routes, modify_and_release_of_a_created_context) {
  ASSERT_EQ(call(multipart_request("/nsmf-pdusession/v1/sm-contexts", create_data(5),
                                   establishment_request(5)))
                .status,
            201);
  http2::request modify;
  modify.method = "POST";
  modify.path = "/nsmf-pdusession/v1/sm-contexts/1/modify";
  modify.headers = {{"content-type", "application/json"}};
  modify.body = R"({"upCnxState":"DEACTIVATED"})";
  auto m = call(modify);
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(nlohmann::json::parse(m.body)["upCnxState"], "DEACTIVATED");

  http2::request release;
  release.method = "POST";
  release.path = "/nsmf-pdusession/v1/sm-contexts/1/release";
  EXPECT_EQ(call(release).status, 204);
  EXPECT_EQ(contexts.size(), 0U);
  EXPECT_EQ(upf.released.size(), 1U);
}

// TS 29.512 §4.2.3.2: the PCF's UpdateNotify for a session gets 204, then the session is
// modified with the new decision's session rule.
TEST_F(smf_routes, policy_update_notify_answers_204_then_modifies_the_session) {
  auto created = call(multipart_request("/nsmf-pdusession/v1/sm-contexts", create_data(5),
                                        establishment_request(5)));
  ASSERT_EQ(created.status, 201);
  ASSERT_EQ(upf.established.size(), 1U);
  const nlohmann::json notification = {
      {"resourceUri", "http://127.0.0.7:7777/npcf-smpolicycontrol/v1/sm-policies/1"},
      {"smPolicyDecision",
       {{"sessRules",
         {{"default",
           {{"sessRuleId", "default"},
            {"authSessAmbr", {{"uplink", "10 Mbps"}, {"downlink", "20 Mbps"}}}}}}}}}};
  http2::request req;
  req.method = "POST";
  req.path = "/nsmf-callback/v1/sm-policy-notify/1/update";
  req.headers = {{"content-type", "application/json"}};
  req.body = notification.dump();
  auto resp = call(req);
  EXPECT_EQ(resp.status, 204);
  ASSERT_EQ(upf.ambr_updates.size(), 1U);
  EXPECT_EQ(std::get<1>(upf.ambr_updates[0]), 10'000U);
  EXPECT_EQ(std::get<2>(upf.ambr_updates[0]), 20'000U);
  EXPECT_EQ(contexts.find("1")->policy.ambr_downlink_kbps, 20'000U);

  req.path = "/nsmf-callback/v1/sm-policy-notify/99/update";
  EXPECT_EQ(call(req).status, 404);
  req.path = "/nsmf-callback/v1/sm-policy-notify/1/update";
  req.body = R"({"smPolicyDecision": {"sessRules": 7}})";
  EXPECT_EQ(call(req).status, 400);
}

}  // namespace
}  // namespace glasscore::smf
