// The home-network SBI models: decoding against the OpenAPI rules (names, required
// members, hex lengths, enums), errors naming the member, and encode/decode round trips.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "glasscore/sbi/ausf_models.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/udr_models.h"
#include "glasscore/sbi/ueau_models.h"
#include "glasscore/sbi/uecm_models.h"

namespace glasscore::sbi {
namespace {

using nlohmann::json;

constexpr const char* snn = "5G:mnc001.mcc001.3gppnetwork.org";

TEST(home_models, authentication_info_request_round_trip_and_errors) {
  const auto j = json::parse(R"({"servingNetworkName":"5G:mnc001.mcc001.3gppnetwork.org",
    "resynchronizationInfo":{"rand":"23553cbe9637a89d218ae64dae47bf35","auts":"0102030405060708090a0b0c0d0e"},
    "ausfInstanceId":"11111111-2222-4333-8444-555555555555"})");
  auto r = decode_authentication_info_request(j);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->resynchronization_info->auts[13], 0x0e);
  EXPECT_EQ(to_json(*r), j);
  auto short_auts = j;
  short_auts["resynchronizationInfo"]["auts"] = "0102";
  auto e = decode_authentication_info_request(short_auts);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().pointer, "/resynchronizationInfo/auts");
  auto bad_snn = j;
  bad_snn["servingNetworkName"] = "5G:mnc01.mcc001.3gppnetwork.org";
  EXPECT_EQ(decode_authentication_info_request(bad_snn).error().pointer, "/servingNetworkName");
  auto no_ausf = j;
  no_ausf.erase("ausfInstanceId");
  EXPECT_EQ(decode_authentication_info_request(no_ausf).error().kind, decode_error_kind::missing);
}

TEST(home_models, serving_network_names) {
  EXPECT_TRUE(is_serving_network_name(snn));
  EXPECT_TRUE(is_serving_network_name("5G:mnc001.mcc001.3gppnetwork.org:000000000AB"));
  EXPECT_TRUE(is_serving_network_name("5G:NSWO"));
  EXPECT_FALSE(is_serving_network_name("5G:mnc001.mcc001.3gppnetwork.org:0"));
  EXPECT_FALSE(is_serving_network_name("5G:mnc0a1.mcc001.3gppnetwork.org"));
  EXPECT_FALSE(is_serving_network_name(""));
}

TEST(home_models, authentication_info_result_round_trip) {
  authentication_info_result r;
  av_5g_he_aka av;
  av.rand.fill(1);
  av.xres_star.fill(2);
  av.autn.fill(3);
  av.kausf.fill(4);
  r.authentication_vector = av;
  r.supi = "imsi-001010000000001";
  const auto j = to_json(r);
  EXPECT_EQ(j.at("authenticationVector").at("avType"), "5G_HE_AKA");
  EXPECT_EQ(j.at("authenticationVector").at("kausf").get<std::string>().size(), 64U);
  EXPECT_EQ(decode_authentication_info_result(j).value(), r);
  auto eap = j;
  eap["authenticationVector"]["avType"] = "EAP_AKA_PRIME";
  EXPECT_EQ(decode_authentication_info_result(eap).error().pointer, "/authenticationVector/avType");
  auto upper = j;
  upper["authenticationVector"]["rand"] = "0101010101010101010101010101010A";
  EXPECT_TRUE(decode_authentication_info_result(upper));  // either case (OpenAPI pattern)
}

TEST(home_models, ausf_models_round_trip) {
  ue_authentication_ctx ctx;
  ctx.auth_data.rand.fill(9);
  ctx.links.emplace("5g-aka", "http://a/nausf-auth/v1/ue-authentications/1/5g-aka-confirmation");
  ctx.serving_network_name = snn;
  const auto j = to_json(ctx);
  EXPECT_EQ(j.at("_links").at("5g-aka").at("href"), ctx.links.at("5g-aka"));
  EXPECT_TRUE(j.contains("5gAuthData"));
  EXPECT_EQ(decode_ue_authentication_ctx(j).value(), ctx);
  confirmation_data_response resp{auth_result::success, "imsi-001010000000001", {}};
  resp.kseaf.emplace().fill(7);
  EXPECT_EQ(decode_confirmation_data_response(to_json(resp)).value(), resp);
  EXPECT_EQ(decode_confirmation_data(json::parse(R"({})")).error().pointer, "/resStar");
  EXPECT_FALSE(decode_confirmation_data(json::parse(R"({"resStar":null})")).value().res_star);
  auto info = decode_authentication_info(json{{"supiOrSuci", "foo"}, {"servingNetworkName", snn}});
  EXPECT_EQ(info.error().pointer, "/supiOrSuci");
  EXPECT_FALSE(decode_authentication_info(
      json{{"supiOrSuci", "imsi-001010000000001/../x"}, {"servingNetworkName", snn}}));
  EXPECT_FALSE(decode_authentication_info(
      json{{"supiOrSuci", "imsi-00101?a=b"}, {"servingNetworkName", snn}}));
}

TEST(home_models, sdm_models_round_trip_and_errors) {
  const auto am = json::parse(R"({"gpsis":["msisdn-491700000001"],
    "subscribedUeAmbr":{"uplink":"200 Mbps","downlink":"1.5 Gbps"},
    "nssai":{"defaultSingleNssais":[{"sst":1}],"singleNssais":[{"sst":2,"sd":"00000A"}]}})");
  auto d = decode_access_and_mobility_subscription_data(am);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->nssai->single_nssais[0].sd, "00000a");
  EXPECT_EQ(decode_access_and_mobility_subscription_data(to_json(*d)).value(), *d);
  auto bad_rate = am;
  bad_rate["subscribedUeAmbr"]["uplink"] = "200Mbps";
  EXPECT_EQ(decode_access_and_mobility_subscription_data(bad_rate).error().pointer,
            "/subscribedUeAmbr/uplink");
  auto no_default = am;
  no_default["nssai"]["defaultSingleNssais"] = json::array();
  EXPECT_EQ(decode_access_and_mobility_subscription_data(no_default).error().pointer,
            "/nssai/defaultSingleNssais");
  const auto sm = json::parse(R"([{"singleNssai":{"sst":1},"dnnConfigurations":{"internet":{
    "pduSessionTypes":{"defaultSessionType":"IPV4","allowedSessionTypes":["IPV4","IPV6"]},
    "sscModes":{"defaultSscMode":"SSC_MODE_1"},
    "5gQosProfile":{"5qi":9,"arp":{"priorityLevel":8,"preemptCap":"NOT_PREEMPT","preemptVuln":"PREEMPTABLE"}},
    "sessionAmbr":{"uplink":"1 Gbps","downlink":"2 Gbps"}}}}])");
  auto s = decode_sm_data(sm);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(to_json(*s), sm);
  auto bad_arp = sm;
  bad_arp[0]["dnnConfigurations"]["internet"]["5gQosProfile"]["arp"]["priorityLevel"] = 16;
  EXPECT_EQ(decode_sm_data(bad_arp).error().pointer,
            "/0/dnnConfigurations/internet/5gQosProfile/arp/priorityLevel");
  const auto smf = json::parse(
      R"({"subscribedSnssaiInfos":{"1-000001":{"dnnInfos":[{"dnn":"ims","defaultDnnIndicator":true}]}}})");
  EXPECT_EQ(to_json(decode_smf_selection_subscription_data(smf).value()), smf);
  EXPECT_EQ(snssai_key(snssai{1, "000001"}), "1-000001");
  EXPECT_EQ(snssai_from_key("1-00000A"), (snssai{1, "00000a"}));
  EXPECT_EQ(snssai_from_key("255"), (snssai{255, std::nullopt}));
  EXPECT_EQ(snssai_from_key("256"), std::nullopt);
  EXPECT_EQ(snssai_from_key("1-0001"), std::nullopt);
  EXPECT_EQ(snssai_from_key("x-000001"), std::nullopt);
  EXPECT_EQ(snssai_from_key(""), std::nullopt);
  EXPECT_EQ(bit_rate_from_kbps(1'000'000), "1 Gbps");
  EXPECT_EQ(bit_rate_from_kbps(1500), "1500 Kbps");
}

TEST(home_models, udr_models_and_sqn_patch) {
  const auto j = json::parse(R"({"authenticationMethod":"5G_AKA",
    "encPermanentKey":"465b5ce8b199b49faa5f0a2ee238a6bc","encOpcKey":"cd63cb71954a9f4e48a5994e37a02baf",
    "sequenceNumber":{"sqnScheme":"NON_TIME_BASED","sqn":"0000000000a0","lastIndexes":{"ausf":0},"indLength":5},
    "authenticationManagementField":"8000","algorithmId":"milenage","supi":"imsi-001010000000001"})");
  auto a = decode_authentication_subscription(j);
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(sqn_from_octets(*a->sequence_number->sqn), 0xa0U);
  EXPECT_EQ(to_json(*a), j);
  auto bad = j;
  bad["sequenceNumber"]["sqn"] = "00000000a0";
  EXPECT_EQ(decode_authentication_subscription(bad).error().pointer, "/sequenceNumber/sqn");
  EXPECT_EQ(sqn_to_octets(0x0102030405), (sqn_octets{0, 1, 2, 3, 4, 5}));

  const sqn_update u{sqn_to_octets(32), sqn_to_octets(64)};
  EXPECT_EQ(decode_sqn_patch(to_json(u)).value(), u);
  EXPECT_FALSE(decode_sqn_patch(to_json(u)).value().expected == std::nullopt);
  EXPECT_EQ(
      decode_sqn_patch(
          json::parse(R"([{"op":"test","path":"/sequenceNumber/sqn","value":"000000000020"}])"))
          .error()
          .kind,
      decode_error_kind::missing);
  EXPECT_EQ(
      decode_sqn_patch(
          json::parse(R"([{"op":"remove","path":"/sequenceNumber/sqn","value":"000000000020"}])"))
          .error()
          .pointer,
      "/0/op");
  EXPECT_EQ(decode_sqn_patch(json::parse(R"({"op":"replace"})")).error().pointer, "");
}

TEST(home_models, uecm_models) {
  const auto j = json::parse(R"({"amfInstanceId":"f7d6eda4-ec05-41f1-a812-4d11a1d37550",
    "deregCallbackUri":"http://127.0.0.5:7777/cb","guami":{"plmnId":{"mcc":"001","mnc":"01"},"amfId":"cafe00"},
    "ratType":"NR","initialRegistrationInd":true})");
  auto r = decode_amf_3gpp_access_registration(j);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(to_json(*r), j);
  auto bad = j;
  bad["guami"]["amfId"] = "cafe";
  EXPECT_EQ(decode_amf_3gpp_access_registration(bad).error().pointer, "/guami/amfId");
  EXPECT_EQ(decode_deregistration_data(json{{"deregReason", "NOPE"}}).error().pointer,
            "/deregReason");
}

}  // namespace
}  // namespace glasscore::sbi
