// The h2c server as independent clients see it: curl and nghttp (nghttp2-client) over
// real TCP on 127.0.0.1 (port chosen by the kernel), plus hand-made bytes for the hostile
// cases. The io_context runs on its own thread; every wait is bounded (curl --max-time 5,
// nghttp -t 5, poll ≤ 5 s).
#include "glasscore/http2/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace glasscore::http2 {
namespace {

using namespace std::chrono_literals;

bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command and returns its standard output (the command bounds its own time).
std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    return out;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
    out.append(buf.data(), n);
  }
  ::pclose(p);
  return out;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

class http2_server_test : public testing::Test {
 protected:
  void TearDown() override {
    asio::post(io_, [this] { server_.reset(); });
    io_.stop();
    if (thread_.joinable()) {
      thread_.join();
    }
    server_.reset();
  }

  void start(server_options options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    auto s = server::start(io_, options,
                           [this](const request& req, responder r) { handle(req, std::move(r)); });
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(*s);
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    thread_ = std::thread([this] { io_.run(); });
  }

  // Echoes the request; "/slow" answers 200 ms later, from a timer (the async path).
  void handle(const request& req, responder r) {
    response out;
    out.headers.push_back({"x-method", req.method});
    out.headers.push_back({"x-path", req.path});
    out.headers.push_back({"x-authority", req.authority});
    for (const auto& h : req.headers) {
      if (h.name == "content-type") {
        out.headers.push_back({"content-type", h.value});
      }
    }
    out.body = req.body.empty() ? "hello\n" : req.body;
    if (req.path == "/slow") {
      auto timer = std::make_shared<asio::steady_timer>(io_, 200ms);
      timer->async_wait(
          [this, timer, r, out](const asio::error_code&) { slow_result_ = r.send(out) ? 1 : 0; });
      return;
    }
    EXPECT_TRUE(r.send(std::move(out)));
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string curl(const std::string& args) const {
    return run("curl --http2-prior-knowledge -sS -i --max-time 5 " + args + " 2>&1");
  }

  // A raw TCP connection to the server, or -1.
  int raw_connect() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  // Reads until the server closes (true) or 5 s pass (false).
  static bool wait_closed(int fd) {
    std::array<char, 4096> buf{};
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        const auto n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
          return true;  // EOF or reset
        }
      }
    }
    return false;
  }

  bool wait_for(const std::function<bool()>& done) const {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  asio::io_context io_;
  std::unique_ptr<server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::atomic<int> slow_result_{-1};
};

#define REQUIRE_TOOL(name)                                                    \
  if (!have_tool(name)) {                                                     \
    GTEST_SKIP() << name " is not installed (scripts/bootstrap installs it)"; \
  }

TEST_F(http2_server_test, curl_get) {
  REQUIRE_TOOL("curl");
  start();
  const auto out = curl(url("/nudm-sdm/v2/imsi-001010000000001?x=1"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
  EXPECT_NE(out.find("x-method: GET"), std::string::npos) << out;
  EXPECT_NE(out.find("x-path: /nudm-sdm/v2/imsi-001010000000001?x=1"), std::string::npos) << out;
  EXPECT_NE(out.find("x-authority: 127.0.0.1:" + std::to_string(port_)), std::string::npos) << out;
  EXPECT_NE(out.find("content-length: 6"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\r\n\r\nhello\n")) << out;
}

TEST_F(http2_server_test, curl_post_json_is_echoed) {
  REQUIRE_TOOL("curl");
  start();
  const std::string json = R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64"})";
  const auto out = curl("-X POST -H 'content-type: application/json' --data-binary '" + json +
                        "' " + url("/nnrf-nfm/v1/nf-instances"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
  EXPECT_NE(out.find("x-method: POST"), std::string::npos) << out;
  EXPECT_NE(out.find("content-type: application/json"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\r\n\r\n" + json)) << out;
}

TEST_F(http2_server_test, async_response) {
  REQUIRE_TOOL("curl");
  start();
  const auto out = curl(url("/slow"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
  // The server thread stores send()'s result after send() returned, which may be after
  // curl already read the response: wait for the store.
  for (int i = 0; i < 200 && slow_result_.load() == -1; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(slow_result_.load(), 1);
}

TEST_F(http2_server_test, nghttp_negotiates) {
  REQUIRE_TOOL("nghttp");
  start();
  const auto out = run("nghttp -v -t 5 " + url("/") + " 2>&1");
  EXPECT_NE(out.find("recv SETTINGS frame"), std::string::npos) << out;
  EXPECT_NE(out.find("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100"), std::string::npos) << out;
  EXPECT_NE(out.find(":status: 200"), std::string::npos) << out;
}

TEST_F(http2_server_test, concurrent_streams_on_one_connection) {
  REQUIRE_TOOL("nghttp");
  start();
  // -m 10: the same request ten times, multiplexed on one connection (streams 1..19).
  const auto out = run("nghttp -v -t 5 -m 10 " + url("/") + " 2>&1");
  EXPECT_EQ(count(out, ":status: 200"), 10U) << out;
  EXPECT_NE(out.find("stream_id=19"), std::string::npos) << out;
}

TEST_F(http2_server_test, oversized_body_gets_413) {
  REQUIRE_TOOL("nghttp");
  REQUIRE_TOOL("curl");
  server_options o;
  o.max_body_size = 1024;
  start(o);
  // With content-length: refused when the headers arrive. nghttp, not curl: curl 7.88
  // reports the RST_STREAM(NO_ERROR) that follows the complete 413 (RFC 9113 §8.1) as a
  // transfer error and drops the response it has already read.
  const std::string file = ::testing::TempDir() + "glasscore_http2_big";
  run("head -c 4096 /dev/zero > " + file);
  auto out = run("nghttp -v -t 5 -d " + file + " " + url("/upload") + " 2>&1");
  EXPECT_NE(out.find(":status: 413"), std::string::npos) << out;
  EXPECT_NE(out.find("content-type: application/problem+json"), std::string::npos) << out;
  std::remove(file.c_str());
  // Without content-length: refused as the DATA arrives. A raw client sends HEADERS
  // (POST /, END_HEADERS) and 2000 octets of DATA; it must see response HEADERS, then
  // RST_STREAM(NO_ERROR) on stream 1.
  const int fd = raw_connect();
  ASSERT_GE(fd, 0);
  std::string bytes = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  bytes += std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);
  const std::string post = std::string("\x83\x86\x84\x01\x09", 5) + "127.0.0.1";
  bytes += std::string("\x00\x00", 2) + static_cast<char>(post.size()) +
           std::string("\x01\x04\x00\x00\x00\x01", 6) + post;
  bytes += std::string("\x00\x07\xd0\x00\x00\x00\x00\x00\x01", 9) + std::string(2000, 'x');
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
  bool headers = false;
  bool rst_no_error = false;
  std::string got;
  std::array<char, 4096> buf{};
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!rst_no_error && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      const auto n = ::recv(fd, buf.data(), buf.size(), 0);
      if (n <= 0) {
        break;
      }
      got.append(buf.data(), static_cast<std::size_t>(n));
    }
    // RFC 9113 §4.1 frame header: length(24) type(8) flags(8) R+stream id(32).
    for (std::size_t pos = 0; pos + 9 <= got.size();) {
      const auto u = [&](std::size_t i) { return static_cast<std::uint8_t>(got[i]); };
      const std::size_t len =
          (std::size_t{u(pos)} << 16) | (std::size_t{u(pos + 1)} << 8) | u(pos + 2);
      if (pos + 9 + len > got.size()) {
        break;
      }
      const bool stream1 = u(pos + 8) == 1;
      headers = headers || (stream1 && u(pos + 3) == 0x01);
      rst_no_error =
          rst_no_error || (stream1 && u(pos + 3) == 0x03 && len == 4 && u(pos + 9) == 0 &&
                           u(pos + 10) == 0 && u(pos + 11) == 0 && u(pos + 12) == 0);
      pos += 9 + len;
    }
  }
  ::close(fd);
  EXPECT_TRUE(headers);
  EXPECT_TRUE(rst_no_error);
  // A body within the limit still passes.
  out = curl("--data-binary small " + url("/upload"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
}

TEST_F(http2_server_test, oversized_header_list_gets_431) {
  REQUIRE_TOOL("curl");
  server_options o;
  o.max_header_list_size = 1024;
  start(o);
  auto out = curl("-H 'x-big: " + std::string(2000, 'b') + "' " + url("/"));
  EXPECT_NE(out.find("HTTP/2 431"), std::string::npos) << out;
  out = curl(url("/"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
}

TEST_F(http2_server_test, garbage_closes_connection_and_server_keeps_serving) {
  REQUIRE_TOOL("curl");
  start();
  const int fd = raw_connect();
  ASSERT_GE(fd, 0);
  const std::string garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n\x01\x02\x03 not a preface";
  ASSERT_EQ(::send(fd, garbage.data(), garbage.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(garbage.size()));
  EXPECT_TRUE(wait_closed(fd));
  ::close(fd);
  EXPECT_TRUE(wait_for([this] { return server_->active_connections() == 0; }));
  const auto out = curl(url("/"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
}

TEST_F(http2_server_test, malformed_frame_after_preface_gets_goaway) {
  start();
  const int fd = raw_connect();
  ASSERT_GE(fd, 0);
  std::string bytes = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  // A SETTINGS frame whose length (5) is not a multiple of 6: FRAME_SIZE_ERROR (§6.5).
  bytes += std::string("\x00\x00\x05\x04\x00\x00\x00\x00\x00", 9) + std::string(5, '\0');
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
  // The server's SETTINGS, then GOAWAY (type 0x07), then EOF.
  std::string got;
  std::array<char, 4096> buf{};
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      const auto n = ::recv(fd, buf.data(), buf.size(), 0);
      closed = n <= 0;
      if (n > 0) {
        got.append(buf.data(), static_cast<std::size_t>(n));
      }
    }
  }
  ::close(fd);
  EXPECT_TRUE(closed);
  // Walk the frames (RFC 9113 §4.1: 24-bit length, 8-bit type, ...) looking for GOAWAY.
  bool goaway = false;
  for (std::size_t pos = 0; pos + 9 <= got.size();) {
    const auto len = (static_cast<std::size_t>(static_cast<std::uint8_t>(got[pos])) << 16) |
                     (static_cast<std::size_t>(static_cast<std::uint8_t>(got[pos + 1])) << 8) |
                     static_cast<std::uint8_t>(got[pos + 2]);
    goaway = goaway || got[pos + 3] == '\x07';
    pos += 9 + len;
  }
  EXPECT_TRUE(goaway);
}

TEST_F(http2_server_test, abrupt_disconnect_mid_request) {
  REQUIRE_TOOL("curl");
  start();
  const int fd = raw_connect();
  ASSERT_GE(fd, 0);
  std::string bytes = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  bytes += std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);  // empty SETTINGS
  // HPACK (RFC 7541 App. A static table): :method GET (0x82), :scheme http (0x86),
  // :path /slow as a literal with indexed name 4, :authority 127.0.0.1 likewise (name 1).
  const std::string slow = std::string("\x82\x86\x04\x05/slow\x01\x09", 11) + "127.0.0.1";
  bytes += std::string("\x00\x00", 2) + static_cast<char>(slow.size()) +
           std::string("\x01\x05\x00\x00\x00\x01", 6) + slow;  // END_STREAM|END_HEADERS, 1
  // Stream 3: POST / (0x83, 0x84) whose DATA frame announces 100 octets but sends 10.
  const std::string post = std::string("\x83\x86\x84\x01\x09", 5) + "127.0.0.1";
  bytes += std::string("\x00\x00", 2) + static_cast<char>(post.size()) +
           std::string("\x01\x04\x00\x00\x00\x03", 6) + post;  // END_HEADERS, stream 3
  bytes += std::string("\x00\x00\x64\x00\x00\x00\x00\x00\x03", 9) + std::string(10, 'x');
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
  std::this_thread::sleep_for(50ms);  // let the server read it before the reset
  linger l{1, 0};                     // close with RST, the most abrupt way out
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  ::close(fd);
  // The /slow handler answers after the connection is gone: its send reports false.
  EXPECT_TRUE(wait_for([this] { return slow_result_.load() != -1; }));
  EXPECT_EQ(slow_result_.load(), 0);
  EXPECT_TRUE(wait_for([this] { return server_->active_connections() == 0; }));
  const auto out = curl(url("/"));
  EXPECT_NE(out.find("HTTP/2 200"), std::string::npos) << out;
}

TEST_F(http2_server_test, idle_connection_is_closed) {
  server_options o;
  o.idle_timeout = 200ms;
  start(o);
  const int fd = raw_connect();
  ASSERT_GE(fd, 0);
  std::string bytes = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  bytes += std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);
  ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(bytes.size()));
  EXPECT_TRUE(wait_closed(fd));  // GOAWAY, then EOF, well within 5 s
  ::close(fd);
}

TEST_F(http2_server_test, bad_address_is_an_error) {
  server_options o;
  o.address = "not-an-address";
  auto s = server::start(io_, o, [](const request&, responder) {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("not-an-address"), std::string::npos);
}

}  // namespace
}  // namespace glasscore::http2
