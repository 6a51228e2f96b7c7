#pragma once
/// \file
/// The few IP packets the simulated UEs send and check: IPv4 (RFC 791) with ICMP echo
/// (RFC 792) or UDP (RFC 768), and IPv6 (RFC 8200) with ICMPv6 echo (RFC 4443), each with
/// its Internet checksum (RFC 1071). Built with the byte writer, parsed with the bounds-
/// checked reader: a packet from the network that is cut or malformed parses as nullopt.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/codec/ip/internet_checksum.h"
#include "glasscore/core/bytes.h"

namespace glasscore::sim::ip {

inline constexpr std::uint8_t protocol_icmp = 1;
inline constexpr std::uint8_t protocol_udp = 17;
inline constexpr std::uint8_t protocol_icmpv6 = 58;

using ipv4_address = std::array<std::uint8_t, 4>;
using ipv6_address = std::array<std::uint8_t, 16>;

// The Internet checksum (RFC 1071) is the codec's (glasscore/codec/ip/internet_checksum.h).
using glasscore::ip::checksum_add;
using glasscore::ip::checksum_finish;

/// IPv4 + ICMP Echo Request (type 8) or Reply (type 0) with `payload`.
[[nodiscard]] std::vector<std::uint8_t> icmp4_echo(const ipv4_address& source,
                                                   const ipv4_address& destination, bool reply,
                                                   std::uint16_t identifier, std::uint16_t sequence,
                                                   byte_span payload);
/// IPv6 + ICMPv6 Echo Request (128) or Reply (129); the checksum covers the pseudo-header
/// (RFC 4443 §2.3, RFC 8200 §8.1).
[[nodiscard]] std::vector<std::uint8_t> icmp6_echo(const ipv6_address& source,
                                                   const ipv6_address& destination, bool reply,
                                                   std::uint16_t identifier, std::uint16_t sequence,
                                                   byte_span payload);
/// IPv4 + UDP with the UDP checksum over the pseudo-header (RFC 768).
[[nodiscard]] std::vector<std::uint8_t> udp4(const ipv4_address& source,
                                             const ipv4_address& destination,
                                             std::uint16_t source_port,
                                             std::uint16_t destination_port, byte_span payload);

/// What the user plane needs to know about a received packet.
struct packet_info {
  std::uint8_t version = 4;
  std::uint8_t protocol = 0;  ///< IPv4 protocol or IPv6 next header
  ipv4_address source4{};
  ipv4_address destination4{};
  ipv6_address source6{};
  ipv6_address destination6{};
  /// ICMP / ICMPv6 echo fields when the packet is one.
  std::optional<std::uint8_t> icmp_type;
  std::uint16_t icmp_identifier = 0;
  std::uint16_t icmp_sequence = 0;
  bool checksum_ok = false;  ///< ICMP, ICMPv6 or UDP checksum verified
  std::optional<std::uint16_t> udp_source_port;
  std::optional<std::uint16_t> udp_destination_port;
  std::size_t payload_size = 0;  ///< after the ICMP (8) or UDP (8) header
};

/// Parses the IP header and, for ICMP/ICMPv6/UDP, the transport header. nullopt when the
/// packet is cut or its header is inconsistent.
[[nodiscard]] std::optional<packet_info> parse(byte_span packet);

/// An Echo Reply answering `request` (ICMP or ICMPv6): addresses swapped, type changed,
/// checksums recomputed. nullopt when `request` is no echo request. Test reflectors use it.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> echo_reply_for(byte_span request);

}  // namespace glasscore::sim::ip
