#include "smf/procedures/pdu_session_modification.h"

#include <algorithm>

#include "smf/n1_gsm/gsm_messages.h"
#include "smf/n2_ngap/session_transfers.h"

namespace glasscore::smf {

namespace {

using nas::gsm_cause;

// The id of the session's one QoS rule, the default rule (gsm_messages.cpp).
constexpr std::uint8_t default_rule_id = 1;

void count(smf_environment& env, std::string_view trigger, std::string_view result) {
  if (env.metrics.modifications != nullptr) {
    env.metrics.modifications->with({trigger, result}).inc();
  }
}

void stop_t3591(smf_environment& env, sm_context& c) {
  if (c.modification && c.modification->t3591 && env.timers != nullptr) {
    env.timers->cancel(*c.modification->t3591);
  }
  if (c.modification) {
    c.modification->t3591.reset();
  }
}

}  // namespace

void end_modification(smf_environment& env, sm_context& c) {
  stop_t3591(env, c);
  c.modification.reset();
}

namespace {

async::task<void> on_t3591_expiry(smf_environment& env, std::shared_ptr<sm_context> c,
                                  async::timer_id id);

// TS 24.501 §6.3.2.2, §6.4.2.3: T3591 runs from each sending of the command until the UE
// completes or rejects it. The expiry runs in the session's FIFO, after whatever answer of
// the UE is already queued.
void start_t3591(smf_environment& env, const std::shared_ptr<sm_context>& c) {
  if (env.timers == nullptr || !c->modification) {
    return;
  }
  auto id = std::make_shared<async::timer_id>();
  *id = env.timers->schedule_after(t3591_value, [&env, c, id] {
    if (!c->removed) {
      env.procedures.enqueue(c->ref, on_t3591_expiry(env, c, *id));
    }
  });
  c->modification->t3591 = *id;
}

async::task<void> on_t3591_expiry(smf_environment& env, std::shared_ptr<sm_context> c,
                                  async::timer_id id) {
  // Stale: the procedure ended, or another command (with its own timer) replaced it.
  if (c->removed || !c->modification || c->modification->t3591 != id) {
    co_return;
  }
  auto& m = *c->modification;
  m.t3591.reset();
  ++m.expiries;
  if (m.expiries >= t3591_max_expiries) {
    // §6.3.2.5 a): on the fifth expiry the procedure is aborted and the PTI released; the
    // session and the policy already applied at the UPF stay.
    env.log->warn("session {}: T3591 expired {} times, modification aborted", c->ref, m.expiries);
    count(env, m.pti == 0 ? "network" : "UE", "T3591 expired");
    c->modification.reset();
    co_return;
  }
  // §6.3.2.5 a): the same command again, to the UE only (the gNB had the N2 part).
  env.log->info("session {}: T3591 expired, command sent again ({})", c->ref, m.expiries);
  std::optional<std::vector<std::uint8_t>> command = m.command;
  std::optional<n2_sm_message> no_n2;
  auto sent = co_await env.amf.n1n2_transfer(c->amf_api_root, c->supi, c->pdu_session_id,
                                             std::move(command), std::move(no_n2));
  if (c->removed || !c->modification) {
    co_return;
  }
  if (!sent) {
    // The UE went out of reach: it gets the policy when it is back (modification_pending).
    env.log->info("session {}: command not delivered again ({})", c->ref, to_string(sent.error()));
    c->modification.reset();
    c->modification_pending = true;
    co_return;
  }
  start_t3591(env, c);
}

// Sends the MODIFICATION COMMAND (PTI 0, §6.3.2.2) with the N2 Modify Request Transfer when
// the gNB holds the session (TS 23.502 §4.3.3.2 step 3b).
async::task<void> send_network_command(smf_environment& env, std::shared_ptr<sm_context> c,
                                       bool ambr_changed, bool qos_changed, bool five_qi_changed) {
  auto n1 = encode_modification_command(*c, 0, modification_content{five_qi_changed, {}});
  if (!n1) {
    env.log->error("session {}: cannot encode the modification command: {}", c->ref,
                   nas::to_string(n1.error()));
    co_return;
  }
  std::optional<n2_sm_message> n2;
  if (c->downlink) {
    auto transfer = encode_modify_request_transfer(*c, ambr_changed, qos_changed);
    if (!transfer) {
      env.log->error("session {}: cannot encode the modify request: {}", c->ref, transfer.error());
      co_return;
    }
    n2 = n2_sm_message{"PDU_RES_MOD_REQ", std::move(*transfer)};
  }
  // A command still waiting for the UE is replaced: this one carries the current policy.
  end_modification(env, *c);
  c->modification = sm_modification{0, *n1, 0, {}};
  std::optional<std::vector<std::uint8_t>> command = std::move(*n1);
  auto sent = co_await env.amf.n1n2_transfer(c->amf_api_root, c->supi, c->pdu_session_id,
                                             std::move(command), std::move(n2));
  if (c->removed) {
    co_return;
  }
  if (!sent) {
    // TS 23.502 §4.3.3.2 step 3b: the AMF could not reach the UE (CM-IDLE without paging:
    // 504 UE_NOT_REACHABLE). The UPF already enforces the new policy; the UE and the gNB
    // get it when the session's user plane is next set up.
    env.log->info("session {}: UE not reachable for the modification ({}), kept pending", c->ref,
                  to_string(sent.error()));
    count(env, "network", "UE not reachable");
    end_modification(env, *c);
    c->modification_pending = true;
    co_return;
  }
  c->modification_pending = false;
  start_t3591(env, c);
}

bool only_match_all(const nas::qos_rule& r) {
  return std::all_of(r.filters.begin(), r.filters.end(), [](const nas::packet_filter& f) {
    return f.components.size() == 1 && std::holds_alternative<nas::pf_match_all>(f.components[0]);
  });
}

}  // namespace

async::task<void> modify_for_policy(smf_environment& env, std::shared_ptr<sm_context> c,
                                    session_policy policy) {
  if (c->removed || c->state == sm_state::releasing) {
    co_return;
  }
  const session_policy old = c->policy;
  policy.policy_id = old.policy_id;
  const bool ambr_changed = policy.ambr_uplink_kbps != old.ambr_uplink_kbps ||
                            policy.ambr_downlink_kbps != old.ambr_downlink_kbps;
  const bool five_qi_changed = policy.default_5qi != old.default_5qi;
  const bool qos_changed = five_qi_changed || policy.arp_priority != old.arp_priority;
  if (!ambr_changed && !qos_changed) {
    co_return;
  }
  env.log->info("session {}: policy changed: AMBR {}/{} -> {}/{} kbit/s, 5QI {} -> {}", c->ref,
                old.ambr_uplink_kbps, old.ambr_downlink_kbps, policy.ambr_uplink_kbps,
                policy.ambr_downlink_kbps, old.default_5qi, policy.default_5qi);
  c->policy = std::move(policy);
  // TS 23.502 §4.3.3.2 step 2: N4 first, so the UPF enforces the new session-AMBR (the
  // session QER's MBR, TS 23.501 §5.7.1.6) whatever happens with the UE.
  if (ambr_changed && c->n4) {
    auto set = co_await env.upfs.set_session_ambr(*c->n4, c->policy.ambr_uplink_kbps,
                                                  c->policy.ambr_downlink_kbps);
    if (c->removed) {
      co_return;
    }
    if (!set) {
      env.log->warn("session {}: QER not updated at the UPF: {}", c->ref, to_string(set.error()));
    }
  }
  if (c->state != sm_state::active) {
    // Not yet (or no longer) set up at the gNB: told when it is (see update_sm_context).
    c->modification_pending = true;
    co_return;
  }
  count(env, "network", "command sent");
  co_await send_network_command(env, c, ambr_changed, qos_changed, five_qi_changed);
}

async::task<void> resume_pending_modification(smf_environment& env, std::shared_ptr<sm_context> c) {
  if (c->removed || !c->modification_pending || c->state != sm_state::active) {
    co_return;
  }
  // What changed meanwhile is not tracked: the whole current policy is sent.
  count(env, "network", "command sent");
  co_await send_network_command(env, c, true, true, true);
}

std::optional<gsm_cause> check_requested_qos(const sm_context& c,
                                             const nas::pdu_session_modification_request& r) {
  // The policy authorises one QoS flow (the default, QFI 1, with the policy's 5QI) and one
  // QoS rule (the default, match-all). TS 24.501 §6.4.2.4: an operation on a rule or flow
  // the session does not have, or deleting the default ones, is a semantic error in the
  // QoS operation (#83); anything else beyond what the session has is QoS the network
  // does not accept (#37 "5GS QoS not accepted").
  if (r.requested_qos_rules) {
    for (const auto& rule : r.requested_qos_rules->rules) {
      const bool exists = rule.id == default_rule_id;
      if (rule.operation == nas::qos_rule_operation::remove) {
        return gsm_cause::semantic_error_in_qos_operation;
      }
      if (rule.operation != nas::qos_rule_operation::create && !exists) {
        return gsm_cause::semantic_error_in_qos_operation;
      }
      const bool same = exists && (!rule.qfi || *rule.qfi == default_qfi) &&
                        (rule.operation == nas::qos_rule_operation::create ||
                         rule.operation == nas::qos_rule_operation::modify_without_filters ||
                         rule.operation == nas::qos_rule_operation::modify_replace_filters) &&
                        only_match_all(rule);
      if (!same) {
        return gsm_cause::qos_not_accepted;
      }
    }
  }
  if (r.requested_qos_flow_descriptions) {
    for (const auto& flow : r.requested_qos_flow_descriptions->flows) {
      const bool exists = flow.qfi == default_qfi;
      if (flow.operation == nas::qos_flow_operation::remove ||
          (flow.operation == nas::qos_flow_operation::modify && !exists)) {
        return gsm_cause::semantic_error_in_qos_operation;
      }
      // Only the authorised 5QI, and no bit rates: the default flow is non-GBR.
      const bool same = exists && std::all_of(flow.parameters.begin(), flow.parameters.end(),
                                              [&](const nas::qos_flow_parameter& p) {
                                                return p.id == nas::qos_parameter_id::five_qi &&
                                                       p.contents.size() == 1 &&
                                                       p.contents[0] == c.policy.default_5qi;
                                              });
      if (!same) {
        return gsm_cause::qos_not_accepted;
      }
    }
  }
  return std::nullopt;
}

update_answer handle_modification_message(smf_environment& env,
                                          const std::shared_ptr<sm_context>& c,
                                          const nas::gsm_pdu& pdu) {
  update_answer a;
  if (const auto* request = std::get_if<nas::pdu_session_modification_request>(&pdu.body)) {
    auto reject = [&](gsm_cause cause) {
      env.log->info("session {}: UE-requested modification rejected with #{}", c->ref,
                    static_cast<int>(cause));
      count(env, "UE", "rejected #" + std::to_string(static_cast<int>(cause)));
      a.n1 = encode_modification_reject(c->pdu_session_id, pdu.pti, cause);
      return a;
    };
    // TS 24.501 §7.3.1 a): a UE-requested procedure with PTI 0 or 255.
    if (pdu.pti == 0 || pdu.pti == 255) {
      return reject(gsm_cause::invalid_pti_value);
    }
    if (auto cause = check_requested_qos(*c, *request)) {
      return reject(*cause);
    }
    // §6.4.2.3: granted. The command carries the authorised session-AMBR, the default
    // flow's 5QI when the UE missed a change, and the Always-on PDU session indication when
    // asked for: always-on is granted (this SMF never deactivates a session's user plane
    // on its own). The Maximum number of supported packet filters is not needed: no filter
    // beyond the match-all one is ever sent.
    modification_content what;
    what.five_qi_changed = c->modification_pending;
    if (request->always_on_requested && request->always_on_requested->requested) {
      what.always_on = true;
    }
    auto n1 = encode_modification_command(*c, pdu.pti, what);
    if (!n1) {
      return reject(gsm_cause::request_rejected_unspecified);
    }
    // A network command still waiting for the UE is replaced: this one carries the current
    // policy.
    end_modification(env, *c);
    c->modification = sm_modification{pdu.pti, *n1, 0, {}};
    c->modification_pending = false;
    start_t3591(env, c);
    count(env, "UE", "command sent");
    a.n1 = std::move(*n1);
    return a;
  }
  if (!c->modification || c->modification->pti != pdu.pti) {
    // An answer to no command in progress (e.g. after T3591 gave up): nothing to do.
    env.log->info("session {}: 5GSM answer with PTI {} to no modification in progress", c->ref,
                  pdu.pti);
    return a;
  }
  const std::string_view trigger = c->modification->pti == 0 ? "network" : "UE";
  end_modification(env, *c);
  if (std::holds_alternative<nas::pdu_session_modification_complete>(pdu.body)) {
    // §6.3.2.3: the UE applied the command.
    count(env, trigger, "completed");
    return a;
  }
  const auto& rejected = std::get<nas::pdu_session_modification_command_reject>(pdu.body);
  env.log->info("session {}: modification command rejected by the UE with #{}", c->ref,
                static_cast<int>(rejected.cause.value));
  count(env, trigger, "UE rejected #" + std::to_string(static_cast<int>(rejected.cause.value)));
  if (rejected.cause.value == gsm_cause::invalid_pdu_session_identity) {
    // §6.3.2.4: #43, the UE has no such session: the network releases it locally.
    spawn_procedure(env, remove_and_notify(env, c));
  }
  return a;
}

update_answer handle_modify_response(smf_environment& env, sm_context& c, const n2_sm_message& n2) {
  update_answer a;
  if (n2.type == "PDU_RES_MOD_FAIL") {
    // TS 38.413 §8.2.3.3: the gNB kept the old QoS; the UPF and the UE have the new one,
    // which the gNB gets at the session's next setup.
    env.log->warn("session {}: the gNB could not modify the PDU session resources", c.ref);
    c.modification_pending = true;
    return a;
  }
  if (auto ok = check_modify_response_transfer(n2.transfer); !ok) {
    a.status = 400;
    a.cause = "N2_SM_ERROR";
    a.detail = ok.error();
    return a;
  }
  env.log->debug("session {}: the gNB modified the PDU session resources", c.ref);
  return a;
}

}  // namespace glasscore::smf
