// SNOW 3G and UEA2 f8 / UIA2 f9 against every test set of shared/spec/vectors/nea_nia.json
// (UEA2&UIA2 Document 3 / TS 35.217), read at run time, plus round trips and MAC
// sensitivity. 128-NEA1/NIA1 are tested with the other algorithms in nea_nia_*_test.cpp.
#include "glasscore/crypto/snow3g.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "algorithm_test_support.h"
#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using namespace algorithm_test;
using test::hex;
using test::number;

// Document 3 gives SNOW 3G test set 4 as z1, z2, z3 and z2500; the vector file carries the
// later word without its index.
constexpr std::size_t snow3g_later_word_index = 2500;

// Document 3 lists the SNOW 3G key and IV words k0, k1, k2, k3 (IV0 ... IV3) in that order.
std::array<std::uint32_t, 4> words_of(const std::vector<std::uint8_t>& bytes) {
  return {load_be32(bytes.data()), load_be32(bytes.data() + 4), load_be32(bytes.data() + 8),
          load_be32(bytes.data() + 12)};
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
    expect_keystream(generator, set.at("keystream"), snow3g_later_word_index);
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

}  // namespace
}  // namespace glasscore::crypto
