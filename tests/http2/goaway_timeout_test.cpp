// Two behaviours that need a peer doing something specific:
// - the client against a raw-socket fake server that sends GOAWAY with a low last-stream-id
//   while three streams are open (RFC 9113 §6.8: streams above it were not processed and
//   may be retried; streams at or below it still complete);
// - the server's request timeout (504, TS 29.500 §5.2.7.2) seen by our client over TCP.
// Every wait is bounded (≤ 5 s).
#include <gtest/gtest.h>

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <future>
#include <optional>
#include <set>
#include <thread>

#include "glasscore/http2/client.h"
#include "glasscore/http2/server.h"
#include "test_util.h"

namespace glasscore::http2 {
namespace {

using namespace std::chrono_literals;
using result = expected<response, client_error>;
using test::frame;
using test::u32;

constexpr std::uint8_t type_headers = 0x1;
constexpr std::uint8_t type_settings = 0x4;
constexpr std::uint8_t type_goaway = 0x7;
constexpr std::uint8_t flag_end_stream = 0x1;
constexpr std::uint8_t flag_ack = 0x1;
constexpr std::uint8_t flag_end_headers = 0x4;

class http2_peer_test : public testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    on_io([this] {
      client_.reset();
      server_.reset();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  }

  void make_client(std::uint16_t port) {
    client_options o;
    o.port = port;
    auto c = client::create(io_, o);
    ASSERT_TRUE(c) << c.error();
    client_ = std::move(*c);
  }

  // Queues `paths` in one go on the io thread (so they share the connection in order).
  std::vector<std::future<result>> send_all(const std::vector<std::string>& paths) {
    std::vector<std::future<result>> futures;
    std::vector<std::shared_ptr<std::promise<result>>> promises;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      promises.push_back(std::make_shared<std::promise<result>>());
      futures.push_back(promises.back()->get_future());
    }
    asio::post(io_, [this, paths, promises] {
      for (std::size_t i = 0; i < paths.size(); ++i) {
        client_->request("GET", paths[i], {}, {}, 3000ms,
                         [p = promises[i]](result r) { p->set_value(std::move(r)); });
      }
    });
    return futures;
  }

  static result wait(std::future<result>& f) {
    if (f.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no callback within 5 s";
      return fail(client_error::cancelled);
    }
    return f.get();
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::thread thread_;
  std::unique_ptr<server> server_;
  std::unique_ptr<client> client_;
};

// A listening socket on 127.0.0.1 with a kernel-chosen port.
int listen_socket(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 1) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(addr.sin_port);
  return fd;
}

bool send_all_bytes(int fd, const std::string& bytes) {
  return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

// The fake server: reads the client preface and frames until `want` request HEADERS have
// arrived (≤ 5 s), returning their stream ids; empty on timeout or error.
std::vector<std::uint32_t> read_request_streams(int fd, std::size_t want) {
  std::string in;
  std::vector<std::uint32_t> ids;
  std::size_t pos = 24;  // the client magic, RFC 9113 §3.4
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (ids.size() < want && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) {
      continue;
    }
    std::array<char, 4096> buf{};
    const auto n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) {
      return {};
    }
    in.append(buf.data(), static_cast<std::size_t>(n));
    while (in.size() >= pos + 9) {
      const auto b = [&](std::size_t i) { return static_cast<std::uint8_t>(in[pos + i]); };
      const std::size_t length = (b(0) << 16) | (b(1) << 8) | b(2);
      if (in.size() < pos + 9 + length) {
        break;
      }
      const std::uint32_t id = ((b(5) & 0x7fU) << 24) | (b(6) << 16) | (b(7) << 8) | b(8);
      if (b(3) == type_headers) {
        ids.push_back(id);
      }
      pos += 9 + length;
    }
  }
  return ids;
}

TEST_F(http2_peer_test, goaway_with_low_last_stream_id_refuses_only_the_streams_above_it) {
  std::uint16_t port = 0;
  const int listener = listen_socket(port);
  ASSERT_GE(listener, 0);
  make_client(port);
  auto futures = send_all({"/1", "/3", "/5"});

  pollfd p{listener, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1) << "the client did not connect";
  const int fd = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  ASSERT_GE(fd, 0);
  // Our SETTINGS (RFC 9113 §3.4) allow the streams; then ACK the client's SETTINGS.
  ASSERT_TRUE(
      send_all_bytes(fd, frame(type_settings, 0, 0, "") + frame(type_settings, flag_ack, 0, "")));
  const auto ids = read_request_streams(fd, 3);
  ASSERT_EQ(ids, (std::vector<std::uint32_t>{1, 3, 5}));

  // GOAWAY(last-stream-id 3, NO_ERROR), then answer streams 1 and 3 with ":status 200"
  // (HPACK static table index 8, RFC 7541 Appendix A) and no body.
  const std::string goaway = u32(3) + u32(0);
  const std::string ok_headers(1, static_cast<char>(0x88));
  ASSERT_TRUE(send_all_bytes(
      fd, frame(type_goaway, 0, 0, goaway) +
              frame(type_headers, flag_end_headers | flag_end_stream, 1, ok_headers) +
              frame(type_headers, flag_end_headers | flag_end_stream, 3, ok_headers)));

  for (std::size_t i = 0; i < 2; ++i) {
    const auto r = wait(futures[i]);
    ASSERT_TRUE(r) << "stream " << ids[i] << ": " << to_string(r.error());
    EXPECT_EQ(r->status, 200);
  }
  const auto refused = wait(futures[2]);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), client_error::refused);
  // The client ends the drained connection itself (it has nothing left on it).
  EXPECT_TRUE(test::wait_closed(fd));
  ::close(fd);
}

TEST_F(http2_peer_test, server_answers_504_when_the_handler_is_late) {
  std::optional<responder> late;
  server_options o;
  o.request_timeout = 100ms;
  on_io([&] {
    auto s = server::start(io_, o, [&](const request& req, const responder& r) {
      if (req.path == "/late") {
        late = r;  // never answered in time
        return;
      }
      (void)r.send(response{200, {}, "fast"});
    });
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(*s);
  });
  make_client(server_->port());
  const auto started = std::chrono::steady_clock::now();
  auto futures = send_all({"/late", "/fast"});
  const auto fast = wait(futures[1]);
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->body, "fast");
  const auto r = wait(futures[0]);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  EXPECT_EQ(r->status, 504);
  ASSERT_FALSE(r->headers.empty());
  EXPECT_EQ(r->headers[0].name, "content-type");
  EXPECT_EQ(r->headers[0].value, "application/problem+json");
  EXPECT_NE(r->body.find(R"("status":504)"), std::string::npos) << r->body;
  on_io([&] {
    ASSERT_TRUE(late.has_value());
    EXPECT_FALSE(late->send(response{200, {}, "too late"}));
  });
  // The connection is still good for more requests.
  auto again = send_all({"/fast"});
  EXPECT_TRUE(wait(again[0]));
  on_io([this] { EXPECT_EQ(client_->connections_opened(), 1U); });
}

}  // namespace
}  // namespace glasscore::http2
