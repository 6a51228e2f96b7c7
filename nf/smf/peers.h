#pragma once
/// \file
/// What the SMF's procedures ask of other network functions, as interfaces (DESIGN.md §4,
/// dependency injection): the UDM's session management subscription (Nudm_SDM, TS 29.503),
/// the PCF's SM policy (Npcf_SMPolicyControl, TS 29.512), the UPF's N4 sessions (PFCP,
/// TS 29.244) and the AMF's N1N2MessageTransfer and SM context status callback
/// (TS 29.518, TS 29.502 §5.2.2.5). The runtime implements them over the SBI and PFCP;
/// tests use fakes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/async/task.h"
#include "glasscore/core/expected.h"
#include "smf/context/sm_context.h"

namespace glasscore::smf {

/// How a request to a peer failed, as far as the SMF's answer goes.
enum class peer_error : std::uint8_t {
  not_found,    ///< no such subscriber / context
  rejected,     ///< the peer refused (403 and the like)
  unavailable,  ///< no answer, 5xx, malformed answer, no peer to ask
};
[[nodiscard]] std::string_view to_string(peer_error e);

/// One DnnConfiguration of the UE's sm-data for the requested S-NSSAI (TS 29.503
/// §6.1.6.2.9), reduced to what the SMF checks.
struct dnn_subscription {
  std::vector<nas::pdu_session_type_value> allowed_types;
  nas::pdu_session_type_value default_type = nas::pdu_session_type_value::ipv4;
  std::vector<std::uint8_t> allowed_ssc_modes{1};
  std::uint64_t ambr_uplink_kbps = 0;
  std::uint64_t ambr_downlink_kbps = 0;
  std::uint8_t default_5qi = 9;
  std::uint8_t arp_priority = 8;
};

class subscription_source {
 public:
  virtual ~subscription_source() = default;
  /// The DNN's subscription in the slice; nullopt if the DNN is not subscribed there.
  virtual async::task<expected<std::optional<dnn_subscription>, peer_error>> session_subscription(
      std::string supi, slice s, std::string dnn) = 0;
};

/// What the SMF tells the PCF when it asks for a policy (SmPolicyContextData).
struct policy_request {
  std::string sm_context_ref;  ///< names the session in the notificationUri (TS 29.512 §4.2.3)
  std::string supi;
  std::uint8_t pdu_session_id = 0;
  std::string dnn;
  slice s;
  nas::pdu_session_type_value type = nas::pdu_session_type_value::ipv4;
  std::optional<ipv4_address> ipv4;
  dnn_subscription subscribed;
};

class policy_control {
 public:
  virtual ~policy_control() = default;
  virtual async::task<expected<session_policy, peer_error>> create_policy(policy_request r) = 0;
  virtual async::task<expected<void, peer_error>> delete_policy(std::string policy_id) = 0;
};

/// The N4 session the SMF asks a UPF for (TS 29.244 §7.5.2): uplink from the access side
/// to the data network, downlink by UE address towards the gNB once its tunnel is known.
struct up_session_request {
  std::uint64_t local_seid = 0;
  std::string dnn;  ///< the Network Instance of the N6 side
  std::optional<ipv4_address> ue_ipv4;
  std::optional<ipv6_prefix64> ue_ipv6_prefix;
  /// The UE's IPv6 interface identifier (PDU address): the SMF's link-local address in its
  /// Router Advertisements must differ from it (TS 23.501 §5.8.2.2.2).
  std::array<std::uint8_t, 8> ue_ipv6_interface_id{};
  std::uint8_t qfi = default_qfi;
  std::uint64_t ambr_uplink_kbps = 0;  ///< the session QER's MBR
  std::uint64_t ambr_downlink_kbps = 0;
  /// The I-UPF to insert before the PSA (N3 ends there, N9 to the PSA), with our CP SEID
  /// of its N4 session.
  std::optional<std::string> intermediate_upf;
  std::uint64_t intermediate_seid = 0;
};

/// The UPFs of a new session (TS 23.501 §6.3.3): its PSA and, when the PSA does not serve
/// the UE's tracking area and another UPF does, that one as I-UPF.
struct upf_selection {
  std::string anchor;
  std::optional<std::string> intermediate;
  friend bool operator==(const upf_selection&, const upf_selection&) = default;
};

/// Usage counted by the UPF for the session (a PFCP Usage Report's Volume Measurement).
struct usage {
  std::uint64_t uplink_octets = 0;
  std::uint64_t downlink_octets = 0;
};

class user_plane {
 public:
  virtual ~user_plane() = default;
  /// The UPFs with their association up for a session on `dnn` in slice `s` of a UE in
  /// tracking area `tac` (unknown: nullopt), or nullopt when no PSA serves the DNN and
  /// slice (TS 23.501 §6.3.3).
  [[nodiscard]] virtual std::optional<upf_selection> select_upfs(
      const std::string& dnn, const slice& s, std::optional<std::uint32_t> tac) const = 0;
  /// PFCP Session Establishment at the PSA `upf` (and at `r.intermediate_upf`, linked over
  /// N9); the answer holds the UPFs' SEIDs and the N3 F-TEID.
  virtual async::task<expected<up_session, peer_error>> establish(std::string upf,
                                                                  up_session_request r) = 0;
  /// PFCP Session Modification where the N3 tunnel ends (the I-UPF if any): forward
  /// downlink to `gnb` (or buffer when nullopt, the user plane deactivated, TS 23.502
  /// §4.2.6).
  virtual async::task<expected<void, peer_error>> set_downlink(up_session s,
                                                               std::optional<tunnel_end> gnb) = 0;
  /// PFCP Session Modification at the PSA, which holds the session-AMBR: the session QER's
  /// MBR becomes the new session-AMBR (TS 29.244 §7.5.4.5 Update QER; TS 23.502 §4.3.3.2
  /// step 2a-2b).
  virtual async::task<expected<void, peer_error>> set_session_ambr(
      up_session s, std::uint64_t ambr_uplink_kbps, std::uint64_t ambr_downlink_kbps) = 0;
  /// PFCP Session Deletion at every UPF of the session, with the PSA's final usage.
  virtual async::task<expected<usage, peer_error>> release(up_session s) = 0;
};

/// N2 SM information as the AMF relays it (TS 29.502 N2SmInfoType).
struct n2_sm_message {
  std::string type;  ///< "PDU_RES_SETUP_REQ", "PDU_RES_REL_CMD", ...
  std::vector<std::uint8_t> transfer;
};

class amf_link {
 public:
  virtual ~amf_link() = default;
  /// Namf_Communication_N1N2MessageTransfer (TS 29.518 §5.2.2.3.1).
  virtual async::task<expected<void, peer_error>> n1n2_transfer(
      std::string amf_api_root, std::string supi, std::uint8_t pdu_session_id,
      std::optional<std::vector<std::uint8_t>> n1, std::optional<n2_sm_message> n2) = 0;
  /// Nsmf_PDUSession_SMContextStatusNotify (TS 29.502 §5.2.2.5) with "RELEASED".
  virtual async::task<expected<void, peer_error>> notify_released(std::string status_uri) = 0;
};

}  // namespace glasscore::smf
