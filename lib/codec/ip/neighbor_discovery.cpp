// RFC 4861 router messages as IPv6 packets (see neighbor_discovery.h).
#include "glasscore/codec/ip/neighbor_discovery.h"

#include <algorithm>

#include "glasscore/codec/ip/internet_checksum.h"

namespace glasscore::nd {

namespace {

constexpr std::size_t ipv6_header = 40;
constexpr std::uint8_t next_header_icmpv6 = 58;
// RFC 4861 §6.1: ND messages are sent and accepted only with hop limit 255, which proves
// they were not forwarded by a router.
constexpr std::uint8_t nd_hop_limit = 255;
constexpr std::size_t rs_length = 8;   // §4.1: type, code, checksum, reserved
constexpr std::size_t ra_length = 16;  // §4.2: up to the retrans timer
constexpr std::uint8_t option_source_link_layer = 1;
constexpr std::uint8_t option_prefix_information = 3;
constexpr std::uint8_t option_mtu = 5;
constexpr std::uint8_t flag_managed = 0x80;
constexpr std::uint8_t flag_other = 0x40;
constexpr std::uint8_t flag_on_link = 0x80;
constexpr std::uint8_t flag_autonomous = 0x40;

// RFC 4443 §2.3: the Internet checksum over the IPv6 pseudo-header and the ICMPv6 message.
std::uint16_t icmpv6_checksum(const ipv6_address& source, const ipv6_address& destination,
                              byte_span message) {
  return ip::checksum_finish(ip::checksum_add(
      message, ip::pseudo_header6(source, destination, next_header_icmpv6, message.size())));
}

std::vector<std::uint8_t> ipv6_packet(const ipv6_address& source, const ipv6_address& destination,
                                      std::vector<std::uint8_t> icmp) {
  const auto checksum = icmpv6_checksum(source, destination, icmp);
  icmp[2] = static_cast<std::uint8_t>(checksum >> 8U);
  icmp[3] = static_cast<std::uint8_t>(checksum);
  byte_writer w;
  w.write_u32(0x60000000);  // version 6, traffic class 0, flow label 0
  w.write_u16(static_cast<std::uint16_t>(icmp.size()));
  w.write_u8(next_header_icmpv6);
  w.write_u8(nd_hop_limit);
  w.write_bytes(source);
  w.write_bytes(destination);
  w.write_bytes(icmp);
  return w.release();
}

struct icmpv6_message {
  ipv6_address source{};
  ipv6_address destination{};
  byte_span body;  ///< from the ICMPv6 type on
};

// The ICMPv6 message of `packet` when it is an ND message of `type` as §6.1.1/§6.1.2 ask:
// IPv6 with ICMPv6 directly as next header, hop limit 255, code 0, at least `min_length`
// octets, a correct checksum, and options each of non-zero length.
std::optional<icmpv6_message> nd_message(byte_span packet, std::uint8_t type,
                                         std::size_t min_length) {
  if (packet.size() < ipv6_header || packet[0] >> 4U != 6) {
    return std::nullopt;
  }
  const std::size_t payload = static_cast<std::size_t>(packet[4]) << 8U | packet[5];
  if (ipv6_header + payload > packet.size() || packet[6] != next_header_icmpv6 ||
      packet[7] != nd_hop_limit) {
    return std::nullopt;
  }
  icmpv6_message m;
  std::copy_n(packet.begin() + 8, 16, m.source.begin());
  std::copy_n(packet.begin() + 24, 16, m.destination.begin());
  m.body = packet.subspan(ipv6_header, payload);
  if (m.body.size() < min_length || m.body[0] != type || m.body[1] != 0 ||
      icmpv6_checksum(m.source, m.destination, m.body) != 0) {
    return std::nullopt;
  }
  // §6.1.1/§6.1.2: every option has a length greater than zero and fits.
  for (std::size_t at = min_length; at < m.body.size();) {
    if (m.body.size() - at < 2 || m.body[at + 1] == 0 ||
        static_cast<std::size_t>(m.body[at + 1]) * 8 > m.body.size() - at) {
      return std::nullopt;
    }
    at += static_cast<std::size_t>(m.body[at + 1]) * 8;
  }
  return m;
}

std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24U | static_cast<std::uint32_t>(p[1]) << 16U |
         static_cast<std::uint32_t>(p[2]) << 8U | p[3];
}

}  // namespace

ipv6_address link_local(const interface_id& id) {
  ipv6_address a{0xfe, 0x80};
  std::copy(id.begin(), id.end(), a.begin() + 8);
  return a;
}

ipv6_address global(const prefix64& prefix, const interface_id& id) {
  ipv6_address a{};
  std::copy(prefix.begin(), prefix.end(), a.begin());
  std::copy(id.begin(), id.end(), a.begin() + 8);
  return a;
}

bool is_unspecified(const ipv6_address& a) {
  return std::all_of(a.begin(), a.end(), [](std::uint8_t b) { return b == 0; });
}

std::vector<std::uint8_t> encode(const router_solicitation& rs) {
  // §4.1, without a Source Link-Layer Address option: the UE's link has no link-layer
  // addresses (TS 23.501 §5.8.2.2.3, point-to-point PDU session).
  std::vector<std::uint8_t> icmp(rs_length, 0);
  icmp[0] = icmpv6_router_solicitation;
  return ipv6_packet(rs.source, rs.destination, std::move(icmp));
}

std::vector<std::uint8_t> encode(const router_advertisement& ra) {
  byte_writer w;
  w.write_u8(icmpv6_router_advertisement);
  w.write_u8(0);   // code
  w.write_u16(0);  // checksum, set by ipv6_packet
  w.write_u8(ra.current_hop_limit);
  w.write_u8(
      static_cast<std::uint8_t>((ra.managed ? flag_managed : 0U) | (ra.other ? flag_other : 0U)));
  w.write_u16(ra.router_lifetime);
  w.write_u32(0);  // reachable time: unspecified
  w.write_u32(0);  // retrans timer: unspecified
  // §4.6.2 Prefix Information: length 4 (32 octets), prefix length 64.
  w.write_u8(option_prefix_information);
  w.write_u8(4);
  w.write_u8(64);
  w.write_u8(static_cast<std::uint8_t>((ra.on_link ? flag_on_link : 0U) |
                                       (ra.autonomous ? flag_autonomous : 0U)));
  w.write_u32(ra.valid_lifetime);
  w.write_u32(ra.preferred_lifetime);
  w.write_u32(0);  // reserved2
  w.write_bytes(ra.prefix);
  w.write_u64(0);  // the prefix's bits after the first 64 are zero (§4.6.2)
  if (ra.mtu) {
    // §4.6.4 MTU: length 1 (8 octets).
    w.write_u8(option_mtu);
    w.write_u8(1);
    w.write_u16(0);
    w.write_u32(*ra.mtu);
  }
  return ipv6_packet(ra.source, ra.destination, w.release());
}

std::optional<router_solicitation> decode_router_solicitation(byte_span packet) {
  auto m = nd_message(packet, icmpv6_router_solicitation, rs_length);
  if (!m) {
    return std::nullopt;
  }
  if (is_unspecified(m->source)) {
    // §6.1.1: from the unspecified address, no Source Link-Layer Address option.
    for (std::size_t at = rs_length; at < m->body.size();
         at += static_cast<std::size_t>(m->body[at + 1]) * 8) {
      if (m->body[at] == option_source_link_layer) {
        return std::nullopt;
      }
    }
  }
  return router_solicitation{m->source, m->destination};
}

std::optional<router_advertisement> decode_router_advertisement(byte_span packet) {
  auto m = nd_message(packet, icmpv6_router_advertisement, ra_length);
  // §6.1.2: the source must be link-local.
  if (!m || m->source[0] != 0xfe || (m->source[1] & 0xc0U) != 0x80) {
    return std::nullopt;
  }
  const auto b = m->body;
  router_advertisement ra;
  ra.source = m->source;
  ra.destination = m->destination;
  ra.current_hop_limit = b[4];
  ra.managed = (b[5] & flag_managed) != 0;
  ra.other = (b[5] & flag_other) != 0;
  ra.router_lifetime = static_cast<std::uint16_t>(b[6] << 8U | b[7]);
  bool have_prefix = false;
  for (std::size_t at = ra_length; at < b.size(); at += static_cast<std::size_t>(b[at + 1]) * 8) {
    const auto* o = b.data() + at;
    if (o[0] == option_prefix_information && !have_prefix) {
      // §4.6.2: 32 octets; only a /64 can be used with the network's interface identifier.
      if (o[1] != 4 || o[2] != 64) {
        return std::nullopt;
      }
      ra.on_link = (o[3] & flag_on_link) != 0;
      ra.autonomous = (o[3] & flag_autonomous) != 0;
      ra.valid_lifetime = be32(o + 4);
      ra.preferred_lifetime = be32(o + 8);
      std::copy_n(o + 16, 8, ra.prefix.begin());
      have_prefix = true;
    } else if (o[0] == option_mtu && o[1] == 1) {
      ra.mtu = be32(o + 4);
    }
  }
  if (!have_prefix) {
    return std::nullopt;
  }
  return ra;
}

}  // namespace glasscore::nd
