// The TS 33.220 B.2 KDF against the validated vectors of 5g_key_derivation.json, whose
// expected outputs come from other projects' test suites (see that file's provenance).
#include "glasscore/crypto/kdf.h"

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

// The validated vectors name their parameters in prose; these are the P0, P1 each encodes.
struct kdf_case {
  std::string_view name_prefix;
  std::vector<std::uint8_t> p0;
  std::vector<std::uint8_t> p1;
};

TEST(kdf, validated_public_vectors) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_derivation.json");
  const std::vector<kdf_case> cases = {
      {"KRRCenc", {0x03}, {0x02}},
      {"KRRCint", {0x04}, {0x00}},
      {"KUPenc", {0x05}, {0x02}},
      {"KUPint", {0x06}, {0x00}},
      {"KNG-RAN*", {0x00, 0x20}, {0x02, 0x31}},  // PCI 32, SSB-ARFCN 561 in 2 octets each
  };
  std::size_t checked = 0;
  for (const auto& vec : v["validated_kdf_vectors"]["vectors"]) {
    const auto name = vec["name"].get<std::string>();
    SCOPED_TRACE(name);
    const auto fc = static_cast<std::uint8_t>(test::number(vec["FC"]));
    std::vector<std::uint8_t> key, p0, p1;
    if (vec.contains("KEY (KgNB)")) {
      key = hex(vec["KEY (KgNB)"].get<std::string>());
    } else {
      key = hex(vec["KEY (CK||IK)"].get<std::string>());
    }
    if (vec.contains("P0")) {
      p0 = hex(vec["P0"].get<std::string>());
      p1 = hex(vec["P1"].get<std::string>());
    } else {
      auto it = std::find_if(cases.begin(), cases.end(),
                             [&](const kdf_case& c) { return name.starts_with(c.name_prefix); });
      ASSERT_NE(it, cases.end()) << "no parameter mapping for this vector";
      p0 = it->p0;
      p1 = it->p1;
    }
    auto out = kdf(key, fc, {p0, p1});
    ASSERT_TRUE(out);
    EXPECT_EQ(to_hex(*out), vec["output_256"].get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 7U);
}

// RFC 4231 test case 2: an HMAC-SHA-256 value fixed outside 3GPP.
TEST(kdf, hmac_sha256_rfc4231_case_2) {
  const std::string key = "Jefe";
  const std::string data = "what do ya want for nothing?";
  auto mac = hmac_sha256({reinterpret_cast<const std::uint8_t*>(key.data()), key.size()},
                         {reinterpret_cast<const std::uint8_t*>(data.data()), data.size()});
  ASSERT_TRUE(mac);
  EXPECT_EQ(to_hex(*mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// FIPS 180-2 example "abc".
TEST(kdf, sha256_abc) {
  const std::uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(to_hex(sha256(abc).value()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(kdf, parameter_longer_than_its_length_field_is_an_error) {
  const std::vector<std::uint8_t> key(32), huge(0x10000);
  EXPECT_EQ(kdf(key, 0x6A, {huge}).error(), crypto_error::bad_input_length);
  EXPECT_TRUE(kdf(key, 0x6A, {std::span(huge).first(0xFFFF)}));
}

}  // namespace
}  // namespace glasscore::crypto
