// Query strings of SBI resource URIs (RFC 3986 §3.4, TS 29.501 §5.2.4).
#include "glasscore/sbi/query.h"

#include <nlohmann/json.hpp>

#include "glasscore/sbi/common.h"

namespace glasscore::sbi {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return std::nullopt;
    }
    const int hi = hex_value(s[i + 1]);
    const int lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += digits[u >> 4];
      out += digits[u & 0x0f];
    }
  }
  return out;
}

expected<query_params, std::string> query_params::parse(std::string_view query) {
  query_params q;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) {
      continue;
    }
    const auto eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!name || !value) {
      return unexpected<std::string>("bad percent-encoding in '" + std::string(part) + "'");
    }
    if (name->empty()) {
      return unexpected<std::string>("empty parameter name in '" + std::string(part) + "'");
    }
    q.items_.emplace_back(std::move(*name), std::move(*value));
  }
  return q;
}

const std::string* query_params::find(std::string_view name) const {
  for (const auto& [n, v] : items_) {
    if (n == name) {
      return &v;
    }
  }
  return nullptr;
}

std::size_t query_params::count(std::string_view name) const {
  std::size_t n = 0;
  for (const auto& item : items_) {
    n += item.first == name ? 1 : 0;
  }
  return n;
}

std::string query_params::to_string() const {
  std::string out;
  for (const auto& [n, v] : items_) {
    if (!out.empty()) {
      out += '&';
    }
    out += percent_encode(n);
    out += '=';
    out += percent_encode(v);
  }
  return out;
}

std::vector<std::string> split_form_array(std::string_view value) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = value.find(',');
    out.emplace_back(value.substr(0, comma));
    if (comma == std::string_view::npos) {
      break;
    }
    value = value.substr(comma + 1);
  }
  return out;
}

std::optional<nlohmann::json> parse_json_param(std::string_view value) {
  auto j = parse_json(value);
  if (!j) {
    return std::nullopt;
  }
  return std::move(*j);
}

}  // namespace glasscore::sbi
