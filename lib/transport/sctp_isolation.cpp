#include "glasscore/transport/sctp_isolation.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace glasscore::transport {

namespace {

bool own_network_namespace_with_lo() {
  if (::geteuid() != 0 || ::unshare(CLONE_NEWNET) != 0) {
    return false;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  bool up = ::ioctl(fd, SIOCGIFFLAGS, &req) == 0;
  if (up) {
    req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
    up = ::ioctl(fd, SIOCSIFFLAGS, &req) == 0;
  }
  ::close(fd);
  return up;
}

}  // namespace

sctp_options self_contained_userspace_sctp(std::string& how) {
  sctp_options o;
  o.backend = sctp_backend::userspace;
  if (own_network_namespace_with_lo()) {
    o.userspace_mode = sctp_userspace_mode::raw_ip;
    how = "SCTP over IP (usrsctp, in a network namespace of this process's own)";
  } else {
    o.userspace_mode = sctp_userspace_mode::udp;
    o.udp_encapsulation_port = static_cast<std::uint16_t>(20000 + ::getpid() % 30000);
    o.remote_udp_encapsulation_port = o.udp_encapsulation_port;
    how = "SCTP over UDP (RFC 6951, usrsctp; not root)";
  }
  return o;
}

}  // namespace glasscore::transport
