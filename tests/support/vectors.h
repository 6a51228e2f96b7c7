#pragma once
/// \file
/// Access to the shared test vectors in ../shared/spec (relative to the repository root).
/// Tests read the vectors at run time, so the files in shared/ stay the single source of
/// truth. Where shared/ is absent a test skips with a message saying so.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace glasscore::test {

/// `relative` under the shared directory: $GLASSCORE_SHARED_DIR if set, else
/// <repository root>/../shared. nullopt when that file does not exist.
std::optional<std::filesystem::path> shared_file(std::string_view relative);

/// Parses a JSON vector file under shared/spec/vectors/.
std::optional<nlohmann::json> load_vectors(std::string_view file_name);

/// Hex text from a vector file to bytes; a malformed vector fails the calling test.
std::vector<std::uint8_t> hex(std::string_view text);

/// A "0x..." or decimal number from a vector file.
std::uint64_t number(const nlohmann::json& value);

}  // namespace glasscore::test

/// Declares `var` as the parsed vector file, or skips the test when shared/ is absent.
#define GLASSCORE_VECTORS_OR_SKIP(var, file)                                       \
  auto var##_loaded = ::glasscore::test::load_vectors(file);                       \
  if (!var##_loaded) {                                                             \
    GTEST_SKIP() << "shared/spec/vectors/" << (file)                               \
                 << " not found: set GLASSCORE_SHARED_DIR or check out ../shared"; \
  }                                                                                \
  const nlohmann::json& var = *var##_loaded
