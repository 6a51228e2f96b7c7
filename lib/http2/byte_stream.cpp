#include "byte_stream.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <array>
#include <string_view>

#include <asio/post.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/write.hpp>

namespace glasscore::http2::detail {

using asio::ip::tcp;

namespace {

// ALPN protocol id of HTTP/2 over TLS (RFC 9113 §3.2), in the wire format of RFC 7301 §3.1
// (length-prefixed).
constexpr std::array<unsigned char, 3> alpn_h2{2, 'h', '2'};
constexpr std::string_view h2 = "h2";

// The queued OpenSSL errors as one line (and the queue emptied).
std::string openssl_errors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    if (!out.empty()) {
      out += "; ";
    }
    out += buf.data();
  }
  return out.empty() ? std::string("unknown OpenSSL error") : out;
}

class plain_stream final : public byte_stream {
 public:
  explicit plain_stream(tcp::socket s) : socket_(std::move(s)) {}
  void handshake(handshake_handler done) override {
    asio::post(socket_.get_executor(), [done = std::move(done)] { done({}); });
  }
  void read_some(asio::mutable_buffer buffer, io_handler done) override {
    socket_.async_read_some(buffer, std::move(done));
  }
  void write(asio::const_buffer buffer, io_handler done) override {
    asio::async_write(socket_, buffer, std::move(done));
  }
  void close() override {
    asio::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  tcp::socket socket_;
};

class tls_stream final : public byte_stream {
 public:
  tls_stream(tcp::socket s, asio::ssl::context& c, tls_role role)
      : stream_(std::move(s), c), role_(role) {}
  SSL* ssl() { return stream_.native_handle(); }

  void handshake(handshake_handler done) override {
    const auto type =
        role_ == tls_role::server ? asio::ssl::stream_base::server : asio::ssl::stream_base::client;
    stream_.async_handshake(
        type, [this, done = std::move(done)](const asio::error_code& ec) { done(check(ec)); });
  }
  void read_some(asio::mutable_buffer buffer, io_handler done) override {
    stream_.async_read_some(buffer, std::move(done));
  }
  void write(asio::const_buffer buffer, io_handler done) override {
    asio::async_write(stream_, buffer, std::move(done));
  }
  void close() override {
    asio::error_code ignored;
    stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.lowest_layer().close(ignored);
  }

 private:
  // Why the handshake failed, or why its result is not HTTP/2; empty when all is well.
  std::string check(const asio::error_code& ec) {
    if (ec) {
      const long verify = SSL_get_verify_result(ssl());
      if (verify != X509_V_OK) {
        return "TLS handshake failed: certificate verification failed: " +
               std::string(X509_verify_cert_error_string(verify));
      }
      return "TLS handshake failed: " + ec.message();
    }
    const unsigned char* proto = nullptr;
    unsigned int len = 0;
    SSL_get0_alpn_selected(ssl(), &proto, &len);
    if (std::string_view(reinterpret_cast<const char*>(proto), proto == nullptr ? 0 : len) != h2) {
      return role_ == tls_role::server ? "TLS client did not offer ALPN h2 (RFC 9113 §3.2)"
                                       : "TLS server did not select ALPN h2 (RFC 9113 §3.2)";
    }
    return {};
  }

  asio::ssl::stream<tcp::socket> stream_;
  tls_role role_;
};

// Server side of ALPN (RFC 7301 §3.2): "h2" or nothing. A client that offers ALPN without
// h2 gets the fatal no_application_protocol alert; one that offers no ALPN at all is closed
// after the handshake (tls_stream::check).
int select_h2(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
              unsigned int inlen, void*) {
  unsigned int i = 0;
  while (i < inlen) {
    const unsigned int n = in[i];
    if (i + 1 + n > inlen) {
      break;  // malformed list
    }
    if (std::string_view(reinterpret_cast<const char*>(in + i + 1), n) == h2) {
      *out = in + i + 1;
      *outlen = static_cast<unsigned char>(n);
      return SSL_TLSEXT_ERR_OK;
    }
    i += 1 + n;
  }
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

}  // namespace

std::unique_ptr<byte_stream> make_plain_stream(tcp::socket socket) {
  return std::make_unique<plain_stream>(std::move(socket));
}

std::unique_ptr<byte_stream> make_tls_stream(tcp::socket socket, asio::ssl::context& context,
                                             tls_role role, const std::string& peer_ip) {
  std::unique_ptr<tls_stream> s;
  try {
    s = std::make_unique<tls_stream>(std::move(socket), context, role);
  } catch (...) {
    return nullptr;  // SSL_new failed (out of memory); Asio reports it by throwing
  }
  // The server certificate must name the address we connected to; SBI peers are IP hosts,
  // so it is the IP address SAN that counts (no SNI: RFC 6066 §3 excludes literal addresses).
  if (role == tls_role::client &&
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s->ssl()), peer_ip.c_str()) != 1) {
    return nullptr;
  }
  return s;
}

expected<std::shared_ptr<asio::ssl::context>, std::string> make_tls_context(
    const tls_config& config, tls_role role) {
  const bool server = role == tls_role::server;
  SSL_CTX* raw = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
  if (raw == nullptr) {
    return fail("TLS context: " + openssl_errors());
  }
  auto context = std::make_shared<asio::ssl::context>(raw);  // owns raw from here
  SSL_CTX* ctx = context->native_handle();
  // TS 33.501 §13.1 profiles TLS for the SBI; we require 1.3 unless told otherwise. Under
  // 1.2, RFC 9113 §9.2.2 rules out all but ephemeral key exchange with AEAD ciphers.
  if (SSL_CTX_set_min_proto_version(ctx, config.allow_tls_1_2 ? TLS1_2_VERSION : TLS1_3_VERSION) !=
          1 ||
      (config.allow_tls_1_2 && SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1)) {
    return fail("TLS version or ciphers: " + openssl_errors());
  }
  // RFC 9113 §9.2.1: no renegotiation, no TLS compression.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);

  const bool have_cert = !config.certificate_chain_file.empty();
  if (have_cert != !config.private_key_file.empty()) {
    return fail(std::string("TLS needs both a certificate chain file and a private key file"));
  }
  if (server && !have_cert) {
    return fail(std::string("TLS server needs a certificate chain file and a private key file"));
  }
  if (have_cert) {
    if (SSL_CTX_use_certificate_chain_file(ctx, config.certificate_chain_file.c_str()) != 1) {
      return fail("TLS certificate chain '" + config.certificate_chain_file +
                  "': " + openssl_errors());
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, config.private_key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
      return fail("TLS private key '" + config.private_key_file + "': " + openssl_errors());
    }
  }
  if (!config.ca_file.empty() &&
      SSL_CTX_load_verify_locations(ctx, config.ca_file.c_str(), nullptr) != 1) {
    return fail("TLS CA file '" + config.ca_file + "': " + openssl_errors());
  }

  if (server) {
    if (config.require_client_certificate && config.ca_file.empty()) {
      return fail(std::string("TLS require_client_certificate needs a CA file"));
    }
    int mode = SSL_VERIFY_NONE;
    if (config.require_client_certificate) {
      mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    } else if (!config.ca_file.empty()) {
      mode = SSL_VERIFY_PEER;  // a certificate, if offered, must verify
    }
    SSL_CTX_set_verify(ctx, mode, nullptr);
    SSL_CTX_set_alpn_select_cb(ctx, select_h2, nullptr);
  } else {
    if (config.ca_file.empty()) {
      return fail(std::string("TLS client needs a CA file to verify the server"));
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    // Note the inverted convention: 0 is success here.
    if (SSL_CTX_set_alpn_protos(ctx, alpn_h2.data(), alpn_h2.size()) != 0) {
      return fail("TLS ALPN: " + openssl_errors());
    }
  }
  return context;
}

}  // namespace glasscore::http2::detail
