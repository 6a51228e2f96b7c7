// The UE 5GMM entity: state, uplink sending, timers and the UE-initiated procedures
// (registration TS 24.501 §5.5.1, de-registration §5.5.2.2). Downlink handling is in
// ue_nas_downlink.cpp.
#include "glasscore/sim/ue_nas.h"

#include <utility>

#include "glasscore/core/log.h"
#include "sim/ue/ue_nas_context.h"

namespace glasscore::sim {

std::string_view to_string(gmm_state s) {
  switch (s) {
    case gmm_state::deregistered:
      return "5GMM-DEREGISTERED";
    case gmm_state::registered_initiated:
      return "5GMM-REGISTERED-INITIATED";
    case gmm_state::registered:
      return "5GMM-REGISTERED";
    case gmm_state::deregistered_initiated:
      return "5GMM-DEREGISTERED-INITIATED";
  }
  return "?";
}

std::string_view to_string(ue_event_type t) {
  switch (t) {
    case ue_event_type::registered:
      return "registered";
    case ue_event_type::registration_rejected:
      return "registration rejected";
    case ue_event_type::registration_failed:
      return "registration failed";
    case ue_event_type::authentication_rejected:
      return "authentication rejected";
    case ue_event_type::deregistered:
      return "deregistered";
    case ue_event_type::deregistration_failed:
      return "deregistration failed";
    case ue_event_type::network_deregistered:
      return "network deregistered";
  }
  return "?";
}

std::optional<nas::security_context> make_nas_context(const crypto::key256& kamf,
                                                      const nas::security_algorithms& algorithms,
                                                      crypto::key128_out* k_enc_out) {
  auto k_int =
      crypto::derive_algorithm_key(kamf, crypto::algorithm_type::nas_int, algorithms.integrity);
  auto k_enc =
      crypto::derive_algorithm_key(kamf, crypto::algorithm_type::nas_enc, algorithms.ciphering);
  if (!k_int || !k_enc || algorithms.integrity > 3 || algorithms.ciphering > 3) {
    return std::nullopt;
  }
  if (k_enc_out != nullptr) {
    *k_enc_out = *k_enc;
  }
  return nas::security_context(*k_int, *k_enc,
                               static_cast<crypto::integrity_algorithm>(algorithms.integrity),
                               static_cast<crypto::cipher_algorithm>(algorithms.ciphering));
}

ue_nas::ue_nas(ue_nas_config config, usim& card, ue_nas_notifier& notifier,
               async::timer_service& timers)
    : config_(std::move(config)),
      usim_(card),
      notifier_(notifier),
      timers_(timers),
      sn_name_(crypto::serving_network_name(config_.mcc, config_.mnc).value_or("")) {}

ue_nas::~ue_nas() {
  for (auto& id : timer_ids_) {
    if (id) {
      timers_.cancel(*id);
    }
  }
  for (auto& s : sessions_) {
    if (s.timer) {
      timers_.cancel(*s.timer);
    }
  }
}

std::optional<nas::security_algorithms> ue_nas::algorithms() const {
  if (!security_) {
    return std::nullopt;
  }
  return security_->algorithms;
}

std::optional<crypto::key256> ue_nas::kamf() const {
  if (!security_) {
    return std::nullopt;
  }
  return security_->kamf;
}

void ue_nas::set_state(gmm_state next) {
  // DESIGN.md §4: state changes go through one function that logs old -> new.
  static const auto logger = log::get("sim");
  if (next != state_) {
    logger->debug("UE {}: {} -> {}", log::redact_identity(usim_.supi()), to_string(state_),
                  to_string(next));
  }
  state_ = next;
  if (next == gmm_state::deregistered) {
    // §6.4.1.1 / §5.5.2: a de-registered UE has no PDU sessions; they are released locally.
    release_all_sessions_locally();
  }
}

void ue_nas::emit(ue_event_type type, std::optional<nas::gmm_cause> cause) {
  notifier_.on_ue_event(ue_event{type, cause});
}

void ue_nas::start_timer(ue_timer t, std::chrono::milliseconds d) {
  stop_timer(t);
  timer_ids_[static_cast<std::size_t>(t)] = timers_.schedule_after(d, [this, t] {
    timer_ids_[static_cast<std::size_t>(t)].reset();
    on_timer(t);
  });
}

void ue_nas::stop_timer(ue_timer t) {
  auto& id = timer_ids_[static_cast<std::size_t>(t)];
  if (id) {
    timers_.cancel(*id);
    id.reset();
  }
}

void ue_nas::on_timer(ue_timer t) {
  ++counters_.timer_expiries;
  switch (t) {
    case ue_timer::t3510:
      // §5.5.1.2.7 c): T3510 expired, the registration attempt is abandoned.
      fail_registration(std::nullopt);
      break;
    case ue_timer::t3519:
      // §5.5.1.2.2: a new SUCI after T3519 expiry.
      suci_.reset();
      break;
    case ue_timer::t3520:
      // §5.4.1.3.7: the network failed the authentication check; treat the cell as barred
      // and give up the procedure.
      fail_registration(std::nullopt);
      break;
    case ue_timer::t3521:
      // §5.5.2.2.6 b): retransmit on the first four expiries, abort on the fifth.
      if (++t3521_expiries_ >= 5) {
        set_state(gmm_state::deregistered);
        emit(ue_event_type::deregistration_failed);
      } else {
        start_timer(ue_timer::t3521, config_.t3521);
        (void)send_deregistration();
      }
      break;
    case ue_timer::t3346:
      // §5.5.1.2.5 #22: in 5GMM-DEREGISTERED.ATTEMPTING-REGISTRATION the UE registers again
      // once the back-off is over. A retry that cannot start ends the procedure the reject
      // left open, so a driver waiting for the retry's outcome always gets one.
      if (config_.register_after_back_off && state_ == gmm_state::deregistered &&
          !start_registration(nas::registration_type::initial)) {
        emit(ue_event_type::registration_failed);
      }
      break;
    case ue_timer::count:
      break;
  }
}

bool ue_nas::backed_off() const {
  return timer_ids_[static_cast<std::size_t>(ue_timer::t3346)].has_value();
}

void ue_nas::fail_registration(std::optional<nas::gmm_cause> cause) {
  stop_timer(ue_timer::t3510);
  stop_timer(ue_timer::t3520);
  if (state_ == gmm_state::registered_initiated) {
    set_state(registration_type_ == nas::registration_type::initial ? gmm_state::deregistered
                                                                    : gmm_state::registered);
    emit(ue_event_type::registration_failed, cause);
  }
}

void ue_nas::send_bytes(std::vector<std::uint8_t> pdu) {
  uplink_nas out;
  out.pdu = std::move(pdu);
  out.initial = !connected_;
  if (out.initial && guti_) {
    out.s_tmsi = nas::s_tmsi_5g{guti_->amf_set_id, guti_->amf_pointer, guti_->tmsi};
  }
  connected_ = true;
  notifier_.on_uplink_nas(std::move(out));
}

void ue_nas::send(const nas::gmm_message& message, bool protect) {
  byte_writer w;
  if (!nas::encode_gmm(message, w)) {
    return;
  }
  auto plain = w.release();
  if (!protect || !security_ || !security_->nas) {
    send_bytes(std::move(plain));
    return;
  }
  // §4.4.5: after activation every uplink message is integrity protected and ciphered.
  auto sealed = security_->nas->protect(plain, crypto::direction::uplink, true);
  if (!sealed) {
    return;
  }
  if (faults_.tamper_uplink_mac > 0) {
    --faults_.tamper_uplink_mac;
    (*sealed)[2] ^= 0x01;  // first octet of the NAS-MAC (§9.1.1)
  }
  last_protected_uplink_ = *sealed;
  send_bytes(std::move(*sealed));
}

void ue_nas::send_status(nas::gmm_cause cause) {
  send(nas::gmm_status{nas::gmm_cause_ie{cause}}, true);
}

void ue_nas::replay_last_uplink() {
  if (!last_protected_uplink_.empty()) {
    send_bytes(last_protected_uplink_);
  }
}

void ue_nas::forget_identity() {
  guti_.reset();
  security_.reset();
  pending_.reset();
  tai_list_.reset();
  allowed_nssai_.reset();
}

void ue_nas::handle_connection_released() {
  connected_ = false;
  if (reregister_pending_) {
    reregister_pending_ = false;
    (void)start_registration(nas::registration_type::initial);
  }
}

nas::mobile_identity ue_nas::own_identity() {
  if (guti_) {
    return nas::mobile_identity{*guti_};
  }
  if (!suci_) {
    auto fresh = usim_.conceal_supi();
    if (!fresh) {
      return nas::mobile_identity{nas::no_identity{}};
    }
    suci_ = std::move(*fresh);
  }
  return nas::mobile_identity{*suci_};
}

nas::registration_request ue_nas::build_registration(bool full) {
  // §4.4.6: the cleartext IEs are the ones an AMF must read before it can check integrity.
  nas::registration_request r;
  r.registration_type_value.value = registration_type_;
  r.ng_ksi.ksi = security_ ? security_->ksi : nas::key_set_identifier::no_key_available;
  r.mobile_identity = own_identity();
  r.ue_security_capability = config_.capability;
  if (full) {
    r.gmm_capability = nas::octet_string{{0x00}};
    if (!config_.requested_nssai.empty()) {
      r.requested_nssai = nas::nssai{config_.requested_nssai};
    }
  }
  return r;
}

expected<void, ue_error> ue_nas::start_registration(std::uint8_t type) {
  if (usim_invalid_) {
    return fail(ue_error::usim_invalid);
  }
  if (backed_off()) {
    return fail(ue_error::backed_off);
  }
  const bool initial = type == nas::registration_type::initial;
  if (state_ == gmm_state::registered_initiated || state_ == gmm_state::deregistered_initiated ||
      (initial && state_ != gmm_state::deregistered) ||
      (!initial && state_ != gmm_state::registered)) {
    return fail(ue_error::wrong_state);
  }
  registration_type_ = type;
  const bool with_suci = !guti_;
  const auto cleartext = build_registration(false);
  if (std::holds_alternative<nas::no_identity>(cleartext.mobile_identity.value)) {
    return fail(ue_error::suci_failed);
  }
  byte_writer full_writer;
  if (!nas::encode_gmm(build_registration(true), full_writer)) {
    return fail(ue_error::encode_failed);
  }
  full_registration_ = full_writer.release();
  set_state(gmm_state::registered_initiated);
  start_timer(ue_timer::t3510, config_.t3510);
  if (with_suci) {
    start_timer(ue_timer::t3519, config_.t3519);
  }
  if (!security_ || !security_->nas) {
    // §4.4.6: no valid context, so cleartext IEs only; the full message follows in the
    // Security Mode Complete.
    initial_was_cleartext_ = true;
    send(cleartext, false);
    return {};
  }
  // §4.4.6: with a valid context, cleartext IEs plus the entire message in the NAS message
  // container, its value ciphered, the whole integrity protected (header type 1).
  initial_was_cleartext_ = false;
  auto with_container = cleartext;
  std::vector<std::uint8_t> container = full_registration_;
  const crypto::algorithm_input in{security_->nas->count(crypto::direction::uplink).value(), 1,
                                   crypto::direction::uplink};
  if (!crypto::cipher(static_cast<crypto::cipher_algorithm>(security_->algorithms.ciphering),
                      security_->k_nas_enc, in, container, container.size() * 8)) {
    return fail(ue_error::encode_failed);
  }
  with_container.nas_message_container = nas::octet_string{std::move(container)};
  byte_writer w;
  if (!nas::encode_gmm(with_container, w)) {
    return fail(ue_error::encode_failed);
  }
  auto sealed = security_->nas->protect(w.view(), crypto::direction::uplink, false);
  if (!sealed) {
    return fail(ue_error::encode_failed);
  }
  last_protected_uplink_ = *sealed;
  send_bytes(std::move(*sealed));
  return {};
}

expected<void, ue_error> ue_nas::send_deregistration() {
  nas::deregistration_request_ue_originating m;
  m.deregistration.access_type = 1;  // 3GPP access
  m.deregistration.switch_off = dereg_switch_off_;
  m.ng_ksi.ksi = security_ ? security_->ksi : nas::key_set_identifier::no_key_available;
  m.mobile_identity = own_identity();
  send(m, true);
  return {};
}

expected<void, ue_error> ue_nas::start_deregistration(bool switch_off) {
  if (state_ != gmm_state::registered && state_ != gmm_state::registered_initiated) {
    return fail(ue_error::wrong_state);
  }
  stop_timer(ue_timer::t3510);
  stop_timer(ue_timer::t3520);
  dereg_switch_off_ = switch_off;
  t3521_expiries_ = 0;
  if (switch_off) {
    // §5.5.2.2.2: no accept is expected after a switch-off.
    set_state(gmm_state::deregistered);
    (void)send_deregistration();
    emit(ue_event_type::deregistered);
    return {};
  }
  set_state(gmm_state::deregistered_initiated);
  start_timer(ue_timer::t3521, config_.t3521);
  return send_deregistration();
}

}  // namespace glasscore::sim
