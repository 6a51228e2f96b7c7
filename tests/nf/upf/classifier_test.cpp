// The data path's PDR classification on its own (nf/upf/packet_filter_match.h,
// nf/upf/pdr_match.h): SDF filters against hand-built IPv4 and IPv6 packets (TS 29.244
// §5.2.1A.2A), the IPv6 extension header walk (RFC 8200 §4), fragments, truncation, and the
// precedence order among a session's PDRs (§5.2.1).
#include <gtest/gtest.h>

#include "packet_filter_match.h"
#include "pdr_match.h"
#include "upf_test_support.h"

namespace glasscore::upf::detail {
namespace {

using bytes = std::vector<std::uint8_t>;
using config::ip_address;

const std::array<std::uint8_t, 4> ue4{10, 45, 0, 2};
const std::array<std::uint8_t, 4> remote4{198, 51, 100, 7};
const std::array<std::uint8_t, 16> ue6{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1};
const std::array<std::uint8_t, 16> remote6{0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0, 0,
                                           0,    0,    0,    0,    0,    0,    0, 0x42};

ip_address v6(const std::array<std::uint8_t, 16>& a) {
  ip_address ip;
  ip.family = config::ip_family::v6;
  std::copy(a.begin(), a.end(), ip.bytes.begin());
  return ip;
}

// The first 8 octets of a UDP header (RFC 768): ports, length, no checksum.
bytes udp(std::uint16_t sport, std::uint16_t dport) {
  return {static_cast<std::uint8_t>(sport >> 8),
          static_cast<std::uint8_t>(sport),
          static_cast<std::uint8_t>(dport >> 8),
          static_cast<std::uint8_t>(dport),
          0,
          8,
          0,
          0};
}

// An IPv6 extension header (RFC 8200 §4.3 layout): Next Header, Hdr Ext Len (8-octet units
// beyond the first 8), padding.
bytes extension(std::uint8_t next, std::uint8_t length_units) {
  bytes h((std::size_t{length_units} + 1) * 8, 0);
  h[0] = next;
  h[1] = length_units;
  return h;
}

// A Fragment header (RFC 8200 §4.5): Next Header, reserved, offset (in 8-octet units) and
// M flag, identification.
bytes fragment(std::uint8_t next, std::uint16_t offset_units, bool more) {
  const auto word = static_cast<std::uint16_t>((offset_units << 3) | (more ? 1 : 0));
  return {next, 0, static_cast<std::uint8_t>(word >> 8), static_cast<std::uint8_t>(word), 0, 0,
          0,    7};
}

bytes concat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

// "permit out 17 from 198.51.100.0/24 5000-5010 to assigned" (§5.2.1A.2A).
packet_filter dedicated_v4() {
  packet_filter f;
  f.protocol = 17;
  f.remote = config::ip_prefix{ip_address::v4(198, 51, 100, 0), 24};
  f.remote_ports = {{5000, 5010}};
  return f;
}

// Whether a PDR with the one filter `f` (and no QFI) matches `packet` in direction `d`.
bool matches(const packet_filter& f, const bytes& packet, flow_direction d) {
  pdr_classifier c;
  c.add(std::nullopt, {f});
  return c.match(packet, std::nullopt, d).has_value();
}
bool uplink_match(const packet_filter& f, const bytes& packet) {
  return matches(f, packet, flow_direction::uplink);
}
bool downlink_match(const packet_filter& f, const bytes& packet) {
  return matches(f, packet, flow_direction::downlink);
}

TEST(upf_classifier, ipv4_remote_prefix_and_port_range_by_direction) {
  const packet_filter f = dedicated_v4();
  // Uplink: the remote end is the destination.
  EXPECT_TRUE(uplink_match(f, test::ipv4_udp(ue4, remote4, 40000, 5000, {})));
  EXPECT_TRUE(uplink_match(f, test::ipv4_udp(ue4, remote4, 40000, 5010, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv4_udp(ue4, remote4, 40000, 4999, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv4_udp(ue4, remote4, 40000, 5011, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv4_udp(ue4, {198, 51, 101, 7}, 40000, 5000, {})));
  // The same packet seen as downlink: the remote end is now its source.
  EXPECT_FALSE(downlink_match(f, test::ipv4_udp(ue4, remote4, 40000, 5000, {})));
  EXPECT_TRUE(downlink_match(f, test::ipv4_udp(remote4, ue4, 5005, 40000, {})));
  // Protocol: TCP (6) with the same ports is another flow.
  bytes tcp = test::ipv4_udp(ue4, remote4, 40000, 5000, {});
  tcp[9] = 6;
  EXPECT_FALSE(uplink_match(f, tcp));
}

TEST(upf_classifier, local_ports_and_prefix_lengths_off_octet_boundaries) {
  packet_filter f;
  f.remote = config::ip_prefix{ip_address::v4(198, 51, 100, 0), 22};  // 198.51.100-103.x
  f.local_ports = {{80, 80}, {443, 443}};
  EXPECT_TRUE(uplink_match(f, test::ipv4_udp(ue4, {198, 51, 103, 9}, 443, 1, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv4_udp(ue4, {198, 51, 104, 9}, 443, 1, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv4_udp(ue4, {198, 51, 103, 9}, 444, 1, {})));
  // An IPv6 prefix never matches an IPv4 packet, and the other way round.
  packet_filter six;
  six.remote = config::ip_prefix{v6(remote6), 36};
  EXPECT_FALSE(uplink_match(six, test::ipv4_udp(ue4, remote4, 1, 2, {})));
  EXPECT_FALSE(uplink_match(f, test::ipv6(ue6, remote6, 17, udp(1, 2))));
  // A /36 from 2001:db8:abcd::42 covers 2001:db8:a000:: to 2001:db8:afff:ffff:...
  auto inside = remote6;
  inside[4] = 0xa0;
  auto outside = remote6;
  outside[4] = 0xbb;  // the 33rd-36th bits differ
  EXPECT_TRUE(uplink_match(six, test::ipv6(ue6, remote6, 17, udp(1, 2))));
  EXPECT_TRUE(uplink_match(six, test::ipv6(ue6, inside, 17, udp(1, 2))));
  EXPECT_FALSE(uplink_match(six, test::ipv6(ue6, outside, 17, udp(1, 2))));
  // Local address ("to <address>"): compared with the UE end.
  packet_filter local;
  local.local = config::ip_prefix{ip_address::v4(10, 45, 0, 2), 32};
  EXPECT_TRUE(uplink_match(local, test::ipv4_udp(ue4, remote4, 1, 2, {})));
  EXPECT_FALSE(uplink_match(local, test::ipv4_udp({10, 45, 0, 3}, remote4, 1, 2, {})));
}

TEST(upf_classifier, ipv6_extension_headers_are_walked_to_the_upper_layer) {
  packet_filter f;
  f.protocol = 17;
  f.remote = config::ip_prefix{v6(remote6), 128};
  f.remote_ports = {{5000, 5010}};
  // Hop-by-Hop (0) -> Routing (43) -> Destination Options (60, 16 octets) -> UDP.
  const bytes chain =
      concat({extension(43, 0), extension(60, 0), extension(17, 1), udp(40000, 5003)});
  const bytes packet = test::ipv6(ue6, remote6, 0, chain);
  auto p = parse_packet(packet);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, 17);
  ASSERT_TRUE(p->has_ports);
  EXPECT_EQ(p->source_port, 40000);
  EXPECT_EQ(p->destination_port, 5003);
  EXPECT_TRUE(uplink_match(f, packet));
  // A chain cut short, or whose length runs past the packet, does not parse.
  bytes cut = packet;
  cut.resize(40 + 8 + 8 + 10);  // inside the 16-octet Destination Options header
  EXPECT_FALSE(parse_packet(cut));
  bytes overrun = test::ipv6(ue6, remote6, 60, extension(17, 0));
  overrun[41] = 200;  // Hdr Ext Len: 1608 octets
  EXPECT_FALSE(parse_packet(overrun));
  // More extension headers than the bound: not classified.
  bytes long_chain;
  for (int i = 0; i < max_ipv6_extension_headers + 1; ++i)
    long_chain = concat({long_chain, extension(60, 0)});
  long_chain[long_chain.size() - 8] = 17;  // the last one's Next Header: UDP
  EXPECT_FALSE(parse_packet(test::ipv6(ue6, remote6, 60, concat({long_chain, udp(1, 2)}))));
  // Truncated UDP header: parsed, but without ports, so a filter with ports does not match.
  const bytes short_udp = test::ipv6(ue6, remote6, 17, {0x9c, 0x40});
  auto s = parse_packet(short_udp);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->has_ports);
  EXPECT_FALSE(uplink_match(f, short_udp));
}

TEST(upf_classifier, only_a_first_fragment_has_ports) {
  packet_filter ports;
  ports.protocol = 17;
  ports.remote_ports = {{5000, 5010}};
  packet_filter protocol_only;
  protocol_only.protocol = 17;
  const bytes first = test::ipv6(ue6, remote6, 44, concat({fragment(17, 0, true), udp(1, 5000)}));
  const bytes later = test::ipv6(ue6, remote6, 44, concat({fragment(17, 2, false), udp(1, 5000)}));
  EXPECT_TRUE(uplink_match(ports, first));
  EXPECT_FALSE(uplink_match(ports, later));  // its first octets are data, not a UDP header
  EXPECT_TRUE(uplink_match(protocol_only, later));
  // IPv4 (RFC 791): Fragment Offset 0 with MF carries the header; offset 185 does not.
  bytes v4_first = test::ipv4_udp(ue4, remote4, 1, 5000, {});
  v4_first[6] = 0x20;  // MF
  bytes v4_later = v4_first;
  v4_later[7] = 185;
  EXPECT_TRUE(uplink_match(ports, v4_first));
  EXPECT_FALSE(uplink_match(ports, v4_later));
  EXPECT_TRUE(uplink_match(protocol_only, v4_later));
}

TEST(upf_classifier, truncated_and_non_ip_packets_are_never_read_past) {
  const bytes v4 = test::ipv4_udp(ue4, remote4, 40000, 5000, {});
  // Every prefix of the packet: parsing stops inside it (ASan would see a read beyond).
  for (std::size_t n = 0; n < v4.size(); ++n) {
    const bytes cut(v4.begin(), v4.begin() + static_cast<std::ptrdiff_t>(n));
    auto p = parse_packet(cut);
    EXPECT_EQ(p.has_value(), n >= 20) << n;
    EXPECT_EQ(p && p->has_ports, n >= 24) << n;
  }
  bytes bad_ihl = v4;
  bad_ihl[0] = 0x44;  // IHL 4: below the 20-octet minimum
  EXPECT_FALSE(parse_packet(bad_ihl));
  bad_ihl[0] = 0x4F;  // IHL 15: 60 octets, longer than the packet
  EXPECT_FALSE(parse_packet(bad_ihl));
  EXPECT_FALSE(parse_packet(bytes{0x50, 0, 0, 0}));  // version 5
  const bytes v6 = test::ipv6(ue6, remote6, 0, concat({extension(17, 0), udp(1, 2)}));
  for (std::size_t n = 0; n < v6.size(); ++n) {
    const bytes cut(v6.begin(), v6.begin() + static_cast<std::ptrdiff_t>(n));
    auto p = parse_packet(cut);
    EXPECT_EQ(p.has_value(), n >= 48) << n;
  }
  // A packet that does not parse matches only PDRs without SDF filter, even the filter
  // that matches any IP packet.
  pdr_classifier c;
  c.add(std::nullopt, {packet_filter{}});
  EXPECT_FALSE(c.match(bytes{0x45}, std::nullopt, flow_direction::uplink));
  EXPECT_EQ(c.match(v4, std::nullopt, flow_direction::uplink), std::optional<std::size_t>(0));
  c.add(std::nullopt, {});
  EXPECT_EQ(c.match(bytes{0x45}, std::nullopt, flow_direction::uplink),
            std::optional<std::size_t>(1));
}

// Appends an uplink PDR (QFI, filters) to a session entry, as build_entry does in
// precedence order.
void add_uplink(session_entry& e, std::optional<std::uint8_t> qfi,
                const std::vector<packet_filter>& filters) {
  e.uplink_match.add(qfi, filters);
  e.uplink.push_back({});
}

TEST(upf_classifier, the_lowest_precedence_among_matching_pdrs_wins) {
  session_entry e;
  packet_filter drop_one;
  drop_one.protocol = 17;
  drop_one.remote_ports = {{5005, 5005}};
  add_uplink(e, 2, {drop_one});        // Precedence 5
  add_uplink(e, 2, {dedicated_v4()});  // 10
  add_uplink(e, 1, {});                // 255
  const bytes to_5003 = test::ipv4_udp(ue4, remote4, 40000, 5003, {});
  const bytes to_5005 = test::ipv4_udp(ue4, remote4, 40000, 5005, {});
  const bytes to_6000 = test::ipv4_udp(ue4, remote4, 40000, 6000, {});
  EXPECT_EQ(match_uplink(e, to_5003, 2), &e.uplink[1]);
  EXPECT_EQ(match_uplink(e, to_5005, 2), &e.uplink[0]);        // both match: 5 beats 10
  EXPECT_EQ(match_uplink(e, to_5003, 1), &e.uplink[2]);        // QFI 1: only the default PDR
  EXPECT_EQ(match_uplink(e, to_6000, 2), nullptr);             // QFI 2 but no filter fits
  EXPECT_EQ(match_uplink(e, to_5003, std::nullopt), nullptr);  // no container: no QFI
  EXPECT_EQ(match_uplink(e, to_5003, 3), nullptr);
  // A PDR without QFI and without filter matches everything, even what does not parse.
  add_uplink(e, std::nullopt, {});  // 300
  EXPECT_EQ(match_uplink(e, to_6000, 2), &e.uplink[3]);
  EXPECT_EQ(match_uplink(e, bytes{0x45}, 2), &e.uplink[3]);
}

TEST(upf_classifier, one_pdr_without_filter_matches_by_qfi_alone) {
  // The common session: one uplink PDR, QFI in its PDI, no SDF filter (§5.2.1A).
  pdr_classifier c;
  c.add(9, {});
  const bytes packet = test::ipv4_udp(ue4, remote4, 1, 2, {});
  EXPECT_EQ(c.match(packet, 9, flow_direction::uplink), std::optional<std::size_t>(0));
  EXPECT_EQ(c.match(bytes{}, 9, flow_direction::uplink), std::optional<std::size_t>(0));
  EXPECT_FALSE(c.match(packet, 2, flow_direction::uplink));
  EXPECT_FALSE(c.match(packet, std::nullopt, flow_direction::uplink));
  pdr_classifier any;
  any.add(std::nullopt, {});
  EXPECT_EQ(any.match(packet, std::nullopt, flow_direction::downlink),
            std::optional<std::size_t>(0));
}

TEST(upf_classifier, downlink_pdrs_match_on_the_source_as_remote_end) {
  session_entry e;
  e.downlink_match.add(std::nullopt, {dedicated_v4()});  // Precedence 10
  e.downlink.push_back({});
  EXPECT_EQ(match_downlink(e, test::ipv4_udp(remote4, ue4, 5001, 40000, {})), &e.downlink[0]);
  EXPECT_EQ(match_downlink(e, test::ipv4_udp(remote4, ue4, 7000, 40000, {})), nullptr);
  e.downlink_match.add(std::nullopt, {});  // 255, no filter
  e.downlink.push_back({});
  EXPECT_EQ(match_downlink(e, test::ipv4_udp(remote4, ue4, 5001, 40000, {})), &e.downlink[0]);
  EXPECT_EQ(match_downlink(e, test::ipv4_udp(remote4, ue4, 7000, 40000, {})), &e.downlink[1]);
}

}  // namespace
}  // namespace glasscore::upf::detail
