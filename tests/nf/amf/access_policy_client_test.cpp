// The AMF's Npcf_AMPolicyControl client against the PCF's own routes, in-process
// (home::router_requester): the PolicyAssociationRequest the PCF stores (TS 29.507
// §5.6.2.3), the polAssoId from the Location, the RFSP index, and Delete with its 404.
#include <gtest/gtest.h>

#include <optional>

#include "amf/sbi/access_policy_client.h"
#include "glasscore/async/manual_loop.h"
#include "glasscore/nf/pcf/pcf_service.h"
#include "glasscore/sbi/pcf_models.h"

namespace glasscore::amf {
namespace {

class access_policy_client_test : public ::testing::Test {
 protected:
  access_policy_client_test() { pcf_.add_routes(router_); }

  template <class T>
  T run(async::task<T> t) {
    std::optional<T> out;
    async::spawn(loop_, std::move(t), [&out](T v) { out.emplace(std::move(v)); });
    loop_.run_pending();
    EXPECT_TRUE(out.has_value()) << "the request did not finish";
    return std::move(*out);
  }

  // The association as the PCF holds it (GET .../policies/{id}).
  std::optional<sbi::policy_association> stored(const std::string& id) {
    http2::request req;
    req.method = "GET";
    req.scheme = "http";
    req.authority = "localhost";
    req.path = "/npcf-am-policy-control/v1/policies/" + id;
    std::optional<http2::response> answer;
    router_.dispatch(req, [&](http2::response r) { answer = std::move(r); });
    if (!answer || answer->status != 200) {
      return std::nullopt;
    }
    auto j = sbi::parse_json(answer->body);
    auto a = j ? sbi::decode_policy_association(*j) : fail(sbi::decode_error{});
    return a ? std::optional(*a) : std::nullopt;
  }

  static am_policy_request request() {
    am_policy_request r;
    r.supi = "imsi-001010000000001";
    r.serving_plmn = {"001", "01"};
    r.location = ngap::nr_location(*ngap::make_plmn("001", "01"), 1, 0x10);
    r.allowed_nssai = {{1, std::nullopt, {}, {}}, {1, 0x000001, {}, {}}};
    r.ue_ambr_uplink_kbps = 100000;
    r.ue_ambr_downlink_kbps = 200000;
    return r;
  }

  async::manual_loop loop_;
  pcf::pcf_service pcf_{pcf::pcf_service_options{"http://127.0.0.13:7777", {}, 17, 100}};
  sbi::router router_;
  access_policy_client client_{
      home::router_requester(router_),
      access_policy_client_options{sbi::guami{{"001", "01"}, "010041"}, "http://127.0.0.5:7777"}};
};

TEST_F(access_policy_client_test, create_sends_what_the_amf_knows_and_reads_the_decision) {
  auto policy = run(client_.create_association(request()));
  ASSERT_TRUE(policy.has_value()) << to_string(policy.error());
  EXPECT_FALSE(policy->association_id.empty());
  EXPECT_EQ(policy->association_id.find('/'), std::string::npos) << "the last path segment";
  ASSERT_TRUE(policy->rfsp);
  EXPECT_EQ(*policy->rfsp, 17);
  EXPECT_EQ(pcf_.am_policy_count(), 1U);

  const auto held = stored(policy->association_id);
  ASSERT_TRUE(held && held->request);
  const auto& r = *held->request;
  EXPECT_EQ(r.supi, "imsi-001010000000001");
  EXPECT_EQ(r.notification_uri,
            "http://127.0.0.5:7777/namf-callback/v1/am-policy/imsi-001010000000001");
  EXPECT_EQ(r.access_type, "3GPP_ACCESS");
  EXPECT_EQ(r.rat_type, "NR");
  EXPECT_EQ(r.serving_plmn, (sbi::plmn_id{"001", "01"}));
  EXPECT_EQ(r.guami, (sbi::guami{{"001", "01"}, "010041"}));
  ASSERT_EQ(r.allowed_snssais.size(), 2U);
  EXPECT_EQ(r.allowed_snssais[0].sst, 1);
  EXPECT_FALSE(r.allowed_snssais[0].sd);
  EXPECT_EQ(r.allowed_snssais[1].sd, "000001");
  ASSERT_TRUE(r.ue_ambr);
  EXPECT_EQ(r.ue_ambr->uplink, "100 Mbps");
  EXPECT_EQ(r.ue_ambr->downlink, "200 Mbps");
  EXPECT_EQ(r.supp_feat, "0");
  ASSERT_TRUE(r.user_loc && r.user_loc->nr_location);
  EXPECT_EQ(r.user_loc->nr_location->tai.tac, "000001");
  EXPECT_EQ(r.user_loc->nr_location->ncgi.nr_cell_id, "000000010");
}

TEST_F(access_policy_client_test, delete_removes_the_association_and_a_second_gets_not_found) {
  auto policy = run(client_.create_association(request()));
  ASSERT_TRUE(policy.has_value());
  EXPECT_TRUE(run(client_.delete_association(policy->association_id)).has_value());
  EXPECT_EQ(pcf_.am_policy_count(), 0U);
  auto again = run(client_.delete_association(policy->association_id));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error(), home_network_error::user_not_found);  // 404 CONTEXT_NOT_FOUND
}

TEST_F(access_policy_client_test, a_pcf_that_cannot_be_reached_is_unavailable) {
  access_policy_client cut_off{[](home::peer_request, home::peer_callback callback) {
                                 callback(fail(std::string("no PCF")));
                               },
                               access_policy_client_options{}};
  auto policy = run(cut_off.create_association(request()));
  ASSERT_FALSE(policy.has_value());
  EXPECT_EQ(policy.error(), home_network_error::unavailable);
}

TEST_F(access_policy_client_test, without_a_subscribed_ue_ambr_none_is_sent) {
  auto r = request();
  r.ue_ambr_uplink_kbps = 0;
  r.ue_ambr_downlink_kbps = 0;
  auto policy = run(client_.create_association(r));
  ASSERT_TRUE(policy.has_value());
  const auto held = stored(policy->association_id);
  ASSERT_TRUE(held && held->request);
  EXPECT_FALSE(held->request->ue_ambr);
}

}  // namespace
}  // namespace glasscore::amf
