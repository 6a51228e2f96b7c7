// RFC 6902 JSON Patch. The operations are nlohmann's; this wrapper validates the document
// first (so errors name the item) and keeps nlohmann's exceptions inside the library.
#include "glasscore/sbi/json_patch.h"

#include <algorithm>
#include <array>

#include "json_util.h"

namespace glasscore::sbi {

expected<nlohmann::json, decode_error> apply_json_patch(const nlohmann::json& target,
                                                        const nlohmann::json& patch) {
  using detail::child;
  static constexpr std::array<std::string_view, 6> ops = {"add",  "remove", "replace",
                                                          "move", "copy",   "test"};
  auto bad = [](std::string pointer, std::string reason) {
    return unexpected<decode_error>(
        decode_error{decode_error_kind::incorrect, std::move(pointer), std::move(reason)});
  };
  if (!patch.is_array()) {
    return bad("", "a JSON Patch must be an array");
  }
  for (std::size_t i = 0; i < patch.size(); ++i) {
    const auto& item = patch[i];
    const auto p = child("", i);
    if (!item.is_object()) {
      return bad(p, "must be an object");
    }
    auto op = item.find("op");
    if (op == item.end()) {
      return unexpected<decode_error>(
          decode_error{decode_error_kind::missing, child(p, "op"), "missing"});
    }
    if (!op->is_string() ||
        std::find(ops.begin(), ops.end(), op->get_ref<const std::string&>()) == ops.end()) {
      return bad(child(p, "op"), "unknown operation");
    }
    auto path = item.find("path");
    if (path == item.end()) {
      return unexpected<decode_error>(
          decode_error{decode_error_kind::missing, child(p, "path"), "missing"});
    }
    if (!path->is_string()) {
      return bad(child(p, "path"), "must be a string");
    }
    const auto& o = op->get_ref<const std::string&>();
    if ((o == "add" || o == "replace" || o == "test") && !item.contains("value")) {
      return unexpected<decode_error>(
          decode_error{decode_error_kind::missing, child(p, "value"), "missing"});
    }
    if ((o == "move" || o == "copy") && (!item.contains("from") || !item["from"].is_string())) {
      return unexpected<decode_error>(
          decode_error{decode_error_kind::missing, child(p, "from"), "missing"});
    }
  }
  try {
    return target.patch(patch);
  } catch (const nlohmann::json::exception& e) {
    // e.g. a path that does not exist, a failed "test", a malformed JSON Pointer.
    return bad("", std::string("patch cannot be applied: ") + e.what());
  } catch (const std::exception& e) {
    return bad("", std::string("patch cannot be applied: ") + e.what());
  }
}

}  // namespace glasscore::sbi
