// The NRF registry without sockets: a manual clock and a recording notifier.
#include "glasscore/nf/nrf/registry.h"

#include <gtest/gtest.h>

namespace glasscore::nrf {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class test_clock final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return now_; }
  void advance(async::duration d) { now_ += d; }

 private:
  async::time_point now_{std::chrono::hours(1)};
};

class recorder final : public status_notifier {
 public:
  void on_status_notify(const std::string& uri, const std::string& body) override {
    sent.emplace_back(uri, json::parse(body));
  }
  std::vector<std::pair<std::string, json>> sent;
};

json profile_json(const std::string& id, const std::string& type = "AUSF") {
  return json{{"nfInstanceId", id},
              {"nfType", type},
              {"nfStatus", "REGISTERED"},
              {"fqdn", "nf.example"},
              {"pcfInfo", {{"dnnList", {"internet"}}}}};  // not modelled: kept as sent
}

sbi::nf_profile decode(const json& j) {
  auto p = sbi::decode_nf_profile(j);
  EXPECT_TRUE(p) << p.error().to_string();
  return p ? *p : sbi::nf_profile{};
}

constexpr const char* id1 = "11111111-1111-4111-8111-111111111111";
constexpr const char* id2 = "22222222-2222-4222-8222-222222222222";

class registry_test : public testing::Test {
 protected:
  registry make(registry_options o = {}) {
    o.api_root = "http://nrf:8000";
    return registry(clock_, o, notifier_);
  }
  void add(registry& r, const json& j) { ASSERT_TRUE(r.register_nf(decode(j), j)); }
  sbi::subscription_data sub(std::vector<sbi::notification_event> events = {}) {
    sbi::subscription_data d;
    d.nf_status_notification_uri = "http://127.0.0.1:9/n";
    d.req_notif_events = std::move(events);
    return d;
  }
  test_clock clock_;
  recorder notifier_;
};

TEST_F(registry_test, keeps_unmodelled_members_and_imposes_heartbeat) {
  auto r = make();
  add(r, profile_json(id1));
  ASSERT_NE(r.find(id1), nullptr);
  EXPECT_EQ((*r.find(id1))["pcfInfo"]["dnnList"][0], "internet");
  EXPECT_EQ((*r.find(id1))["heartBeatTimer"], 10);
  EXPECT_EQ(r.instance_uri(id1), std::string("http://nrf:8000/nnrf-nfm/v1/nf-instances/") + id1);

  registry_options o;
  o.heartbeat_timer = 0s;  // keep what the NF asks for
  auto r2 = make(o);
  auto j = profile_json(id1);
  j["heartBeatTimer"] = 45;
  add(r2, j);
  EXPECT_EQ((*r2.find(id1))["heartBeatTimer"], 45);
  add(r2, profile_json(id2));
  EXPECT_EQ((*r2.find(id2))["heartBeatTimer"], 10);  // default_heartbeat
}

TEST_F(registry_test, expiry_happens_exactly_after_timer_plus_grace_and_once) {
  auto r = make();
  ASSERT_TRUE(r.subscribe(sub()));
  add(r, profile_json(id1));
  ASSERT_EQ(notifier_.sent.size(), 1U);  // NF_REGISTERED
  clock_.advance(11s);                   // 10 s + 2 s grace not yet over
  r.check_expiry();
  EXPECT_EQ((*r.find(id1))["nfStatus"], "REGISTERED");
  clock_.advance(1s);
  r.check_expiry();
  EXPECT_EQ((*r.find(id1))["nfStatus"], "SUSPENDED");
  ASSERT_EQ(notifier_.sent.size(), 2U);
  EXPECT_EQ(notifier_.sent[1].second["event"], "NF_PROFILE_CHANGED");
  clock_.advance(60s);
  r.check_expiry();
  EXPECT_EQ(notifier_.sent.size(), 2U);  // no repeat
}

TEST_F(registry_test, notifications_follow_events_and_changes) {
  auto r = make();
  ASSERT_TRUE(r.subscribe(sub({sbi::notification_event::nf_deregistered})));
  ASSERT_TRUE(r.subscribe(sub()));
  add(r, profile_json(id1));
  EXPECT_EQ(notifier_.sent.size(), 1U);  // only the unfiltered subscription
  add(r, profile_json(id1));             // identical replace: nothing changed
  EXPECT_EQ(notifier_.sent.size(), 1U);
  auto changed = profile_json(id1);
  changed["capacity"] = 7;
  add(r, changed);
  ASSERT_EQ(notifier_.sent.size(), 2U);
  EXPECT_EQ(notifier_.sent[1].second["event"], "NF_PROFILE_CHANGED");
  EXPECT_EQ(notifier_.sent[1].second["nfProfile"]["capacity"], 7);
  // A heartbeat that changes nothing notifies nobody.
  auto hb = r.update_nf(
      id1, json::parse(R"([{"op":"replace","path":"/nfStatus","value":"REGISTERED"}])"));
  ASSERT_TRUE(hb);
  EXPECT_FALSE(hb->changed);
  EXPECT_EQ(notifier_.sent.size(), 2U);
  EXPECT_TRUE(r.deregister_nf(id1));
  ASSERT_EQ(notifier_.sent.size(), 4U);  // both subscriptions want NF_DEREGISTERED
  EXPECT_EQ(notifier_.sent[3].second["event"], "NF_DEREGISTERED");
  EXPECT_FALSE(r.deregister_nf(id1));
}

TEST_F(registry_test, limits_bound_what_peers_can_store) {
  registry_options o;
  o.max_profiles = 1;
  o.max_subscriptions = 1;
  auto r = make(o);
  add(r, profile_json(id1));
  auto j = profile_json(id2);
  auto second = r.register_nf(decode(j), j);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().status, 500);
  EXPECT_EQ(second.error().cause, "INSUFFICIENT_RESOURCES");
  EXPECT_TRUE(r.register_nf(decode(profile_json(id1)), profile_json(id1)));  // replace is fine
  ASSERT_TRUE(r.subscribe(sub()));
  EXPECT_FALSE(r.subscribe(sub()));
}

TEST_F(registry_test, subscription_expires) {
  registry_options o;
  o.subscription_duration = 100s;
  auto r = make(o);
  auto s = r.subscribe(sub());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->body["subscriptionId"], s->subscription_id);
  clock_.advance(99s);
  r.check_expiry();
  EXPECT_EQ(r.subscription_count(), 1U);
  clock_.advance(1s);
  r.check_expiry();
  EXPECT_EQ(r.subscription_count(), 0U);
  EXPECT_TRUE(r.find(id1) == nullptr);
}

TEST(nrf_matches, snssai_and_dnn_combine) {
  auto p = sbi::decode_nf_profile(json::parse(R"({
    "nfInstanceId": "11111111-1111-4111-8111-111111111111", "nfType": "SMF",
    "nfStatus": "REGISTERED", "fqdn": "smf",
    "smfInfo": {"sNssaiSmfInfoList": [
      {"sNssai": {"sst": 1}, "dnnSmfInfoList": [{"dnn": "internet"}]},
      {"sNssai": {"sst": 2, "sd": "000001"}, "dnnSmfInfoList": [{"dnn": "ims"}]}]}})"));
  ASSERT_TRUE(p);
  sbi::discovery_query q;
  q.target_nf_type = sbi::nf_type::smf;
  q.requester_nf_type = sbi::nf_type::amf;
  EXPECT_TRUE(matches(*p, q));
  q.dnn = "IMS";
  EXPECT_TRUE(matches(*p, q));
  q.snssais = {{1, std::nullopt}};
  EXPECT_FALSE(matches(*p, q));  // ims is not served on SST 1
  q.snssais = {{2, "000001"}};
  EXPECT_TRUE(matches(*p, q));
  q.dnn.reset();
  q.snssais = {{2, std::nullopt}};
  EXPECT_FALSE(matches(*p, q));  // no SD is a different S-NSSAI
  q.snssais.clear();
  q.target_nf_type = sbi::nf_type::amf;
  EXPECT_FALSE(matches(*p, q));
}

}  // namespace
}  // namespace glasscore::nrf
