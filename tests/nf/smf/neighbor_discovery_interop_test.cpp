// Interop: Wireshark's ICMPv6 dissector (tshark) reads our Router Advertisement and Router
// Solicitation as RFC 4861 defines them, with a correct checksum and no expert warning.
#include <gtest/gtest.h>

#include "glasscore/codec/ip/neighbor_discovery.h"
#include "smf/user_plane/router_advertiser.h"
#include "support/tshark.h"

namespace glasscore::smf {
namespace {

TEST(neighbor_discovery_tshark, router_advertisement_dissects_as_rfc_4861) {
  GLASSCORE_TSHARK_OR_SKIP();
  const ra_session s{{0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0x00, 0x2a},
                     {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88},
                     1400};
  const auto ra = nd::encode(router_advertiser::advertisement_for(s, nd::all_nodes));
  std::string error;
  auto packets = test::run_tshark(
      {ra}, "ipv6",
      {"ipv6.hlim", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status",
       "icmpv6.nd.ra.cur_hop_limit", "icmpv6.nd.ra.flag.m", "icmpv6.nd.ra.flag.o",
       "icmpv6.nd.ra.router_lifetime", "icmpv6.opt.prefix.length", "icmpv6.opt.prefix.flag.l",
       "icmpv6.opt.prefix.flag.a", "icmpv6.opt.prefix.valid_lifetime",
       "icmpv6.opt.prefix.preferred_lifetime", "icmpv6.opt.prefix", "icmpv6.opt.mtu"},
      &error);
  ASSERT_TRUE(packets) << error;
  ASSERT_EQ(packets->size(), 1U);
  const auto& p = packets->front();
  EXPECT_FALSE(p.malformed);
  EXPECT_TRUE(p.problems().empty()) << ::testing::PrintToString(p.problems());
  auto one = [&](const std::string& f) {
    const auto& v = p.values(f);
    return v.empty() ? std::string("<absent>") : v.front();
  };
  EXPECT_EQ(one("ipv6.hlim"), "255");
  EXPECT_EQ(one("ipv6.src"), "fe80::1");
  EXPECT_EQ(one("ipv6.dst"), "ff02::1");
  EXPECT_EQ(one("icmpv6.type"), "134");
  EXPECT_EQ(one("icmpv6.code"), "0");
  EXPECT_EQ(one("icmpv6.checksum.status"), "1");  // good
  EXPECT_EQ(one("icmpv6.nd.ra.cur_hop_limit"), "64");
  EXPECT_EQ(one("icmpv6.nd.ra.flag.m"), "0");
  EXPECT_EQ(one("icmpv6.nd.ra.flag.o"), "0");
  EXPECT_EQ(one("icmpv6.nd.ra.router_lifetime"), "64800");
  EXPECT_EQ(one("icmpv6.opt.prefix.length"), "64");
  EXPECT_EQ(one("icmpv6.opt.prefix.flag.l"), "0");
  EXPECT_EQ(one("icmpv6.opt.prefix.flag.a"), "1");
  EXPECT_EQ(one("icmpv6.opt.prefix.valid_lifetime"), "4294967295");
  EXPECT_EQ(one("icmpv6.opt.prefix.preferred_lifetime"), "4294967295");
  EXPECT_EQ(one("icmpv6.opt.prefix"), "2001:db8:cafe:2a::");
  EXPECT_EQ(one("icmpv6.opt.mtu"), "1400");
}

TEST(neighbor_discovery_tshark, router_solicitation_dissects_as_rfc_4861) {
  GLASSCORE_TSHARK_OR_SKIP();
  nd::router_solicitation rs;
  rs.source = nd::link_local({0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88});
  std::string error;
  auto packets = test::run_tshark(
      {nd::encode(rs)}, "ipv6",
      {"ipv6.hlim", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status"},
      &error);
  ASSERT_TRUE(packets) << error;
  ASSERT_EQ(packets->size(), 1U);
  const auto& p = packets->front();
  EXPECT_FALSE(p.malformed);
  EXPECT_TRUE(p.problems().empty()) << ::testing::PrintToString(p.problems());
  EXPECT_EQ(p.values("ipv6.hlim"), std::vector<std::string>{"255"});
  EXPECT_EQ(p.values("ipv6.src"), std::vector<std::string>{"fe80::1122:3344:5566:7788"});
  EXPECT_EQ(p.values("ipv6.dst"), std::vector<std::string>{"ff02::2"});
  EXPECT_EQ(p.values("icmpv6.type"), std::vector<std::string>{"133"});
  EXPECT_EQ(p.values("icmpv6.code"), std::vector<std::string>{"0"});
  EXPECT_EQ(p.values("icmpv6.checksum.status"), std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace glasscore::smf
