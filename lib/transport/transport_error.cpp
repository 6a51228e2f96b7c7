#include "glasscore/transport/transport_error.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "glasscore/transport/unique_fd.h"

namespace glasscore::transport {

transport_error error_from_errno(int e) {
  switch (e) {
    // EAGAIN and EWOULDBLOCK are the same value on Linux but not guaranteed to be (POSIX).
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
      return {transport_errc::would_block, e};
    case EMSGSIZE:
      return {transport_errc::message_too_long, e};
    case EADDRINUSE:
      return {transport_errc::address_in_use, e};
    case EACCES:
    case EPERM:
      return {transport_errc::permission_denied, e};
    case EINVAL:
    case EAFNOSUPPORT:
    case EADDRNOTAVAIL:
      return {transport_errc::invalid_argument, e};
    default:
      return {transport_errc::other, e};
  }
}

std::string_view to_string(transport_errc e) {
  switch (e) {
    case transport_errc::would_block:
      return "would block";
    case transport_errc::message_too_long:
      return "message too long";
    case transport_errc::address_in_use:
      return "address in use";
    case transport_errc::permission_denied:
      return "permission denied";
    case transport_errc::invalid_argument:
      return "invalid argument";
    case transport_errc::no_buffers:
      return "no free packet buffers";
    case transport_errc::other:
      return "system error";
  }
  return "unknown transport error";
}

std::string to_string(const transport_error& e) {
  std::string text(to_string(e.code));
  if (e.sys_errno != 0) {
    // strerrordesc_np (glibc 2.32) is thread-safe and needs no buffer, unlike strerror.
    const char* desc = strerrordesc_np(e.sys_errno);
    text += ": ";
    text += desc != nullptr ? desc : "unknown errno";
    text += " (errno ";
    text += std::to_string(e.sys_errno);
    text += ")";
  }
  return text;
}

void unique_fd::reset(int fd) {
  if (fd_ >= 0) {
    // close(2): the descriptor is released even when close reports EINTR on Linux, so
    // it is never retried.
    ::close(fd_);
  }
  fd_ = fd;
}

}  // namespace glasscore::transport
