#include "glasscore/transport/tun_device.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace glasscore::transport {
namespace {

transport_error last_error() {
  return error_from_errno(errno);
}

// ifreq with the interface name filled in; `name` fits (checked by open()).
ifreq request_for(const std::string& name) {
  ifreq req{};
  std::memcpy(req.ifr_name, name.data(), name.size());
  return req;
}

void put_ipv4(sockaddr& out, in_addr address) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr = address;
  static_assert(sizeof(sin) <= sizeof(out));
  std::memcpy(&out, &sin, sizeof(sin));
}

}  // namespace

expected<tun_device, transport_error> tun_device::open(std::string_view name,
                                                       const tun_options& options) {
  // IFNAMSIZ counts the terminating NUL.
  if (name.size() >= IFNAMSIZ) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  unique_fd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    return fail(last_error());
  }
  // TUNSETIFF (Documentation/networking/tuntap.rst): IFF_TUN for layer-3 packets,
  // IFF_NO_PI so each read/write is the bare IP packet without the 4-byte
  // flags/protocol prefix. An empty name lets the kernel pick "tun%d". With
  // IFF_MULTI_QUEUE the same call on another descriptor with the same name adds a queue.
  ifreq req = request_for(std::string(name));
  req.ifr_flags =
      static_cast<short>(IFF_TUN | IFF_NO_PI | (options.multi_queue ? IFF_MULTI_QUEUE : 0));
  if (::ioctl(fd.get(), TUNSETIFF, &req) != 0) {
    return fail(last_error());
  }
  const std::size_t length = strnlen(req.ifr_name, IFNAMSIZ);
  return tun_device(std::move(fd), std::string(req.ifr_name, length), options.multi_queue);
}

expected<tun_device, transport_error> tun_device::open_queue() const {
  if (!multi_queue_) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  return open(name_, tun_options{.multi_queue = true});
}

expected<void, transport_error> tun_device::set_ipv4_address_and_up(std::string_view address,
                                                                    int prefix_length) {
  std::array<char, INET_ADDRSTRLEN> text{};
  in_addr ip{};
  if (prefix_length < 0 || prefix_length > 32 || address.empty() || address.size() >= text.size()) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  std::memcpy(text.data(), address.data(), address.size());
  if (inet_pton(AF_INET, text.data(), &ip) != 1) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  // The interface ioctls of netdevice(7) go through any socket of the address family.
  unique_fd control(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!control.valid()) {
    return fail(last_error());
  }

  ifreq req = request_for(name_);
  put_ipv4(req.ifr_addr, ip);
  if (::ioctl(control.get(), SIOCSIFADDR, &req) != 0) {
    return fail(last_error());
  }

  req = request_for(name_);
  const std::uint32_t mask = prefix_length == 0 ? 0U : ~std::uint32_t{0} << (32 - prefix_length);
  put_ipv4(req.ifr_netmask, in_addr{htonl(mask)});
  if (::ioctl(control.get(), SIOCSIFNETMASK, &req) != 0) {
    return fail(last_error());
  }

  // Read-modify-write of the flags, so only IFF_UP changes.
  req = request_for(name_);
  if (::ioctl(control.get(), SIOCGIFFLAGS, &req) != 0) {
    return fail(last_error());
  }
  req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
  if (::ioctl(control.get(), SIOCSIFFLAGS, &req) != 0) {
    return fail(last_error());
  }
  return {};
}

expected<std::size_t, transport_error> tun_device::read(packet_buffer& buffer) {
  const std::size_t room = buffer.tailroom();
  auto space = buffer.append(room);
  if (!space) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  // A second, one-byte iovec catches packets longer than the buffer: the tun driver copies
  // what fits and discards the rest, so a read that reaches into the spare byte means the
  // packet was cut. It is dropped instead of delivered truncated.
  std::uint8_t spare = 0;
  std::array<iovec, 2> iov{{{space->data(), space->size()}, {&spare, 1}}};
  const ssize_t n = ::readv(fd(), iov.data(), static_cast<int>(iov.size()));
  if (n < 0) {
    const transport_error error = last_error();
    (void)buffer.trim_back(room);
    return fail(error);
  }
  const auto got = static_cast<std::size_t>(n);
  if (got > room) {
    (void)buffer.trim_back(room);
    return fail(transport_error{transport_errc::message_too_long, 0});
  }
  (void)buffer.trim_back(room - got);
  return got;
}

expected<std::size_t, transport_error> tun_device::write(const packet_buffer& buffer) {
  const byte_span bytes = buffer.data();
  const ssize_t n = ::write(fd(), bytes.data(), bytes.size());
  if (n < 0) {
    return fail(last_error());
  }
  return static_cast<std::size_t>(n);
}

}  // namespace glasscore::transport
