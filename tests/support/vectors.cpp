#include "support/vectors.h"

#include <cstdlib>
#include <fstream>

#include "glasscore/core/hex.h"

namespace glasscore::test {

std::optional<std::filesystem::path> shared_file(std::string_view relative) {
  std::filesystem::path root;
  if (const char* env = std::getenv("GLASSCORE_SHARED_DIR"); env != nullptr && *env != '\0') {
    root = env;
  } else {
    root = std::filesystem::path(GLASSCORE_SOURCE_DIR).parent_path() / "shared";
  }
  auto path = root / relative;
  if (!std::filesystem::exists(path)) {
    return std::nullopt;
  }
  return path;
}

std::optional<nlohmann::json> load_vectors(std::string_view file_name) {
  auto path = shared_file(std::string("spec/vectors/") + std::string(file_name));
  if (!path) {
    return std::nullopt;
  }
  std::ifstream in(*path);
  return nlohmann::json::parse(in);
}

std::vector<std::uint8_t> hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in vector file: " << text;
  return bytes.value_or(std::vector<std::uint8_t>{});
}

std::uint64_t number(const nlohmann::json& value) {
  if (value.is_number()) {
    return value.get<std::uint64_t>();
  }
  const auto text = value.get<std::string>();
  return std::stoull(text, nullptr, text.starts_with("0x") ? 16 : 10);
}

}  // namespace glasscore::test
