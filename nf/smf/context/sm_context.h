#pragma once
/// \file
/// The SMF's per-PDU-session state (TS 23.502 §4.3.2.2.1 "SM context"): who the session
/// belongs to, what was authorised for it, the UE's addresses, the N4 session at the UPF
/// and the gNB's end of the N3 tunnel. The registry finds a context by its SM context
/// reference (the last segment of the resource URI the AMF was given, TS 29.502 §6.1.3.3)
/// and by SUPI + PDU session ID.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/codec/nas/ies_5gsm.h"
#include "smf/context/ue_address_pool.h"

namespace glasscore::smf {

enum class sm_state : std::uint8_t {
  establishing,  ///< created, N1/N2 not yet answered by the gNB
  active,        ///< user plane up (downlink tunnel to the gNB known)
  inactive,      ///< user plane deactivated (UE idle, TS 23.502 §4.2.6)
  releasing,     ///< release command sent, waiting for the UE and the gNB
};
[[nodiscard]] std::string_view to_string(sm_state s);

/// An S-NSSAI as the SMF keeps it.
struct slice {
  std::uint8_t sst = 1;
  std::optional<std::uint32_t> sd;
  friend bool operator==(const slice&, const slice&) = default;
};

/// What the PCF (or local policy) authorised (TS 23.503 §6.4, session rule).
struct session_policy {
  std::uint64_t ambr_uplink_kbps = 0;
  std::uint64_t ambr_downlink_kbps = 0;
  std::uint8_t default_5qi = 9;
  std::uint8_t arp_priority = 8;
  std::string policy_id;  ///< the PCF's SM policy association; empty under local policy
};

/// An IPv4 address and TEID: one end of an N3 tunnel (TS 29.281).
struct tunnel_end {
  ipv4_address address{};
  std::uint32_t teid = 0;
  friend bool operator==(const tunnel_end&, const tunnel_end&) = default;
};

/// One N4 session (TS 29.244 §5.2.1): the UPF it is at and the two ends' SEIDs.
struct n4_leg {
  std::string upf;                ///< the UPF's name (config smf.upfs[].name)
  std::uint64_t local_seid = 0;   ///< ours (CP F-SEID)
  std::uint64_t remote_seid = 0;  ///< the UPF's
  friend bool operator==(const n4_leg&, const n4_leg&) = default;
};

/// The N4 sessions of this PDU session: at its PDU Session Anchor (the UPF with N6) and,
/// when one was inserted (TS 23.501 §5.6.4, TS 23.502 §4.3.2.2.1), at the intermediate UPF
/// the gNB's N3 tunnel ends at, linked to the PSA over N9.
struct up_session {
  std::string upf;                ///< the PSA's name (config smf.upfs[].name)
  std::uint64_t local_seid = 0;   ///< ours (CP F-SEID) at the PSA
  std::uint64_t remote_seid = 0;  ///< the PSA's
  /// The N3 F-TEID the gNB sends to, chosen by the UPF (CHOOSE): the I-UPF's if there is
  /// one, else the PSA's.
  tunnel_end uplink;
  /// IPv6 sessions: the SMF's N4-u TEID for the UE's Router Solicitations (0: none).
  std::uint32_t router_advertisement_teid = 0;
  std::optional<n4_leg> intermediate;  ///< the I-UPF's N4 session, if any

  [[nodiscard]] n4_leg anchor() const { return {upf, local_seid, remote_seid}; }
  /// Whether one of its N4 sessions is at `name`.
  [[nodiscard]] bool uses(const std::string& name) const {
    return upf == name || (intermediate && intermediate->upf == name);
  }
  /// The N4 leg whose CP SEID is `local_seid`, if this session has one.
  [[nodiscard]] std::optional<n4_leg> leg(std::uint64_t local) const;
};

/// What is left of `s` at the UPFs once `upf` lost its sessions (a restart, TS 29.244
/// §6.2.6): nothing, or the other UPF's leg alone, still to be deleted there.
[[nodiscard]] std::optional<up_session> without_upf(const up_session& s, const std::string& upf);

/// Where the UE is, from the NrLocation of the AMF's ueLocation (TS 29.502 §6.1.6.2.2,
/// TS 29.571 §5.4.4.9): the TAI and the NR cell.
struct ue_location {
  std::string mcc;
  std::string mnc;
  std::uint32_t tac = 0;   ///< 24 bits (TS 23.003 §19.4.2.3)
  std::string nr_cell_id;  ///< 9 hex digits (TS 29.571 Ncgi)
};

/// Default QoS flow of every session (TS 23.501 §5.7.1.1: QFI of the default rule).
inline constexpr std::uint8_t default_qfi = 1;

/// A PDU session modification waiting for the UE (TS 24.501 §6.3.2.2, §6.4.2.3): the
/// command sent, kept for T3591 retransmissions.
struct sm_modification {
  std::uint8_t pti = 0;               ///< 0 when network-requested, else the UE's
  std::vector<std::uint8_t> command;  ///< the encoded PDU SESSION MODIFICATION COMMAND
  unsigned expiries = 0;              ///< of T3591
  std::optional<async::timer_id> t3591;
};

struct sm_context {
  std::string ref;
  std::string supi;
  std::uint8_t pdu_session_id = 0;
  std::uint8_t pti = 0;  ///< of the procedure in progress (TS 24.501 §6.1.3)
  std::string dnn;
  ::glasscore::smf::slice slice;
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;
  /// #50/#51 when the type granted is not the one asked for (sent in the accept).
  std::optional<nas::gsm_cause> type_cause;
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_prefix64> ipv6_prefix;
  std::array<std::uint8_t, 8> ipv6_interface_id{};  ///< the UE's, given in the PDU address
  session_policy policy;
  std::optional<ue_location> location;  ///< at the establishment, if the AMF gave it
  std::optional<up_session> n4;
  std::optional<tunnel_end> downlink;  ///< the gNB's N3 end, once the gNB answered
  std::string amf_api_root;            ///< "http://127.0.0.5:7777" for N1N2MessageTransfer
  std::string status_uri;              ///< smContextStatusUri of the AMF
  sm_state state = sm_state::establishing;
  std::optional<sm_modification> modification;  ///< in progress, if any
  /// A policy change the UE has not been told (it was unreachable or the session not yet
  /// active): the command goes when the gNB next sets the session up (TS 23.502 §4.3.3.2).
  bool modification_pending = false;
  bool removed = false;  ///< set when the context is removed; procedures stop at their next step
};

class sm_context_registry {
 public:
  /// A new context with a fresh reference; nullptr if SUPI + PDU session ID is taken.
  std::shared_ptr<sm_context> create(const std::string& supi, std::uint8_t pdu_session_id);
  [[nodiscard]] std::shared_ptr<sm_context> find(const std::string& ref) const;
  [[nodiscard]] std::shared_ptr<sm_context> find(const std::string& supi,
                                                 std::uint8_t pdu_session_id) const;
  void remove(sm_context& c);
  [[nodiscard]] std::size_t size() const { return by_ref_.size(); }
  [[nodiscard]] std::vector<std::shared_ptr<sm_context>> all() const;

 private:
  std::uint64_t next_ref_ = 1;
  std::unordered_map<std::string, std::shared_ptr<sm_context>> by_ref_;
  std::map<std::pair<std::string, std::uint8_t>, std::string> by_session_;
};

}  // namespace glasscore::smf
