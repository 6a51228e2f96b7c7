// The UE's 5GSM entity, network side of the procedures (TS 24.501 §6.4): DL NAS TRANSPORT
// (§8.2.11, §5.4.5.3) unpacked, then ESTABLISHMENT ACCEPT/REJECT (§6.4.1.3, §6.4.1.4),
// RELEASE COMMAND/REJECT (§6.4.3.3, §6.4.3.4), MODIFICATION COMMAND (§6.4.2.3) and the §7
// handling of erroneous 5GSM messages. Every downlink byte here is untrusted: failures end
// in a counter and, where the spec has one, a 5GSM STATUS.
#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

#include "glasscore/sim/ue_nas.h"

namespace glasscore::sim {

namespace {

// §7: the 5GSM cause for a decoding error has the same value as the 5GMM one.
nas::gsm_cause gsm_cause_for(nas::nas_error e) {
  return static_cast<nas::gsm_cause>(static_cast<std::uint8_t>(nas::protocol_cause_for(e)));
}

// §9.11.4.13: apply one rule operation of a MODIFICATION COMMAND to the stored rules.
void apply_rule(std::vector<nas::qos_rule>& rules, const nas::qos_rule& r) {
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&](const nas::qos_rule& x) { return x.id == r.id; });
  switch (r.operation) {
    case nas::qos_rule_operation::create:
      if (it != rules.end()) {
        *it = r;
      } else {
        rules.push_back(r);
      }
      return;
    case nas::qos_rule_operation::remove:
      if (it != rules.end()) {
        rules.erase(it);
      }
      return;
    case nas::qos_rule_operation::modify_add_filters:
    case nas::qos_rule_operation::modify_replace_filters:
    case nas::qos_rule_operation::modify_delete_filters:
    case nas::qos_rule_operation::modify_without_filters:
      break;
  }
  if (it == rules.end()) {
    return;  // §6.4.2.4 would reject with #83; the simulator keeps what it has
  }
  if (r.operation == nas::qos_rule_operation::modify_add_filters) {
    it->filters.insert(it->filters.end(), r.filters.begin(), r.filters.end());
  } else if (r.operation == nas::qos_rule_operation::modify_replace_filters) {
    it->filters = r.filters;
  } else if (r.operation == nas::qos_rule_operation::modify_delete_filters) {
    std::erase_if(it->filters, [&](const nas::packet_filter& f) {
      return std::find(r.deleted_filter_ids.begin(), r.deleted_filter_ids.end(), f.id) !=
             r.deleted_filter_ids.end();
    });
  }
  if (r.precedence) {
    it->precedence = r.precedence;
  }
  if (r.qfi) {
    it->qfi = r.qfi;
  }
}

// §9.11.4.12: apply one flow description operation.
void apply_flow(std::vector<nas::qos_flow_description>& flows, const nas::qos_flow_description& f) {
  auto it = std::find_if(flows.begin(), flows.end(),
                         [&](const nas::qos_flow_description& x) { return x.qfi == f.qfi; });
  if (f.operation == nas::qos_flow_operation::remove) {
    if (it != flows.end()) {
      flows.erase(it);
    }
    return;
  }
  if (it == flows.end()) {
    flows.push_back(f);
    return;
  }
  if (f.operation == nas::qos_flow_operation::create || f.e_bit) {
    *it = f;  // create again, or modify with "replace all parameters"
    return;
  }
  for (const auto& p : f.parameters) {
    auto same = std::find_if(it->parameters.begin(), it->parameters.end(),
                             [&](const nas::qos_flow_parameter& x) { return x.id == p.id; });
    if (same != it->parameters.end()) {
      *same = p;
    } else {
      it->parameters.push_back(p);
    }
  }
}

}  // namespace

void ue_nas::on_dl_nas_transport(const nas::dl_nas_transport& m) {
  if (m.payload_type.value != nas::payload_type::n1_sm || !m.pdu_session_id) {
    // Only N1 SM information is handled by this UE (SMS, LPP, UE policy are not); an N1
    // SM payload without its PDU session ID cannot be routed to a session (§5.4.5.3.2).
    ++session_counters_.dl_transport_dropped;
    return;
  }
  const std::uint8_t psi = m.pdu_session_id->value;
  if (m.cause) {
    // §5.4.5.3.3: a 5GMM cause means the AMF could not forward the UE's 5GSM message (the
    // payload container gives it back); 5GSM stops the procedure's timer and aborts it.
    ++session_counters_.not_forwarded;
    auto* s = slot(psi);
    if (s == nullptr) {
      return;
    }
    const auto gmm = m.cause->value;
    if (s->data.state == pdu_session_state::active_pending) {
      release_session_locally(*s, std::nullopt, false);
      emit_session(session_event{session_event_type::failed, psi, {}, gmm, {}, {}});
    } else if (s->data.state == pdu_session_state::inactive_pending) {
      // The network never saw the release request: the UE releases locally.
      release_session_locally(*s, std::nullopt, false);
      emit_session(session_event{session_event_type::released, psi, {}, gmm, {}, {}});
    } else if (s->data.state == pdu_session_state::modification_pending) {
      // The modification request never reached the SMF: the session stays as it was.
      end_modification_request(*s);
      emit_session(session_event{session_event_type::modification_failed, psi, {}, gmm, {}, {}});
    }
    return;
  }
  const auto& bytes = m.payload_container.value;
  auto decoded = nas::decode_gsm(bytes);
  if (!decoded) {
    // §7.2-§7.5: answer with 5GSM STATUS; the PDU session ID and PTI are octets 2 and 3.
    ++session_counters_.gsm_decode_errors;
    const std::uint8_t pti = bytes.size() >= 3 ? bytes[2] : 0;
    send_gsm_status(psi, pti, gsm_cause_for(decoded.error()));
    return;
  }
  dispatch_gsm(*decoded);
}

void ue_nas::dispatch_gsm(const nas::gsm_pdu& pdu) {
  const std::uint8_t psi = pdu.pdu_session_id;
  const std::uint8_t pti = pdu.pti;
  auto* s = slot(psi);
  auto unexpected = [&](nas::gsm_cause c) {
    ++session_counters_.gsm_unexpected;
    send_gsm_status(psi, pti, c);
  };
  std::visit(
      [&](const auto& m) {
        using t = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<t, nas::pdu_session_establishment_accept>) {
          if (s == nullptr || s->data.state != pdu_session_state::active_pending ||
              pti != s->data.pti) {
            // §7.3.1 b): an answer to no request the UE made with this PTI.
            unexpected(nas::gsm_cause::pti_mismatch);
            return;
          }
          on_establishment_accept(*s, pti, m);
        } else if constexpr (std::is_same_v<t, nas::pdu_session_establishment_reject>) {
          if (s == nullptr || s->data.state != pdu_session_state::active_pending ||
              pti != s->data.pti) {
            unexpected(nas::gsm_cause::pti_mismatch);
            return;
          }
          // §6.4.1.4.2: stop T3580, release the PTI, the session stays inactive.
          release_session_locally(*s, std::nullopt, false);
          emit_session(session_event{session_event_type::rejected, psi, m.cause.value, {}, {}, {}});
        } else if constexpr (std::is_same_v<t, nas::pdu_session_release_command>) {
          on_release_command(psi, pti, m);
        } else if constexpr (std::is_same_v<t, nas::pdu_session_release_reject>) {
          if (s == nullptr || s->data.state != pdu_session_state::inactive_pending ||
              pti != s->data.pti) {
            unexpected(nas::gsm_cause::pti_mismatch);
            return;
          }
          // §6.4.3.4: stop T3582; the PDU session stays active.
          stop_session_timer(*s);
          s->pending.reset();
          s->data.pti = 0;
          s->data.state = pdu_session_state::active;
          emit_session(
              session_event{session_event_type::release_rejected, psi, m.cause.value, {}, {}, {}});
        } else if constexpr (std::is_same_v<t, nas::pdu_session_modification_command>) {
          if (s == nullptr || s->data.state == pdu_session_state::inactive ||
              s->data.state == pdu_session_state::active_pending) {
            // §7.3.2: a command for no active PDU session is rejected with #43.
            ++session_counters_.gsm_unexpected;
            send_gsm(psi, pti,
                     nas::pdu_session_modification_command_reject{
                         nas::gsm_cause_ie{nas::gsm_cause::invalid_pdu_session_identity}, {}});
            return;
          }
          on_modification_command(*s, pti, m);
        } else if constexpr (std::is_same_v<t, nas::pdu_session_modification_reject>) {
          if (s == nullptr || s->data.state != pdu_session_state::modification_pending ||
              pti != s->data.pti) {
            unexpected(nas::gsm_cause::pti_mismatch);
            return;
          }
          // §6.4.2.4.2: stop T3581, release the PTI; the session stays as it was.
          end_modification_request(*s);
          emit_session(session_event{
              session_event_type::modification_rejected, psi, m.cause.value, {}, {}, {}});
        } else if constexpr (std::is_same_v<t, nas::gsm_status>) {
          ++session_counters_.gsm_status_received;
        } else {
          // §7.4: UE-to-network messages and procedures this UE does not implement
          // (secondary authentication).
          unexpected(nas::gsm_cause::message_type_non_existent_or_not_implemented);
        }
      },
      pdu.body);
}

void ue_nas::on_establishment_accept(session_slot& s, std::uint8_t /*pti*/,
                                     const nas::pdu_session_establishment_accept& m) {
  // §6.4.1.3: stop T3580, store what the network authorised, the session is active.
  stop_session_timer(s);
  s.pending.reset();
  auto& d = s.data;
  d.pti = 0;
  d.retransmissions = 0;
  d.state = pdu_session_state::active;
  d.type = m.selected_pdu_session_type.value;
  if (m.pdu_address) {
    d.ipv4 = m.pdu_address->ipv4;
    d.ipv6_interface_id = m.pdu_address->ipv6_interface_id;
  }
  d.qos_rules = m.authorized_qos_rules.rules;
  if (m.authorized_qos_flow_descriptions) {
    d.qos_flows = m.authorized_qos_flow_descriptions->flows;
  }
  d.ambr = m.session_ambr;
  if (m.extended_pco) {
    d.dns_ipv4 = m.extended_pco->dns_server_ipv4();
    d.dns_ipv6 = m.extended_pco->dns_server_ipv6();
    d.mtu = m.extended_pco->ipv4_link_mtu();
  }
  emit_session(
      session_event{session_event_type::established, d.id, {}, {}, d.ipv4, d.ipv6_interface_id});
}

void ue_nas::on_release_command(std::uint8_t psi, std::uint8_t pti,
                                const nas::pdu_session_release_command& m) {
  auto* s = slot(psi);
  if (s == nullptr) {
    ++session_counters_.gsm_unexpected;
    send_gsm_status(psi, pti, nas::gsm_cause::invalid_pdu_session_identity);
    return;
  }
  nas::pdu_session_release_complete complete;
  if (s->data.state == pdu_session_state::inactive) {
    // §7.3.2: a release command for an inactive session is completed with #43.
    complete.cause = nas::gsm_cause_ie{nas::gsm_cause::invalid_pdu_session_identity};
    send_gsm(psi, pti, complete);
    return;
  }
  // §6.4.3.3: answer RELEASE COMPLETE, stop T3582 if the UE asked, release the session.
  send_gsm(psi, pti, complete);
  release_session_locally(*s, m.cause.value, true);
}

void ue_nas::on_modification_command(session_slot& s, std::uint8_t pti,
                                     const nas::pdu_session_modification_command& m) {
  // §6.4.2.3: take the new session-AMBR, QoS rules and flow descriptions, then complete.
  // A command with the PTI of the UE's own request answers it (T3581 stops); one with PTI
  // 0 is the network's (§6.3.2.3) and leaves a request of the UE pending.
  if (s.data.state == pdu_session_state::modification_pending && pti == s.data.pti) {
    end_modification_request(s);
  }
  auto& d = s.data;
  if (m.session_ambr) {
    d.ambr = *m.session_ambr;
  }
  if (m.always_on_indication) {
    d.always_on = m.always_on_indication->required;
  }
  if (m.authorized_qos_rules) {
    for (const auto& r : m.authorized_qos_rules->rules) {
      apply_rule(d.qos_rules, r);
    }
  }
  if (m.authorized_qos_flow_descriptions) {
    for (const auto& f : m.authorized_qos_flow_descriptions->flows) {
      apply_flow(d.qos_flows, f);
    }
  }
  if (m.extended_pco) {
    if (auto dns = m.extended_pco->dns_server_ipv4(); !dns.empty()) {
      d.dns_ipv4 = std::move(dns);
    }
    if (auto mtu = m.extended_pco->ipv4_link_mtu()) {
      d.mtu = mtu;
    }
  }
  send_gsm(d.id, pti, nas::pdu_session_modification_complete{});
  emit_session(
      session_event{session_event_type::modified, d.id, {}, {}, d.ipv4, d.ipv6_interface_id});
}

}  // namespace glasscore::sim
