// The h2c client against our own server and against an independent one (nghttpd from
// nghttp2-server), over real TCP on 127.0.0.1. The io_context runs on its own thread;
// requests are posted to it and every wait is bounded (≤ 5 s).
#include "glasscore/http2/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "glasscore/http2/server.h"

namespace glasscore::http2 {
namespace {

using namespace std::chrono_literals;
using result = expected<response, client_error>;

class http2_client_test : public testing::Test {
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

  // Runs f on the io_context thread and waits for it.
  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  }

  void start_server(server_options options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    on_io([&] {
      auto s =
          server::start(io_, options, [this](const request& req, responder r) { handle(req, r); });
      ASSERT_TRUE(s) << s.error();
      server_ = std::move(*s);
    });
    make_client(server_->port());
  }

  void make_client(std::uint16_t port) {
    client_options o;
    o.port = port;
    o.max_response_body_size = 4096;
    auto c = client::create(io_, o);
    ASSERT_TRUE(c) << c.error();
    client_ = std::move(*c);
  }

  // "/never" is never answered; "/delay" answers 20 ms later and tracks concurrency;
  // "/big" answers 8 KiB; everything else echoes method, path and body.
  void handle(const request& req, const responder& r) {
    if (req.path == "/never") {
      return;
    }
    if (req.path == "/big") {
      (void)r.send(response{200, {}, std::string(8192, 'x')});
      return;
    }
    response out{200, {{"x-method", req.method}, {"x-path", req.path}}, req.body};
    if (req.path == "/delay") {
      max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
      auto timer = std::make_shared<asio::steady_timer>(io_, 20ms);
      timer->async_wait([this, timer, r, out](const asio::error_code&) {
        --in_flight_;
        (void)r.send(out);
      });
      return;
    }
    (void)r.send(std::move(out));
  }

  // Sends one request from the io thread; the future is ready when its callback ran.
  std::future<result> send(std::string method, std::string path, std::string body = {},
                           std::chrono::milliseconds timeout = 3000ms) {
    auto promise = std::make_shared<std::promise<result>>();
    auto future = promise->get_future();
    asio::post(io_, [=, this] {
      client_->request(method, path, {{"Content-Type", "text/plain"}}, body, timeout,
                       [promise](result r) { promise->set_value(std::move(r)); });
    });
    return future;
  }

  static result get(std::future<result>& f) {
    if (f.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no callback within 5 s";
      return fail(client_error::cancelled);
    }
    return f.get();
  }

  static std::string describe(const result& r) {
    return r ? "status " + std::to_string(r->status) : std::string(to_string(r.error()));
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::thread thread_;
  std::unique_ptr<server> server_;
  std::unique_ptr<client> client_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
};

std::string header_value(const response& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.name == name) {
      return h.value;
    }
  }
  return {};
}

TEST_F(http2_client_test, get) {
  start_server();
  auto f = send("GET", "/hello");
  const auto r = get(f);
  ASSERT_TRUE(r) << describe(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(header_value(*r, "x-method"), "GET");
  EXPECT_EQ(header_value(*r, "x-path"), "/hello");
}

TEST_F(http2_client_test, post_is_echoed) {
  start_server();
  const std::string body = "{\"supi\":\"imsi-001010000000001\"}";
  auto f = send("POST", "/echo", body);
  const auto r = get(f);
  ASSERT_TRUE(r) << describe(r);
  EXPECT_EQ(header_value(*r, "x-method"), "POST");
  EXPECT_EQ(r->body, body);
}

TEST_F(http2_client_test, fifty_requests_share_one_connection_within_the_stream_limit) {
  server_options o;
  o.max_concurrent_streams = 10;
  start_server(o);
  std::vector<std::future<result>> futures;
  for (int i = 0; i < 50; ++i) {
    futures.push_back(send("POST", "/delay", "n" + std::to_string(i)));
  }
  for (int i = 0; i < 50; ++i) {
    const auto r = get(futures[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(r) << i << ": " << describe(r);
    EXPECT_EQ(r->body, "n" + std::to_string(i));
  }
  on_io([this] {
    EXPECT_EQ(server_->active_connections(), 1U);
    EXPECT_EQ(client_->connections_opened(), 1U);
    EXPECT_LE(max_in_flight_, 10);  // the client queued the rest (no REFUSED_STREAM)
    EXPECT_GE(max_in_flight_, 2);   // and did multiplex
  });
}

TEST_F(http2_client_test, timeout_resets_the_stream_and_the_connection_stays_usable) {
  start_server();
  auto f = send("GET", "/never", {}, 200ms);
  const auto r = get(f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::timeout);
  auto g = send("GET", "/after");
  const auto r2 = get(g);
  ASSERT_TRUE(r2) << describe(r2);
  on_io([this] { EXPECT_EQ(client_->connections_opened(), 1U); });
}

TEST_F(http2_client_test, response_body_limit) {
  start_server();
  auto f = send("GET", "/big");
  const auto r = get(f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::response_too_large);
}

TEST_F(http2_client_test, server_stopping_fails_pending_requests) {
  start_server();
  auto a = send("GET", "/never");
  auto b = send("GET", "/never");
  // Let both reach the server, then stop it.
  auto c = send("GET", "/ping");
  ASSERT_TRUE(get(c));
  on_io([this] { server_.reset(); });
  for (auto* f : {&a, &b}) {
    const auto r = get(*f);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), client_error::connection_lost);
  }
}

TEST_F(http2_client_test, connect_refused_fails_with_connect_failed) {
  // A port that was free a moment ago: nothing listens there.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  make_client(ntohs(addr.sin_port));
  auto f = send("GET", "/");
  const auto r = get(f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::connect_failed);
}

TEST_F(http2_client_test, goaway_from_idle_server_leads_to_a_new_connection) {
  server_options o;
  o.idle_timeout = 100ms;
  start_server(o);
  auto a = send("GET", "/one");
  ASSERT_TRUE(get(a));
  std::this_thread::sleep_for(400ms);  // the server sends GOAWAY(NO_ERROR) and closes
  auto b = send("GET", "/two");
  const auto r = get(b);
  ASSERT_TRUE(r) << describe(r);
  on_io([this] { EXPECT_EQ(client_->connections_opened(), 2U); });
}

TEST_F(http2_client_test, bad_options_are_errors) {
  client_options o;
  o.host = "not-an-ip";
  o.port = 80;
  EXPECT_FALSE(client::create(io_, o));
  o.host = "127.0.0.1";
  o.port = 0;
  EXPECT_FALSE(client::create(io_, o));
}

// An independent server: nghttpd (nghttp2-server) serving a file from a temporary dir.
class http2_client_nghttpd_test : public http2_client_test {
 protected:
  void TearDown() override {
    http2_client_test::TearDown();
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  static bool accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    ::close(fd);
    return ok;
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

TEST_F(http2_client_nghttpd_test, get_file_bytes_match) {
  if (std::system("command -v nghttpd >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "nghttpd is not installed (scripts/bootstrap installs nghttp2-server)";
  }
  dir_ =
      std::filesystem::temp_directory_path() / ("glasscore-nghttpd-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir_);
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content.push_back(static_cast<char>(i * 7 % 256));  // binary, 3000 octets
  }
  std::ofstream(dir_ / "data.bin", std::ios::binary) << content;

  const std::uint16_t port = free_port();
  const std::string port_text = std::to_string(port);
  const std::string dir_text = dir_.string();
  pid_ = ::fork();
  ASSERT_GE(pid_, 0);
  if (pid_ == 0) {
    ::execlp("nghttpd", "nghttpd", "--no-tls", "-a", "127.0.0.1", "-d", dir_text.c_str(),
             port_text.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {  // ≤ 5 s
    up = accepts(port);
    if (!up) {
      std::this_thread::sleep_for(50ms);
    }
  }
  ASSERT_TRUE(up) << "nghttpd did not listen on 127.0.0.1:" << port << " within 5 s";

  make_client(port);
  auto a = send("GET", "/data.bin");
  auto b = send("GET", "/missing");
  const auto r = get(a);
  ASSERT_TRUE(r) << describe(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, content);
  const auto r2 = get(b);
  ASSERT_TRUE(r2) << describe(r2);
  EXPECT_EQ(r2->status, 404);
  on_io([this] { EXPECT_EQ(client_->connections_opened(), 1U); });
}

}  // namespace
}  // namespace glasscore::http2
