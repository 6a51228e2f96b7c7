#pragma once
/// \file
/// The simulated UE's 5GMM entity (TS 24.501 §5): a sans-I/O state machine fed with
/// downlink NAS PDUs and emitting uplink NAS PDUs through a notifier. It runs registration
/// (initial with SUCI or 5G-GUTI, mobility and periodic updating), 5G AKA with its failure
/// answers, NAS security mode control with every NIA/NEA pair, UE- and network-initiated
/// de-registration, configuration update and 5GMM STATUS, with the UE timers T3510, T3519,
/// T3520, T3521 and T3346 (back-off after a reject for congestion) on an injected timer
/// service; and the 5GSM procedures of TS 24.501 §6.4
/// (PDU session establishment, release, modification; T3580, T3581, T3582; ue_session.h).
///
/// Untrusted input (every downlink PDU) never reaches an assert: undecodable messages get a
/// 5GMM STATUS and a counter, unprotected or forged ones after security activation are
/// dropped and counted (TS 24.501 §4.4.4.2).

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/codec/nas/mobile_identity.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/core/bytes.h"
#include "glasscore/sim/ue_session.h"
#include "glasscore/sim/usim.h"

namespace glasscore::sim {

/// TS 24.501 §5.1.3.2.1 5GMM main states of the UE.
enum class gmm_state : std::uint8_t {
  deregistered,
  registered_initiated,
  registered,
  deregistered_initiated,
};
[[nodiscard]] std::string_view to_string(gmm_state s);

/// RRC establishment cause the UE asks its gNB to use (TS 38.331 EstablishmentCause).
enum class rrc_cause : std::uint8_t { mo_signalling, mt_access, mo_data, emergency };

/// One uplink NAS PDU for the gNB. `initial` marks the first NAS message of a new
/// signalling connection (the gNB sends it in an Initial UE Message, TS 38.413 §8.6.1).
struct uplink_nas {
  std::vector<std::uint8_t> pdu;
  bool initial = false;
  rrc_cause cause = rrc_cause::mo_signalling;
  /// The 5G-S-TMSI the UE gives in RRC setup when it holds a 5G-GUTI (TS 38.331).
  std::optional<nas::s_tmsi_5g> s_tmsi;
};

/// Outcomes a driver counts. Each procedure the UE starts ends in exactly one of them.
enum class ue_event_type : std::uint8_t {
  registered,               ///< Registration Accept processed
  registration_rejected,    ///< Registration Reject (cause set)
  registration_failed,      ///< T3510 / T3520 expiry, authentication or SMC failure (cause set)
  authentication_rejected,  ///< Authentication Reject: USIM invalid until reset
  deregistered,             ///< UE-initiated de-registration finished (accept or switch-off)
  deregistration_failed,    ///< T3521 expired for the fifth time
  network_deregistered,     ///< network-initiated de-registration answered (cause if given)
};
[[nodiscard]] std::string_view to_string(ue_event_type t);

struct ue_event {
  ue_event_type type = ue_event_type::registered;
  std::optional<nas::gmm_cause> cause;
};

/// Outbound interface of the UE (DESIGN.md §4: outbound `*_notifier::on_*()`).
class ue_nas_notifier {
 public:
  virtual ~ue_nas_notifier() = default;
  virtual void on_uplink_nas(uplink_nas message) = 0;
  virtual void on_ue_event(const ue_event& event) = 0;
  /// 5GSM outcomes (ue_session.h). A separate call, so drivers that only register need
  /// not handle session events.
  virtual void on_session_event(const session_event& /*event*/) {}

 protected:
  ue_nas_notifier() = default;
  ue_nas_notifier(const ue_nas_notifier&) = default;
  ue_nas_notifier& operator=(const ue_nas_notifier&) = default;
};

struct ue_nas_config {
  std::string mcc = "001";  ///< serving PLMN, for the serving network name (TS 24.501 §9.12.1)
  std::string mnc = "01";
  /// 5G-EA0-3 and 5G-IA0-3 by default (TS 24.501 §9.11.3.54: bit 8 is algorithm 0).
  nas::ue_security_capability capability{0xf0, 0xf0, std::nullopt, std::nullopt, {}};
  std::vector<nas::s_nssai> requested_nssai{nas::s_nssai{1, std::nullopt, {}, {}}};
  /// IMEISV (16 digits) for the Security Mode Command's IMEISV request.
  std::string imeisv = "4370816125816151";
  /// 5G-IA0 is accepted only for emergency services (TS 33.501 §5.5.2); a test UE may
  /// be told to accept it anyway.
  bool accept_nia0 = false;
  /// Register again by itself when the network de-registers it with "re-registration
  /// required" (TS 24.501 §5.5.2.3.2).
  bool reregister_when_required = true;
  /// After a Registration Reject with #22 and a T3346 value, register again when T3346
  /// expires (TS 24.501 §5.5.1.2.5: 5GMM-DEREGISTERED.ATTEMPTING-REGISTRATION). Off: the UE
  /// still waits out T3346 before any registration, but then stays de-registered.
  bool register_after_back_off = true;
  std::chrono::milliseconds t3510{15000};  ///< registration (TS 24.501 §10.2, table 10.2.1)
  std::chrono::milliseconds t3519{60000};  ///< SUCI lifetime
  std::chrono::milliseconds t3520{15000};  ///< after an Authentication Failure
  std::chrono::milliseconds t3521{15000};  ///< de-registration, retransmitted up to 4 times
  std::chrono::milliseconds t3580{16000};  ///< PDU session establishment (table 10.3.1)
  std::chrono::milliseconds t3581{16000};  ///< PDU session modification (table 10.3.1)
  std::chrono::milliseconds t3582{16000};  ///< PDU session release (table 10.3.1)
};

/// Faults a test or a load run scripts into the UE.
struct ue_faults {
  /// Flip a bit of the NAS-MAC of the next N protected uplink PDUs.
  unsigned tamper_uplink_mac = 0;
};

/// What the UE saw go wrong, for the driver's report.
struct ue_counters {
  std::uint64_t downlink_pdus = 0;
  std::uint64_t dropped_integrity = 0;    ///< NAS-MAC failure or replayed COUNT
  std::uint64_t dropped_unprotected = 0;  ///< plain message not allowed after activation
  std::uint64_t decode_errors = 0;        ///< answered with 5GMM STATUS
  std::uint64_t unexpected_messages = 0;  ///< not compatible with the state: 5GMM STATUS #98
  std::uint64_t status_received = 0;
  std::uint64_t authentication_failures_sent = 0;
  std::uint64_t timer_expiries = 0;
};

enum class ue_error : std::uint8_t {
  wrong_state,   ///< the procedure cannot start in the current 5GMM state
  usim_invalid,  ///< after Authentication Reject or a reject cause that invalidates the USIM
  suci_failed,   ///< the USIM could not conceal the SUPI (bad home network key)
  encode_failed,
  invalid_session,  ///< PDU session ID outside 1..15, or no such active session
  session_busy,     ///< the PDU session is already active or has a procedure running
  /// T3346 is running after a reject for congestion: no registration until it expires
  /// (TS 24.501 §5.5.1.2.7 c).
  backed_off,
};

/// One UE's NAS entity. Owns no I/O; all calls come from one loop thread.
class ue_nas {
 public:
  ue_nas(ue_nas_config config, usim& card, ue_nas_notifier& notifier, async::timer_service& timers);
  ~ue_nas();
  ue_nas(const ue_nas&) = delete;
  ue_nas& operator=(const ue_nas&) = delete;

  /// Starts registration (TS 24.501 §5.5.1.2 initial, §5.5.1.3 mobility/periodic
  /// updating). Initial registration identifies with the stored 5G-GUTI if there is one,
  /// else with a SUCI.
  [[nodiscard]] expected<void, ue_error> start_registration(
      std::uint8_t type = nas::registration_type::initial);
  /// Starts UE-initiated de-registration (§5.5.2.2); `switch_off` expects no accept.
  [[nodiscard]] expected<void, ue_error> start_deregistration(bool switch_off = false);

  /// Starts UE-requested PDU session establishment (TS 24.501 §6.4.1.2): UL NAS
  /// TRANSPORT carrying PDU SESSION ESTABLISHMENT REQUEST, T3580. The outcome is a
  /// session_event (established, rejected or failed).
  [[nodiscard]] expected<void, ue_error> start_pdu_session(const pdu_session_request& request);
  [[nodiscard]] expected<void, ue_error> start_pdu_session(
      std::uint8_t pdu_session_id, std::string dnn, std::optional<nas::s_nssai> s_nssai = {},
      nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4);
  /// Starts UE-requested PDU session modification (§6.4.2.2): MODIFICATION REQUEST, T3581.
  /// The outcome is a session_event (modified, modification_rejected or
  /// modification_failed).
  [[nodiscard]] expected<void, ue_error> request_modification(
      std::uint8_t pdu_session_id, const pdu_session_modification_request& request);
  /// Starts UE-requested PDU session release (§6.4.3.2): RELEASE REQUEST, T3582.
  [[nodiscard]] expected<void, ue_error> release_pdu_session(std::uint8_t pdu_session_id);
  /// The session with this ID if it is not inactive.
  [[nodiscard]] const pdu_session* session(std::uint8_t pdu_session_id) const;
  [[nodiscard]] const session_counters& session_stats() const { return session_counters_; }

  /// A downlink NAS PDU from the gNB (Downlink NAS Transport or Initial Context Setup).
  void handle_downlink_nas(byte_span pdu);
  /// The signalling connection was released (UE Context Release): the UE is CM-IDLE and
  /// its next NAS message starts a new connection.
  void handle_connection_released();

  /// Sends the last protected uplink PDU again unchanged (a replay the network must drop).
  void replay_last_uplink();
  /// Forgets the 5G-GUTI and NAS security context (a fresh UE, or a reset USIM).
  void forget_identity();

  [[nodiscard]] ue_faults& faults() { return faults_; }
  [[nodiscard]] gmm_state state() const { return state_; }
  [[nodiscard]] bool connected() const { return connected_; }
  /// T3346 is running: the network rejected registration for congestion, and the UE waits
  /// (and, with `register_after_back_off`, registers again when it expires).
  [[nodiscard]] bool backed_off() const;
  [[nodiscard]] const ue_counters& counters() const { return counters_; }
  [[nodiscard]] const std::optional<nas::guti_5g>& guti() const { return guti_; }
  [[nodiscard]] const std::optional<nas::tai_list>& tai_list() const { return tai_list_; }
  [[nodiscard]] const std::optional<nas::nssai>& allowed_nssai() const { return allowed_nssai_; }
  [[nodiscard]] std::optional<std::uint32_t> t3512_seconds() const { return t3512_; }
  /// Whether a NAS security context is in use (after a Security Mode Command was accepted).
  [[nodiscard]] bool security_active() const { return security_ != nullptr; }
  /// The selected algorithms of the current context.
  [[nodiscard]] std::optional<nas::security_algorithms> algorithms() const;
  /// KAMF of the current context (tests compare it with the network's).
  [[nodiscard]] std::optional<crypto::key256> kamf() const;
  [[nodiscard]] const usim& card() const { return usim_; }

 private:
  struct context;  // current NAS security context with its keys (ue_nas.cpp)
  enum class ue_timer : std::uint8_t { t3510, t3519, t3520, t3521, t3346, count };

  void set_state(gmm_state next);
  void send(const nas::gmm_message& message, bool protect);
  void send_bytes(std::vector<std::uint8_t> pdu);
  void send_status(nas::gmm_cause cause);
  void emit(ue_event_type type, std::optional<nas::gmm_cause> cause = std::nullopt);
  void start_timer(ue_timer t, std::chrono::milliseconds d);
  void stop_timer(ue_timer t);
  void on_timer(ue_timer t);
  void fail_registration(std::optional<nas::gmm_cause> cause);

  [[nodiscard]] nas::registration_request build_registration(bool full);
  [[nodiscard]] nas::mobile_identity own_identity();
  expected<void, ue_error> send_deregistration();

  void dispatch(const nas::gmm_message& message);
  void on_identity_request(const nas::identity_request& m);
  void on_authentication_request(const nas::authentication_request& m);
  void on_security_mode_command(const nas::security_mode_command& m, byte_span protected_pdu);
  void on_registration_accept(const nas::registration_accept& m);
  void on_registration_reject(const nas::registration_reject& m);
  void on_deregistration_request(const nas::deregistration_request_ue_terminated& m);
  void on_configuration_update(const nas::configuration_update_command& m);

  // 5GSM (ue_session.cpp, ue_session_downlink.cpp).
  struct session_slot {
    pdu_session data;
    std::optional<async::timer_id> timer;          ///< T3580, T3581 or T3582
    std::optional<nas::ul_nas_transport> pending;  ///< for retransmission
  };
  [[nodiscard]] session_slot* slot(std::uint8_t id);
  /// The session a UE-requested modification or release may start on: NAS security and
  /// the session active, no procedure of its own running (§6.4.2.2, §6.4.3.2).
  [[nodiscard]] expected<session_slot*, ue_error> active_session_slot(std::uint8_t id);
  [[nodiscard]] std::uint8_t next_pti();
  /// The UL NAS TRANSPORT carrying a 5GSM message (§8.2.10); nullopt if it does not encode.
  [[nodiscard]] static std::optional<nas::ul_nas_transport> sm_transport(
      std::uint8_t psi, std::uint8_t pti, nas::gsm_message body,
      std::optional<std::uint8_t> request_type = {});
  void send_gsm(std::uint8_t psi, std::uint8_t pti, nas::gsm_message body,
                std::optional<std::uint8_t> request_type = {});
  /// Sends a UE-requested procedure's transport, kept for retransmission, with `next` as
  /// the session's state and `timer` (T3580, T3581 or T3582) supervising the answer.
  void start_session_request(session_slot& s, std::uint8_t pti, nas::ul_nas_transport ul,
                             pdu_session_state next, std::chrono::milliseconds timer);
  void send_gsm_status(std::uint8_t psi, std::uint8_t pti, nas::gsm_cause cause);
  void start_session_timer(session_slot& s, std::chrono::milliseconds d);
  void stop_session_timer(session_slot& s);
  void on_session_timer(std::uint8_t id);
  void emit_session(session_event event);
  void release_session_locally(session_slot& s, std::optional<nas::gsm_cause> cause, bool report);
  /// Back to PDU SESSION ACTIVE after the UE's modification request ended.
  void end_modification_request(session_slot& s);
  void release_all_sessions_locally();
  void on_dl_nas_transport(const nas::dl_nas_transport& m);
  void dispatch_gsm(const nas::gsm_pdu& pdu);
  void on_establishment_accept(session_slot& s, std::uint8_t pti,
                               const nas::pdu_session_establishment_accept& m);
  void on_release_command(std::uint8_t psi, std::uint8_t pti,
                          const nas::pdu_session_release_command& m);
  void on_modification_command(session_slot& s, std::uint8_t pti,
                               const nas::pdu_session_modification_command& m);

  ue_nas_config config_;
  usim& usim_;
  ue_nas_notifier& notifier_;
  async::timer_service& timers_;
  std::string sn_name_;

  gmm_state state_ = gmm_state::deregistered;
  bool connected_ = false;
  bool usim_invalid_ = false;
  std::uint8_t registration_type_ = nas::registration_type::initial;
  bool dereg_switch_off_ = false;
  unsigned t3521_expiries_ = 0;
  bool reregister_pending_ = false;

  std::unique_ptr<context> security_;
  /// KAMF and ngKSI from a successful challenge, waiting for the Security Mode Command.
  std::unique_ptr<context> pending_;
  std::optional<crypto::suci> suci_;             ///< kept while T3519 runs (§5.5.1.2.2)
  std::vector<std::uint8_t> full_registration_;  ///< for the SMC Complete container (§4.4.6)
  bool initial_was_cleartext_ = false;
  std::vector<std::uint8_t> last_protected_uplink_;

  std::optional<nas::guti_5g> guti_;
  std::optional<nas::tai_list> tai_list_;
  std::optional<nas::nssai> allowed_nssai_;
  std::optional<std::uint32_t> t3512_;

  std::array<std::optional<async::timer_id>, static_cast<std::size_t>(ue_timer::count)>
      timer_ids_{};
  ue_faults faults_;
  ue_counters counters_;

  std::array<session_slot, 16> sessions_{};  ///< index = PDU session ID (0 unused)
  std::uint8_t last_pti_ = 0;
  session_counters session_counters_;
};

}  // namespace glasscore::sim
