// Absolute http(s) URIs (RFC 3986 §3) as used for SBI callbacks.
#include "glasscore/sbi/uri.h"

#include <charconv>

namespace glasscore::sbi {

std::optional<http_uri> parse_http_uri(std::string_view text) {
  http_uri u;
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    return std::nullopt;
  }
  u.scheme = std::string(text.substr(0, sep));
  for (char& c : u.scheme) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (u.scheme != "http" && u.scheme != "https") {
    return std::nullopt;
  }
  auto rest = text.substr(sep + 3);
  const auto slash = rest.find_first_of("/?");
  auto authority = rest.substr(0, slash);
  u.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!u.path.empty() && u.path.front() == '?') {
    u.path.insert(u.path.begin(), '/');
  }
  if (authority.find('@') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    u.host = std::string(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return std::nullopt;
      }
      port = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
    }
  }
  if (u.host.empty()) {
    return std::nullopt;
  }
  if (port.empty()) {
    u.port = u.scheme == "https" ? 443 : 80;
  } else {
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), u.port);
    if (ec != std::errc() || ptr != port.data() + port.size() || u.port == 0) {
      return std::nullopt;
    }
  }
  return u;
}

}  // namespace glasscore::sbi
