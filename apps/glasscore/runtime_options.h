#pragma once
// What `glasscore run` and `glasscore sim` share: number and port parsing for the command
// line, and the choice of SCTP stack for N2 (docs/running.md, "SCTP").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "glasscore/transport/sctp.h"

namespace glasscore::app {

/// A decimal number in [min, max], or nothing.
[[nodiscard]] std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t min,
                                                        std::uint64_t max);

/// A UDP or SCTP port 1-65535, or nothing.
[[nodiscard]] std::optional<std::uint16_t> parse_port(std::string_view text);

/// How N2's SCTP was set up, for the user.
struct sctp_choice {
  transport::sctp_options options;
  std::string description;        ///< "kernel SCTP", "usrsctp over UDP port 9899 (RFC 6951)"...
  bool fell_back_to_udp = false;  ///< raw IP needed CAP_NET_RAW, which this process lacks
};

/// The automatic choice: kernel SCTP when this kernel has it; otherwise usrsctp on raw IP
/// when the process may open raw sockets (CAP_NET_RAW), else usrsctp over UDP (RFC 6951)
/// with `udp_port` as the local encapsulation port and `remote_udp_port` as the peer's.
[[nodiscard]] sctp_choice automatic_sctp(std::uint16_t udp_port, std::uint16_t remote_udp_port);

/// usrsctp with UDP encapsulation (RFC 6951) on `local_port`, sending to the peer's
/// `remote_port` (0: the same as ours).
[[nodiscard]] sctp_choice udp_sctp(std::uint16_t local_port, std::uint16_t remote_port);

/// usrsctp knows only the addresses configured on interfaces when it starts, and loopback
/// usually carries just 127.0.0.1 (the rest of 127/8 is routed to lo, not assigned). For a
/// userspace stack and a 127.x address that no interface has, returns 127.0.0.1 with the
/// same port; otherwise nothing (use `address` as it is).
[[nodiscard]] std::optional<transport::socket_address> usrsctp_loopback_substitute(
    const transport::sctp_options& options, const transport::socket_address& address);

}  // namespace glasscore::app
