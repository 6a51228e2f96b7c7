#pragma once
/// \file
/// A process of its own network namespace. usrsctp in raw-IP mode sees every SCTP packet of
/// its namespace (sctp_isolation.h), and the UPF's TUN device, routes and port 2152 are
/// namespace-wide: processes that run both ends on loopback (the demo, benchmarks, tests
/// that CTest runs in parallel) move into a namespace of their own first.

#include <string_view>

namespace glasscore::transport {

/// Brings the interface `ifname` up (or down) in the current network namespace; false on
/// failure (no such interface, no CAP_NET_ADMIN).
[[nodiscard]] bool set_link_up(std::string_view ifname, bool up = true);

/// Once per process, before any socket is opened: as root, moves the whole process into a
/// fresh network namespace with lo up. True when the process has its own namespace (also on
/// later calls); false without root or when unshare(2) fails.
[[nodiscard]] bool enter_own_network_namespace();

}  // namespace glasscore::transport
