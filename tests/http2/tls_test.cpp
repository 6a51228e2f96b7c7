// HTTP/2 over TLS (RFC 9113 §3.2, ALPN "h2"; TLS 1.3 by default, TS 33.501 §13.1): curl,
// nghttp and our client against our server, mutual TLS, a wrong CA, a wrong IP SAN, a TLS
// 1.2 client, clients without h2 in ALPN, and the wrong protocol on each kind of port. A
// throwaway CA, server and client certificates are made with the openssl CLI in a
// temporary directory for the suite.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <asio/executor_work_guard.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl.hpp>
#include <filesystem>
#include <future>
#include <thread>

#include "glasscore/http2/client.h"
#include "glasscore/http2/server.h"
#include "test_util.h"

namespace glasscore::http2 {
namespace {

using namespace std::chrono_literals;
using result = expected<response, client_error>;
using test::have_tool;
using test::run;

std::string dir;  // the suite's certificates; empty if they could not be made

// Makes `name`.pem/.key signed by `ca` with the given subjectAltName/extendedKeyUsage.
bool make_cert(const std::string& name, const std::string& ca, const std::string& ext) {
  const std::string d = dir + "/";
  const std::string ext_file = d + name + ".ext";
  run("printf '" + ext + "\\n' > " + ext_file);
  run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d + name +
      ".key -out " + d + name + ".csr -subj /CN=" + name + " 2>/dev/null");
  run("openssl x509 -req -in " + d + name + ".csr -CA " + d + ca + ".pem -CAkey " + d + ca +
      ".key -CAcreateserial -days 1 -extfile " + ext_file + " -out " + d + name +
      ".pem 2>/dev/null");
  return std::filesystem::exists(d + name + ".pem");
}

bool make_ca(const std::string& name) {
  const std::string d = dir + "/";
  run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -keyout " + d +
      name + ".key -out " + d + name + ".pem -subj /CN=" + name + " 2>/dev/null");
  return std::filesystem::exists(d + name + ".pem");
}

class http2_tls_test : public testing::Test {
 public:
  static void SetUpTestSuite() {
    if (!have_tool("openssl")) {
      return;
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "glasscore-h2tls-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return;
    }
    dir = tmpl;
    const bool ok =
        make_ca("ca") && make_ca("other-ca") &&
        make_cert("server", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth") &&
        make_cert("wrong-ip", "ca", "subjectAltName=IP:10.9.8.7\nextendedKeyUsage=serverAuth") &&
        make_cert("client", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=clientAuth") &&
        make_cert("stranger", "other-ca", "extendedKeyUsage=clientAuth");
    if (!ok) {
      std::filesystem::remove_all(dir);
      dir.clear();
    }
  }
  static void TearDownTestSuite() {
    if (!dir.empty()) {
      std::filesystem::remove_all(dir);
    }
  }

 protected:
  void SetUp() override {
    if (dir.empty()) {
      GTEST_SKIP() << "openssl CLI missing or certificates could not be made";
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (!thread_.joinable()) {
      return;
    }
    on_io([this] {
      client_.reset();
      server_.reset();
      plain_server_.reset();
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

  static std::string file(const std::string& name) { return dir + "/" + name; }

  static tls_config server_tls(const std::string& cert = "server") {
    tls_config t;
    t.certificate_chain_file = file(cert + ".pem");
    t.private_key_file = file(cert + ".key");
    return t;
  }

  void start_server(tls_config tls) {
    server_options o;
    o.tls = std::move(tls);
    on_io([&] {
      auto s = server::start(io_, o, [](const request& req, const responder& r) {
        (void)r.send(response{200, {{"x-scheme", req.scheme}}, "secure " + req.path + "\n"});
      });
      ASSERT_TRUE(s) << s.error();
      server_ = std::move(*s);
      port_ = server_->port();
    });
  }

  void make_client(tls_config tls) {
    client_options o;
    o.port = port_;
    o.tls = std::move(tls);
    auto c = client::create(io_, o);
    ASSERT_TRUE(c) << c.error();
    client_ = std::move(*c);
  }

  result get(const std::string& path) {
    auto promise = std::make_shared<std::promise<result>>();
    auto future = promise->get_future();
    asio::post(io_, [this, path, promise] {
      client_->request("GET", path, {}, {}, 3000ms,
                       [promise](result r) { promise->set_value(std::move(r)); });
    });
    if (future.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no callback within 5 s";
      return fail(client_error::cancelled);
    }
    return future.get();
  }

  std::string last_error() {
    std::string e;
    on_io([&] { e = client_->last_error(); });
    return e;
  }

  std::string url(const std::string& path = "/") const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  // curl's HTTP version ("2" for HTTP/2) and body, or its error.
  std::string curl(const std::string& args) const {
    return run("curl -sS --max-time 5 --cacert " + file("ca.pem") + " -w ' http=%{http_version}' " +
               args + " 2>&1");
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io_);
  std::thread thread_;
  std::unique_ptr<server> server_;
  std::unique_ptr<server> plain_server_;
  std::unique_ptr<client> client_;
  std::uint16_t port_ = 0;
};

TEST_F(http2_tls_test, curl_negotiates_h2_over_tls_1_3) {
  if (!have_tool("curl")) {
    GTEST_SKIP() << "curl is not installed";
  }
  start_server(server_tls());
  const auto out = curl("--http2 -v " + url("/nf"));
  EXPECT_NE(out.find("secure /nf"), std::string::npos) << out;
  EXPECT_NE(out.find("http=2"), std::string::npos) << out;
  EXPECT_NE(out.find("ALPN: server accepted h2"), std::string::npos) << out;
  EXPECT_NE(out.find("TLSv1.3"), std::string::npos) << out;
}

TEST_F(http2_tls_test, nghttp_over_tls) {
  if (!have_tool("nghttp")) {
    GTEST_SKIP() << "nghttp is not installed (nghttp2-client)";
  }
  start_server(server_tls());
  const auto out = run("nghttp -v -t 5 " + url("/n") + " 2>&1");
  EXPECT_NE(out.find("The negotiated protocol: h2"), std::string::npos) << out;
  EXPECT_NE(out.find("secure /n"), std::string::npos) << out;
}

TEST_F(http2_tls_test, our_client_over_tls_uses_https_and_one_connection) {
  start_server(server_tls());
  tls_config t;
  t.ca_file = file("ca.pem");
  make_client(t);
  for (const char* path : {"/a", "/b"}) {
    const auto r = get(path);
    ASSERT_TRUE(r) << to_string(r.error()) << ": " << last_error();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, std::string("secure ") + path + "\n");
    ASSERT_EQ(r->headers.size(), 2U);  // x-scheme, content-length
    EXPECT_EQ(r->headers[0].value, "https");
  }
  on_io([this] { EXPECT_EQ(client_->connections_opened(), 1U); });
}

TEST_F(http2_tls_test, client_rejects_a_server_certificate_from_another_ca) {
  start_server(server_tls());
  tls_config t;
  t.ca_file = file("other-ca.pem");
  make_client(t);
  const auto r = get("/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::connect_failed);
  EXPECT_NE(last_error().find("certificate verification failed"), std::string::npos)
      << last_error();
}

TEST_F(http2_tls_test, client_rejects_a_certificate_for_another_ip_address) {
  start_server(server_tls("wrong-ip"));
  tls_config t;
  t.ca_file = file("ca.pem");
  make_client(t);
  const auto r = get("/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::connect_failed);
  EXPECT_NE(last_error().find("IP address mismatch"), std::string::npos) << last_error();
}

TEST_F(http2_tls_test, client_fails_clearly_when_the_server_does_not_select_h2) {
  // A bare TLS server with a valid certificate but no ALPN support at all.
  asio::ssl::context context(asio::ssl::context::tls_server);
  context.use_certificate_chain_file(file("server.pem"));
  context.use_private_key_file(file("server.key"), asio::ssl::context::pem);
  // Shared with the handlers, which may still be queued when the test body ends.
  auto acceptor = std::make_shared<asio::ip::tcp::acceptor>(
      io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor->local_endpoint().port();
  auto peer = std::make_shared<asio::ssl::stream<asio::ip::tcp::socket>>(io_, context);
  on_io([&] {
    acceptor->async_accept(peer->lowest_layer(), [peer](const asio::error_code& ec) {
      if (!ec) {
        peer->async_handshake(asio::ssl::stream_base::server, [peer](const asio::error_code&) {});
      }
    });
  });
  tls_config t;
  t.ca_file = file("ca.pem");
  make_client(t);
  const auto r = get("/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), client_error::connect_failed);
  EXPECT_NE(last_error().find("did not select ALPN h2"), std::string::npos) << last_error();
  on_io([&] {
    asio::error_code ignored;
    peer->lowest_layer().close(ignored);
    acceptor->close(ignored);
  });
}

TEST_F(http2_tls_test, mutual_tls_needs_a_client_certificate_from_the_ca) {
  tls_config s = server_tls();
  s.ca_file = file("ca.pem");
  s.require_client_certificate = true;
  start_server(s);

  tls_config t;
  t.ca_file = file("ca.pem");
  make_client(t);  // no certificate: TLS 1.3 reports it after the client's handshake
  EXPECT_FALSE(get("/"));

  t.certificate_chain_file = file("stranger.pem");  // signed by a CA the server does not trust
  t.private_key_file = file("stranger.key");
  on_io([this] { client_.reset(); });
  make_client(t);
  EXPECT_FALSE(get("/"));

  t.certificate_chain_file = file("client.pem");
  t.private_key_file = file("client.key");
  on_io([this] { client_.reset(); });
  make_client(t);
  const auto r = get("/mtls");
  ASSERT_TRUE(r) << to_string(r.error()) << ": " << last_error();
  EXPECT_EQ(r->body, "secure /mtls\n");

  if (have_tool("curl")) {
    const auto refused = curl("--http2 " + url("/curl"));
    EXPECT_EQ(refused.find("secure /curl"), std::string::npos) << refused;
    const auto out = curl("--http2 --cert " + file("client.pem") + " --key " + file("client.key") +
                          " " + url("/curl"));
    EXPECT_NE(out.find("secure /curl"), std::string::npos) << out;
  }
}

TEST_F(http2_tls_test, tls_1_2_client_is_refused_when_1_3_is_required) {
  if (!have_tool("curl")) {
    GTEST_SKIP() << "curl is not installed";
  }
  start_server(server_tls());
  const auto refused = curl("--http2 --tls-max 1.2 " + url());
  EXPECT_EQ(refused.find("secure"), std::string::npos) << refused;
  EXPECT_NE(curl("--http2 " + url()).find("http=2"), std::string::npos);
}

TEST_F(http2_tls_test, tls_1_2_is_accepted_when_allowed) {
  if (!have_tool("curl")) {
    GTEST_SKIP() << "curl is not installed";
  }
  tls_config s = server_tls();
  s.allow_tls_1_2 = true;
  start_server(s);
  const auto out = curl("--http2 -v --tls-max 1.2 " + url("/old"));
  EXPECT_NE(out.find("secure /old"), std::string::npos) << out;
  EXPECT_NE(out.find("TLSv1.2"), std::string::npos) << out;
}

TEST_F(http2_tls_test, clients_without_h2_in_alpn_are_refused) {
  if (!have_tool("curl")) {
    GTEST_SKIP() << "curl is not installed";
  }
  start_server(server_tls());
  // ALPN offered without h2: the handshake fails (RFC 7301 §3.2 no_application_protocol).
  const auto http11 = curl("--http1.1 " + url());
  EXPECT_EQ(http11.find("secure"), std::string::npos) << http11;
  // No ALPN at all: not HTTP/2 (RFC 9113 §3.2); closed after the handshake.
  const auto none = curl("--http2 --no-alpn " + url());
  EXPECT_EQ(none.find("secure"), std::string::npos) << none;
  EXPECT_NE(curl("--http2 " + url("/still")).find("secure /still"), std::string::npos);
}

TEST_F(http2_tls_test, wrong_protocol_on_either_port_leaves_other_clients_served) {
  if (!have_tool("curl")) {
    GTEST_SKIP() << "curl is not installed";
  }
  start_server(server_tls());
  on_io([&] {
    auto s = server::start(io_, server_options{}, [](const request&, const responder& r) {
      (void)r.send(response{200, {}, "plain\n"});
    });
    ASSERT_TRUE(s) << s.error();
    plain_server_ = std::move(*s);
  });
  const std::string plain_url = "http://127.0.0.1:" + std::to_string(plain_server_->port()) + "/";

  // A cleartext h2 client holds a connection to the TLS port; a TLS one to the h2c port.
  const int to_tls = test::raw_connect(port_);
  ASSERT_GE(to_tls, 0);
  const std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  ASSERT_EQ(::send(to_tls, preface.data(), preface.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(preface.size()));
  const auto tls_to_plain =
      curl("--http2 https://127.0.0.1:" + std::to_string(plain_server_->port()) + "/");
  EXPECT_EQ(tls_to_plain.find("plain"), std::string::npos) << tls_to_plain;
  const auto plain_to_tls =
      curl("--http2-prior-knowledge http://127.0.0.1:" + std::to_string(port_) + "/");
  EXPECT_EQ(plain_to_tls.find("secure"), std::string::npos) << plain_to_tls;

  EXPECT_NE(curl("--http2 " + url("/ok")).find("secure /ok"), std::string::npos);
  EXPECT_NE(curl("--http2-prior-knowledge " + plain_url).find("plain"), std::string::npos);
  EXPECT_TRUE(test::wait_closed(to_tls));  // the TLS side gave up on the garbage
  ::close(to_tls);
}

TEST_F(http2_tls_test, unusable_tls_files_are_start_errors) {
  server_options o;
  o.tls = server_tls();
  o.tls->private_key_file = file("client.key");  // does not match the certificate
  auto s = server::start(io_, o, [](const request&, const responder&) {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("client.key"), std::string::npos) << s.error();
  o.tls = tls_config{};
  o.tls->certificate_chain_file = file("missing.pem");
  o.tls->private_key_file = file("server.key");
  s = server::start(io_, o, [](const request&, const responder&) {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("missing.pem"), std::string::npos) << s.error();

  client_options c;
  c.port = 1;
  c.tls = tls_config{};  // no CA: the client could not verify anyone
  EXPECT_FALSE(client::create(io_, c));
}

}  // namespace
}  // namespace glasscore::http2
