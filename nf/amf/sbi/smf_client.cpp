#include "amf/sbi/smf_client.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "amf/sbi/home_network_client.h"
#include "amf/sbi/sbi_location.h"
#include "amf/sbi/sbi_slices.h"
#include "glasscore/nf/udm/peer_call.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/query.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::amf {

namespace {

constexpr std::string_view n1_id = "n1SmMsg";
constexpr std::string_view n2_id = "n2SmMsg";

// JSON with the N1/N2 parts, multipart/related when there are any (TS 29.502 §6.1.2.4).
home::peer_request request_with_parts(std::string path, const nlohmann::json& json,
                                      const std::optional<std::vector<std::uint8_t>>& n1,
                                      const std::optional<n2_sm_info>& n2) {
  std::vector<sbi::body_part> parts;
  if (n1) {
    parts.push_back({std::string(sbi::content_type_5gnas), std::string(n1_id), *n1});
  }
  if (n2) {
    parts.push_back({std::string(sbi::content_type_ngap), std::string(n2_id), n2->transfer});
  }
  auto encoded = sbi::encode_json_with_parts(json, std::move(parts));
  auto r =
      home::json_request("POST", std::move(path), std::move(encoded.body), encoded.content_type);
  // The SMF answers an update with its own N1/N2 parts (SmContextUpdatedData).
  r.headers.back().value = "application/json, multipart/related, application/problem+json";
  return r;
}

// The body of an answer: JSON and, for multipart/related, its parts; an empty body reads
// as an empty object.
std::optional<sbi::json_with_parts> read_answer(const http2::response& r) {
  if (r.body.empty()) {
    return sbi::json_with_parts{nlohmann::json::object(), {}};
  }
  std::string type;
  for (const auto& h : r.headers) {
    if (h.name == "content-type") {
      type = h.value;
    }
  }
  auto b = sbi::read_json_with_parts(type, r.body);
  if (!b) {
    return std::nullopt;
  }
  return std::move(*b);
}

std::optional<std::vector<std::uint8_t>> part(const sbi::json_with_parts& b,
                                              const std::optional<sbi::ref_to_binary_data>& ref) {
  if (!ref) {
    return std::nullopt;
  }
  const auto* p = sbi::find_part(b.parts, ref->content_id);
  return p != nullptr ? std::optional(p->data) : std::nullopt;
}

sm_failure failure_of(const home::peer_result& r) {
  if (!r) {
    return {sm_error::unavailable, {}};
  }
  if (r->status == 404) {
    return {sm_error::not_found, {}};
  }
  if (r->status >= 500) {
    return {sm_error::unavailable, {}};
  }
  // A refusal may carry a 5GSM message for the UE (SmContextCreateError.n1SmMsg).
  sm_failure f{sm_error::rejected, {}};
  if (auto b = read_answer(*r)) {
    if (auto e = sbi::decode_sm_context_create_error(b->json)) {
      if (auto n1 = part(*b, e->n1_sm_msg)) {
        f.n1_sm = std::move(*n1);
      }
    }
  }
  return f;
}

}  // namespace

async::task<expected<sm_context_created, sm_failure>> smf_client::create_sm_context(
    sm_context_create request) {
  sbi::sm_context_create_data d;
  d.supi = request.supi;
  if (!request.pei.empty()) {
    d.pei = request.pei;
  }
  d.pdu_session_id = request.pdu_session_id;
  d.dnn = request.dnn;
  d.s_nssai = to_sbi(request.slice);
  d.serving_nf_id = options_.amf_instance_id;
  d.serving_network = sbi::plmn_id{request.serving_plmn.mcc, request.serving_plmn.mnc};
  d.ue_location = to_sbi(request.location);
  d.an_type = "3GPP_ACCESS";
  d.rat_type = "NR";
  d.request_type = "INITIAL_REQUEST";
  d.sm_context_status_uri =
      fmt::format("{}/namf-callback/v1/sm-context-status/{}/{}", options_.api_root,
                  sbi::percent_encode(request.supi), request.pdu_session_id);
  d.n1_sm_msg = sbi::ref_to_binary_data{std::string(n1_id)};
  auto req = request_with_parts("/nsmf-pdusession/v1/sm-contexts", sbi::to_json(d),
                                std::move(request.n1_sm), std::nullopt);
  auto r = co_await home::peer_call(smf_, alive_, std::move(req));
  if (!r || r->status != 201) {
    co_return fail(failure_of(r));
  }
  if (auto location = home::location_of(*r)) {
    co_return sm_context_created{std::move(*location)};
  }
  co_return fail(sm_failure{sm_error::unavailable, {}});  // a 201 without Location
}

async::task<expected<sm_context_updated, sm_failure>> smf_client::update_sm_context(
    std::string ref, sm_context_update update) {
  sbi::sm_context_update_data d;
  if (update.user_plane_active) {
    d.up_cnx_state = *update.user_plane_active ? "ACTIVATING" : "DEACTIVATED";
  }
  if (update.n1_sm) {
    d.n1_sm_msg = sbi::ref_to_binary_data{std::string(n1_id)};
  }
  if (update.n2) {
    d.n2_sm_info = sbi::ref_to_binary_data{std::string(n2_id)};
    d.n2_sm_info_type = std::string(to_string(update.n2->type));
  }
  auto req = request_with_parts(path_of(ref) + "/modify", sbi::to_json(d), update.n1_sm, update.n2);
  auto r = co_await home::peer_call(smf_, alive_, std::move(req));
  if (!home::is_success(r)) {
    co_return fail(failure_of(r));
  }
  sm_context_updated out;
  auto b = read_answer(*r);
  if (!b) {
    co_return fail(sm_failure{sm_error::unavailable, {}});
  }
  if (r->status == 204) {
    co_return out;
  }
  auto data = sbi::decode_sm_context_updated_data(b->json);
  if (!data) {
    co_return fail(sm_failure{sm_error::unavailable, {}});
  }
  out.n1_sm = part(*b, data->n1_sm_msg);
  if (auto n2 = part(*b, data->n2_sm_info); n2 && data->n2_sm_info_type) {
    if (auto type = parse_n2_sm_type(*data->n2_sm_info_type)) {
      out.n2 = n2_sm_info{*type, std::move(*n2)};
    }
  }
  co_return out;
}

async::task<expected<void, sm_failure>> smf_client::release_sm_context(std::string ref) {
  sbi::sm_context_release_data d;
  auto req = home::json_request("POST", path_of(ref) + "/release", sbi::to_json(d).dump());
  auto r = co_await home::peer_call(smf_, alive_, std::move(req));
  if (!home::is_success(r)) {
    co_return fail(failure_of(r));
  }
  co_return expected<void, sm_failure>{};
}

}  // namespace glasscore::amf
