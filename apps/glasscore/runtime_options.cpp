#include "runtime_options.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/core.h>

#include <charconv>
#include <cstring>

#include <netinet/in.h>

namespace glasscore::app {

std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t min,
                                          std::uint64_t max) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  const auto n = parse_number(text, 1, 65535);
  return n ? std::optional(static_cast<std::uint16_t>(*n)) : std::nullopt;
}

namespace {

// usrsctp's raw-IP mode needs CAP_NET_RAW, and without it connects hang silently
// (../shared/tools/sctp-vm/README.md): probe the capability the way the stack will use it.
bool can_open_raw_sctp() {
  const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_SCTP);
  if (fd < 0) {
    return false;
  }
  ::close(fd);
  return true;
}

}  // namespace

sctp_choice udp_sctp(std::uint16_t local_port, std::uint16_t remote_port) {
  sctp_choice c;
  c.options.backend = transport::sctp_backend::userspace;
  c.options.userspace_mode = transport::sctp_userspace_mode::udp;
  c.options.udp_encapsulation_port = local_port;
  c.options.remote_udp_encapsulation_port = remote_port;
  c.description =
      remote_port == 0 || remote_port == local_port
          ? fmt::format("usrsctp over UDP (RFC 6951), UDP port {}", local_port)
          : fmt::format("usrsctp over UDP (RFC 6951), local UDP port {}, peer's UDP port {}",
                        local_port, remote_port);
  return c;
}

sctp_choice automatic_sctp(std::uint16_t udp_port, std::uint16_t remote_udp_port) {
  if (transport::kernel_sctp_available()) {
    sctp_choice c;
    c.options.backend = transport::sctp_backend::kernel;
    c.description = "kernel SCTP";
    return c;
  }
  if (can_open_raw_sctp()) {
    sctp_choice c;
    c.options.backend = transport::sctp_backend::userspace;
    c.options.userspace_mode = transport::sctp_userspace_mode::raw_ip;
    c.description = "usrsctp on raw IP (this kernel has no SCTP)";
    return c;
  }
  auto c = udp_sctp(udp_port, remote_udp_port);
  c.fell_back_to_udp = true;
  return c;
}

std::optional<transport::socket_address> usrsctp_loopback_substitute(
    const transport::sctp_options& options, const transport::socket_address& address) {
  const bool userspace = options.backend == transport::sctp_backend::userspace ||
                         (options.backend == transport::sctp_backend::automatic &&
                          !transport::kernel_sctp_available());
  const std::string text = address.to_string();
  if (!userspace || !text.starts_with("127.") || text.starts_with("127.0.0.1:")) {
    return std::nullopt;
  }
  in_addr wanted{};
  if (::inet_pton(AF_INET, text.substr(0, text.rfind(':')).c_str(), &wanted) != 1) {
    return std::nullopt;
  }
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    return std::nullopt;
  }
  bool assigned = false;
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr != nullptr && i->ifa_addr->sa_family == AF_INET) {
      sockaddr_in on_interface{};
      std::memcpy(&on_interface, i->ifa_addr, sizeof(on_interface));
      assigned = assigned || on_interface.sin_addr.s_addr == wanted.s_addr;
    }
  }
  ::freeifaddrs(list);
  if (assigned) {
    return std::nullopt;
  }
  auto substitute = transport::socket_address::parse("127.0.0.1", address.port());
  return substitute ? std::optional(*substitute) : std::nullopt;
}

}  // namespace glasscore::app
