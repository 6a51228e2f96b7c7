// SNOW 3G, UEA2 f8 / UIA2 f9 and 128-NEA1 / 128-NIA1 against every test set of
// shared/spec/vectors/nea_nia.json (UEA2&UIA2 Document 3 / TS 35.217; TS 33.401 C.3 / C.4,
// which TS 33.501 D.4 applies to NEA1/NIA1), read at run time, plus the behaviour the
// vectors do not show: round trips, MAC sensitivity, bits beyond LENGTH, input errors.
#include "glasscore/crypto/snow3g.h"

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

// Document 3 gives SNOW 3G test set 4 as z1, z2, z3 and z2500; the vector file carries the
// later word without its index.
constexpr std::size_t snow3g_later_word_index = 2500;

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

// Document 3 lists the SNOW 3G key and IV words k0, k1, k2, k3 (IV0 ... IV3) in that order.
std::array<std::uint32_t, 4> words_of(const std::vector<std::uint8_t>& bytes) {
  return {load_be32(bytes.data()), load_be32(bytes.data() + 4), load_be32(bytes.data() + 8),
          load_be32(bytes.data() + 12)};
}

direction direction_of(const nlohmann::json& set) {
  return number(set.at("direction")) == 0 ? direction::uplink : direction::downlink;
}

algorithm_input input_of(const nlohmann::json& set) {
  return {static_cast<std::uint32_t>(number(set.at("count"))),
          static_cast<std::uint8_t>(number(set.at("bearer"))), direction_of(set)};
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

TEST(snow3g_keystream, document3_test_sets) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("SNOW3G_keystream").at("sets"))) {
    SCOPED_TRACE(set_name("SNOW3G_keystream", set));
    const auto key = bytes_of(set.at("key"));
    const auto iv = bytes_of(set.at("iv"));
    ASSERT_EQ(key.size(), 16u);
    ASSERT_EQ(iv.size(), 16u);
    snow3g_keystream generator(words_of(key), words_of(iv));
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
      ASSERT_LT(index, snow3g_later_word_index);
      std::uint32_t z = 0;
      for (; index <= snow3g_later_word_index; ++index) {
        z = generator.next();
      }
      EXPECT_EQ(word_hex(z), to_hex(later)) << "z" << snow3g_later_word_index;
    }
  }
}

TEST(uea2_f8, document3_test_sets_and_round_trip) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("UEA2_f8_SNOW3G").at("sets"))) {
    SCOPED_TRACE(set_name("UEA2_f8_SNOW3G", set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    const auto plain = bytes_of(set.at("plaintext"));
    const auto cipher = bytes_of(set.at("ciphertext"));
    auto data = plain;
    ASSERT_TRUE(uea2_f8(key, in.count, in.bearer, in.dir, data, length));
    EXPECT_EQ(to_hex(data), to_hex(cipher));
    ASSERT_TRUE(uea2_f8(key, in.count, in.bearer, in.dir, data, length));
    EXPECT_EQ(to_hex(data), to_hex(plain));
  }
}

TEST(uia2_f9, document3_test_sets_and_bit_flips) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("UIA2_f9_SNOW3G").at("sets"))) {
    SCOPED_TRACE(set_name("UIA2_f9_SNOW3G", set));
    const auto key = bytes_of(set.at("key"));
    const auto count = static_cast<std::uint32_t>(number(set.at("count")));
    const auto fresh = static_cast<std::uint32_t>(number(set.at("fresh")));
    const auto dir = direction_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    auto message = bytes_of(set.at("message"));
    const auto mac = uia2_f9(key, count, fresh, dir, message, length);
    ASSERT_TRUE(mac);
    EXPECT_EQ(to_hex(*mac), to_hex(bytes_of(set.at("mac"))));
    flip_bit(message, length - 1);
    const auto flipped = uia2_f9(key, count, fresh, dir, message, length);
    ASSERT_TRUE(flipped);
    EXPECT_NE(*flipped, *mac);
  }
}

TEST(nea1, ts33401_test_sets_and_round_trip) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NEA1"))) {
    SCOPED_TRACE(set_name("128-NEA1", set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    const auto plain = bytes_of(set.at("plaintext"));
    const auto cipher = bytes_of(set.at("ciphertext"));
    auto data = plain;
    ASSERT_TRUE(nea1(key, in, data, length));
    EXPECT_EQ(to_hex(data), to_hex(cipher));
    ASSERT_TRUE(nea1(key, in, data, length));
    EXPECT_EQ(to_hex(data), to_hex(plain));
  }
}

// Exactly LENGTH bits are processed: the rest of the last byte comes out zero whatever it
// held, and bytes after it are not touched.
TEST(nea1, only_length_bits_are_processed) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NEA1"))) {
    SCOPED_TRACE(set_name("128-NEA1", set));
    const auto key = bytes_of(set.at("key"));
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    auto data = bytes_of(set.at("plaintext"));
    auto expected = bytes_of(set.at("ciphertext"));
    set_trailing_bits(data, length);
    data.push_back(0xA5);
    expected.push_back(0xA5);
    ASSERT_TRUE(nea1(key, input_of(set), data, length));
    EXPECT_EQ(to_hex(data), to_hex(expected));
  }
}

TEST(nia1, ts33401_test_sets_and_bit_flips) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("128-NIA1"))) {
    SCOPED_TRACE(set_name("128-NIA1", set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto length = static_cast<std::size_t>(number(set.at("length_bits")));
    auto message = bytes_of(set.at("message"));
    const auto mac = nia1(key, in, message, length);
    ASSERT_TRUE(mac);
    EXPECT_EQ(to_hex(*mac), to_hex(bytes_of(set.at("mac"))));

    auto padded = message;  // bits beyond LENGTH do not count
    set_trailing_bits(padded, length);
    padded.push_back(0xFF);
    EXPECT_EQ(nia1(key, in, padded, length).value(), *mac);

    for (const std::size_t bit : {std::size_t{0}, length / 2, length - 1}) {
      auto flipped = message;
      flip_bit(flipped, bit);
      EXPECT_NE(nia1(key, in, flipped, length).value(), *mac) << "bit " << bit;
    }
  }
}

TEST(nea1_nia1, bad_inputs_are_errors) {
  const std::vector<std::uint8_t> key(16, 0x2B);
  std::vector<std::uint8_t> data(8, 0x11);
  const auto original = data;
  const algorithm_input in{0x38A6F056, 0x1F, direction::downlink};

  EXPECT_EQ(nea1(std::span(key).first(15), in, data, 64).error(), crypto_error::bad_key_length);
  EXPECT_EQ(nea1(std::vector<std::uint8_t>(17), in, data, 64).error(),
            crypto_error::bad_key_length);
  EXPECT_EQ(nea1(key, {0, 32, direction::uplink}, data, 64).error(), crypto_error::bad_parameter);
  EXPECT_EQ(nea1(key, in, data, 65).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(to_hex(data), to_hex(original));  // nothing ciphered on error

  EXPECT_EQ(nia1(byte_span{}, in, data, 64).error(), crypto_error::bad_key_length);
  EXPECT_EQ(nia1(key, {0, 255, direction::uplink}, data, 64).error(), crypto_error::bad_parameter);
  EXPECT_EQ(nia1(key, in, data, 8 * 8 + 1).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(nia1(key, in, byte_span{}, 1).error(), crypto_error::bad_bit_length);

  EXPECT_EQ(uea2_f8(std::span(key).first(8), 0, 0, direction::uplink, data, 8).error(),
            crypto_error::bad_key_length);
  EXPECT_EQ(uea2_f8(key, 0, 32, direction::uplink, data, 8).error(), crypto_error::bad_parameter);
  EXPECT_EQ(uea2_f8(key, 0, 0, direction::uplink, data, 65).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(uia2_f9(std::span(key).first(8), 0, 0, direction::uplink, data, 8).error(),
            crypto_error::bad_key_length);
  EXPECT_EQ(uia2_f9(key, 0, 0, direction::uplink, data, 65).error(), crypto_error::bad_bit_length);
}

TEST(nea1_nia1, empty_messages) {
  const std::vector<std::uint8_t> key(16, 0x2B);
  const algorithm_input in{1, 2, direction::uplink};
  EXPECT_TRUE(nea1(key, in, mutable_byte_span{}, 0));
  const auto a = nia1(key, in, byte_span{}, 0);
  ASSERT_TRUE(a);
  // A zero-length message still gets a MAC, and it depends on the parameters.
  EXPECT_NE(nia1(key, {1, 3, direction::uplink}, byte_span{}, 0).value(), *a);
}

}  // namespace
}  // namespace glasscore::crypto
