#include "glasscore/transport/socket_address.h"

#include <gtest/gtest.h>

#include "glasscore/transport/transport_error.h"

namespace glasscore::transport {
namespace {

TEST(socket_address, parses_ipv4_and_ipv6_and_prints_them) {
  auto v4 = socket_address::parse("127.0.0.1", 2152);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->family(), AF_INET);
  EXPECT_EQ(v4->port(), 2152);
  EXPECT_EQ(v4->to_string(), "127.0.0.1:2152");

  auto v6 = socket_address::parse("::1", 8805);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->family(), AF_INET6);
  EXPECT_EQ(v6->port(), 8805);
  EXPECT_EQ(v6->to_string(), "[::1]:8805");
  EXPECT_FALSE(*v4 == *v6);
  EXPECT_TRUE(*v4 == *socket_address::parse("127.0.0.1", 2152));
}

TEST(socket_address, rejects_what_is_not_a_numeric_address) {
  for (const char* bad : {"", "localhost", "127.0.0.256", "::g", "1.2.3"}) {
    auto a = socket_address::parse(bad, 1);
    ASSERT_FALSE(a) << bad;
    EXPECT_EQ(a.error(), transport_errc::invalid_argument);
  }
  EXPECT_FALSE(socket_address::parse(std::string(100, '1'), 1));
}

TEST(transport_error, names_the_category_and_keeps_errno) {
  const transport_error e = error_from_errno(EADDRINUSE);
  EXPECT_EQ(e, transport_errc::address_in_use);
  EXPECT_EQ(e.sys_errno, EADDRINUSE);
  EXPECT_NE(to_string(e).find("address in use"), std::string::npos);
  EXPECT_EQ(error_from_errno(EAGAIN), transport_errc::would_block);
  EXPECT_EQ(error_from_errno(ECONNREFUSED), transport_errc::other);
  EXPECT_EQ(to_string(transport_errc::no_buffers), "no free packet buffers");
}

}  // namespace
}  // namespace glasscore::transport
