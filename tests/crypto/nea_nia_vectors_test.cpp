// Every 128-NEA1/2/3 and 128-NIA1/2/3 test set in nea_nia.json (TS 33.401 Annex C and the
// ETSI/SAGE documents, which TS 33.501 D.4 applies to 5G), run through the algorithm
// dispatch NAS security uses, plus what the vectors do not show: round trips, exactly
// LENGTH bits processed, and MACs sensitive to every part of their input.
#include <gtest/gtest.h>

#include "algorithm_test_support.h"
#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using namespace algorithm_test;

std::string group_of(cipher_algorithm alg) {
  return "128-NEA" + std::to_string(static_cast<int>(alg));
}
std::string group_of(integrity_algorithm alg) {
  return "128-NIA" + std::to_string(static_cast<int>(alg));
}

class nea_vectors : public testing::TestWithParam<cipher_algorithm> {};

TEST_P(nea_vectors, every_test_set_ciphers_and_deciphers) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  const auto alg = GetParam();
  for (const auto& set : non_empty(v.at(group_of(alg)))) {
    SCOPED_TRACE(set_name(group_of(alg), set));
    const auto key = bytes_of(set.at("key"));
    const auto bits = set.at("length_bits").get<std::size_t>();
    const auto plain = bytes_of(set.at("plaintext"));
    auto data = plain;
    ASSERT_TRUE(cipher(alg, key, input_of(set), data, bits));
    EXPECT_EQ(to_hex(data), set.at("ciphertext").get<std::string>());
    ASSERT_TRUE(cipher(alg, key, input_of(set), data, bits));
    EXPECT_EQ(data, plain);
  }
}

// Exactly LENGTH bits are processed: the rest of the last byte comes out zero whatever it
// held, and bytes after it are not touched.
TEST_P(nea_vectors, only_length_bits_are_processed) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  const auto alg = GetParam();
  for (const auto& set : non_empty(v.at(group_of(alg)))) {
    SCOPED_TRACE(set_name(group_of(alg), set));
    const auto bits = set.at("length_bits").get<std::size_t>();
    auto data = bytes_of(set.at("plaintext"));
    auto expected = bytes_of(set.at("ciphertext"));
    set_trailing_bits(data, bits);
    data.push_back(0xA5);
    expected.push_back(0xA5);
    ASSERT_TRUE(cipher(alg, bytes_of(set.at("key")), input_of(set), data, bits));
    EXPECT_EQ(to_hex(data), to_hex(expected));
  }
}

INSTANTIATE_TEST_SUITE_P(all, nea_vectors,
                         testing::Values(cipher_algorithm::nea1, cipher_algorithm::nea2,
                                         cipher_algorithm::nea3),
                         [](const auto& param_info) {
                           return "nea" + std::to_string(static_cast<int>(param_info.param));
                         });

class nia_vectors : public testing::TestWithParam<integrity_algorithm> {};

TEST_P(nia_vectors, every_test_set_gives_the_published_mac) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  const auto alg = GetParam();
  for (const auto& set : non_empty(v.at(group_of(alg)))) {
    SCOPED_TRACE(set_name(group_of(alg), set));
    const auto key = bytes_of(set.at("key"));
    const auto in = input_of(set);
    const auto bits = set.at("length_bits").get<std::size_t>();
    const auto message = bytes_of(set.at("message"));
    auto mac = integrity(alg, key, in, message, bits);
    ASSERT_TRUE(mac);
    EXPECT_EQ(to_hex(*mac), set.at("mac").get<std::string>());

    // Bits beyond LENGTH do not count (NIA3 set 3 has LENGTH 577).
    auto padded = message;
    set_trailing_bits(padded, bits);
    padded.push_back(0xFF);
    EXPECT_EQ(integrity(alg, key, in, padded, bits).value(), *mac);

    // Every bit inside LENGTH does: first, middle and last.
    for (const std::size_t bit : {std::size_t{0}, bits / 2, bits - 1}) {
      auto flipped = message;
      flip_bit(flipped, bit);
      EXPECT_NE(integrity(alg, key, in, flipped, bits).value(), *mac) << "bit " << bit;
    }
  }
}

// The MAC over a prefix differs from the MAC over the whole message, even when the extra
// bits are zero: LENGTH itself is authenticated.
TEST_P(nia_vectors, length_is_authenticated) {
  const std::vector<std::uint8_t> key(16, 0x47);
  const std::vector<std::uint8_t> message(12, 0x00);
  const algorithm_input in{0x561EB2DD, 0x14, direction::uplink};
  const auto a = integrity(GetParam(), key, in, message, 64);
  const auto b = integrity(GetParam(), key, in, message, 65);
  const auto c = integrity(GetParam(), key, in, message, 96);
  ASSERT_TRUE(a && b && c);
  EXPECT_NE(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_NE(*b, *c);
}

INSTANTIATE_TEST_SUITE_P(all, nia_vectors,
                         testing::Values(integrity_algorithm::nia1, integrity_algorithm::nia2,
                                         integrity_algorithm::nia3),
                         [](const auto& param_info) {
                           return "nia" + std::to_string(static_cast<int>(param_info.param));
                         });

}  // namespace
}  // namespace glasscore::crypto
