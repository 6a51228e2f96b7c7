// The NRF over real HTTP/2 on 127.0.0.1: our h2c client (and curl, an independent client)
// against nrf::start. The io_context runs on its own thread; every wait is bounded (5 s).
// Heartbeat expiry runs on a manual clock, so no test sleeps.
#include "glasscore/nf/nrf/nrf.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <nlohmann/json.hpp>

#include "glasscore/http2/client.h"
#include "glasscore/sbi/nrf_models.h"
#include "glasscore/sbi/query.h"

namespace glasscore::nrf {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class manual_clock final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override {
    return async::time_point(std::chrono::seconds(seconds_.load()));
  }
  void advance(std::chrono::seconds s) { seconds_ += s.count(); }

 private:
  std::atomic<std::int64_t> seconds_{1000};
};

struct reply {
  int status = 0;
  std::vector<http2::header> headers;
  std::string body;
  [[nodiscard]] json j() const { return json::parse(body); }
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.name == name) {
        return h.value;
      }
    }
    return {};
  }
};

std::string load(const std::string& name) {
  std::ifstream in(std::string(GLASSCORE_SBI_TEST_DATA) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* amf_id = "f7d6eda4-ec05-41f1-a812-4d11a1d37550";  // from the capture
constexpr const char* smf_a = "11111111-1111-4111-8111-111111111111";
constexpr const char* smf_b = "22222222-2222-4222-8222-222222222222";
constexpr const char* udm_id = "33333333-3333-4333-8333-333333333333";

json smf_profile(const std::string& id, const json& snssai, const std::string& dnn) {
  return json{
      {"nfInstanceId", id},
      {"nfType", "SMF"},
      {"nfStatus", "REGISTERED"},
      {"ipv4Addresses", {"127.0.0.4"}},
      {"nfServices",
       {{{"serviceInstanceId", "1"},
         {"serviceName", "nsmf-pdusession"},
         {"versions", {{{"apiVersionInUri", "v1"}, {"apiFullVersion", "1.2.5"}}}},
         {"scheme", "http"},
         {"nfServiceStatus", "REGISTERED"}}}},
      {"smfInfo",
       {{"sNssaiSmfInfoList", {{{"sNssai", snssai}, {"dnnSmfInfoList", {{{"dnn", dnn}}}}}}}}}};
}

class nrf_test : public testing::Test {
 protected:
  void SetUp() override {
    nrf_options o;
    o.clock = &clock_;
    o.expiry_check_interval = 1h;  // the test drives expiry by hand
    o.registry.heartbeat_timer = 10s;
    o.registry.heartbeat_grace = 2s;
    o.registry.validity_period = 600s;
    thread_ = std::thread([this] { io_.run(); });
    on_io([&] {
      auto n = nrf::start(io_, o);
      ASSERT_TRUE(n) << n.error();
      nrf_ = std::move(*n);
      http2::client_options co;
      co.port = nrf_->port();
      auto c = http2::client::create(io_, co);
      ASSERT_TRUE(c) << c.error();
      client_ = std::move(*c);
    });
  }

  void TearDown() override {
    on_io([this] {
      client_.reset();
      nrf_.reset();
      receiver_.reset();
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
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  }

  reply call(std::string method, std::string path, std::string body = {},
             std::string content_type = "application/json") {
    auto p = std::make_shared<std::promise<expected<http2::response, http2::client_error>>>();
    auto f = p->get_future();
    asio::post(io_, [=, this] {
      std::vector<http2::header> hs;
      if (!body.empty()) {
        hs.push_back({"content-type", content_type});
      }
      client_->request(method, path, hs, body, 3000ms, [p](auto r) { p->set_value(std::move(r)); });
    });
    if (f.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no answer within 5 s";
      return {};
    }
    auto r = f.get();
    if (!r) {
      ADD_FAILURE() << "request failed: " << http2::to_string(r.error());
      return {};
    }
    return reply{r->status, r->headers, r->body};
  }

  reply put_profile(const std::string& id, const std::string& body) {
    return call("PUT", "/nnrf-nfm/v1/nf-instances/" + id, body);
  }

  reply heartbeat(const std::string& id) {
    return call("PATCH", "/nnrf-nfm/v1/nf-instances/" + id,
                R"([{"op":"replace","path":"/nfStatus","value":"REGISTERED"}])",
                "application/json-patch+json");
  }

  std::vector<std::string> discover(const std::string& query) {
    auto r = call("GET", "/nnrf-disc/v1/nf-instances?" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    std::vector<std::string> ids;
    if (r.status != 200) {
      return ids;
    }
    auto result = sbi::parse_search_result(r.body);
    EXPECT_TRUE(result) << r.body;
    if (result) {
      EXPECT_EQ(result->validity_period, 600U);
      for (const auto& p : result->nf_instances) {
        ids.push_back(p.nf_instance_id);
      }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // A second HTTP/2 server that records NFStatusNotify requests.
  void start_receiver() {
    on_io([this] {
      http2::server_options o;
      auto s = http2::server::start(io_, o, [this](const http2::request& req, http2::responder r) {
        {
          std::lock_guard lock(mutex_);
          notifications_.push_back(req);
        }
        cv_.notify_all();
        (void)r.send(http2::response{204, {}, {}});
      });
      ASSERT_TRUE(s) << s.error();
      receiver_ = std::move(*s);
    });
  }

  // Waits until `n` notifications arrived (bounded).
  std::vector<http2::request> wait_notifications(std::size_t n) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, 5s, [&] { return notifications_.size() >= n; });
    return notifications_;
  }

  std::string subscribe(const json& cond) {
    json body{{"nfStatusNotificationUri",
               "http://127.0.0.1:" + std::to_string(receiver_->port()) + "/nf-status-notify"},
              {"reqNfType", "AMF"}};
    if (!cond.is_null()) {
      body["subscrCond"] = cond;
    }
    auto r = call("POST", "/nnrf-nfm/v1/subscriptions", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.j()["subscriptionId"].get<std::string>() : "";
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_{
      asio::make_work_guard(io_)};
  std::thread thread_;
  manual_clock clock_;
  std::unique_ptr<nrf> nrf_;
  std::unique_ptr<http2::client> client_;
  std::unique_ptr<http2::server> receiver_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<http2::request> notifications_;
};

TEST_F(nrf_test, register_retrieve_replace_deregister) {
  auto r = put_profile(amf_id, load("open5gs_amf_register.json"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("location"), "http://127.0.0.1:" + std::to_string(nrf_->port()) +
                                      "/nnrf-nfm/v1/nf-instances/" + amf_id);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.j()["heartBeatTimer"], 10);  // imposed by the NRF (the NF proposed none)
  EXPECT_EQ(r.j()["amfInfo"]["amfSetId"], "001");

  auto g = call("GET", std::string("/nnrf-nfm/v1/nf-instances/") + amf_id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.j(), r.j());

  r = put_profile(amf_id, load("open5gs_amf_register.json"));
  EXPECT_EQ(r.status, 200);  // replace
  EXPECT_TRUE(r.header("location").empty());

  EXPECT_EQ(call("DELETE", std::string("/nnrf-nfm/v1/nf-instances/") + amf_id).status, 204);
  EXPECT_EQ(call("GET", std::string("/nnrf-nfm/v1/nf-instances/") + amf_id).status, 404);
  EXPECT_EQ(call("DELETE", std::string("/nnrf-nfm/v1/nf-instances/") + amf_id).status, 404);
}

TEST_F(nrf_test, bad_requests_get_problem_details) {
  const std::string path = std::string("/nnrf-nfm/v1/nf-instances/") + smf_a;
  auto expect_problem = [](const reply& r, int status, const std::string& cause,
                           const std::string& param = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["status"], status);
    if (!cause.empty()) {
      EXPECT_EQ(j.value("cause", ""), cause) << r.body;
    }
    if (!param.empty()) {
      ASSERT_TRUE(j.contains("invalidParams")) << r.body;
      EXPECT_EQ(j["invalidParams"][0]["param"], param) << r.body;
    }
  };
  expect_problem(call("PUT", path, "{\"nfInstanceId\": "), 400, "INVALID_MSG_FORMAT");
  auto p = smf_profile(smf_a, {{"sst", 1}}, "internet");
  p["nfType"] = "FOO";
  auto r = call("PUT", path, p.dump());
  expect_problem(r, 400, "MANDATORY_IE_INCORRECT", "/nfType");
  EXPECT_EQ(r.j()["detail"], "nfType: unknown value 'FOO'");
  p = smf_profile(smf_a, {{"sst", 1}}, "internet");
  p.erase("nfStatus");
  expect_problem(call("PUT", path, p.dump()), 400, "MANDATORY_IE_MISSING", "/nfStatus");
  p = smf_profile(smf_b, {{"sst", 1}}, "internet");
  expect_problem(call("PUT", path, p.dump()), 400, "MANDATORY_IE_INCORRECT", "/nfInstanceId");
  expect_problem(call("PUT", path, smf_profile(smf_a, {{"sst", 1}}, "x").dump(), "text/plain"), 415,
                 "");
  // Discovery: mandatory parameters (TS 29.510 §6.2.3.2.3.1, TS 29.500 §5.2.7.2).
  expect_problem(call("GET", "/nnrf-disc/v1/nf-instances?requester-nf-type=AMF"), 400,
                 "MANDATORY_QUERY_PARAM_MISSING", "target-nf-type");
  expect_problem(call("GET", "/nnrf-disc/v1/nf-instances?target-nf-type=SMF"), 400,
                 "MANDATORY_QUERY_PARAM_MISSING", "requester-nf-type");
  expect_problem(call("GET", "/nnrf-disc/v1/nf-instances?target-nf-type=FOO&requester-nf-type=AMF"),
                 400, "MANDATORY_QUERY_PARAM_INCORRECT", "target-nf-type");
  expect_problem(
      call("GET", "/nnrf-disc/v1/nf-instances?target-nf-type=SMF&requester-nf-type=AMF&snssais=x"),
      400, "OPTIONAL_QUERY_PARAM_INCORRECT", "snssais");
  // NFUpdate errors.
  ASSERT_EQ(call("PUT", path, smf_profile(smf_a, {{"sst", 1}}, "internet").dump()).status, 201);
  expect_problem(call("PATCH", path, R"([{"op":"replace","path":"/nfType","value":"AMF"}])",
                      "application/json-patch+json"),
                 403, "MODIFICATION_NOT_ALLOWED");
  expect_problem(call("PATCH", path, R"([{"op":"replace","path":"/nfStatus","value":"UP"}])",
                      "application/json-patch+json"),
                 400, "MANDATORY_IE_INCORRECT", "/nfStatus");
  expect_problem(call("PATCH", path, R"({"op":"x"})", "application/json-patch+json"), 400,
                 "MANDATORY_IE_INCORRECT");
  expect_problem(call("PATCH", path, R"([])", "application/json"), 415, "");
  expect_problem(call("PATCH", std::string("/nnrf-nfm/v1/nf-instances/") + smf_b, "[]",
                      "application/json-patch+json"),
                 404, "");
  // Subscriptions.
  expect_problem(call("POST", "/nnrf-nfm/v1/subscriptions", R"({"subscrCond":{"nfType":"SMF"}})"),
                 400, "MANDATORY_IE_MISSING", "/nfStatusNotificationUri");
  expect_problem(call("POST", "/nnrf-nfm/v1/subscriptions",
                      R"({"nfStatusNotificationUri":"ftp://x","subscrCond":{"nfType":"SMF"}})"),
                 400, "MANDATORY_IE_INCORRECT", "/nfStatusNotificationUri");
  expect_problem(
      call("POST", "/nnrf-nfm/v1/subscriptions",
           R"({"nfStatusNotificationUri":"http://127.0.0.1:1/n","subscrCond":{"nfType":"BAR"}})"),
      400, "OPTIONAL_IE_INCORRECT", "/subscrCond/nfType");
  expect_problem(call("DELETE", "/nnrf-nfm/v1/subscriptions/99"), 404, "SUBSCRIPTION_NOT_FOUND");
  // Routing.
  expect_problem(call("GET", "/nnrf-nfm/v1/nothing"), 404, "RESOURCE_URI_STRUCTURE_NOT_FOUND");
  expect_problem(call("POST", path, "{}"), 405, "");
}

TEST_F(nrf_test, heartbeat_keeps_profile_and_expiry_suspends_it) {
  ASSERT_EQ(put_profile(smf_a, smf_profile(smf_a, {{"sst", 1}}, "internet").dump()).status, 201);
  const std::string q = "target-nf-type=SMF&requester-nf-type=AMF";
  EXPECT_EQ(discover(q), std::vector<std::string>{smf_a});

  clock_.advance(11s);  // within heartBeatTimer (10 s) + grace (2 s)
  on_io([this] { nrf_->check_expiry(); });
  EXPECT_EQ(heartbeat(smf_a).status, 204);  // plain heartbeat: no content (§5.2.2.3.2)

  clock_.advance(11s);  // 11 s after the heartbeat: still inside
  on_io([this] { nrf_->check_expiry(); });
  EXPECT_EQ(discover(q), std::vector<std::string>{smf_a});

  clock_.advance(2s);  // 13 s after the heartbeat: overdue
  on_io([this] { nrf_->check_expiry(); });
  EXPECT_TRUE(discover(q).empty());
  auto g = call("GET", std::string("/nnrf-nfm/v1/nf-instances/") + smf_a);
  EXPECT_EQ(g.j()["nfStatus"], "SUSPENDED");

  // A heartbeat brings it back; the status change makes it a 200 with the profile.
  auto h = heartbeat(smf_a);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.j()["nfStatus"], "REGISTERED");
  EXPECT_EQ(discover(q), std::vector<std::string>{smf_a});

  // A load update (add then replace) is a profile change: 200.
  auto l = call("PATCH", std::string("/nnrf-nfm/v1/nf-instances/") + smf_a,
                R"([{"op":"add","path":"/load","value":42}])", "application/json-patch+json");
  EXPECT_EQ(l.status, 200);
  EXPECT_EQ(l.j()["load"], 42);
  // The NRF keeps imposing its heartBeatTimer.
  l = call("PATCH", std::string("/nnrf-nfm/v1/nf-instances/") + smf_a,
           R"([{"op":"replace","path":"/heartBeatTimer","value":99}])",
           "application/json-patch+json");
  EXPECT_EQ(l.status, 204);
}

TEST_F(nrf_test, discovery_filters) {
  ASSERT_EQ(put_profile(amf_id, load("open5gs_amf_register.json")).status, 201);
  auto a = smf_profile(smf_a, {{"sst", 1}}, "internet");
  a["plmnList"] = {{{"mcc", "001"}, {"mnc", "01"}}};
  ASSERT_EQ(put_profile(smf_a, a.dump()).status, 201);
  auto b = smf_profile(smf_b, {{"sst", 1}, {"sd", "000080"}}, "IMS");
  b["allowedNfTypes"] = {"AMF"};
  b["smfInfo"]["taiList"] = {{{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"tac", "0007"}}};
  ASSERT_EQ(put_profile(smf_b, b.dump()).status, 201);
  auto udm = smf_profile(udm_id, {{"sst", 1}}, "x");
  udm["nfType"] = "UDM";
  udm.erase("smfInfo");
  udm["nfServices"][0]["serviceName"] = "nudm-sdm";
  ASSERT_EQ(put_profile(udm_id, udm.dump()).status, 201);

  const std::string smf = "target-nf-type=SMF&requester-nf-type=AMF";
  const std::vector<std::string> both = {smf_a, smf_b};
  EXPECT_EQ(discover(smf), both);
  EXPECT_EQ(discover("target-nf-type=SMF&requester-nf-type=SMF"), std::vector<std::string>{smf_a})
      << "allowedNfTypes of B excludes an SMF requester";
  EXPECT_EQ(discover(smf + "&service-names=nsmf-pdusession,nsmf-event-exposure"), both);
  EXPECT_TRUE(discover(smf + "&service-names=nsmf-event-exposure").empty());
  EXPECT_EQ(discover("target-nf-type=UDM&requester-nf-type=AUSF&service-names=nudm-sdm"),
            std::vector<std::string>{udm_id});
  EXPECT_EQ(discover(smf + "&target-nf-instance-id=" + smf_b), std::vector<std::string>{smf_b});
  EXPECT_EQ(discover(smf + "&requester-nf-instance-id=" + amf_id), both);
  EXPECT_EQ(discover(smf + "&dnn=ims"), std::vector<std::string>{smf_b});  // case-insensitive
  EXPECT_EQ(discover(smf + "&dnn=internet"), std::vector<std::string>{smf_a});
  const auto enc = [](const std::string& s) { return sbi::percent_encode(s); };
  EXPECT_EQ(discover(smf + "&snssais=" + enc(R"([{"sst":1,"sd":"000080"}])")),
            std::vector<std::string>{smf_b});
  EXPECT_EQ(discover(smf + "&snssais=" + enc(R"([{"sst":1}])")), std::vector<std::string>{smf_a});
  EXPECT_TRUE(discover(smf + "&snssais=" + enc(R"([{"sst":2}])")).empty());
  EXPECT_TRUE(discover(smf + "&snssais=" + enc(R"([{"sst":1}])") + "&dnn=ims")
                  .empty());  // ims on B's slice only
  EXPECT_EQ(discover(smf + "&target-plmn-list=" + enc(R"([{"mcc":"001","mnc":"01"}])")), both);
  EXPECT_EQ(discover(smf + "&target-plmn-list=" + enc(R"([{"mcc":"002","mnc":"02"}])")),
            std::vector<std::string>{smf_b})
      << "B lists no PLMN";
  const std::string amf = "target-nf-type=AMF&requester-nf-type=SMF";
  EXPECT_EQ(discover(amf + "&tai=" + enc(R"({"plmnId":{"mcc":"999","mnc":"70"},"tac":"000001"})")),
            std::vector<std::string>{amf_id});
  EXPECT_TRUE(discover(amf + "&tai=" + enc(R"({"plmnId":{"mcc":"999","mnc":"70"},"tac":"000002"})"))
                  .empty());
  EXPECT_EQ(discover(smf + "&tai=" + enc(R"({"plmnId":{"mcc":"001","mnc":"01"},"tac":"0007"})")),
            both)
      << "A has no TAI list: serves all";
  EXPECT_EQ(discover(smf + "&limit=1").size(), 1U);
  auto r = call("GET", "/nnrf-disc/v1/nf-instances?" + smf);
  EXPECT_EQ(r.header("cache-control"), "max-age=600");
}

TEST_F(nrf_test, subscribe_and_notify) {
  start_receiver();
  const auto by_type = subscribe(json{{"nfType", "SMF"}});
  ASSERT_FALSE(by_type.empty());
  const auto by_service = subscribe(json{{"serviceName", "nudm-sdm"}});
  const auto by_instance = subscribe(json{{"nfInstanceId", smf_b}});
  EXPECT_EQ(nrf_->get_registry().subscription_count(), 3U);

  // Not covered by any condition: no notification.
  ASSERT_EQ(put_profile(amf_id, load("open5gs_amf_register.json")).status, 201);
  // SMF A: the nfType subscription only.
  ASSERT_EQ(put_profile(smf_a, smf_profile(smf_a, {{"sst", 1}}, "internet").dump()).status, 201);
  auto n = wait_notifications(1);
  ASSERT_EQ(n.size(), 1U);
  EXPECT_EQ(n[0].method, "POST");
  EXPECT_EQ(n[0].path, "/nf-status-notify");
  auto data = sbi::parse_notification_data(n[0].body);
  ASSERT_TRUE(data) << n[0].body;
  EXPECT_EQ(data->event, sbi::notification_event::nf_registered);
  EXPECT_EQ(data->nf_instance_uri, "http://127.0.0.1:" + std::to_string(nrf_->port()) +
                                       "/nnrf-nfm/v1/nf-instances/" + smf_a);
  ASSERT_TRUE(data->profile);
  EXPECT_EQ(data->profile->nf_instance_id, smf_a);

  // Profile change, then expiry (NF_PROFILE_CHANGED to SUSPENDED), then deregistration.
  ASSERT_EQ(call("PATCH", std::string("/nnrf-nfm/v1/nf-instances/") + smf_a,
                 R"([{"op":"add","path":"/load","value":5}])", "application/json-patch+json")
                .status,
            200);
  n = wait_notifications(2);
  ASSERT_EQ(n.size(), 2U);
  EXPECT_EQ(json::parse(n[1].body)["event"], "NF_PROFILE_CHANGED");
  EXPECT_EQ(json::parse(n[1].body)["nfProfile"]["load"], 5);
  clock_.advance(13s);
  on_io([this] { nrf_->check_expiry(); });
  n = wait_notifications(3);
  ASSERT_EQ(n.size(), 3U);
  EXPECT_EQ(json::parse(n[2].body)["nfProfile"]["nfStatus"], "SUSPENDED");
  ASSERT_EQ(call("DELETE", std::string("/nnrf-nfm/v1/nf-instances/") + smf_a).status, 204);
  n = wait_notifications(4);
  ASSERT_EQ(n.size(), 4U);
  auto dereg = json::parse(n[3].body);
  EXPECT_EQ(dereg["event"], "NF_DEREGISTERED");
  EXPECT_FALSE(dereg.contains("nfProfile"));

  // SMF B matches both the nfType and the nfInstanceId subscriptions: two notifications.
  ASSERT_EQ(put_profile(smf_b, smf_profile(smf_b, {{"sst", 1}}, "internet").dump()).status, 201);
  n = wait_notifications(6);
  ASSERT_EQ(n.size(), 6U);
  // The UDM matches the serviceName subscription.
  auto udm = smf_profile(udm_id, {{"sst", 1}}, "x");
  udm["nfType"] = "UDM";
  udm.erase("smfInfo");
  udm["nfServices"][0]["serviceName"] = "nudm-sdm";
  ASSERT_EQ(put_profile(udm_id, udm.dump()).status, 201);
  n = wait_notifications(7);
  ASSERT_EQ(n.size(), 7U);
  EXPECT_EQ(json::parse(n[6].body)["nfProfile"]["nfType"], "UDM");

  // Unsubscribe: 204, then 404; deliveries were all answered 2xx.
  EXPECT_EQ(call("DELETE", "/nnrf-nfm/v1/subscriptions/" + by_type).status, 204);
  EXPECT_EQ(call("DELETE", "/nnrf-nfm/v1/subscriptions/" + by_type).status, 404);
  EXPECT_EQ(nrf_->get_registry().subscription_count(), 2U);
  notify_stats stats;
  on_io([&] { stats = nrf_->notifications(); });
  EXPECT_EQ(stats.sent, 7U);
  EXPECT_EQ(stats.failed, 0U);
  (void)by_service;
  (void)by_instance;
}

TEST_F(nrf_test, subscription_response_and_expiry) {
  start_receiver();
  json body{{"nfStatusNotificationUri", "http://127.0.0.1:9/notify"},
            {"subscrCond", {{"nfType", "AUSF"}}},
            {"reqNotifEvents", {"NF_DEREGISTERED"}}};
  auto r = call("POST", "/nnrf-nfm/v1/subscriptions", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto data = sbi::parse_subscription_data(r.body);
  ASSERT_TRUE(data) << r.body;
  ASSERT_TRUE(data->subscription_id);
  EXPECT_EQ(r.header("location"), "http://127.0.0.1:" + std::to_string(nrf_->port()) +
                                      "/nnrf-nfm/v1/subscriptions/" + *data->subscription_id);
  ASSERT_TRUE(data->validity_time);
  EXPECT_EQ(data->validity_time->size(), 20U);  // YYYY-MM-DDTHH:MM:SSZ
  clock_.advance(std::chrono::seconds(86400));
  on_io([this] { nrf_->check_expiry(); });
  EXPECT_EQ(nrf_->get_registry().subscription_count(), 0U);
}

// curl is an independent HTTP/2 client (prior knowledge, like every SBI peer here).
TEST_F(nrf_test, curl_registers_and_discovers) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "curl not installed (scripts/bootstrap installs it)";
  }
  const auto dir = testing::TempDir();
  const auto file = dir + "/nrf_curl_profile.json";
  { std::ofstream(file) << load("open5gs_amf_register.json"); }
  const auto base = "http://127.0.0.1:" + std::to_string(nrf_->port());
  auto run = [](const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      std::size_t n = 0;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        out.append(buf, n);
      }
      pclose(p);
    }
    return out;
  };
  auto out =
      run("curl --http2-prior-knowledge -sS -i --max-time 5 -X PUT -H 'content-type: "
          "application/json' --data-binary @" +
          file + " " + base + "/nnrf-nfm/v1/nf-instances/" + amf_id + " 2>&1");
  EXPECT_NE(out.find("HTTP/2 201"), std::string::npos) << out;
  EXPECT_NE(out.find("location: " + base + "/nnrf-nfm/v1/nf-instances/" + amf_id),
            std::string::npos)
      << out;
  out =
      run("curl --http2-prior-knowledge -sS --max-time 5 -G --data-urlencode target-nf-type=AMF "
          "--data-urlencode requester-nf-type=SMF --data-urlencode "
          "'tai={\"plmnId\":{\"mcc\":\"999\",\"mnc\":\"70\"},\"tac\":\"000001\"}' " +
          base + "/nnrf-disc/v1/nf-instances 2>&1");
  auto result = sbi::parse_search_result(out);
  ASSERT_TRUE(result) << out;
  ASSERT_EQ(result->nf_instances.size(), 1U);
  EXPECT_EQ(result->nf_instances[0].nf_instance_id, amf_id);
  out =
      run("curl --http2-prior-knowledge -sS -i --max-time 5 -X PUT -H 'content-type: "
          "application/json' --data-binary '{\"nfType\":\"FOO\"}' " +
          base + "/nnrf-nfm/v1/nf-instances/" + amf_id + " 2>&1");
  EXPECT_NE(out.find("HTTP/2 400"), std::string::npos) << out;
  EXPECT_NE(out.find("application/problem+json"), std::string::npos) << out;
}

}  // namespace
}  // namespace glasscore::nrf
