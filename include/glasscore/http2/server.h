#pragma once
/// \file
/// HTTP/2 server: the transport under the SBI (DESIGN.md §2, TS 29.500 §5.2). Either over
/// cleartext TCP with prior knowledge ("h2c", RFC 9113 §3.3: the client sends the
/// connection preface straight away, no HTTP/1.1 Upgrade) or over TLS with ALPN "h2" (RFC
/// 9113 §3.2; TLS 1.3 by default, optionally mutual, TS 33.501 §13.1) when
/// `server_options::tls` is set. The protocol engine is nghttp2 (DESIGN.md §2); the
/// protocol handling is the sans-I/O `server_session` (`server_session.h`), this layer adds
/// the Asio I/O and TLS. The client is in `client.h`.
///
/// Every byte from the network is untrusted: protocol errors end the connection with
/// GOAWAY (RFC 9113 §5.4.1), over-limit requests get their HTTP status and a stream reset,
/// and none of it stops the server from serving other connections.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/message.h"
#include "glasscore/http2/tls.h"

namespace glasscore::http2 {

class server_session;

/// The one way to answer a request; it may be used after the handler returned (async).
/// Copyable; only the first `send` counts.
///
/// Thread-safety: call `send` only on the thread running the server's io_context (post
/// to it from elsewhere). Holding a responder does not keep the connection open.
class responder {
 public:
  /// Queues the response for sending. Returns false, and drops it, when the stream is
  /// gone (client reset, connection closed) or was already answered.
  bool send(response r) const;

 private:
  friend class server_session;
  responder(std::weak_ptr<server_session> s, std::int32_t stream_id)
      : session_(std::move(s)), stream_id_(stream_id) {}
  std::weak_ptr<server_session> session_;
  std::int32_t stream_id_;
};

/// Called once per complete request, on the io_context thread. It must not throw; if it
/// does, the request gets a 500 (an exception cannot cross nghttp2's C callbacks). The
/// request is valid only during the call (copy what an async answer needs).
using request_handler = std::function<void(const request&, responder)>;

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 lets the kernel choose; see `server::port()`
  /// Advertised as SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2) and enforced: a larger
  /// header list (sum of name + value + 32 per field) gets 431 (RFC 6585 §5).
  std::uint32_t max_header_list_size = 16384;
  /// A larger request body (by content-length or by the DATA received) gets 413 and the
  /// stream is reset with NO_ERROR (RFC 9113 §8.1).
  std::size_t max_body_size = 1 << 20;
  /// SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2); streams beyond it are refused
  /// (RST_STREAM REFUSED_STREAM) by nghttp2.
  std::uint32_t max_concurrent_streams = 100;
  /// A connection with no open stream and nothing received for this long gets GOAWAY
  /// (NO_ERROR) and is closed.
  std::chrono::milliseconds idle_timeout{60000};
  /// Connections beyond this are closed on accept.
  std::size_t max_connections = 1024;
  /// A request the handler has not answered this long after it was complete gets 504 with
  /// an application/problem+json body (TS 29.500 §5.2.7.2); a later `responder::send`
  /// returns false. Zero (the default) waits for the handler for ever.
  std::chrono::milliseconds request_timeout{0};
  /// When set, the server speaks HTTP/2 over TLS only (ALPN "h2"; a client that offers no
  /// "h2" fails the handshake or is closed, RFC 9113 §3.2). The TLS handshake must finish
  /// within `idle_timeout`.
  std::optional<tls_config> tls;
};

/// An HTTP/2 server (h2c or TLS) on one io_context (an NF loop thread). Not thread-safe
/// except where noted.
class server {
 public:
  /// Listens and starts accepting. Fails with a message naming the address and the reason,
  /// or the TLS file that could not be used.
  [[nodiscard]] static expected<std::unique_ptr<server>, std::string> start(
      asio::io_context& io, const server_options& options, request_handler handler);

  server(const server&) = delete;
  server& operator=(const server&) = delete;
  /// Stops accepting and closes every connection. Call on the io_context thread (or when
  /// it is not running).
  ~server();

  /// The port actually bound (useful with port 0).
  [[nodiscard]] std::uint16_t port() const;
  /// Connections open now. Thread-safe.
  [[nodiscard]] std::size_t active_connections() const;

  struct state;

 private:
  explicit server(std::shared_ptr<state> s) : state_(std::move(s)) {}
  std::shared_ptr<state> state_;
};

}  // namespace glasscore::http2
