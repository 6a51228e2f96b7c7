// listen_tcp: the listening set-up the SBI server and the metrics exporter share, on real
// sockets over loopback.

#include <gtest/gtest.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>

#include "glasscore/transport/tcp_listener.h"

namespace glasscore::transport {
namespace {

using asio::ip::tcp;

TEST(tcp_listener, listens_on_a_kernel_chosen_port_and_accepts_a_connection) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  ASSERT_TRUE(listen_tcp(acceptor, "127.0.0.1", 0).has_value());
  const auto port = acceptor.local_endpoint().port();
  EXPECT_NE(port, 0);
  EXPECT_TRUE(acceptor.is_open());

  tcp::socket client(io);
  asio::error_code ec;
  client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  ASSERT_FALSE(ec) << ec.message();
  tcp::socket accepted(io);
  acceptor.accept(accepted, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(accepted.remote_endpoint().port(), client.local_endpoint().port());
}

TEST(tcp_listener, listens_on_ipv6) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  const auto listening = listen_tcp(acceptor, "::1", 0);
  ASSERT_TRUE(listening.has_value()) << listening.error();
  EXPECT_TRUE(acceptor.local_endpoint().address().is_v6());
}

TEST(tcp_listener, a_name_is_not_an_address) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  const auto listening = listen_tcp(acceptor, "localhost", 0);
  ASSERT_FALSE(listening.has_value());
  EXPECT_EQ(listening.error(), "address 'localhost' is not an IP address");
  EXPECT_FALSE(acceptor.is_open());
}

TEST(tcp_listener, a_port_with_a_listener_already_is_refused_with_the_endpoint_named) {
  asio::io_context io;
  tcp::acceptor first(io);
  ASSERT_TRUE(listen_tcp(first, "127.0.0.1", 0).has_value());
  const auto port = first.local_endpoint().port();
  tcp::acceptor second(io);
  const auto listening = listen_tcp(second, "127.0.0.1", port);
  ASSERT_FALSE(listening.has_value());
  EXPECT_EQ(listening.error().rfind("endpoint 127.0.0.1:" + std::to_string(port) + ": ", 0), 0u)
      << listening.error();
}

}  // namespace
}  // namespace glasscore::transport
