#pragma once
/// \file
/// Hexadecimal text <-> bytes, as used in configs, test vectors, SBI JSON (TS 29.503 keys,
/// RAND/AUTN) and logs.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore {

enum class hex_error : std::uint8_t {
  odd_length,    ///< a byte needs two digits
  bad_digit,     ///< a character outside 0-9, a-f, A-F
  wrong_length,  ///< decoded size differs from the fixed size asked for
};

[[nodiscard]] std::string_view to_string(hex_error e);

/// Lower-case hex, two digits per byte, no separators.
[[nodiscard]] std::string to_hex(byte_span bytes);

/// Parses hex (either case). An optional "0x" prefix is accepted.
[[nodiscard]] expected<std::vector<std::uint8_t>, hex_error> from_hex(std::string_view text);

/// Parses hex that must decode to exactly N bytes (a key, a RAND, a MAC).
template <std::size_t N>
[[nodiscard]] expected<std::array<std::uint8_t, N>, hex_error> from_hex_array(
    std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes) {
    return fail(bytes.error());
  }
  if (bytes->size() != N) {
    return fail(hex_error::wrong_length);
  }
  std::array<std::uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace glasscore
