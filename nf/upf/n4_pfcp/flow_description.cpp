// A strict parser for the IPFilterRule subset of TS 29.244 §5.2.1A.2A (flow_description.h).
#include "flow_description.h"

#include <arpa/inet.h>

#include <charconv>
#include <string>

namespace glasscore::upf::n4 {

namespace {

// Splits at single spaces; an empty token (two spaces, leading or trailing blank) makes
// the whole rule invalid.
std::optional<std::vector<std::string_view>> tokens(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const auto token = text.substr(0, space);
    if (token.empty())
      return std::nullopt;
    out.push_back(token);
    if (space == std::string_view::npos)
      return out;
    text.remove_prefix(space + 1);
    if (text.empty())
      return std::nullopt;
  }
  return out;
}

template <class T>
std::optional<T> number(std::string_view s, T max) {
  unsigned value = 0;
  const auto* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, value);
  if (s.empty() || r.ec != std::errc{} || r.ptr != end || value > max)
    return std::nullopt;
  return static_cast<T>(value);
}

std::optional<config::ip_address> ip(std::string_view s) {
  const std::string text(s);
  config::ip_address a;
  if (::inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) {
    a.family = config::ip_family::v4;
    return a;
  }
  if (::inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) {
    a.family = config::ip_family::v6;
    return a;
  }
  return std::nullopt;
}

std::optional<flow_endpoint> address(std::string_view s) {
  flow_endpoint e;
  if (s == "any") {
    e.what = flow_endpoint::kind::any;
    return e;
  }
  if (s == "assigned") {
    e.what = flow_endpoint::kind::assigned;
    return e;
  }
  const auto slash = s.find('/');
  auto a = ip(s.substr(0, slash));
  if (!a)
    return std::nullopt;
  const std::uint8_t full = a->family == config::ip_family::v4 ? 32 : 128;
  e.what = flow_endpoint::kind::address;
  e.address = *a;
  e.prefix_length = full;
  if (slash != std::string_view::npos) {
    auto len = number<std::uint8_t>(s.substr(slash + 1), full);
    if (!len)
      return std::nullopt;
    e.prefix_length = *len;
  }
  return e;
}

// "80", "1000-2000", "80,443,8000-8080".
std::optional<std::vector<port_range>> ports(std::string_view s) {
  std::vector<port_range> out;
  for (;;) {
    const auto comma = s.find(',');
    const auto item = s.substr(0, comma);
    const auto dash = item.find('-');
    auto first = number<std::uint16_t>(item.substr(0, dash), 65535);
    auto last = dash == std::string_view::npos
                    ? first
                    : number<std::uint16_t>(item.substr(dash + 1), 65535);
    if (!first || !last || *last < *first)
      return std::nullopt;
    out.push_back({*first, *last});
    if (comma == std::string_view::npos)
      return out;
    s.remove_prefix(comma + 1);
  }
}

// Ports follow an address when the next token starts with a digit (keywords do not).
bool is_port_list(std::string_view s) {
  return !s.empty() && s.front() >= '0' && s.front() <= '9';
}

}  // namespace

std::optional<flow_description> parse_flow_description(std::string_view text) {
  auto t = tokens(text);
  if (!t || t->size() < 7)
    return std::nullopt;
  const auto& w = *t;
  // TS 29.244 §5.2.1A.2A: only "permit" and direction "out" are used.
  if (w[0] != "permit" || w[1] != "out")
    return std::nullopt;
  flow_description fd;
  if (w[2] != "ip") {
    auto p = number<std::uint8_t>(w[2], 255);
    if (!p)
      return std::nullopt;
    fd.protocol = *p;
  }
  std::size_t i = 3;
  auto endpoint = [&](std::string_view keyword) -> std::optional<flow_endpoint> {
    if (i + 1 >= w.size() || w[i] != keyword)
      return std::nullopt;
    auto e = address(w[i + 1]);
    i += 2;
    if (e && i < w.size() && is_port_list(w[i])) {
      auto p = ports(w[i]);
      if (!p)
        return std::nullopt;
      e->ports = std::move(*p);
      ++i;
    }
    return e;
  };
  auto from = endpoint("from");
  if (!from)
    return std::nullopt;
  auto to = endpoint("to");
  if (!to || i != w.size())
    return std::nullopt;  // RFC 6733 options (frag, established, ...) are not in the subset
  fd.from = std::move(*from);
  fd.to = std::move(*to);
  return fd;
}

}  // namespace glasscore::upf::n4
