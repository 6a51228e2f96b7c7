#include "glasscore/transport/socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstring>
#include <string>

namespace glasscore::transport {

expected<socket_address, transport_error> socket_address::parse(std::string_view ip,
                                                                std::uint16_t port) {
  // inet_pton needs a NUL-terminated string; the longest IPv6 text form is 45 characters.
  std::array<char, INET6_ADDRSTRLEN + 1> text{};
  if (ip.empty() || ip.size() >= text.size()) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  std::memcpy(text.data(), ip.data(), ip.size());

  socket_address out;
  if (ip.find(':') == std::string_view::npos) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    if (inet_pton(AF_INET, text.data(), &sin.sin_addr) != 1) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    std::memcpy(&out.storage_, &sin, sizeof(sin));
    out.length_ = sizeof(sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    if (inet_pton(AF_INET6, text.data(), &sin6.sin6_addr) != 1) {
      return fail(transport_error{transport_errc::invalid_argument, 0});
    }
    std::memcpy(&out.storage_, &sin6, sizeof(sin6));
    out.length_ = sizeof(sin6);
  }
  return out;
}

expected<socket_address, transport_error> socket_address::from_sockaddr(const sockaddr* sa,
                                                                        socklen_t length) {
  if (sa == nullptr || length < static_cast<socklen_t>(sizeof(sa_family_t))) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  const bool ok = (sa->sa_family == AF_INET && length >= sizeof(sockaddr_in)) ||
                  (sa->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6));
  if (!ok || length > sizeof(sockaddr_storage)) {
    return fail(transport_error{transport_errc::invalid_argument, 0});
  }
  socket_address out;
  std::memcpy(&out.storage_, sa, length);
  out.length_ = length;
  return out;
}

std::optional<std::array<std::uint8_t, 4>> socket_address::ipv4() const {
  if (family() != AF_INET) {
    return std::nullopt;
  }
  sockaddr_in sin{};
  std::memcpy(&sin, &storage_, sizeof(sin));
  std::array<std::uint8_t, 4> out{};
  std::memcpy(out.data(), &sin.sin_addr.s_addr, out.size());
  return out;
}

std::uint16_t socket_address::port() const {
  if (family() == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &storage_, sizeof(sin));
    return ntohs(sin.sin_port);
  }
  if (family() == AF_INET6) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, &storage_, sizeof(sin6));
    return ntohs(sin6.sin6_port);
  }
  return 0;
}

std::string socket_address::to_string() const {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (family() == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &storage_, sizeof(sin));
    inet_ntop(AF_INET, &sin.sin_addr, text.data(), text.size());
    return std::string(text.data()) + ":" + std::to_string(port());
  }
  if (family() == AF_INET6) {
    sockaddr_in6 sin6{};
    std::memcpy(&sin6, &storage_, sizeof(sin6));
    inet_ntop(AF_INET6, &sin6.sin6_addr, text.data(), text.size());
    return "[" + std::string(text.data()) + "]:" + std::to_string(port());
  }
  return "(unspecified)";
}

bool operator==(const socket_address& a, const socket_address& b) {
  // Compare family, address and port only: padding and sin6_flowinfo are not identity.
  if (a.family() != b.family()) {
    return false;
  }
  if (a.family() == AF_INET) {
    sockaddr_in x{};
    sockaddr_in y{};
    std::memcpy(&x, &a.storage_, sizeof(x));
    std::memcpy(&y, &b.storage_, sizeof(y));
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  if (a.family() == AF_INET6) {
    sockaddr_in6 x{};
    sockaddr_in6 y{};
    std::memcpy(&x, &a.storage_, sizeof(x));
    std::memcpy(&y, &b.storage_, sizeof(y));
    return x.sin6_port == y.sin6_port && x.sin6_scope_id == y.sin6_scope_id &&
           std::memcmp(&x.sin6_addr, &y.sin6_addr, sizeof(x.sin6_addr)) == 0;
  }
  return true;  // both unspecified
}

}  // namespace glasscore::transport
