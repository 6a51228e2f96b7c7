#pragma once
/// \file
/// Splitting the absolute http(s) URIs that SBI bodies carry (callback and notification
/// URIs, TS 29.501 §4.4.1 apiRoot) into what the HTTP/2 client needs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace glasscore::sbi {

struct http_uri {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< as written, without IPv6 brackets
  std::uint16_t port = 0;
  std::string path;  ///< path and query, "/" when absent
};

/// Parses "http://host[:port][/path]"; the default port is 80 / 443 (TS 29.500 §5.2 leaves
/// the port to the apiRoot). Fails on other schemes, user info, an empty host or a bad port.
[[nodiscard]] std::optional<http_uri> parse_http_uri(std::string_view text);

}  // namespace glasscore::sbi
