// The PCF over real HTTP/2 on 127.0.0.1 (our HTTP/2 client, and curl with prior knowledge as
// an independent client): each Npcf_SMPolicyControl and Npcf_AMPolicyControl operation, each
// error answer (problem+json), the Session-AMBR selection rule, the metrics, and NRF
// registration. The io_context runs on its own thread; every wait is bounded (10 s).
#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <cstdio>
#include <fstream>
#include <future>
#include <iterator>
#include <thread>

#include <nlohmann/json.hpp>

#include "glasscore/async/asio_executor.h"
#include "glasscore/http2/client.h"
#include "glasscore/nf/nrf/nrf.h"
#include "glasscore/nf/pcf/pcf.h"
#include "glasscore/nf/pcf/policy_rules.h"
#include "glasscore/sbi/nrf_models.h"
#include "glasscore/sbi/pcf_models.h"

namespace glasscore::pcf {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct reply {
  int status = 0;
  std::vector<http2::header> headers;
  std::string body;
  [[nodiscard]] json j() const { return json::parse(body, nullptr, false); }
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.name == name) {
        return h.value;
      }
    }
    return {};
  }
};

config::dnn_config dnn(std::string name, std::uint64_t ul_kbps, std::uint64_t dl_kbps,
                       std::uint8_t five_qi) {
  config::dnn_config d;
  d.name = std::move(name);
  d.ambr = {ul_kbps, dl_kbps};
  d.default_5qi = five_qi;
  return d;
}

/// A SmPolicyContextData as an SMF sends it (shape of the Open5GS capture).
json sm_context(const std::string& dnn_name = "internet") {
  return json{{"supi", "imsi-001010000000001"},
              {"pduSessionId", 5},
              {"pduSessionType", "IPV4"},
              {"dnn", dnn_name},
              {"notificationUri", "http://127.0.0.4:7777/nsmf-callback/v1/sm-policy-notify/5"},
              {"sliceInfo", {{"sst", 1}}},
              {"ipv4Address", "10.45.0.2"},
              {"suppFeat", "4000000"}};
}

json am_request() {
  return json{{"notificationUri", "http://127.0.0.5:7777/namf-callback/v1/imsi-001010000000001"},
              {"supi", "imsi-001010000000001"},
              {"accessType", "3GPP_ACCESS"},
              {"ratType", "NR"},
              {"servingPlmn", {{"mcc", "001"}, {"mnc", "01"}}},
              {"suppFeat", "4"}};
}

class pcf_sbi : public testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
    on_io([&] {
      pcf_options o;
      o.service.dnns = {dnn("internet", 100'000, 200'000, 9), dnn("ims", 1'000, 2'000, 5)};
      o.registry = &registry_;
      auto p = pcf::start(io_, o);
      ASSERT_TRUE(p) << p.error();
      pcf_ = std::move(*p);
      http2::client_options co;
      co.port = pcf_->port();
      auto c = http2::client::create(io_, co);
      ASSERT_TRUE(c);
      client_ = std::move(*c);
    });
  }

  void TearDown() override {
    on_io([this] {
      client_.reset();
      nrf_client_.reset();
      pcf_.reset();
      nrf_.reset();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(10s), std::future_status::ready);
  }

  reply call(std::string method, std::string path, std::string body = {},
             std::string content_type = "application/json", http2::client* c = nullptr) {
    if (c == nullptr) {
      c = client_.get();
    }
    auto p = std::make_shared<std::promise<expected<http2::response, http2::client_error>>>();
    auto f = p->get_future();
    asio::post(io_, [=] {
      std::vector<http2::header> hs;
      if (!body.empty()) {
        hs.push_back({"content-type", content_type});
      }
      c->request(method, path, hs, body, 8000ms, [p](auto r) { p->set_value(std::move(r)); });
    });
    if (f.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "no answer within 10 s";
      return {};
    }
    auto r = f.get();
    if (!r) {
      ADD_FAILURE() << "request failed: " << http2::to_string(r.error());
      return {};
    }
    return reply{r->status, r->headers, r->body};
  }

  /// The path of a Location header ("http://127.0.0.1:port/npcf-...": the part from /npcf).
  static std::string path_of(const reply& r) {
    const auto loc = r.header("location");
    const auto at = loc.find("/npcf-");
    return at == std::string::npos ? std::string() : loc.substr(at);
  }

  double gauge(const char* name) {
    double v = -1;
    registry_.for_each([&](const metrics::family_base& f) {
      if (f.name() == name) {
        static_cast<const metrics::gauge_family&>(f).for_each(
            [&](const auto&, const metrics::gauge& g) { v = g.value(); });
      }
    });
    return v;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::thread thread_;
  metrics::registry registry_;
  std::unique_ptr<pcf> pcf_;
  std::unique_ptr<http2::client> client_;
  std::unique_ptr<nrf::nrf> nrf_;
  std::unique_ptr<async::asio_timer_service> timers_;
  std::unique_ptr<sbi::nrf_client> nrf_client_;
};

TEST_F(pcf_sbi, sm_policy_lifecycle) {
  auto created = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", sm_context().dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("content-type"), "application/json");
  const auto location = created.header("location");
  const std::string prefix =
      "http://127.0.0.1:" + std::to_string(pcf_->port()) + "/npcf-smpolicycontrol/v1/sm-policies/";
  EXPECT_EQ(location.rfind(prefix, 0), 0U) << location;
  auto decision = sbi::decode_sm_policy_decision(created.j());
  ASSERT_TRUE(decision) << created.body;
  ASSERT_EQ(decision->sess_rules.size(), 1U);
  const auto& rule = decision->sess_rules.begin()->second;
  EXPECT_EQ(rule.sess_rule_id, decision->sess_rules.begin()->first);
  // No subscription values sent: the DNN's configuration, 5QI 9 and ARP 8.
  EXPECT_EQ(rule.auth_sess_ambr, (sbi::ambr{"100 Mbps", "200 Mbps"}));
  ASSERT_TRUE(rule.auth_def_qos);
  EXPECT_EQ(rule.auth_def_qos->five_qi, 9);
  EXPECT_EQ(rule.auth_def_qos->arp, (sbi::arp{8, "NOT_PREEMPT", "PREEMPTABLE"}));
  EXPECT_TRUE(decision->pcc_rules.empty());
  EXPECT_TRUE(decision->qos_decs.empty());
  EXPECT_TRUE(decision->policy_ctrl_req_triggers.empty());
  EXPECT_EQ(decision->supp_feat, "0");
  EXPECT_EQ(gauge("pcf_sm_policy_associations"), 1.0);

  const auto path = path_of(created);
  auto got = call("GET", path);
  ASSERT_EQ(got.status, 200) << got.body;
  auto control = sbi::decode_sm_policy_control(got.j());
  ASSERT_TRUE(control) << got.body;
  EXPECT_EQ(control->context.supi, "imsi-001010000000001");
  EXPECT_EQ(control->context.ipv4_address, "10.45.0.2");
  EXPECT_EQ(control->policy, *decision);

  // An update with a lower subscribed AMBR and a subscribed ARP: the decision follows.
  json update{
      {"repPolicyCtrlReqTriggers", {"SE_AMBR_CH", "DEF_QOS_CH"}},
      {"subsSessAmbr", {{"uplink", "50 Mbps"}, {"downlink", "1 Gbps"}}},
      {"subsDefQos",
       {{"5qi", 9},
        {"arp",
         {{"priorityLevel", 2}, {"preemptCap", "MAY_PREEMPT"}, {"preemptVuln", "NOT_PREEMPTABLE"}}},
        {"priorityLevel", 20}}}};
  auto updated = call("POST", path + "/update", update.dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  auto after = sbi::decode_sm_policy_decision(updated.j());
  ASSERT_TRUE(after) << updated.body;
  const auto& r2 = after->sess_rules.begin()->second;
  EXPECT_EQ(r2.auth_sess_ambr, (sbi::ambr{"50 Mbps", "200 Mbps"}));
  EXPECT_EQ(r2.auth_def_qos->arp, (sbi::arp{2, "MAY_PREEMPT", "NOT_PREEMPTABLE"}));
  EXPECT_EQ(r2.auth_def_qos->priority_level, 20);  // same 5QI as subscribed

  // Open5GS's delete body (TS 29.512 SmPolicyDeleteData) is accepted.
  auto deleted = call("POST", path + "/delete",
                      R"({"servingNetwork":{"mcc":"001","mnc":"01"},"ueTimeZone":"+00:00"})");
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(gauge("pcf_sm_policy_associations"), 0.0);
  // Gone: every operation on it is 404 CONTEXT_NOT_FOUND.
  for (const auto& [method, suffix] : std::initializer_list<std::pair<const char*, const char*>>{
           {"GET", ""}, {"POST", "/update"}, {"POST", "/delete"}}) {
    auto r = call(method, path + suffix, std::string(method) == "GET" ? "" : "{}");
    EXPECT_EQ(r.status, 404) << method << suffix;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(r.j().value("cause", ""), "CONTEXT_NOT_FOUND") << r.body;
  }
}

TEST_F(pcf_sbi, session_ambr_is_the_lower_of_dnn_and_subscription_per_direction) {
  struct ambr_case {
    const char* dnn;
    json subscribed;  // null: not sent
    sbi::ambr expected;
  };
  for (const auto& c : std::initializer_list<ambr_case>{
           // internet: 100 Mbps up, 200 Mbps down configured.
           {"internet", nullptr, {"100 Mbps", "200 Mbps"}},
           {"internet", {{"uplink", "1 Gbps"}, {"downlink", "1 Gbps"}}, {"100 Mbps", "200 Mbps"}},
           {"internet",
            {{"uplink", "64 Kbps"}, {"downlink", "150000 Kbps"}},
            {"64 Kbps", "150000 Kbps"}},
           {"internet",
            {{"uplink", "100 Mbps"}, {"downlink", "199999.5 Kbps"}},
            {"100 Mbps", "199999.5 Kbps"}},  // equal keeps the configured string
           {"INTERNET",
            {{"uplink", "1000000 Kbps"}, {"downlink", "1 bps"}},
            {"100 Mbps", "1 bps"}},  // DNNs compare case-insensitively
           // ims: 1 Mbps / 2 Mbps configured, 5QI 5.
           {"ims", {{"uplink", "1.5 Mbps"}, {"downlink", "1.5 Mbps"}}, {"1 Mbps", "1.5 Mbps"}},
       }) {
    auto body = sm_context(c.dnn);
    if (!c.subscribed.is_null()) {
      body["subsSessAmbr"] = c.subscribed;
    }
    auto r = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", body.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    auto d = sbi::decode_sm_policy_decision(r.j());
    ASSERT_TRUE(d) << r.body;
    EXPECT_EQ(d->sess_rules.begin()->second.auth_sess_ambr, c.expected)
        << c.dnn << " " << c.subscribed.dump();
    const bool ims = std::string(c.dnn) == "ims";
    EXPECT_EQ(d->sess_rules.begin()->second.auth_def_qos->five_qi, ims ? 5 : 9);
  }
  // The same SUPI and PDU session id each time: each create replaced the previous one.
  std::size_t n = 0;
  on_io([&] { n = pcf_->service().sm_policy_count(); });
  EXPECT_EQ(n, 1U);
}

TEST_F(pcf_sbi, sm_policy_errors) {
  // Unknown DNN: 403 POLICY_CONTEXT_DENIED (TS 29.512 §5.7.3).
  auto unknown = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", sm_context("iot").dump());
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  EXPECT_EQ(unknown.j().value("cause", ""), "POLICY_CONTEXT_DENIED") << unknown.body;
  EXPECT_EQ(unknown.j().value("status", 0), 403);

  // A missing mandatory member: 400 MANDATORY_IE_MISSING naming it.
  auto body = sm_context();
  body.erase("sliceInfo");
  auto missing = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", body.dump());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.j().value("cause", ""), "MANDATORY_IE_MISSING") << missing.body;
  ASSERT_TRUE(missing.j().contains("invalidParams")) << missing.body;
  EXPECT_EQ(missing.j()["invalidParams"][0]["param"], "/sliceInfo");

  // A wrong value: 400 MANDATORY_IE_INCORRECT naming it.
  body = sm_context();
  body["pduSessionId"] = 300;
  auto incorrect = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", body.dump());
  EXPECT_EQ(incorrect.status, 400);
  EXPECT_EQ(incorrect.j().value("cause", ""), "MANDATORY_IE_INCORRECT") << incorrect.body;
  EXPECT_EQ(incorrect.j()["invalidParams"][0]["param"], "/pduSessionId");

  // A wrong optional member: 400 OPTIONAL_IE_INCORRECT naming it.
  body = sm_context();
  body["ipv4Address"] = "10.45.0.256";
  auto optional = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", body.dump());
  EXPECT_EQ(optional.status, 400);
  EXPECT_EQ(optional.j().value("cause", ""), "OPTIONAL_IE_INCORRECT") << optional.body;
  EXPECT_EQ(optional.j()["invalidParams"][0]["param"], "/ipv4Address");
  // Nested under a required member: still mandatory.
  body = sm_context();
  body["sliceInfo"]["sst"] = 256;
  auto nested = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", body.dump());
  EXPECT_EQ(nested.j().value("cause", ""), "MANDATORY_IE_INCORRECT") << nested.body;
  EXPECT_EQ(nested.j()["invalidParams"][0]["param"], "/sliceInfo/sst");

  // Not JSON, and not application/json.
  auto garbage = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", "{\"supi\":");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(garbage.j().value("cause", ""), "INVALID_MSG_FORMAT") << garbage.body;
  auto wrong_type =
      call("POST", "/npcf-smpolicycontrol/v1/sm-policies", sm_context().dump(), "text/plain");
  EXPECT_EQ(wrong_type.status, 415);

  // An update with a bad member: 400 naming it, and the association is unchanged.
  auto created = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", sm_context().dump());
  ASSERT_EQ(created.status, 201);
  auto bad_update =
      call("POST", path_of(created) + "/update",
           json{{"subsSessAmbr", {{"uplink", "fast"}, {"downlink", "1 Gbps"}}}}.dump());
  EXPECT_EQ(bad_update.status, 400);
  EXPECT_EQ(bad_update.j().value("cause", ""), "OPTIONAL_IE_INCORRECT") << bad_update.body;
  EXPECT_EQ(bad_update.j()["invalidParams"][0]["param"], "/subsSessAmbr/uplink") << bad_update.body;
  EXPECT_EQ(call("GET", path_of(created)).j()["policy"], created.j());

  // Unknown ids and a method the resource does not have.
  EXPECT_EQ(call("GET", "/npcf-smpolicycontrol/v1/sm-policies/999").status, 404);
  EXPECT_EQ(call("PUT", path_of(created), "{}").status, 405);
}

TEST_F(pcf_sbi, am_policy_lifecycle_and_errors) {
  auto created = call("POST", "/npcf-am-policy-control/v1/policies", am_request().dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto path = path_of(created);
  EXPECT_EQ(path.rfind("/npcf-am-policy-control/v1/policies/", 0), 0U) << path;
  auto a = sbi::decode_policy_association(created.j());
  ASSERT_TRUE(a) << created.body;
  EXPECT_EQ(a->supp_feat, "0");
  EXPECT_TRUE(a->triggers.empty());
  EXPECT_FALSE(a->rfsp);  // not configured
  EXPECT_FALSE(created.j().contains("rfsp"));
  ASSERT_TRUE(a->request);
  EXPECT_EQ(a->request->supi, "imsi-001010000000001");
  EXPECT_EQ(gauge("pcf_am_policy_associations"), 1.0);

  auto got = call("GET", path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.j(), created.j());

  EXPECT_EQ(call("DELETE", path).status, 204);
  EXPECT_EQ(gauge("pcf_am_policy_associations"), 0.0);
  auto again = call("DELETE", path);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.j().value("cause", ""), "CONTEXT_NOT_FOUND");

  auto body = am_request();
  body.erase("suppFeat");
  auto missing = call("POST", "/npcf-am-policy-control/v1/policies", body.dump());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.j()["invalidParams"][0]["param"], "/suppFeat") << missing.body;
  body = am_request();
  body["accessType"] = "5G_ACCESS";
  auto incorrect = call("POST", "/npcf-am-policy-control/v1/policies", body.dump());
  EXPECT_EQ(incorrect.status, 400);
  EXPECT_EQ(incorrect.j()["invalidParams"][0]["param"], "/accessType") << incorrect.body;

  // Every request was counted by operation and status.
  std::uint64_t creates = 0;
  registry_.for_each([&](const metrics::family_base& f) {
    if (f.name() == "pcf_requests_total") {
      static_cast<const metrics::counter_family&>(f).for_each(
          [&](const std::vector<std::string>& labels, const metrics::counter& c) {
            if (labels == std::vector<std::string>{"am_create", "201"}) {
              creates = c.value();
            }
          });
    }
  });
  EXPECT_EQ(creates, 1U);
}

TEST_F(pcf_sbi, open5gs_requests_are_served) {
  // The bodies Open5GS's SMF and AMF sent its PCF (tests/sbi/data/session), with the DNN
  // and the subscription they carry.
  std::ifstream sm(std::string(GLASSCORE_SBI_TEST_DATA) +
                   "/session/open5gs_sm_policy_context_data.json");
  std::ifstream am(std::string(GLASSCORE_SBI_TEST_DATA) +
                   "/session/open5gs_policy_association_request.json");
  ASSERT_TRUE(sm && am);
  const std::string sm_body((std::istreambuf_iterator<char>(sm)), std::istreambuf_iterator<char>());
  const std::string am_body((std::istreambuf_iterator<char>(am)), std::istreambuf_iterator<char>());
  auto r = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", sm_body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = sbi::decode_sm_policy_decision(r.j());
  ASSERT_TRUE(d);
  // subsSessAmbr 1000000 Kbps both ways; internet is configured 100/200 Mbps: ours wins.
  EXPECT_EQ(d->sess_rules.begin()->second.auth_sess_ambr, (sbi::ambr{"100 Mbps", "200 Mbps"}));
  // subsDefQos 5QI 9, ARP 8 NOT_PREEMPT/NOT_PREEMPTABLE, priority 8.
  const auto& q = *d->sess_rules.begin()->second.auth_def_qos;
  EXPECT_EQ(q.arp, (sbi::arp{8, "NOT_PREEMPT", "NOT_PREEMPTABLE"}));
  EXPECT_EQ(q.priority_level, 8);
  EXPECT_EQ(call("POST", "/npcf-am-policy-control/v1/policies", am_body).status, 201);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    return out;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    out.append(buf, n);
  }
  pclose(p);
  return out;
}

TEST_F(pcf_sbi, curl_creates_and_deletes_an_sm_policy) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "curl not installed (scripts/bootstrap installs it)";
  }
  const std::string base = "http://127.0.0.1:" + std::to_string(pcf_->port());
  const auto out =
      run("curl --http2-prior-knowledge -sS -i --max-time 8 -X POST -H "
          "'content-type: application/json' -d '" +
          sm_context("ims").dump() + "' " + base + "/npcf-smpolicycontrol/v1/sm-policies");
  EXPECT_NE(out.find("HTTP/2 201"), std::string::npos) << out;
  const auto loc = out.find("location: ");
  ASSERT_NE(loc, std::string::npos) << out;
  const auto url = out.substr(loc + 10, out.find('\r', loc) - loc - 10);
  const auto brace = out.find('{');
  ASSERT_NE(brace, std::string::npos) << out;
  auto d = sbi::decode_sm_policy_decision(json::parse(out.substr(brace)));
  ASSERT_TRUE(d) << out;
  EXPECT_EQ(d->sess_rules.begin()->second.auth_def_qos->five_qi, 5);
  const auto del =
      run("curl --http2-prior-knowledge -sS -i --max-time 8 -X POST " + url + "/delete");
  EXPECT_NE(del.find("HTTP/2 204"), std::string::npos) << del;
}

TEST_F(pcf_sbi, registers_with_the_nrf) {
  std::unique_ptr<pcf> registered;
  auto is_registered = std::make_shared<std::promise<void>>();
  on_io([&] {
    auto n = nrf::nrf::start(io_, {});
    ASSERT_TRUE(n) << n.error();
    nrf_ = std::move(*n);
    timers_ = std::make_unique<async::asio_timer_service>(io_);
    sbi::nrf_client_options co;
    co.nrf.port = nrf_->port();
    auto c = sbi::nrf_client::create(io_, *timers_, co);
    ASSERT_TRUE(c) << c.error();
    nrf_client_ = std::move(*c);
    pcf_options o;
    o.service.dnns = {dnn("internet", 1000, 1000, 9)};
    o.nrf = nrf_client_.get();
    o.plmns = {{"001", "01"}};
    o.on_registration_state = [is_registered, done = false](sbi::registration_state s) mutable {
      if (s == sbi::registration_state::registered && !done) {
        done = true;
        is_registered->set_value();
      }
    };
    auto p = pcf::start(io_, o);
    ASSERT_TRUE(p) << p.error();
    registered = std::move(*p);
  });
  ASSERT_EQ(is_registered->get_future().wait_for(10s), std::future_status::ready);
  // The NRF's discovery finds it as a PCF with both services, on its port.
  std::unique_ptr<http2::client> to_nrf;
  on_io([&] {
    http2::client_options co;
    co.port = nrf_->port();
    auto c = http2::client::create(io_, co);
    ASSERT_TRUE(c);
    to_nrf = std::move(*c);
  });
  auto found = call("GET",
                    "/nnrf-disc/v1/nf-instances?target-nf-type=PCF&requester-nf-type=SMF"
                    "&service-names=npcf-smpolicycontrol",
                    {}, "application/json", to_nrf.get());
  ASSERT_EQ(found.status, 200) << found.body;
  auto result = sbi::parse_search_result(found.body);
  ASSERT_TRUE(result) << found.body;
  ASSERT_EQ(result->nf_instances.size(), 1U) << found.body;
  const auto& profile = result->nf_instances[0];
  EXPECT_EQ(profile.type, sbi::nf_type::pcf);
  ASSERT_EQ(profile.nf_services.size(), 2U);
  EXPECT_EQ(profile.nf_services[0].service_name, "npcf-smpolicycontrol");
  EXPECT_EQ(profile.nf_services[1].service_name, "npcf-am-policy-control");
  EXPECT_EQ(profile.nf_services[0].ip_end_points[0].port, registered->port());
  on_io([&] {
    to_nrf.reset();
    registered.reset();
  });
}

TEST(pcf_config, options_come_from_the_configuration) {
  config::glasscore_config c;
  c.plmns = {{"001", "01"}};
  c.slices = {{1, 0x000080}};
  c.dnns = {dnn("internet", 5, 6, 8)};
  const auto o = pcf_options_from_config(c);
  EXPECT_EQ(o.server.address, "127.0.0.13");
  EXPECT_EQ(o.server.port, 7777);
  EXPECT_EQ(pcf_options_from_config(c, true).server.port, 0);
  ASSERT_EQ(o.service.dnns.size(), 1U);
  EXPECT_EQ(o.service.dnns[0].default_5qi, 8);
  EXPECT_EQ(o.plmns, (std::vector<sbi::plmn_id>{{"001", "01"}}));
  EXPECT_EQ(o.slices, (std::vector<sbi::snssai>{{1, "000080"}}));
  const auto p = pcf_profile(o, "127.0.0.13", 7777);
  EXPECT_EQ(p.type, sbi::nf_type::pcf);
  EXPECT_TRUE(sbi::is_uuid(p.nf_instance_id));
}

TEST(pcf_rules, selection_rules) {
  // Huge configured rates never overflow the comparison.
  EXPECT_EQ(authorized_session_ambr({UINT64_MAX, 1}, sbi::ambr{"1 Tbps", "1 Tbps"}),
            (sbi::ambr{"1 Tbps", "1 Kbps"}));
  const auto q = authorized_default_qos(
      dnn("x", 1, 1, 7), sbi::subscribed_default_qos{9, {3, "MAY_PREEMPT", "PREEMPTABLE"}, 15});
  EXPECT_EQ(q.five_qi, 7);
  EXPECT_EQ(q.arp, (sbi::arp{3, "MAY_PREEMPT", "PREEMPTABLE"}));
  EXPECT_FALSE(q.priority_level);  // belongs to the subscribed 5QI 9, not 7
  EXPECT_EQ(default_arp().priority_level, 8);
  EXPECT_EQ(find_dnn({dnn("Internet", 1, 1, 9)}, "iNtErNeT")->name, "Internet");
  EXPECT_EQ(find_dnn({dnn("internet", 1, 1, 9)}, "internet2"), nullptr);
}

// TS 29.512 §4.2.3.2: a changed DNN policy reaches the SMF of every association on that
// DNN as POST {notificationUri}/update with the whole new decision; others are left alone.
TEST_F(pcf_sbi, dnn_policy_change_notifies_the_smf_of_each_association_on_the_dnn) {
  struct received {
    std::string path;
    std::string body;
  };
  auto got = std::make_shared<std::promise<received>>();
  std::unique_ptr<http2::server> smf;
  on_io([&] {
    auto s = http2::server::start(io_, http2::server_options{},
                                  [got](const http2::request& req, http2::responder r) {
                                    got->set_value({req.path, req.body});
                                    (void)r.send(http2::response{204, {}, {}});
                                  });
    ASSERT_TRUE(s) << s.error();
    smf = std::move(*s);
  });
  const std::string notify_uri =
      "http://127.0.0.1:" + std::to_string(smf->port()) + "/nsmf-callback/v1/sm-policy-notify/7";
  auto context = sm_context();
  context["notificationUri"] = notify_uri;
  context.erase("suppFeat");
  auto created = call("POST", "/npcf-smpolicycontrol/v1/sm-policies", context.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  auto other = sm_context("ims");
  other["pduSessionId"] = 6;
  other["notificationUri"] = "http://127.0.0.1:1/never";
  ASSERT_EQ(call("POST", "/npcf-smpolicycontrol/v1/sm-policies", other.dump()).status, 201);

  std::optional<std::size_t> notified;
  std::optional<std::size_t> unknown;
  on_io([&] {
    notified = pcf_->service().change_dnn_policy("Internet", {10'000, 20'000}, 8);
    unknown = pcf_->service().change_dnn_policy("nowhere", {1, 1}, 9);
  });
  EXPECT_EQ(notified, std::optional<std::size_t>(1)) << "only the association on the DNN";
  EXPECT_FALSE(unknown) << "a DNN that is not configured";

  auto f = got->get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready) << "no notification reached the SMF";
  const auto r = f.get();
  EXPECT_EQ(r.path, "/nsmf-callback/v1/sm-policy-notify/7/update");
  auto n = sbi::decode_sm_policy_notification(json::parse(r.body, nullptr, false));
  ASSERT_TRUE(n.has_value()) << r.body;
  ASSERT_TRUE(n->resource_uri);
  EXPECT_EQ(n->resource_uri->substr(n->resource_uri->find("/npcf-")), path_of(created));
  ASSERT_TRUE(n->sm_policy_decision);
  const auto& rule = n->sm_policy_decision->sess_rules.at("default");
  ASSERT_TRUE(rule.auth_sess_ambr && rule.auth_def_qos);
  EXPECT_EQ(rule.auth_sess_ambr->uplink, "10 Mbps");
  EXPECT_EQ(rule.auth_sess_ambr->downlink, "20 Mbps");
  EXPECT_EQ(rule.auth_def_qos->five_qi, std::optional<int>(8));

  // The stored decision is the new one.
  auto stored = call("GET", path_of(created));
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(stored.j()["policy"]["sessRules"]["default"]["authSessAmbr"]["downlink"], "20 Mbps");

  // The same policy again changes nothing, so nothing is sent.
  on_io([&] { notified = pcf_->service().change_dnn_policy("internet", {10'000, 20'000}, 8); });
  EXPECT_EQ(notified, std::optional<std::size_t>(0));
  on_io([&] { smf.reset(); });
}

}  // namespace
}  // namespace glasscore::pcf
