#pragma once
/// \file
/// QoS rules (TS 24.501 Release 17 §9.11.4.13) with their packet filters, and QoS flow
/// descriptions (§9.11.4.12) with their parameter lists. The same types carry the
/// authorized rules/descriptions the SMF sends and the requested ones the UE sends.

#include <array>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/ies_5gsm.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::nas {

// ---- §9.11.4.13 Table 9.11.4.13.1: packet filter components ----
// Each component is a type octet followed by a value whose length the type fixes. The
// templates below give each component type its own C++ type; `type_id` is the type octet.

/// 0x01 match-all: no value.
struct pf_match_all {
  static constexpr std::uint8_t type_id = 0x01;
  friend bool operator==(const pf_match_all&, const pf_match_all&) = default;
};

/// 0x10 IPv4 remote address, 0x11 IPv4 local address: address and mask.
template <std::uint8_t Id>
struct pf_ipv4_address {
  static constexpr std::uint8_t type_id = Id;
  std::array<std::uint8_t, 4> address{};
  std::array<std::uint8_t, 4> mask{};
  friend bool operator==(const pf_ipv4_address&, const pf_ipv4_address&) = default;
};
using pf_ipv4_remote_address = pf_ipv4_address<0x10>;
using pf_ipv4_local_address = pf_ipv4_address<0x11>;

/// 0x21 IPv6 remote address/prefix length, 0x23 IPv6 local address/prefix length.
template <std::uint8_t Id>
struct pf_ipv6_address {
  static constexpr std::uint8_t type_id = Id;
  std::array<std::uint8_t, 16> address{};
  std::uint8_t prefix_length = 128;
  friend bool operator==(const pf_ipv6_address&, const pf_ipv6_address&) = default;
};
using pf_ipv6_remote_address = pf_ipv6_address<0x21>;
using pf_ipv6_local_address = pf_ipv6_address<0x23>;

/// 0x30 protocol identifier (IPv4) / next header (IPv6).
struct pf_protocol {
  static constexpr std::uint8_t type_id = 0x30;
  std::uint8_t protocol = 0;
  friend bool operator==(const pf_protocol&, const pf_protocol&) = default;
};

/// 0x40 single local port, 0x50 single remote port.
template <std::uint8_t Id>
struct pf_port {
  static constexpr std::uint8_t type_id = Id;
  std::uint16_t port = 0;
  friend bool operator==(const pf_port&, const pf_port&) = default;
};
using pf_local_port = pf_port<0x40>;
using pf_remote_port = pf_port<0x50>;

/// 0x41 local port range, 0x51 remote port range: low limit, high limit.
template <std::uint8_t Id>
struct pf_port_range {
  static constexpr std::uint8_t type_id = Id;
  std::uint16_t low = 0;
  std::uint16_t high = 0;
  friend bool operator==(const pf_port_range&, const pf_port_range&) = default;
};
using pf_local_port_range = pf_port_range<0x41>;
using pf_remote_port_range = pf_port_range<0x51>;

/// 0x60 security parameter index (4 octets).
struct pf_security_parameter_index {
  static constexpr std::uint8_t type_id = 0x60;
  std::uint32_t spi = 0;
  friend bool operator==(const pf_security_parameter_index&,
                         const pf_security_parameter_index&) = default;
};

/// 0x70 type of service (IPv4) / traffic class (IPv6): value and mask.
struct pf_type_of_service {
  static constexpr std::uint8_t type_id = 0x70;
  std::uint8_t value = 0;
  std::uint8_t mask = 0;
  friend bool operator==(const pf_type_of_service&, const pf_type_of_service&) = default;
};

/// 0x80 flow label (IPv6): 20 bits in 3 octets, the 4 high bits spare.
struct pf_flow_label {
  static constexpr std::uint8_t type_id = 0x80;
  std::uint32_t label = 0;
  friend bool operator==(const pf_flow_label&, const pf_flow_label&) = default;
};

/// 0x81 destination MAC address, 0x82 source MAC address.
template <std::uint8_t Id>
struct pf_mac_address {
  static constexpr std::uint8_t type_id = Id;
  std::array<std::uint8_t, 6> mac{};
  friend bool operator==(const pf_mac_address&, const pf_mac_address&) = default;
};
using pf_destination_mac = pf_mac_address<0x81>;
using pf_source_mac = pf_mac_address<0x82>;

/// 0x83 802.1Q C-TAG VID, 0x84 802.1Q S-TAG VID: 12 bits in 2 octets, 4 high bits spare.
template <std::uint8_t Id>
struct pf_vid {
  static constexpr std::uint8_t type_id = Id;
  std::uint16_t vid = 0;
  friend bool operator==(const pf_vid&, const pf_vid&) = default;
};
using pf_c_tag_vid = pf_vid<0x83>;
using pf_s_tag_vid = pf_vid<0x84>;

/// 0x85 802.1Q C-TAG PCP/DEI, 0x86 802.1Q S-TAG PCP/DEI: one octet, spare bits 8-5,
/// PCP bits 4-2, DEI bit 1.
template <std::uint8_t Id>
struct pf_pcp_dei {
  static constexpr std::uint8_t type_id = Id;
  std::uint8_t pcp = 0;  ///< 3 bits
  bool dei = false;
  friend bool operator==(const pf_pcp_dei&, const pf_pcp_dei&) = default;
};
using pf_c_tag_pcp_dei = pf_pcp_dei<0x85>;
using pf_s_tag_pcp_dei = pf_pcp_dei<0x86>;

/// 0x87 ethertype.
struct pf_ethertype {
  static constexpr std::uint8_t type_id = 0x87;
  std::uint16_t ethertype = 0;
  friend bool operator==(const pf_ethertype&, const pf_ethertype&) = default;
};

/// 0x88 destination MAC address range, 0x89 source MAC address range (Release 16): low
/// limit, high limit.
template <std::uint8_t Id>
struct pf_mac_range {
  static constexpr std::uint8_t type_id = Id;
  std::array<std::uint8_t, 6> low{};
  std::array<std::uint8_t, 6> high{};
  friend bool operator==(const pf_mac_range&, const pf_mac_range&) = default;
};
using pf_destination_mac_range = pf_mac_range<0x88>;
using pf_source_mac_range = pf_mac_range<0x89>;

/// One packet filter component. An unknown component type makes the filter undecodable:
/// components carry no length, so nothing after it can be found.
using packet_filter_component =
    std::variant<pf_match_all, pf_ipv4_remote_address, pf_ipv4_local_address,
                 pf_ipv6_remote_address, pf_ipv6_local_address, pf_protocol, pf_local_port,
                 pf_local_port_range, pf_remote_port, pf_remote_port_range,
                 pf_security_parameter_index, pf_type_of_service, pf_flow_label, pf_destination_mac,
                 pf_source_mac, pf_c_tag_vid, pf_s_tag_vid, pf_c_tag_pcp_dei, pf_s_tag_pcp_dei,
                 pf_ethertype, pf_destination_mac_range, pf_source_mac_range>;

/// §9.11.4.13 packet filter direction (bits 6-5 of the packet filter's first octet).
enum class packet_filter_direction : std::uint8_t {
  reserved = 0,
  downlink_only = 1,
  uplink_only = 2,
  bidirectional = 3,
};

/// A packet filter of a "create", "modify and add" or "modify and replace" operation.
struct packet_filter {
  packet_filter_direction direction = packet_filter_direction::bidirectional;
  std::uint8_t id = 0;  ///< 4 bits
  std::vector<packet_filter_component> components;
  friend bool operator==(const packet_filter&, const packet_filter&) = default;
};

/// §9.11.4.13 rule operation code (bits 8-6 of octet 7 of a QoS rule).
enum class qos_rule_operation : std::uint8_t {
  create = 1,                  ///< create new QoS rule
  remove = 2,                  ///< delete existing QoS rule
  modify_add_filters = 3,      ///< modify existing QoS rule and add packet filters
  modify_replace_filters = 4,  ///< modify existing QoS rule and replace all filters
  modify_delete_filters = 5,   ///< modify existing QoS rule and delete packet filters
  modify_without_filters = 6,  ///< modify existing QoS rule without modifying filters
};

/// One QoS rule. Which fields are on the wire depends on the operation: `filters` for
/// create/add/replace, `deleted_filter_ids` for "delete packet filters", neither for
/// delete and "without modifying packet filters". The precedence and the
/// segregation/QFI octet follow the filter list when present (they are absent for delete,
/// and may be absent in modify operations); the QFI octet is only sent after a precedence.
struct qos_rule {
  std::uint8_t id = 0;
  qos_rule_operation operation = qos_rule_operation::create;
  bool default_rule = false;                     ///< DQR bit
  std::vector<packet_filter> filters;            ///< at most 15 (encoding fails beyond)
  std::vector<std::uint8_t> deleted_filter_ids;  ///< at most 15 (encoding fails beyond)
  std::optional<std::uint8_t> precedence;
  bool segregation = false;
  std::optional<std::uint8_t> qfi;  ///< 6 bits
  friend bool operator==(const qos_rule&, const qos_rule&) = default;
};

/// §9.11.4.13 QoS rules IE (authorized: LV-E in the establishment accept, TLV-E 7A in the
/// modification command; requested: TLV-E 7A in the modification request).
struct qos_rules {
  std::vector<qos_rule> rules;
  static expected<qos_rules, nas_error> decode(byte_span v);
  /// Fails with invalid_value for more than 15 packet filters in a rule or filter contents
  /// over 255 octets: the fields cannot say more, and nothing is dropped silently.
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const qos_rules&, const qos_rules&) = default;
};

/// §9.11.4.12 Table 9.11.4.12.1 parameter identifiers.
namespace qos_parameter_id {
inline constexpr std::uint8_t five_qi = 0x01;
inline constexpr std::uint8_t gfbr_uplink = 0x02;
inline constexpr std::uint8_t gfbr_downlink = 0x03;
inline constexpr std::uint8_t mfbr_uplink = 0x04;
inline constexpr std::uint8_t mfbr_downlink = 0x05;
inline constexpr std::uint8_t averaging_window = 0x06;
inline constexpr std::uint8_t eps_bearer_identity = 0x07;
}  // namespace qos_parameter_id

/// One parameter of a QoS flow description, kept in order of arrival. Known identifiers
/// are checked for their length on decoding; unknown ones are kept as received.
struct qos_flow_parameter {
  std::uint8_t id = 0;
  std::vector<std::uint8_t> contents;  ///< at most 255 octets are encodable

  static qos_flow_parameter five_qi(std::uint8_t value) {
    return {qos_parameter_id::five_qi, {value}};
  }
  /// GFBR/MFBR: `id` one of gfbr_uplink .. mfbr_downlink; contents = unit, 16-bit value.
  static qos_flow_parameter rate(std::uint8_t id, bit_rate r);
  static qos_flow_parameter averaging_window(std::uint16_t ms);
  static qos_flow_parameter eps_bearer_identity(std::uint8_t ebi);  ///< EBI in bits 8-5
  friend bool operator==(const qos_flow_parameter&, const qos_flow_parameter&) = default;
};

/// §9.11.4.12 QoS flow description operation code (bits 8-6 of octet 2).
enum class qos_flow_operation : std::uint8_t {
  create = 1,  ///< create new QoS flow description
  remove = 2,  ///< delete existing QoS flow description
  modify = 3,  ///< modify existing QoS flow description
};

/// One QoS flow description: QFI, operation, the E bit (for create: parameters present;
/// for modify: 1 = replace all parameters, 0 = add/modify these) and the parameters.
struct qos_flow_description {
  std::uint8_t qfi = 0;  ///< 6 bits
  qos_flow_operation operation = qos_flow_operation::create;
  bool e_bit = true;
  std::vector<qos_flow_parameter> parameters;  ///< at most 63 are encoded

  [[nodiscard]] std::optional<std::uint8_t> five_qi() const;
  [[nodiscard]] std::optional<bit_rate> rate(std::uint8_t parameter_id) const;
  [[nodiscard]] std::optional<bit_rate> gfbr_uplink() const {
    return rate(qos_parameter_id::gfbr_uplink);
  }
  [[nodiscard]] std::optional<bit_rate> gfbr_downlink() const {
    return rate(qos_parameter_id::gfbr_downlink);
  }
  [[nodiscard]] std::optional<bit_rate> mfbr_uplink() const {
    return rate(qos_parameter_id::mfbr_uplink);
  }
  [[nodiscard]] std::optional<bit_rate> mfbr_downlink() const {
    return rate(qos_parameter_id::mfbr_downlink);
  }
  [[nodiscard]] std::optional<std::uint16_t> averaging_window() const;  ///< milliseconds
  [[nodiscard]] std::optional<std::uint8_t> eps_bearer_identity() const;
  friend bool operator==(const qos_flow_description&, const qos_flow_description&) = default;
};

/// §9.11.4.12 QoS flow descriptions IE (TLV-E 79: authorized in the accept and the
/// modification command, requested in the modification request).
struct qos_flow_descriptions {
  std::vector<qos_flow_description> flows;
  static expected<qos_flow_descriptions, nas_error> decode(byte_span v);
  /// Fails with invalid_value for more than 63 parameters or a parameter over 255 octets.
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const qos_flow_descriptions&, const qos_flow_descriptions&) = default;
};

}  // namespace glasscore::nas
