// The UE 5GMM entity: downlink NAS handling (TS 24.501 §4.4.4.2 integrity rules, §5.4
// common procedures, §5.5 answers from the network).
#include <type_traits>
#include <utility>
#include <variant>

#include "glasscore/sim/ue_nas.h"
#include "sim/ue/ue_nas_context.h"

namespace glasscore::sim {

namespace {

// §9.11.3.54: the capabilities the network replays must equal what the UE sent.
bool same_capability(const nas::ue_security_capability& a, const nas::ue_security_capability& b) {
  return a.nr_ea == b.nr_ea && a.nr_ia == b.nr_ia && a.eutra_ea == b.eutra_ea &&
         a.eutra_ia == b.eutra_ia;
}

// §5.5.1.2.5: reject causes after which the UE deletes its 5G-GUTI and NAS security context.
bool deletes_identity(nas::gmm_cause c) {
  switch (c) {
    case nas::gmm_cause::illegal_ue:
    case nas::gmm_cause::illegal_me:
    case nas::gmm_cause::services_not_allowed_5gs:
    case nas::gmm_cause::ue_identity_cannot_be_derived:
    case nas::gmm_cause::implicitly_deregistered:
    case nas::gmm_cause::plmn_not_allowed:
    case nas::gmm_cause::tracking_area_not_allowed:
    case nas::gmm_cause::roaming_not_allowed_in_this_tracking_area:
    case nas::gmm_cause::no_suitable_cells_in_tracking_area:
    case nas::gmm_cause::n1_mode_not_allowed:
    case nas::gmm_cause::non_3gpp_access_to_5gcn_not_allowed:
      return true;
    default:
      return false;
  }
}

// §5.5.1.2.5: #3, #6 and #7 make the USIM invalid for 5GS until it is reset.
bool invalidates_usim(nas::gmm_cause c) {
  return c == nas::gmm_cause::illegal_ue || c == nas::gmm_cause::illegal_me ||
         c == nas::gmm_cause::services_not_allowed_5gs;
}

}  // namespace

void ue_nas::handle_downlink_nas(byte_span pdu) {
  ++counters_.downlink_pdus;
  auto header = nas::peek_security_header(pdu);
  if (!header) {
    ++counters_.decode_errors;
    send_status(nas::protocol_cause_for(header.error()));
    return;
  }
  if (*header == nas::security_header_type::plain) {
    auto message = nas::decode_gmm(pdu);
    if (!message) {
      ++counters_.decode_errors;
      send_status(nas::protocol_cause_for(message.error()));
      return;
    }
    // §4.4.4.2: only the listed messages are processed without integrity protection,
    // before and after secure exchange is established.
    if (!nas::ue_accepts_unprotected(*message)) {
      ++counters_.dropped_unprotected;
      return;
    }
    dispatch(*message);
    return;
  }
  if (*header == nas::security_header_type::integrity_protected_new_context) {
    // §4.4.6: a Security Mode Command is integrity protected with the new context but not
    // ciphered, so its inner message tells which context to check it with.
    auto parts = nas::protected_pdu::parse(pdu);
    auto inner = parts ? nas::decode_gmm(parts->message)
                       : expected<nas::gmm_message, nas::nas_error>(fail(parts.error()));
    if (!inner) {
      ++counters_.decode_errors;
      send_status(nas::protocol_cause_for(inner.error()));
      return;
    }
    if (const auto* smc = std::get_if<nas::security_mode_command>(&*inner)) {
      on_security_mode_command(*smc, pdu);
    } else {
      ++counters_.dropped_integrity;
    }
    return;
  }
  if (!security_ || !security_->nas) {
    ++counters_.dropped_integrity;  // protected, but nothing to check it with
    return;
  }
  auto plain = security_->nas->unprotect(pdu, crypto::direction::downlink);
  if (!plain) {
    // §4.4.4.2 / TS 33.501 §6.4.3: a message failing the integrity check or replayed is
    // discarded; the UE does not answer it.
    ++counters_.dropped_integrity;
    return;
  }
  auto message = nas::decode_gmm(*plain);
  if (!message) {
    ++counters_.decode_errors;
    send_status(nas::protocol_cause_for(message.error()));
    return;
  }
  dispatch(*message);
}

void ue_nas::dispatch(const nas::gmm_message& message) {
  std::visit(
      [this](const auto& m) {
        using t = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<t, nas::identity_request>) {
          on_identity_request(m);
        } else if constexpr (std::is_same_v<t, nas::authentication_request>) {
          on_authentication_request(m);
        } else if constexpr (std::is_same_v<t, nas::authentication_reject>) {
          // §5.4.1.3.5: delete the 5G-GUTI and contexts, USIM invalid until switched off.
          stop_timer(ue_timer::t3510);
          stop_timer(ue_timer::t3520);
          forget_identity();
          usim_invalid_ = true;
          set_state(gmm_state::deregistered);
          emit(ue_event_type::authentication_rejected);
        } else if constexpr (std::is_same_v<t, nas::security_mode_command>) {
          // Only reachable unprotected or under the old context: §5.4.2.5 says reject.
          send(nas::security_mode_reject{nas::gmm_cause_ie{
                   nas::gmm_cause::security_mode_rejected_unspecified}},
               false);
        } else if constexpr (std::is_same_v<t, nas::registration_accept>) {
          on_registration_accept(m);
        } else if constexpr (std::is_same_v<t, nas::registration_reject>) {
          on_registration_reject(m);
        } else if constexpr (std::is_same_v<t, nas::deregistration_accept_ue_originating>) {
          if (state_ != gmm_state::deregistered_initiated) {
            ++counters_.unexpected_messages;
            return;
          }
          stop_timer(ue_timer::t3521);
          set_state(gmm_state::deregistered);
          emit(ue_event_type::deregistered);
        } else if constexpr (std::is_same_v<t, nas::deregistration_request_ue_terminated>) {
          on_deregistration_request(m);
        } else if constexpr (std::is_same_v<t, nas::configuration_update_command>) {
          on_configuration_update(m);
        } else if constexpr (std::is_same_v<t, nas::gmm_status>) {
          ++counters_.status_received;
        } else if constexpr (std::is_same_v<t, nas::dl_nas_transport>) {
          on_dl_nas_transport(m);  // ue_session_downlink.cpp
        } else {
          // §7.4: a message the UE never receives, or not in this state.
          ++counters_.unexpected_messages;
          send_status(nas::gmm_cause::message_not_compatible);
        }
      },
      message);
}

void ue_nas::on_identity_request(const nas::identity_request& m) {
  nas::identity_response r;
  switch (static_cast<nas::identity_type>(m.identity_type.value)) {
    case nas::identity_type::suci:
      r.mobile_identity = guti_ ? [this] {
        auto fresh = usim_.conceal_supi();
        return fresh ? nas::mobile_identity{*fresh} : nas::mobile_identity{nas::no_identity{}};
      }()
                                : own_identity();
      break;
    case nas::identity_type::guti:
      r.mobile_identity =
          guti_ ? nas::mobile_identity{*guti_} : nas::mobile_identity{nas::no_identity{}};
      break;
    case nas::identity_type::imeisv:
      r.mobile_identity = nas::mobile_identity{nas::imeisv{config_.imeisv}};
      break;
    case nas::identity_type::imei:
      r.mobile_identity = nas::mobile_identity{nas::imei{config_.imeisv.substr(0, 14) + "0"}};
      break;
    default:
      r.mobile_identity = nas::mobile_identity{nas::no_identity{}};
      break;
  }
  send(r, true);
}

void ue_nas::on_authentication_request(const nas::authentication_request& m) {
  if (!m.rand || !m.autn) {
    // EAP-AKA' is not implemented by this UE; without RAND and AUTN it cannot take part in
    // 5G AKA (§8.2.1.2/3: conditional IEs for 5G AKA).
    ++counters_.decode_errors;
    send_status(nas::gmm_cause::conditional_ie_error);
    return;
  }
  stop_timer(ue_timer::t3520);
  auto result = usim_.authenticate(m.rand->value, m.autn->value, sn_name_);
  if (!result) {
    nas::authentication_failure f;
    switch (result.error().reason) {
      case auth_failure::mac_failure:
        f.cause.value = nas::gmm_cause::mac_failure;
        break;
      case auth_failure::synch_failure:
        f.cause.value = nas::gmm_cause::synch_failure;
        if (result.error().auts) {
          f.auts = nas::fixed_octets<14>{*result.error().auts};
        }
        break;
      case auth_failure::non_5g_auth:
        f.cause.value = nas::gmm_cause::non_5g_authentication_unacceptable;
        break;
      case auth_failure::bad_input:
        f.cause.value = nas::gmm_cause::mac_failure;
        break;
    }
    ++counters_.authentication_failures_sent;
    // §5.4.1.3.7: T3520 guards against a network that keeps failing the check.
    start_timer(ue_timer::t3520, config_.t3520);
    send(f, true);
    return;
  }
  auto kamf = crypto::derive_kamf(result->kseaf, usim_.supi(), m.abba.value);
  if (!kamf) {
    send_status(nas::gmm_cause::semantically_incorrect_message);
    return;
  }
  pending_ = std::make_unique<context>();
  pending_->kamf = *kamf;
  pending_->ksi = m.ng_ksi.ksi;
  nas::authentication_response r;
  r.res_star = nas::fixed_octets<16>{result->res_star};
  send(r, true);
}

void ue_nas::on_security_mode_command(const nas::security_mode_command& m, byte_span pdu) {
  auto reject = [this](nas::gmm_cause c) {
    // §5.4.2.5: the reject goes unprotected when the command could not be accepted.
    send(nas::security_mode_reject{nas::gmm_cause_ie{c}}, false);
  };
  context* base = nullptr;
  if (pending_ && pending_->ksi == m.ng_ksi.ksi) {
    base = pending_.get();
  } else if (security_ && security_->ksi == m.ng_ksi.ksi) {
    base = security_.get();
  }
  if (base == nullptr) {
    reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }
  crypto::key128_out k_enc{};
  auto candidate = make_nas_context(base->kamf, m.algorithms, &k_enc);
  if (!candidate) {
    reject(nas::gmm_cause::ue_security_capabilities_mismatch);
    return;
  }
  if (base == security_.get() && security_->nas) {
    // Same KAMF, new algorithms: the COUNTs continue (TS 33.501 §6.7.2).
    candidate->set_count(crypto::direction::uplink,
                         security_->nas->count(crypto::direction::uplink));
  }
  if (!candidate->unprotect(pdu, crypto::direction::downlink)) {
    ++counters_.dropped_integrity;
    reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }
  // §5.4.2.5: replayed capabilities differing from what the UE sent are a bidding-down
  // attempt (#23); algorithms the UE does not support likewise.
  if (!same_capability(m.replayed_ue_security_capability, config_.capability) ||
      !config_.capability.supports_nea(m.algorithms.ciphering) ||
      !config_.capability.supports_nia(m.algorithms.integrity)) {
    reject(nas::gmm_cause::ue_security_capabilities_mismatch);
    return;
  }
  if (m.algorithms.integrity == 0 && !config_.accept_nia0) {
    // TS 33.501 §5.5.2: NIA0 only for unauthenticated emergency sessions.
    reject(nas::gmm_cause::security_mode_rejected_unspecified);
    return;
  }
  auto next = std::make_unique<context>();
  next->kamf = base->kamf;
  next->ksi = base->ksi;
  next->algorithms = m.algorithms;
  next->k_nas_enc = k_enc;
  next->nas = std::move(*candidate);
  security_ = std::move(next);
  pending_.reset();

  nas::security_mode_complete c;
  if (m.imeisv_request && (m.imeisv_request->value & 0x07) == 1) {
    c.imeisv = nas::mobile_identity{nas::imeisv{config_.imeisv}};
  }
  // §4.4.6: the entire initial message goes in the container when it was sent with
  // cleartext IEs only, or when the network asks for it (RINMR, §9.11.3.12 bit 2).
  const bool rinmr =
      m.additional_security_information && (m.additional_security_information->value & 0x02) != 0;
  if ((initial_was_cleartext_ || rinmr) && state_ == gmm_state::registered_initiated) {
    c.nas_message_container = nas::octet_string{full_registration_};
  }
  byte_writer w;
  if (!nas::encode_gmm(c, w)) {
    return;
  }
  auto sealed = security_->nas->protect(w.view(), crypto::direction::uplink, true, true);
  if (!sealed) {
    return;
  }
  if (faults_.tamper_uplink_mac > 0) {
    --faults_.tamper_uplink_mac;
    (*sealed)[2] ^= 0x01;
  }
  last_protected_uplink_ = *sealed;
  send_bytes(std::move(*sealed));
}

void ue_nas::on_registration_accept(const nas::registration_accept& m) {
  if (state_ != gmm_state::registered_initiated) {
    ++counters_.unexpected_messages;
    send_status(nas::gmm_cause::message_not_compatible);
    return;
  }
  stop_timer(ue_timer::t3510);
  stop_timer(ue_timer::t3519);
  stop_timer(ue_timer::t3520);
  suci_.reset();
  const bool new_guti = m.guti && std::holds_alternative<nas::guti_5g>(m.guti->value);
  if (new_guti) {
    guti_ = std::get<nas::guti_5g>(m.guti->value);
  }
  if (m.tai_list) {
    tai_list_ = m.tai_list;
  }
  if (m.allowed_nssai) {
    allowed_nssai_ = m.allowed_nssai;
  }
  if (m.t3512_value) {
    t3512_ = m.t3512_value->seconds();
  }
  set_state(gmm_state::registered);
  // §5.5.1.2.4: Registration Complete acknowledges a new 5G-GUTI.
  if (new_guti) {
    send(nas::registration_complete{}, true);
  }
  emit(ue_event_type::registered);
}

void ue_nas::on_registration_reject(const nas::registration_reject& m) {
  if (state_ != gmm_state::registered_initiated) {
    ++counters_.unexpected_messages;
    return;
  }
  stop_timer(ue_timer::t3510);
  stop_timer(ue_timer::t3520);
  const auto cause = m.cause.value;
  if (deletes_identity(cause)) {
    forget_identity();
    suci_.reset();
  }
  if (invalidates_usim(cause)) {
    usim_invalid_ = true;
  }
  set_state(gmm_state::deregistered);
  // §5.5.1.2.5 #22: with a T3346 value that is neither zero nor deactivated, the UE backs
  // off for that long (a T3346 already running is restarted with the new value); without
  // one, it is the abnormal case of §5.5.1.2.7 and no back-off applies here.
  if (cause == nas::gmm_cause::congestion && m.t3346_value) {
    if (const auto seconds = m.t3346_value->seconds(); seconds && *seconds > 0) {
      start_timer(ue_timer::t3346, std::chrono::seconds(*seconds));
    }
  }
  emit(ue_event_type::registration_rejected, cause);
}

void ue_nas::on_deregistration_request(const nas::deregistration_request_ue_terminated& m) {
  stop_timer(ue_timer::t3510);
  stop_timer(ue_timer::t3520);
  stop_timer(ue_timer::t3521);
  // §5.5.2.3.2: answer first, then act on the type and cause.
  send(nas::deregistration_accept_ue_terminated{}, true);
  std::optional<nas::gmm_cause> cause;
  if (m.cause) {
    cause = m.cause->value;
    if (deletes_identity(*cause)) {
      forget_identity();
    }
    if (invalidates_usim(*cause)) {
      usim_invalid_ = true;
    }
  }
  set_state(gmm_state::deregistered);
  if (m.deregistration.reregistration_required && config_.reregister_when_required &&
      !usim_invalid_) {
    // The UE registers again once the network has released the signalling connection.
    reregister_pending_ = true;
  }
  emit(ue_event_type::network_deregistered, cause);
}

void ue_nas::on_configuration_update(const nas::configuration_update_command& m) {
  bool new_guti = false;
  if (m.guti && std::holds_alternative<nas::guti_5g>(m.guti->value)) {
    guti_ = std::get<nas::guti_5g>(m.guti->value);
    new_guti = true;
  }
  if (m.tai_list) {
    tai_list_ = m.tai_list;
  }
  if (m.allowed_nssai) {
    allowed_nssai_ = m.allowed_nssai;
  }
  // §5.4.4.3 / §9.11.3.18: bit 1 of the indication asks for an acknowledgement; a new
  // 5G-GUTI is always acknowledged.
  const bool ack = m.update_indication && (m.update_indication->value & 0x01) != 0;
  if (ack || new_guti) {
    send(nas::configuration_update_complete{}, true);
  }
}

}  // namespace glasscore::sim
