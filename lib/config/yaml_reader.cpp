#include "yaml_reader.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace glasscore::config::detail {

namespace {

std::uint32_t one_based(int zero_based) {
  return zero_based < 0 ? 0 : static_cast<std::uint32_t>(zero_based) + 1;
}

// Problems quote values; a whole subtree would drown the message.
constexpr std::size_t max_rendered = 60;

}  // namespace

void problem_sink::add(const YAML::Node& at, std::string path, std::string value,
                       std::string message) {
  const YAML::Mark mark = at.Mark();
  problems_.push_back(problem{std::move(path), std::move(value), std::move(message),
                              one_based(mark.line), one_based(mark.column)});
}

void problem_sink::add(std::string path, std::string value, std::string message) {
  problems_.push_back(problem{std::move(path), std::move(value), std::move(message), 0, 0});
}

void problem_sink::add_at(std::string path, std::string value, std::string message) {
  auto it = positions_.find(path);
  const auto [line, column] =
      it == positions_.end() ? std::pair<std::uint32_t, std::uint32_t>{} : it->second;
  problems_.push_back(problem{std::move(path), std::move(value), std::move(message), line, column});
}

void problem_sink::remember(const std::string& path, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  positions_.insert_or_assign(path, std::pair{one_based(mark.line), one_based(mark.column)});
}

bool problem_sink::has_problem_under(std::string_view path) const {
  return std::any_of(problems_.begin(), problems_.end(), [path](const problem& p) {
    if (!std::string_view(p.path).starts_with(path)) {
      return false;
    }
    return p.path.size() == path.size() || p.path[path.size()] == '.' || p.path[path.size()] == '[';
  });
}

void problem_sink::bad_value(const YAML::Node& at, std::string path, std::string message) {
  add(at, std::move(path), render(at), std::move(message));
}

std::string render(const YAML::Node& node) {
  if (node.IsScalar()) {
    return node.Scalar();
  }
  if (node.IsNull() || !node.IsDefined()) {
    return "";
  }
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  std::string text = out.good() ? out.c_str() : std::string(kind_of(node));
  if (text.size() > max_rendered) {
    text.resize(max_rendered - 3);
    text += "...";
  }
  return text;
}

std::string_view kind_of(const YAML::Node& node) {
  if (node.IsMap()) {
    return "a mapping";
  }
  if (node.IsSequence()) {
    return "a list";
  }
  if (node.IsScalar()) {
    return "a single value";
  }
  return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the Wagner-Fischer table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates) {
  // A typo changes a few characters; past a third of the word it is a different word.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    // A key written without its unit suffix ("uplink" for "uplink_kbps") is a near miss too.
    const bool prefix = word.size() >= 3 && std::string_view(candidate).starts_with(word);
    const std::size_t d = prefix ? 1 : edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string item_path(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

value_reader<std::string> string_value() {
  return [](problem_sink& sink, const YAML::Node& node,
            const std::string& path) -> std::optional<std::string> {
    if (!node.IsScalar()) {
      sink.bad_value(node, path, "expected a single value, found " + std::string(kind_of(node)));
      return std::nullopt;
    }
    return node.Scalar();
  };
}

value_reader<std::uint64_t> uint_value(std::uint64_t min, std::uint64_t max, std::string hint) {
  return [min, max, hint](problem_sink& sink, const YAML::Node& node,
                          const std::string& path) -> std::optional<std::uint64_t> {
    std::string expected =
        "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!hint.empty()) {
      expected += " (" + hint + ")";
    }
    if (!node.IsScalar()) {
      sink.bad_value(node, path, expected + ", found " + std::string(kind_of(node)));
      return std::nullopt;
    }
    std::string_view text = node.Scalar();
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
      text.remove_prefix(2);
      base = 16;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min ||
        value > max) {
      sink.bad_value(node, path, expected);
      return std::nullopt;
    }
    return value;
  };
}

value_reader<bool> bool_value() {
  return [](problem_sink& sink, const YAML::Node& node,
            const std::string& path) -> std::optional<bool> {
    if (node.IsScalar()) {
      std::string text = node.Scalar();
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (text == "true" || text == "yes" || text == "on") {
        return true;
      }
      if (text == "false" || text == "no" || text == "off") {
        return false;
      }
    }
    sink.bad_value(node, path, "expected true or false");
    return std::nullopt;
  };
}

std::optional<ip_address> parse_address(std::string_view text) {
  const std::string copy(text);  // inet_pton wants a terminated string
  ip_address out;
  if (inet_pton(AF_INET, copy.c_str(), out.bytes.data()) == 1) {
    out.family = ip_family::v4;
    return out;
  }
  if (inet_pton(AF_INET6, copy.c_str(), out.bytes.data()) == 1) {
    out.family = ip_family::v6;
    return out;
  }
  return std::nullopt;
}

value_reader<ip_address> address_value() {
  return [](problem_sink& sink, const YAML::Node& node,
            const std::string& path) -> std::optional<ip_address> {
    if (node.IsScalar()) {
      if (auto address = parse_address(node.Scalar())) {
        return address;
      }
    }
    sink.bad_value(node, path,
                   "expected an IPv4 or IPv6 address such as 127.0.0.1 or \"::1\" (no port, "
                   "no host name)");
    return std::nullopt;
  };
}

value_reader<ip_prefix> prefix_value(ip_family family) {
  return [family](problem_sink& sink, const YAML::Node& node,
                  const std::string& path) -> std::optional<ip_prefix> {
    const bool v4 = family == ip_family::v4;
    const unsigned max_length = v4 ? 32 : 128;
    const std::string expected = v4 ? "expected an IPv4 prefix such as 10.45.0.0/16"
                                    : "expected an IPv6 prefix such as \"2001:db8:cafe::/48\"";
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
      sink.bad_value(node, path, expected);
      return std::nullopt;
    }
    auto address = parse_address(std::string_view(text).substr(0, slash));
    unsigned length = 0;
    const char* first = text.data() + slash + 1;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, length);
    if (!address || address->family != family || first == last || ec != std::errc{} ||
        end != last || length > max_length) {
      sink.bad_value(node, path, expected);
      return std::nullopt;
    }
    ip_prefix prefix{*address, static_cast<std::uint8_t>(length)};
    ip_prefix network = prefix;
    const std::size_t bytes = v4 ? 4 : 16;
    for (std::size_t i = 0; i < bytes; ++i) {
      const unsigned keep = length >= 8 * (i + 1) ? 8 : length > 8 * i ? length - 8 * i : 0;
      network.address.bytes[i] &= static_cast<std::uint8_t>(0xff00U >> keep);
    }
    if (!(network == prefix)) {
      sink.bad_value(node, path, "host bits are set; did you mean " + network.to_string() + "?");
      return std::nullopt;
    }
    return prefix;
  };
}

void for_each_item(problem_sink& sink, const YAML::Node& node, const std::string& path,
                   const std::function<void(const YAML::Node&, const std::string&)>& visit) {
  if (node.IsNull()) {
    return;
  }
  if (!node.IsSequence()) {
    sink.bad_value(node, path, "expected a list, found " + std::string(kind_of(node)));
    return;
  }
  std::size_t index = 0;
  for (auto it = node.begin(); it != node.end(); ++it, ++index) {
    const std::string at = item_path(path, index);
    sink.remember(at, *it);
    visit(*it, at);
  }
}

mapping::mapping(problem_sink& sink, const YAML::Node& node, std::string path)
    : sink_(sink), node_(node), path_(std::move(path)), is_mapping_(node.IsMap()) {
  if (!is_mapping_ && !node.IsNull() && node.IsDefined()) {
    sink_.bad_value(node, path_.empty() ? "(top level)" : path_,
                    "expected a mapping of keys to values, found " + std::string(kind_of(node)));
  }
}

void mapping::mark_known(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
    known_.emplace_back(key);
  }
}

std::optional<YAML::Node> mapping::get(std::string_view key) {
  mark_known(key);
  if (!is_mapping_) {
    return std::nullopt;
  }
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      sink_.remember(child(key), it->second);
      return it->second;
    }
  }
  return std::nullopt;
}

bool mapping::has(std::string_view key) const {
  if (!is_mapping_) {
    return false;
  }
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      return true;
    }
  }
  return false;
}

std::string mapping::child(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void mapping::finish() {
  if (!is_mapping_) {
    return;
  }
  std::vector<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    // Copies: the iterator's -> yields a temporary pair.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      sink_.bad_value(key, path_.empty() ? "(top level)" : path_,
                      "keys must be plain names, found " + std::string(kind_of(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    // YAML forbids repeated keys but yaml-cpp keeps both; the second would be ignored.
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      sink_.add(key, child(name), render(value),
                "key appears more than once in this section; keep one");
      continue;
    }
    seen.push_back(name);
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) {
      continue;
    }
    std::string message = "unknown key";
    if (auto guess = closest(name, known_)) {
      message += "; did you mean '" + *guess + "'?";
    } else if (!known_.empty()) {
      message += "; expected one of: ";
      for (std::size_t i = 0; i < known_.size(); ++i) {
        message += (i == 0 ? "" : ", ") + known_[i];
      }
    }
    sink_.add(key, child(name), render(value), message);
  }
}

}  // namespace glasscore::config::detail
