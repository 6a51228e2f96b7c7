// Kernel SCTP backend: a Linux one-to-many socket (SOCK_SEQPACKET, RFC 6458 §3) driven by
// plain sendmsg/recvmsg with SCTP_SNDINFO / SCTP_RCVINFO ancillary data (§5.3.4, §5.3.5),
// so no libsctp is needed. Readiness comes from Asio waiting on the descriptor.

#include <netinet/in.h>
#include <sys/socket.h>
// linux/sctp.h after the socket headers: it uses sockaddr_storage and MSG_FIN.
#include <linux/sctp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <asio/posix/stream_descriptor.hpp>

#include "glasscore/transport/sctp.h"
#include "sctp_backend.h"

#include "sctp_socket_common.inc"

namespace glasscore::transport::detail {

namespace {

class kernel_socket final : public sctp_socket_backend {
 public:
  kernel_socket(asio::io_context& io, int fd, ready_callback ready)
      : descriptor_(io, fd),
        fd_(fd),
        ready_(std::move(ready)),
        alive_(std::make_shared<bool>(true)) {}

  [[nodiscard]] int fd() const { return fd_; }

  ~kernel_socket() override {
    *alive_ = false;
    asio::error_code ignored;
    descriptor_.close(ignored);
  }

  void arm(bool want_write) override {
    if (!read_armed_) {
      read_armed_ = true;
      wait(asio::posix::stream_descriptor::wait_read, read_armed_);
    }
    if (want_write && !write_armed_) {
      write_armed_ = true;
      wait(asio::posix::stream_descriptor::wait_write, write_armed_);
    }
  }

  expected<void, transport_error> connect(const socket_address& remote) override {
    // One-to-many sockets set up an association on connect (RFC 6458 §3.1.5); non-blocking,
    // so the outcome arrives as SCTP_COMM_UP or SCTP_CANT_STR_ASSOC.
    if (::connect(fd(), remote.native(), remote.native_length()) < 0 && errno != EINPROGRESS) {
      return fail(error_from_errno(errno));
    }
    return {};
  }

  expected<void, transport_error> send(sctp_association_id id, std::uint16_t stream,
                                       std::uint32_t ppid, byte_span data,
                                       sctp_send_kind kind) override {
    alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(sctp_sndinfo))] = {};
    iovec iov{const_cast<std::uint8_t*>(data.data()), data.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_SNDINFO;
    c->cmsg_len = CMSG_LEN(sizeof(sctp_sndinfo));
    sctp_sndinfo info{};
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);  // RFC 6458 §5.3.4: passed through in network byte order
    info.snd_assoc_id = static_cast<sctp_assoc_t>(id);
    if (kind == sctp_send_kind::eof) {
      info.snd_flags = SCTP_EOF;
    } else if (kind == sctp_send_kind::abort) {
      info.snd_flags = SCTP_ABORT;
    }
    std::memcpy(CMSG_DATA(c), &info, sizeof(info));
    if (::sendmsg(fd(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
      return fail(error_from_errno(errno));
    }
    return {};
  }

  expected<sctp_received, transport_error> receive(mutable_byte_span buffer) override {
    alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(sctp_rcvinfo))] = {};
    iovec iov{buffer.data(), buffer.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t n = ::recvmsg(fd(), &msg, MSG_DONTWAIT);
    if (n < 0) {
      return fail(error_from_errno(errno));
    }
    sctp_received out;
    out.end_of_record = (msg.msg_flags & MSG_EOR) != 0;
    if ((msg.msg_flags & MSG_NOTIFICATION) != 0) {
      out.notification = true;
      out.notice = translate(buffer.data(), static_cast<std::size_t>(n));
      return out;
    }
    out.size = static_cast<std::size_t>(n);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) {
        sctp_rcvinfo info{};
        std::memcpy(&info, CMSG_DATA(c), sizeof(info));
        out.id = static_cast<sctp_association_id>(info.rcv_assoc_id);
        out.stream = info.rcv_sid;
        out.ppid = ntohl(info.rcv_ppid);
      }
    }
    return out;
  }

  expected<socket_address, transport_error> local_address() const override {
    socket_address a;
    socklen_t len = sizeof(sockaddr_storage);
    if (::getsockname(fd(), a.native(), &len) < 0) {
      return fail(error_from_errno(errno));
    }
    a.set_native_length(len);
    return a;
  }

  expected<socket_address, transport_error> peer_address(sctp_association_id id) const override {
    // RFC 6458 §8.1.9: the primary path's address of the association.
    sctp_prim prim{};
    prim.ssp_assoc_id = static_cast<sctp_assoc_t>(id);
    socklen_t len = sizeof(prim);
    if (::getsockopt(fd(), IPPROTO_SCTP, SCTP_PRIMARY_ADDR, &prim, &len) < 0) {
      return fail(error_from_errno(errno));
    }
    sockaddr_storage addr{};
    std::memcpy(&addr, &prim.ssp_addr, sizeof(addr));
    return socket_address::from_sockaddr(reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  }

 private:
  static sctp_notice translate(const std::uint8_t* data, std::size_t length) {
    sctp_notification n{};
    std::memcpy(&n, data, std::min(length, sizeof(n)));
    if (length >= sizeof(sctp_send_failed_event) && n.sn_header.sn_type == SCTP_SEND_FAILED_EVENT) {
      sctp_notice out;
      out.what = sctp_notice::kind::send_failed;
      out.id = static_cast<sctp_association_id>(n.sn_send_failed_event.ssf_assoc_id);
      out.stream = n.sn_send_failed_event.ssfe_info.snd_sid;
      out.ppid = ntohl(n.sn_send_failed_event.ssfe_info.snd_ppid);
      out.error = ECONNRESET;
      return out;
    }
    return translate_notification(data, length);
  }

  void wait(asio::posix::stream_descriptor::wait_type type, bool& armed) {
    std::weak_ptr<bool> alive = alive_;
    descriptor_.async_wait(type, [this, alive, &armed](const asio::error_code& ec) {
      const auto a = alive.lock();
      if (!a || !*a || ec == asio::error::operation_aborted) {
        return;
      }
      armed = false;
      ready_();
    });
  }

  asio::posix::stream_descriptor descriptor_;
  int fd_;
  ready_callback ready_;
  std::shared_ptr<bool> alive_;
  bool read_armed_ = false;
  bool write_armed_ = false;
};

}  // namespace

expected<std::unique_ptr<sctp_socket_backend>, std::string> open_kernel_socket(
    asio::io_context& io, const sctp_options& options, ready_callback ready) {
  const int family = options.local.empty() ? AF_INET : options.local.family();
  const int fd = ::socket(family, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
  if (fd < 0) {
    return fail(std::string("sctp: kernel SCTP socket: ") + std::strerror(errno) +
                " (no SCTP in this kernel? use backend userspace)");
  }
  // The socket object owns the descriptor from here on, also on the error paths below.
  auto socket = std::make_unique<kernel_socket>(io, fd, std::move(ready));
  auto setter = [fd](int level, int name, const auto& value) {
    return ::setsockopt(fd, level, name, &value, sizeof(value)) == 0;
  };
  if (auto ok = apply_common_options(options, setter); !ok) {
    return fail(ok.error());
  }
  if (!options.local.empty() &&
      ::bind(fd, options.local.native(), options.local.native_length()) < 0) {
    return fail("sctp: bind " + options.local.to_string() + ": " + std::strerror(errno));
  }
  if (options.listen && ::listen(fd, options.listen_backlog) < 0) {
    return fail(std::string("sctp: listen: ") + std::strerror(errno));
  }
  return std::unique_ptr<sctp_socket_backend>(std::move(socket));
}

}  // namespace glasscore::transport::detail
