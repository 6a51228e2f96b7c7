// TS 29.500 §5.2.3.2 custom headers.
#include "glasscore/sbi/headers.h"

#include <charconv>

namespace glasscore::sbi {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

template <class T>
std::optional<T> parse_number(std::string_view s) {
  T v{};
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return v;
}

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

std::optional<std::uint8_t> parse_message_priority(std::string_view value) {
  auto v = parse_number<unsigned>(trim(value));
  if (!v || *v > 31) {
    return std::nullopt;
  }
  return static_cast<std::uint8_t>(*v);
}

std::string format_message_priority(std::uint8_t priority) {
  return std::to_string(priority);
}

std::optional<sbi_callback> parse_callback(std::string_view value) {
  const auto semi = value.find(';');
  sbi_callback out;
  const auto type = trim(value.substr(0, semi));
  if (type.empty()) {
    return std::nullopt;
  }
  for (char c : type) {
    if (!token_char(c)) {
      return std::nullopt;
    }
  }
  out.type = std::string(type);
  if (semi != std::string_view::npos) {
    auto param = trim(value.substr(semi + 1));
    const auto eq = param.find('=');
    if (eq == std::string_view::npos || lower(trim(param.substr(0, eq))) != "apiversion") {
      return std::nullopt;
    }
    auto v = parse_number<unsigned>(trim(param.substr(eq + 1)));
    if (!v) {
      return std::nullopt;
    }
    out.api_version = *v;
  }
  return out;
}

std::string format_callback(const sbi_callback& c) {
  std::string out = c.type;
  if (c.api_version) {
    out += "; apiversion=" + std::to_string(*c.api_version);
  }
  return out;
}

std::optional<std::string> parse_target_api_root(std::string_view value) {
  value = trim(value);
  const auto sep = value.find("://");
  if (sep == std::string_view::npos) {
    return std::nullopt;
  }
  const auto scheme = lower(value.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    return std::nullopt;
  }
  const auto rest = value.substr(sep + 3);
  if (rest.empty() || rest.front() == '/' || rest.find_first_of("?# ") != std::string_view::npos ||
      rest.back() == '/') {
    return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_correlation_info(
    std::string_view value) {
  std::vector<std::pair<std::string, std::string>> out;
  while (true) {
    const auto comma = value.find(',');
    const auto item = trim(value.substr(0, comma));
    const auto dash = item.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == item.size()) {
      return std::nullopt;
    }
    out.emplace_back(lower(item.substr(0, dash)), std::string(item.substr(dash + 1)));
    if (comma == std::string_view::npos) {
      break;
    }
    value.remove_prefix(comma + 1);
  }
  return out;
}

std::string format_correlation_info(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out;
  for (const auto& [type, v] : items) {
    if (!out.empty()) {
      out += ", ";
    }
    out += type + "-" + v;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> discovery_headers(
    const std::vector<http2::header>& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : headers) {
    auto name = lower(h.name);
    if (name.size() > header_name::discovery_prefix.size() &&
        name.starts_with(header_name::discovery_prefix)) {
      out.emplace_back(name.substr(header_name::discovery_prefix.size()), h.value);
    }
  }
  return out;
}

}  // namespace glasscore::sbi
