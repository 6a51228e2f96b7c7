#pragma once
/// \file
/// TS 29.571 §5.5.2 BitRate strings ("<number>[.<fraction>] <bps|Kbps|Mbps|Gbps|Tbps>",
/// prefixes are x1000) as numbers, so that policy decisions can compare rates. The other
/// direction (kbit/s to a string) is bit_rate_from_kbps() of sdm_models.h.

#include <cstdint>
#include <optional>
#include <string_view>

namespace glasscore::sbi {

/// The rate in bit/s, rounded down, or nullopt if `s` is not a BitRate or exceeds 2^64-1.
[[nodiscard]] std::optional<std::uint64_t> parse_bit_rate(std::string_view s);

/// The rate in kbit/s (rounded down), or nullopt as for parse_bit_rate.
[[nodiscard]] std::optional<std::uint64_t> parse_bit_rate_kbps(std::string_view s);

}  // namespace glasscore::sbi
