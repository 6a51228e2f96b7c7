#pragma once
/// \file
/// IPv6 Neighbor Discovery's router messages (RFC 4861) as whole IPv6 packets (RFC 8200):
/// the Router Solicitation a UE sends when its PDU session comes up and the Router
/// Advertisement that gives it its /64 (TS 23.501 §5.8.2.2.3, contents TS 29.061
/// §11.2.1.3.1). The SMF builds advertisements and reads solicitations; the simulated UE
/// does the reverse with the same code.
///
/// Sans-I/O. Decoding validates as a receiving node must (RFC 4861 §6.1.1, §6.1.2): hop
/// limit 255, code 0, ICMPv6 length, checksum over the pseudo-header (RFC 4443 §2.3), no
/// option of length 0. Anything else decodes as nullopt; nothing from the network asserts.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/core/bytes.h"

namespace glasscore::nd {

using ipv6_address = std::array<std::uint8_t, 16>;
using interface_id = std::array<std::uint8_t, 8>;
using prefix64 = std::array<std::uint8_t, 8>;

inline constexpr std::uint8_t icmpv6_router_solicitation = 133;
inline constexpr std::uint8_t icmpv6_router_advertisement = 134;
/// RFC 4291 §2.7.1: all-nodes and all-routers link-local multicast.
inline constexpr ipv6_address all_nodes = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
inline constexpr ipv6_address all_routers = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
/// RFC 4861 §4.6.2: a lifetime of all ones is infinity.
inline constexpr std::uint32_t infinite_lifetime = 0xffffffff;

/// fe80::/64 with `id` (RFC 4291 §2.5.6).
[[nodiscard]] ipv6_address link_local(const interface_id& id);
/// The /64 `prefix` with `id` (RFC 4862 §5.5.3).
[[nodiscard]] ipv6_address global(const prefix64& prefix, const interface_id& id);
[[nodiscard]] bool is_unspecified(const ipv6_address& a);

/// RFC 4861 §4.1.
struct router_solicitation {
  ipv6_address source{};  ///< the UE's link-local address, or :: before it has one
  ipv6_address destination = all_routers;
};

/// RFC 4861 §4.2 with one Prefix Information option (§4.6.2) and an optional MTU option
/// (§4.6.4).
struct router_advertisement {
  ipv6_address source{};  ///< the router's link-local address (§4.2: must be link-local)
  ipv6_address destination = all_nodes;
  std::uint8_t current_hop_limit = 64;
  bool managed = false;  ///< M
  bool other = false;    ///< O
  std::uint16_t router_lifetime = 0;
  prefix64 prefix{};       ///< the /64 (Prefix Length 64)
  bool on_link = false;    ///< L
  bool autonomous = true;  ///< A
  std::uint32_t valid_lifetime = infinite_lifetime;
  std::uint32_t preferred_lifetime = infinite_lifetime;
  std::optional<std::uint32_t> mtu;
};

[[nodiscard]] std::vector<std::uint8_t> encode(const router_solicitation& rs);
[[nodiscard]] std::vector<std::uint8_t> encode(const router_advertisement& ra);

/// An IPv6 packet that is a valid Router Solicitation (§6.1.1: also no Source Link-Layer
/// Address option when the source is unspecified).
[[nodiscard]] std::optional<router_solicitation> decode_router_solicitation(byte_span packet);
/// An IPv6 packet that is a valid Router Advertisement from a link-local source (§6.1.2)
/// whose first Prefix Information option has Prefix Length 64. Other options are skipped
/// (§4.6: options a node does not know are ignored).
[[nodiscard]] std::optional<router_advertisement> decode_router_advertisement(byte_span packet);

}  // namespace glasscore::nd
