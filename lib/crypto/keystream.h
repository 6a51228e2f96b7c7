#pragma once
// Applying a word-oriented keystream (SNOW 3G, ZUC) to bytes, private to the crypto library.

#include <algorithm>
#include <array>
#include <cstdint>

#include "glasscore/core/bytes.h"

namespace glasscore::crypto {

/// XORs the generator's 32-bit words onto `data`, first word first and each word most
/// significant byte first, as UEA2/128-EEA3 lay the keystream over the message bits.
template <class Generator>
void xor_keystream(Generator& generator, mutable_byte_span data) {
  for (std::size_t i = 0; i < data.size(); i += 4) {
    std::array<std::uint8_t, 4> z{};
    store_be32(z.data(), generator.next());
    const std::size_t n = std::min<std::size_t>(4, data.size() - i);
    for (std::size_t j = 0; j < n; ++j) {
      data[i + j] ^= z[j];
    }
  }
}

}  // namespace glasscore::crypto
