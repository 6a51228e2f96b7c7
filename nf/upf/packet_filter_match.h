#pragma once
// Internal: SDF filter matching on an inner IP packet (TS 29.244 §5.2.1A.2A), for the
// workers' PDR classification (session_entry.h, pdr_match.h). Matching allocates nothing
// and reads only inside the packet's span.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "glasscore/nf/upf/session_rules.h"

namespace glasscore::upf::detail {

/// What SDF filters look at in an IP packet: the addresses, the upper-layer protocol and,
/// for TCP, UDP and SCTP in an unfragmented packet or a first fragment, the ports.
struct packet_fields {
  std::uint8_t version = 0;              ///< 4 or 6
  const std::uint8_t* source = nullptr;  ///< 4 or 16 octets inside the packet
  const std::uint8_t* destination = nullptr;
  std::uint8_t protocol = 0;  ///< IPv4 Protocol; IPv6 Next Header after the extension headers
  bool has_ports = false;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
};

/// Extension headers walked before giving up on an IPv6 packet (RFC 8200 §4.1 orders at
/// most about seven; a longer chain is not classified, so it matches no filtered PDR).
inline constexpr int max_ipv6_extension_headers = 8;

/// The fields of `ip`, or nullopt when it is not IPv4/IPv6 or its headers (IPv4 header,
/// IPv6 extension header chain) run past its end or the chain is longer than the bound.
/// IPv6: Hop-by-Hop Options (0), Routing (43), Destination Options (60) and Fragment (44)
/// headers are skipped; a non-first fragment has no ports (RFC 8200 §4.5) and its protocol
/// is the Fragment header's Next Header.
[[nodiscard]] std::optional<packet_fields> parse_packet(std::span<const std::uint8_t> ip);

/// The direction of the packet a filter is applied to (§5.2.1A.2A): the remote end of the
/// filter is the destination of an uplink packet and the source of a downlink one.
enum class flow_direction : std::uint8_t { uplink, downlink };

/// One direction's PDRs as far as matching goes (their PDI's QFI and SDF filters), in
/// precedence order, stored flat for the per-packet scan: keys, filters and port ranges
/// each in one contiguous array of plain values, so a scan touches a few cache lines and
/// follows no pointer per PDR or filter (10,000 sessions do not fit in a CPU cache).
class pdr_classifier {
 public:
  /// Appends a PDR: `qfi`, its PDI's QFI (nullopt: any); `filters`, its SDF filters (none:
  /// every packet). Called in precedence order, on the control side.
  void add(std::optional<std::uint8_t> qfi, const std::vector<packet_filter>& filters);

  /// The first PDR (in add order) whose QFI equals `qfi` (when it has one) and one of whose
  /// filters matches `ip` (when it has any), or nullopt. A packet that does not parse
  /// (parse_packet) matches only PDRs without filter. No allocation.
  [[nodiscard]] std::optional<std::size_t> match(std::span<const std::uint8_t> ip,
                                                 std::optional<std::uint8_t> qfi,
                                                 flow_direction d) const;

  [[nodiscard]] std::size_t size() const { return keys_.size(); }
  [[nodiscard]] bool has_filters() const { return !filters_.empty(); }

 private:
  // One SDF filter (packet_filter) in plain values: prefixes with their host bits cleared,
  // port ranges as index and count in ports_.
  struct filter {
    std::array<std::uint8_t, 16> remote{};
    std::array<std::uint8_t, 16> local{};
    std::uint8_t remote_version = 0;  ///< 0: any remote address; else 4 or 6
    std::uint8_t remote_length = 0;
    std::uint8_t local_version = 0;
    std::uint8_t local_length = 0;
    std::int16_t protocol = -1;  ///< -1: any
    std::uint32_t remote_ports = 0;
    std::uint32_t remote_port_count = 0;
    std::uint32_t local_ports = 0;
    std::uint32_t local_port_count = 0;
  };
  struct key {
    std::optional<std::uint8_t> qfi;
    std::uint32_t first_filter = 0;
    std::uint32_t filter_count = 0;
  };
  [[nodiscard]] bool matches(const filter& f, const packet_fields& p, flow_direction d) const;
  [[nodiscard]] bool in_ranges(std::uint32_t first, std::uint32_t count, std::uint16_t port) const;

  std::vector<key> keys_;
  std::vector<filter> filters_;
  std::vector<port_range> ports_;
  // The common case, one PDR without SDF filter (and maybe a QFI), answered from here
  // without reading keys_.
  bool single_unfiltered_ = false;
  std::optional<std::uint8_t> single_qfi_;
};

}  // namespace glasscore::upf::detail
