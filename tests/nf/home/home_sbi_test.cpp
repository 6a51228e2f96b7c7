// UDR, two UDMs and the AUSF over real HTTP/2 on 127.0.0.1, each NF with its own server and
// its peers found through fixed locators: 5G AKA end to end with the test as the UE, SQNs
// under 50 concurrent generate-auth-data requests spread over two UDMs sharing the UDR
// (the compare-and-set path), SDM and UECM, errors as problem+json, and curl (an independent
// HTTP/2 client, prior knowledge) against the AUSF. The io_context runs on its own thread;
// every wait is bounded (10 s).
#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <cstdio>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "glasscore/async/asio_executor.h"
#include "glasscore/http2/client.h"
#include "glasscore/nf/ausf/ausf.h"
#include "glasscore/nf/nrf/nrf.h"
#include "glasscore/nf/udm/from_config.h"
#include "glasscore/nf/udm/nrf_locator.h"
#include "glasscore/nf/udm/udm.h"
#include "glasscore/nf/udr/udr.h"
#include "glasscore/sbi/ausf_models.h"
#include "glasscore/sbi/udr_models.h"
#include "glasscore/sbi/ueau_models.h"
#include "home_fixture.h"

namespace glasscore::home_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

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

class home_sbi : public testing::Test {
 protected:
  void SetUp() override {
    auto db = store::open_sqlite_store(dir_.path());
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->create(sample_subscriber()));
    thread_ = std::thread([this] { io_.run(); });
    on_io([&] {
      auto u = udr::udr::start(io_, {}, std::move(*db));
      ASSERT_TRUE(u) << u.error();
      udr_ = std::move(*u);
      for (auto& slot : udms_) {
        udm::udm_options o;
        o.service.home_network_keys = keys_.config();
        o.udr_locator = home::fixed_locator({"127.0.0.1", udr_->port()});
        auto m = udm::udm::start(io_, o);
        ASSERT_TRUE(m) << m.error();
        slot = std::move(*m);
      }
      ausf::ausf_options ao;
      ao.udm_locator = home::fixed_locator({"127.0.0.1", udms_[0]->port()});
      auto a = ausf::ausf::start(io_, ao);
      ASSERT_TRUE(a) << a.error();
      ausf_ = std::move(*a);
      ausf_client_ = client_for(ausf_->port());
      udm_clients_[0] = client_for(udms_[0]->port());
      udm_clients_[1] = client_for(udms_[1]->port());
    });
  }

  void TearDown() override {
    on_io([this] {
      nrf_ausf_.reset();
      nrf_udm_.reset();
      nrf_client_.reset();
      nrf_.reset();
      ausf_client_.reset();
      udm_clients_ = {};
      ausf_.reset();
      udms_ = {};
      udr_.reset();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  std::unique_ptr<http2::client> client_for(std::uint16_t port) {
    http2::client_options co;
    co.port = port;
    auto c = http2::client::create(io_, co);
    EXPECT_TRUE(c);
    return c ? std::move(*c) : nullptr;
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

  reply call(http2::client* c, std::string method, std::string path, std::string body = {}) {
    auto p = std::make_shared<std::promise<expected<http2::response, http2::client_error>>>();
    auto f = p->get_future();
    asio::post(io_, [=] {
      std::vector<http2::header> hs;
      if (!body.empty()) {
        hs.push_back({"content-type", "application/json"});
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

  reply authenticate(const std::string& id) {
    return call(ausf_client_.get(), "POST", "/nausf-auth/v1/ue-authentications",
                json{{"supiOrSuci", id}, {"servingNetworkName", snn}}.dump());
  }

  temp_dir dir_;
  hn_keys keys_ = hn_keys::generate();
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::thread thread_;
  std::unique_ptr<udr::udr> udr_;
  std::array<std::unique_ptr<udm::udm>, 2> udms_;
  std::unique_ptr<ausf::ausf> ausf_;
  std::unique_ptr<http2::client> ausf_client_;
  std::array<std::unique_ptr<http2::client>, 2> udm_clients_;
  // Only for the discovery test.
  std::unique_ptr<nrf::nrf> nrf_;
  std::unique_ptr<async::asio_timer_service> timers_;
  std::unique_ptr<sbi::nrf_client> nrf_client_;
  std::unique_ptr<udm::udm> nrf_udm_;
  std::unique_ptr<ausf::ausf> nrf_ausf_;
};

json profile(const std::string& id, const char* type, const char* service, std::uint16_t port) {
  return json{{"nfInstanceId", id},
              {"nfType", type},
              {"nfStatus", "REGISTERED"},
              {"ipv4Addresses", {"127.0.0.1"}},
              {"nfServices",
               {{{"serviceInstanceId", "1"},
                 {"serviceName", service},
                 {"versions", {{{"apiVersionInUri", "v1"}, {"apiFullVersion", "1.2.0"}}}},
                 {"scheme", "http"},
                 {"nfServiceStatus", "REGISTERED"},
                 {"ipEndPoints", {{{"ipv4Address", "127.0.0.1"}, {"port", port}}}}}}}};
}

TEST_F(home_sbi, five_g_aka_end_to_end_with_a_profile_a_suci) {
  auto ctx = authenticate(keys_.suci(1));
  ASSERT_EQ(ctx.status, 201) << ctx.body;
  const auto location = ctx.header("location");
  EXPECT_EQ(location, "http://127.0.0.1:" + std::to_string(ausf_->port()) +
                          "/nausf-auth/v1/ue-authentications/" +
                          location.substr(location.rfind('/') + 1));
  const auto j = ctx.j();
  const auto rand = from_hex(hex_member(j, "5gAuthData", "rand")).value();
  auto ue = answer_challenge(rand, from_hex(hex_member(j, "5gAuthData", "autn")).value());
  ASSERT_TRUE(ue);
  EXPECT_EQ(ue->sqn, 32U);
  EXPECT_EQ(to_hex(crypto::derive_hres_star(rand, ue->res_star).value()),
            hex_member(j, "5gAuthData", "hxresStar"));
  const auto href = j.at("_links").at("5g-aka").at("href").get<std::string>();
  const auto path = href.substr(href.find("/nausf-auth"));
  auto done = call(ausf_client_.get(), "PUT", path, json{{"resStar", to_hex(ue->res_star)}}.dump());
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.j().at("authResult"), "AUTHENTICATION_SUCCESS");
  EXPECT_EQ(done.j().at("supi"), supi);
  EXPECT_EQ(done.j().at("kseaf"), to_hex(ue->kseaf));
  auto replay =
      call(ausf_client_.get(), "PUT", path, json{{"resStar", to_hex(ue->res_star)}}.dump());
  EXPECT_EQ(replay.status, 404);
}

TEST_F(home_sbi, errors_are_problem_json_with_the_cause) {
  auto unknown = authenticate("imsi-001010000000999");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  EXPECT_EQ(unknown.j().at("cause"), "USER_NOT_FOUND");
  auto malformed = call(ausf_client_.get(), "POST", "/nausf-auth/v1/ue-authentications", "[1,");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.j().at("cause"), "INVALID_MSG_FORMAT");
  auto wrong = call(udm_clients_[0].get(), "POST",
                    "/nudm-ueau/v1/imsi-001010000000001/security-information/generate-auth-data",
                    json{{"servingNetworkName", snn},
                         {"ausfInstanceId", ausf_id},
                         {"resynchronizationInfo", {{"rand", 1}, {"auts", "00"}}}}
                        .dump());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.j().at("invalidParams").at(0).at("param"), "/resynchronizationInfo/rand");
}

TEST_F(home_sbi, sqn_is_never_reused_by_two_udms_under_50_concurrent_requests) {
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::array<std::uint8_t, 16>> rands;
  std::vector<std::array<std::uint8_t, 16>> autns;
  std::promise<void> all;
  int left = 50;
  const std::string body = json{{"servingNetworkName", snn}, {"ausfInstanceId", ausf_id}}.dump();
  asio::post(io_, [&] {
    for (int i = 0; i < 50; ++i) {
      auto* c = udm_clients_[static_cast<std::size_t>(i % 2)].get();
      c->request("POST",
                 "/nudm-ueau/v1/imsi-001010000000001/security-information/generate-auth-data",
                 {{"content-type", "application/json"}}, body, 8000ms, [&](auto r) {
                   {
                     std::lock_guard lock(mutex);
                     if (!r || r->status != 200) {
                       failures.push_back(r ? std::to_string(r->status) + " " + r->body
                                            : std::string(http2::to_string(r.error())));
                     } else {
                       auto res = sbi::decode_authentication_info_result(json::parse(r->body));
                       rands.push_back(res->authentication_vector->rand);
                       autns.push_back(res->authentication_vector->autn);
                     }
                   }
                   if (--left == 0) {
                     all.set_value();
                   }
                 });
    }
  });
  ASSERT_EQ(all.get_future().wait_for(10s), std::future_status::ready);
  std::lock_guard lock(mutex);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  std::set<std::uint64_t> sqns;
  for (std::size_t i = 0; i < rands.size(); ++i) {
    auto ue = answer_challenge(rands[i], autns[i]);
    ASSERT_TRUE(ue);
    EXPECT_TRUE(sqns.insert(ue->sqn).second) << "SQN reused: " << ue->sqn;
  }
  EXPECT_EQ(sqns.size(), 50U);
  std::uint64_t stored = 0;
  on_io([&] { stored = udr_->subscribers().get(imsi).value().auth.sqn; });
  EXPECT_EQ(stored, 50U * 32);
  EXPECT_EQ(*sqns.rbegin(), stored);
}

TEST_F(home_sbi, sdm_and_uecm_over_http2) {
  auto am = call(udm_clients_[0].get(), "GET", "/nudm-sdm/v2/imsi-001010000000001/am-data");
  ASSERT_EQ(am.status, 200) << am.body;
  EXPECT_EQ(am.j().at("nssai").at("defaultSingleNssais").at(0).at("sst"), 1);
  auto nssai = call(udm_clients_[0].get(), "GET", "/nudm-sdm/v2/imsi-001010000000001/nssai");
  EXPECT_EQ(nssai.status, 200);
  auto smf =
      call(udm_clients_[1].get(), "GET", "/nudm-sdm/v2/imsi-001010000000001/smf-select-data");
  EXPECT_EQ(smf.status, 200);
  EXPECT_TRUE(smf.j().at("subscribedSnssaiInfos").contains("1-000001"));
  auto sm = call(udm_clients_[1].get(), "GET", "/nudm-sdm/v2/imsi-001010000000001/sm-data?dnn=ims");
  ASSERT_EQ(sm.status, 200);
  EXPECT_EQ(sm.j().size(), 1U);
  const std::string path = "/nudm-uecm/v1/imsi-001010000000001/registrations/amf-3gpp-access";
  const json reg{{"amfInstanceId", amf_id},
                 {"deregCallbackUri", "http://127.0.0.5:7777/cb"},
                 {"guami", {{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"amfId", "cafe00"}}},
                 {"ratType", "NR"}};
  auto first = call(udm_clients_[0].get(), "PUT", path, reg.dump());
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("location"),
            "http://127.0.0.1:" + std::to_string(udms_[0]->port()) + path);
  EXPECT_EQ(call(udm_clients_[1].get(), "PUT", path, reg.dump()).status, 200);  // shared UDR
  auto stored = call(udm_clients_[1].get(), "GET", path);
  EXPECT_EQ(stored.status, 200);
  EXPECT_EQ(stored.j().at("amfInstanceId"), amf_id);
  EXPECT_EQ(call(udm_clients_[0].get(), "POST", path + "/dereg-amf",
                 json{{"deregReason", "SUBSCRIPTION_WITHDRAWN"}}.dump())
                .status,
            204);
  EXPECT_EQ(call(udm_clients_[0].get(), "GET", path).status, 404);
}

// The UDR's own resources over HTTP/2 (the UDMs above use them through their clients).
TEST_F(home_sbi, udr_serves_and_steps_the_sqn_over_http2) {
  std::unique_ptr<http2::client> to_udr;
  on_io([&] { to_udr = client_for(udr_->port()); });
  const std::string auth =
      "/nudr-dr/v2/subscription-data/imsi-001010000000001/authentication-data/"
      "authentication-subscription";
  auto got = call(to_udr.get(), "GET", auth);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.j().at("sequenceNumber").at("sqn"), "000000000000");
  const auto patch = [&](const char* from, const char* to) {
    auto p = std::make_shared<std::promise<int>>();
    auto f = p->get_future();
    const auto body = sbi::to_json(sbi::sqn_update{from_hex_array<6>(from).value(),
                                                   from_hex_array<6>(to).value()})
                          .dump();
    asio::post(io_, [&, p, body] {
      to_udr->request("PATCH", auth, {{"content-type", "application/json-patch+json"}}, body,
                      8000ms, [p](auto r) { p->set_value(r ? r->status : 0); });
    });
    return f.wait_for(10s) == std::future_status::ready ? f.get() : -1;
  };
  EXPECT_EQ(patch("000000000000", "000000000020"), 204);
  EXPECT_EQ(patch("000000000000", "000000000020"), 409);
  for (const char* leaf : {"am-data", "smf-selection-subscription-data", "sm-data"}) {
    EXPECT_EQ(call(to_udr.get(), "GET",
                   std::string("/nudr-dr/v2/subscription-data/imsi-001010000000001/00101/"
                               "provisioned-data/") +
                       leaf)
                  .status,
              200)
        << leaf;
  }
  auto unknown = call(to_udr.get(), "GET",
                      "/nudr-dr/v2/subscription-data/imsi-001019999999999/00101/provisioned-data/"
                      "am-data");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.j().at("cause"), "USER_NOT_FOUND");
  on_io([&] { to_udr.reset(); });
}

// The AUSF finds the UDM and the UDM finds the UDR through the NRF (NFDiscover with the
// NRF client's cache) instead of fixed addresses.
TEST_F(home_sbi, peers_are_discovered_through_the_nrf) {
  std::unique_ptr<http2::client> to_nrf;
  on_io([&] {
    auto n = nrf::nrf::start(io_, {});
    ASSERT_TRUE(n) << n.error();
    nrf_ = std::move(*n);
    to_nrf = client_for(nrf_->port());
    timers_ = std::make_unique<async::asio_timer_service>(io_);
    sbi::nrf_client_options co;
    co.nrf.port = nrf_->port();
    auto c = sbi::nrf_client::create(io_, *timers_, co);
    ASSERT_TRUE(c) << c.error();
    nrf_client_ = std::move(*c);
  });
  // The UDR and the (first) UDM register; the new UDM and AUSF below only know the NRF.
  EXPECT_EQ(
      call(to_nrf.get(), "PUT", "/nnrf-nfm/v1/nf-instances/aaaaaaaa-0000-4000-8000-000000000020",
           profile("aaaaaaaa-0000-4000-8000-000000000020", "UDR", "nudr-dr", udr_->port()).dump())
          .status,
      201);
  sbi::discovery_query to_udr;
  to_udr.target_nf_type = sbi::nf_type::udr;
  to_udr.requester_nf_type = sbi::nf_type::udm;
  to_udr.service_names = {"nudr-dr"};
  on_io([&] {
    udm::udm_options o;
    o.service.home_network_keys = keys_.config();
    o.udr_locator = home::nrf_locator(*nrf_client_, to_udr, "nudr-dr");
    auto m = udm::udm::start(io_, o);
    ASSERT_TRUE(m) << m.error();
    nrf_udm_ = std::move(*m);
  });
  EXPECT_EQ(
      call(to_nrf.get(), "PUT", "/nnrf-nfm/v1/nf-instances/aaaaaaaa-0000-4000-8000-000000000012",
           profile("aaaaaaaa-0000-4000-8000-000000000012", "UDM", "nudm-ueau", nrf_udm_->port())
               .dump())
          .status,
      201);
  sbi::discovery_query to_udm;
  to_udm.target_nf_type = sbi::nf_type::udm;
  to_udm.requester_nf_type = sbi::nf_type::ausf;
  to_udm.service_names = {"nudm-ueau"};
  std::unique_ptr<http2::client> to_ausf;
  on_io([&] {
    ausf::ausf_options ao;
    ao.udm_locator = home::nrf_locator(*nrf_client_, to_udm, "nudm-ueau");
    auto a = ausf::ausf::start(io_, ao);
    ASSERT_TRUE(a) << a.error();
    nrf_ausf_ = std::move(*a);
    to_ausf = client_for(nrf_ausf_->port());
  });
  for (int i = 1; i <= 2; ++i) {
    auto ctx = call(to_ausf.get(), "POST", "/nausf-auth/v1/ue-authentications",
                    json{{"supiOrSuci", keys_.suci(2)}, {"servingNetworkName", snn}}.dump());
    ASSERT_EQ(ctx.status, 201) << ctx.body;
    const auto j = ctx.j();
    auto ue = answer_challenge(from_hex(hex_member(j, "5gAuthData", "rand")).value(),
                               from_hex(hex_member(j, "5gAuthData", "autn")).value());
    ASSERT_TRUE(ue);
    EXPECT_EQ(ue->sqn, 32U * static_cast<unsigned>(i));
  }
  std::size_t requests = 0;
  std::size_t hits = 0;
  on_io([&] {
    requests = nrf_client_->discovery_requests();
    hits = nrf_client_->cache_hits();
    to_nrf.reset();
    to_ausf.reset();
  });
  EXPECT_EQ(requests, 2U);  // one per target type; the second registration hit the cache
  EXPECT_GE(hits, 2U);
}

TEST(home_peer, select_peer_prefers_registered_high_priority_http_services) {
  auto parse = [](const json& p) { return sbi::decode_nf_profile(p).value(); };
  sbi::search_result r;
  auto low = parse(profile("aaaaaaaa-0000-4000-8000-000000000001", "UDR", "nudr-dr", 1001));
  low.priority = 10;
  auto high = parse(profile("aaaaaaaa-0000-4000-8000-000000000002", "UDR", "nudr-dr", 1002));
  high.priority = 1;
  auto suspended = parse(profile("aaaaaaaa-0000-4000-8000-000000000003", "UDR", "nudr-dr", 1003));
  suspended.priority = 0;
  suspended.status = sbi::nf_status::suspended;
  r.nf_instances = {low, suspended, high};
  EXPECT_EQ(home::select_peer(r, "nudr-dr").value().port, 1002);
  EXPECT_FALSE(home::select_peer(r, "nudm-ueau"));
  auto no_port = parse(profile("aaaaaaaa-0000-4000-8000-000000000004", "UDR", "nudr-dr", 1));
  no_port.nf_services[0].ip_end_points[0].port.reset();
  r.nf_instances = {no_port};
  EXPECT_EQ(home::select_peer(r, "nudr-dr").value().port, 80);  // TS 29.510: http default
  r.nf_instances.clear();
  EXPECT_FALSE(home::select_peer(r, "nudr-dr"));
}

TEST(home_config, options_come_from_the_configuration) {
  config::glasscore_config c;
  c.plmns = {config::plmn_id{"999", "70"}};
  c.udm.home_network_keys = hn_keys::generate().config();
  c.udm.allow_null_scheme = true;
  auto udm = home::udm_options_from(c).value();
  EXPECT_EQ(udm.server.address, "127.0.0.12");
  EXPECT_EQ(udm.server.port, 7777);
  EXPECT_EQ(udm.service.home_plmn, (sbi::plmn_id{"999", "70"}));
  EXPECT_TRUE(udm.service.allow_null_scheme);
  EXPECT_EQ(udm.service.home_network_keys.size(), 2U);
  EXPECT_EQ(udm.service.api_root, "http://127.0.0.12:7777");
  std::optional<home::peer_address> udr;
  udm.udr_locator([&](auto a) { udr = a.value(); });
  ASSERT_TRUE(udr);
  EXPECT_EQ(udr->host, "127.0.0.20");
  auto ausf = home::ausf_options_from(c).value();
  EXPECT_EQ(ausf.server.address, "127.0.0.11");
  std::optional<home::peer_address> udm_address;
  ausf.udm_locator([&](auto a) { udm_address = a.value(); });
  EXPECT_EQ(udm_address->host, "127.0.0.12");
  EXPECT_EQ(home::udr_options_from(c).value().server.address, "127.0.0.20");
  c.udr.sbi.scheme = config::sbi_scheme::https;
  EXPECT_FALSE(home::udr_options_from(c));
  EXPECT_FALSE(home::udm_options_from(c));
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

TEST_F(home_sbi, curl_starts_an_authentication_at_the_ausf) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "curl not installed (scripts/bootstrap installs it)";
  }
  const std::string body = json{{"supiOrSuci", keys_.suci(2)}, {"servingNetworkName", snn}}.dump();
  const auto out =
      run("curl --http2-prior-knowledge -sS -i --max-time 8 -X POST -H "
          "'content-type: application/json' -d '" +
          body + "' http://127.0.0.1:" + std::to_string(ausf_->port()) +
          "/nausf-auth/v1/ue-authentications");
  EXPECT_NE(out.find("HTTP/2 201"), std::string::npos) << out;
  EXPECT_NE(out.find("location: http://127.0.0.1:"), std::string::npos) << out;
  const auto brace = out.find('{');
  ASSERT_NE(brace, std::string::npos) << out;
  auto ctx = sbi::decode_ue_authentication_ctx(json::parse(out.substr(brace)));
  ASSERT_TRUE(ctx) << out;
  auto ue = answer_challenge(ctx->auth_data.rand, ctx->auth_data.autn);
  ASSERT_TRUE(ue);
  EXPECT_EQ(ue->sqn, 32U);
}

}  // namespace
}  // namespace glasscore::home_test
