#pragma once
// Internal: what an SCTP backend (kernel socket or usrsctp) provides to the shared endpoint
// logic in sctp_endpoint.cpp. The two stacks have the same RFC 6458 socket API, but their
// headers cannot be included together (linux/sctp.h and usrsctp.h define the same structs
// with different constants), so each backend lives in its own file and translates its
// notifications into `sctp_notice`.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/transport/sctp.h"

namespace glasscore::transport::detail {

/// A notification translated from RFC 6458 §6.1 into backend-neutral terms.
struct sctp_notice {
  enum class kind : std::uint8_t {
    up,               ///< SCTP_COMM_UP
    restarted,        ///< SCTP_RESTART
    lost,             ///< SCTP_COMM_LOST
    shutdown_done,    ///< SCTP_SHUTDOWN_COMP
    cannot_start,     ///< SCTP_CANT_STR_ASSOC
    send_failed,      ///< SCTP_SEND_FAILED_EVENT
    partial_aborted,  ///< SCTP_PARTIAL_DELIVERY_EVENT: a message being received will not end
    ignored,          ///< anything else (address changes, shutdown received, ...)
  };
  kind what = kind::ignored;
  sctp_association_id id{};
  std::uint16_t inbound_streams = 0;
  std::uint16_t outbound_streams = 0;
  /// For lost: true when the peer's ABORT ended it (the stack then reports an error cause).
  bool by_peer_abort = false;
  std::uint16_t stream = 0;  ///< send_failed
  std::uint32_t ppid = 0;    ///< send_failed
  int error = 0;             ///< send_failed
};

/// The result of one receive call: a piece of a user message or one notification.
struct sctp_received {
  std::size_t size = 0;  ///< bytes written into the buffer (data only)
  bool notification = false;
  bool end_of_record = false;  ///< last piece of the message (MSG_EOR)
  sctp_association_id id{};
  std::uint16_t stream = 0;
  std::uint32_t ppid = 0;
  sctp_notice notice;  ///< when notification
};

/// Send flags shared by both stacks (their numeric values differ).
enum class sctp_send_kind : std::uint8_t { data, eof, abort };

/// One SCTP one-to-many socket of one stack. Every method runs on the io_context thread.
class sctp_socket_backend {
 public:
  virtual ~sctp_socket_backend() = default;

  /// Asks to be told (via the ready callback, on the io thread) when the socket may be
  /// readable, and also writable when `want_write`. Re-armed after each callback.
  virtual void arm(bool want_write) = 0;

  [[nodiscard]] virtual expected<void, transport_error> connect(const socket_address& remote) = 0;
  /// Returns would_block when the send buffer has no room for the whole message.
  [[nodiscard]] virtual expected<void, transport_error> send(sctp_association_id id,
                                                             std::uint16_t stream,
                                                             std::uint32_t ppid, byte_span data,
                                                             sctp_send_kind kind) = 0;
  /// Non-blocking; would_block when nothing is queued.
  [[nodiscard]] virtual expected<sctp_received, transport_error> receive(
      mutable_byte_span buffer) = 0;
  [[nodiscard]] virtual expected<socket_address, transport_error> local_address() const = 0;
  [[nodiscard]] virtual expected<socket_address, transport_error> peer_address(
      sctp_association_id id) const = 0;
};

using ready_callback = std::function<void()>;

/// Opens a kernel SCTP socket configured by `options`; `ready` runs on `io`'s thread.
expected<std::unique_ptr<sctp_socket_backend>, std::string> open_kernel_socket(
    asio::io_context& io, const sctp_options& options, ready_callback ready);
/// The same on the process-wide usrsctp stack (initialised on first use).
expected<std::unique_ptr<sctp_socket_backend>, std::string> open_usrsctp_socket(
    asio::io_context& io, const sctp_options& options, ready_callback ready);

/// Both backends convert our millisecond options the same way (RFC 6458 units are ms).
[[nodiscard]] std::uint32_t to_ms(std::chrono::milliseconds d);

}  // namespace glasscore::transport::detail
