#include "glasscore/transport/udp_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace glasscore::transport {
namespace {

// One recvmmsg/sendmmsg call takes at most UIO_MAXIOV (1024) messages (recvmmsg(2)).
constexpr std::size_t max_batch = 1024;

transport_error last_error() {
  return error_from_errno(errno);
}

expected<void, transport_error> set_int_option(int fd, int level, int name, int value) {
  if (::setsockopt(fd, level, name, &value, sizeof(value)) != 0) {
    return fail(last_error());
  }
  return {};
}

// Points one message header at one buffer and one address slot.
void prepare_header(mmsghdr& header, iovec& iov, void* data, std::size_t size, sockaddr* name,
                    socklen_t name_length) {
  iov.iov_base = data;
  iov.iov_len = size;
  header = mmsghdr{};
  header.msg_hdr.msg_name = name;
  header.msg_hdr.msg_namelen = name_length;
  header.msg_hdr.msg_iov = &iov;
  header.msg_hdr.msg_iovlen = 1;
}

}  // namespace

datagram_batch::datagram_batch(std::size_t capacity) {
  const std::size_t n = std::clamp<std::size_t>(capacity, 1, max_batch);
  items_.resize(n);
  headers_.resize(n);
  iovecs_.resize(n);
}

expected<void, transport_error> datagram_batch::push_back(packet_buffer buffer,
                                                          const socket_address& peer) {
  if (full()) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  items_[size_].buffer = std::move(buffer);
  items_[size_].peer = peer;
  ++size_;
  return {};
}

void datagram_batch::clear() {
  for (std::size_t i = 0; i < size_; ++i) {
    items_[i].buffer.reset();
  }
  size_ = 0;
}

expected<udp_socket, transport_error> udp_socket::open(const socket_address& local,
                                                       const udp_options& options) {
  if (local.family() != AF_INET && local.family() != AF_INET6) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  unique_fd fd(::socket(local.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    return fail(last_error());
  }
  udp_socket sock(std::move(fd));
  if (local.family() == AF_INET6) {
    // An IPv6 socket serves IPv6 only, so an IPv4 socket can bind the same port (N3 on
    // both families) without EADDRINUSE from a dual-stack "::" bind.
    if (auto r = set_int_option(sock.fd(), IPPROTO_IPV6, IPV6_V6ONLY, 1); !r) {
      return fail(r.error());
    }
  }
  if (options.reuse_address) {
    if (auto r = set_int_option(sock.fd(), SOL_SOCKET, SO_REUSEADDR, 1); !r) {
      return fail(r.error());
    }
  }
  if (options.reuse_port) {
    if (auto r = set_int_option(sock.fd(), SOL_SOCKET, SO_REUSEPORT, 1); !r) {
      return fail(r.error());
    }
  }
  if (options.receive_buffer_bytes > 0) {
    if (auto r = sock.set_receive_buffer_size(options.receive_buffer_bytes); !r) {
      return fail(r.error());
    }
  }
  if (options.send_buffer_bytes > 0) {
    if (auto r = sock.set_send_buffer_size(options.send_buffer_bytes); !r) {
      return fail(r.error());
    }
  }
  if (::bind(sock.fd(), local.native(), local.native_length()) != 0) {
    return fail(last_error());
  }
  return sock;
}

expected<socket_address, transport_error> udp_socket::local_address() const {
  socket_address out;
  socklen_t length = sizeof(sockaddr_storage);
  if (::getsockname(fd(), out.native(), &length) != 0) {
    return fail(last_error());
  }
  return socket_address::from_sockaddr(out.native(), length);
}

expected<void, transport_error> udp_socket::set_receive_buffer_size(int bytes) {
  return set_int_option(fd(), SOL_SOCKET, SO_RCVBUF, bytes);
}

expected<void, transport_error> udp_socket::set_send_buffer_size(int bytes) {
  return set_int_option(fd(), SOL_SOCKET, SO_SNDBUF, bytes);
}

expected<std::size_t, transport_error> udp_socket::receive_batch(packet_buffer_pool& pool,
                                                                 datagram_batch& batch) {
  batch.clear();
  // Take only as many buffers as the pool can spare; the rest stays queued in the kernel
  // for the next call rather than being read and dropped here.
  std::size_t want = std::min(batch.capacity(), pool.available());
  for (std::size_t i = 0; i < want; ++i) {
    auto buffer = pool.acquire();
    if (!buffer) {
      want = i;
      break;
    }
    // The whole tailroom after the headroom is offered to the kernel; trimmed to the
    // datagram's length below. append() cannot fail for exactly tailroom() bytes.
    auto room = buffer->append(buffer->tailroom());
    if (!room) {
      want = i;
      break;
    }
    datagram& d = batch.items_[i];
    d.buffer = std::move(*buffer);
    prepare_header(batch.headers_[i], batch.iovecs_[i], room->data(), room->size(), d.peer.native(),
                   sizeof(sockaddr_storage));
  }
  // Releases buffers [from, want) that were acquired but not delivered.
  auto release_from = [&](std::size_t from) {
    for (std::size_t i = from; i < want; ++i) {
      batch.items_[i].buffer.reset();
    }
  };
  if (want == 0) {
    return fail(transport_error{transport_errc::no_buffers, 0});
  }

  const int n =
      ::recvmmsg(fd(), batch.headers_.data(), static_cast<unsigned>(want), MSG_DONTWAIT, nullptr);
  if (n < 0) {
    const transport_error error = last_error();
    release_from(0);
    return fail(error);
  }

  std::size_t delivered = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    const msghdr& header = batch.headers_[i].msg_hdr;
    datagram& d = batch.items_[i];
    // MSG_TRUNC: the datagram was longer than the buffer and the kernel discarded the
    // excess (recvmsg(2)). A cut GTP-U or PFCP message is worse than none: drop it.
    if ((header.msg_flags & MSG_TRUNC) != 0) {
      ++counters_.truncated_dropped;
      d.buffer.reset();
      continue;
    }
    const std::size_t length = batch.headers_[i].msg_len;
    if (auto r = d.buffer->trim_back(batch.iovecs_[i].iov_len - length); !r) {
      d.buffer.reset();  // cannot happen: msg_len never exceeds iov_len
      continue;
    }
    d.peer.set_native_length(header.msg_namelen);
    if (delivered != i) {
      batch.items_[delivered] = std::move(d);
      d.buffer.reset();
    }
    ++delivered;
  }
  release_from(delivered);
  batch.size_ = delivered;
  return delivered;
}

expected<std::size_t, transport_error> udp_socket::send_batch(datagram_batch& batch,
                                                              std::size_t first) {
  if (first >= batch.size_) {
    return 0;
  }
  for (std::size_t i = first; i < batch.size_; ++i) {
    datagram& d = batch.items_[i];
    if (!d.buffer || d.peer.empty()) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    mutable_byte_span bytes = d.buffer->data();
    prepare_header(batch.headers_[i], batch.iovecs_[i], bytes.data(), bytes.size(), d.peer.native(),
                   d.peer.native_length());
  }
  const int n = ::sendmmsg(fd(), batch.headers_.data() + first,
                           static_cast<unsigned>(batch.size_ - first), MSG_DONTWAIT);
  if (n < 0) {
    return fail(last_error());
  }
  return static_cast<std::size_t>(n);
}

expected<std::size_t, transport_error> udp_socket::send_to(byte_span data,
                                                           const socket_address& to) {
  const ssize_t n =
      ::sendto(fd(), data.data(), data.size(), MSG_DONTWAIT, to.native(), to.native_length());
  if (n < 0) {
    return fail(last_error());
  }
  return static_cast<std::size_t>(n);
}

expected<udp_socket::received, transport_error> udp_socket::receive_from(mutable_byte_span into) {
  received out;
  iovec iov{into.data(), into.size()};
  msghdr header{};
  header.msg_name = out.source.native();
  header.msg_namelen = sizeof(sockaddr_storage);
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  const ssize_t n = ::recvmsg(fd(), &header, MSG_DONTWAIT);
  if (n < 0) {
    return fail(last_error());
  }
  if ((header.msg_flags & MSG_TRUNC) != 0) {
    ++counters_.truncated_dropped;
    return fail(transport_error{transport_errc::message_too_long, 0});
  }
  out.size = static_cast<std::size_t>(n);
  out.source.set_native_length(header.msg_namelen);
  return out;
}

}  // namespace glasscore::transport
