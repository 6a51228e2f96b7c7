#pragma once
// Private to lib/http2: the one seam between the HTTP/2 connection code and the transport,
// so cleartext TCP and TLS share everything above the byte stream (server and client).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <asio/buffer.hpp>
#include <asio/error_code.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/tls.h"

namespace glasscore::http2::detail {

using io_handler = std::function<void(const asio::error_code&, std::size_t)>;
/// Empty on success, otherwise why the handshake failed (for logs and `client::last_error`).
using handshake_handler = std::function<void(const std::string& error)>;

/// An established (or establishing) byte stream. One read and one write may be pending at
/// a time; handlers run on the io_context. Destroy only when no operation is pending, or
/// after `close()` (pending operations then complete with an error).
class byte_stream {
 public:
  virtual ~byte_stream() = default;
  /// Cleartext: done at once. TLS: the handshake, then the ALPN check (RFC 9113 §3.2: h2
  /// over TLS is identified by ALPN "h2"; anything else is not our protocol).
  virtual void handshake(handshake_handler done) = 0;
  virtual void read_some(asio::mutable_buffer buffer, io_handler done) = 0;
  /// Writes all of `buffer`.
  virtual void write(asio::const_buffer buffer, io_handler done) = 0;
  /// Closes the socket without a TLS close_notify (our HTTP/2 GOAWAY already said goodbye).
  virtual void close() = 0;
};

std::unique_ptr<byte_stream> make_plain_stream(asio::ip::tcp::socket socket);

enum class tls_role { client, server };

/// A TLS stream over `socket`. For a client, `peer_ip` is the address the server's
/// certificate must name (IP address SAN, RFC 6125 / RFC 5280 §4.2.1.6).
std::unique_ptr<byte_stream> make_tls_stream(asio::ip::tcp::socket socket,
                                             asio::ssl::context& context, tls_role role,
                                             const std::string& peer_ip = {});

/// An OpenSSL context for `role` set up from `config` (TLS 1.3 minimum unless allowed
/// otherwise, ALPN h2, certificates, peer verification), or a message naming what failed.
expected<std::shared_ptr<asio::ssl::context>, std::string> make_tls_context(
    const tls_config& config, tls_role role);

}  // namespace glasscore::http2::detail
