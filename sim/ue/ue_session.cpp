// The UE's 5GSM entity, UE-requested side (TS 24.501 §6.4.1.2 establishment, §6.4.3.2
// release): building 5GSM messages into UL NAS TRANSPORT (§8.2.10), PTI allocation, and
// the retransmission timers T3580 and T3582. Downlink 5GSM is in ue_session_downlink.cpp.
#include <utility>

#include "glasscore/core/log.h"
#include "glasscore/sim/ue_nas.h"
#include "sim/ue/ue_nas_context.h"

namespace glasscore::sim {

namespace {

// §9.11.3.47 request types "initial request" and "modification request".
constexpr std::uint8_t request_type_initial = 1;
constexpr std::uint8_t request_type_modification = 5;
// §6.4.1.6 / §6.4.3.6: retransmit on the first four expiries, give up on the fifth.
constexpr unsigned max_retransmissions = 4;

bool wants_ipv4(nas::pdu_session_type_value t) {
  return t == nas::pdu_session_type_value::ipv4 || t == nas::pdu_session_type_value::ipv4v6;
}
bool wants_ipv6(nas::pdu_session_type_value t) {
  return t == nas::pdu_session_type_value::ipv6 || t == nas::pdu_session_type_value::ipv4v6;
}

}  // namespace

std::string_view to_string(pdu_session_state s) {
  switch (s) {
    case pdu_session_state::inactive:
      return "PDU SESSION INACTIVE";
    case pdu_session_state::active_pending:
      return "PDU SESSION ACTIVE PENDING";
    case pdu_session_state::active:
      return "PDU SESSION ACTIVE";
    case pdu_session_state::inactive_pending:
      return "PDU SESSION INACTIVE PENDING";
    case pdu_session_state::modification_pending:
      return "PDU SESSION MODIFICATION PENDING";
  }
  return "?";
}

std::string_view to_string(session_event_type t) {
  switch (t) {
    case session_event_type::established:
      return "session established";
    case session_event_type::rejected:
      return "session rejected";
    case session_event_type::failed:
      return "session failed";
    case session_event_type::released:
      return "session released";
    case session_event_type::release_rejected:
      return "session release rejected";
    case session_event_type::modified:
      return "session modified";
    case session_event_type::modification_rejected:
      return "session modification rejected";
    case session_event_type::modification_failed:
      return "session modification failed";
  }
  return "?";
}

std::optional<std::uint8_t> pdu_session::default_qfi() const {
  for (const auto& r : qos_rules) {
    if (r.default_rule && r.qfi) {
      return r.qfi;
    }
  }
  if (!qos_rules.empty() && qos_rules.front().qfi) {
    return qos_rules.front().qfi;
  }
  return std::nullopt;
}

ue_nas::session_slot* ue_nas::slot(std::uint8_t id) {
  // §9.4: PDU session identity values 1..15; 0 is "no PDU session identity assigned".
  if (id == 0 || id >= sessions_.size()) {
    return nullptr;
  }
  return &sessions_[id];
}

const pdu_session* ue_nas::session(std::uint8_t id) const {
  if (id == 0 || id >= sessions_.size() ||
      sessions_[id].data.state == pdu_session_state::inactive) {
    return nullptr;
  }
  return &sessions_[id].data;
}

std::uint8_t ue_nas::next_pti() {
  // §9.6: UE-allocated PTI values are 1..254 (0 = none, 255 reserved).
  last_pti_ = static_cast<std::uint8_t>(last_pti_ >= 254 ? 1 : last_pti_ + 1);
  return last_pti_;
}

void ue_nas::emit_session(session_event event) {
  notifier_.on_session_event(event);
}

std::optional<nas::ul_nas_transport> ue_nas::sm_transport(
    std::uint8_t psi, std::uint8_t pti, nas::gsm_message body,
    std::optional<std::uint8_t> request_type) {
  byte_writer w;
  if (!nas::encode_gsm(nas::gsm_pdu{psi, pti, std::move(body)}, w)) {
    return std::nullopt;
  }
  // §8.2.10: the 5GSM message travels in the payload container, type N1 SM information,
  // with the PDU session ID the AMF routes it by.
  nas::ul_nas_transport ul;
  ul.payload_type.value = nas::payload_type::n1_sm;
  ul.payload_container.value = w.release();
  ul.pdu_session_id = nas::octet_value{psi};
  if (request_type) {
    ul.request_type = nas::nibble_value{*request_type};
  }
  return ul;
}

void ue_nas::send_gsm(std::uint8_t psi, std::uint8_t pti, nas::gsm_message body,
                      std::optional<std::uint8_t> request_type) {
  if (auto ul = sm_transport(psi, pti, std::move(body), request_type)) {
    send(*ul, true);
  }
}

void ue_nas::start_session_request(session_slot& s, std::uint8_t pti, nas::ul_nas_transport ul,
                                   pdu_session_state next, std::chrono::milliseconds timer) {
  s.data.pti = pti;
  s.data.retransmissions = 0;
  s.data.state = next;
  s.pending = ul;
  start_session_timer(s, timer);
  send(ul, true);
}

void ue_nas::send_gsm_status(std::uint8_t psi, std::uint8_t pti, nas::gsm_cause cause) {
  ++session_counters_.gsm_status_sent;
  send_gsm(psi, pti, nas::gsm_status{nas::gsm_cause_ie{cause}});
}

void ue_nas::start_session_timer(session_slot& s, std::chrono::milliseconds d) {
  stop_session_timer(s);
  const std::uint8_t id = s.data.id;
  s.timer = timers_.schedule_after(d, [this, id] {
    sessions_[id].timer.reset();
    on_session_timer(id);
  });
}

void ue_nas::stop_session_timer(session_slot& s) {
  if (s.timer) {
    timers_.cancel(*s.timer);
    s.timer.reset();
  }
}

void ue_nas::on_session_timer(std::uint8_t id) {
  auto& s = sessions_[id];
  ++counters_.timer_expiries;
  const bool establishing = s.data.state == pdu_session_state::active_pending;
  const bool modifying = s.data.state == pdu_session_state::modification_pending;
  if (!establishing && !modifying && s.data.state != pdu_session_state::inactive_pending) {
    return;
  }
  if (s.data.retransmissions < max_retransmissions && s.pending) {
    // §6.4.1.6 a) / §6.4.2.6 a) / §6.4.3.6 a): resend the same request (new NAS COUNT,
    // same PTI).
    ++s.data.retransmissions;
    ++session_counters_.retransmissions;
    start_session_timer(s, establishing ? config_.t3580
                           : modifying  ? config_.t3581
                                        : config_.t3582);
    send(*s.pending, true);
    return;
  }
  if (modifying) {
    // §6.4.2.6 a): on the fifth expiry of T3581 the UE aborts; the session stays active.
    end_modification_request(s);
    emit_session(session_event{session_event_type::modification_failed, id, {}, {}, {}, {}});
    return;
  }
  if (establishing) {
    // §6.4.1.6 a): on the fifth expiry the UE aborts; the PTI is released.
    release_session_locally(s, std::nullopt, false);
    emit_session(session_event{session_event_type::failed, id, {}, {}, {}, {}});
    return;
  }
  // §6.4.3.6 a): on the fifth expiry of T3582 the UE releases the PDU session locally.
  release_session_locally(s, std::nullopt, true);
}

void ue_nas::release_session_locally(session_slot& s, std::optional<nas::gsm_cause> cause,
                                     bool report) {
  stop_session_timer(s);
  const std::uint8_t id = s.data.id;
  s.pending.reset();
  s.data = pdu_session{};
  s.data.id = id;
  if (report) {
    emit_session(session_event{session_event_type::released, id, cause, {}, {}, {}});
  }
}

void ue_nas::release_all_sessions_locally() {
  for (std::size_t id = 1; id < sessions_.size(); ++id) {
    auto& s = sessions_[id];
    if (s.data.state == pdu_session_state::inactive) {
      continue;
    }
    const bool pending = s.data.state == pdu_session_state::active_pending;
    release_session_locally(s, std::nullopt, !pending);
    if (pending) {
      emit_session(
          session_event{session_event_type::failed, static_cast<std::uint8_t>(id), {}, {}, {}, {}});
    }
  }
}

expected<void, ue_error> ue_nas::start_pdu_session(std::uint8_t pdu_session_id, std::string dnn,
                                                   std::optional<nas::s_nssai> s_nssai,
                                                   nas::pdu_session_type_value type) {
  return start_pdu_session(pdu_session_request{pdu_session_id, std::move(dnn), s_nssai, type});
}

expected<void, ue_error> ue_nas::start_pdu_session(const pdu_session_request& request) {
  // §6.4.1.2: the UE requests a PDU session in 5GMM-REGISTERED, over an established NAS
  // security context (the UL NAS TRANSPORT is integrity protected and ciphered).
  if (state_ != gmm_state::registered || !security_ || !security_->nas) {
    return fail(ue_error::wrong_state);
  }
  auto* s = slot(request.id);
  if (s == nullptr) {
    return fail(ue_error::invalid_session);
  }
  if (s->data.state != pdu_session_state::inactive) {
    return fail(ue_error::session_busy);
  }
  nas::pdu_session_establishment_request req;
  // §9.11.4.7: a simulated UE has no integrity protection limit: full rate both ways.
  req.integrity_max_data_rate = {nas::integrity_max_rate::full, nas::integrity_max_rate::full};
  req.pdu_session_type = nas::pdu_session_type{request.type};
  req.ssc_mode = nas::ssc_mode{nas::ssc_mode_value::mode_1};
  // §6.4.1.2: the ePCO asks for DNS server addresses and the link MTU (TS 24.008
  // Table 10.5.154: containers sent empty by the MS are requests).
  nas::extended_pco pco;
  if (wants_ipv4(request.type)) {
    pco.add_request(nas::pco_id::ip_address_allocation_via_nas);
    pco.add_request(nas::pco_id::dns_server_ipv4);
  }
  if (wants_ipv6(request.type)) {
    pco.add_request(nas::pco_id::dns_server_ipv6);
  }
  pco.add_request(nas::pco_id::ipv4_link_mtu);
  req.extended_pco = std::move(pco);

  const std::uint8_t pti = next_pti();
  auto ul = sm_transport(request.id, pti, std::move(req), request_type_initial);
  if (!ul) {
    return fail(ue_error::encode_failed);
  }
  ul->s_nssai = request.s_nssai;
  if (!request.dnn.empty()) {
    ul->dnn = nas::dnn{request.dnn};
  }
  s->data = pdu_session{};
  s->data.id = request.id;
  s->data.request = request;
  start_session_request(*s, pti, std::move(*ul), pdu_session_state::active_pending, config_.t3580);
  return {};
}

void ue_nas::end_modification_request(session_slot& s) {
  stop_session_timer(s);
  s.pending.reset();
  s.data.pti = 0;
  s.data.retransmissions = 0;
  s.data.state = pdu_session_state::active;
}

expected<ue_nas::session_slot*, ue_error> ue_nas::active_session_slot(std::uint8_t id) {
  if (!security_ || !security_->nas) {
    return fail(ue_error::wrong_state);
  }
  auto* s = slot(id);
  if (s == nullptr || s->data.state == pdu_session_state::inactive) {
    return fail(ue_error::invalid_session);
  }
  if (s->data.state != pdu_session_state::active) {
    return fail(ue_error::session_busy);
  }
  return s;
}

expected<void, ue_error> ue_nas::request_modification(
    std::uint8_t pdu_session_id, const pdu_session_modification_request& request) {
  auto active = active_session_slot(pdu_session_id);
  if (!active) {
    return fail(active.error());
  }
  auto* s = *active;
  nas::pdu_session_modification_request req;
  req.requested_qos_rules = request.qos_rules;
  req.requested_qos_flow_descriptions = request.qos_flows;
  if (request.always_on) {
    req.always_on_requested = nas::always_on_pdu_session_requested{true};
  }
  if (request.max_packet_filters) {
    req.max_packet_filters = nas::max_supported_packet_filters{*request.max_packet_filters};
  }
  const std::uint8_t pti = next_pti();
  // §8.2.10: request type "modification request" (§9.11.3.47, value 5) for an existing
  // session's modification.
  auto ul = sm_transport(pdu_session_id, pti, std::move(req), request_type_modification);
  if (!ul) {
    return fail(ue_error::encode_failed);
  }
  start_session_request(*s, pti, std::move(*ul), pdu_session_state::modification_pending,
                        config_.t3581);
  return {};
}

expected<void, ue_error> ue_nas::release_pdu_session(std::uint8_t pdu_session_id) {
  auto active = active_session_slot(pdu_session_id);
  if (!active) {
    return fail(active.error());
  }
  auto* s = *active;
  const std::uint8_t pti = next_pti();
  nas::pdu_session_release_request req;
  req.cause = nas::gsm_cause_ie{nas::gsm_cause::regular_deactivation};
  auto ul = sm_transport(pdu_session_id, pti, std::move(req));
  if (!ul) {
    return fail(ue_error::encode_failed);
  }
  start_session_request(*s, pti, std::move(*ul), pdu_session_state::inactive_pending,
                        config_.t3582);
  return {};
}

}  // namespace glasscore::sim
