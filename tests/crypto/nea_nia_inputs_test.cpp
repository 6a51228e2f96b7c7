// Bad inputs to every NEA/NIA algorithm are errors, never crashes or reads past the end;
// the null algorithms behave as TS 33.501 D.1 says.
#include <gtest/gtest.h>

#include "glasscore/crypto/nas_algorithms.h"

namespace glasscore::crypto {
namespace {

const std::vector<std::uint8_t> key(16, 0x5a);

TEST(nea_nia_inputs, wrong_key_bearer_direction_and_length) {
  for (auto alg : {cipher_algorithm::nea1, cipher_algorithm::nea2, cipher_algorithm::nea3}) {
    SCOPED_TRACE(static_cast<int>(alg));
    std::vector<std::uint8_t> data(8);
    EXPECT_EQ(cipher(alg, std::vector<std::uint8_t>(15), {}, data, 64).error(),
              crypto_error::bad_key_length);
    EXPECT_EQ(cipher(alg, key, {0, 32, direction::uplink}, data, 64).error(),
              crypto_error::bad_parameter);
    EXPECT_EQ(cipher(alg, key, {0, 1, static_cast<direction>(2)}, data, 64).error(),
              crypto_error::bad_parameter);
    EXPECT_EQ(cipher(alg, key, {}, data, 65).error(), crypto_error::bad_bit_length);
    EXPECT_EQ(data, std::vector<std::uint8_t>(8)) << "nothing ciphered on error";
    EXPECT_TRUE(cipher(alg, key, {}, mutable_byte_span{}, 0));
    EXPECT_TRUE(cipher(alg, key, {}, data, 0));
    EXPECT_TRUE(cipher(alg, key, {}, data, 63));
    EXPECT_EQ(data.back() & 0x01, 0) << "bits past LENGTH are zeroed";
  }
  for (auto alg :
       {integrity_algorithm::nia1, integrity_algorithm::nia2, integrity_algorithm::nia3}) {
    SCOPED_TRACE(static_cast<int>(alg));
    const std::vector<std::uint8_t> msg(8);
    EXPECT_EQ(integrity(alg, std::vector<std::uint8_t>(17), {}, msg, 64).error(),
              crypto_error::bad_key_length);
    EXPECT_EQ(integrity(alg, key, {0, 255, direction::downlink}, msg, 64).error(),
              crypto_error::bad_parameter);
    EXPECT_EQ(integrity(alg, key, {}, msg, 65).error(), crypto_error::bad_bit_length);
    EXPECT_TRUE(integrity(alg, key, {}, msg, 0));
    EXPECT_TRUE(integrity(alg, key, {}, std::vector<std::uint8_t>{}, 0));
    EXPECT_EQ(integrity(alg, key, {}, byte_span{}, 1).error(), crypto_error::bad_bit_length);
  }
}

TEST(nea_nia_inputs, mac_depends_on_count_bearer_and_direction) {
  const std::vector<std::uint8_t> msg = {1, 2, 3, 4, 5};
  for (auto alg :
       {integrity_algorithm::nia1, integrity_algorithm::nia2, integrity_algorithm::nia3}) {
    SCOPED_TRACE(static_cast<int>(alg));
    const auto base = integrity(alg, key, {7, 1, direction::uplink}, msg, 40).value();
    EXPECT_NE(integrity(alg, key, {8, 1, direction::uplink}, msg, 40).value(), base);
    EXPECT_NE(integrity(alg, key, {7, 2, direction::uplink}, msg, 40).value(), base);
    EXPECT_NE(integrity(alg, key, {7, 1, direction::downlink}, msg, 40).value(), base);
  }
}

TEST(nea_nia_inputs, null_algorithms) {
  std::vector<std::uint8_t> data = {0xde, 0xad, 0xbe, 0xef};
  ASSERT_TRUE(cipher(cipher_algorithm::nea0, {}, {}, data, 32));
  EXPECT_EQ(data, (std::vector<std::uint8_t>{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(cipher(cipher_algorithm::nea0, {}, {}, data, 33).error(), crypto_error::bad_bit_length);
  EXPECT_EQ(integrity(integrity_algorithm::nia0, {}, {}, data, 32).value(), mac32{});
  EXPECT_EQ(cipher(static_cast<cipher_algorithm>(4), key, {}, data, 32).error(),
            crypto_error::bad_parameter);
  EXPECT_EQ(integrity(static_cast<integrity_algorithm>(9), key, {}, data, 32).error(),
            crypto_error::bad_parameter);
}

}  // namespace
}  // namespace glasscore::crypto
