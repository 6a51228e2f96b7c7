#include "amf/sbi/home_network_client.h"

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "amf/sbi/sbi_slices.h"
#include "glasscore/core/log.h"
#include "glasscore/nf/udm/peer_call.h"
#include "glasscore/sbi/ausf_models.h"
#include "glasscore/sbi/bit_rate.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/uecm_models.h"

namespace glasscore::amf {

namespace {

// The JSON body of a 2xx answer, or the error it stands for.
expected<nlohmann::json, home_network_error> json_of(const home::peer_result& r) {
  if (!home::is_success(r)) {
    return fail(error_for(r));
  }
  auto j = sbi::parse_json(r->body);
  if (!j) {
    return fail(home_network_error::unavailable);
  }
  return std::move(*j);
}

// The DNN marked defaultDnnIndicator for each subscribed S-NSSAI (TS 29.503 §6.1.6.2.11).
std::vector<subscribed_default_dnn> default_dnns_of(const sbi::smf_selection_subscription_data& d) {
  std::vector<subscribed_default_dnn> out;
  for (const auto& [key, info] : d.subscribed_snssai_infos) {
    const auto slice = sbi::snssai_from_key(key);
    const auto dflt = std::ranges::find_if(info.dnn_infos, [](const sbi::dnn_info& i) {
      return i.default_dnn_indicator.value_or(false);
    });
    if (slice && dflt != info.dnn_infos.end()) {
      out.push_back({to_nas(*slice), dflt->dnn});
    }
  }
  return out;
}

}  // namespace

home_network_error error_for(const home::peer_result& r) {
  if (!r || r->status >= 300) {
    log::get("amf")->warn("home network request failed: {}",
                          r ? std::to_string(r->status) + " " + r->body.substr(0, 200) : r.error());
  }
  if (!r) {
    return home_network_error::unavailable;
  }
  switch (r->status) {
    case 404:
      return home_network_error::user_not_found;
    case 403:
      return home_network_error::not_allowed;
    default:
      return home_network_error::unavailable;
  }
}

std::string path_of(std::string_view uri) {
  const auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) {
    return std::string(uri);
  }
  const auto path = uri.find('/', scheme + 3);
  return path == std::string_view::npos ? "/" : std::string(uri.substr(path));
}

async::task<expected<auth_challenge, home_network_error>> home_network_client::authenticate(
    std::string supi_or_suci, std::string serving_network_name,
    std::optional<resynchronisation> resync) {
  sbi::authentication_info info;
  info.supi_or_suci = std::move(supi_or_suci);
  info.serving_network_name = std::move(serving_network_name);
  if (resync) {
    info.resynchronization_info = sbi::resynchronization_info{resync->rand, resync->auts};
  }
  auto answer =
      co_await home::peer_call(ausf_, alive_,
                               home::json_request("POST", "/nausf-auth/v1/ue-authentications",
                                                  sbi::to_text(sbi::to_json(info))));
  auto body = json_of(answer);
  if (!body) {
    co_return fail(body.error());
  }
  auto ctx = sbi::decode_ue_authentication_ctx(*body);
  if (!ctx || ctx->type != sbi::auth_type::five_g_aka) {
    co_return fail(home_network_error::unavailable);
  }
  auto link = ctx->links.find("5g-aka");
  if (link == ctx->links.end()) {
    co_return fail(home_network_error::unavailable);
  }
  co_return auth_challenge{ctx->auth_data.rand, ctx->auth_data.autn, ctx->auth_data.hxres_star,
                           link->second};
}

async::task<expected<auth_confirmation, home_network_error>> home_network_client::confirm(
    std::string confirmation_uri, std::array<std::uint8_t, 16> res_star) {
  sbi::confirmation_data data;
  data.res_star = res_star;
  auto answer = co_await home::peer_call(
      ausf_, alive_,
      home::json_request("PUT", path_of(confirmation_uri), sbi::to_text(sbi::to_json(data))));
  auto body = json_of(answer);
  if (!body) {
    co_return fail(body.error());
  }
  auto result = sbi::decode_confirmation_data_response(*body);
  if (!result) {
    co_return fail(home_network_error::unavailable);
  }
  if (result->result != sbi::auth_result::success || !result->supi || !result->kseaf) {
    co_return fail(home_network_error::authentication_failed);
  }
  co_return auth_confirmation{*result->supi, *result->kseaf};
}

async::task<expected<void, home_network_error>> home_network_client::register_amf(
    std::string supi) {
  sbi::amf_3gpp_access_registration registration;
  registration.amf_instance_id = options_.amf_instance_id;
  registration.dereg_callback_uri = options_.dereg_callback_uri;
  registration.guami = options_.guami;
  registration.rat_type = "NR";
  registration.initial_registration_ind = true;
  auto answer = co_await home::peer_call(
      udm_, alive_,
      home::json_request("PUT", "/nudm-uecm/v1/" + supi + "/registrations/amf-3gpp-access",
                         sbi::to_text(sbi::to_json(registration))));
  if (!home::is_success(answer)) {
    co_return fail(error_for(answer));
  }
  co_return expected<void, home_network_error>{};
}

async::task<expected<void, home_network_error>> home_network_client::deregister_amf(
    std::string supi) {
  // TS 29.503 §5.3.2.4.2: the AMF deregisters itself with a DeregistrationData whose reason
  // says the UE left (UE_INITIAL_REGISTRATION is for a new AMF; the UE deregistered here).
  sbi::deregistration_data data;
  data.dereg_reason = "UE_REGISTRATION_AREA_CHANGE";
  data.access_type = "3GPP_ACCESS";
  auto answer = co_await home::peer_call(
      udm_, alive_,
      home::json_request("POST",
                         "/nudm-uecm/v1/" + supi + "/registrations/amf-3gpp-access/dereg-amf",
                         sbi::to_text(sbi::to_json(data))));
  if (!home::is_success(answer)) {
    co_return fail(error_for(answer));
  }
  co_return expected<void, home_network_error>{};
}

async::task<expected<access_subscription, home_network_error>>
home_network_client::access_and_mobility(std::string supi) {
  auto answer = co_await home::peer_call(
      udm_, alive_, home::json_request("GET", "/nudm-sdm/v2/" + supi + "/am-data", ""));
  auto body = json_of(answer);
  if (!body) {
    co_return fail(body.error());
  }
  auto data = sbi::decode_access_and_mobility_subscription_data(*body);
  if (!data) {
    co_return fail(home_network_error::unavailable);
  }
  access_subscription sub;
  if (data->nssai) {
    sub.default_slices = to_nas(data->nssai->default_single_nssais);
    sub.subscribed_slices = sub.default_slices;
    for (const auto& s : to_nas(data->nssai->single_nssais)) {
      sub.subscribed_slices.push_back(s);
    }
  }
  if (data->subscribed_ue_ambr) {
    // Validated BitRate strings (TS 29.571 §5.5.2); the gNB gets them as UE-AMBR.
    sub.ue_ambr_uplink_kbps =
        sbi::parse_bit_rate_kbps(data->subscribed_ue_ambr->uplink).value_or(0);
    sub.ue_ambr_downlink_kbps =
        sbi::parse_bit_rate_kbps(data->subscribed_ue_ambr->downlink).value_or(0);
  }
  // TS 23.502 §4.2.2.2.2 step 14b: the SMF Selection Subscription data comes with the
  // access and mobility data; it names the default DNN per S-NSSAI. A subscriber without it
  // (404) or a UDM that cannot give it leaves the AMF's local DNN choice in place.
  auto selection = co_await home::peer_call(
      udm_, alive_, home::json_request("GET", "/nudm-sdm/v2/" + supi + "/smf-select-data", ""));
  if (auto selection_body = json_of(selection)) {
    if (auto d = sbi::decode_smf_selection_subscription_data(*selection_body)) {
      sub.default_dnns = default_dnns_of(*d);
    }
  }
  co_return sub;
}

}  // namespace glasscore::amf
