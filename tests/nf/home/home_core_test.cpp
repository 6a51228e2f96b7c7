// UDR, UDM and AUSF wired router to router in one thread, no sockets (their sans-I/O
// cores): 5G AKA with SUPI and SUCI (null, Profile A, Profile B), the SIDF's refusals,
// wrong RES*, AUTS resynchronisation, SQN compare-and-set and retry, context lifetime,
// SDM and UECM, and 400 answers naming the member.
#include <gtest/gtest.h>

#include <deque>
#include <set>

#include "glasscore/nf/ausf/ausf_service.h"
#include "glasscore/nf/udm/udm_service.h"
#include "glasscore/nf/udr/udr_service.h"
#include "home_fixture.h"

namespace glasscore::home_test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class manual_clock final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return now_; }
  void advance(async::duration d) { now_ += d; }

 private:
  async::time_point now_{std::chrono::seconds(1000)};
};

struct answer {
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
  [[nodiscard]] std::string cause() const { return j().value("cause", ""); }
};

answer call(const sbi::router& r, std::string method, std::string path, std::string body = {},
            std::string content_type = "application/json") {
  http2::request req;
  req.method = std::move(method);
  req.scheme = "http";
  req.path = std::move(path);
  if (!body.empty()) {
    req.headers.push_back({"content-type", content_type});
  }
  req.body = std::move(body);
  std::optional<answer> out;
  r.dispatch(req, [&out](http2::response resp) {
    out = answer{resp.status, std::move(resp.headers), std::move(resp.body)};
  });
  EXPECT_TRUE(out) << "no synchronous answer";
  return out.value_or(answer{});
}

class home_core : public testing::Test {
 protected:
  void SetUp() override { build(false); }

  void build(bool allow_null) {
    udm_router_ = sbi::router{};
    ausf_router_ = sbi::router{};
    ausf_.reset();
    udm_.reset();
    if (!db_) {
      db_ = store::open_sqlite_store(dir_.path()).value();
      ASSERT_TRUE(db_->create(sample_subscriber()));
      udr_ = std::make_unique<udr::udr_service>(*db_);
      udr_->add_routes(udr_router_);
    }
    udm::udm_service_options o;
    o.home_network_keys = keys_.config();
    o.allow_null_scheme = allow_null;
    o.api_root = "http://udm.test";
    auto to_udr = home::router_requester(udr_router_);
    auto u =
        udm::udm_service::create(o, [this, to_udr](home::peer_request req, home::peer_callback cb) {
          if (udr_hook_) {
            udr_hook_(req);
          }
          to_udr(std::move(req), std::move(cb));
        });
    ASSERT_TRUE(u) << u.error();
    udm_ = std::move(*u);
    udm_->add_routes(udm_router_);
    ausf::ausf_service_options ao;
    ao.api_root = "http://ausf.test";
    ao.context_lifetime = 30s;
    ausf_ = std::make_unique<ausf::ausf_service>(clock_, ao, home::router_requester(udm_router_));
    ausf_->add_routes(ausf_router_);
  }

  answer authenticate(const std::string& id, std::optional<json> resync = std::nullopt) {
    json body{{"supiOrSuci", id}, {"servingNetworkName", snn}};
    if (resync) {
      body["resynchronizationInfo"] = *resync;
    }
    return call(ausf_router_, "POST", "/nausf-auth/v1/ue-authentications", body.dump());
  }

  answer confirm(const answer& ctx, const std::array<std::uint8_t, 16>& res_star) {
    const auto href = ctx.j().at("_links").at("5g-aka").at("href").get<std::string>();
    const std::string root = "http://ausf.test";
    EXPECT_TRUE(href.starts_with(root));
    return call(ausf_router_, "PUT", href.substr(root.size()),
                json{{"resStar", to_hex(res_star)}}.dump());
  }

  // The whole 5G AKA for `id`; returns the SQN the UE saw.
  std::uint64_t full_aka(const std::string& id) {
    auto ctx = authenticate(id);
    EXPECT_EQ(ctx.status, 201) << ctx.body;
    if (ctx.status != 201) {
      return 0;
    }
    const auto j = ctx.j();
    EXPECT_EQ(j.at("authType"), "5G_AKA");
    const auto rand = from_hex(hex_member(j, "5gAuthData", "rand")).value();
    const auto autn = from_hex(hex_member(j, "5gAuthData", "autn")).value();
    auto ue = answer_challenge(rand, autn);
    EXPECT_TRUE(ue) << "MAC-A does not verify";
    if (!ue) {
      return 0;
    }
    // The SEAF's check (TS 33.501 §6.1.3.2 step 9): HRES* from the UE's RES* = HXRES*.
    EXPECT_EQ(to_hex(crypto::derive_hres_star(rand, ue->res_star).value()),
              hex_member(j, "5gAuthData", "hxresStar"));
    const auto location = ctx.header("location");
    EXPECT_TRUE(location.starts_with("http://ausf.test/nausf-auth/v1/ue-authentications/"));
    EXPECT_EQ(j.at("_links").at("5g-aka").at("href"), location + "/5g-aka-confirmation");
    auto result = confirm(ctx, ue->res_star);
    EXPECT_EQ(result.status, 200) << result.body;
    const auto r = result.j();
    EXPECT_EQ(r.at("authResult"), "AUTHENTICATION_SUCCESS");
    EXPECT_EQ(r.at("supi"), supi);
    EXPECT_EQ(r.at("kseaf"), to_hex(ue->kseaf));  // independent derivation on the UE side
    return ue->sqn;
  }

  temp_dir dir_;
  hn_keys keys_ = hn_keys::generate();
  manual_clock clock_;
  std::unique_ptr<store::subscriber_store> db_;
  std::unique_ptr<udr::udr_service> udr_;
  sbi::router udr_router_;
  std::function<void(const home::peer_request&)> udr_hook_;
  std::unique_ptr<udm::udm_service> udm_;
  sbi::router udm_router_;
  std::unique_ptr<ausf::ausf_service> ausf_;
  sbi::router ausf_router_;
};

TEST_F(home_core, five_g_aka_with_supi_profile_a_and_profile_b) {
  EXPECT_EQ(full_aka(supi), 32U);           // SQN = SEQ 1 || IND 0 (TS 33.102 C.3.2)
  EXPECT_EQ(full_aka(keys_.suci(1)), 64U);  // Profile A
  EXPECT_EQ(full_aka(keys_.suci(2)), 96U);  // Profile B
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 96U);
  EXPECT_EQ(ausf_->context_count(), 0U);
}

TEST_F(home_core, null_scheme_only_when_allowed) {
  auto refused = authenticate(keys_.suci(0));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.cause(), "AUTHENTICATION_REJECTED");
  build(true);
  EXPECT_EQ(full_aka(keys_.suci(0)), 32U);
}

TEST_F(home_core, sidf_refusals_have_their_causes) {
  // A key id the home network does not have (Profile A with id 7).
  auto unknown = authenticate(keys_.suci(1, 7));
  EXPECT_EQ(unknown.status, 403) << unknown.body;
  EXPECT_EQ(unknown.cause(), "INVALID_HN_PUBLIC_KEY_IDENTIFIER");
  // A tampered scheme output: the MAC tag no longer verifies.
  auto suci = keys_.suci(1);
  suci.back() = suci.back() == '0' ? '1' : '0';
  auto tampered = authenticate(suci);
  EXPECT_EQ(tampered.status, 403) << tampered.body;
  EXPECT_EQ(tampered.cause(), "INVALID_SCHEME_OUTPUT");
  // A protection scheme that does not exist in this home network (0xC, proprietary).
  auto proprietary = authenticate("suci-0-001-01-0-c-1-00aabbcc");
  EXPECT_EQ(proprietary.status, 501) << proprietary.body;
  EXPECT_EQ(proprietary.cause(), "UNSUPPORTED_PROTECTION_SCHEME");
  auto garbage = authenticate("suci-0-001-xx");
  EXPECT_EQ(garbage.status, 400) << garbage.body;
  // None of it consumed an SQN.
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 0U);
}

TEST_F(home_core, unknown_subscriber_is_user_not_found) {
  auto r = authenticate("imsi-001010000000999");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.cause(), "USER_NOT_FOUND");
  auto direct = call(udr_router_, "GET",
                     "/nudr-dr/v2/subscription-data/imsi-001010000000999/authentication-data/"
                     "authentication-subscription");
  EXPECT_EQ(direct.status, 404);
  EXPECT_EQ(direct.cause(), "USER_NOT_FOUND");
  EXPECT_EQ(direct.body.find("001010000000999"), std::string::npos) << "SUPI in clear";
  auto sdm = call(udm_router_, "GET", "/nudm-sdm/v2/imsi-001010000000999/am-data");
  EXPECT_EQ(sdm.status, 404);
  EXPECT_EQ(sdm.cause(), "USER_NOT_FOUND");
}

TEST_F(home_core, wrong_res_star_fails_and_the_context_is_used_once) {
  auto ctx = authenticate(supi);
  ASSERT_EQ(ctx.status, 201) << ctx.body;
  std::array<std::uint8_t, 16> wrong{};
  wrong.fill(0x5a);
  auto r = confirm(ctx, wrong);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.j().at("authResult"), "AUTHENTICATION_FAILURE");
  EXPECT_FALSE(r.j().contains("kseaf"));
  EXPECT_FALSE(r.j().contains("supi"));
  auto again = confirm(ctx, wrong);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.cause(), "CONTEXT_NOT_FOUND");
  // Also after a success: a replayed RES* finds no context.
  auto ctx2 = authenticate(supi);
  const auto j = ctx2.j();
  auto ue = answer_challenge(from_hex(hex_member(j, "5gAuthData", "rand")).value(),
                             from_hex(hex_member(j, "5gAuthData", "autn")).value());
  ASSERT_TRUE(ue);
  EXPECT_EQ(confirm(ctx2, ue->res_star).j().at("authResult"), "AUTHENTICATION_SUCCESS");
  EXPECT_EQ(confirm(ctx2, ue->res_star).status, 404);
}

TEST_F(home_core, null_res_star_is_a_failure) {
  auto ctx = authenticate(supi);
  const auto href = ctx.j().at("_links").at("5g-aka").at("href").get<std::string>();
  auto r = call(ausf_router_, "PUT", href.substr(std::string("http://ausf.test").size()),
                R"({"resStar":null})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.j().at("authResult"), "AUTHENTICATION_FAILURE");
}

TEST_F(home_core, contexts_expire) {
  auto ctx = authenticate(supi);
  const auto j = ctx.j();
  auto ue = answer_challenge(from_hex(hex_member(j, "5gAuthData", "rand")).value(),
                             from_hex(hex_member(j, "5gAuthData", "autn")).value());
  ASSERT_TRUE(ue);
  clock_.advance(31s);
  auto r = confirm(ctx, ue->res_star);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.cause(), "CONTEXT_NOT_FOUND");
  authenticate(supi);
  EXPECT_EQ(ausf_->context_count(), 1U);
  clock_.advance(29s);
  ausf_->expire();
  EXPECT_EQ(ausf_->context_count(), 1U);
  clock_.advance(1s);
  ausf_->expire();
  EXPECT_EQ(ausf_->context_count(), 0U);
}

TEST_F(home_core, auts_resynchronises_when_the_usim_is_ahead) {
  // The USIM last accepted SQN_MS, far ahead of the network (e.g. after a UDR restore).
  const std::uint64_t sqn_ms = 32 * 5000;
  auto ctx = authenticate(supi);
  ASSERT_EQ(ctx.status, 201);
  const auto j = ctx.j();
  const auto rand = from_hex(hex_member(j, "5gAuthData", "rand")).value();
  auto ue = answer_challenge(rand, from_hex(hex_member(j, "5gAuthData", "autn")).value());
  ASSERT_TRUE(ue);
  ASSERT_LE(ue->sqn, sqn_ms);  // the USIM refuses it: synch failure (TS 33.102 §6.3.3)
  const auto auts = crypto::build_auts(ue->usim, rand, sqn_octets(sqn_ms)).value();

  // A forged AUTS (MAC-S wrong) is refused and moves nothing.
  auto forged = auts;
  forged.back() ^= 0x01;
  auto bad = authenticate(supi, json{{"rand", to_hex(rand)}, {"auts", to_hex(forged)}});
  EXPECT_EQ(bad.status, 403) << bad.body;
  EXPECT_EQ(bad.cause(), "AUTHENTICATION_REJECTED");
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 32U);

  auto resync = authenticate(supi, json{{"rand", to_hex(rand)}, {"auts", to_hex(auts)}});
  ASSERT_EQ(resync.status, 201) << resync.body;
  const auto j2 = resync.j();
  auto ue2 = answer_challenge(from_hex(hex_member(j2, "5gAuthData", "rand")).value(),
                              from_hex(hex_member(j2, "5gAuthData", "autn")).value());
  ASSERT_TRUE(ue2);
  EXPECT_EQ(ue2->sqn, sqn_ms + 32);  // next_sqn(max(SQN_HE, SQN_MS))
  EXPECT_EQ(confirm(resync, ue2->res_star).j().at("authResult"), "AUTHENTICATION_SUCCESS");
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, sqn_ms + 32);
}

TEST_F(home_core, udr_sqn_patch_is_a_compare_and_set) {
  const std::string path =
      "/nudr-dr/v2/subscription-data/imsi-001010000000001/authentication-data/"
      "authentication-subscription";
  const auto patch = [&](const std::string& body) {
    return call(udr_router_, "PATCH", path, body, "application/json-patch+json");
  };
  const auto cas = [](const char* from, const char* to) {
    return json::array({{{"op", "test"}, {"path", "/sequenceNumber/sqn"}, {"value", from}},
                        {{"op", "replace"}, {"path", "/sequenceNumber/sqn"}, {"value", to}}})
        .dump();
  };
  EXPECT_EQ(patch(cas("000000000000", "000000000020")).status, 204);
  auto stale = patch(cas("000000000000", "000000000020"));  // a second UDM's stale read
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto down = patch(cas("000000000020", "000000000010"));
  EXPECT_EQ(down.status, 403);
  EXPECT_EQ(down.cause(), "MODIFICATION_NOT_ALLOWED");
  auto other = patch(R"([{"op":"replace","path":"/encPermanentKey","value":"00"}])");
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(other.j().at("invalidParams").at(0).at("param"), "/0/path");
  EXPECT_EQ(
      patch(R"([{"op":"replace","path":"/sequenceNumber/sqn","value":"000000000040"}])").status,
      204);
  auto wrong_type = call(udr_router_, "PATCH", path, "[]", "application/json");
  EXPECT_EQ(wrong_type.status, 415);
  auto got = call(udr_router_, "GET", path).j();
  EXPECT_EQ(got.at("sequenceNumber").at("sqn"), "000000000040");
  EXPECT_EQ(got.at("encPermanentKey"), k_hex);
  EXPECT_EQ(got.at("encOpcKey"), opc_hex);
  EXPECT_EQ(got.at("authenticationManagementField"), "8000");
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 0x40U);
}

TEST_F(home_core, udm_retries_when_another_udm_stepped_the_sqn) {
  int patches = 0;
  udr_hook_ = [&](const home::peer_request& req) {
    if (req.method == "PATCH" && ++patches == 1) {
      ASSERT_TRUE(db_->advance_sqn(imsi));  // another UDM wins the race: 0 -> 32
    }
  };
  EXPECT_EQ(full_aka(supi), 64U);
  EXPECT_EQ(patches, 2);
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 64U);
}

TEST_F(home_core, sqn_is_never_reused_with_requests_in_flight) {
  // The UDR answers only when the test pumps, in a scrambled order, so 50 requests are in
  // flight at the UDM at once.
  std::deque<std::function<void()>> pending;
  auto to_udr = home::router_requester(udr_router_);
  udm::udm_service_options o;
  o.home_network_keys = keys_.config();
  auto u = udm::udm_service::create(o, [&](home::peer_request req, home::peer_callback cb) {
    pending.push_back([to_udr, req = std::move(req), cb = std::move(cb)]() mutable {
      to_udr(std::move(req), std::move(cb));
    });
  });
  ASSERT_TRUE(u);
  std::set<std::uint64_t> seen;
  int answered = 0;
  for (int i = 0; i < 50; ++i) {
    sbi::authentication_info_request req{snn, std::nullopt, ausf_id, std::nullopt};
    (*u)->generate_auth_data(i % 2 == 0 ? supi : keys_.suci(1), req, [&](auto r) {
      ++answered;
      ASSERT_TRUE(r) << r.error().detail;
      const auto& av = *r->authentication_vector;
      auto ue = answer_challenge(av.rand, av.autn);
      ASSERT_TRUE(ue);
      EXPECT_TRUE(seen.insert(ue->sqn).second) << "SQN reused: " << ue->sqn;
    });
  }
  std::minstd_rand shuffle(7);
  while (!pending.empty()) {
    std::swap(pending.front(), pending[shuffle() % pending.size()]);
    auto next = std::move(pending.front());
    pending.pop_front();
    next();
  }
  EXPECT_EQ(answered, 50);
  EXPECT_EQ(seen.size(), 50U);
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 50U * 32);
}

TEST_F(home_core, bodies_that_do_not_decode_name_the_member) {
  auto not_json = call(ausf_router_, "POST", "/nausf-auth/v1/ue-authentications", "{oops");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.cause(), "INVALID_MSG_FORMAT");
  EXPECT_EQ(not_json.header("content-type"), "application/problem+json");
  auto wrong_type = call(ausf_router_, "POST", "/nausf-auth/v1/ue-authentications",
                         json{{"supiOrSuci", supi}, {"servingNetworkName", 5}}.dump());
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.cause(), "MANDATORY_IE_INCORRECT");
  EXPECT_EQ(wrong_type.j().at("invalidParams").at(0).at("param"), "/servingNetworkName");
  auto missing = call(ausf_router_, "POST", "/nausf-auth/v1/ue-authentications",
                      json{{"servingNetworkName", snn}}.dump());
  EXPECT_EQ(missing.cause(), "MANDATORY_IE_MISSING");
  EXPECT_EQ(missing.j().at("invalidParams").at(0).at("param"), "/supiOrSuci");
  auto bad_hex = authenticate(supi, json{{"rand", "zz"}, {"auts", "00"}});
  EXPECT_EQ(bad_hex.status, 400);
  EXPECT_EQ(bad_hex.j().at("invalidParams").at(0).at("param"), "/resynchronizationInfo/rand");
  auto ueau =
      call(udm_router_, "POST",
           "/nudm-ueau/v1/" + std::string(supi) + "/security-information/generate-auth-data",
           json{{"servingNetworkName", snn}, {"ausfInstanceId", "not-a-uuid"}}.dump());
  EXPECT_EQ(ueau.status, 400);
  EXPECT_EQ(ueau.j().at("invalidParams").at(0).at("param"), "/ausfInstanceId");
  auto confirm_bad =
      call(ausf_router_, "PUT", "/nausf-auth/v1/ue-authentications/x/5g-aka-confirmation",
           json{{"resStar", 12}}.dump());
  EXPECT_EQ(confirm_bad.status, 400);
  EXPECT_EQ(confirm_bad.j().at("invalidParams").at(0).at("param"), "/resStar");
  EXPECT_EQ(db_->get(imsi).value().auth.sqn, 0U);
}

TEST_F(home_core, sdm_serves_the_subscription) {
  auto am = call(udm_router_, "GET", "/nudm-sdm/v2/imsi-001010000000001/am-data");
  ASSERT_EQ(am.status, 200) << am.body;
  const auto a = am.j();
  EXPECT_EQ(a.at("gpsis"), json::array({"msisdn-491700000001"}));
  EXPECT_EQ(a.at("subscribedUeAmbr"), (json{{"uplink", "200 Mbps"}, {"downlink", "1 Gbps"}}));
  EXPECT_EQ(a.at("nssai").at("defaultSingleNssais"), json::parse(R"([{"sst":1}])"));
  EXPECT_EQ(a.at("nssai").at("singleNssais"), json::parse(R"([{"sst":1,"sd":"000001"}])"));
  auto nssai = call(udm_router_, "GET",
                    "/nudm-sdm/v2/imsi-001010000000001/nssai?plmn-id=%7B%22mcc%22%3A%22001%22%2C"
                    "%22mnc%22%3A%2201%22%7D");
  ASSERT_EQ(nssai.status, 200) << nssai.body;
  EXPECT_EQ(nssai.j(), a.at("nssai"));
  auto bad_plmn = call(udm_router_, "GET", "/nudm-sdm/v2/imsi-001010000000001/nssai?plmn-id=1");
  EXPECT_EQ(bad_plmn.status, 400);
  EXPECT_EQ(bad_plmn.j().at("invalidParams").at(0).at("param"), "plmn-id");
  auto smf = call(udm_router_, "GET", "/nudm-sdm/v2/imsi-001010000000001/smf-select-data");
  ASSERT_EQ(smf.status, 200) << smf.body;
  EXPECT_EQ(smf.j().at("subscribedSnssaiInfos").at("1").at("dnnInfos"),
            json::parse(R"([{"dnn":"internet","defaultDnnIndicator":true},{"dnn":"iot"}])"));
  EXPECT_EQ(smf.j().at("subscribedSnssaiInfos").at("1-000001").at("dnnInfos").size(), 1U);
  auto sm = call(udm_router_, "GET", "/nudm-sdm/v2/imsi-001010000000001/sm-data");
  ASSERT_EQ(sm.status, 200) << sm.body;
  EXPECT_EQ(sm.j().size(), 2U);
  auto iot = call(udm_router_, "GET",
                  "/nudm-sdm/v2/imsi-001010000000001/sm-data?single-nssai=%7B%22sst%22%3A1%7D"
                  "&dnn=iot");
  ASSERT_EQ(iot.status, 200) << iot.body;
  const auto cfg = iot.j().at(0).at("dnnConfigurations").at("iot");
  EXPECT_EQ(iot.j().size(), 1U);
  EXPECT_EQ(cfg.at("pduSessionTypes").at("defaultSessionType"), "IPV4V6");
  EXPECT_EQ(cfg.at("sscModes").at("defaultSscMode"), "SSC_MODE_1");
  EXPECT_EQ(cfg.at("5gQosProfile").at("5qi"), 9);
  EXPECT_EQ(cfg.at("sessionAmbr").at("downlink"), "1 Gbps");
}

TEST_F(home_core, uecm_registers_replaces_and_deregisters) {
  const std::string path = "/nudm-uecm/v1/imsi-001010000000001/registrations/amf-3gpp-access";
  json reg{{"amfInstanceId", amf_id},
           {"deregCallbackUri", "http://127.0.0.5:7777/namf-callback/v1/dereg"},
           {"guami", {{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"amfId", "cafe00"}}},
           {"ratType", "NR"},
           {"initialRegistrationInd", true}};
  auto first = call(udm_router_, "PUT", path, reg.dump());
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("location"), "http://udm.test" + path);
  EXPECT_EQ(first.j().at("guami").at("amfId"), "cafe00");
  auto again = call(udm_router_, "PUT", path, reg.dump());
  EXPECT_EQ(again.status, 200) << again.body;
  ASSERT_NE(udr_->amf_registration(imsi), nullptr);
  EXPECT_EQ(udr_->amf_registration(imsi)->amf_instance_id, amf_id);
  EXPECT_EQ(call(udm_router_, "GET", path).j().at("ratType"), "NR");
  reg["ratType"] = "SPACESHIP";
  auto bad = call(udm_router_, "PUT", path, reg.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.j().at("invalidParams").at(0).at("param"), "/ratType");
  auto dereg = call(udm_router_, "POST", path + "/dereg-amf",
                    json{{"deregReason", "UE_INITIAL_REGISTRATION"}}.dump());
  EXPECT_EQ(dereg.status, 204) << dereg.body;
  EXPECT_EQ(udr_->amf_registration(imsi), nullptr);
  auto gone = call(udm_router_, "GET", path);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.cause(), "DATA_NOT_FOUND");
  auto unknown =
      call(udm_router_, "PUT", "/nudm-uecm/v1/imsi-001019999999999/registrations/amf-3gpp-access",
           json{{"amfInstanceId", amf_id},
                {"deregCallbackUri", "http://x/y"},
                {"guami", {{"plmnId", {{"mcc", "001"}, {"mnc", "01"}}}, {"amfId", "cafe00"}}},
                {"ratType", "NR"}}
               .dump());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.cause(), "USER_NOT_FOUND");
}

TEST(home_udm, unusable_home_network_key_fails_the_start) {
  udm::udm_service_options o;
  o.home_network_keys = {config::home_network_key{1, config::suci_scheme::profile_b, {}}};
  auto u = udm::udm_service::create(o, [](home::peer_request, home::peer_callback) {});
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().find("home network key 1"), std::string::npos) << u.error();
  auto twice = hn_keys::generate().config();
  twice.push_back(twice.front());
  o.home_network_keys = twice;
  EXPECT_FALSE(udm::udm_service::create(o, [](home::peer_request, home::peer_callback) {}));
}

}  // namespace
}  // namespace glasscore::home_test
