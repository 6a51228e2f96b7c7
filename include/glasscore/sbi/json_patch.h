#pragma once
/// \file
/// JSON Patch (RFC 6902), the body of NFUpdate (TS 29.510 §5.2.2.3,
/// `application/json-patch+json`, TS 29.571 PatchItem).

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// Applies every operation (add, remove, replace, move, copy, test) in order to a copy of
/// `target`. Fails, naming the operation ("/2/path: ..."), if the document is not an
/// array of PatchItems or an operation cannot be applied (RFC 6902 §5: then nothing is).
[[nodiscard]] expected<nlohmann::json, decode_error> apply_json_patch(const nlohmann::json& target,
                                                                      const nlohmann::json& patch);

}  // namespace glasscore::sbi
