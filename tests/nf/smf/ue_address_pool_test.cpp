// UE address pools (TS 23.501 §5.8.2.2): distinct addresses, exhaustion, release, and the
// round-robin order that keeps a just-released address out of use the longest.
#include <gtest/gtest.h>

#include <set>

#include "smf/context/ue_address_pool.h"

namespace glasscore::smf {
namespace {

config::ip_prefix v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                     std::uint8_t length) {
  return {config::ip_address::v4(a, b, c, d), length};
}

config::ip_prefix v6_48() {
  config::ip_address a;
  a.family = config::ip_family::v6;
  a.bytes = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01};
  return {a, 48};
}

TEST(ipv4_pool, hands_out_every_host_but_network_gateway_and_broadcast_once) {
  auto pool = ipv4_pool::create(v4(10, 0, 0, 0, 24)).value();
  EXPECT_EQ(pool.capacity(), 253U);
  EXPECT_EQ(pool.gateway(), (ipv4_address{10, 0, 0, 1}));
  std::set<ipv4_address> seen;
  while (auto a = pool.allocate()) {
    EXPECT_TRUE(seen.insert(*a).second);
  }
  EXPECT_EQ(seen.size(), 253U);
  EXPECT_FALSE(seen.contains({10, 0, 0, 0}));
  EXPECT_FALSE(seen.contains({10, 0, 0, 1}));
  EXPECT_FALSE(seen.contains({10, 0, 0, 255}));
  EXPECT_TRUE(seen.contains({10, 0, 0, 254}));
}

TEST(ipv4_pool, released_address_comes_back_only_after_the_rest) {
  auto pool = ipv4_pool::create(v4(10, 0, 0, 0, 29)).value();  // 5 UE addresses
  auto first = pool.allocate().value();
  EXPECT_TRUE(pool.release(first));
  EXPECT_FALSE(pool.release(first));  // not in use any more
  std::vector<ipv4_address> order;
  for (int i = 0; i < 5; ++i) {
    order.push_back(pool.allocate().value());
  }
  EXPECT_EQ(order.back(), first);
  EXPECT_FALSE(pool.allocate().has_value());
  EXPECT_EQ(pool.allocated(), 5U);
}

TEST(ipv4_pool, reserve_marks_an_address_in_use) {
  auto pool = ipv4_pool::create(v4(10, 0, 0, 0, 29)).value();
  EXPECT_TRUE(pool.reserve({10, 0, 0, 2}));
  EXPECT_FALSE(pool.reserve({10, 0, 0, 2}));
  EXPECT_FALSE(pool.reserve({10, 0, 0, 1}));  // the gateway
  EXPECT_FALSE(pool.reserve({10, 0, 1, 2}));  // outside the pool
  EXPECT_TRUE(pool.in_use({10, 0, 0, 2}));
  EXPECT_NE(pool.allocate().value(), (ipv4_address{10, 0, 0, 2}));
}

TEST(ipv4_pool, refuses_prefixes_it_cannot_use) {
  EXPECT_FALSE(ipv4_pool::create(v4(10, 0, 0, 0, 30)).has_value());
  EXPECT_FALSE(ipv4_pool::create(v4(10, 0, 0, 0, 7)).has_value());
  EXPECT_FALSE(ipv4_pool::create(v6_48()).has_value());
}

TEST(ipv4_pool, large_pool_allocates_across_word_boundaries) {
  auto pool = ipv4_pool::create(v4(10, 64, 0, 0, 16)).value();
  std::set<ipv4_address> seen;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(seen.insert(pool.allocate().value()).second);
  }
  EXPECT_EQ(pool.allocated(), 1000U);
}

TEST(ipv6_prefix_pool, delegates_distinct_64s_skipping_the_first) {
  auto pool = ipv6_prefix_pool::create(v6_48()).value();
  auto a = pool.allocate().value();
  auto b = pool.allocate().value();
  EXPECT_EQ(a, (ipv6_prefix64{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x01}));
  EXPECT_EQ(b, (ipv6_prefix64{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02}));
  EXPECT_TRUE(pool.release(a));
  EXPECT_FALSE(pool.in_use(a));
  EXPECT_EQ(pool.capacity(), 65535U);
}

TEST(ipv6_prefix_pool, refuses_64_and_ipv4) {
  auto p = v6_48();
  p.length = 64;
  EXPECT_FALSE(ipv6_prefix_pool::create(p).has_value());
  EXPECT_FALSE(ipv6_prefix_pool::create(v4(10, 0, 0, 0, 16)).has_value());
}

TEST(slot_allocator, wraps_and_revisits_slots_below_the_cursor) {
  slot_allocator s(130);
  for (int i = 0; i < 130; ++i) {
    EXPECT_TRUE(s.take().has_value());
  }
  EXPECT_FALSE(s.take().has_value());
  EXPECT_TRUE(s.give_back(3));
  EXPECT_EQ(s.take(), std::optional<std::uint64_t>(3));
  EXPECT_TRUE(s.give_back(129));
  EXPECT_TRUE(s.give_back(0));
  EXPECT_EQ(s.take(), std::optional<std::uint64_t>(129));
  EXPECT_EQ(s.take(), std::optional<std::uint64_t>(0));
}

}  // namespace
}  // namespace glasscore::smf
