#include "amf/sbi/access_policy_client.h"

#include "amf/sbi/home_network_client.h"
#include "amf/sbi/sbi_location.h"
#include "amf/sbi/sbi_slices.h"
#include "glasscore/nf/udm/peer_call.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/query.h"
#include "glasscore/sbi/sdm_models.h"

namespace glasscore::amf {

namespace {

constexpr std::string_view policies_path = "/npcf-am-policy-control/v1/policies";

}  // namespace

async::task<expected<am_policy, home_network_error>> access_policy_client::create_association(
    am_policy_request request) {
  sbi::policy_association_request body;
  body.notification_uri =
      options_.api_root + "/namf-callback/v1/am-policy/" + sbi::percent_encode(request.supi);
  body.supi = request.supi;
  body.access_type = "3GPP_ACCESS";
  body.serving_plmn = sbi::plmn_id{request.serving_plmn.mcc, request.serving_plmn.mnc};
  body.user_loc = to_sbi(request.location);
  body.rat_type = "NR";
  body.guami = options_.guami;
  for (const auto& s : request.allowed_nssai) {
    body.allowed_snssais.push_back(to_sbi(s));
  }
  if (request.ue_ambr_uplink_kbps != 0 && request.ue_ambr_downlink_kbps != 0) {
    body.ue_ambr = sbi::ambr{sbi::bit_rate_from_kbps(request.ue_ambr_uplink_kbps),
                             sbi::bit_rate_from_kbps(request.ue_ambr_downlink_kbps)};
  }
  body.supp_feat = "0";  // none of TS 29.507 §5.8's optional features
  auto answer = co_await home::peer_call(
      pcf_, alive_,
      home::json_request("POST", std::string(policies_path), sbi::to_text(sbi::to_json(body))));
  if (!answer || answer->status != 201) {
    co_return fail(error_for(answer));
  }
  // TS 29.507 §5.3.2.3.1: the 201 names the association in Location ({apiRoot}/
  // npcf-am-policy-control/v1/policies/{polAssoId}) and carries the PolicyAssociation.
  auto id = home::created_id(*answer);
  auto json = sbi::parse_json(answer->body);
  auto decision = json ? sbi::decode_policy_association(*json) : fail(sbi::decode_error{});
  if (!id || !decision) {
    co_return fail(home_network_error::unavailable);
  }
  am_policy policy;
  policy.association_id = std::move(*id);
  if (decision->rfsp) {
    policy.rfsp = static_cast<std::uint16_t>(*decision->rfsp);  // 1..256, checked by the decoder
  }
  co_return policy;
}

async::task<expected<void, home_network_error>> access_policy_client::delete_association(
    std::string association_id) {
  auto answer = co_await home::peer_call(
      pcf_, alive_,
      home::json_request(
          "DELETE", std::string(policies_path) + "/" + sbi::percent_encode(association_id), ""));
  if (!home::is_success(answer)) {
    co_return fail(error_for(answer));
  }
  co_return expected<void, home_network_error>{};
}

}  // namespace glasscore::amf
