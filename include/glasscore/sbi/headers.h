#pragma once
/// \file
/// The custom HTTP headers of TS 29.500 §5.2.3.2 that our NFs use. Parsers are lenient
/// about whitespace and strict about values; an unknown `3gpp-sbi-*` header is simply not
/// looked at (TS 29.500 §5.2.3.1: a receiver ignores custom headers it does not support).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasscore/http2/message.h"

namespace glasscore::sbi {

namespace header_name {
inline constexpr std::string_view message_priority = "3gpp-sbi-message-priority";
inline constexpr std::string_view callback = "3gpp-sbi-callback";
inline constexpr std::string_view target_api_root = "3gpp-sbi-target-apiroot";
inline constexpr std::string_view correlation_info = "3gpp-sbi-correlation-info";
inline constexpr std::string_view sender_timestamp = "3gpp-sbi-sender-timestamp";
inline constexpr std::string_view discovery_prefix = "3gpp-sbi-discovery-";
}  // namespace header_name

/// 3gpp-Sbi-Message-Priority (TS 29.500 §5.2.3.2): 0 (highest) .. 31.
[[nodiscard]] std::optional<std::uint8_t> parse_message_priority(std::string_view value);
[[nodiscard]] std::string format_message_priority(std::uint8_t priority);

/// 3gpp-Sbi-Callback (TS 29.500 §5.2.3.2): a callback type such as
/// "Nnrf_NFManagement_NFStatusNotify", optionally "; apiversion=N".
struct sbi_callback {
  std::string type;
  std::optional<unsigned> api_version;
  bool operator==(const sbi_callback&) const = default;
};
[[nodiscard]] std::optional<sbi_callback> parse_callback(std::string_view value);
[[nodiscard]] std::string format_callback(const sbi_callback& c);

/// 3gpp-Sbi-Target-apiRoot (TS 29.500 §5.2.3.2): "scheme://authority[/prefix]", no query, no
/// trailing slash. Returns the value if it has that shape.
[[nodiscard]] std::optional<std::string> parse_target_api_root(std::string_view value);

/// 3gpp-Sbi-Correlation-Info (TS 29.500 §5.2.3.2): comma-separated "ctype-cvalue" items, e.g.
/// "imsi-001010000000001". ctype is kept as sent (imsi, impi, suci, nai, gci, gli, impu,
/// msisdn, extid, imei, imeisv, mac, eui).
[[nodiscard]] std::optional<std::vector<std::pair<std::string, std::string>>>
parse_correlation_info(std::string_view value);
[[nodiscard]] std::string format_correlation_info(
    const std::vector<std::pair<std::string, std::string>>& items);

/// 3gpp-Sbi-Discovery-<param> (TS 29.500 §5.2.3.2): discovery parameters carried as headers in
/// indirect communication. Returns (param, value) pairs, param being the lower-case
/// TS 29.510 query parameter name (e.g. "target-nf-type").
[[nodiscard]] std::vector<std::pair<std::string, std::string>> discovery_headers(
    const std::vector<http2::header>& headers);

}  // namespace glasscore::sbi
