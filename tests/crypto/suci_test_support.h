// Helpers shared by the SUCI test files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "glasscore/crypto/error.h"
#include "glasscore/crypto/suci.h"
#include "support/vectors.h"

namespace glasscore::crypto {

// Readable failure messages for error values.
inline void PrintTo(crypto_error e, std::ostream* os) {
  *os << to_string(e);
}

namespace suci_test {

using bytes = std::vector<std::uint8_t>;
using key_map = std::map<std::pair<protection_scheme, std::uint8_t>, bytes>;

inline bytes field(const nlohmann::json& object, const std::string& key) {
  return test::hex(object.at(key).get<std::string>());
}

inline std::string text(const nlohmann::json& object, const std::string& key) {
  return object.at(key).get<std::string>();
}

inline hn_private_key_lookup lookup_in(const key_map& keys) {
  return [&keys](protection_scheme scheme, std::uint8_t key_id) -> std::optional<byte_span> {
    auto it = keys.find({scheme, key_id});
    if (it == keys.end()) {
      return std::nullopt;
    }
    return byte_span(it->second);
  };
}

}  // namespace suci_test
}  // namespace glasscore::crypto
