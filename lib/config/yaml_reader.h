#pragma once
// Typed reading of a yaml-cpp node tree with key paths and problem collection. Every read
// either yields a value or records a problem and yields nothing, so one pass over the file
// reports every mistake. Only non-throwing yaml-cpp accessors are used here (no operator[]
// on nodes, no as<T>()): a malformed file must never escape as an exception.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasscore/config/config.h"

namespace glasscore::config::detail {

/// Collects problems, attaching the file position of the node they are about.
class problem_sink {
 public:
  void add(const YAML::Node& at, std::string path, std::string value, std::string message);
  void add(std::string path, std::string value, std::string message);
  /// A problem about a node: its value is rendered from the node.
  void bad_value(const YAML::Node& at, std::string path, std::string message);
  /// A problem found after reading (a cross-section check), placed at the position
  /// remembered for `path`.
  void add_at(std::string path, std::string value, std::string message);

  /// Remembers where `path` is in the file, for add_at().
  void remember(const std::string& path, const YAML::Node& node);
  /// True when a problem was reported for `path` or anything below it. Cross-section
  /// checks skip such values: they hold placeholders, and one mistake is reported once.
  [[nodiscard]] bool has_problem_under(std::string_view path) const;

  [[nodiscard]] bool empty() const { return problems_.empty(); }
  [[nodiscard]] problem_list take() { return std::move(problems_); }

 private:
  problem_list problems_;
  std::map<std::string, std::pair<std::uint32_t, std::uint32_t>, std::less<>> positions_;
};

/// The node's value for a problem report: scalar text, or a short flow-style rendering.
[[nodiscard]] std::string render(const YAML::Node& node);

/// "a mapping", "a list", "a single value" or "nothing".
[[nodiscard]] std::string_view kind_of(const YAML::Node& node);

/// Levenshtein distance, for "did you mean" suggestions.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if close enough to be a likely typo.
[[nodiscard]] std::optional<std::string> closest(std::string_view word,
                                                 std::span<const std::string> candidates);

/// An IPv4 or IPv6 address in its usual textual form.
[[nodiscard]] std::optional<ip_address> parse_address(std::string_view text);

/// "path[index]".
[[nodiscard]] std::string item_path(std::string_view path, std::size_t index);

/// A reader of one value: records problems itself and yields the value or nothing.
template <class T>
using value_reader =
    std::function<std::optional<T>(problem_sink&, const YAML::Node&, const std::string& path)>;

// Readers of single values.
[[nodiscard]] value_reader<std::string> string_value();
/// An unsigned integer in [min, max], decimal or 0x-prefixed hex. `hint` is added to the
/// message in parentheses.
[[nodiscard]] value_reader<std::uint64_t> uint_value(std::uint64_t min, std::uint64_t max,
                                                     std::string hint = {});
[[nodiscard]] value_reader<bool> bool_value();
[[nodiscard]] value_reader<ip_address> address_value();
/// A CIDR prefix of the given family with no host bits set.
[[nodiscard]] value_reader<ip_prefix> prefix_value(ip_family family);

/// A name among a fixed set (e.g. "nia2"), suggesting the closest on a typo.
template <class E>
[[nodiscard]] value_reader<E> enum_value(std::vector<std::pair<std::string, E>> names) {
  return [names = std::move(names)](problem_sink& sink, const YAML::Node& node,
                                    const std::string& path) -> std::optional<E> {
    std::vector<std::string> spelled;
    for (const auto& entry : names) {
      if (node.IsScalar() && node.Scalar() == entry.first) {
        return entry.second;
      }
      spelled.push_back(entry.first);
    }
    std::string message = "expected one of ";
    for (std::size_t i = 0; i < spelled.size(); ++i) {
      message += (i == 0 ? "" : i + 1 == spelled.size() ? " or " : ", ") + spelled[i];
    }
    if (auto guess = node.IsScalar() ? closest(node.Scalar(), spelled) : std::nullopt) {
      message += "; did you mean '" + *guess + "'?";
    }
    sink.bad_value(node, path, message);
    return std::nullopt;
  };
}

/// Visits each item of a list (a null node is an empty list).
void for_each_item(problem_sink& sink, const YAML::Node& node, const std::string& path,
                   const std::function<void(const YAML::Node&, const std::string&)>& visit);

/// A list whose items are read by `read`. A bad item is reported and kept as a
/// default-constructed placeholder, so later items keep their index in key paths.
template <class T>
[[nodiscard]] value_reader<std::vector<T>> list_of(value_reader<T> read) {
  return [read = std::move(read)](problem_sink& sink, const YAML::Node& node,
                                  const std::string& path) -> std::optional<std::vector<T>> {
    if (!node.IsSequence() && !node.IsNull()) {
      sink.bad_value(node, path,
                     std::string("expected a list, found ") + std::string(kind_of(node)));
      return std::nullopt;
    }
    std::vector<T> out;
    for_each_item(sink, node, path, [&](const YAML::Node& item, const std::string& at) {
      out.push_back(read(sink, item, at).value_or(T{}));
    });
    return out;
  };
}

/// The keys of one mapping. Keys are looked up by name; every name looked up is "known",
/// and finish() reports the keys of the mapping that nobody asked for, suggesting the
/// closest known key. A null node (a section with every line commented out) reads as an
/// empty mapping; anything else that is not a mapping is reported once.
class mapping {
 public:
  mapping(problem_sink& sink, const YAML::Node& node, std::string path);

  mapping(const mapping&) = delete;
  mapping& operator=(const mapping&) = delete;

  /// The value of `key`, if present. Marks `key` as known.
  [[nodiscard]] std::optional<YAML::Node> get(std::string_view key);

  /// Reads `key` into `out` when present and valid; otherwise leaves the default in `out`.
  /// Returns true when a value was stored.
  template <class T, class U>
  bool read(std::string_view key, U& out, const value_reader<T>& reader) {
    auto node = get(key);
    if (!node) {
      return false;
    }
    auto value = reader(sink_, *node, child(key));
    if (!value) {
      return false;
    }
    out = static_cast<U>(std::move(*value));
    return true;
  }

  /// Like read(), but a missing key is a problem.
  template <class T, class U>
  bool require(std::string_view key, U& out, const value_reader<T>& reader) {
    if (!has(key)) {
      mark_known(key);
      if (!is_mapping_ && node_.IsDefined() && !node_.IsNull()) {
        return false;  // the wrong kind of node is already reported
      }
      if (path_.empty()) {  // the top level: the file's first line would only mislead
        sink_.add(child(key), "", "missing; this key is required");
      } else {
        sink_.add(node_, child(key), "", "missing; this key is required");
      }
      return false;
    }
    return read(key, out, reader);
  }

  /// Declares `key` as one this mapping may hold, without reading it.
  void mark_known(std::string_view key);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::string child(std::string_view key) const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] problem_sink& sink() { return sink_; }

  /// Reports unknown and repeated keys.
  void finish();

 private:
  problem_sink& sink_;
  YAML::Node node_;
  std::string path_;
  bool is_mapping_;
  std::vector<std::string> known_;
};

}  // namespace glasscore::config::detail
