// RFC 4861 router messages: the octets of our Router Advertisement against RFC 4861 §4.2,
// §4.6.2 and §4.6.4 with the values of TS 29.061 §11.2.1.3.1, and the receiver's checks
// (§6.1.1, §6.1.2) on solicitations and advertisements.
#include "glasscore/codec/ip/neighbor_discovery.h"

#include <gtest/gtest.h>

#include <vector>

namespace glasscore::nd {
namespace {

using bytes = std::vector<std::uint8_t>;

constexpr prefix64 prefix = {0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0x00, 0x01};
constexpr interface_id ue_id = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};

router_advertisement sample() {
  router_advertisement ra;
  ra.source = link_local({0, 0, 0, 0, 0, 0, 0, 1});
  ra.destination = all_nodes;
  ra.router_lifetime = 64800;
  ra.prefix = prefix;
  ra.mtu = 1400;
  return ra;
}

// RFC 4443 §2.3 checksum, recomputed here independently of the codec.
std::uint16_t checksum_of(const bytes& packet) {
  std::uint32_t sum = 0;
  auto add = [&sum](const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i + 1 < n; i += 2) {
      sum += static_cast<std::uint32_t>(p[i]) << 8U | p[i + 1];
    }
    if (n % 2 != 0) {
      sum += static_cast<std::uint32_t>(p[n - 1]) << 8U;
    }
  };
  add(packet.data() + 8, 32);  // source and destination
  sum += static_cast<std::uint32_t>(packet.size() - 40) + 58;
  add(packet.data() + 40, packet.size() - 40);
  while (sum > 0xffff) {
    sum = (sum & 0xffff) + (sum >> 16U);
  }
  return static_cast<std::uint16_t>(~sum);
}

TEST(neighbor_discovery, router_advertisement_octets_follow_rfc_4861) {
  const auto p = encode(sample());
  ASSERT_EQ(p.size(), 40U + 16 + 32 + 8);
  // IPv6 header: version 6, payload length 56, next header ICMPv6, hop limit 255 (§6.1.2).
  EXPECT_EQ(p[0], 0x60);
  EXPECT_EQ(p[4], 0);
  EXPECT_EQ(p[5], 56);
  EXPECT_EQ(p[6], 58);
  EXPECT_EQ(p[7], 255);
  EXPECT_EQ(bytes(p.begin() + 8, p.begin() + 24),
            (bytes{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(bytes(p.begin() + 24, p.begin() + 40),
            (bytes{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  // §4.2: type 134, code 0, cur hop limit 64, M=0 O=0, router lifetime 64800 (0xfd20),
  // reachable time and retrans timer 0 (unspecified).
  EXPECT_EQ(bytes(p.begin() + 40, p.begin() + 42), (bytes{134, 0}));
  EXPECT_EQ(bytes(p.begin() + 44, p.begin() + 56),
            (bytes{64, 0x00, 0xfd, 0x20, 0, 0, 0, 0, 0, 0, 0, 0}));
  // §4.6.2: type 3, length 4, prefix length 64, L=0 A=1, lifetimes infinity, reserved2 0,
  // the /64 followed by zero bits.
  EXPECT_EQ(
      bytes(p.begin() + 56, p.begin() + 88),
      (bytes{3,    4,    64,   0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
             0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0x00, 0x01, 0,    0,    0,    0,    0, 0, 0, 0}));
  // §4.6.4: type 5, length 1, reserved, MTU 1400.
  EXPECT_EQ(bytes(p.begin() + 88, p.end()), (bytes{5, 1, 0, 0, 0, 0, 0x05, 0x78}));
  // The checksum field makes the one's complement sum zero.
  EXPECT_EQ(checksum_of(p), 0);
}

TEST(neighbor_discovery, router_advertisement_decodes_as_encoded) {
  auto ra = decode_router_advertisement(encode(sample()));
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->source, link_local({0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(ra->destination, all_nodes);
  EXPECT_EQ(ra->router_lifetime, 64800);
  EXPECT_EQ(ra->prefix, prefix);
  EXPECT_FALSE(ra->on_link);
  EXPECT_TRUE(ra->autonomous);
  EXPECT_EQ(ra->valid_lifetime, infinite_lifetime);
  EXPECT_EQ(ra->preferred_lifetime, infinite_lifetime);
  EXPECT_EQ(ra->mtu, std::optional<std::uint32_t>(1400));
  auto without_mtu = sample();
  without_mtu.mtu.reset();
  EXPECT_FALSE(decode_router_advertisement(encode(without_mtu))->mtu.has_value());
}

TEST(neighbor_discovery, router_solicitation_octets_and_round_trip) {
  router_solicitation rs;
  rs.source = link_local(ue_id);
  const auto p = encode(rs);
  ASSERT_EQ(p.size(), 48U);
  EXPECT_EQ(p[5], 8);    // payload length
  EXPECT_EQ(p[7], 255);  // hop limit
  EXPECT_EQ(bytes(p.begin() + 24, p.begin() + 40),
            (bytes{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(bytes(p.begin() + 40, p.begin() + 42), (bytes{133, 0}));
  EXPECT_EQ(bytes(p.begin() + 44, p.end()), (bytes{0, 0, 0, 0}));
  EXPECT_EQ(checksum_of(p), 0);
  auto back = decode_router_solicitation(p);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->source, link_local(ue_id));
  EXPECT_EQ(back->destination, all_routers);
}

// Fixes the checksum after a test changed octets, so that only the change is judged.
void fix_checksum(bytes& p) {
  p[42] = 0;
  p[43] = 0;
  const auto c = checksum_of(p);
  p[42] = static_cast<std::uint8_t>(c >> 8U);
  p[43] = static_cast<std::uint8_t>(c);
}

TEST(neighbor_discovery, invalid_solicitations_are_refused) {
  router_solicitation rs;
  rs.source = link_local(ue_id);
  const auto good = encode(rs);
  ASSERT_TRUE(decode_router_solicitation(good));

  auto hop = good;
  hop[7] = 64;  // §6.1.1: forwarded, not from the link
  EXPECT_FALSE(decode_router_solicitation(hop));
  auto code = good;
  code[41] = 1;
  fix_checksum(code);
  EXPECT_FALSE(decode_router_solicitation(code));
  auto checksum = good;
  checksum[43] ^= 0x01;
  EXPECT_FALSE(decode_router_solicitation(checksum));
  auto type = good;
  type[40] = 128;  // an echo request
  fix_checksum(type);
  EXPECT_FALSE(decode_router_solicitation(type));
  auto not_icmp = good;
  not_icmp[6] = 17;
  EXPECT_FALSE(decode_router_solicitation(not_icmp));
  // An option of length 0 (§6.1.1).
  auto zero_option = good;
  zero_option.insert(zero_option.end(), {1, 0, 0, 0, 0, 0, 0, 0});
  zero_option[5] = 16;
  fix_checksum(zero_option);
  EXPECT_FALSE(decode_router_solicitation(zero_option));
  // From :: with a Source Link-Layer Address option (§6.1.1).
  router_solicitation unspecified;
  auto sllao = encode(unspecified);
  ASSERT_TRUE(decode_router_solicitation(sllao));
  sllao.insert(sllao.end(), {1, 1, 0x02, 0, 0, 0, 0, 1});
  sllao[5] = 16;
  fix_checksum(sllao);
  EXPECT_FALSE(decode_router_solicitation(sllao));
  // Every truncation, and a payload length beyond the packet.
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_router_solicitation(byte_span(good.data(), n))) << n;
  }
  auto long_length = good;
  long_length[5] = 9;
  EXPECT_FALSE(decode_router_solicitation(long_length));
}

TEST(neighbor_discovery, invalid_advertisements_are_refused) {
  const auto good = encode(sample());
  auto hop = good;
  hop[7] = 254;
  EXPECT_FALSE(decode_router_advertisement(hop));
  auto global_source = good;
  global_source[8] = 0x20;  // §6.1.2: the source must be link-local
  fix_checksum(global_source);
  EXPECT_FALSE(decode_router_advertisement(global_source));
  auto no_prefix = sample();
  auto p = encode(no_prefix);
  p.erase(p.begin() + 56, p.begin() + 88);
  p[5] = static_cast<std::uint8_t>(p.size() - 40);
  fix_checksum(p);
  EXPECT_FALSE(decode_router_advertisement(p)) << "nothing to configure an address from";
  auto option_overrun = good;
  option_overrun[89] = 2;  // the MTU option claims 16 octets, 8 are there
  fix_checksum(option_overrun);
  EXPECT_FALSE(decode_router_advertisement(option_overrun));
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_router_advertisement(byte_span(good.data(), n))) << n;
  }
}

TEST(neighbor_discovery, addresses_from_prefix_and_interface_identifier) {
  EXPECT_EQ(link_local(ue_id), (ipv6_address{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78,
                                             0x9a, 0xbc, 0xde, 0xf0}));
  EXPECT_EQ(global(prefix, ue_id), (ipv6_address{0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0, 1, 0x12,
                                                 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}));
  EXPECT_TRUE(is_unspecified(ipv6_address{}));
  EXPECT_FALSE(is_unspecified(all_nodes));
}

}  // namespace
}  // namespace glasscore::nd
