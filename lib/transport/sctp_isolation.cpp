#include "glasscore/transport/sctp_isolation.h"

#include <unistd.h>

#include "glasscore/transport/network_namespace.h"

namespace glasscore::transport {

sctp_options self_contained_userspace_sctp(std::string& how) {
  sctp_options o;
  o.backend = sctp_backend::userspace;
  if (enter_own_network_namespace()) {
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
