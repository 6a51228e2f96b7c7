#include "smf/procedures/pdu_session.h"

#include <functional>

#include "glasscore/codec/ngap/messages.h"
#include "smf/n1_gsm/gsm_messages.h"
#include "smf/n2_ngap/session_transfers.h"
#include "smf/procedures/pdu_session_modification.h"

namespace glasscore::smf {

namespace {

using nas::gsm_cause;

std::string cause_label(gsm_cause c) {
  return "#" + std::to_string(static_cast<int>(c));
}

// The PTI of a 5GSM message that may not decode as a whole (octet 3, TS 24.501 §9.6), so
// that even the reject of a broken request names the UE's transaction.
std::uint8_t pti_of(const std::vector<std::uint8_t>& n1) {
  return n1.size() >= 3 ? n1[2] : 0;
}

// Releases what the session holds at the UPF, in the pools and at the PCF. The context
// itself stays until the caller removes it.
async::task<void> free_resources(smf_environment& env, std::shared_ptr<sm_context> c) {
  end_modification(env, *c);
  if (c->n4) {
    auto n4 = std::exchange(c->n4, std::nullopt);
    if (auto u = co_await env.upfs.release(*n4); u) {
      env.log->info("session {}: released, {} octets up, {} down", c->ref, u->uplink_octets,
                    u->downlink_octets);
    } else {
      // The UPF will not answer (association lost): its sessions of ours go when the
      // association does (TS 29.244 §6.2.6.3), so the address is free to use again.
      env.log->warn("session {}: N4 release failed: {}", c->ref, to_string(u.error()));
    }
  }
  env.pools.release(*c);
  c->downlink.reset();
  if (!c->policy.policy_id.empty()) {
    auto id = std::exchange(c->policy.policy_id, {});
    if (auto d = co_await env.pcf.delete_policy(id); !d) {
      env.log->warn("session {}: SM policy {} not deleted: {}", c->ref, id, to_string(d.error()));
    }
  }
}

}  // namespace

async::task<void> remove_and_notify(smf_environment& env, std::shared_ptr<sm_context> c) {
  co_await free_resources(env, c);
  env.contexts.remove(*c);
  if (!c->status_uri.empty()) {
    if (auto n = co_await env.amf.notify_released(c->status_uri); !n) {
      env.log->warn("session {}: status notification failed: {}", c->ref, to_string(n.error()));
    }
  }
}

namespace {

// An establishment that fails after the 201: the reject reaches the UE through the AMF
// (TS 23.502 §4.3.2.2.1 step 11 with a reject), then the context goes.
async::task<void> reject_established(smf_environment& env, std::shared_ptr<sm_context> c,
                                     gsm_cause cause) {
  env.metrics.establishments->with({cause_label(cause)}).inc();
  env.log->warn("session {} of {}: establishment rejected with 5GSM cause #{}", c->ref, c->supi,
                static_cast<int>(cause));
  std::optional<std::vector<std::uint8_t>> reject =
      encode_establishment_reject(c->pdu_session_id, c->pti, cause);
  std::optional<n2_sm_message> no_n2;
  if (auto sent = co_await env.amf.n1n2_transfer(c->amf_api_root, c->supi, c->pdu_session_id,
                                                 std::move(reject), std::move(no_n2));
      !sent) {
    env.log->warn("session {}: reject not delivered: {}", c->ref, to_string(sent.error()));
  }
  co_await remove_and_notify(env, c);
}

dnn_subscription local_subscription(const config::dnn_config& dnn) {
  dnn_subscription s;
  s.allowed_types = {nas::pdu_session_type_value::ipv4, nas::pdu_session_type_value::ipv6,
                     nas::pdu_session_type_value::ipv4v6};
  s.ambr_uplink_kbps = dnn.ambr.uplink_kbps;
  s.ambr_downlink_kbps = dnn.ambr.downlink_kbps;
  s.default_5qi = dnn.default_5qi;
  return s;
}

}  // namespace

async::task<expected<create_result, create_rejection>> create_sm_context(smf_environment& env,
                                                                         create_request r) {
  std::uint8_t pti = pti_of(r.n1);
  auto refuse = [&](gsm_cause cause, std::string sbi_cause, std::string detail) {
    env.metrics.establishments->with({cause_label(cause)}).inc();
    env.log->info("SM context for {} PDU session {} refused: {} (5GSM #{})", r.supi,
                  r.pdu_session_id, detail, static_cast<int>(cause));
    return create_rejection{403, std::move(sbi_cause), std::move(detail),
                            encode_establishment_reject(r.pdu_session_id, pti, cause)};
  };
  // TS 29.502 §5.2.2.2.1: an N1 SM message the SMF cannot use is refused with N1_SM_ERROR
  // and a reject the UE understands (TS 24.501 §7).
  auto pdu = nas::decode_gsm(r.n1);
  if (!pdu) {
    co_return fail(refuse(static_cast<gsm_cause>(nas::protocol_cause_for(pdu.error())),
                          "N1_SM_ERROR", "undecodable N1 SM message"));
  }
  const auto* request = std::get_if<nas::pdu_session_establishment_request>(&pdu->body);
  if (request == nullptr) {
    co_return fail(refuse(gsm_cause::message_type_not_compatible_with_protocol_state, "N1_SM_ERROR",
                          "the N1 SM message is not an establishment request"));
  }
  if (pdu->pdu_session_id != r.pdu_session_id) {
    co_return fail(refuse(gsm_cause::invalid_pdu_session_identity, "N1_SM_ERROR",
                          "PDU session ID of the N1 SM message differs from pduSessionId"));
  }
  // TS 24.501 §7.3.1: a UE-initiated procedure uses PTI 1-254.
  if (pti == 0 || pti == 255) {
    co_return fail(refuse(gsm_cause::invalid_pti_value, "N1_SM_ERROR", "PTI 0 or 255"));
  }
  const config::dnn_config* dnn = env.pools.find(r.dnn);
  if (dnn == nullptr) {
    co_return fail(refuse(gsm_cause::missing_or_unknown_dnn, "DNN_DENIED",
                          "DNN " + r.dnn + " is not served by this SMF"));
  }
  // TS 23.502 §4.3.2.2.1 step 4: the session management subscription for DNN and S-NSSAI.
  auto sub = co_await env.udm.session_subscription(r.supi, r.slice, r.dnn);
  if (!sub) {
    co_return fail(refuse(gsm_cause::network_failure, "NETWORK_FAILURE",
                          std::string("UDM: ") + std::string(to_string(sub.error()))));
  }
  if (!*sub) {
    co_return fail(refuse(gsm_cause::missing_or_unknown_dnn_in_a_slice, "DNN_DENIED",
                          "DNN " + r.dnn + " is not subscribed in this slice"));
  }
  const dnn_subscription& subscribed = **sub;
  std::optional<nas::pdu_session_type_value> requested;
  if (request->pdu_session_type) {
    requested = request->pdu_session_type->value;
  }
  auto type = env.pools.choose_type(r.dnn, requested, subscribed);
  if (!type) {
    co_return fail(refuse(type.error(), "PDU_SESSION_TYPE_DENIED",
                          "no PDU session type of the request is possible"));
  }
  // SSC mode 1 only: the anchor UPF never changes (TS 23.501 §5.6.9.2.1).
  if (request->ssc_mode && request->ssc_mode->value != nas::ssc_mode_value::mode_1) {
    co_return fail(
        refuse(gsm_cause::not_supported_ssc_mode, "SSC_DENIED", "only SSC mode 1 is supported"));
  }
  if (auto old = env.contexts.find(r.supi, r.pdu_session_id)) {
    // TS 24.501 §6.4.1.2: a new establishment with a PDU session ID in use replaces the
    // old session, which the network releases locally.
    env.log->info("session {}: replaced by a new establishment with the same PDU session ID",
                  old->ref);
    co_await remove_and_notify(env, old);
  }
  auto c = env.contexts.create(r.supi, r.pdu_session_id);
  if (!c) {
    co_return fail(refuse(gsm_cause::network_failure, "SYSTEM_FAILURE",
                          "a concurrent establishment holds the PDU session ID"));
  }
  c->pti = pti;
  c->dnn = r.dnn;
  c->slice = r.slice;
  c->location = std::move(r.location);
  c->type = type->type;
  c->type_cause = type->cause;
  c->amf_api_root = std::move(r.amf_api_root);
  c->status_uri = std::move(r.status_uri);
  c->policy.ambr_uplink_kbps = subscribed.ambr_uplink_kbps;
  c->policy.ambr_downlink_kbps = subscribed.ambr_downlink_kbps;
  c->policy.default_5qi = subscribed.default_5qi;
  c->policy.arp_priority = subscribed.arp_priority;
  if (c->policy.ambr_uplink_kbps == 0 || c->policy.ambr_downlink_kbps == 0) {
    const auto local = local_subscription(*dnn);
    c->policy.ambr_uplink_kbps = local.ambr_uplink_kbps;
    c->policy.ambr_downlink_kbps = local.ambr_downlink_kbps;
  }
  co_return create_result{c, request->extended_pco};
}

async::task<void> establish_user_plane(smf_environment& env, std::shared_ptr<sm_context> c,
                                       std::optional<nas::extended_pco> requested_pco) {
  if (c->removed) {
    co_return;
  }
  const config::dnn_config* dnn = env.pools.find(c->dnn);
  if (dnn == nullptr) {
    co_await reject_established(env, c, gsm_cause::missing_or_unknown_dnn);
    co_return;
  }
  if (!env.pools.allocate(*c)) {
    co_await reject_established(env, c, gsm_cause::insufficient_resources);
    co_return;
  }
  if (c->ipv6_prefix) {
    c->ipv6_interface_id = interface_id_for(std::hash<std::string>{}(c->ref));
  }
  // TS 23.502 §4.3.2.2.1 step 7: the SM policy. Without a PCF answer the SMF goes on with
  // local policy (TS 23.503 §6.1.1.1), here the subscription's values.
  policy_request pr;
  pr.sm_context_ref = c->ref;
  pr.supi = c->supi;
  pr.pdu_session_id = c->pdu_session_id;
  pr.dnn = c->dnn;
  pr.s = c->slice;
  pr.type = c->type;
  pr.ipv4 = c->ipv4;
  pr.subscribed.ambr_uplink_kbps = c->policy.ambr_uplink_kbps;
  pr.subscribed.ambr_downlink_kbps = c->policy.ambr_downlink_kbps;
  pr.subscribed.default_5qi = c->policy.default_5qi;
  pr.subscribed.arp_priority = c->policy.arp_priority;
  if (auto policy = co_await env.pcf.create_policy(std::move(pr)); policy) {
    c->policy = std::move(*policy);
  } else {
    env.log->warn("session {}: no SM policy from the PCF ({}), local policy applies", c->ref,
                  to_string(policy.error()));
  }
  // Step 8 and 10: UPF selection (by DNN, slice and the UE's TAC, TS 23.501 §6.3.3) and
  // the N4 session(s).
  std::optional<std::uint32_t> tac;
  if (c->location) {
    tac = c->location->tac;
  }
  auto upf = env.upfs.select_upfs(c->dnn, c->slice, tac);
  if (!upf) {
    co_await reject_established(env, c,
                                gsm_cause::insufficient_resources_for_specific_slice_and_dnn);
    co_return;
  }
  up_session_request ur;
  ur.local_seid = env.next_seid++;
  ur.dnn = c->dnn;
  ur.ue_ipv4 = c->ipv4;
  ur.ue_ipv6_prefix = c->ipv6_prefix;
  ur.ue_ipv6_interface_id = c->ipv6_interface_id;
  ur.ambr_uplink_kbps = c->policy.ambr_uplink_kbps;
  ur.ambr_downlink_kbps = c->policy.ambr_downlink_kbps;
  if (upf->intermediate) {
    ur.intermediate_upf = upf->intermediate;
    ur.intermediate_seid = env.next_seid++;
  }
  auto n4 = co_await env.upfs.establish(upf->anchor, std::move(ur));
  if (!n4) {
    env.log->warn("session {}: N4 establishment at {}{} failed: {}", c->ref, upf->anchor,
                  upf->intermediate ? " via I-UPF " + *upf->intermediate : std::string(),
                  to_string(n4.error()));
    co_await reject_established(env, c, gsm_cause::network_failure);
    co_return;
  }
  c->n4 = std::move(*n4);
  // Step 11: N1 accept and N2 setup request to the AMF.
  auto n1 = encode_establishment_accept(*c, requested_pco, *dnn);
  auto n2 = encode_setup_request_transfer(*c);
  if (!n1 || !n2) {
    env.log->error("session {}: cannot encode the accept: {}", c->ref,
                   !n1 ? std::string(nas::to_string(n1.error())) : n2.error());
    co_await reject_established(env, c, gsm_cause::network_failure);
    co_return;
  }
  // Named, not braced in the call: with g++ 12 a brace-initialised temporary in the
  // arguments of a co_await expression was destroyed twice (seen as a double free here).
  std::optional<std::vector<std::uint8_t>> accept = std::move(*n1);
  std::optional<n2_sm_message> setup = n2_sm_message{"PDU_RES_SETUP_REQ", std::move(*n2)};
  auto sent = co_await env.amf.n1n2_transfer(c->amf_api_root, c->supi, c->pdu_session_id,
                                             std::move(accept), std::move(setup));
  if (!sent) {
    env.log->warn("session {}: N1N2MessageTransfer failed: {}", c->ref, to_string(sent.error()));
    env.metrics.establishments->with({"N1N2 transfer failed"}).inc();
    co_await remove_and_notify(env, c);
    co_return;
  }
  env.metrics.establishments->with({"accepted"}).inc();
}

async::task<update_answer> update_sm_context(smf_environment& env, std::shared_ptr<sm_context> c,
                                             update_request r) {
  update_answer a;
  if (c->removed) {
    a.status = 404;
    a.cause = "CONTEXT_NOT_FOUND";
    co_return a;
  }
  if (r.n2) {
    const std::string& type = r.n2->type;
    if (type == "PDU_RES_SETUP_RSP") {
      // TS 23.502 §4.3.2.2.1 steps 14-16: the gNB's tunnel, then downlink forwarding.
      auto gnb = decode_setup_response_transfer(r.n2->transfer);
      if (!gnb) {
        a.status = 400;
        a.cause = "N2_SM_ERROR";
        a.detail = gnb.error();
        co_return a;
      }
      if (c->n4) {
        if (auto set = co_await env.upfs.set_downlink(*c->n4, *gnb); !set) {
          a.status = 504;
          a.cause = "UPF_NOT_RESPONDING";
          a.detail = std::string(to_string(set.error()));
          co_return a;
        }
      }
      c->downlink = *gnb;
      c->state = sm_state::active;
      a.up_cnx_state = "ACTIVATED";
      if (c->modification_pending) {
        // A policy change the UE missed while unreachable (TS 23.502 §4.3.3.2 step 1b).
        env.procedures.enqueue(c->ref, resume_pending_modification(env, c));
      }
      co_return a;
    }
    if (type == "PDU_RES_SETUP_FAIL") {
      // The gNB could not set the session up: the network releases it (step 15 failure).
      env.log->info("session {}: the gNB refused the resources; releasing", c->ref);
      env.metrics.releases->with({"gNB setup failure"}).inc();
      spawn_procedure(env, remove_and_notify(env, c));
      a.up_cnx_state = "DEACTIVATED";
      co_return a;
    }
    if (type == "PDU_RES_MOD_RSP" || type == "PDU_RES_MOD_FAIL") {
      co_return handle_modify_response(env, *c, *r.n2);
    }
    if (type == "PDU_RES_REL_RSP") {
      c->downlink.reset();
      co_return a;
    }
    env.log->debug("session {}: N2 SM information {} noted", c->ref, type);
    co_return a;
  }
  if (r.up_cnx_state == "DEACTIVATED") {
    // TS 23.502 §4.2.6 AN release: downlink stops at the UPF (buffer) until the UE is back.
    if (c->n4) {
      std::optional<tunnel_end> buffer;
      if (auto set = co_await env.upfs.set_downlink(*c->n4, buffer); !set) {
        env.log->warn("session {}: downlink not deactivated at the UPF: {}", c->ref,
                      to_string(set.error()));
      }
    }
    c->downlink.reset();
    c->state = sm_state::inactive;
    a.up_cnx_state = "DEACTIVATED";
    co_return a;
  }
  if (r.up_cnx_state == "ACTIVATING") {
    // TS 23.502 §4.2.3.2 step 4: service request; the gNB gets the setup request again.
    auto n2 = encode_setup_request_transfer(*c);
    if (!n2) {
      a.status = 500;
      a.cause = "SYSTEM_FAILURE";
      a.detail = n2.error();
      co_return a;
    }
    a.up_cnx_state = "ACTIVATING";
    a.n2 = n2_sm_message{"PDU_RES_SETUP_REQ", std::move(*n2)};
    co_return a;
  }
  if (r.n1) {
    auto pdu = nas::decode_gsm(*r.n1);
    if (!pdu) {
      a.n1 = encode_gsm_status(c->pdu_session_id, pti_of(*r.n1),
                               static_cast<gsm_cause>(nas::protocol_cause_for(pdu.error())));
      co_return a;
    }
    if (std::holds_alternative<nas::pdu_session_release_request>(pdu->body)) {
      // TS 23.502 §4.3.4.2 steps 1-3: the user plane and the address go at once; the UE
      // and the gNB are told.
      env.metrics.releases->with({"UE"}).inc();
      c->pti = pdu->pti;
      c->state = sm_state::releasing;
      const bool gnb_has_it = c->downlink.has_value();
      co_await free_resources(env, c);
      a.n1 = encode_release_command(c->pdu_session_id, c->pti, gsm_cause::regular_deactivation);
      if (gnb_has_it) {
        auto n2 =
            encode_release_command_transfer(ngap::make_cause(ngap::cause_nas::normal_release));
        if (n2) {
          a.n2 = n2_sm_message{"PDU_RES_REL_CMD", std::move(*n2)};
        }
      }
      co_return a;
    }
    if (std::holds_alternative<nas::pdu_session_release_complete>(pdu->body)) {
      if (c->state == sm_state::releasing) {
        // Step 10-11: released; the AMF hears it in the status notification.
        spawn_procedure(env, remove_and_notify(env, c));
      }
      co_return a;
    }
    if (const auto* status = std::get_if<nas::gsm_status>(&pdu->body)) {
      env.log->info("session {}: 5GSM STATUS #{}", c->ref, static_cast<int>(status->cause.value));
      co_return a;
    }
    if (std::holds_alternative<nas::pdu_session_modification_request>(pdu->body) ||
        std::holds_alternative<nas::pdu_session_modification_complete>(pdu->body) ||
        std::holds_alternative<nas::pdu_session_modification_command_reject>(pdu->body)) {
      co_return handle_modification_message(env, c, *pdu);
    }
    // TS 24.501 §7.4: a message this SMF does not handle gets 5GSM STATUS.
    a.n1 = encode_gsm_status(c->pdu_session_id, pdu->pti,
                             gsm_cause::message_type_non_existent_or_not_implemented);
    co_return a;
  }
  co_return a;
}

async::task<void> release_sm_context(smf_environment& env, std::shared_ptr<sm_context> c) {
  if (c->removed) {
    co_return;
  }
  env.metrics.releases->with({"AMF"}).inc();
  co_await free_resources(env, c);
  env.contexts.remove(*c);
}

namespace {

async::task<void> network_release(smf_environment& env, std::shared_ptr<sm_context> c,
                                  gsm_cause cause) {
  if (c->removed) {
    co_return;
  }
  env.metrics.releases->with({"network"}).inc();
  c->pti = 0;  // §6.3.3.2: a network-requested release has no PTI
  c->state = sm_state::releasing;
  const bool gnb_has_it = c->downlink.has_value();
  co_await free_resources(env, c);
  std::optional<n2_sm_message> n2;
  if (gnb_has_it) {
    if (auto t =
            encode_release_command_transfer(ngap::make_cause(ngap::cause_nas::normal_release))) {
      n2 = n2_sm_message{"PDU_RES_REL_CMD", std::move(*t)};
    }
  }
  std::optional<std::vector<std::uint8_t>> command =
      encode_release_command(c->pdu_session_id, 0, cause);
  auto sent = co_await env.amf.n1n2_transfer(c->amf_api_root, c->supi, c->pdu_session_id,
                                             std::move(command), std::move(n2));
  if (!sent) {
    // The UE cannot be told now (e.g. idle, no paging): released locally; the UE learns it
    // from the PDU session status at its next registration (TS 24.501 §5.5.1.3.4).
    env.log->info("session {}: release command not delivered ({}), released locally", c->ref,
                  to_string(sent.error()));
    co_await remove_and_notify(env, c);
  }
}

}  // namespace

bool release_session(smf_environment& env, const std::string& supi, std::uint8_t pdu_session_id,
                     gsm_cause cause) {
  auto c = env.contexts.find(supi, pdu_session_id);
  if (!c) {
    return false;
  }
  env.procedures.enqueue(c->ref, network_release(env, c, cause));
  return true;
}

std::string_view to_string(peer_error e) {
  switch (e) {
    case peer_error::not_found:
      return "not found";
    case peer_error::rejected:
      return "rejected";
    case peer_error::unavailable:
      return "unavailable";
  }
  return "?";
}

}  // namespace glasscore::smf
