#include "amf/sbi/namf_comm_routes.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "amf/procedures/n1n2_transfer.h"
#include "amf/procedures/pdu_session.h"
#include "amf/sbi/smf_client.h"
#include "glasscore/sbi/amf_comm_models.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::amf {

namespace {

const sbi::body_part* part_named(const sbi::multipart_body& b,
                                 const std::optional<sbi::ref_to_binary_data>& ref) {
  return ref ? sbi::find_part(b, ref->content_id) : nullptr;
}

void on_n1n2_transfer(amf_environment& env, const http2::request& req, const sbi::route_match& m,
                      const sbi::reply_fn& reply) {
  auto body = sbi::json_or_multipart_body(req);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  const sbi::multipart_body& parts = body->parts;
  auto data = sbi::decode_n1_n2_message_transfer_req_data(body->json);
  if (!data) {
    reply(sbi::problem_response(sbi::bad_body(data.error())));
    return;
  }
  std::optional<std::vector<std::uint8_t>> n1;
  if (data->n1_message_container) {
    const auto* p = part_named(parts, data->n1_message_container->n1_message_content);
    if (p == nullptr) {
      reply(sbi::problem_response(400, sbi::cause::mandatory_ie_incorrect,
                                  "n1MessageContent names no part of the body"));
      return;
    }
    n1 = p->data;
  }
  std::optional<n2_sm_info> n2;
  std::optional<std::uint8_t> psi = data->pdu_session_id;
  if (data->n2_info_container && data->n2_info_container->sm_info) {
    const auto& sm = *data->n2_info_container->sm_info;
    const auto* p = part_named(parts, sm.n2_info_content.ngap_data);
    auto kind = sm.n2_info_content.ngap_ie_type ? parse_n2_sm_type(*sm.n2_info_content.ngap_ie_type)
                                                : std::nullopt;
    if (p == nullptr || !kind) {
      reply(sbi::problem_response(400, sbi::cause::mandatory_ie_incorrect,
                                  "n2InfoContent: unknown ngapIeType or no such part"));
      return;
    }
    n2 = n2_sm_info{*kind, p->data};
    psi = psi.value_or(sm.pdu_session_id);
  }
  if (!psi) {
    reply(sbi::problem_response(400, sbi::cause::mandatory_ie_missing,
                                "pduSessionId is needed for SM information"));
    return;
  }
  // TS 29.518 §6.1.3.5.3.1: ueContextId is the SUPI here ("imsi-...").
  auto result = transfer_n1n2(env, m.param("ueContextId"), *psi, std::move(n1), std::move(n2));
  if (!result.ok()) {
    reply(sbi::problem_response(result.status, result.cause, "N1N2MessageTransfer refused"));
    return;
  }
  sbi::n1_n2_message_transfer_rsp_data rsp;
  rsp.cause = std::string(result.cause);
  reply(sbi::json_response(200, sbi::to_json(rsp).dump()));
}

void on_status(amf_environment& env, const http2::request& req, const sbi::route_match& m,
               const sbi::reply_fn& reply) {
  auto body = sbi::json_body(req, sbi::content_type_json);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto n = sbi::decode_sm_context_status_notification(*body);
  if (!n) {
    reply(sbi::problem_response(sbi::bad_body(n.error())));
    return;
  }
  std::uint8_t psi = 0;
  const std::string& text = m.param("pduSessionId");
  if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), psi);
      ec != std::errc{} || end != text.data() + text.size()) {
    reply(sbi::problem_response(404, "CONTEXT_NOT_FOUND", "no PDU session " + text));
    return;
  }
  // TS 29.502 §5.2.2.5.2: RELEASED means the SM context is gone at the SMF.
  if (n->status_info.resource_status == "RELEASED") {
    forget_pdu_session(env, m.param("supi"), psi);
  }
  reply(http2::response{204, {}, {}});
}

}  // namespace

void add_namf_routes(sbi::router& r, amf_environment& env) {
  r.add("POST", "/namf-comm/v1/ue-contexts/{ueContextId}/n1-n2-messages",
        [&env](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          on_n1n2_transfer(env, req, m, reply);
        });
  r.add("POST", sm_context_status_path,
        [&env](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          on_status(env, req, m, reply);
        });
}

}  // namespace glasscore::amf
