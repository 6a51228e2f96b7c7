#pragma once
/// \file
/// A data network for tests and the demo (N6, TS 23.501 §5.6.1): a network namespace of
/// its own holding one host, joined to the current namespace by a veth pair, with a route
/// back to the UE address pool through this side. Packets the UPF writes to its TUN device
/// for that host are forwarded here by the kernel (IPv4 forwarding is switched on in the
/// current namespace, which callers own: the demo and the tests run in a private one), and
/// the host's kernel answers pings.
///
/// IPv6 alike: the link is 2001:db8:200::/64 (documentation range, RFC 3849), this side
/// ::1 and the host ::2; the UEs' IPv6 pool is routed into the UPF's TUN device here and
/// via this side in the host's namespace. IPv6 forwarding is switched on in the current
/// namespace too (net.ipv6.conf.all.forwarding, which also makes the namespace ignore
/// Router Advertisements on its interfaces: it is a router now).
///
/// Needs root and iproute2's `ip`, procps' `sysctl` and util-linux's `unshare`/`nsenter`; `create`
/// says what is missing otherwise. Destroying it removes the namespace and the link.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"

namespace glasscore::sim {

/// Runs a command (no shell, `argv[0]` looked up in PATH) and waits for it; its output goes
/// to /dev/null. The error names the command line. The data network and the UEs' network
/// namespaces (ue_tun.h) set their links up with iproute2 through it.
[[nodiscard]] expected<void, std::string> run_command(const std::vector<std::string>& argv);

struct data_network_options {
  std::string link = "gcdn0";                                          ///< this side's veth name
  config::ip_address gateway = config::ip_address::v4(10, 200, 0, 1);  ///< this side, /24
  config::ip_address host = config::ip_address::v4(10, 200, 0, 2);     ///< the DN's host, /24
  config::ip_prefix ue_pool{config::ip_address::v4(10, 45, 0, 0), 16};
  std::string gateway6 = "2001:db8:200::1";     ///< this side, /64
  std::string host6 = "2001:db8:200::2";        ///< the DN's host, /64
  std::string ue_pool6 = "2001:db8:cafe::/48";  ///< empty: no IPv6 (config dnns[].ipv6_pool)
  std::string tun_device = "glasscore0";        ///< the UPF's N6 device, for the IPv6 route
};

class data_network {
 public:
  [[nodiscard]] static expected<std::unique_ptr<data_network>, std::string> create(
      const data_network_options& options);
  data_network(const data_network&) = delete;
  data_network& operator=(const data_network&) = delete;
  ~data_network();

  [[nodiscard]] const config::ip_address& host() const { return options_.host; }
  /// The host's IPv6 address (options host6).
  [[nodiscard]] std::array<std::uint8_t, 16> host6() const;

 private:
  data_network(data_network_options o, pid_t holder, int keepalive)
      : options_(std::move(o)), holder_(holder), keepalive_(keepalive) {}
  data_network_options options_;
  pid_t holder_;   ///< the process that keeps the namespace alive
  int keepalive_;  ///< write end of the holder's stdin: closing it ends the holder
};

}  // namespace glasscore::sim
