// IPv4/IPv6 packets of the simulated UEs (see ip_packets.h for the RFCs).
#include "glasscore/sim/ip_packets.h"

#include <algorithm>

#include "glasscore/codec/ip/internet_checksum.h"

namespace glasscore::sim::ip {

using glasscore::ip::pseudo_header6;

namespace {

constexpr std::size_t ipv4_header = 20;
constexpr std::size_t ipv6_header = 40;
constexpr std::size_t transport_header = 8;  // ICMP echo, ICMPv6 echo and UDP alike

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

std::vector<std::uint8_t> ipv4_packet(const ipv4_address& source, const ipv4_address& destination,
                                      std::uint8_t protocol, byte_span transport) {
  byte_writer w;
  w.write_u8(0x45);  // version 4, IHL 5 (RFC 791 §3.1)
  w.write_u8(0);
  w.write_u16(static_cast<std::uint16_t>(ipv4_header + transport.size()));
  w.write_u16(0);       // identification
  w.write_u16(0x4000);  // DF
  w.write_u8(64);       // TTL
  w.write_u8(protocol);
  w.write_u16(0);  // header checksum, patched below
  w.write_bytes(source);
  w.write_bytes(destination);
  auto out = w.release();
  const auto sum = checksum_finish(checksum_add(out));
  out[10] = static_cast<std::uint8_t>(sum >> 8);
  out[11] = static_cast<std::uint8_t>(sum);
  out.insert(out.end(), transport.begin(), transport.end());
  return out;
}

std::uint32_t pseudo_header4(const ipv4_address& s, const ipv4_address& d, std::uint8_t protocol,
                             std::size_t length) {
  std::uint32_t sum = checksum_add(s);
  sum = checksum_add(d, sum);
  return sum + protocol + static_cast<std::uint32_t>(length);
}

std::vector<std::uint8_t> echo_body(std::uint8_t type, std::uint16_t identifier,
                                    std::uint16_t sequence, byte_span payload) {
  byte_writer w;
  w.write_u8(type);
  w.write_u8(0);
  w.write_u16(0);  // checksum, patched by the caller
  w.write_u16(identifier);
  w.write_u16(sequence);
  w.write_bytes(payload);
  return w.release();
}

void patch_checksum(std::vector<std::uint8_t>& transport, std::size_t at, std::uint32_t sum) {
  transport[at] = 0;
  transport[at + 1] = 0;
  auto c = checksum_finish(checksum_add(transport, sum));
  if (c == 0 && at == 6) {
    c = 0xffff;  // RFC 768: a computed UDP checksum of zero is sent as all ones
  }
  transport[at] = static_cast<std::uint8_t>(c >> 8);
  transport[at + 1] = static_cast<std::uint8_t>(c);
}

}  // namespace

std::vector<std::uint8_t> icmp4_echo(const ipv4_address& source, const ipv4_address& destination,
                                     bool reply, std::uint16_t identifier, std::uint16_t sequence,
                                     byte_span payload) {
  // RFC 792: Echo Request type 8, Echo Reply type 0; checksum over the ICMP message.
  auto icmp = echo_body(reply ? 0 : 8, identifier, sequence, payload);
  patch_checksum(icmp, 2, 0);
  return ipv4_packet(source, destination, protocol_icmp, icmp);
}

std::vector<std::uint8_t> icmp6_echo(const ipv6_address& source, const ipv6_address& destination,
                                     bool reply, std::uint16_t identifier, std::uint16_t sequence,
                                     byte_span payload) {
  // RFC 4443 §4.1/§4.2: types 128 and 129; the checksum includes the pseudo-header.
  auto icmp = echo_body(reply ? 129 : 128, identifier, sequence, payload);
  patch_checksum(icmp, 2, pseudo_header6(source, destination, protocol_icmpv6, icmp.size()));
  byte_writer w;
  w.write_u32(0x60000000);  // version 6, traffic class 0, flow label 0
  w.write_u16(static_cast<std::uint16_t>(icmp.size()));
  w.write_u8(protocol_icmpv6);
  w.write_u8(64);  // hop limit
  w.write_bytes(source);
  w.write_bytes(destination);
  w.write_bytes(icmp);
  return w.release();
}

std::vector<std::uint8_t> udp4(const ipv4_address& source, const ipv4_address& destination,
                               std::uint16_t source_port, std::uint16_t destination_port,
                               byte_span payload) {
  byte_writer w;
  w.write_u16(source_port);
  w.write_u16(destination_port);
  w.write_u16(static_cast<std::uint16_t>(transport_header + payload.size()));
  w.write_u16(0);
  w.write_bytes(payload);
  auto udp = w.release();
  patch_checksum(udp, 6, pseudo_header4(source, destination, protocol_udp, udp.size()));
  return ipv4_packet(source, destination, protocol_udp, udp);
}

std::optional<packet_info> parse(byte_span packet) {
  if (packet.empty()) {
    return std::nullopt;
  }
  packet_info info;
  info.version = packet[0] >> 4;
  byte_span transport;
  std::uint32_t pseudo = 0;
  if (info.version == 4) {
    const std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    if (packet.size() < ipv4_header || ihl < ipv4_header || ihl > packet.size()) {
      return std::nullopt;
    }
    const std::size_t total = be16(packet.data() + 2);
    if (total < ihl || total > packet.size()) {
      return std::nullopt;
    }
    info.protocol = packet[9];
    std::copy_n(packet.begin() + 12, 4, info.source4.begin());
    std::copy_n(packet.begin() + 16, 4, info.destination4.begin());
    transport = packet.subspan(ihl, total - ihl);
    pseudo = pseudo_header4(info.source4, info.destination4, info.protocol, transport.size());
  } else if (info.version == 6) {
    if (packet.size() < ipv6_header) {
      return std::nullopt;
    }
    const std::size_t length = be16(packet.data() + 4);
    if (ipv6_header + length > packet.size()) {
      return std::nullopt;
    }
    info.protocol = packet[6];  // extension headers are not followed: not sent by us
    std::copy_n(packet.begin() + 8, 16, info.source6.begin());
    std::copy_n(packet.begin() + 24, 16, info.destination6.begin());
    transport = packet.subspan(ipv6_header, length);
    pseudo = pseudo_header6(info.source6, info.destination6, info.protocol, transport.size());
  } else {
    return std::nullopt;
  }
  const bool icmp = (info.version == 4 && info.protocol == protocol_icmp) ||
                    (info.version == 6 && info.protocol == protocol_icmpv6);
  if (icmp && transport.size() >= transport_header) {
    info.icmp_type = transport[0];
    info.icmp_identifier = be16(transport.data() + 4);
    info.icmp_sequence = be16(transport.data() + 6);
    info.payload_size = transport.size() - transport_header;
    info.checksum_ok =
        checksum_finish(checksum_add(transport, info.version == 6 ? pseudo : 0)) == 0;
  } else if (info.protocol == protocol_udp && transport.size() >= transport_header) {
    info.udp_source_port = be16(transport.data());
    info.udp_destination_port = be16(transport.data() + 2);
    info.payload_size = transport.size() - transport_header;
    const bool no_checksum = be16(transport.data() + 6) == 0 && info.version == 4;
    info.checksum_ok = no_checksum || checksum_finish(checksum_add(transport, pseudo)) == 0;
  }
  return info;
}

std::optional<std::vector<std::uint8_t>> echo_reply_for(byte_span request) {
  auto info = parse(request);
  if (!info || !info->icmp_type) {
    return std::nullopt;
  }
  const std::size_t header =
      info->version == 4 ? static_cast<std::size_t>(request[0] & 0x0f) * 4 : ipv6_header;
  const auto payload = request.subspan(header + transport_header, info->payload_size);
  if (info->version == 4 && *info->icmp_type == 8) {
    return icmp4_echo(info->destination4, info->source4, true, info->icmp_identifier,
                      info->icmp_sequence, payload);
  }
  if (info->version == 6 && *info->icmp_type == 128) {
    return icmp6_echo(info->destination6, info->source6, true, info->icmp_identifier,
                      info->icmp_sequence, payload);
  }
  return std::nullopt;
}

}  // namespace glasscore::sim::ip
