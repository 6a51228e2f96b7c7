#pragma once
/// \file
/// Non-blocking UDP socket (IPv4 or IPv6) for N3 (GTP-U), N4 (PFCP) and N6.
///
/// The user plane moves datagrams in batches: one recvmmsg(2) or sendmmsg(2) call carries
/// up to a whole datagram_batch, so the syscall cost is paid once per batch, not per packet
/// (DESIGN.md §2, "User plane"). Received datagrams land directly in pooled packet_buffers
/// after their headroom, so a GTP-U header can later be stripped or prepended in place;
/// nothing is allocated per packet. PFCP uses the single-datagram send_to/receive_from.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <sys/socket.h>
#include <sys/uio.h>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/core/packet_buffer.h"
#include "glasscore/transport/socket_address.h"
#include "glasscore/transport/transport_error.h"
#include "glasscore/transport/unique_fd.h"

namespace glasscore::transport {

/// One datagram of a batch: its bytes and the peer (source when received, destination
/// when sent).
struct datagram {
  std::optional<packet_buffer> buffer;
  socket_address peer;
};

/// A fixed-capacity set of datagrams plus the kernel-facing mmsghdr/iovec arrays, all
/// allocated once at construction and reused for every call.
class datagram_batch {
 public:
  /// Holds at most `capacity` datagrams (clamped to 1..1024, the kernel's UIO_MAXIOV
  /// limit on one recvmmsg/sendmmsg call).
  explicit datagram_batch(std::size_t capacity);

  [[nodiscard]] std::size_t capacity() const { return items_.size(); }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] bool full() const { return size_ == items_.size(); }

  [[nodiscard]] datagram& operator[](std::size_t i) { return items_[i]; }
  [[nodiscard]] const datagram& operator[](std::size_t i) const { return items_[i]; }

  /// Adds a datagram to send; fails with invalid_argument when the batch is full.
  [[nodiscard]] expected<void, transport_error> push_back(packet_buffer buffer,
                                                          const socket_address& peer);
  /// Returns every buffer to its pool.
  void clear();

 private:
  friend class udp_socket;

  std::vector<datagram> items_;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> iovecs_;
  std::size_t size_ = 0;
};

/// Socket options applied by udp_socket::open.
struct udp_options {
  bool reuse_address = false;  ///< SO_REUSEADDR
  /// SO_REUSEPORT, set before bind: several sockets (of the same user) bind one address and
  /// port and the kernel spreads incoming flows over them by a hash of the 4-tuple (one
  /// socket per worker thread, each read by its own thread). Every socket sharing the port
  /// must set it, the first included.
  bool reuse_port = false;
  int receive_buffer_bytes = 0;  ///< SO_RCVBUF when > 0 (the kernel doubles it)
  int send_buffer_bytes = 0;     ///< SO_SNDBUF when > 0
};

/// Counters of what receive calls dropped instead of delivering.
struct udp_counters {
  std::uint64_t truncated_dropped = 0;  ///< datagrams larger than the buffer offered
};

/// A bound, non-blocking UDP socket. Move-only; closes its descriptor on destruction.
class udp_socket {
 public:
  /// Opens a socket of `local`'s family and binds it. Port 0 lets the kernel choose;
  /// local_address() then tells which.
  [[nodiscard]] static expected<udp_socket, transport_error> open(const socket_address& local,
                                                                  const udp_options& options = {});

  udp_socket(udp_socket&&) noexcept = default;
  udp_socket& operator=(udp_socket&&) noexcept = default;
  udp_socket(const udp_socket&) = delete;
  udp_socket& operator=(const udp_socket&) = delete;
  ~udp_socket() = default;

  /// The bound address as the kernel reports it (getsockname(2)).
  [[nodiscard]] expected<socket_address, transport_error> local_address() const;
  [[nodiscard]] int fd() const { return fd_.get(); }

  [[nodiscard]] expected<void, transport_error> set_receive_buffer_size(int bytes);
  [[nodiscard]] expected<void, transport_error> set_send_buffer_size(int bytes);

  /// Receives up to `batch.capacity()` datagrams with one recvmmsg(2), each into a fresh
  /// buffer from `pool` (only as many as the pool has free). Clears `batch` first; on
  /// success it holds the delivered datagrams, in arrival order, and the count is returned.
  /// A datagram that did not fit its buffer (MSG_TRUNC) is dropped and counted in
  /// counters(), never delivered cut, so the count can be 0 even though datagrams arrived.
  /// Errors: would_block when nothing is queued; no_buffers when the pool is empty (the
  /// datagrams stay queued in the kernel).
  [[nodiscard]] expected<std::size_t, transport_error> receive_batch(packet_buffer_pool& pool,
                                                                     datagram_batch& batch);

  /// Sends datagrams [first, batch.size()) with sendmmsg(2) and returns how many went out,
  /// which can be fewer than offered (socket buffer full, or an error after the first
  /// datagram, whose errno the kernel does not report). Entries stay in the batch; the
  /// caller retries the rest from `first + n` or drops them. An error is returned only when
  /// not even the first datagram was sent.
  [[nodiscard]] expected<std::size_t, transport_error> send_batch(datagram_batch& batch,
                                                                  std::size_t first = 0);

  /// Sends one datagram (sendto(2)); returns the bytes sent.
  [[nodiscard]] expected<std::size_t, transport_error> send_to(byte_span data,
                                                               const socket_address& to);

  /// Result of receive_from.
  struct received {
    std::size_t size = 0;
    socket_address source;
  };
  /// Receives one datagram into `into`. A datagram longer than `into` is consumed, counted
  /// and reported as message_too_long rather than returned cut.
  [[nodiscard]] expected<received, transport_error> receive_from(mutable_byte_span into);

  [[nodiscard]] const udp_counters& counters() const { return counters_; }

 private:
  explicit udp_socket(unique_fd fd) : fd_(std::move(fd)) {}

  unique_fd fd_;
  udp_counters counters_;
};

}  // namespace glasscore::transport
