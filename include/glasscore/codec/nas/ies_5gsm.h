#pragma once
/// \file
/// 5GS session management information elements the core reads or builds (TS 24.501
/// Release 17 §9.11.4): 5GSM cause, PDU session type, SSC mode, always-on indications,
/// integrity protection maximum data rate, maximum number of supported packet filters,
/// session-AMBR and the bit rates it shares with QoS flow descriptions, PDU address and the
/// extended protocol configuration options (TS 24.008 §10.5.6.3A). QoS rules and QoS flow
/// descriptions are in ies_5gsm_qos.h. IEs the core only forwards are octet_string.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::nas {

/// §9.11.4.2 5GSM cause values (Release 17). Values not listed here are kept as received:
/// the enum is only a name for the octet.
enum class gsm_cause : std::uint8_t {
  operator_determined_barring = 8,
  insufficient_resources = 26,
  missing_or_unknown_dnn = 27,
  unknown_pdu_session_type = 28,
  user_authentication_or_authorization_failed = 29,
  request_rejected_unspecified = 31,
  service_option_not_supported = 32,
  requested_service_option_not_subscribed = 33,
  service_option_temporarily_out_of_order = 34,
  pti_already_in_use = 35,
  regular_deactivation = 36,
  qos_not_accepted = 37,  ///< "5GS QoS not accepted"
  network_failure = 38,
  reactivation_requested = 39,
  semantic_error_in_tft_operation = 41,
  syntactical_error_in_tft_operation = 42,
  invalid_pdu_session_identity = 43,
  semantic_errors_in_packet_filters = 44,
  syntactical_error_in_packet_filters = 45,
  out_of_ladn_service_area = 46,
  pti_mismatch = 47,
  pdu_session_type_ipv4_only_allowed = 50,
  pdu_session_type_ipv6_only_allowed = 51,
  pdu_session_does_not_exist = 54,
  pdu_session_type_ipv4v6_only_allowed = 57,
  pdu_session_type_unstructured_only_allowed = 58,
  unsupported_5qi_value = 59,
  pdu_session_type_ethernet_only_allowed = 61,
  insufficient_resources_for_specific_slice_and_dnn = 67,
  not_supported_ssc_mode = 68,
  insufficient_resources_for_specific_slice = 69,
  missing_or_unknown_dnn_in_a_slice = 70,
  invalid_pti_value = 81,
  maximum_data_rate_for_integrity_protection_too_low = 82,
  semantic_error_in_qos_operation = 83,
  syntactical_error_in_qos_operation = 84,
  invalid_mapped_eps_bearer_identity = 85,
  uas_services_not_allowed = 86,  ///< Release 17 (UAS)
  semantically_incorrect_message = 95,
  invalid_mandatory_information = 96,
  message_type_non_existent_or_not_implemented = 97,
  message_type_not_compatible_with_protocol_state = 98,
  ie_non_existent_or_not_implemented = 99,
  conditional_ie_error = 100,
  message_not_compatible_with_protocol_state = 101,
  protocol_error_unspecified = 111,
};

/// §9.11.4.2 5GSM cause IE: V 1 when mandatory, TV 2 when optional (IEI 59).
struct gsm_cause_ie {
  gsm_cause value = gsm_cause::protocol_error_unspecified;
  static expected<gsm_cause_ie, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const { w.write_u8(static_cast<std::uint8_t>(value)); }
  friend bool operator==(const gsm_cause_ie&, const gsm_cause_ie&) = default;
};

/// §9.11.4.11 PDU session type values (3 bits). Other values are kept as received; the
/// spec has the receiver read them as IPv4v6.
enum class pdu_session_type_value : std::uint8_t {
  ipv4 = 1,
  ipv6 = 2,
  ipv4v6 = 3,
  unstructured = 4,
  ethernet = 5,
};

/// §9.11.4.11 PDU session type: half octet (TV1 IEI 9-, or the mandatory "selected PDU
/// session type" of the establishment accept). Bit 4 is spare.
struct pdu_session_type {
  pdu_session_type_value value = pdu_session_type_value::ipv4;
  static expected<pdu_session_type, nas_error> from_nibble(std::uint8_t n);
  [[nodiscard]] std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value) & 7; }
  friend bool operator==(const pdu_session_type&, const pdu_session_type&) = default;
};

/// §9.11.4.16 SSC mode values (3 bits); unused values are kept as received.
enum class ssc_mode_value : std::uint8_t { mode_1 = 1, mode_2 = 2, mode_3 = 3 };

/// §9.11.4.16 SSC mode: half octet (TV1 IEI A-, or the mandatory "selected SSC mode").
struct ssc_mode {
  ssc_mode_value value = ssc_mode_value::mode_1;
  static expected<ssc_mode, nas_error> from_nibble(std::uint8_t n);
  [[nodiscard]] std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value) & 7; }
  friend bool operator==(const ssc_mode&, const ssc_mode&) = default;
};

/// §9.11.4.5 Allowed SSC mode: one bit per SSC mode (TV1, IEI F-).
struct allowed_ssc_mode {
  bool ssc1 = false;  ///< bit 1
  bool ssc2 = false;  ///< bit 2
  bool ssc3 = false;  ///< bit 3
  static expected<allowed_ssc_mode, nas_error> from_nibble(std::uint8_t n);
  [[nodiscard]] std::uint8_t to_nibble() const;
  friend bool operator==(const allowed_ssc_mode&, const allowed_ssc_mode&) = default;
};

/// §9.11.4.3 Always-on PDU session indication (TV1, IEI 8-): APSI, bit 1 — the network
/// requires the PDU session to be always-on.
struct always_on_pdu_session_indication {
  bool required = false;
  static expected<always_on_pdu_session_indication, nas_error> from_nibble(std::uint8_t n) {
    return always_on_pdu_session_indication{(n & 1) != 0};
  }
  [[nodiscard]] std::uint8_t to_nibble() const { return required ? 1 : 0; }
  friend bool operator==(const always_on_pdu_session_indication&,
                         const always_on_pdu_session_indication&) = default;
};

/// §9.11.4.4 Always-on PDU session requested (TV1, IEI B-): APSR, bit 1.
struct always_on_pdu_session_requested {
  bool requested = false;
  static expected<always_on_pdu_session_requested, nas_error> from_nibble(std::uint8_t n) {
    return always_on_pdu_session_requested{(n & 1) != 0};
  }
  [[nodiscard]] std::uint8_t to_nibble() const { return requested ? 1 : 0; }
  friend bool operator==(const always_on_pdu_session_requested&,
                         const always_on_pdu_session_requested&) = default;
};

/// §9.11.4.7 maximum data rate per UE for user-plane integrity protection, one direction.
/// Other values are kept as received (the spec reads them as 64 kbps).
enum class integrity_max_rate : std::uint8_t {
  kbps_64 = 0x00,
  null = 0x01,  ///< Release 16: no integrity protection
  full = 0xFF,  ///< full data rate
};

/// §9.11.4.7 Integrity protection maximum data rate: V 2 in the establishment request, TV 3
/// (IEI 13) in the modification request. Octet 1 uplink, octet 2 downlink.
struct integrity_protection_max_data_rate {
  integrity_max_rate uplink = integrity_max_rate::kbps_64;
  integrity_max_rate downlink = integrity_max_rate::kbps_64;
  static expected<integrity_protection_max_data_rate, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const integrity_protection_max_data_rate&,
                         const integrity_protection_max_data_rate&) = default;
};

/// §9.11.4.9 Maximum number of supported packet filters (TV 3, IEI 55): an 11-bit count
/// in octet 2 and bits 8-6 of octet 3.
struct max_supported_packet_filters {
  std::uint16_t count = 0;  ///< 0..2047 (the spec uses 17..1024)
  static expected<max_supported_packet_filters, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const max_supported_packet_filters&,
                         const max_supported_packet_filters&) = default;
};

/// A bit rate as the 5GSM IEs carry it: a unit octet and a 16-bit multiplier
/// (§9.11.4.14 session-AMBR, §9.11.4.12 GFBR/MFBR). Unit 1 = 1 kbps, each following unit
/// four times the previous one within kbps, Mbps, Gbps, Tbps and Pbps (unit 6 = 1 Mbps,
/// ... unit 25 = 256 Pbps); units above 25 are read as 256 Pbps; unit 0 is "not used".
struct bit_rate {
  std::uint8_t unit = 0;
  std::uint16_t value = 0;

  /// Bits per second (1 kbps = 1000 bps), saturating at UINT64_MAX; 0 for unit 0.
  [[nodiscard]] std::uint64_t bits_per_second() const;
  /// The finest unit whose multiplier can hold `bps`, rounded up so the encoded rate is
  /// never below the one asked for (0 bps -> unit 1 kbps, value 0).
  static bit_rate from_bits_per_second(std::uint64_t bps);
  friend bool operator==(const bit_rate&, const bit_rate&) = default;
};

/// §9.11.4.14 Session-AMBR: LV 7 in the establishment accept, TLV 8 (IEI 2A) in the
/// modification command. Value: unit DL, rate DL (2), unit UL, rate UL (2).
struct session_ambr {
  bit_rate downlink;
  bit_rate uplink;
  static expected<session_ambr, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const session_ambr&, const session_ambr&) = default;
};

/// §9.11.4.10 PDU address: the PDU session type of the address (bits 1-3), the SI6LLA flag
/// (bit 4, Release 16+: the SMF's IPv6 link-local address follows), then the address
/// information: IPv4 (4 octets), IPv6 interface identifier (8), IPv4v6 (interface
/// identifier then IPv4). For any other type the address information is kept raw.
struct pdu_address {
  pdu_session_type_value type = pdu_session_type_value::ipv4;
  std::optional<std::array<std::uint8_t, 4>> ipv4;
  std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id;
  /// Present iff SI6LLA is set; only meaningful for IPv6 and IPv4v6.
  std::optional<std::array<std::uint8_t, 16>> smf_ipv6_link_local;
  std::vector<std::uint8_t> other;  ///< address information of other PDU session types

  static expected<pdu_address, nas_error> decode(byte_span v);
  /// Writes the fields `type` calls for; an absent address is written as zeros.
  void encode(byte_writer& w) const;
  friend bool operator==(const pdu_address&, const pdu_address&) = default;
};

/// TS 24.008 Table 10.5.154 container identifiers the core reads or builds. The same
/// identifier names the request (MS to network, usually empty) and the answer.
namespace pco_id {
inline constexpr std::uint16_t p_cscf_ipv6 = 0x0001;
inline constexpr std::uint16_t im_cn_subsystem_signalling_flag = 0x0002;
inline constexpr std::uint16_t dns_server_ipv6 = 0x0003;
inline constexpr std::uint16_t ip_address_allocation_via_nas = 0x000A;
inline constexpr std::uint16_t ipv4_address_allocation_via_dhcpv4 = 0x000B;
inline constexpr std::uint16_t p_cscf_ipv4 = 0x000C;
inline constexpr std::uint16_t dns_server_ipv4 = 0x000D;
inline constexpr std::uint16_t msisdn = 0x000E;
inline constexpr std::uint16_t ipv4_link_mtu = 0x0010;
inline constexpr std::uint16_t ps_data_off_ue_status = 0x0017;
inline constexpr std::uint16_t ipcp = 0x8021;  ///< PPP IP control protocol (RFC 1332)
}  // namespace pco_id

/// One protocol or container of a (extended) PCO: 2-octet identifier, 1-octet length,
/// contents. Unknown ones are kept byte for byte.
struct pco_container {
  std::uint16_t id = 0;
  std::vector<std::uint8_t> contents;  ///< at most 255 octets are encodable
  friend bool operator==(const pco_container&, const pco_container&) = default;
};

/// §9.11.4.6 Extended protocol configuration options (TLV-E, IEI 7B), coded as TS 24.008
/// §10.5.6.3A: octet 1 = ext bit 8, spare bits 7-4, configuration protocol bits 3-1
/// (0 = PPP), then the containers in order of arrival.
struct extended_pco {
  std::uint8_t header = 0x80;  ///< octet 1 as received; 0x80 = ext 1, PPP
  std::vector<pco_container> containers;

  [[nodiscard]] std::uint8_t configuration_protocol() const { return header & 7; }

  /// Whether a container with `id` and no contents is present (a request, MS to network).
  [[nodiscard]] bool requests(std::uint16_t id) const;
  /// The contents of every 4-octet (IPv4) or 16-octet (IPv6) container with `id`.
  [[nodiscard]] std::vector<std::array<std::uint8_t, 4>> ipv4_addresses(std::uint16_t id) const;
  [[nodiscard]] std::vector<std::array<std::uint8_t, 16>> ipv6_addresses(std::uint16_t id) const;
  [[nodiscard]] std::vector<std::array<std::uint8_t, 4>> dns_server_ipv4() const {
    return ipv4_addresses(pco_id::dns_server_ipv4);
  }
  [[nodiscard]] std::vector<std::array<std::uint8_t, 16>> dns_server_ipv6() const {
    return ipv6_addresses(pco_id::dns_server_ipv6);
  }
  [[nodiscard]] std::vector<std::array<std::uint8_t, 4>> p_cscf_ipv4() const {
    return ipv4_addresses(pco_id::p_cscf_ipv4);
  }
  [[nodiscard]] std::vector<std::array<std::uint8_t, 16>> p_cscf_ipv6() const {
    return ipv6_addresses(pco_id::p_cscf_ipv6);
  }
  /// The IPv4 link MTU container (0x0010) with a 2-octet value, if any.
  [[nodiscard]] std::optional<std::uint16_t> ipv4_link_mtu() const;

  void add_request(std::uint16_t id) { containers.push_back({id, {}}); }
  void add_ipv4_address(std::uint16_t id, const std::array<std::uint8_t, 4>& a) {
    containers.push_back({id, {a.begin(), a.end()}});
  }
  void add_ipv6_address(std::uint16_t id, const std::array<std::uint8_t, 16>& a) {
    containers.push_back({id, {a.begin(), a.end()}});
  }
  void add_ipv4_link_mtu(std::uint16_t mtu) {
    containers.push_back({pco_id::ipv4_link_mtu,
                          {static_cast<std::uint8_t>(mtu >> 8), static_cast<std::uint8_t>(mtu)}});
  }

  static expected<extended_pco, nas_error> decode(byte_span v);
  /// Fails with invalid_value for a container longer than 255 octets (one-octet length).
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const extended_pco&, const extended_pco&) = default;
};

}  // namespace glasscore::nas
