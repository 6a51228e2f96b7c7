// AES-CMAC of the crypto library's private AES layer against RFC 4493 §4, and its bit-string
// padding against byte-aligned CMAC (a message of 8n bits must MAC the same either way).
#include <gtest/gtest.h>

#include "aes.h"
#include "glasscore/core/hex.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

TEST(aes_cmac, rfc4493_examples) {
  auto cipher = aes128::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(cipher);
  const auto m =
      hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
          "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
  EXPECT_EQ(to_hex(aes128_cmac_bits(*cipher, m, 0)), "bb1d6929e95937287fa37d129b756746");
  EXPECT_EQ(to_hex(aes128_cmac_bits(*cipher, m, 16 * 8)), "070a16b46b4d4144f79bdd9dd04a287c");
  EXPECT_EQ(to_hex(aes128_cmac_bits(*cipher, m, 40 * 8)), "dfa66747de9ae63030ca32611497c827");
  EXPECT_EQ(to_hex(aes128_cmac_bits(*cipher, m, 64 * 8)), "51f0bebf7e3b9d92fc49741779363cfe");
}

TEST(aes_cmac, bits_beyond_the_length_do_not_matter) {
  auto cipher = aes128::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(cipher);
  auto a = hex("ffffffffffffffffff");
  auto b = hex("ffffffffffffffffe0");
  EXPECT_EQ(aes128_cmac_bits(*cipher, a, 67), aes128_cmac_bits(*cipher, b, 67));
  EXPECT_NE(aes128_cmac_bits(*cipher, a, 67), aes128_cmac_bits(*cipher, a, 68));
}

TEST(aes_ctr, sp800_38a_f_5_1) {
  const auto key = hex("2b7e151628aed2a6abf7158809cf4f3c");
  block128 iv{};
  const auto iv_bytes = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  std::copy(iv_bytes.begin(), iv_bytes.end(), iv.begin());
  const auto plain = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  std::vector<std::uint8_t> out(plain.size());
  ASSERT_TRUE(aes128_ctr(key, iv, plain, out));
  EXPECT_EQ(to_hex(out), "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff");
  EXPECT_EQ(aes128_ctr(hex("00"), iv, plain, out).error(), crypto_error::bad_key_length);
  EXPECT_EQ(aes128_ctr(key, iv, plain, std::span(out).first(3)).error(),
            crypto_error::bad_input_length);
}

}  // namespace
}  // namespace glasscore::crypto
