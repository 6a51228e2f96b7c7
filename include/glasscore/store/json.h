#pragma once
/// \file
/// The subscriber import/export format (docs/subscriber-store.md): a JSON document
/// `{"format": "glasscore-subscribers", "version": 1, "subscribers": [...]}` with keys in
/// hex. Export writes every field, defaults included, so that import(export(x)) == x and
/// export(import(text)) is byte-identical to an earlier export. Parsing never throws and
/// rejects unknown keys (a misspelt key would otherwise silently take its default).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/expected.h"
#include "glasscore/store/subscriber.h"

namespace glasscore::store {

/// Why a document could not be read: `field` is the JSON path ("subscribers[3].k"), `index`
/// the subscriber's position when the problem is inside one record.
struct json_error {
  std::string field;
  std::string message;
  std::optional<std::size_t> index;
};

/// Hex text that must decode to exactly `size` bytes. The error names what was expected and
/// what was found, without echoing the (possibly secret) text: "expected 32 hex digits
/// (128-bit key), got 30". `what` describes the value ("128-bit key").
[[nodiscard]] expected<std::vector<std::uint8_t>, std::string> parse_hex_exact(
    std::string_view text, std::size_t size, std::string_view what);

/// The whole document, pretty-printed with a final newline.
[[nodiscard]] std::string export_json(const std::vector<subscriber>& subscribers);

/// Parses a document and validates each record; the first problem is reported.
[[nodiscard]] expected<std::vector<subscriber>, json_error> import_json(std::string_view text);

/// One subscriber as a JSON object text (no document envelope).
[[nodiscard]] std::string subscriber_to_json(const subscriber& s);

/// Parses one subscriber object (as written by subscriber_to_json) and validates it.
/// `path` prefixes field names in errors.
[[nodiscard]] expected<subscriber, json_error> subscriber_from_json(std::string_view text,
                                                                    std::string_view path = "");

/// The slices part only, as stored in a backend's profile column (a JSON array).
[[nodiscard]] std::string slices_to_json(const std::vector<slice_subscription>& slices);
[[nodiscard]] expected<std::vector<slice_subscription>, json_error> slices_from_json(
    std::string_view text);

}  // namespace glasscore::store
