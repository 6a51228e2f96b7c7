// MILENAGE against every TS 35.207 and TS 35.208 test set in shared/spec/vectors/milenage.json.
#include "glasscore/crypto/milenage.h"

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

TEST(milenage, every_conformance_test_set) {
  GLASSCORE_VECTORS_OR_SKIP(v, "milenage.json");
  std::size_t checked = 0;
  for (const char* group : {"test_sets", "ts35208_test_sets"}) {
    for (const auto& set : v[group]) {
      SCOPED_TRACE(std::string(group) + " " + set["test_set"].dump());
      ++checked;
      const auto k = hex(set["K"].get<std::string>());
      const auto rand = hex(set["RAND"].get<std::string>());
      const auto sqn = hex(set["SQN"].get<std::string>());
      const auto amf = hex(set["AMF"].get<std::string>());

      auto opc = compute_opc(k, hex(set["OP"].get<std::string>()));
      ASSERT_TRUE(opc);
      EXPECT_EQ(to_hex(*opc), set["OPc"].get<std::string>());

      auto m = milenage::create(k, *opc);
      ASSERT_TRUE(m);
      EXPECT_EQ(to_hex(m->f1(rand, sqn, amf).value()), set["f1"].get<std::string>());
      EXPECT_EQ(to_hex(m->f1star(rand, sqn, amf).value()), set["f1star"].get<std::string>());
      auto outs = m->f2345(rand);
      ASSERT_TRUE(outs);
      EXPECT_EQ(to_hex(outs->res), set["f2"].get<std::string>());
      EXPECT_EQ(to_hex(outs->ck), set["f3"].get<std::string>());
      EXPECT_EQ(to_hex(outs->ik), set["f4"].get<std::string>());
      EXPECT_EQ(to_hex(outs->ak), set["f5"].get<std::string>());
      EXPECT_EQ(to_hex(m->f5star(rand).value()), set["f5star"].get<std::string>());
    }
  }
  EXPECT_EQ(checked, 6U + 20U) << "TS 35.207 sets 1-6 and TS 35.208 sets 1-20";
}

TEST(milenage, wrong_sizes_are_errors) {
  const std::vector<std::uint8_t> k(16, 1);
  const std::vector<std::uint8_t> short_key(15, 1);
  EXPECT_EQ(milenage::create(short_key, k).error(), crypto_error::bad_key_length);
  EXPECT_EQ(milenage::create(k, short_key).error(), crypto_error::bad_key_length);
  EXPECT_EQ(compute_opc(k, short_key).error(), crypto_error::bad_key_length);
  EXPECT_EQ(compute_opc(std::vector<std::uint8_t>(17), k).error(), crypto_error::bad_key_length);

  auto m = milenage::create(k, k);
  ASSERT_TRUE(m);
  const std::vector<std::uint8_t> rand(16), sqn(6), amf(2);
  EXPECT_EQ(m->f1(std::vector<std::uint8_t>(15), sqn, amf).error(), crypto_error::bad_input_length);
  EXPECT_EQ(m->f1(rand, std::vector<std::uint8_t>(5), amf).error(), crypto_error::bad_input_length);
  EXPECT_EQ(m->f1star(rand, sqn, std::vector<std::uint8_t>(3)).error(),
            crypto_error::bad_input_length);
  EXPECT_EQ(m->f2345(std::vector<std::uint8_t>{}).error(), crypto_error::bad_input_length);
  EXPECT_EQ(m->f5star(std::vector<std::uint8_t>(17)).error(), crypto_error::bad_input_length);
}

TEST(milenage, copies_share_the_key_and_agree) {
  const std::vector<std::uint8_t> k(16, 7), opc(16, 9), rand(16, 3);
  auto m = milenage::create(k, opc);
  ASSERT_TRUE(m);
  const milenage copy = *m;
  EXPECT_EQ(copy.f2345(rand)->ck, m->f2345(rand)->ck);
}

}  // namespace
}  // namespace glasscore::crypto
