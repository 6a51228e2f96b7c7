#pragma once
/// \file
/// An IPv4 or IPv6 address with a port, stored as the sockaddr the kernel reads and writes,
/// so batched receive can hand the kernel a slot per datagram without conversion.

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "glasscore/core/expected.h"
#include "glasscore/transport/transport_error.h"

namespace glasscore::transport {

class socket_address {
 public:
  /// An empty address (family AF_UNSPEC).
  socket_address() = default;

  /// Parses a numeric IPv4 ("127.0.0.1") or IPv6 ("::1") address; no name lookup.
  [[nodiscard]] static expected<socket_address, transport_error> parse(std::string_view ip,
                                                                       std::uint16_t port);
  /// Copies a sockaddr the kernel filled in; fails unless it is AF_INET or AF_INET6.
  [[nodiscard]] static expected<socket_address, transport_error> from_sockaddr(const sockaddr* sa,
                                                                               socklen_t length);

  [[nodiscard]] int family() const { return storage_.ss_family; }
  [[nodiscard]] bool empty() const { return family() == AF_UNSPEC; }
  [[nodiscard]] std::uint16_t port() const;
  /// The address octets of an IPv4 address (network order); nullopt for other families.
  [[nodiscard]] std::optional<std::array<std::uint8_t, 4>> ipv4() const;
  /// "127.0.0.1:2152" or "[::1]:2152".
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] const sockaddr* native() const {
    return reinterpret_cast<const sockaddr*>(&storage_);
  }
  [[nodiscard]] sockaddr* native() { return reinterpret_cast<sockaddr*>(&storage_); }
  [[nodiscard]] socklen_t native_length() const { return length_; }
  /// After the kernel wrote into native(): the length it reported. Internal to transports.
  void set_native_length(socklen_t length) { length_ = length; }

  friend bool operator==(const socket_address& a, const socket_address& b);

 private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

}  // namespace glasscore::transport
