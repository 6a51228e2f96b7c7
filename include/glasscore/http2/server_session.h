#pragma once
/// \file
/// The server side of one HTTP/2 connection without any I/O (DESIGN.md §4, sans-I/O
/// cores): bytes from the client go in (`receive`), bytes for the client come out
/// (`take_output`), complete requests go to the handler, responses come back through
/// `responder`. It holds the nghttp2 session, the limits of `server_options` and the
/// request assembly. `server` drives one per connection over TCP or TLS; the fuzz target
/// (tests/fuzz/fuzz_http2.cpp) drives one with arbitrary bytes.
///
/// Time enters only through the `clock` given to `create` and the `expire` call, so request
/// timeouts can be tested with a manual clock.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "glasscore/http2/server.h"

namespace glasscore::http2 {

class server_session : public std::enable_shared_from_this<server_session> {
 public:
  using clock_function = std::function<std::chrono::steady_clock::time_point()>;

  /// A session whose first output is the server connection preface (SETTINGS with the
  /// limits of `options`, RFC 9113 §3.4). `on_output` is called when a response was queued
  /// outside `receive`/`expire` (an async `responder::send`), so the owner knows to call
  /// `take_output` (it may do so from inside `on_output`). `clock` defaults to
  /// steady_clock. Null only when nghttp2 cannot allocate.
  [[nodiscard]] static std::shared_ptr<server_session> create(const server_options& options,
                                                              request_handler handler,
                                                              std::function<void()> on_output = {},
                                                              clock_function clock = {});
  server_session(const server_session&) = delete;
  server_session& operator=(const server_session&) = delete;
  ~server_session();

  /// Feeds bytes received from the client. Complete requests reach the handler from
  /// inside this call. A protocol error makes the session queue GOAWAY (RFC 9113 §5.4.1)
  /// and stop reading; returns false when the bytes could not be processed at all (then
  /// GOAWAY PROTOCOL_ERROR is queued too). Either way: send the output, then close once
  /// `finished()`.
  bool receive(std::span<const std::uint8_t> bytes);
  /// Appends pending output to `out` until it holds at least `high_water` bytes or nothing
  /// is left. False on a fatal session error (close the connection).
  bool take_output(std::string& out, std::size_t high_water);
  /// The session wants more input (false after GOAWAY or a fatal error).
  [[nodiscard]] bool want_read() const;
  /// Nothing more to read and nothing more to write: close the connection.
  [[nodiscard]] bool finished() const;
  /// Streams still open (request or response in progress).
  [[nodiscard]] bool has_streams() const;
  /// Queues GOAWAY with `error_code` (RFC 9113 §6.8); the session then finishes.
  void terminate(std::uint32_t error_code);
  /// The connection is gone: drops every stream; later `responder::send` returns false.
  void close();

  /// The earliest time a dispatched request runs out of `request_timeout`, if any.
  [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline() const;
  /// Answers 504 to every dispatched request whose deadline is at or before `now`.
  void expire(std::chrono::steady_clock::time_point now);

  struct impl;

 private:
  friend class responder;
  server_session() = default;
  bool send(std::int32_t stream_id, response r);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::http2
