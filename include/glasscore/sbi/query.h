#pragma once
/// \file
/// URI query and path handling for SBI resources (TS 29.500 §5.2.2, TS 29.501 §5.2.4):
/// percent-decoding (RFC 3986 §2.1), `name=value` pairs, arrays in OpenAPI "form,
/// explode: false" style (comma-separated), and JSON-encoded parameters (`content:
/// application/json`, e.g. TS 29.510 `snssais=[{"sst":1}]`, `tai={...}`).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"

namespace glasscore::sbi {

/// RFC 3986 percent-decoding. '+' stays '+' (it means space only in HTML forms). Fails on
/// a '%' not followed by two hex digits.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view s);
/// Percent-encodes everything but RFC 3986 unreserved characters.
[[nodiscard]] std::string percent_encode(std::string_view s);

/// Decoded query parameters in arrival order.
class query_params {
 public:
  /// Parses "a=1&b=x%2Cy". An empty part is skipped; a part without '=' has an empty
  /// value. Fails (with the offending part) on bad percent-encoding or an empty name.
  [[nodiscard]] static expected<query_params, std::string> parse(std::string_view query);

  /// The first value of `name`, or nullopt.
  [[nodiscard]] const std::string* find(std::string_view name) const;
  /// How many times `name` occurs (a repeated scalar is an error for most parameters).
  [[nodiscard]] std::size_t count(std::string_view name) const;
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& items() const {
    return items_;
  }
  /// Appends a pair (for building a query).
  void add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  /// "a=1&b=x%2Cy": names and values percent-encoded.
  [[nodiscard]] std::string to_string() const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

/// Splits an OpenAPI "form, explode: false" array value ("a,b,c"); empty items are kept
/// so that the caller can reject them.
[[nodiscard]] std::vector<std::string> split_form_array(std::string_view value);

/// Parses a JSON-encoded parameter value; nullopt if it is not JSON.
[[nodiscard]] std::optional<nlohmann::json> parse_json_param(std::string_view value);

}  // namespace glasscore::sbi
