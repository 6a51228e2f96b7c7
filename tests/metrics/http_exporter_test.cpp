// The metrics endpoint as a scraper and a hostile client see it, over real TCP on
// 127.0.0.1 (port chosen by the kernel). The io_context runs on its own thread; every wait
// is bounded.
#include "glasscore/metrics/http_exporter.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <asio/executor_work_guard.hpp>
#include <thread>

#include "glasscore/metrics/exposition.h"

namespace glasscore::metrics {
namespace {

class http_exporter_test : public testing::Test {
 protected:
  void SetUp() override {
    auto family = registry_.add_counter("glasscore_test_requests_total", "Requests seen.", {});
    ASSERT_TRUE(family);
    (*family)->with({}).inc(3);
  }
  void TearDown() override {
    io_.post([this] { exporter_.reset(); });
    io_.stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  void start(http_exporter_options options) {
    options.address = "127.0.0.1";
    options.port = 0;
    auto e = http_exporter::start(io_, registry_, options);
    ASSERT_TRUE(e) << e.error();
    exporter_ = std::move(*e);
    port_ = exporter_->port();
    thread_ = std::thread([this] { io_.run(); });
  }

  // Sends `request` (possibly nothing) and reads until the server closes, at most 3 s.
  std::string exchange(const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    if (!request.empty()) {
      EXPECT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(request.size()));
    }
    std::string reply;
    char buf[4096];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        continue;
      }
      const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        break;
      }
      reply.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return reply;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_{io_.get_executor()};
  registry registry_;
  std::unique_ptr<http_exporter> exporter_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(http_exporter_test, serves_the_registry_in_prometheus_text_format) {
  start({});
  const std::string reply = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string body = render(registry_);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 OK\r\n")) << reply;
  EXPECT_NE(reply.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_TRUE(reply.ends_with("\r\n\r\n" + body)) << reply;
  EXPECT_NE(body.find("glasscore_test_requests_total 3"), std::string::npos) << body;
}

TEST_F(http_exporter_test, head_gets_the_headers_only_and_queries_are_ignored) {
  start({});
  const std::string reply = exchange("HEAD /metrics?x=1 HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 OK\r\n")) << reply;
  EXPECT_TRUE(reply.ends_with("\r\n\r\n")) << reply;
}

TEST_F(http_exporter_test, other_requests_get_their_http_status) {
  start({});
  EXPECT_TRUE(exchange("GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404 Not Found"));
  EXPECT_TRUE(exchange("POST /metrics HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 405"));
  EXPECT_TRUE(exchange("nonsense\r\n\r\n").starts_with("HTTP/1.1 400 Bad Request"));
  EXPECT_TRUE(exchange("GET /metrics SPDY/9\r\n\r\n").starts_with("HTTP/1.1 400"));
}

TEST_F(http_exporter_test, oversized_request_heads_are_refused) {
  http_exporter_options options;
  options.max_request_head = 256;
  start(options);
  const std::string huge = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(1000, 'a') + "\r\n\r\n";
  EXPECT_TRUE(exchange(huge).starts_with("HTTP/1.1 431")) << "too large, answered and closed";
  EXPECT_TRUE(exchange("GET /metrics HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 200"))
      << "still serving afterwards";
}

TEST_F(http_exporter_test, a_silent_client_is_disconnected_at_the_deadline) {
  http_exporter_options options;
  options.request_timeout = std::chrono::milliseconds(100);
  start(options);
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange(""), "") << "closed without an answer";
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(2));
}

TEST(http_exporter, bad_addresses_are_reported) {
  asio::io_context io;
  registry r;
  http_exporter_options options;
  options.address = "not-an-ip";
  auto e = http_exporter::start(io, r, options);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("not-an-ip"), std::string::npos);

  options.address = "127.0.0.1";
  options.port = 0;
  auto first = http_exporter::start(io, r, options);
  ASSERT_TRUE(first);
  options.port = (*first)->port();
  auto second = http_exporter::start(io, r, options);
  EXPECT_FALSE(second) << "the port is taken";
}

}  // namespace
}  // namespace glasscore::metrics
