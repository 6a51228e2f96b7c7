// SBI models: decoding real NRF traffic of another core (tests/sbi/data, taken from
// ../shared/spec/captures), round trips, and the validation errors naming the member.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "glasscore/sbi/common.h"
#include "glasscore/sbi/nrf_models.h"

namespace glasscore::sbi {
namespace {

std::string load(const std::string& name) {
  std::ifstream in(std::string(GLASSCORE_SBI_TEST_DATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A profile exercising every modelled member.
const char* const full_profile = R"({
  "nfInstanceId": "4947a69a-f61b-4bc1-b9da-47c9c5d14b64",
  "nfInstanceName": "smf-1",
  "nfType": "SMF", "nfStatus": "REGISTERED", "heartBeatTimer": 30,
  "plmnList": [{"mcc": "001", "mnc": "01"}],
  "sNssais": [{"sst": 1}, {"sst": 2, "sd": "ABCDEF"}],
  "fqdn": "smf.example.org",
  "ipv4Addresses": ["127.0.0.4"], "ipv6Addresses": ["::1"],
  "priority": 1, "capacity": 100, "load": 7,
  "allowedNfTypes": ["AMF", "5G_EIR"],
  "nfServices": [{
    "serviceInstanceId": "s1", "serviceName": "nsmf-pdusession",
    "versions": [{"apiVersionInUri": "v1", "apiFullVersion": "1.2.5"}],
    "scheme": "http", "nfServiceStatus": "REGISTERED",
    "ipEndPoints": [{"ipv4Address": "127.0.0.4", "transport": "TCP", "port": 7777}],
    "apiPrefix": "/core", "allowedNfTypes": ["AMF"], "load": 3
  }],
  "amfInfo": {"amfSetId": "001", "amfRegionId": "02",
              "guamiList": [{"plmnId": {"mcc": "001", "mnc": "01"}, "amfId": "020040"}],
              "taiList": [{"plmnId": {"mcc": "001", "mnc": "01"}, "tac": "000001"}]},
  "smfInfo": {"sNssaiSmfInfoList": [{"sNssai": {"sst": 1},
                                     "dnnSmfInfoList": [{"dnn": "internet"}, {"dnn": "ims"}]}],
              "taiList": [{"plmnId": {"mcc": "001", "mnc": "01"}, "tac": "0001"}]},
  "ausfInfo": {"groupId": "g1", "routingIndicators": ["0000"]},
  "udmInfo": {"supiRanges": [{"start": "001010000000000", "end": "001019999999999"}]},
  "udrInfo": {"supportedDataSets": ["SUBSCRIPTION"]},
  "nfProfileChangesSupportInd": true,
  "someFutureMember": {"x": [1, 2, 3]}
})";

TEST(sbi_models, decodes_open5gs_amf_registration) {
  auto p = parse_nf_profile(load("open5gs_amf_register.json"));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->nf_instance_id, "f7d6eda4-ec05-41f1-a812-4d11a1d37550");
  EXPECT_EQ(p->type, nf_type::amf);
  EXPECT_EQ(p->status, nf_status::registered);
  EXPECT_EQ(p->ipv4_addresses, std::vector<std::string>{"127.0.0.5"});
  EXPECT_EQ(p->allowed_nf_types, (std::vector<nf_type>{nf_type::scp, nf_type::smf, nf_type::amf}));
  EXPECT_EQ(p->capacity, 100);
  ASSERT_TRUE(p->amf);
  EXPECT_EQ(p->amf->amf_set_id, "001");
  EXPECT_EQ(p->amf->amf_region_id, "02");
  ASSERT_EQ(p->amf->guami_list.size(), 1U);
  EXPECT_EQ(p->amf->guami_list[0].amf_id, "020040");
  EXPECT_EQ(p->amf->guami_list[0].plmn, (plmn_id{"999", "70"}));
  ASSERT_EQ(p->amf->tai_list.size(), 1U);
  EXPECT_EQ(p->amf->tai_list[0].tac, "000001");
  ASSERT_EQ(p->nf_services.size(), 1U);  // from nfServiceList
  const auto& s = p->nf_services[0];
  EXPECT_EQ(s.service_instance_id, "f7d74092-ec05-41f1-a812-4d11a1d37550");
  EXPECT_EQ(s.service_name, "namf-comm");
  EXPECT_EQ(s.versions[0].api_version_in_uri, "v1");
  EXPECT_EQ(s.scheme, uri_scheme::http);
  ASSERT_EQ(s.ip_end_points.size(), 1U);
  EXPECT_EQ(s.ip_end_points[0].port, 7777);
  EXPECT_EQ(p->nf_profile_changes_support_ind, true);
}

TEST(sbi_models, decodes_every_captured_body) {
  for (const char* f :
       {"open5gs_scp_register.json", "open5gs_smf_register.json", "open5gs_udm_register.json"}) {
    auto p = parse_nf_profile(load(f));
    EXPECT_TRUE(p) << f << ": " << p.error().to_string();
  }
  auto udm = parse_nf_profile(load("open5gs_udm_register.json"));
  ASSERT_TRUE(udm);
  EXPECT_EQ(udm->type, nf_type::udm);
  ASSERT_EQ(udm->nf_services.size(), 3U);
  std::vector<std::string> names;
  for (const auto& s : udm->nf_services) {
    names.push_back(s.service_name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"nudm-sdm", "nudm-ueau", "nudm-uecm"}));

  auto sub = parse_subscription_data(load("open5gs_subscription.json"));
  ASSERT_TRUE(sub) << sub.error().to_string();
  EXPECT_EQ(sub->nf_status_notification_uri,
            "http://127.0.0.200:7777/nnrf-nfm/v1/nf-status-notify");
  EXPECT_EQ(sub->req_nf_type, nf_type::scp);
  ASSERT_TRUE(sub->cond);
  EXPECT_EQ(std::get<nf_type_cond>(*sub->cond).type, nf_type::sepp);
  EXPECT_EQ(sub->requester_features, "1");

  auto n = parse_notification_data(load("open5gs_nf_registered_notify.json"));
  ASSERT_TRUE(n) << n.error().to_string();
  EXPECT_EQ(n->event, notification_event::nf_registered);
  ASSERT_TRUE(n->profile);
  EXPECT_EQ(n->profile->type, nf_type::amf);
  EXPECT_EQ(n->profile->heart_beat_timer, 10U);
}

TEST(sbi_models, full_profile_round_trips) {
  auto p = parse_nf_profile(std::string_view(full_profile));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->s_nssais[1].sd, "abcdef");  // normalised to lower case
  EXPECT_EQ(p->allowed_nf_types[1], nf_type::five_g_eir);
  ASSERT_TRUE(p->smf);
  EXPECT_EQ(p->smf->s_nssai_smf_info_list[0].dnn_smf_info_list[1].dnn, "ims");
  EXPECT_EQ(p->nf_services[0].api_prefix, "/core");
  EXPECT_EQ(p->udm->supi_ranges[0].end, "001019999999999");
  const auto text = to_text(to_json(*p));
  auto again = parse_nf_profile(std::string_view(text));
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(*again, *p);
  // The encoder writes the Rel-16+ map and never the unknown member.
  const auto j = nlohmann::json::parse(text);
  EXPECT_TRUE(j.contains("nfServiceList"));
  EXPECT_FALSE(j.contains("someFutureMember"));
  EXPECT_EQ(j["allowedNfTypes"][1], "5G_EIR");
}

TEST(sbi_models, other_types_round_trip) {
  search_result r;
  r.validity_period = 3600;
  auto p = parse_nf_profile(load("open5gs_amf_register.json"));
  ASSERT_TRUE(p);
  r.nf_instances.push_back(*p);
  auto back = parse_search_result(std::string_view(to_text(to_json(r))));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, r);

  subscription_data s;
  s.nf_status_notification_uri = "http://127.0.0.1:9/notify";
  s.cond = service_name_cond{"nudm-sdm"};
  s.req_notif_events = {notification_event::nf_deregistered};
  s.subscription_id = "7";
  auto s2 = parse_subscription_data(std::string_view(to_text(to_json(s))));
  ASSERT_TRUE(s2) << s2.error().to_string();
  EXPECT_EQ(*s2, s);

  problem_details pd;
  pd.status = 400;
  pd.cause = "MANDATORY_IE_INCORRECT";
  pd.invalid_params.push_back({"/nfType", "unknown value 'FOO'"});
  auto pd2 = decode_problem_details(to_json(pd));
  ASSERT_TRUE(pd2);
  EXPECT_EQ(*pd2, pd);
}

struct bad_case {
  const char* patch;  // merged into a valid profile
  const char* message;
  decode_error_kind kind;
};

TEST(sbi_models, validation_names_the_member) {
  const bad_case cases[] = {
      {R"({"nfType": "FOO"})", "nfType: unknown value 'FOO'", decode_error_kind::incorrect},
      {R"({"nfType": 3})", "nfType: must be a string", decode_error_kind::incorrect},
      {R"({"nfStatus": "UP"})", "nfStatus: unknown value 'UP'", decode_error_kind::incorrect},
      {R"({"nfInstanceId": "x"})", "nfInstanceId: not a UUID", decode_error_kind::incorrect},
      {R"({"nfType": null})", "nfType: must be a string", decode_error_kind::incorrect},
      {R"({"heartBeatTimer": 0})", "heartBeatTimer: must be at least 1",
       decode_error_kind::incorrect},
      {R"({"load": 101})", "load: out of range 0..100", decode_error_kind::incorrect},
      {R"({"priority": 70000})", "priority: out of range 0..65535", decode_error_kind::incorrect},
      {R"({"priority": 1.5})", "priority: must be an integer", decode_error_kind::incorrect},
      {R"({"plmnList": [{"mcc": "1", "mnc": "01"}]})", "plmnList/0/mcc: must be 3 digits",
       decode_error_kind::incorrect},
      {R"({"sNssais": [{"sst": 256}]})", "sNssais/0/sst: out of range 0..255",
       decode_error_kind::incorrect},
      {R"({"sNssais": [{"sst": 1, "sd": "12345"}]})", "sNssais/0/sd: must be 6 hex digits",
       decode_error_kind::incorrect},
      {R"({"ipv4Addresses": ["1.2.3"]})", "ipv4Addresses/0: not an IPv4 address",
       decode_error_kind::incorrect},
      {R"({"nfServices": [{"serviceInstanceId": "a", "serviceName": "x", "versions": [],
           "scheme": "http", "nfServiceStatus": "REGISTERED"}]})",
       "nfServices/0/versions: must not be empty", decode_error_kind::incorrect},
      {R"({"nfServices": [{"serviceInstanceId": "a", "serviceName": "x",
           "versions": [{"apiVersionInUri": "v1", "apiFullVersion": "1"}],
           "scheme": "ftp", "nfServiceStatus": "REGISTERED"}]})",
       "nfServices/0/scheme: unknown value 'ftp'", decode_error_kind::incorrect},
      {R"({"smfInfo": {"sNssaiSmfInfoList": [{"sNssai": {"sst": 1}}]}})",
       "smfInfo/sNssaiSmfInfoList/0/dnnSmfInfoList: missing", decode_error_kind::missing},
      {R"({"amfInfo": {"amfSetId": "401", "amfRegionId": "02", "guamiList": []}})",
       "amfInfo/amfSetId: must match ^[0-3][A-Fa-f0-9]{2}$", decode_error_kind::incorrect},
      {R"({"nfServiceList": {"k": {"serviceInstanceId": "other", "serviceName": "x",
           "versions": [{"apiVersionInUri": "v1", "apiFullVersion": "1"}],
           "scheme": "http", "nfServiceStatus": "REGISTERED"}}})",
       "nfServiceList/k/serviceInstanceId: does not match its map key",
       decode_error_kind::incorrect},
  };
  const auto base = nlohmann::json::parse(
      R"({"nfInstanceId": "4947a69a-f61b-4bc1-b9da-47c9c5d14b64", "nfType": "AMF",
          "nfStatus": "REGISTERED", "ipv4Addresses": ["127.0.0.1"]})");
  for (const auto& c : cases) {
    auto j = base;
    j.merge_patch(nlohmann::json::parse(c.patch));
    if (nlohmann::json::parse(c.patch).contains("nfType") &&
        nlohmann::json::parse(c.patch)["nfType"].is_null()) {
      j["nfType"] = nullptr;  // merge_patch deletes on null; keep an explicit null
    }
    auto p = decode_nf_profile(j);
    ASSERT_FALSE(p) << c.patch;
    EXPECT_EQ(p.error().to_string(), c.message) << c.patch;
    EXPECT_EQ(p.error().kind, c.kind) << c.patch;
  }
}

TEST(sbi_models, missing_members_and_syntax) {
  auto p = parse_nf_profile(std::string_view(
      R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfStatus":"REGISTERED","fqdn":"a"})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, decode_error_kind::missing);
  EXPECT_EQ(p.error().pointer, "/nfType");

  p = parse_nf_profile(std::string_view(
      R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfType":"AMF","nfStatus":"REGISTERED"})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, decode_error_kind::missing);  // no fqdn / addresses

  p = parse_nf_profile(std::string_view("{\"nfType\": "));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().kind, decode_error_kind::syntax);
  p = parse_nf_profile(std::string_view("[1,2]"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().to_string(), "must be an object");

  auto n = parse_notification_data(
      std::string_view(R"({"event":"NF_REGISTERED","nfInstanceUri":"http://x"})"));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().pointer, "/nfProfile");

  auto s = parse_subscription_data(
      std::string_view(R"({"nfStatusNotificationUri":"http://x","subscrCond":{"amfSetId":"1"}})"));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().pointer, "/subscrCond");
}

TEST(sbi_models, nf_type_names) {
  EXPECT_EQ(to_string(nf_type::five_g_ddnmf), "5G_DDNMF");
  EXPECT_EQ(to_string(nf_type::panf), "PANF");
  for (int i = 0; i <= static_cast<int>(nf_type::panf); ++i) {
    const auto t = static_cast<nf_type>(i);
    EXPECT_EQ(parse_nf_type(to_string(t)), t);
  }
  EXPECT_FALSE(parse_nf_type("amf"));  // case-sensitive
  EXPECT_FALSE(parse_nf_type(""));
}

TEST(sbi_models, big_numbers_do_not_wrap) {
  auto p = parse_nf_profile(std::string_view(
      R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfType":"AMF","nfStatus":"REGISTERED","fqdn":"a","heartBeatTimer":18446744073709551615})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().pointer, "/heartBeatTimer");
  p = parse_nf_profile(std::string_view(
      R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfType":"AMF","nfStatus":"REGISTERED","fqdn":"a","heartBeatTimer":-1})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().pointer, "/heartBeatTimer");
}

TEST(sbi_models, deep_nesting_and_duplicate_services_are_refused) {
  const std::string deep = std::string(33, '[') + std::string(33, ']');
  auto j = parse_json(deep);
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().kind, decode_error_kind::syntax);
  EXPECT_TRUE(parse_json(std::string(32, '[') + std::string(32, ']')));
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_json("\"" + std::string(100, '[') + "\\\"\""));
  auto p = parse_nf_profile(std::string_view(
      R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfType":"AMF","nfStatus":"REGISTERED","fqdn":"a",
          "nfServices":[{"serviceInstanceId":"1","serviceName":"a","versions":[{"apiVersionInUri":"v1","apiFullVersion":"1"}],"scheme":"http","nfServiceStatus":"REGISTERED"},
                        {"serviceInstanceId":"1","serviceName":"b","versions":[{"apiVersionInUri":"v1","apiFullVersion":"1"}],"scheme":"http","nfServiceStatus":"REGISTERED"}]})"));
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().to_string(), "nfServices/1/serviceInstanceId: duplicate");
}

}  // namespace
}  // namespace glasscore::sbi
