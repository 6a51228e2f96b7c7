#pragma once
/// \file
/// PFCP information elements (TS 29.244 V17 §8.1, §8.2) as plain values. Leaf IEs are small
/// structs or integers; grouped IEs (§8.2, "Grouped IE" tables of §7.4/§7.5) are structs of
/// optional members listed in the order of their 3GPP table, which is also the order this
/// codec writes them in. Every grouped struct keeps the IEs it did not know
/// (`unknown_ies`), so a decoded message re-encodes to the bytes it came from.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace glasscore::pfcp {

using ipv4_address = std::array<std::uint8_t, 4>;
using ipv6_address = std::array<std::uint8_t, 16>;
/// An octet string IE this codec carries without interpreting (APN/DNN, User ID, ...).
using octets = std::vector<std::uint8_t>;

/// IE type values, TS 29.244 Table 8.1.2-1 (those this codec names).
namespace ie_type {
inline constexpr std::uint16_t create_pdr = 1;
inline constexpr std::uint16_t pdi = 2;
inline constexpr std::uint16_t create_far = 3;
inline constexpr std::uint16_t forwarding_parameters = 4;
inline constexpr std::uint16_t create_urr = 6;
inline constexpr std::uint16_t create_qer = 7;
inline constexpr std::uint16_t created_pdr = 8;
inline constexpr std::uint16_t update_pdr = 9;
inline constexpr std::uint16_t update_far = 10;
inline constexpr std::uint16_t update_forwarding_parameters = 11;
inline constexpr std::uint16_t update_bar_report_response = 12;
inline constexpr std::uint16_t update_urr = 13;
inline constexpr std::uint16_t update_qer = 14;
inline constexpr std::uint16_t remove_pdr = 15;
inline constexpr std::uint16_t remove_far = 16;
inline constexpr std::uint16_t remove_urr = 17;
inline constexpr std::uint16_t remove_qer = 18;
inline constexpr std::uint16_t cause = 19;
inline constexpr std::uint16_t source_interface = 20;
inline constexpr std::uint16_t f_teid = 21;
inline constexpr std::uint16_t network_instance = 22;
inline constexpr std::uint16_t sdf_filter = 23;
inline constexpr std::uint16_t application_id = 24;
inline constexpr std::uint16_t gate_status = 25;
inline constexpr std::uint16_t mbr = 26;
inline constexpr std::uint16_t gbr = 27;
inline constexpr std::uint16_t qer_correlation_id = 28;
inline constexpr std::uint16_t precedence = 29;
inline constexpr std::uint16_t volume_threshold = 31;
inline constexpr std::uint16_t time_threshold = 32;
inline constexpr std::uint16_t reporting_triggers = 37;
inline constexpr std::uint16_t report_type = 39;
inline constexpr std::uint16_t offending_ie = 40;
inline constexpr std::uint16_t destination_interface = 42;
inline constexpr std::uint16_t up_function_features = 43;
inline constexpr std::uint16_t apply_action = 44;
inline constexpr std::uint16_t downlink_data_service_information = 45;
inline constexpr std::uint16_t downlink_data_notification_delay = 46;
inline constexpr std::uint16_t dl_buffering_duration = 47;
inline constexpr std::uint16_t dl_buffering_suggested_packet_count = 48;
inline constexpr std::uint16_t pfcpsmreq_flags = 49;
inline constexpr std::uint16_t pfcpsrrsp_flags = 50;
inline constexpr std::uint16_t pdr_id = 56;
inline constexpr std::uint16_t f_seid = 57;
inline constexpr std::uint16_t node_id = 60;
inline constexpr std::uint16_t measurement_method = 62;
inline constexpr std::uint16_t usage_report_trigger = 63;
inline constexpr std::uint16_t measurement_period = 64;
inline constexpr std::uint16_t volume_measurement = 66;
inline constexpr std::uint16_t duration_measurement = 67;
inline constexpr std::uint16_t time_of_first_packet = 69;
inline constexpr std::uint16_t time_of_last_packet = 70;
inline constexpr std::uint16_t start_time = 75;
inline constexpr std::uint16_t end_time = 76;
inline constexpr std::uint16_t usage_report_modification_response = 78;
inline constexpr std::uint16_t usage_report_deletion_response = 79;
inline constexpr std::uint16_t usage_report_report_request = 80;
inline constexpr std::uint16_t urr_id = 81;
inline constexpr std::uint16_t downlink_data_report = 83;
inline constexpr std::uint16_t outer_header_creation = 84;
inline constexpr std::uint16_t create_bar = 85;
inline constexpr std::uint16_t update_bar = 86;
inline constexpr std::uint16_t remove_bar = 87;
inline constexpr std::uint16_t bar_id = 88;
inline constexpr std::uint16_t cp_function_features = 89;
inline constexpr std::uint16_t ue_ip_address = 93;
inline constexpr std::uint16_t outer_header_removal = 95;
inline constexpr std::uint16_t recovery_time_stamp = 96;
inline constexpr std::uint16_t error_indication_report = 99;
inline constexpr std::uint16_t node_report_type = 101;
inline constexpr std::uint16_t user_plane_path_failure_report = 102;
inline constexpr std::uint16_t remote_gtpu_peer = 103;
inline constexpr std::uint16_t ur_seqn = 104;
inline constexpr std::uint16_t far_id = 108;
inline constexpr std::uint16_t qer_id = 109;
inline constexpr std::uint16_t association_release_request = 111;
inline constexpr std::uint16_t graceful_release_period = 112;
inline constexpr std::uint16_t pdn_type = 113;
inline constexpr std::uint16_t failed_rule_id = 114;
inline constexpr std::uint16_t user_plane_inactivity_timer = 117;
inline constexpr std::uint16_t qfi = 124;
inline constexpr std::uint16_t user_id = 141;
inline constexpr std::uint16_t suggested_buffering_packets_count = 140;
inline constexpr std::uint16_t apn_dnn = 159;
inline constexpr std::uint16_t interface_type = 160;  ///< "3GPP Interface Type"
inline constexpr std::uint16_t source_ip_address = 192;
inline constexpr std::uint16_t s_nssai = 257;
}  // namespace ie_type

/// §8.2.1 Table 8.2.1-1 cause values (checked against tshark's pfcp.cause value strings).
enum class cause_value : std::uint8_t {
  reserved = 0,
  request_accepted = 1,
  more_usage_report_to_send = 2,
  request_partially_accepted = 3,
  request_rejected = 64,
  session_context_not_found = 65,
  mandatory_ie_missing = 66,
  conditional_ie_missing = 67,
  invalid_length = 68,
  mandatory_ie_incorrect = 69,
  invalid_forwarding_policy = 70,
  invalid_f_teid_allocation_option = 71,
  no_established_pfcp_association = 72,
  rule_creation_modification_failure = 73,
  pfcp_entity_in_congestion = 74,
  no_resources_available = 75,
  service_not_supported = 76,
  system_failure = 77,
  redirection_requested = 78,
  all_dynamic_addresses_occupied = 79,
};

/// An IE kept as it arrived (an unknown or vendor IE, §7.6.1: discarded by the receiver's
/// logic but kept here so re-encoding is faithful). `value` excludes the Enterprise ID,
/// which sits in `enterprise_id` for vendor IEs (type >= 32768, §8.1.1).
struct raw_ie {
  std::uint16_t type = 0;
  std::optional<std::uint16_t> enterprise_id;
  octets value;
  bool operator==(const raw_ie&) const = default;
};

/// §8.2.38 Node ID: IPv4, IPv6 or FQDN (held dotted; DNS label encoded on the wire).
struct node_id {
  std::variant<ipv4_address, ipv6_address, std::string> value;
  bool operator==(const node_id&) const = default;
};

/// §8.2.37 F-SEID.
struct f_seid {
  std::uint64_t seid = 0;
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_address> ipv6;
  bool operator==(const f_seid&) const = default;
};

/// §8.2.3 F-TEID. With `choose` (CH) the UP function allocates the TEID and address:
/// then `teid`/addresses are absent on the wire and `choose_v4`/`choose_v6` say which
/// address family is wanted; `choose_id` (CHID) lets several PDRs share one allocation.
struct f_teid {
  bool choose = false;
  bool choose_v4 = false;
  bool choose_v6 = false;
  std::uint32_t teid = 0;
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_address> ipv6;
  std::optional<std::uint8_t> choose_id;
  bool operator==(const f_teid&) const = default;
};

/// §8.2.62 UE IP Address.
struct ue_ip_address {
  bool destination = false;  ///< S/D: 1 = the address is a destination address
  bool choose_v4 = false;    ///< CHV4: the UP function allocates an IPv4 address
  bool choose_v6 = false;    ///< CHV6
  std::optional<ipv4_address> ipv4;
  std::optional<ipv6_address> ipv6;
  std::optional<std::uint8_t> ipv6_prefix_delegation_bits;  ///< IPv6D
  std::optional<std::uint8_t> ipv6_prefix_length;           ///< IP6PL
  bool operator==(const ue_ip_address&) const = default;
};

/// §8.2.5 SDF Filter.
struct sdf_filter {
  bool bid = false;                             ///< BID flag, with `filter_id`
  std::optional<std::string> flow_description;  ///< FD: an IPFilterRule (RFC 6733)
  std::optional<std::uint16_t> tos_traffic_class;
  std::optional<std::uint32_t> security_parameter_index;
  std::optional<std::uint32_t> flow_label;  ///< 24 bits
  std::optional<std::uint32_t> filter_id;
  bool operator==(const sdf_filter&) const = default;
};

/// §8.2.64 Outer Header Removal.
struct outer_header_removal {
  std::uint8_t description = 0;  ///< 0 GTP-U/UDP/IPv4, 1 GTP-U/UDP/IPv6, 6 GTP-U/UDP/IP, ...
  std::optional<std::uint8_t> extension_header_deletion;
  bool operator==(const outer_header_removal&) const = default;
};

/// §8.2.26 Apply Action: octet 5 is the low byte of `flags`, octet 6 the high byte.
struct apply_action {
  static constexpr std::uint16_t drop = 0x0001;
  static constexpr std::uint16_t forw = 0x0002;
  static constexpr std::uint16_t buff = 0x0004;
  static constexpr std::uint16_t nocp = 0x0008;
  static constexpr std::uint16_t dupl = 0x0010;
  static constexpr std::uint16_t ipma = 0x0020;
  static constexpr std::uint16_t ipmd = 0x0040;
  static constexpr std::uint16_t dfrt = 0x0080;
  static constexpr std::uint16_t edrt = 0x0100;
  static constexpr std::uint16_t bdpn = 0x0200;
  static constexpr std::uint16_t ddpn = 0x0400;
  static constexpr std::uint16_t fssm = 0x0800;
  static constexpr std::uint16_t mbsu = 0x1000;
  std::uint16_t flags = 0;
  bool two_octets = true;  ///< Release 16+ senders write octet 6; older ones only octet 5
  [[nodiscard]] bool has(std::uint16_t bit) const { return (flags & bit) != 0; }
  bool operator==(const apply_action&) const = default;
};

/// §8.2.56 Outer Header Creation. `description` is octets 5-6 as a big-endian number.
struct outer_header_creation {
  static constexpr std::uint16_t gtpu_udp_ipv4 = 0x0100;
  static constexpr std::uint16_t gtpu_udp_ipv6 = 0x0200;
  static constexpr std::uint16_t udp_ipv4 = 0x0400;
  static constexpr std::uint16_t udp_ipv6 = 0x0800;
  static constexpr std::uint16_t ip_ipv4 = 0x1000;
  static constexpr std::uint16_t ip_ipv6 = 0x2000;
  static constexpr std::uint16_t c_tag = 0x4000;
  static constexpr std::uint16_t s_tag = 0x8000;
  static constexpr std::uint16_t n19_indication = 0x0001;
  static constexpr std::uint16_t n6_indication = 0x0002;
  std::uint16_t description = 0;
  std::optional<std::uint32_t> teid;
  std::optional<pfcp::ipv4_address> ipv4;
  std::optional<pfcp::ipv6_address> ipv6;
  std::optional<std::uint16_t> port;
  std::optional<std::uint32_t> c_tag_value;  ///< 24 bits
  std::optional<std::uint32_t> s_tag_value;  ///< 24 bits
  bool operator==(const outer_header_creation&) const = default;
};

/// §8.2.8 MBR / §8.2.9 GBR: kbps, 40 bits each.
struct bit_rate {
  std::uint64_t uplink = 0;
  std::uint64_t downlink = 0;
  bool operator==(const bit_rate&) const = default;
};

/// §8.2.13 Volume Threshold and §8.2.44 Volume Measurement (the latter may also carry
/// packet counts). Octets, each present when its flag is.
struct volume {
  std::optional<std::uint64_t> total;
  std::optional<std::uint64_t> uplink;
  std::optional<std::uint64_t> downlink;
  std::optional<std::uint64_t> total_packets;
  std::optional<std::uint64_t> uplink_packets;
  std::optional<std::uint64_t> downlink_packets;
  bool operator==(const volume&) const = default;
};

/// Bit-flag IEs whose length grows between releases (Reporting Triggers §8.2.19, Usage
/// Report Trigger §8.2.41, UP/CP Function Features §8.2.25/§8.2.58): octet 5 first.
struct flag_octets {
  std::vector<std::uint8_t> octets;
  /// Bit `bit` (1-8, as numbered in the spec) of octet `octet` (5, 6, ...).
  [[nodiscard]] bool has(unsigned octet, unsigned bit) const {
    const unsigned i = octet - 5;
    return i < octets.size() && bit >= 1 && bit <= 8 && ((octets[i] >> (bit - 1)) & 1) != 0;
  }
  void set(unsigned octet, unsigned bit) {
    const unsigned i = octet - 5;
    if (octets.size() <= i) {
      octets.resize(i + 1, 0);
    }
    octets[i] = static_cast<std::uint8_t>(octets[i] | (1U << (bit - 1)));
  }
  bool operator==(const flag_octets&) const = default;
};

/// §8.2.27 Downlink Data Service Information.
struct downlink_data_service_information {
  std::optional<std::uint8_t> paging_policy_indication;  ///< PPI (6 bits)
  std::optional<std::uint8_t> qfi;                       ///< QFII (6 bits)
  bool operator==(const downlink_data_service_information&) const = default;
};

/// §8.2.80 Failed Rule ID.
struct failed_rule_id {
  enum class rule : std::uint8_t { pdr = 0, far = 1, qer = 2, urr = 3, bar = 4 };
  rule type = rule::pdr;
  std::uint32_t id = 0;
  bool operator==(const failed_rule_id&) const = default;
};

}  // namespace glasscore::pfcp
