#pragma once
/// \file
/// The Flow Description of a PFCP SDF Filter (TS 29.244 §8.2.5): an IPFilterRule (RFC 6733
/// §4.3) in the subset TS 29.244 §5.2.1A.2A and TS 29.212 §5.4.2 use,
///
///     permit out <proto> from <address>[/<len>] [<ports>] to <address>[/<len>] [<ports>]
///
/// with <proto> "ip" or a number 0..255, <address> an IPv4 or IPv6 address, "any" or
/// "assigned" (the UE's address), <ports> "p", "p1-p2" or a comma-separated list of them.
/// For the uplink, "from" names the remote end and "to" the UE (§5.2.1A.2A). Anything
/// else (deny, in, options such as "frag", extra blanks at either end) is refused: a filter
/// the UPF half understands must not be enforced half.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/nf/upf/session_rules.h"

namespace glasscore::upf::n4 {

/// The data path's port range (session_rules.h): parsed here, enforced there.
using port_range = upf::port_range;

/// One end of a flow description.
struct flow_endpoint {
  enum class kind : std::uint8_t { address, any, assigned };
  kind what = kind::any;
  config::ip_address address;      ///< kind::address only
  std::uint8_t prefix_length = 0;  ///< kind::address: 32 or 128 when no "/len" was given
  std::vector<port_range> ports;   ///< empty: any port
  friend bool operator==(const flow_endpoint&, const flow_endpoint&) = default;
};

struct flow_description {
  std::optional<std::uint8_t> protocol;  ///< nullopt: "ip", any protocol
  flow_endpoint from;
  flow_endpoint to;
  friend bool operator==(const flow_description&, const flow_description&) = default;
};

/// The parsed rule, or nullopt when `text` is not in the subset above.
[[nodiscard]] std::optional<flow_description> parse_flow_description(std::string_view text);

}  // namespace glasscore::upf::n4
