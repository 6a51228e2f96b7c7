#pragma once
/// \file
/// Errors of the datagram transports (UDP sockets, TUN devices). Transports never throw
/// (DESIGN.md §4, "Errors"): every call returns glasscore::expected<T, transport_error>.

#include <cstdint>
#include <string>
#include <string_view>

namespace glasscore::transport {

/// What went wrong, in the few cases callers act on differently.
enum class transport_errc : std::uint8_t {
  would_block,        ///< nothing to read, or no room to write; poll and retry (EAGAIN)
  message_too_long,   ///< datagram larger than the buffer (received: dropped, not cut)
  address_in_use,     ///< bind(2) failed with EADDRINUSE
  permission_denied,  ///< EACCES / EPERM, e.g. a TUN device without CAP_NET_ADMIN
  invalid_argument,   ///< a bad address, name or size given by the caller
  no_buffers,         ///< the packet_buffer_pool had no free buffer to receive into
  other,              ///< any other system error; `sys_errno` says which
};

/// A transport error: the category plus the errno it came from (0 when not from a syscall).
struct transport_error {
  transport_errc code = transport_errc::other;
  int sys_errno = 0;

  friend bool operator==(const transport_error& a, const transport_error& b) = default;
  friend bool operator==(const transport_error& a, transport_errc c) { return a.code == c; }
};

/// Maps an errno value from a failed syscall to a transport_error.
[[nodiscard]] transport_error error_from_errno(int e);

[[nodiscard]] std::string_view to_string(transport_errc e);
/// The category, and for syscall errors also the strerror text.
[[nodiscard]] std::string to_string(const transport_error& e);

}  // namespace glasscore::transport
