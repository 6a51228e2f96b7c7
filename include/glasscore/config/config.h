#pragma once
/// \file
/// Loading and checking the configuration file. Nothing here throws or stops at the first
/// mistake: the result is either a complete, consistent configuration or the list of every
/// problem found, each naming the exact key, the value written there and what is expected,
/// so that `glasscore config check` can explain all of them in one run.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"

namespace glasscore::config {

/// One thing wrong with a configuration.
struct problem {
  std::string path;          ///< key path, e.g. "amf.tais[1].tac"; empty for a YAML syntax error
  std::string value;         ///< the value as written; empty when the key is missing
  std::string message;       ///< what is wrong and what is expected instead
  std::uint32_t line = 0;    ///< 1-based line in the file, 0 when unknown
  std::uint32_t column = 0;  ///< 1-based column, 0 when unknown

  friend bool operator==(const problem&, const problem&) = default;
};

using problem_list = std::vector<problem>;

/// Parses and checks YAML text.
[[nodiscard]] expected<glasscore_config, problem_list> parse_config(std::string_view yaml);

/// Reads and checks a file. A file that cannot be read yields one problem.
[[nodiscard]] expected<glasscore_config, problem_list> load_config(
    const std::filesystem::path& path);

/// One line per problem for a terminal: "key: value: message", with " (line L, column C)"
/// appended when the position is known. A missing value prints as "key: message"; a YAML
/// syntax error as "line L, column C: message". Each line ends with '\n'.
[[nodiscard]] std::string format_problems(const problem_list& problems);

}  // namespace glasscore::config
