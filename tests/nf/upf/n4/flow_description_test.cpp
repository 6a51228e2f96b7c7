// The SDF filter Flow Description parser (TS 29.244 §5.2.1A.2A subset of RFC 6733 §4.3
// IPFilterRule): what it accepts and what it refuses.
#include "flow_description.h"

#include <gtest/gtest.h>

namespace {

using glasscore::upf::n4::flow_endpoint;
using glasscore::upf::n4::parse_flow_description;
using glasscore::upf::n4::port_range;

TEST(flow_description, router_solicitation_filter) {
  auto fd = parse_flow_description("permit out 58 from ff02::2 to assigned");
  ASSERT_TRUE(fd);
  EXPECT_EQ(fd->protocol, 58);
  EXPECT_EQ(fd->from.what, flow_endpoint::kind::address);
  EXPECT_EQ(fd->from.address.to_string(), "ff02::2");
  EXPECT_EQ(fd->from.prefix_length, 128);
  EXPECT_TRUE(fd->from.ports.empty());
  EXPECT_EQ(fd->to.what, flow_endpoint::kind::assigned);
}

TEST(flow_description, prefixes_ports_any_and_ip) {
  auto fd = parse_flow_description("permit out ip from 10.0.0.0/8 80,443,8000-8080 to any 1-2");
  ASSERT_TRUE(fd);
  EXPECT_FALSE(fd->protocol.has_value());
  EXPECT_EQ(fd->from.address.to_string(), "10.0.0.0");
  EXPECT_EQ(fd->from.prefix_length, 8);
  EXPECT_EQ(fd->from.ports, (std::vector<port_range>{{80, 80}, {443, 443}, {8000, 8080}}));
  EXPECT_EQ(fd->to.what, flow_endpoint::kind::any);
  EXPECT_EQ(fd->to.ports, (std::vector<port_range>{{1, 2}}));
  auto v4 = parse_flow_description("permit out 17 from 192.0.2.1 to assigned 53");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->from.prefix_length, 32);
}

TEST(flow_description, anything_outside_the_subset_is_refused) {
  for (const char* text : {
           "",
           "permit",
           "deny out 58 from ff02::2 to assigned",
           "permit in 58 from ff02::2 to assigned",
           "permit out 256 from ff02::2 to assigned",
           "permit out -1 from ff02::2 to assigned",
           "permit out tcp from ff02::2 to assigned",
           "permit out 58 from ff02::2/129 to assigned",
           "permit out 58 from 10.0.0.1/33 to assigned",
           "permit out 58 from ff02::zz to assigned",
           "permit out 58 from ff02::2 to assigned frag",
           "permit out 58 from ff02::2 to assigned 80-70",
           "permit out 58 from ff02::2 to assigned 70000",
           "permit out 58 from ff02::2 to assigned 80,",
           "permit out 58 from ff02::2 assigned",
           "permit out 58 to assigned from ff02::2",
           "permit  out 58 from ff02::2 to assigned",
           " permit out 58 from ff02::2 to assigned",
           "permit out 58 from ff02::2 to assigned ",
       }) {
    EXPECT_FALSE(parse_flow_description(text)) << '"' << text << '"';
  }
}

}  // namespace
