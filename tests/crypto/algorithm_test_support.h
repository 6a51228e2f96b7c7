// Helpers shared by the tests of the stream ciphers and the NEA/NIA algorithms, which all
// read shared/spec/vectors/nea_nia.json.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto::algorithm_test {

inline std::string set_name(std::string_view group, const nlohmann::json& set) {
  return std::string(group) + " test set " + std::to_string(test::number(set.at("test_set")));
}

inline std::vector<std::uint8_t> bytes_of(const nlohmann::json& value) {
  return test::hex(value.get<std::string>());
}

inline std::string word_hex(std::uint32_t word) {
  std::array<std::uint8_t, 4> b{};
  store_be32(b.data(), word);
  return to_hex(b);
}

inline direction direction_of(const nlohmann::json& set) {
  return test::number(set.at("direction")) == 0 ? direction::uplink : direction::downlink;
}

inline algorithm_input input_of(const nlohmann::json& set) {
  return {static_cast<std::uint32_t>(test::number(set.at("count"))),
          static_cast<std::uint8_t>(test::number(set.at("bearer"))), direction_of(set)};
}

/// Flips bit `bit` of `m`, counting from the most significant bit of the first byte.
inline void flip_bit(std::vector<std::uint8_t>& m, std::size_t bit) {
  m[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
}

/// Sets the bits of the last byte that lie beyond `length_bits`.
inline void set_trailing_bits(std::vector<std::uint8_t>& m, std::size_t length_bits) {
  if (length_bits % 8 != 0) {
    m[length_bits / 8] |= static_cast<std::uint8_t>(0xFF >> (length_bits % 8));
  }
}

/// The test sets of `group`, failing the test when there are none.
inline const nlohmann::json& non_empty(const nlohmann::json& sets) {
  EXPECT_TRUE(sets.is_array() && !sets.empty());
  return sets;
}

/// Checks a generator against a keystream test set: "keystream" holds the first words, or
/// [first words, one later word] where the later word is z`later_index`.
template <class Generator>
void expect_keystream(Generator& generator, const nlohmann::json& expected,
                      std::size_t later_index) {
  const auto first = bytes_of(expected.is_array() ? expected.at(0) : expected);
  ASSERT_TRUE(!first.empty() && first.size() % 4 == 0);
  std::size_t index = 1;
  for (std::size_t i = 0; i < first.size(); i += 4, ++index) {
    EXPECT_EQ(word_hex(generator.next()), to_hex(std::span(first).subspan(i, 4))) << "z" << index;
  }
  if (expected.is_array()) {
    ASSERT_EQ(expected.size(), 2u);
    const auto later = bytes_of(expected.at(1));
    ASSERT_EQ(later.size(), 4u);
    ASSERT_LT(index, later_index);
    std::uint32_t z = 0;
    for (; index <= later_index; ++index) {
      z = generator.next();
    }
    EXPECT_EQ(word_hex(z), to_hex(later)) << "z" << later_index;
  }
}

}  // namespace glasscore::crypto::algorithm_test
