#include "glasscore/core/packet_buffer.h"

#include <gtest/gtest.h>

namespace glasscore {
namespace {

TEST(packet_buffer, prepends_headers_into_headroom_without_moving_the_payload) {
  packet_buffer_pool pool(4, 256, 64);
  auto buf = pool.acquire();
  ASSERT_TRUE(buf);
  auto payload = buf->append(100).value();
  std::fill(payload.begin(), payload.end(), 0xab);
  const std::uint8_t* payload_at = buf->data().data();

  auto header = buf->prepend(8).value();
  std::fill(header.begin(), header.end(), 0x30);
  EXPECT_EQ(buf->size(), 108U);
  EXPECT_EQ(buf->data().data() + 8, payload_at);
  EXPECT_EQ(buf->data()[0], 0x30);
  EXPECT_EQ(buf->data()[8], 0xab);
  EXPECT_EQ(buf->headroom(), 56U);

  ASSERT_TRUE(buf->trim_front(8));
  EXPECT_EQ(buf->data().data(), payload_at);
  ASSERT_TRUE(buf->trim_back(10));
  EXPECT_EQ(buf->size(), 90U);
}

TEST(packet_buffer, limits_are_errors) {
  packet_buffer_pool pool(1, 128, 16);
  auto buf = pool.acquire();
  ASSERT_TRUE(buf);
  EXPECT_EQ(buf->prepend(17).error(), buffer_error::overflow);
  EXPECT_EQ(buf->append(113).error(), buffer_error::overflow);
  EXPECT_EQ(buf->trim_front(1).error(), buffer_error::truncated);
  EXPECT_EQ(buf->trim_back(1).error(), buffer_error::truncated);
  ASSERT_TRUE(buf->append(112));
  EXPECT_EQ(buf->tailroom(), 0U);
  ASSERT_TRUE(buf->prepend(16));
  buf->reset();
  EXPECT_EQ(buf->size(), 0U);
  EXPECT_EQ(buf->headroom(), 16U);
}

TEST(packet_buffer_pool, exhaustion_and_return) {
  packet_buffer_pool pool(2, 64, 8);
  auto a = pool.acquire();
  auto b = pool.acquire();
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(pool.acquire()) << "an empty pool says so instead of allocating";
  EXPECT_NE(a->data().data(), b->data().data());
  a.reset();
  EXPECT_EQ(pool.available(), 1U);
  auto c = pool.acquire();
  ASSERT_TRUE(c);
  packet_buffer moved = std::move(*c);
  c.reset();  // the moved-from handle returns nothing
  EXPECT_EQ(pool.available(), 0U);
  b = std::move(moved);  // assigning over a live buffer returns the old one
  EXPECT_EQ(pool.available(), 1U);
  b.reset();
  EXPECT_EQ(pool.available(), 2U);
  EXPECT_EQ(pool.capacity(), 2U);
}

}  // namespace
}  // namespace glasscore
