// ZUC and 128-NEA3 / 128-NIA3 against every test set of shared/spec/vectors/nea_nia.json
// (128-EEA3 & 128-EIA3 Document 3 / TS 35.223, which TS 33.501 D.4 applies to NEA3/NIA3),
// read at run time, plus round trips, MAC sensitivity, bits beyond LENGTH and input errors.
#include "glasscore/crypto/zuc.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;
using test::number;

// Document 3 gives ZUC test set 4 as z1, z2 and z2000 (the vector file's "[z1||z2, z2000]").
constexpr std::size_t zuc_later_word_index = 2000;

std::string set_name(std::string_view group, const nlohmann::json& set) {
  return std::string(group) + " test set " + std::to_string(number(set.at("test_set")));
}

std::vector<std::uint8_t> bytes_of(const nlohmann::json& value) {
  return hex(value.get<std::string>());
}

std::string word_hex(std::uint32_t word) {
  std::array<std::uint8_t, 4> b{};
  store_be32(b.data(), word);
  return to_hex(b);
}

algorithm_input input_of(const nlohmann::json& set) {
  return {static_cast<std::uint32_t>(number(set.at("count"))),
          static_cast<std::uint8_t>(number(set.at("bearer"))),
          number(set.at("direction")) == 0 ? direction::uplink : direction::downlink};
}

void flip_bit(std::vector<std::uint8_t>& m, std::size_t bit) {
  m[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
}

// Sets the bits of the last byte that lie beyond `length_bits`.
void set_trailing_bits(std::vector<std::uint8_t>& m, std::size_t length_bits) {
  if (length_bits % 8 != 0) {
    m[length_bits / 8] |= static_cast<std::uint8_t>(0xFF >> (length_bits % 8));
  }
}

const nlohmann::json& non_empty(const nlohmann::json& sets) {
  EXPECT_TRUE(sets.is_array() && !sets.empty());
  return sets;
}

TEST(zuc_keystream, document3_test_sets) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("ZUC_keystream").at("sets"))) {
    SCOPED_TRACE(set_name("ZUC_keystream", set));
    const auto key = bytes_of(set.at("key"));
    const auto iv = bytes_of(set.at("iv"));
    ASSERT_EQ(key.size(), 16u);
    ASSERT_EQ(iv.size(), 16u);
    zuc_keystream generator{std::span(key).first<16>(), std::span(iv).first<16>()};
    const auto& expected = set.at("keystream");
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
      ASSERT_LT(index, zuc_later_word_index);
      std::uint32_t z = 0;
      for (; index <= zuc_later_word_index; ++index) {
        z = generator.next();
      }
      EXPECT_EQ(word_hex(z), to_hex(later)) << "z" << zuc_later_word_index;
    }
  }
}

TEST(nea3, document3_test_sets_and_round_trip) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NEA3"))) {
    SCOPED_TRACE(set_name("128-NEA3", set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    const auto plain = bytes_of(set.at("plaintext"));
    const auto cipher = bytes_of(set.at("ciphertext"));
    auto data = plain;
    ASSERT_TRUE(nea3(key, in, data, length));
    EXPECT_EQ(to_hex(data), to_hex(cipher));
    ASSERT_TRUE(nea3(key, in, data, length));
    EXPECT_EQ(to_hex(data), to_hex(plain));
  }
}

// Exactly LENGTH bits are processed: the rest of the last byte comes out zero whatever it
// held, and bytes after it are not touched.
TEST(nea3, only_length_bits_are_processed) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NEA3"))) {
    SCOPED_TRACE(set_name("128-NEA3", set));
    const auto key = bytes_of(set.at("key"));
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    auto data = bytes_of(set.at("plaintext"));
    auto expected = bytes_of(set.at("ciphertext"));
    set_trailing_bits(data, length);
    data.push_back(0xA5);
    expected.push_back(0xA5);
    ASSERT_TRUE(nea3(key, input_of(set), data, length));
    EXPECT_EQ(to_hex(data), to_hex(expected));
  }
}

TEST(nia3, document3_test_sets_and_bit_flips) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NIA3"))) {
    SCOPED_TRACE(set_name("128-NIA3", set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    auto message = bytes_of(set.at("message"));
    const auto mac = nia3(key, in, message, length);
    ASSERT_TRUE(mac);
    EXPECT_EQ(to_hex(*mac), to_hex(bytes_of(set.at("mac"))));

    auto padded = message;  // bits beyond LENGTH do not count (set 3 has LENGTH 577)
    set_trailing_bits(padded, length);
    padded.push_back(0xFF);
    EXPECT_EQ(nia3(key, in, padded, length).value(), *mac);

    for (const std::size_t bit : {std::size_t{0}, length / 2, length - 1}) {
      auto flipped = message;
      flip_bit(flipped, bit);
      EXPECT_NE(nia3(key, in, flipped, length).value(), *mac) << "bit " << bit;
    }
  }
}

// The MAC over a prefix differs from the MAC over the whole message: LENGTH is bound in
// through z_LENGTH even when the extra bits are zero.
TEST(nia3, length_is_authenticated) {
  const std::vector<std::uint8_t> key(16, 0x47);
  const std::vector<std::uint8_t> message(12, 0x00);
  const algorithm_input in{0x561EB2DD, 0x14, direction::uplink};
  const auto a = nia3(key, in, message, 64);
  const auto b = nia3(key, in, message, 65);
  const auto c = nia3(key, in, message, 96);
  ASSERT_TRUE(a && b && c);
  EXPECT_NE(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_NE(*b, *c);
}

TEST(nea3_nia3, bad_inputs_are_errors) {
  const std::vector<std::uint8_t> key(16, 0x17);
  std::vector<std::uint8_t> data(8, 0x11);
  const auto original = data;
  const algorithm_input in{0x66035492, 0x0F, direction::uplink};

  EXPECT_EQ(nea3(std::span(key).first(15), in, data, 64).error(), crypto_error::bad_key_length);
  EXPECT_EQ(nea3(std::vector<std::uint8_t>(32), in, data, 64).error(),
            crypto_error::bad_key_length);
  EXPECT_EQ(nea3(key, {0, 32, direction::uplink}, data, 64).error(), crypto_error::bad_parameter);
  EXPECT_EQ(nea3(key, in, data, 65).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(to_hex(data), to_hex(original));  // nothing ciphered on error

  EXPECT_EQ(nia3(byte_span{}, in, data, 64).error(), crypto_error::bad_key_length);
  EXPECT_EQ(nia3(key, {0, 200, direction::downlink}, data, 64).error(),
            crypto_error::bad_parameter);
  EXPECT_EQ(nia3(key, in, data, 8 * 8 + 1).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(nia3(key, in, byte_span{}, 1).error(), crypto_error::bad_bit_length);
}

TEST(nea3_nia3, empty_messages) {
  const std::vector<std::uint8_t> key(16, 0x17);
  const algorithm_input in{1, 2, direction::uplink};
  EXPECT_TRUE(nea3(key, in, mutable_byte_span{}, 0));
  const auto a = nia3(key, in, byte_span{}, 0);
  ASSERT_TRUE(a);
  EXPECT_NE(nia3(key, {1, 2, direction::downlink}, byte_span{}, 0).value(), *a);
}

}  // namespace
}  // namespace glasscore::crypto
