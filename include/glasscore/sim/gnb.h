#pragma once
/// \file
/// The simulated gNB's NGAP side (TS 38.413): NG Setup, per-UE NGAP contexts with RAN UE
/// NGAP IDs from the full 32-bit space, NAS transport in both directions, Initial Context
/// Setup, UE Context Release, Error Indication, NG Reset, and PDU session resources (setup,
/// release, modify: TS 38.413 §8.2) whose tunnels are reported to a gnb_session_handler. Sans-I/O:
/// encoded NGAP PDUs leave through `gnb_notifier::on_ngap_send` with the SCTP stream to use
/// (TS 38.412 §7: stream 0 for non-UE-associated signalling, UE-associated signalling spread over
/// the other streams); received PDUs enter through `handle_ngap`. Any number of gnb objects may
/// live in one process, each with its own notifier (association).
///
/// The radio side is abstract: a UE is a `gnb_ue_link` that hands uplink NAS to the gNB
/// and receives downlink NAS and connection releases. Malformed or unexpected NGAP never
/// reaches an assert: it is counted and answered with Error Indication (TS 38.413 §10).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/ids.h"
#include "glasscore/sim/ue_nas.h"

namespace glasscore::sim {

struct gnb_slice {
  std::uint8_t sst = 1;
  std::optional<std::uint32_t> sd;
};

struct gnb_config {
  std::uint32_t gnb_id = 1;
  unsigned gnb_id_bits = 22;  ///< 22..32 (TS 38.413 §9.3.1.6)
  std::string name = "glasscore-gnb";
  std::string mcc = "001";
  std::string mnc = "01";
  std::uint32_t tac = 1;
  std::uint64_t nr_cell_id = 0x000000010;  ///< 36 bits
  std::vector<gnb_slice> slices{gnb_slice{}};
  /// Outbound SCTP streams of the association (TS 38.412 §7); with 1, everything uses 0.
  std::uint16_t streams = 2;
  /// First RAN UE NGAP ID handed out (IDs then increase, wrapping within 32 bits).
  std::uint32_t first_ran_ue_id = 1;
  /// The gNB's N3 (GTP-U) IPv4 address, given to the core as the downlink tunnel endpoint
  /// of every PDU session (TS 38.413 §9.3.4.2). The user plane binds it, port 2152.
  std::array<std::uint8_t, 4> n3_ipv4{127, 0, 0, 1};
  /// First downlink TEID handed out (TEIDs then increase, skipping 0 and TEIDs in use).
  std::uint32_t first_dl_teid = 1;
};

enum class gnb_state : std::uint8_t {
  idle,           ///< NG Setup not sent yet
  setup_pending,  ///< NG Setup Request sent
  waiting_retry,  ///< NG Setup Failure with Time to Wait: retrying when it expires
  ready,          ///< NG Setup Response received
  failed,         ///< NG Setup Failure without Time to Wait
};
[[nodiscard]] std::string_view to_string(gnb_state s);

/// Outbound interface: where encoded NGAP goes, and state changes a runtime reports.
class gnb_notifier {
 public:
  virtual ~gnb_notifier() = default;
  virtual void on_ngap_send(std::uint16_t stream, std::vector<std::uint8_t> pdu) = 0;
  virtual void on_gnb_state(gnb_state /*state*/) {}

 protected:
  gnb_notifier() = default;
  gnb_notifier(const gnb_notifier&) = default;
  gnb_notifier& operator=(const gnb_notifier&) = default;
};

/// The radio side of one UE as the gNB sees it (RRC and the air interface abstracted).
class gnb_ue_link {
 public:
  virtual ~gnb_ue_link() = default;
  virtual void on_downlink_nas(byte_span pdu) = 0;
  /// The gNB released the RRC connection (UE Context Release, NG Reset).
  virtual void on_rrc_release() = 0;

 protected:
  gnb_ue_link() = default;
  gnb_ue_link(const gnb_ue_link&) = default;
  gnb_ue_link& operator=(const gnb_ue_link&) = default;
};

/// The user-plane resources of one PDU session at the gNB (TS 38.413 §8.2.1): the UPF's
/// uplink tunnel from the setup request transfer and the gNB's own downlink tunnel.
struct gnb_pdu_session {
  std::uint8_t id = 0;  ///< PDU session ID (§9.3.1.50)
  std::array<std::uint8_t, 4> upf_ipv4{};
  std::uint32_t ul_teid = 0;
  std::uint32_t dl_teid = 0;
  std::vector<std::uint8_t> qfis;  ///< QoS flows set up, in the order of the request
  ngap::pdu_session_type type = ngap::pdu_session_type::ipv4;
  /// PDU Session Aggregate Maximum Bit Rate (§9.3.1.102), uplink and downlink in bit/s,
  /// from the setup request and later modify requests.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> ambr_ul_dl;
};

/// Where a gNB reports tunnels coming and going: the simulator's user plane
/// (user_plane.h) implements it. Calls come from the gNB's loop thread.
class gnb_session_handler {
 public:
  virtual ~gnb_session_handler() = default;
  virtual void on_session_setup(gnb_ue_link& ue, const gnb_pdu_session& session) = 0;
  virtual void on_session_released(gnb_ue_link& ue, const gnb_pdu_session& session) = 0;

 protected:
  gnb_session_handler() = default;
  gnb_session_handler(const gnb_session_handler&) = default;
  gnb_session_handler& operator=(const gnb_session_handler&) = default;
};

struct gnb_counters {
  std::uint64_t ng_setup_requests = 0;
  std::uint64_t ng_setup_failures = 0;
  std::uint64_t initial_ue_messages = 0;
  std::uint64_t uplink_nas = 0;
  std::uint64_t downlink_nas = 0;
  std::uint64_t context_setups = 0;
  std::uint64_t context_releases = 0;
  std::uint64_t ng_resets = 0;
  std::uint64_t amf_configuration_updates = 0;
  std::uint64_t error_indications_received = 0;
  std::uint64_t error_indications_sent = 0;
  std::uint64_t decode_errors = 0;   ///< undecodable or falsely constructed NGAP
  std::uint64_t unknown_ue = 0;      ///< UE-associated message for no known UE
  std::uint64_t unsupported = 0;     ///< procedures this gNB does not implement
  std::uint64_t uplink_refused = 0;  ///< uplink NAS the gNB could not forward
  std::uint64_t sessions_setup = 0;
  std::uint64_t sessions_failed = 0;  ///< listed as failed to set up (or to modify)
  std::uint64_t sessions_released = 0;
  std::uint64_t sessions_modified = 0;
};

/// What the gNB holds for one UE-associated logical NG connection.
struct gnb_ue_context {
  glasscore::ran_ue_ngap_id ran_id{};
  std::optional<glasscore::amf_ue_ngap_id> amf_id;
  std::uint16_t stream = 0;
  gnb_ue_link* link = nullptr;
  bool context_setup = false;  ///< Initial Context Setup done
  std::optional<std::array<std::uint8_t, 32>> kgnb;
  std::optional<ngap::ue_security_capabilities> security_capabilities;
  std::vector<gnb_pdu_session> sessions;
};

enum class gnb_error : std::uint8_t {
  not_ready,     ///< no NG Setup Response yet
  no_amf_ue_id,  ///< a non-initial uplink before the AMF assigned its UE NGAP ID
  id_space_exhausted,
  encode_failed,
};

class gnb {
 public:
  gnb(gnb_config config, gnb_notifier& notifier, async::timer_service& timers);
  ~gnb();
  gnb(const gnb&) = delete;
  gnb& operator=(const gnb&) = delete;

  /// Sends NG Setup Request (TS 38.413 §8.7.1) on stream 0.
  void start();
  /// An NGAP PDU received from the AMF on `stream`.
  void handle_ngap(std::uint16_t stream, byte_span pdu);
  /// The SCTP association went away: every UE context is released locally.
  void handle_association_lost();

  /// Uplink NAS from a UE: an Initial UE Message for a new connection, else Uplink NAS
  /// Transport on the UE's stream. Returns the RAN UE NGAP ID used.
  expected<glasscore::ran_ue_ngap_id, gnb_error> handle_uplink_nas(gnb_ue_link& ue,
                                                                   const uplink_nas& message);
  /// UE Context Release Request (TS 38.413 §8.3.2), as after user inactivity: the AMF
  /// answers with UE Context Release Command and the UE goes idle. False if the UE has no
  /// connection with an AMF UE NGAP ID.
  bool request_release(const gnb_ue_link& ue, const ngap::cause& cause);
  /// The UE object is going away: forget its context without signalling.
  void detach(gnb_ue_link& ue);
  /// Where tunnels are reported (the user plane); nullptr for none.
  void set_session_handler(gnb_session_handler* handler) { session_handler_ = handler; }

  [[nodiscard]] gnb_state state() const { return state_; }
  [[nodiscard]] const gnb_counters& counters() const { return counters_; }
  [[nodiscard]] const gnb_config& config() const { return config_; }
  [[nodiscard]] std::size_t ue_count() const { return ues_.size(); }
  [[nodiscard]] const gnb_ue_context* find(glasscore::ran_ue_ngap_id id) const;
  [[nodiscard]] const gnb_ue_context* find(const gnb_ue_link& ue) const;
  [[nodiscard]] const std::string& amf_name() const { return amf_name_; }
  /// Relative AMF Capacity from NG Setup Response or the last AMF Configuration Update.
  [[nodiscard]] std::uint8_t amf_capacity() const { return amf_capacity_; }

 private:
  void set_state(gnb_state next);
  void send(std::uint16_t stream, const ngap::ngap_pdu& pdu);
  void send_error_indication(std::optional<ngap::ue_ids> ids, const ngap::cause& c);
  [[nodiscard]] std::uint16_t stream_for(glasscore::ran_ue_ngap_id id) const;
  [[nodiscard]] gnb_ue_context* context_for(const ngap::ue_id_fields& ids);
  void release(gnb_ue_context& ue, bool notify_ue);

  void on_ng_setup_failure(const ngap::ng_setup_failure& m);
  void on_downlink_nas(const ngap::downlink_nas_transport& m);
  void on_initial_context_setup(const ngap::initial_context_setup_request& m);
  void on_ue_context_release(const ngap::ue_context_release_command& m);
  void on_ng_reset(const ngap::ng_reset& m);

  // PDU session resources (gnb_sessions.cpp, TS 38.413 §8.2).
  struct session_outcome {
    bool ok = false;
    std::vector<std::uint8_t> transfer;  ///< response or unsuccessful transfer
  };
  session_outcome setup_session(gnb_ue_context& ue, std::uint8_t id, byte_span request_transfer);
  void drop_sessions(gnb_ue_context& ue);
  [[nodiscard]] std::uint32_t allocate_dl_teid();
  [[nodiscard]] gnb_ue_context* session_context(std::uint64_t amf, std::uint32_t ran);
  void on_pdu_session_setup(const ngap::pdu_session_resource_setup_request& m);
  void on_pdu_session_release(const ngap::pdu_session_resource_release_command& m);
  void on_pdu_session_modify(const ngap::pdu_session_resource_modify_request& m);
  void setup_context_sessions(gnb_ue_context& ue, const ngap::initial_context_setup_request& m,
                              ngap::initial_context_setup_response& response,
                              std::vector<std::vector<std::uint8_t>>& nas);

  gnb_config config_;
  gnb_notifier& notifier_;
  async::timer_service& timers_;
  ngap::plmn_identity plmn_{};
  ngap::user_location_information location_{};
  gnb_state state_ = gnb_state::idle;
  std::string amf_name_;
  std::uint8_t amf_capacity_ = 0;
  std::optional<async::timer_id> retry_timer_;
  std::uint32_t next_ran_id_;
  std::unordered_map<std::uint32_t, gnb_ue_context> ues_;
  std::unordered_map<const gnb_ue_link*, std::uint32_t> by_link_;
  gnb_counters counters_;
  gnb_session_handler* session_handler_ = nullptr;
  std::uint32_t next_dl_teid_;
  std::unordered_map<std::uint32_t, std::uint32_t> dl_teids_;  ///< DL TEID -> RAN UE NGAP ID
};

}  // namespace glasscore::sim
