// 5G AKA helpers: what the home network generates the USIM accepts, and resynchronisation
// recovers exactly the SQN the USIM reported. Wire values are in key_chain_from_peer_test.
#include "glasscore/crypto/aka.h"

#include <gtest/gtest.h>

#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

const std::string sn_name = "5G:mnc001.mcc001.3gppnetwork.org";

milenage subscriber() {
  return milenage::create(hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                          hex("cd63cb71954a9f4e48a5994e37a02baf"))
      .value();
}

TEST(aka, usim_opens_what_the_home_network_generates) {
  const milenage m = subscriber();
  const auto rand = hex("23553cbe9637a89d218ae64dae47bf35");
  const auto sqn = hex("000000001234");
  auto av = generate_he_auth_vector(m, rand, sqn, hex("8000"), sn_name);
  ASSERT_TRUE(av);
  auto opened = open_autn(m, rand, av->autn);
  ASSERT_TRUE(opened);
  EXPECT_EQ(std::vector<std::uint8_t>(opened->sqn.begin(), opened->sqn.end()), sqn);
  EXPECT_EQ(opened->amf, (amf16{0x80, 0x00}));
  EXPECT_EQ(
      derive_res_star(opened->keys.ck, opened->keys.ik, sn_name, rand, opened->keys.res).value(),
      av->xres_star);
}

TEST(aka, a_different_subscriber_key_fails_mac_a) {
  const auto rand = hex("23553cbe9637a89d218ae64dae47bf35");
  auto av = generate_he_auth_vector(subscriber(), rand, hex("000000001234"), hex("8000"), sn_name);
  ASSERT_TRUE(av);
  auto other = milenage::create(hex("465b5ce8b199b49faa5f0a2ee238a6bd"),
                                hex("cd63cb71954a9f4e48a5994e37a02baf"));
  EXPECT_EQ(open_autn(*other, rand, av->autn).error(), crypto_error::mac_mismatch);
}

TEST(aka, resynchronisation_round_trip) {
  const milenage m = subscriber();
  const auto rand = hex("00112233445566778899aabbccddeeff");
  const auto sqn_ms = hex("0000000a0b0c");
  auto auts = build_auts(m, rand, sqn_ms);
  ASSERT_TRUE(auts);
  auto recovered = sqn_ms_from_auts(m, rand, *auts);
  ASSERT_TRUE(recovered);
  EXPECT_EQ(std::vector<std::uint8_t>(recovered->begin(), recovered->end()), sqn_ms);
  // AUTS is bound to its RAND.
  EXPECT_EQ(sqn_ms_from_auts(m, hex("ffffffffffffffffffffffffffffffff"), *auts).error(),
            crypto_error::mac_mismatch);
}

TEST(aka, wrong_sizes_are_errors) {
  const milenage m = subscriber();
  const auto rand = hex("00112233445566778899aabbccddeeff");
  EXPECT_EQ(generate_he_auth_vector(m, rand, hex("0000"), hex("8000"), sn_name).error(),
            crypto_error::bad_input_length);
  EXPECT_EQ(
      generate_he_auth_vector(m, hex("00"), hex("000000000001"), hex("8000"), sn_name).error(),
      crypto_error::bad_input_length);
  EXPECT_EQ(build_auts(m, rand, hex("00")).error(), crypto_error::bad_input_length);
  for (std::size_t n = 0; n < 14; ++n) {
    EXPECT_EQ(sqn_ms_from_auts(m, rand, std::vector<std::uint8_t>(n)).error(),
              crypto_error::bad_input_length);
  }
  EXPECT_EQ(open_autn(m, rand, std::vector<std::uint8_t>(17)).error(),
            crypto_error::bad_input_length);
}

}  // namespace
}  // namespace glasscore::crypto
