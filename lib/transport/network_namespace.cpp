#include "glasscore/transport/network_namespace.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace glasscore::transport {

bool set_link_up(std::string_view ifname, bool up) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
    return false;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  ifreq req{};
  std::ranges::copy(ifname, req.ifr_name);
  bool ok = ::ioctl(fd, SIOCGIFFLAGS, &req) == 0;
  if (ok) {
    req.ifr_flags = static_cast<short>(up ? (req.ifr_flags | IFF_UP) : (req.ifr_flags & ~IFF_UP));
    ok = ::ioctl(fd, SIOCSIFFLAGS, &req) == 0;
  }
  ::close(fd);
  return ok;
}

bool enter_own_network_namespace() {
  // A second unshare would leave the first namespace's sockets behind: once per process.
  static const bool entered = [] {
    return ::geteuid() == 0 && ::unshare(CLONE_NEWNET) == 0 && set_link_up("lo");
  }();
  return entered;
}

}  // namespace glasscore::transport
