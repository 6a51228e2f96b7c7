// Userspace SCTP backend on usrsctp: real SCTP packets over raw IP (protocol 132) or over
// UDP (RFC 6951), for machines whose kernel has no SCTP.
//
// usrsctp is one stack per process with its own threads (timers, packet input). Sockets are
// used non-blocking through its RFC 6458 API; its "upcall" (called on a usrsctp thread when
// a socket becomes readable or writable) only posts a readiness callback to the owner's
// io_context, so all reading, writing and notifying happens on the owner's thread, exactly
// as with the kernel backend.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <usrsctp.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include "glasscore/core/log.h"
#include "glasscore/transport/sctp.h"
#include "sctp_backend.h"

#include "sctp_socket_common.inc"

namespace glasscore::transport::detail {

namespace {

// ---- the process-wide stack ------------------------------------------------------------

class usrsctp_stack {
 public:
  static usrsctp_stack& instance() {
    static usrsctp_stack stack;
    return stack;
  }

  // Initialises the stack on first use; later callers must ask for the same mode and port,
  // because usrsctp has exactly one of each per process.
  expected<void, std::string> acquire(const sctp_options& o) {
    const std::lock_guard lock(mutex_);
    const std::uint16_t port =
        o.userspace_mode == sctp_userspace_mode::udp ? o.udp_encapsulation_port : 0;
    if (initialised_) {
      if (port != port_) {
        return fail(std::string("sctp: the usrsctp stack already runs in ") +
                    (port_ == 0 ? "raw-IP mode" : "UDP mode on port " + std::to_string(port_)) +
                    "; one mode per process");
      }
      return {};
    }
    if (port == 0) {
      // Raw-IP mode without CAP_NET_RAW does not fail in usrsctp: its raw sockets silently
      // do not exist and every connect hangs. Probe first and say so.
      const int probe = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_SCTP);
      if (probe < 0) {
        return fail(std::string("sctp: usrsctp raw-IP mode needs CAP_NET_RAW (") +
                    std::strerror(errno) + "); use userspace_mode udp");
      }
      ::close(probe);
    }
    usrsctp_init(port, nullptr, nullptr);
    // usrsctp leaves the CRC32c out on loopback by default (RFC 9260 §6.8 makes it
    // mandatory); capture tools and strict peers then see bad checksums.
    usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
    enlarge_stack_socket_buffers(port);
    initialised_ = true;
    port_ = port;
    return {};
  }

  // All associations of the process share usrsctp's one raw (or UDP) socket per address
  // family, and the kernel's default receive buffer (net.core.rmem_default, ~200 KiB)
  // overflows under a burst of large messages: the dropped packets then wait for a
  // retransmission timeout (RTO.Min, hundreds of ms). usrsctp offers no knob for it, so
  // find its sockets among our descriptors and enlarge their buffers (SO_RCVBUFFORCE
  // with CAP_NET_ADMIN, else SO_RCVBUF up to net.core.rmem_max).
  static void enlarge_stack_socket_buffers(std::uint16_t udp_port) {
    constexpr int wanted = 16 * 1024 * 1024;
    for (int fd = 0; fd < 4096; ++fd) {
      int type = 0;
      int protocol = 0;
      socklen_t len = sizeof(int);
      if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) {
        continue;
      }
      len = sizeof(int);
      if (::getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) != 0) {
        continue;
      }
      bool ours = type == SOCK_RAW && protocol == IPPROTO_SCTP;
      if (!ours && udp_port != 0 && type == SOCK_DGRAM && protocol == IPPROTO_UDP) {
        sockaddr_storage local{};
        socklen_t local_len = sizeof(local);
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0) {
          const auto* in = reinterpret_cast<const sockaddr_in*>(&local);  // port: same offset
          ours = ntohs(in->sin_port) == udp_port;
        }
      }
      if (ours && ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &wanted, sizeof(wanted)) != 0) {
        (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof(wanted));
      }
    }
  }

  usrsctp_stack(const usrsctp_stack&) = delete;
  usrsctp_stack& operator=(const usrsctp_stack&) = delete;

 private:
  usrsctp_stack() = default;
  // Not torn down at process exit: usrsctp_finish() from a static destructor, with the
  // stack's threads still delivering the last ABORTs, corrupted the heap about once in
  // 30 runs of sctp_test (glibc reported it when the receive thread exited). Exiting
  // reclaims the stack's memory, sockets and threads anyway.
  ~usrsctp_stack() = default;

  std::mutex mutex_;
  bool initialised_ = false;
  std::uint16_t port_ = 0;
};

// ---- upcalls ---------------------------------------------------------------------------

// What an upcall needs: where to post. Coalesces bursts of upcalls into one posted call.
struct upcall_target {
  upcall_target(asio::io_context& context, ready_callback callback)
      : io(context), ready(std::move(callback)) {}
  asio::io_context& io;
  ready_callback ready;
  std::atomic<bool> posted{false};
};

// Sockets are registered by number, and an upcall posts only while holding the registry
// lock. Unregistering takes the same lock, so once a socket is unregistered no upcall can
// post for it any more, even one already running on a usrsctp thread.
//
// usrsctp (0.9.5) does not call the upcall for every wake-up: the SCTP_COMM_LOST of an
// association it aborts after Association.Max.Retrans is queued without one (seen here;
// a blocking reader does get it). So a sweeper thread also pokes every socket every
// `sweep_interval`; a poke finds nothing to read most of the time and costs one
// non-blocking receive on the owner's loop.
class upcall_registry {
 public:
  static constexpr auto sweep_interval = std::chrono::milliseconds(100);

  static upcall_registry& instance() {
    static upcall_registry* registry = new upcall_registry;  // outlives usrsctp's threads
    return *registry;
  }

  std::uintptr_t add(std::shared_ptr<upcall_target> target) {
    const std::lock_guard lock(mutex_);
    if (!sweeping_) {
      sweeping_ = true;
      std::thread([this] { sweep(); }).detach();
    }
    const std::uintptr_t id = ++next_;
    targets_.emplace(id, std::move(target));
    return id;
  }

  void remove(std::uintptr_t id) {
    const std::lock_guard lock(mutex_);
    targets_.erase(id);
  }

  void notify(std::uintptr_t id) {
    const std::lock_guard lock(mutex_);
    const auto it = targets_.find(id);
    if (it != targets_.end()) {
      post(it->second);
    }
  }

 private:
  static void post(const std::shared_ptr<upcall_target>& target) {
    if (!target->posted.exchange(true)) {
      asio::post(target->io, [target] {
        target->posted = false;
        target->ready();
      });
    }
  }

  [[noreturn]] void sweep() {
    for (;;) {
      std::this_thread::sleep_for(sweep_interval);
      const std::lock_guard lock(mutex_);
      for (const auto& [id, target] : targets_) {
        post(target);
      }
    }
  }

 private:
  std::mutex mutex_;
  std::uintptr_t next_ = 0;
  std::unordered_map<std::uintptr_t, std::shared_ptr<upcall_target>> targets_;
  bool sweeping_ = false;
};

void on_upcall(struct socket* /*so*/, void* arg, int /*flags*/) {
  upcall_registry::instance().notify(reinterpret_cast<std::uintptr_t>(arg));
}

expected<socket_address, transport_error> first_address(sockaddr* addrs, int count) {
  if (count <= 0 || addrs == nullptr) {
    return fail(transport_error{transport_errc::other, ENOTCONN});
  }
  const socklen_t len = addrs->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  return socket_address::from_sockaddr(addrs, len);
}

// ---- the socket ------------------------------------------------------------------------

class stack_socket final : public sctp_socket_backend {
 public:
  stack_socket(asio::io_context& io, struct socket* so, std::uintptr_t registration,
               ready_callback ready)
      : so_(so),
        registration_(registration),
        write_timer_(io),
        ready_(std::move(ready)),
        alive_(std::make_shared<bool>(true)) {}

  ~stack_socket() override {
    *alive_ = false;
    upcall_registry::instance().remove(registration_);
    usrsctp_set_upcall(so_, nullptr, nullptr);
    usrsctp_close(so_);
  }

  [[nodiscard]] struct socket* native() const { return so_; }

  // Readability comes from upcalls (and the sweeper). Room in the send buffer does not
  // reliably raise one (usrsctp's send callback exists only with its receive-callback API),
  // so while messages wait for room, retry every millisecond.
  void arm(bool want_write) override {
    if (!want_write || write_timer_pending_) {
      return;
    }
    write_timer_pending_ = true;
    write_timer_.expires_after(std::chrono::milliseconds(1));
    std::weak_ptr<bool> alive = alive_;
    write_timer_.async_wait([this, alive](const asio::error_code& ec) {
      const auto a = alive.lock();
      if (!a || !*a || ec) {
        return;
      }
      write_timer_pending_ = false;
      ready_();
    });
  }

  expected<void, transport_error> connect(const socket_address& remote) override {
    sockaddr_storage addr{};
    std::memcpy(&addr, remote.native(), remote.native_length());
    if (usrsctp_connect(so_, reinterpret_cast<sockaddr*>(&addr), remote.native_length()) < 0 &&
        errno != EINPROGRESS) {
      return fail(error_from_errno(errno));
    }
    return {};
  }

  expected<void, transport_error> send(sctp_association_id id, std::uint16_t stream,
                                       std::uint32_t ppid, byte_span data,
                                       sctp_send_kind kind) override {
    sctp_sndinfo info{};
    info.snd_sid = stream;
    info.snd_ppid = htonl(ppid);  // RFC 6458 §5.3.4: network byte order
    info.snd_assoc_id = static_cast<sctp_assoc_t>(id);
    if (kind == sctp_send_kind::eof) {
      info.snd_flags = SCTP_EOF;
    } else if (kind == sctp_send_kind::abort) {
      info.snd_flags = SCTP_ABORT;
    }
    // usrsctp rejects a null buffer (EFAULT) even for the empty ABORT/EOF "messages".
    static const std::uint8_t empty = 0;
    const void* bytes = data.empty() ? &empty : data.data();
    if (usrsctp_sendv(so_, bytes, data.size(), nullptr, 0, &info, sizeof(info), SCTP_SENDV_SNDINFO,
                      0) < 0) {
      return fail(error_from_errno(errno));
    }
    return {};
  }

  expected<sctp_received, transport_error> receive(mutable_byte_span buffer) override {
    sockaddr_storage from{};
    socklen_t from_len = sizeof(from);
    sctp_rcvinfo info{};
    socklen_t info_len = sizeof(info);
    unsigned int info_type = SCTP_RECVV_NOINFO;
    int flags = 0;
    const ssize_t n =
        usrsctp_recvv(so_, buffer.data(), buffer.size(), reinterpret_cast<sockaddr*>(&from),
                      &from_len, &info, &info_len, &info_type, &flags);
    if (n < 0) {
      return fail(error_from_errno(errno));
    }
    sctp_received out;
    out.end_of_record = (flags & MSG_EOR) != 0;
    if ((flags & MSG_NOTIFICATION) != 0) {
      out.notification = true;
      out.notice = translate(buffer.data(), static_cast<std::size_t>(n));
      return out;
    }
    out.size = static_cast<std::size_t>(n);
    if (info_type == SCTP_RECVV_RCVINFO) {
      out.id = static_cast<sctp_association_id>(info.rcv_assoc_id);
      out.stream = info.rcv_sid;
      out.ppid = ntohl(info.rcv_ppid);
    }
    return out;
  }

  expected<socket_address, transport_error> local_address() const override {
    sockaddr* addrs = nullptr;
    const int count = usrsctp_getladdrs(so_, SCTP_FUTURE_ASSOC, &addrs);
    auto out = first_address(addrs, count);
    if (addrs != nullptr) {
      usrsctp_freeladdrs(addrs);
    }
    return out;
  }

  expected<socket_address, transport_error> peer_address(sctp_association_id id) const override {
    sockaddr* addrs = nullptr;
    const int count = usrsctp_getpaddrs(so_, static_cast<sctp_assoc_t>(id), &addrs);
    auto out = first_address(addrs, count);
    if (addrs != nullptr) {
      usrsctp_freepaddrs(addrs);
    }
    return out;
  }

 private:
  static sctp_notice translate(const std::uint8_t* data, std::size_t length) {
    sctp_notification n{};
    std::memcpy(&n, data, std::min(length, sizeof(n)));
    if (length >= sizeof(sctp_send_failed_event) && n.sn_header.sn_type == SCTP_SEND_FAILED_EVENT) {
      sctp_notice out;
      out.what = sctp_notice::kind::send_failed;
      out.id = static_cast<sctp_association_id>(n.sn_send_failed_event.ssfe_assoc_id);
      out.stream = n.sn_send_failed_event.ssfe_info.snd_sid;
      out.ppid = ntohl(n.sn_send_failed_event.ssfe_info.snd_ppid);
      out.error = ECONNRESET;
      return out;
    }
    return translate_notification(data, length);
  }

  struct socket* so_;
  std::uintptr_t registration_;
  asio::steady_timer write_timer_;
  bool write_timer_pending_ = false;
  ready_callback ready_;
  std::shared_ptr<bool> alive_;
};

}  // namespace

expected<std::unique_ptr<sctp_socket_backend>, std::string> open_usrsctp_socket(
    asio::io_context& io, const sctp_options& options, ready_callback ready) {
  if (auto ok = usrsctp_stack::instance().acquire(options); !ok) {
    return fail(ok.error());
  }
  const int family = options.local.empty() ? AF_INET : options.local.family();
  struct socket* so =
      usrsctp_socket(family, SOCK_SEQPACKET, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
  if (so == nullptr) {
    return fail(std::string("sctp: usrsctp_socket: ") + std::strerror(errno));
  }
  const auto registration =
      upcall_registry::instance().add(std::make_shared<upcall_target>(io, ready));
  // From here the socket object owns `so` and the registration, also on error paths.
  auto socket = std::make_unique<stack_socket>(io, so, registration, std::move(ready));
  if (usrsctp_set_non_blocking(so, 1) < 0) {
    return fail(std::string("sctp: usrsctp non-blocking: ") + std::strerror(errno));
  }
  auto setter = [so](int level, int name, const auto& value) {
    return usrsctp_setsockopt(so, level, name, &value, sizeof(value)) == 0;
  };
  if (auto ok = apply_common_options(options, setter); !ok) {
    return fail(ok.error());
  }
  if (options.userspace_mode == sctp_userspace_mode::udp) {
    // RFC 6951 §5: the peer's UDP port, used for associations this socket starts.
    sctp_udpencaps encaps{};
    encaps.sue_address.ss_family = static_cast<sa_family_t>(family);
    encaps.sue_assoc_id = SCTP_FUTURE_ASSOC;
    encaps.sue_port =
        htons(options.remote_udp_encapsulation_port != 0 ? options.remote_udp_encapsulation_port
                                                         : options.udp_encapsulation_port);
    if (!setter(IPPROTO_SCTP, SCTP_REMOTE_UDP_ENCAPS_PORT, encaps)) {
      return fail(std::string("sctp: SCTP_REMOTE_UDP_ENCAPS_PORT: ") + std::strerror(errno));
    }
  }
  if (!options.local.empty()) {
    sockaddr_storage addr{};
    std::memcpy(&addr, options.local.native(), options.local.native_length());
    if (usrsctp_bind(so, reinterpret_cast<sockaddr*>(&addr), options.local.native_length()) < 0) {
      // usrsctp knows only the addresses that existed at usrsctp_init().
      return fail("sctp: bind " + options.local.to_string() + ": " + std::strerror(errno) +
                  " (usrsctp sees only addresses present when it started)");
    }
  }
  if (options.listen && usrsctp_listen(so, options.listen_backlog) < 0) {
    return fail(std::string("sctp: listen: ") + std::strerror(errno));
  }
  usrsctp_set_upcall(so, on_upcall, reinterpret_cast<void*>(registration));
  return std::unique_ptr<sctp_socket_backend>(std::move(socket));
}

}  // namespace glasscore::transport::detail
