#pragma once
/// \file
/// The simulated UE's 5GSM side (TS 24.501 §6.4): what a driver asks for when it starts a
/// PDU session, what the UE stores about each session, and the session events it reports.
/// The procedures themselves are members of `ue_nas` (ue_nas.h), implemented in
/// sim/ue/ue_session*.cpp, because 5GSM messages travel inside 5GMM UL/DL NAS TRANSPORT
/// (§8.2.10, §8.2.11) under the 5GMM entity's NAS security context.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/ies_5gsm.h"
#include "glasscore/codec/nas/ies_5gsm_qos.h"
#include "glasscore/codec/nas/ies_common.h"

namespace glasscore::sim {

/// What `ue_nas::start_pdu_session` asks the network for (§6.4.1.2).
struct pdu_session_request {
  std::uint8_t id = 1;  ///< PDU session identity, 1..15 (§9.4)
  std::string dnn = "internet";
  std::optional<nas::s_nssai> s_nssai;
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;
};

/// §6.1.3.2.1 PDU session states in the UE.
enum class pdu_session_state : std::uint8_t {
  inactive,
  active_pending,        ///< ESTABLISHMENT REQUEST sent, T3580 running
  active,                ///< ESTABLISHMENT ACCEPT received
  inactive_pending,      ///< RELEASE REQUEST sent, T3582 running
  modification_pending,  ///< MODIFICATION REQUEST sent, T3581 running
};
[[nodiscard]] std::string_view to_string(pdu_session_state s);

/// What `ue_nas::request_modification` asks for (§6.4.2.2, §8.3.7): the QoS the UE wants
/// (nullopt: no change asked) and the optional IEs this UE can send.
struct pdu_session_modification_request {
  std::optional<nas::qos_rules> qos_rules;
  std::optional<nas::qos_flow_descriptions> qos_flows;
  bool always_on = false;  ///< Always-on PDU session requested (§9.11.4.4)
  std::optional<std::uint16_t> max_packet_filters;  ///< §9.11.4.9
};

/// What the UE holds about one PDU session, filled from the ESTABLISHMENT ACCEPT and later
/// MODIFICATION COMMANDs (§6.4.1.3, §6.4.2.3).
struct pdu_session {
  std::uint8_t id = 0;
  std::uint8_t pti = 0;  ///< PTI of the UE-requested procedure in progress (0 = none)
  pdu_session_state state = pdu_session_state::inactive;
  pdu_session_request request;
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;  ///< selected
  std::optional<std::array<std::uint8_t, 4>> ipv4;
  std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id;
  std::vector<nas::qos_rule> qos_rules;
  std::vector<nas::qos_flow_description> qos_flows;
  nas::session_ambr ambr{};
  std::vector<std::array<std::uint8_t, 4>> dns_ipv4;
  std::vector<std::array<std::uint8_t, 16>> dns_ipv6;
  std::optional<std::uint16_t> mtu;  ///< IPv4 link MTU from the ePCO
  bool always_on = false;            ///< the network's Always-on PDU session indication
  unsigned retransmissions = 0;      ///< of the pending request (T3580 / T3581 / T3582 expiries)
  /// The QFI of the default QoS rule (§9.11.4.13 DQR), the flow uplink traffic goes on.
  [[nodiscard]] std::optional<std::uint8_t> default_qfi() const;
};

/// Outcomes of the 5GSM procedures. Each UE-requested procedure ends in exactly one.
enum class session_event_type : std::uint8_t {
  established,       ///< ESTABLISHMENT ACCEPT processed (addresses set)
  rejected,          ///< ESTABLISHMENT REJECT (gsm_cause set)
  failed,            ///< T3580 gave up, or DL NAS TRANSPORT with a 5GMM cause (gmm_cause)
  released,          ///< released by either side, or locally (gsm_cause if the network gave one)
  release_rejected,  ///< RELEASE REJECT: the session stays active (gsm_cause set)
  modified,          ///< MODIFICATION COMMAND applied and completed
  modification_rejected,  ///< MODIFICATION REJECT: the session stays as it was (gsm_cause set)
  modification_failed,    ///< T3581 gave up, or the AMF could not forward the request
};
[[nodiscard]] std::string_view to_string(session_event_type t);

struct session_event {
  session_event_type type = session_event_type::established;
  std::uint8_t pdu_session_id = 0;
  std::optional<nas::gsm_cause> gsm_cause;
  std::optional<nas::gmm_cause> gmm_cause;
  std::optional<std::array<std::uint8_t, 4>> ipv4;
  std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id;
};

/// What the UE's 5GSM side saw go wrong, for the driver's report.
struct session_counters {
  std::uint64_t gsm_decode_errors = 0;     ///< answered with 5GSM STATUS
  std::uint64_t gsm_unexpected = 0;        ///< no matching procedure: 5GSM STATUS
  std::uint64_t gsm_status_received = 0;   ///< 5GSM STATUS from the network
  std::uint64_t gsm_status_sent = 0;       ///< every 5GSM STATUS the UE sent
  std::uint64_t not_forwarded = 0;         ///< DL NAS TRANSPORT with a 5GMM cause
  std::uint64_t dl_transport_dropped = 0;  ///< not N1 SM, or no PDU session ID
  std::uint64_t retransmissions = 0;       ///< T3580 / T3582 expiries that resent
};

}  // namespace glasscore::sim
