// Every 128-NEA1/2/3 and 128-NIA1/2/3 test set in nea_nia.json, run through the algorithm
// dispatch that NAS security uses (TS 33.501 Annex D).
#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

algorithm_input input_of(const nlohmann::json& set) {
  return {static_cast<std::uint32_t>(test::number(set["count"])),
          static_cast<std::uint8_t>(test::number(set["bearer"])),
          set["direction"].get<int>() == 1 ? direction::downlink : direction::uplink};
}

class nea_vectors : public testing::TestWithParam<cipher_algorithm> {};

TEST_P(nea_vectors, every_test_set_ciphers_and_deciphers) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  const auto alg = GetParam();
  const auto& sets = v["128-NEA" + std::to_string(static_cast<int>(alg))];
  ASSERT_GE(sets.size(), 5U);
  for (const auto& set : sets) {
    SCOPED_TRACE("test set " + set["test_set"].dump());
    const auto key = hex(set["key"].get<std::string>());
    const auto bits = set["length_bits"].get<std::size_t>();
    const auto plain = hex(set["plaintext"].get<std::string>());
    auto data = plain;
    ASSERT_TRUE(cipher(alg, key, input_of(set), data, bits));
    EXPECT_EQ(to_hex(data), set["ciphertext"].get<std::string>());
    ASSERT_TRUE(cipher(alg, key, input_of(set), data, bits));
    EXPECT_EQ(data, plain);
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
  const auto& sets = v["128-NIA" + std::to_string(static_cast<int>(alg))];
  ASSERT_GE(sets.size(), 5U);
  for (const auto& set : sets) {
    SCOPED_TRACE("test set " + set["test_set"].dump());
    const auto key = hex(set["key"].get<std::string>());
    const auto bits = set["length_bits"].get<std::size_t>();
    auto message = hex(set["message"].get<std::string>());
    auto mac = integrity(alg, key, input_of(set), message, bits);
    ASSERT_TRUE(mac);
    EXPECT_EQ(to_hex(*mac), set["mac"].get<std::string>());

    // Any single flipped bit inside LENGTH changes the MAC.
    if (bits > 0) {
      message[(bits - 1) / 8] ^= static_cast<std::uint8_t>(0x80 >> ((bits - 1) % 8));
      EXPECT_NE(integrity(alg, key, input_of(set), message, bits).value(), *mac);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(all, nia_vectors,
                         testing::Values(integrity_algorithm::nia1, integrity_algorithm::nia2,
                                         integrity_algorithm::nia3),
                         [](const auto& param_info) {
                           return "nia" + std::to_string(static_cast<int>(param_info.param));
                         });

}  // namespace
}  // namespace glasscore::crypto
