#include "smf/sbi/pdu_session_routes.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "glasscore/sbi/common.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/smf_models.h"
#include "smf/procedures/pdu_session.h"
#include "smf/sbi/policy_notify_routes.h"
#include "smf/sbi/sbi_peers.h"

namespace glasscore::smf {

std::shared_ptr<sm_context> context_or_404(smf_environment& env, const sbi::route_match& m,
                                           sbi::reply_fn& reply) {
  auto c = env.contexts.find(m.param("smContextRef"));
  if (!c) {
    reply(sbi::problem_response(404, "CONTEXT_NOT_FOUND",
                                "no SM context " + m.param("smContextRef")));
  }
  return c;
}

namespace {

constexpr std::string_view base = "/nsmf-pdusession/v1/sm-contexts";
constexpr std::string_view n1_id = "n1SmMsg";
constexpr std::string_view n2_id = "n2SmMsg";

// A request body (optionally empty, as ReleaseSMContext's may be): its JSON and, for
// multipart/related, its binary parts.
expected<sbi::json_with_parts, http2::response> read_body(const http2::request& req,
                                                          bool optional) {
  if (req.body.empty() && optional) {
    return sbi::json_with_parts{nlohmann::json::object(), {}};
  }
  return sbi::json_or_multipart_body(req);
}

// The bytes of the part a RefToBinaryData names; a reference to a missing part is a 400.
expected<std::optional<std::vector<std::uint8_t>>, http2::response> part_of(
    const sbi::json_with_parts& b, const std::optional<sbi::ref_to_binary_data>& ref,
    std::string_view member) {
  if (!ref) {
    return std::optional<std::vector<std::uint8_t>>{};
  }
  const sbi::body_part* p = sbi::find_part(b.parts, ref->content_id);
  if (p == nullptr) {
    return fail(sbi::problem_response(
        {400,
         std::string(sbi::cause::mandatory_ie_incorrect),
         std::string(member) + " names a part the body does not have",
         {{"/" + std::string(member), "no part with Content-ID " + ref->content_id}}}));
  }
  return std::optional<std::vector<std::uint8_t>>(p->data);
}

// The JSON with the N1/N2 parts, multipart/related when there are any (TS 29.502 §6.1.2.4).
http2::response with_parts(int status, const nlohmann::json& json,
                           const std::optional<std::vector<std::uint8_t>>& n1,
                           const std::optional<n2_sm_message>& n2) {
  std::vector<sbi::body_part> parts;
  if (n1) {
    parts.push_back({std::string(sbi::content_type_5gnas), std::string(n1_id), *n1});
  }
  if (n2) {
    parts.push_back({std::string(sbi::content_type_ngap), std::string(n2_id), n2->transfer});
  }
  auto encoded = sbi::encode_json_with_parts(json, std::move(parts));
  return http2::response{
      status, {{"content-type", std::move(encoded.content_type)}}, std::move(encoded.body)};
}

// NrLocation (TS 29.571 §5.4.4.9) as the SM context keeps it; the decoder checked the TAC
// is 4 or 6 hex digits (§5.4.2 Tac).
ue_location location_of(const sbi::nr_location& nr) {
  ue_location l;
  l.mcc = nr.tai.plmn.mcc;
  l.mnc = nr.tai.plmn.mnc;
  const auto& tac = nr.tai.tac;
  std::from_chars(tac.data(), tac.data() + tac.size(), l.tac, 16);
  l.nr_cell_id = nr.ncgi.nr_cell_id;
  return l;
}

async::task<void> create_then_reply(smf_environment& env, std::string api_root, create_request r,
                                    sbi::reply_fn reply) {
  const std::uint8_t psi = r.pdu_session_id;
  const slice s = r.slice;
  auto created = co_await create_sm_context(env, std::move(r));
  if (!created) {
    auto& e = created.error();
    sbi::sm_context_create_error body;
    body.error.status = e.status;
    body.error.title = std::string(sbi::status_title(e.status));
    body.error.cause = e.cause;
    body.error.detail = e.detail;
    body.n1_sm_msg = sbi::ref_to_binary_data{std::string(n1_id)};
    reply(with_parts(e.status, sbi::to_json(body), e.n1, std::nullopt));
    co_return;
  }
  auto c = created->context;
  sbi::sm_context_created_data data;
  data.pdu_session_id = psi;
  data.s_nssai = to_sbi(s);
  http2::response resp = sbi::json_response(201, sbi::to_json(data).dump());
  resp.headers.push_back({"location", api_root + std::string(base) + "/" + c->ref});
  reply(std::move(resp));
  env.procedures.enqueue(c->ref, establish_user_plane(env, c, std::move(created->requested_pco)));
}

void on_create(smf_environment& env, const std::string& api_root, const http2::request& req,
               sbi::reply_fn reply) {
  auto b = read_body(req, false);
  if (!b) {
    reply(std::move(b.error()));
    return;
  }
  auto data = sbi::decode_sm_context_create_data(b->json);
  if (!data) {
    reply(sbi::problem_response(sbi::bad_body(data.error())));
    return;
  }
  auto n1 = part_of(*b, data->n1_sm_msg, "n1SmMsg");
  if (!n1) {
    reply(std::move(n1.error()));
    return;
  }
  if (!*n1) {
    reply(sbi::problem_response({400,
                                 std::string(sbi::cause::mandatory_ie_missing),
                                 "a PDU session establishment needs its N1 SM message",
                                 {{"/n1SmMsg", "missing"}}}));
    return;
  }
  create_request r;
  r.supi = data->supi;
  r.pdu_session_id = data->pdu_session_id;
  r.dnn = data->dnn;
  if (data->s_nssai) {
    r.slice.sst = data->s_nssai->sst;
    if (data->s_nssai->sd) {
      r.slice.sd = static_cast<std::uint32_t>(std::stoul(*data->s_nssai->sd, nullptr, 16));
    }
  }
  if (data->ue_location && data->ue_location->nr_location) {
    r.location = location_of(*data->ue_location->nr_location);
  }
  r.status_uri = data->sm_context_status_uri;
  r.amf_api_root = api_root_of(data->sm_context_status_uri);
  r.n1 = std::move(**n1);
  spawn_procedure(env, create_then_reply(env, api_root, std::move(r), std::move(reply)));
}

async::task<void> update_then_reply(smf_environment& env, std::shared_ptr<sm_context> c,
                                    update_request r, sbi::reply_fn reply) {
  auto a = co_await update_sm_context(env, std::move(c), std::move(r));
  if (a.status != 200) {
    reply(sbi::problem_response(a.status, a.cause, a.detail));
    co_return;
  }
  sbi::sm_context_updated_data data;
  data.up_cnx_state = a.up_cnx_state;
  if (a.n1) {
    data.n1_sm_msg = sbi::ref_to_binary_data{std::string(n1_id)};
  }
  if (a.n2) {
    data.n2_sm_info = sbi::ref_to_binary_data{std::string(n2_id)};
    data.n2_sm_info_type = a.n2->type;
  }
  if (a.n1 || a.n2 || a.up_cnx_state) {
    reply(with_parts(200, sbi::to_json(data), a.n1, a.n2));
  } else {
    reply(http2::response{204, {}, {}});
  }
}

void on_update(smf_environment& env, const http2::request& req, const sbi::route_match& m,
               sbi::reply_fn reply) {
  auto c = context_or_404(env, m, reply);
  if (!c) {
    return;
  }
  auto b = read_body(req, false);
  if (!b) {
    reply(std::move(b.error()));
    return;
  }
  auto data = sbi::decode_sm_context_update_data(b->json);
  if (!data) {
    reply(sbi::problem_response(sbi::bad_body(data.error())));
    return;
  }
  auto n1 = part_of(*b, data->n1_sm_msg, "n1SmMsg");
  auto n2 = part_of(*b, data->n2_sm_info, "n2SmInfo");
  if (!n1 || !n2) {
    reply(std::move(!n1 ? n1.error() : n2.error()));
    return;
  }
  update_request r;
  r.n1 = std::move(*n1);
  if (*n2) {
    if (!data->n2_sm_info_type) {
      reply(sbi::problem_response({400,
                                   std::string(sbi::cause::mandatory_ie_missing),
                                   "n2SmInfo without n2SmInfoType",
                                   {{"/n2SmInfoType", "missing"}}}));
      return;
    }
    r.n2 = n2_sm_message{*data->n2_sm_info_type, std::move(**n2)};
  }
  r.up_cnx_state = data->up_cnx_state;
  env.procedures.enqueue(c->ref, update_then_reply(env, c, std::move(r), std::move(reply)));
}

async::task<void> release_then_reply(smf_environment& env, std::shared_ptr<sm_context> c,
                                     sbi::reply_fn reply) {
  co_await release_sm_context(env, std::move(c));
  reply(http2::response{204, {}, {}});
}

void on_release(smf_environment& env, const http2::request& req, const sbi::route_match& m,
                sbi::reply_fn reply) {
  auto c = context_or_404(env, m, reply);
  if (!c) {
    return;
  }
  // SmContextReleaseData is optional; when present it must at least be well-formed.
  auto b = read_body(req, true);
  if (!b) {
    reply(std::move(b.error()));
    return;
  }
  if (auto data = sbi::decode_sm_context_release_data(b->json); !data) {
    reply(sbi::problem_response(sbi::bad_body(data.error())));
    return;
  }
  env.procedures.enqueue(c->ref, release_then_reply(env, c, std::move(reply)));
}

}  // namespace

void add_pdu_session_routes(sbi::router& r, smf_environment& env, std::string api_root) {
  r.add("POST", base,
        [&env, api_root](const http2::request& req, const sbi::route_match&, sbi::reply_fn reply) {
          on_create(env, api_root, req, std::move(reply));
        });
  r.add("POST", std::string(base) + "/{smContextRef}/modify",
        [&env](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          on_update(env, req, m, std::move(reply));
        });
  r.add("POST", std::string(base) + "/{smContextRef}/release",
        [&env](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          on_release(env, req, m, std::move(reply));
        });
  // The PCF's policy notifications for the same sessions.
  add_policy_notify_routes(r, env);
}

}  // namespace glasscore::smf
