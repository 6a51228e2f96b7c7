// SUCI string form, concealment and de-concealment (TS 23.003 §2.2B, TS 33.501 §6.12.2 /
// Annex C) against shared/spec/vectors/suci_ecies.json, malformed strings and plaintexts,
// and random round trips. The SUCIs Open5GS sent are in suci_open5gs_test.cpp.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/suci.h"
#include "suci_test_support.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using namespace suci_test;
using glasscore::test::hex;

// The home network public keys of a profile in every encoding the vector file gives.
std::vector<bytes> hn_public_keys(const nlohmann::json& p) {
  if (p.contains("home_network_public_key")) {
    return {field(p, "home_network_public_key")};
  }
  return {field(p, "home_network_public_key_compressed"),
          field(p, "home_network_public_key_uncompressed")};
}

// ---- suci_ecies.json ----

struct vector_example {
  std::string suci;
  std::string supi;
  const nlohmann::json* profile;  // nullptr for the null scheme
};

std::vector<vector_example> vector_examples(const nlohmann::json& v) {
  std::vector<vector_example> out;
  for (const char* name : {"profile_A", "profile_B"}) {
    for (const auto& e : v.at(name).at("suci_string_examples")) {
      out.push_back({text(e, "suci"), text(e, "supi"), &v.at(name)});
    }
  }
  const auto& null_example = v.at("null_scheme_example");
  out.push_back({text(null_example, "suci"), text(null_example, "supi"), nullptr});
  return out;
}

// Every key of the vector file under each (scheme, key id) its examples use.
key_map vector_keys(const nlohmann::json& v) {
  key_map keys;
  for (const auto& e : vector_examples(v)) {
    if (e.profile == nullptr) {
      continue;
    }
    auto parsed = parse_suci(e.suci);
    if (parsed) {
      keys[{parsed->scheme, parsed->hn_public_key_id}] =
          field(*e.profile, "home_network_private_key");
    }
  }
  return keys;
}

TEST(SuciVectors, ParseFieldsOfTheProfileAExample) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const auto& a = v.at("profile_A");
  auto parsed = parse_suci(text(a.at("suci_string_examples").at(0), "suci"));
  ASSERT_TRUE(parsed.has_value()) << to_string(parsed.error());
  EXPECT_EQ(parsed->type, supi_type::imsi);
  EXPECT_EQ(parsed->mcc, "274");
  EXPECT_EQ(parsed->mnc, "012");
  EXPECT_EQ(parsed->routing_indicator, "678");
  EXPECT_EQ(parsed->scheme, protection_scheme::profile_a);
  EXPECT_EQ(parsed->hn_public_key_id, 27);
  EXPECT_TRUE(parsed->msin.empty());
  EXPECT_EQ(parsed->scheme_output, field(a, "scheme_output"));
}

TEST(SuciVectors, ParseAndFormatRoundTrip) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& e : vector_examples(v)) {
    auto parsed = parse_suci(e.suci);
    ASSERT_TRUE(parsed.has_value()) << e.suci << ": " << to_string(parsed.error());
    EXPECT_EQ(format_suci(*parsed).value(), e.suci);
  }
}

TEST(SuciVectors, DeconcealToTheirSupis) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const key_map keys = vector_keys(v);
  for (const auto& e : vector_examples(v)) {
    auto parsed = parse_suci(e.suci);
    ASSERT_TRUE(parsed.has_value()) << e.suci;
    auto supi = deconceal(*parsed, lookup_in(keys), null_scheme_policy::allow);
    ASSERT_TRUE(supi.has_value()) << e.suci << ": " << to_string(supi.error());
    EXPECT_EQ(*supi, e.supi) << e.suci;
  }
}

TEST(SuciVectors, SchemeInputIsTheMsinInTbcd) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const auto& input = v.at("scheme_input");
  const bytes tbcd = hex(text(input, "plaintext_block_hex"));
  for (const char* name : {"profile_A", "profile_B"}) {
    const auto& p = v.at(name);
    const auto profile = std::string(name) == "profile_A" ? ecies_profile::a : ecies_profile::b;
    auto plain =
        ecies_decrypt(profile, field(p, "home_network_private_key"), field(p, "scheme_output"));
    ASSERT_TRUE(plain.has_value()) << name;
    EXPECT_EQ(*plain, tbcd) << name;
  }
  // And the SUPIs end in the MSIN digits the note gives.
  for (const auto& e : vector_examples(v)) {
    if (e.profile != nullptr) {
      EXPECT_TRUE(e.supi.ends_with(text(input, "msin_digits"))) << e.supi;
    }
  }
}

TEST(SuciVectors, ConcealWithTheGivenEphemeralKeyReproducesTheSuci) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& e : vector_examples(v)) {
    auto parsed = parse_suci(e.suci);
    ASSERT_TRUE(parsed.has_value()) << e.suci;
    if (e.profile == nullptr) {
      auto concealed = conceal(e.supi, parsed->mnc.size(), parsed->routing_indicator,
                               protection_scheme::null_scheme, 0, {});
      ASSERT_TRUE(concealed.has_value()) << e.suci;
      EXPECT_EQ(format_suci(*concealed).value(), e.suci);
      continue;
    }
    const bytes ephemeral = field(*e.profile, "ephemeral_private_key");
    for (const bytes& hn_public : hn_public_keys(*e.profile)) {
      auto concealed =
          conceal(e.supi, parsed->mnc.size(), parsed->routing_indicator, parsed->scheme,
                  parsed->hn_public_key_id, hn_public, byte_span(ephemeral));
      ASSERT_TRUE(concealed.has_value()) << e.suci << ": " << to_string(concealed.error());
      EXPECT_EQ(*concealed, *parsed) << e.suci;
      EXPECT_EQ(format_suci(*concealed).value(), e.suci);
      EXPECT_EQ(concealed->scheme_output, field(*e.profile, "scheme_output"));
    }
  }
}

TEST(SuciVectors, NullSchemeIsRefusedUnlessAllowed) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  auto parsed = parse_suci(text(v.at("null_scheme_example"), "suci"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->msin, "00007487");
  EXPECT_TRUE(parsed->scheme_output.empty());
  const key_map none;
  auto refused = deconceal(*parsed, lookup_in(none));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), crypto_error::unsupported_scheme);
  refused = deconceal(*parsed, lookup_in(none), null_scheme_policy::reject);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(deconceal(*parsed, lookup_in(none), null_scheme_policy::allow).value(),
            text(v.at("null_scheme_example"), "supi"));
}

TEST(SuciVectors, InvalidCurvePointIsRejected) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const auto& negative = v.at("negative_example");
  // Well-formed as a string: the defect is in the cryptography.
  auto parsed = parse_suci(text(negative, "suci"));
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->scheme, protection_scheme::profile_b);
  const key_map keys = vector_keys(v);
  auto supi = deconceal(*parsed, lookup_in(keys));
  ASSERT_FALSE(supi.has_value());
  EXPECT_EQ(supi.error(), crypto_error::invalid_public_key);
  // Its ephemeral key is an uncompressed point (0x04 ...) whose coordinates are off P-256:
  // refused both for not being compressed and for not being on the curve.
  ASSERT_GE(parsed->scheme_output.size(), 65u);
  auto check = ecies_check_public_key(ecies_profile::b, byte_span(parsed->scheme_output).first(65));
  ASSERT_FALSE(check.has_value());
  EXPECT_EQ(check.error(), crypto_error::invalid_public_key);
}

// ---- malformed strings ----

TEST(SuciParse, MalformedStringsAreRejected) {
  const std::string output =
      "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87";
  const std::string a = "suci-0-208-93-0-1-1-";
  ASSERT_TRUE(parse_suci(a + output).has_value());
  ASSERT_TRUE(parse_suci("suci-0-208-93-0-0-0-00007487").has_value());
  const std::vector<std::string> malformed = {
      "", "suci", "suci-", "suci-0", "imsi-20893001002086", "SUCI-0-208-93-0-0-0-00007487",
      " suci-0-208-93-0-0-0-00007487", "suci-0-208-93-0-0-0-00007487 ",
      "suci-0-208-93-0-0-0-00007487\n",
      // too few / too many fields
      "suci-0-208-93-0-0-00007487", "suci-0-208-93-0-0", "suci-0-208-93-0-0-0-0000-7487",
      "suci-0-208-93-0-0-0-00007487-", "suci-0-208-93-0-1-1-" + output + "-00",
      "suci--0-208-93-0-0-0-00007487",
      // SUPI type
      "suci-00-208-93-0-0-0-00007487", "suci-x-208-93-0-0-0-00007487",
      "suci-8-208-93-0-0-0-00007487", "suci-9-208-93-0-0-0-00007487",
      // MCC, MNC
      "suci-0-2080-93-0-0-0-00007487", "suci-0-20-93-0-0-0-00007487",
      "suci-0-2a8-93-0-0-0-00007487", "suci-0--93-0-0-0-00007487", "suci-0-208-9-0-0-0-00007487",
      "suci-0-208-9345-0-0-0-00007487", "suci-0-208-9x-0-0-0-00007487",
      "suci-0-208--0-0-0-00007487",
      // routing indicator
      "suci-0-208-93-12345-0-0-00007487", "suci-0-208-93--0-0-00007487",
      "suci-0-208-93-a-0-0-00007487", "suci-0-208-93-+1-0-0-00007487",
      // protection scheme
      "suci-0-208-93-0--0-00007487", "suci-0-208-93-0-01-1-" + output,
      "suci-0-208-93-0-g-1-" + output, "suci-0-208-93-0-10-1-" + output,
      // key id
      "suci-0-208-93-0-1--" + output, "suci-0-208-93-0-1-256-" + output,
      "suci-0-208-93-0-1-01-" + output, "suci-0-208-93-0-1-1000-" + output,
      "suci-0-208-93-0-1-x-" + output,
      "suci-0-208-93-0-1-0-" + output,  // non-null schemes use key ids 1-255
      "suci-0-208-93-0-0-1-00007487",   // the null scheme uses key id 0
      "suci-0-208-93-0-0-00-00007487",
      // scheme output
      a,
      a + output.substr(1),  // odd hex
      a + output + "0",      // odd hex
      a + "0x" + output, a + output.substr(2) + "g0", a + output.substr(2) + " 0",
      "suci-0-208-93-0-0-0-",             // empty MSIN
      "suci-0-208-93-0-0-0-0000748a",     // non-digit MSIN
      "suci-0-208-93-0-0-0-12345678901",  // MSIN over 10 digits with a 2-digit MNC
      "suci-0-208-930-0-0-0-1234567890",  // MSIN over 9 digits with a 3-digit MNC
  };
  for (const auto& s : malformed) {
    auto parsed = parse_suci(s);
    ASSERT_FALSE(parsed.has_value()) << "accepted: '" << s << "'";
    EXPECT_EQ(parsed.error(), crypto_error::malformed_suci) << s;
  }
}

TEST(SuciParse, LongestNullSchemeMsins) {
  EXPECT_EQ(parse_suci("suci-0-208-93-0-0-0-1234567890").value().msin, "1234567890");
  EXPECT_EQ(parse_suci("suci-0-208-930-0-0-0-123456789").value().msin, "123456789");
}

TEST(SuciParse, OtherSupiTypesAreUnsupported) {
  for (const std::string s :
       {"suci-1-example.com-0-0-0-user", "suci-2-operator.com-0-0-0-x", "suci-7-a-b-c-d-e-f-g"}) {
    auto parsed = parse_suci(s);
    ASSERT_FALSE(parsed.has_value()) << s;
    EXPECT_EQ(parsed.error(), crypto_error::unsupported_scheme) << s;
  }
}

TEST(SuciParse, UpperCaseHexIsAcceptedAndFormattedLowerCase) {
  const std::string lower = "suci-0-208-93-0-2-2-039aab8376597021e855679a9778ea0b";
  std::string upper = lower;
  for (std::size_t i = std::string("suci-0-208-93-0-2-2-").size(); i < upper.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  }
  auto parsed = parse_suci(upper);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(format_suci(*parsed).value(), lower);
}

TEST(SuciParse, ProprietarySchemesParseButDoNotDeconceal) {
  // 0xC-0xF are for HPLMN proprietary schemes (TS 33.501 C.1), written as one hex digit.
  for (const std::string digit : {"3", "c", "F"}) {
    const std::string s = "suci-0-001-01-1234-" + digit + "-255-00ff";
    auto parsed = parse_suci(s);
    ASSERT_TRUE(parsed.has_value()) << s;
    EXPECT_EQ(static_cast<int>(parsed->scheme), std::stoi(digit, nullptr, 16));
    EXPECT_EQ(parsed->hn_public_key_id, 255);
    EXPECT_EQ(parsed->routing_indicator, "1234");
    std::string lower = s;
    lower[19] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[19])));
    EXPECT_EQ(format_suci(*parsed).value(), lower);
    const key_map none;
    auto supi = deconceal(*parsed, lookup_in(none));
    ASSERT_FALSE(supi.has_value());
    EXPECT_EQ(supi.error(), crypto_error::unsupported_scheme);
  }
}

TEST(SuciFormat, InvalidFieldsAreNotFormatted) {
  suci valid;
  valid.mcc = "001";
  valid.mnc = "01";
  valid.routing_indicator = "0";
  valid.scheme = protection_scheme::profile_a;
  valid.hn_public_key_id = 1;
  valid.scheme_output = {0x01, 0x02};
  ASSERT_EQ(format_suci(valid).value(), "suci-0-001-01-0-1-1-0102");

  std::vector<suci> invalid(12, valid);
  invalid[0].mcc = "01";
  invalid[1].mnc = "1";
  invalid[2].mnc = "1a";
  invalid[3].routing_indicator = "";
  invalid[4].routing_indicator = "12345";
  invalid[5].hn_public_key_id = 0;
  invalid[6].scheme_output.clear();
  invalid[7].msin = "123";  // a MSIN beside an ECIES output
  invalid[8].scheme = static_cast<protection_scheme>(16);
  invalid[9].scheme = protection_scheme::null_scheme;  // without MSIN, with an output
  invalid[10].scheme = protection_scheme::null_scheme;
  invalid[10].scheme_output.clear();
  invalid[10].msin = "123";  // key id 1 with the null scheme
  invalid[11].mcc = "0-1";
  for (std::size_t i = 0; i < invalid.size(); ++i) {
    auto formatted = format_suci(invalid[i]);
    ASSERT_FALSE(formatted.has_value()) << i << ": " << formatted.value_or("");
    EXPECT_EQ(formatted.error(), crypto_error::malformed_suci) << i;
    // De-concealment checks the same rules before touching keys.
    const key_map none;
    auto supi = deconceal(invalid[i], lookup_in(none), null_scheme_policy::allow);
    ASSERT_FALSE(supi.has_value()) << i;
    EXPECT_EQ(supi.error(), crypto_error::malformed_suci) << i;
  }
  suci nai = valid;
  nai.type = supi_type::network_specific_identifier;
  EXPECT_EQ(format_suci(nai).error(), crypto_error::unsupported_scheme);
}

// ---- de-concealment failures ----

class SuciDeconceal : public ::testing::Test {
 protected:
  void SetUp() override {
    hn_private_ = ecies_generate_private_key(ecies_profile::a).value();
    hn_public_ = ecies_public_key(ecies_profile::a, hn_private_).value();
    keys_[{protection_scheme::profile_a, 7}] = bytes(hn_private_.begin(), hn_private_.end());
  }

  // A SUCI for 001-01 whose scheme input is `plaintext`, whatever it holds.
  suci with_plaintext(const bytes& plaintext) {
    suci s;
    s.mcc = "001";
    s.mnc = "01";
    s.scheme = protection_scheme::profile_a;
    s.hn_public_key_id = 7;
    s.scheme_output = ecies_encrypt(ecies_profile::a, hn_public_, plaintext).value();
    return s;
  }

  std::array<std::uint8_t, 32> hn_private_{};
  bytes hn_public_;
  key_map keys_;
};

TEST_F(SuciDeconceal, WellFormedPlaintexts) {
  EXPECT_EQ(deconceal(with_plaintext({0x21, 0x43, 0xf5}), lookup_in(keys_)).value(),
            "imsi-00101"
            "12345");
  EXPECT_EQ(deconceal(with_plaintext({0x21, 0x43}), lookup_in(keys_)).value(),
            "imsi-00101"
            "1234");
  EXPECT_EQ(deconceal(with_plaintext({0xf9}), lookup_in(keys_)).value(),
            "imsi-00101"
            "9");
  // Ten digits: the longest MSIN beside a 2-digit MNC.
  EXPECT_EQ(deconceal(with_plaintext({0x10, 0x32, 0x54, 0x76, 0x98}), lookup_in(keys_)).value(),
            "imsi-00101"
            "0123456789");
}

TEST_F(SuciDeconceal, MalformedPlaintextsAreRejected) {
  const std::vector<bytes> malformed = {
      {},            // no digits
      {0x0a},        // low nibble not a digit
      {0xa0},        // high nibble neither digit nor final filler
      {0x1f},        // filler in the low nibble
      {0xff},        // filler only
      {0xf1, 0x23},  // filler before the last octet
      {0x21, 0xb3},
      {0x10, 0x32, 0x54, 0x76, 0x98, 0xf0},  // 11 digits: IMSI over 15
      {0x10, 0x32, 0x54, 0x76, 0x98, 0x10},  // 12 digits
  };
  for (const bytes& plaintext : malformed) {
    auto supi = deconceal(with_plaintext(plaintext), lookup_in(keys_));
    ASSERT_FALSE(supi.has_value()) << to_hex(plaintext) << " -> " << supi.value_or("");
    EXPECT_EQ(supi.error(), crypto_error::malformed_suci) << to_hex(plaintext);
  }
}

TEST_F(SuciDeconceal, UnknownKeysAndSchemes) {
  suci s = with_plaintext({0x21, 0x43});
  ASSERT_TRUE(deconceal(s, lookup_in(keys_)).has_value());

  suci other_id = s;
  other_id.hn_public_key_id = 8;
  EXPECT_EQ(deconceal(other_id, lookup_in(keys_)).error(), crypto_error::unsupported_scheme);

  suci other_scheme = s;
  other_scheme.scheme = protection_scheme::profile_b;
  EXPECT_EQ(deconceal(other_scheme, lookup_in(keys_)).error(), crypto_error::unsupported_scheme);

  suci reserved = s;
  reserved.scheme = static_cast<protection_scheme>(3);
  EXPECT_EQ(deconceal(reserved, lookup_in(keys_)).error(), crypto_error::unsupported_scheme);

  EXPECT_EQ(deconceal(s, hn_private_key_lookup{}).error(), crypto_error::unsupported_scheme);

  suci nai = s;
  nai.type = supi_type::network_specific_identifier;
  EXPECT_EQ(deconceal(nai, lookup_in(keys_)).error(), crypto_error::unsupported_scheme);
}

TEST_F(SuciDeconceal, TamperedOutputsFail) {
  const suci s = with_plaintext({0x21, 0x43});
  suci flipped = s;
  flipped.scheme_output[33] ^= 0x01;  // ciphertext
  EXPECT_EQ(deconceal(flipped, lookup_in(keys_)).error(), crypto_error::mac_mismatch);
  suci truncated = s;
  truncated.scheme_output.resize(39);
  EXPECT_EQ(deconceal(truncated, lookup_in(keys_)).error(), crypto_error::malformed_suci);
  // The same output under another PLMN still decrypts: the PLMN is not bound by the MAC
  // (C.3), and is the caller's to check against its own.
  suci moved = s;
  moved.mcc = "999";
  EXPECT_EQ(deconceal(moved, lookup_in(keys_)).value(),
            "imsi-99901"
            "1234");
}

// ---- concealment inputs ----

TEST(SuciConceal, InvalidInputsAreRejected) {
  const auto hn_private = ecies_generate_private_key(ecies_profile::a).value();
  const bytes hn_public = ecies_public_key(ecies_profile::a, hn_private).value();
  const auto a = protection_scheme::profile_a;
  struct bad_case {
    std::string supi;
    std::size_t mnc_length;
    std::string routing_indicator;
    protection_scheme scheme;
    std::uint8_t key_id;
    crypto_error expected;
  };
  const std::vector<bad_case> cases = {
      {"nai-user@example.com", 2, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-", 2, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-00101", 2, "0", a, 1, crypto_error::bad_parameter},  // no MSIN
      {"imsi-001010", 3, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-0010112345678901", 2, "0", a, 1, crypto_error::bad_parameter},  // 16 digits
      {"imsi-00101123x", 2, "0", a, 1, crypto_error::bad_parameter},
      {"IMSI-001011234", 2, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 1, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 4, "0", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "12345", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "1a", a, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "0", a, 0, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "0", protection_scheme::null_scheme, 1, crypto_error::bad_parameter},
      {"imsi-001011234", 2, "0", static_cast<protection_scheme>(3), 1,
       crypto_error::unsupported_scheme},
  };
  for (const auto& c : cases) {
    auto s = conceal(c.supi, c.mnc_length, c.routing_indicator, c.scheme, c.key_id, hn_public);
    ASSERT_FALSE(s.has_value()) << c.supi << " " << c.routing_indicator;
    EXPECT_EQ(s.error(), c.expected) << c.supi << " " << c.routing_indicator;
  }
  // Keys: wrong size, invalid point, bad ephemeral key.
  EXPECT_EQ(conceal("imsi-001011234", 2, "0", a, 1, bytes(31, 1)).error(),
            crypto_error::bad_key_length);
  EXPECT_EQ(conceal("imsi-001011234", 2, "0", a, 1, bytes(32, 0)).error(),
            crypto_error::invalid_public_key);
  bytes x_not_on_p256(33, 0x00);  // 0x02 || x = 1, which no point of P-256 has
  x_not_on_p256[0] = 0x02;
  x_not_on_p256[32] = 0x01;
  EXPECT_EQ(
      conceal("imsi-001011234", 2, "0", protection_scheme::profile_b, 1, x_not_on_p256).error(),
      crypto_error::invalid_public_key);
  const bytes zero_key(32, 0);
  EXPECT_EQ(conceal("imsi-001011234", 2, "0", a, 1, hn_public, byte_span(zero_key)).error(),
            crypto_error::invalid_private_key);
}

// ---- random round trips ----

TEST(SuciRoundTrip, RandomSupisBothProfiles) {
  std::mt19937 rng(33501);
  auto digits = [&rng](std::size_t n) {
    std::uniform_int_distribution<int> digit(0, 9);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(static_cast<char>('0' + digit(rng)));
    }
    return out;
  };
  std::uniform_int_distribution<int> key_id(1, 255);
  std::uniform_int_distribution<std::size_t> ri_length(1, 4);
  for (const auto& [scheme, profile] :
       {std::pair{protection_scheme::profile_a, ecies_profile::a},
        std::pair{protection_scheme::profile_b, ecies_profile::b}}) {
    const auto hn_private = ecies_generate_private_key(profile).value();
    for (std::size_t mnc_length : {2u, 3u}) {
      for (std::size_t msin_length = 1; msin_length <= 12 - mnc_length; ++msin_length) {
        const std::string supi = "imsi-" + digits(3 + mnc_length) + digits(msin_length);
        const std::string routing_indicator = digits(ri_length(rng));
        const auto id = static_cast<std::uint8_t>(key_id(rng));
        const auto format =
            msin_length % 2 == 0 ? point_format::compressed : point_format::uncompressed;
        const bytes hn_public = ecies_public_key(profile, hn_private, format).value();
        key_map keys{{{scheme, id}, bytes(hn_private.begin(), hn_private.end())}};

        auto concealed = conceal(supi, mnc_length, routing_indicator, scheme, id, hn_public);
        ASSERT_TRUE(concealed.has_value()) << supi << ": " << to_string(concealed.error());
        EXPECT_EQ(concealed->scheme_output.size(),
                  ecies_public_key_size(profile) + (msin_length + 1) / 2 + ecies_mac_size);
        auto text_form = format_suci(*concealed);
        ASSERT_TRUE(text_form.has_value()) << supi;
        auto parsed = parse_suci(*text_form);
        ASSERT_TRUE(parsed.has_value()) << *text_form;
        EXPECT_EQ(*parsed, *concealed);
        auto deconcealed = deconceal(*parsed, lookup_in(keys));
        ASSERT_TRUE(deconcealed.has_value())
            << *text_form << ": " << to_string(deconcealed.error());
        EXPECT_EQ(*deconcealed, supi);

        // The null scheme round-trips the same SUPI in clear.
        auto clear =
            conceal(supi, mnc_length, routing_indicator, protection_scheme::null_scheme, 0, {});
        ASSERT_TRUE(clear.has_value()) << supi;
        auto reparsed = parse_suci(format_suci(*clear).value());
        ASSERT_TRUE(reparsed.has_value());
        EXPECT_EQ(deconceal(*reparsed, lookup_in(keys), null_scheme_policy::allow).value(), supi);
      }
    }
  }
}

}  // namespace
}  // namespace glasscore::crypto