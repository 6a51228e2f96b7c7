#pragma once
/// \file
/// usrsctp in raw-IP mode sees every SCTP packet of its network namespace, and two such
/// stacks in one namespace abort each other's associations (../shared/tools/sctp-vm/
/// README.md). A process that runs both ends of N2 itself (the demo, load benchmarks) can
/// avoid that: as root it moves into a network namespace of its own (only lo, brought up);
/// otherwise it uses SCTP over UDP (RFC 6951), which needs no privilege.

#include <string>

#include "glasscore/transport/sctp.h"

namespace glasscore::transport {

/// Userspace SCTP options for a process talking only to itself over loopback. Call before
/// any socket is opened (the namespace change applies to the whole process). `how` says
/// which mode was chosen, for the user.
[[nodiscard]] sctp_options self_contained_userspace_sctp(std::string& how);

}  // namespace glasscore::transport
