#pragma once
/// \file
/// The Internet checksum (RFC 1071) of IPv4 headers, ICMP, UDP and ICMPv6, with the IPv6
/// pseudo-header (RFC 8200 §8.1) the upper-layer checksums of IPv6 cover. Shared by the
/// SMF's Neighbor Discovery messages and the simulated UEs' packets.

#include <array>
#include <cstddef>
#include <cstdint>

#include "glasscore/core/bytes.h"

namespace glasscore::ip {

/// The one's complement sum of `data` (as 16-bit big-endian words, an odd last octet padded
/// with zero) added to `sum`, folded to at most 17 bits, not yet inverted.
[[nodiscard]] std::uint32_t checksum_add(byte_span data, std::uint32_t sum = 0);
/// Folds and inverts a running sum into the 16-bit Internet checksum.
[[nodiscard]] std::uint16_t checksum_finish(std::uint32_t sum);
/// The running sum of the IPv6 pseudo-header: source, destination, upper-layer length and
/// next header (RFC 8200 §8.1).
[[nodiscard]] std::uint32_t pseudo_header6(const std::array<std::uint8_t, 16>& source,
                                           const std::array<std::uint8_t, 16>& destination,
                                           std::uint8_t next_header, std::size_t length);

}  // namespace glasscore::ip
