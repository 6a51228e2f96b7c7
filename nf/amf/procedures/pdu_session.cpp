#include "amf/procedures/pdu_session.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "amf/procedures/n1n2_transfer.h"

namespace glasscore::amf {

namespace {

// Request type values (TS 24.501 §9.11.3.47).
constexpr std::uint8_t initial_request = 1;
constexpr std::uint8_t existing_pdu_session = 2;
constexpr std::uint8_t modification_request = 5;

// PDU session identity values 1..15 (TS 24.007 §11.2.3.1b); 0 is "no PDU session
// identity assigned", the rest reserved.
constexpr std::uint8_t max_pdu_session_id = 15;

std::uint64_t id_of(const amf_ue& ue) {
  return static_cast<std::uint64_t>(ue.amf_id);
}

// A 5GSM STATUS (TS 24.501 §8.3.17: EPD 0x2E, PSI, PTI, message type 0xD6).
bool is_gsm_status(const std::vector<std::uint8_t>& n1) {
  return n1.size() >= 4 && n1[0] == 0x2e && n1[3] == 0xd6;
}

// DNNs compare case-insensitively (TS 23.003 §9.1, the APN network identifier rules).
bool same_dnn(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// S-NSSAIs compare by SST and SD; the mapped HPLMN values are not used without roaming.
bool same_slice(const nas::s_nssai& a, const nas::s_nssai& b) {
  return a.sst == b.sst && a.sd == b.sd;
}

// The default DNN the UDM gave for the slice, if any.
std::optional<std::string> subscribed_default_dnn(const amf_ue& ue, const nas::s_nssai& slice) {
  if (!ue.subscription) {
    return std::nullopt;
  }
  for (const auto& d : ue.subscription->default_dnns) {
    if (same_slice(d.slice, slice)) {
      return d.dnn;
    }
  }
  return std::nullopt;
}

void gmm_status(amf_environment& env, amf_ue& ue, nas::gmm_cause cause) {
  nas::gmm_status status;
  status.cause.value = cause;
  env.n1.send(ue, status);
}

// TS 24.501 §5.4.5.3.2: the 5GSM message the AMF did not forward goes back to the UE in a
// DL NAS TRANSPORT with the PDU session ID and the 5GMM cause saying why.
void not_forwarded(amf_environment& env, amf_ue& ue, std::uint8_t psi, std::vector<std::uint8_t> n1,
                   nas::gmm_cause cause, std::string_view why) {
  env.log->info("UE {}: PDU session {}: 5GSM message not forwarded (#{}): {}", id_of(ue), psi,
                static_cast<int>(cause), why);
  env.metrics.nas_dropped->with({"5GSM not forwarded"}).inc();
  env.n1.send(ue, sm_transport(psi, std::move(n1), cause));
}

// What the SMF answered for the UE and its gNB goes on as an N1N2MessageTransfer would.
void deliver_answer(amf_environment& env, amf_ue& ue, std::uint8_t psi, sm_context_updated answer) {
  if (!answer.n1_sm && !answer.n2) {
    return;
  }
  const auto result = deliver_sm(env, ue, psi, std::move(answer.n1_sm), std::move(answer.n2));
  if (!result.ok()) {
    env.log->warn("UE {}: PDU session {}: the SMF's answer was not delivered ({} {})", id_of(ue),
                  psi, result.status, result.cause);
  }
}

// The SMF no longer has the SM context: the routing context goes too, unless it was
// replaced meanwhile.
void forget_if_same(amf_ue& ue, std::uint8_t psi, const std::string& ref) {
  if (auto it = ue.sessions.find(psi);
      it != ue.sessions.end() && it->second.sm_context_ref == ref) {
    ue.sessions.erase(it);
  }
}

async::task<void> release_one(amf_environment& env, std::shared_ptr<amf_ue> ue, std::uint8_t psi) {
  auto it = ue->sessions.find(psi);
  if (it == ue->sessions.end()) {
    co_return;
  }
  const std::string ref = std::move(it->second.sm_context_ref);
  ue->sessions.erase(it);
  if (ref.empty()) {
    co_return;
  }
  if (auto released = co_await env.smf.release_sm_context(ref); !released) {
    env.log->warn("UE {}: PDU session {}: ReleaseSMContext failed ({})", id_of(*ue), psi,
                  to_string(released.error().error));
  }
}

// TS 23.502 §4.3.2.2.1 steps 2-3: DNN and S-NSSAI selection, CreateSMContext.
async::task<void> establish(amf_environment& env, std::shared_ptr<amf_ue> ue, std::uint8_t psi,
                            std::optional<nas::dnn> requested_dnn,
                            std::optional<nas::s_nssai> requested_slice,
                            std::vector<std::uint8_t> n1) {
  // The S-NSSAI: the UE's, which must be allowed, else the first allowed one (TS 23.502
  // step 2: the AMF selects an S-NSSAI from the allowed NSSAI when the UE gives none).
  nas::s_nssai slice;
  if (requested_slice) {
    slice.sst = requested_slice->sst;
    slice.sd = requested_slice->sd;
    if (std::ranges::none_of(ue->allowed_nssai,
                             [&](const nas::s_nssai& s) { return same_slice(s, slice); })) {
      co_return not_forwarded(env, *ue, psi, std::move(n1),
                              nas::gmm_cause::payload_was_not_forwarded,
                              "S-NSSAI " + std::to_string(slice.sst) + " is not allowed");
    }
  } else if (!ue->allowed_nssai.empty()) {
    slice.sst = ue->allowed_nssai.front().sst;
    slice.sd = ue->allowed_nssai.front().sd;
  } else {
    co_return not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                            "no allowed S-NSSAI");
  }
  // The DNN (TS 23.502 §4.3.2.2.1 step 2): the UE's; else the subscribed default DNN of
  // the S-NSSAI (SMF Selection Subscription data); else a locally configured one. A DNN
  // not configured here is not served in any slice: #91.
  std::string dnn;
  const auto configured = [&](std::string_view name) {
    return std::ranges::find_if(env.dnns, [&](const std::string& d) { return same_dnn(d, name); });
  };
  if (requested_dnn) {
    const auto known = configured(requested_dnn->name);
    if (known == env.dnns.end()) {
      co_return not_forwarded(env, *ue, psi, std::move(n1),
                              nas::gmm_cause::dnn_not_supported_in_slice,
                              "DNN " + requested_dnn->name + " is not served");
    }
    dnn = *known;
  } else if (const auto subscribed = subscribed_default_dnn(*ue, slice);
             subscribed && configured(*subscribed) != env.dnns.end()) {
    dnn = *configured(*subscribed);
  } else if (!env.dnns.empty()) {
    dnn = env.dnns.front();
  } else {
    co_return not_forwarded(env, *ue, psi, std::move(n1),
                            nas::gmm_cause::dnn_not_supported_in_slice, "no DNN is configured");
  }

  ue->sessions[psi] = pdu_session_context{{}, dnn, slice, pdu_session_state::creating};
  // Named, not a braced temporary in the co_await expression: g++ 12 destroys such
  // aggregate temporaries too early in coroutines.
  sm_context_create request{.supi = *ue->supi,
                            .pdu_session_id = psi,
                            .dnn = dnn,
                            .slice = slice,
                            .serving_plmn = ue->serving_plmn,
                            .tac = ue->tac,
                            .pei = {},
                            .n1_sm = n1,
                            .location = ue->location};
  auto created = co_await env.smf.create_sm_context(std::move(request));
  if (ue->removed) {
    co_return;
  }
  auto it = ue->sessions.find(psi);
  if (!created) {
    if (it != ue->sessions.end() && it->second.state == pdu_session_state::creating) {
      ue->sessions.erase(it);
    }
    auto& failure = created.error();
    if (!failure.n1_sm.empty()) {
      // The SMF's own answer (PDU SESSION ESTABLISHMENT REJECT, TS 24.501 §6.4.1.4) goes to
      // the UE as it is.
      env.log->info("UE {}: PDU session {}: the SMF refused ({})", id_of(*ue), psi,
                    to_string(failure.error));
      env.n1.send(*ue, sm_transport(psi, std::move(failure.n1_sm)));
    } else {
      not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                    "CreateSMContext failed: " + std::string(to_string(failure.error)));
    }
    co_return;
  }
  if (it == ue->sessions.end()) {
    // Forgotten while the SMF answered: the new SM context has no routing context.
    (void)co_await env.smf.release_sm_context(created->sm_context_ref);
    co_return;
  }
  it->second.sm_context_ref = std::move(created->sm_context_ref);
  it->second.state = pdu_session_state::active;
  env.log->info("UE {}: PDU session {} on DNN {} S-NSSAI {}: SM context {}", id_of(*ue), psi, dnn,
                slice.sst, it->second.sm_context_ref);
}

// TS 24.501 §5.4.5.2.3: a 5GSM message for a session the AMF routes goes to its SMF.
async::task<void> forward(amf_environment& env, std::shared_ptr<amf_ue> ue, std::uint8_t psi,
                          std::vector<std::uint8_t> n1) {
  const std::string ref = ue->sessions.at(psi).sm_context_ref;
  sm_context_update update;
  update.n1_sm = n1;
  auto updated = co_await env.smf.update_sm_context(ref, std::move(update));
  if (ue->removed) {
    co_return;
  }
  if (!updated) {
    auto& failure = updated.error();
    if (failure.error == sm_error::not_found) {
      forget_if_same(*ue, psi, ref);
    }
    if (!failure.n1_sm.empty()) {
      env.n1.send(*ue, sm_transport(psi, std::move(failure.n1_sm)));
    } else {
      not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                    "UpdateSMContext failed: " + std::string(to_string(failure.error)));
    }
    co_return;
  }
  deliver_answer(env, *ue, psi, std::move(*updated));
}

}  // namespace

async::task<void> forward_ul_nas_transport(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                           nas::ul_nas_transport message) {
  if (ue->removed) {
    co_return;
  }
  if (ue->state != gmm_state::registered || !ue->supi) {
    // TS 24.501 §5.4.5.2.1: NAS transport needs 5GMM-REGISTERED; §7.4: a message not
    // compatible with the protocol state gets 5GMM STATUS #98.
    co_return gmm_status(env, *ue, nas::gmm_cause::message_type_not_compatible);
  }
  if (message.payload_type.value != nas::payload_type::n1_sm) {
    // SMS, LPP, UE policy, ... have no function behind this AMF.
    env.log->info("UE {}: UL NAS TRANSPORT with payload type {} not supported", id_of(*ue),
                  static_cast<int>(message.payload_type.value));
    co_return gmm_status(env, *ue, nas::gmm_cause::protocol_error_unspecified);
  }
  std::vector<std::uint8_t> n1 = std::move(message.payload_container.value);
  if (!message.pdu_session_id) {
    // §8.2.10.2: the PDU session ID is present when the payload is N1 SM information; its
    // absence is a missing conditional IE (§7.6.2): 5GMM STATUS #100. Without it there is
    // no PDU session ID to return the message under.
    co_return gmm_status(env, *ue, nas::gmm_cause::conditional_ie_error);
  }
  const std::uint8_t psi = message.pdu_session_id->value;
  if (psi == 0 || psi > max_pdu_session_id) {
    co_return not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                            "reserved PDU session ID " + std::to_string(psi));
  }
  const std::optional<std::uint8_t> request =
      message.request_type ? std::optional<std::uint8_t>(message.request_type->value & 0x07)
                           : std::nullopt;
  if (request == initial_request) {
    if (ue->sessions.contains(psi)) {
      // §5.4.5.2.5: an initial request for a PDU session ID that already has a routing
      // context: the old session is released locally (here: and at its SMF), then the
      // request is handled as a new one.
      env.log->info("UE {}: PDU session {} requested again: the old one is released", id_of(*ue),
                    psi);
      co_await release_one(env, ue, psi);
      if (ue->removed) {
        co_return;
      }
    }
    co_return co_await establish(env, std::move(ue), psi, std::move(message.dnn),
                                 std::move(message.s_nssai), std::move(n1));
  }
  const auto session = ue->sessions.find(psi);
  if (session == ue->sessions.end() || session->second.state == pdu_session_state::creating) {
    if (is_gsm_status(n1)) {
      // A 5GSM STATUS about a session the AMF does not route is dropped, so that two
      // entities never bounce STATUS messages (TS 24.501 §7.3.2 d).
      env.log->info("UE {}: 5GSM STATUS for unknown PDU session {} ignored", id_of(*ue), psi);
      co_return;
    }
    co_return not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                            "no routing context for the PDU session");
  }
  if (request && request != existing_pdu_session && request != modification_request) {
    // Emergency and MA PDU sessions are not supported.
    co_return not_forwarded(env, *ue, psi, std::move(n1), nas::gmm_cause::payload_was_not_forwarded,
                            "request type " + std::to_string(*request) + " not supported");
  }
  co_await forward(env, std::move(ue), psi, std::move(n1));
}

async::task<void> report_n2_answers(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                    std::vector<session_n2_answer> answers) {
  for (auto& answer : answers) {
    if (ue->removed) {
      co_return;
    }
    const auto it = ue->sessions.find(answer.pdu_session_id);
    if (it == ue->sessions.end() || it->second.sm_context_ref.empty()) {
      env.log->warn("UE {}: {} for PDU session {} the AMF does not route, dropped", id_of(*ue),
                    to_string(answer.info.type), answer.pdu_session_id);
      continue;
    }
    const std::string ref = it->second.sm_context_ref;
    sm_context_update update;
    update.n2 = std::move(answer.info);
    auto updated = co_await env.smf.update_sm_context(ref, std::move(update));
    if (ue->removed) {
      co_return;
    }
    if (!updated) {
      env.log->warn("UE {}: PDU session {}: UpdateSMContext with N2 SM information failed ({})",
                    id_of(*ue), answer.pdu_session_id, to_string(updated.error().error));
      if (updated.error().error == sm_error::not_found) {
        forget_if_same(*ue, answer.pdu_session_id, ref);
      }
      continue;
    }
    deliver_answer(env, *ue, answer.pdu_session_id, std::move(*updated));
  }
}

async::task<void> release_pdu_sessions(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  auto sessions = std::exchange(ue->sessions, {});
  for (const auto& [psi, session] : sessions) {
    if (session.sm_context_ref.empty()) {
      continue;
    }
    auto released = co_await env.smf.release_sm_context(session.sm_context_ref);
    if (!released) {
      // The SMF's context outlives the registration; the SMF is the one to clean it up.
      env.log->warn("UE {}: PDU session {}: ReleaseSMContext failed ({})", id_of(*ue), psi,
                    to_string(released.error().error));
    }
    // Even when the context goes meanwhile: the sessions are out of it and each must end.
  }
}

async::task<void> deactivate_pdu_sessions(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  if (ue->removed || ue->state != gmm_state::registered) {
    co_return;
  }
  std::vector<std::pair<std::uint8_t, std::string>> active;
  for (auto& [psi, session] : ue->sessions) {
    if (session.state == pdu_session_state::active && !session.sm_context_ref.empty()) {
      session.state = pdu_session_state::deactivated;
      active.emplace_back(psi, session.sm_context_ref);
    }
  }
  for (const auto& [psi, ref] : active) {
    sm_context_update update;
    update.user_plane_active = false;  // upCnxState DEACTIVATED
    auto updated = co_await env.smf.update_sm_context(ref, std::move(update));
    if (ue->removed) {
      co_return;
    }
    if (!updated) {
      env.log->warn("UE {}: PDU session {}: user plane deactivation failed ({})", id_of(*ue), psi,
                    to_string(updated.error().error));
      if (updated.error().error == sm_error::not_found) {
        forget_if_same(*ue, psi, ref);
      }
    }
  }
}

bool forget_pdu_session(amf_environment& env, const std::string& supi,
                        std::uint8_t pdu_session_id) {
  auto ue = env.ues.find_by_supi(supi);
  return ue && ue->sessions.erase(pdu_session_id) > 0;
}

}  // namespace glasscore::amf
