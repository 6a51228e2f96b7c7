#pragma once
/// \file
/// HTTP/2 client over cleartext TCP with prior knowledge ("h2c", RFC 9113 §3.3) or over
/// TLS with ALPN "h2" (RFC 9113 §3.2, TS 33.501 §13.1): the SBI client transport
/// (DESIGN.md §2, TS 29.500 §5.2). All requests to one peer are multiplexed as streams on
/// ONE connection (TS 29.500 §5.2 expects connection reuse; Debian 12's libcurl breaks
/// it, which is why this exists). The protocol engine is nghttp2, as in the server; this
/// layer adds the Asio I/O, a request queue that respects the server's
/// SETTINGS_MAX_CONCURRENT_STREAMS, per-request deadlines and limits.
///
/// Every byte from the server is untrusted: protocol errors end the connection (nghttp2
/// sends GOAWAY, RFC 9113 §5.4.1) and fail its requests; none of it reaches an assert.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/message.h"
#include "glasscore/http2/tls.h"

namespace asio::ssl {
class context;
}

namespace glasscore::http2 {

/// Why a request got no response.
enum class client_error {
  /// TCP connect or the TLS handshake failed (certificate not trusted or not naming the
  /// host, ALPN h2 not selected, ...) or did not finish within `connect_timeout`;
  /// `client::last_error()` says which.
  connect_failed,
  connection_lost,  ///< the connection closed or broke before the response was complete
  timeout,          ///< the request's deadline passed; its stream was reset with CANCEL
  /// The server did not process the request and it may be retried, on a new connection:
  /// its stream is above a GOAWAY's last-stream-id, it was refused (REFUSED_STREAM), or it
  /// was still queued when GOAWAY arrived (RFC 9113 §6.8, §8.7).
  refused,
  response_too_large,  ///< body or header list over the limits; stream reset with CANCEL
  stream_reset,        ///< the server reset the stream (other than REFUSED_STREAM)
  protocol_error,      ///< the request could not be submitted (e.g. stream ids exhausted)
  cancelled,           ///< the client was destroyed before the response came
};

/// A short stable name (for logs and tests), e.g. "connection_lost".
[[nodiscard]] std::string_view to_string(client_error e);

/// Called exactly once per request, on the io_context thread, never from inside
/// `client::request` (results are posted), so it may issue requests or destroy the client.
using response_callback = std::function<void(expected<response, client_error>)>;

struct client_options {
  /// An IP address (no name resolution in this slice); SBI peers here are 127.0.0.1.
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  /// Also sent as `:authority` unless empty, then `host:port` is used.
  std::string authority;
  std::chrono::milliseconds connect_timeout{5000};
  /// A larger response body fails the request with `response_too_large`.
  std::size_t max_response_body_size = 1 << 20;
  /// A larger response header list (name + value + 32 per field, RFC 9113 §6.5.2) fails
  /// the request with `response_too_large`.
  std::size_t max_response_header_list_size = 16384;
  /// When set, connect over TLS (ALPN "h2", `:scheme` https): the server certificate must
  /// chain to `tls->ca_file` and carry `host` as an IP address SAN. A certificate and key
  /// in it are presented for mutual TLS.
  std::optional<tls_config> tls;
};

/// An HTTP/2 client (h2c or TLS) for one peer on one io_context (an NF loop thread). It
/// connects lazily on the first request and reuses that connection for every request until
/// it closes or gets GOAWAY; the next request then opens a new one. Not thread-safe: call
/// everything on the io_context thread (or before it runs).
class client {
 public:
  /// Validates the options (and loads the TLS files); connects on the first request.
  [[nodiscard]] static expected<std::unique_ptr<client>, std::string> create(
      asio::io_context& io, const client_options& options);

  client(const client&) = delete;
  client& operator=(const client&) = delete;
  /// Closes the connection; outstanding requests get `cancelled` (posted).
  ~client();

  /// Sends `method path` with `headers` (names are lower-cased; `content-length` is added
  /// for a non-empty body when missing) and `body`. `timeout` runs from now and covers
  /// queueing, connecting and the response. Requests beyond the server's
  /// SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2) wait in a FIFO queue.
  void request(std::string method, std::string path, std::vector<header> headers, std::string body,
               std::chrono::milliseconds timeout, response_callback callback);

  /// Connections opened so far (1 while reuse works).
  [[nodiscard]] std::size_t connections_opened() const { return connections_opened_; }
  /// Why the latest connection attempt failed (TCP connect or TLS handshake, e.g.
  /// "TLS handshake failed: certificate verification failed: ..."); empty if it did not.
  [[nodiscard]] const std::string& last_error() const { return *last_error_; }

  class connection;

 private:
  client(asio::io_context& io, client_options options) : io_(io), options_(std::move(options)) {}

  asio::io_context& io_;
  client_options options_;
  std::shared_ptr<asio::ssl::context> tls_;  // null for h2c
  std::shared_ptr<std::string> last_error_ = std::make_shared<std::string>();
  std::shared_ptr<connection> connection_;
  std::size_t connections_opened_ = 0;
};

}  // namespace glasscore::http2
