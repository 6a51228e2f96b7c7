#pragma once
/// \file
/// GTP-U (TS 29.281, Release 17): the N3/N9 user-plane tunnel header, its extension header
/// chain with the PDU Session Container (TS 38.415 §5.5.2), and the few whole messages a
/// UPF or gNB sends itself (Echo Request/Response, Error Indication, End Marker).
///
/// Sans-I/O and allocation-free: decode() returns views into the datagram it was given and
/// the encoders write into a caller's span (normally the headroom of a packet_buffer), so
/// the user plane can use them on every packet (DESIGN.md §2, "User plane").

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"

namespace glasscore::gtpu {

/// The registered GTP-U port (TS 29.281 §4.4.2.3).
inline constexpr std::uint16_t udp_port = 2152;

/// Message types used on N3/N9 (TS 29.281 §6.1, Table 6.1-1). Other values can arrive on
/// the wire; decode() passes them through and receivers ignore what they do not know.
enum class message_type : std::uint8_t {
  echo_request = 1,
  echo_response = 2,
  error_indication = 26,
  supported_extension_headers_notification = 31,
  end_marker = 254,
  g_pdu = 255,
};

/// The PDU Session Container extension header (TS 29.281 §5.2.2.7, content TS 38.415
/// §5.5.2): which QoS flow a packet belongs to. Only the mandatory fields are modelled;
/// optional ones (timestamps, sequence numbers, PPI) are accepted and skipped on decode.
struct pdu_session_container {
  /// PDU Type (TS 38.415 §5.5.3.1): 0 = DL PDU SESSION INFORMATION, 1 = UL.
  enum class direction : std::uint8_t { downlink = 0, uplink = 1 } type = direction::uplink;
  std::uint8_t qfi = 0;  ///< QoS Flow Identifier, 6 bits (TS 38.415 §5.5.3.3)
  bool rqi = false;      ///< Reflective QoS Indicator, downlink only (TS 38.415 §5.5.3.4)
  friend bool operator==(const pdu_session_container&, const pdu_session_container&) = default;
};

/// The fields of a GTP-U header (TS 29.281 §5.1) that the core acts on.
struct header {
  message_type type = message_type::g_pdu;
  std::uint32_t teid = 0;
  /// Present when the S flag is set. Echo and Error Indication always carry one (§5.1).
  std::optional<std::uint16_t> sequence;
  std::optional<pdu_session_container> pdu_session;
  friend bool operator==(const header&, const header&) = default;
};

/// A decoded datagram: the header and what follows it (the T-PDU of a G-PDU, or the IEs of
/// a signalling message), as a view into the datagram.
struct packet_view {
  header hdr;
  std::span<const std::uint8_t> payload;
};

enum class gtpu_error : std::uint8_t {
  truncated,             ///< fewer octets than the header or its Length field need
  unsupported_version,   ///< version field is not 1 (GTPv0, GTPv2-C on the wrong port...)
  not_gtp,               ///< protocol type 0 (GTP', TS 32.295), not GTP
  bad_length,            ///< Length field inconsistent with the datagram or the header
  bad_extension_header,  ///< zero-length or overrunning extension header, bad PDU Session Container
  unknown_comprehension_required_extension,  ///< TS 29.281 §5.2.1: must be understood, is not
};

[[nodiscard]] std::string_view to_string(gtpu_error e);

/// Decodes one GTP-U datagram (the UDP payload). Unknown extension headers whose type says
/// comprehension is not required are skipped; unknown ones that must be comprehended make
/// the whole packet fail (TS 29.281 §5.2.1). Octets after the Length field's end fail as
/// bad_length rather than being silently dropped.
[[nodiscard]] expected<packet_view, gtpu_error> decode(std::span<const std::uint8_t> datagram);

/// Largest header encode_header() writes: 8 mandatory octets, 4 optional, and one
/// 4-octet PDU Session Container; with room to spare for future extension headers.
inline constexpr std::size_t max_header_size = 20;

/// Octets encode_header(h, ...) writes.
[[nodiscard]] std::size_t header_size(const header& h);

/// Writes `h` into out[0, header_size(h)), its Length field covering `payload_length`
/// octets that follow. Returns header_size(h), or 0 when `out` is too small or the
/// resulting Length would not fit 16 bits (nothing useful is written then).
std::size_t encode_header(const header& h, std::size_t payload_length, std::span<std::uint8_t> out);

/// Whole messages. Each returns the octets written, or 0 when `out` is too small.
/// Echo Request (§7.2.1): S flag set, no IEs (Table 7.2.1-1 has only Private Extension).
std::size_t encode_echo_request(std::uint16_t sequence, std::span<std::uint8_t> out);
/// Echo Response (§7.2.2): S flag set, Recovery IE with restart counter 0 (§8.2).
std::size_t encode_echo_response(std::uint16_t sequence, std::span<std::uint8_t> out);
/// Error Indication (§7.3.1): TEID 0 in the header, S flag set (sequence 0), TEID Data I
/// (§8.3) = the TEID that was not found and GTP-U Peer Address (§8.4) = our own N3 address,
/// the one the offending G-PDU was sent to.
std::size_t encode_error_indication(std::uint32_t teid, const config::ip_address& peer,
                                    std::span<std::uint8_t> out);
/// End Marker (§7.3.2): the tunnel's TEID, no IEs.
std::size_t encode_end_marker(std::uint32_t teid, std::span<std::uint8_t> out);
/// Supported Extension Headers Notification (§7.2.3): S flag set, TEID 0, and the Extension
/// Header Type List (§8.5) of every type decode() comprehends; the answer to a packet
/// rejected with unknown_comprehension_required_extension (§5.2.1).
std::size_t encode_supported_extension_headers_notification(std::uint16_t sequence,
                                                            std::span<std::uint8_t> out);

/// The IEs of an Error Indication (§7.3.1).
struct error_indication_ies {
  std::uint32_t teid = 0;   ///< TEID Data I
  config::ip_address peer;  ///< GTP-U Peer Address
};
/// Reads the IEs of an Error Indication (packet_view::payload). Unknown TV/TLV IEs after
/// the mandatory ones are skipped as TS 29.281 §7.7 lets a receiver do.
[[nodiscard]] expected<error_indication_ies, gtpu_error> decode_error_indication(
    std::span<const std::uint8_t> ies);

/// IE types (TS 29.281 §8.1, Table 8.1-1).
inline constexpr std::uint8_t ie_recovery = 14;
inline constexpr std::uint8_t ie_teid_data_i = 16;
inline constexpr std::uint8_t ie_gtpu_peer_address = 133;
inline constexpr std::uint8_t ie_extension_header_type_list = 141;
inline constexpr std::uint8_t ie_private_extension = 255;

/// Next Extension Header Type values (TS 29.281 §5.2.1, Figure 5.2.1-3).
inline constexpr std::uint8_t ext_none = 0x00;
inline constexpr std::uint8_t ext_udp_port = 0x40;
inline constexpr std::uint8_t ext_pdu_session_container = 0x85;

}  // namespace glasscore::gtpu
