#pragma once
/// \file
/// PFCP messages (TS 29.244 V17 §7.3-§7.5) as plain structs, and the codec entry points.
/// `decode_message` reads one message (header §7.2.2 and IEs); on failure it says which
/// Cause and Offending IE the receiver answers with (§7.6) and whether an answer is
/// possible at all. `encode` writes a message; it never fails for a well-formed struct.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "glasscore/codec/pfcp/grouped_ies.h"
#include "glasscore/codec/pfcp/ies.h"
#include "glasscore/core/expected.h"

namespace glasscore::pfcp {

/// §7.3 Table 7.3-1 message types.
enum class message_type : std::uint8_t {
  heartbeat_request = 1,
  heartbeat_response = 2,
  association_setup_request = 5,
  association_setup_response = 6,
  association_update_request = 7,
  association_update_response = 8,
  association_release_request = 9,
  association_release_response = 10,
  version_not_supported_response = 11,
  node_report_request = 12,
  node_report_response = 13,
  session_establishment_request = 50,
  session_establishment_response = 51,
  session_modification_request = 52,
  session_modification_response = 53,
  session_deletion_request = 54,
  session_deletion_response = 55,
  session_report_request = 56,
  session_report_response = 57,
};

[[nodiscard]] std::string_view to_string(message_type t);
/// Whether `t` is a request (odd numbers in both ranges of Table 7.3-1 are requests).
[[nodiscard]] bool is_request(std::uint8_t t);
/// Session messages (§7.5) carry a SEID; node messages (§7.4) do not.
[[nodiscard]] constexpr bool is_session_message(std::uint8_t t) {
  return t >= 50;
}
/// The response type answering request `t`, if this codec knows `t`.
[[nodiscard]] std::optional<message_type> response_type_for(std::uint8_t t);

/// §7.2.2 PFCP header.
struct header {
  std::uint8_t version = 1;
  bool follow_on = false;                ///< FO: another message follows in the datagram
  std::optional<std::uint8_t> priority;  ///< MP flag and message priority (4 bits)
  std::uint8_t type = 0;                 ///< message_type, raw so unknown types survive
  std::optional<std::uint64_t> seid;     ///< S flag and SEID (session messages)
  std::uint32_t sequence = 0;            ///< 24 bits
  bool operator==(const header&) const = default;
};

// --- §7.4 node messages -------------------------------------------------------------

struct heartbeat_request {  ///< §7.4.2.1
  static constexpr message_type type = message_type::heartbeat_request;
  std::uint32_t recovery_time_stamp = 0;
  std::optional<octets> source_ip_address;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const heartbeat_request&) const = default;
};
struct heartbeat_response {  ///< §7.4.2.2
  static constexpr message_type type = message_type::heartbeat_response;
  std::uint32_t recovery_time_stamp = 0;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const heartbeat_response&) const = default;
};
struct association_setup_request {  ///< §7.4.4.1
  static constexpr message_type type = message_type::association_setup_request;
  node_id node;
  std::uint32_t recovery_time_stamp = 0;
  std::optional<flag_octets> up_function_features;
  std::optional<flag_octets> cp_function_features;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_setup_request&) const = default;
};
struct association_setup_response {  ///< §7.4.4.2
  static constexpr message_type type = message_type::association_setup_response;
  node_id node;
  cause_value cause = cause_value::request_accepted;
  std::uint32_t recovery_time_stamp = 0;
  std::optional<flag_octets> up_function_features;
  std::optional<flag_octets> cp_function_features;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_setup_response&) const = default;
};
struct association_update_request {  ///< §7.4.4.3
  static constexpr message_type type = message_type::association_update_request;
  node_id node;
  std::optional<flag_octets> up_function_features;
  std::optional<flag_octets> cp_function_features;
  std::optional<std::uint8_t> association_release_request;  ///< §8.2.77 SARR bit 1
  std::optional<std::uint8_t> graceful_release_period;      ///< §8.2.78 timer
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_update_request&) const = default;
};
struct association_update_response {  ///< §7.4.4.4
  static constexpr message_type type = message_type::association_update_response;
  node_id node;
  cause_value cause = cause_value::request_accepted;
  std::optional<flag_octets> up_function_features;
  std::optional<flag_octets> cp_function_features;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_update_response&) const = default;
};
struct association_release_request {  ///< §7.4.4.5
  static constexpr message_type type = message_type::association_release_request;
  node_id node;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_release_request&) const = default;
};
struct association_release_response {  ///< §7.4.4.6
  static constexpr message_type type = message_type::association_release_response;
  node_id node;
  cause_value cause = cause_value::request_accepted;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const association_release_response&) const = default;
};
struct version_not_supported_response {  ///< §7.4.4.7: header only
  static constexpr message_type type = message_type::version_not_supported_response;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const version_not_supported_response&) const = default;
};
struct node_report_request {  ///< §7.4.5.1
  static constexpr message_type type = message_type::node_report_request;
  node_id node;
  flag_octets node_report_type;  ///< §8.2.69 UPFR bit 1: user plane path failure
  std::optional<user_plane_path_failure_report> path_failure_report;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const node_report_request&) const = default;
};
struct node_report_response {  ///< §7.4.5.2
  static constexpr message_type type = message_type::node_report_response;
  node_id node;
  cause_value cause = cause_value::request_accepted;
  std::optional<std::uint16_t> offending_ie;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const node_report_response&) const = default;
};

// --- §7.5 session messages ----------------------------------------------------------

struct session_establishment_request {  ///< §7.5.2
  static constexpr message_type type = message_type::session_establishment_request;
  node_id node;
  f_seid cp_f_seid;
  std::vector<create_pdr> create_pdrs;  ///< at least one
  std::vector<create_far> create_fars;  ///< at least one
  std::vector<create_urr> create_urrs;
  std::vector<create_qer> create_qers;
  std::optional<create_bar> create_bar_ie;
  std::optional<std::uint8_t>
      pdn_type;  ///< §8.2.79: 1 IPv4, 2 IPv6, 3 IPv4v6, 4 non-IP, 5 Ethernet
  std::optional<octets> user_id;
  std::optional<octets> apn_dnn;
  std::optional<octets> s_nssai;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_establishment_request&) const = default;
};
struct session_establishment_response {  ///< §7.5.3
  static constexpr message_type type = message_type::session_establishment_response;
  node_id node;
  cause_value cause = cause_value::request_accepted;
  std::optional<std::uint16_t> offending_ie;
  std::optional<f_seid> up_f_seid;
  std::vector<created_pdr> created_pdrs;
  std::optional<failed_rule_id> failed_rule;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_establishment_response&) const = default;
};
struct session_modification_request {  ///< §7.5.4
  static constexpr message_type type = message_type::session_modification_request;
  std::optional<f_seid> cp_f_seid;
  std::vector<remove_pdr> remove_pdrs;
  std::vector<remove_far> remove_fars;
  std::vector<remove_urr> remove_urrs;
  std::vector<remove_qer> remove_qers;
  std::optional<remove_bar> remove_bar_ie;
  std::vector<create_pdr> create_pdrs;
  std::vector<create_far> create_fars;
  std::vector<create_urr> create_urrs;
  std::vector<create_qer> create_qers;
  std::optional<create_bar> create_bar_ie;
  std::vector<update_pdr> update_pdrs;
  std::vector<update_far> update_fars;
  std::vector<update_urr> update_urrs;
  std::vector<update_qer> update_qers;
  std::optional<update_bar> update_bar_ie;
  std::optional<std::uint8_t> flags;  ///< §8.2.31 PFCPSMReq-Flags
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_modification_request&) const = default;
};
struct session_modification_response {  ///< §7.5.5
  static constexpr message_type type = message_type::session_modification_response;
  cause_value cause = cause_value::request_accepted;
  std::optional<std::uint16_t> offending_ie;
  std::vector<created_pdr> created_pdrs;
  std::vector<usage_report> usage_reports;  ///< IE type 78
  std::optional<failed_rule_id> failed_rule;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_modification_response&) const = default;
};
struct session_deletion_request {  ///< §7.5.6: header only in 5GC
  static constexpr message_type type = message_type::session_deletion_request;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_deletion_request&) const = default;
};
struct session_deletion_response {  ///< §7.5.7
  static constexpr message_type type = message_type::session_deletion_response;
  cause_value cause = cause_value::request_accepted;
  std::optional<std::uint16_t> offending_ie;
  std::vector<usage_report> usage_reports;  ///< IE type 79
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_deletion_response&) const = default;
};
struct session_report_request {  ///< §7.5.8
  static constexpr message_type type = message_type::session_report_request;
  std::uint8_t report_type = 0;  ///< §8.2.21 DLDR 1, USAR 2, ERIR 4, UPIR 8
  std::optional<downlink_data_report> downlink_data;
  std::vector<usage_report> usage_reports;  ///< IE type 80
  std::optional<error_indication_report> error_indication;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_report_request&) const = default;
};
struct session_report_response {  ///< §7.5.9
  static constexpr message_type type = message_type::session_report_response;
  cause_value cause = cause_value::request_accepted;
  std::optional<std::uint16_t> offending_ie;
  std::optional<update_bar_report_response> update_bar_ie;
  std::optional<std::uint8_t> flags;  ///< §8.2.32 PFCPSRRsp-Flags
  std::vector<raw_ie> unknown_ies;
  bool operator==(const session_report_response&) const = default;
};

using message_body = std::variant<
    heartbeat_request, heartbeat_response, association_setup_request, association_setup_response,
    association_update_request, association_update_response, association_release_request,
    association_release_response, version_not_supported_response, node_report_request,
    node_report_response, session_establishment_request, session_establishment_response,
    session_modification_request, session_modification_response, session_deletion_request,
    session_deletion_response, session_report_request, session_report_response>;

/// One PFCP message. `hdr.type` is set from `body` by encode().
struct message {
  header hdr;
  message_body body;
  bool operator==(const message&) const = default;
};

/// Why a datagram did not decode, and what the receiver does about it (§7.6).
struct decode_failure {
  enum class action : std::uint8_t {
    drop,                   ///< too short for a header, unknown or response type: discard
    version_not_supported,  ///< §7.6.2: answer with Version Not Supported Response
    reject,                 ///< a request: answer with `cause` (+ `offending_ie`)
  };
  action what = action::drop;
  cause_value cause = cause_value::request_rejected;
  std::optional<std::uint16_t> offending_ie;
  /// The header, when it could be read (its sequence number and SEID address the answer).
  std::optional<header> hdr;
  /// For a Session Establishment Request: the CP F-SEID's SEID if it could be read, which
  /// the response header carries (§7.2.2.4.2; 0 otherwise).
  std::optional<std::uint64_t> cp_seid;
  bool operator==(const decode_failure&) const = default;
};

/// Reads the header only (§7.2.2), e.g. to match a response to its request.
[[nodiscard]] expected<header, decode_failure> decode_header(std::span<const std::uint8_t> pdu);
/// Decodes one PFCP message (the first one if FO bundles several).
[[nodiscard]] expected<message, decode_failure> decode_message(std::span<const std::uint8_t> pdu);
/// Encodes `m`; the header's type, length and S flag come from the body.
[[nodiscard]] std::vector<std::uint8_t> encode(const message& m);

/// The response rejecting request `req_hdr` with `cause` (and `offending_ie`), with the
/// mandatory IEs the responder supplies (`own_node`, `recovery_time_stamp`): what a
/// receiver sends for a request it cannot accept (§7.6, §7.2.3.2). `response_seid` is the
/// peer's SEID for session messages (0 when unknown, §7.2.2.4.2). Nullopt if `req_hdr`
/// is not a request type this codec knows.
[[nodiscard]] std::optional<message> make_rejection(const header& req_hdr, cause_value cause,
                                                    std::optional<std::uint16_t> offending_ie,
                                                    const node_id& own_node,
                                                    std::uint32_t recovery_time_stamp,
                                                    std::uint64_t response_seid = 0);

/// Node ID helpers.
[[nodiscard]] node_id node_id_ipv4(ipv4_address a);

}  // namespace glasscore::pfcp
