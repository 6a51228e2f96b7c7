// The SUCIs another core (Open5GS) sent in shared/spec/captures: the ones listed in
// 5g_key_chain_from_peer.json and every SUCI string of registration-ecc.pcapng, de-concealed
// with the home network keys of captures/keys/ (read here from their PEM/DER files).
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

bool is_hex_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ---- reading the capture's key files (PEM around DER), enough for these two formats ----

bytes base64_decode(std::string_view text) {
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') {
      break;
    }
    const auto value = alphabet.find(c);
    if (value == std::string_view::npos) {
      continue;  // line breaks
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

// The DER contents of the PEM block with this label, or the file itself if it is DER.
std::optional<bytes> pem_or_der(const std::string& file, std::string_view label) {
  if (file.find("-----BEGIN") == std::string::npos) {
    return bytes(file.begin(), file.end());
  }
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  const auto from = file.find(begin);
  const auto to = file.find(end);
  if (from == std::string::npos || to == std::string::npos || to < from) {
    return std::nullopt;
  }
  return base64_decode(
      std::string_view(file).substr(from + begin.size(), to - from - begin.size()));
}

struct tlv {
  std::uint8_t tag;
  byte_span value;
};

// The TLVs directly inside `data` (definite lengths up to 2 octets); empty if malformed.
std::vector<tlv> der_children(byte_span data) {
  std::vector<tlv> out;
  std::size_t i = 0;
  while (i < data.size()) {
    if (i + 2 > data.size()) {
      return {};
    }
    const std::uint8_t tag = data[i++];
    std::size_t length = data[i++];
    if ((length & 0x80) != 0) {
      const std::size_t octets = length & 0x7f;
      if (octets == 0 || octets > 2 || i + octets > data.size()) {
        return {};
      }
      length = 0;
      for (std::size_t k = 0; k < octets; ++k) {
        length = (length << 8) | data[i++];
      }
    }
    if (length > data.size() - i) {
      return {};
    }
    out.push_back({tag, data.subspan(i, length)});
    i += length;
  }
  return out;
}

// RFC 8410 PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.110 }, OCTET STRING {
// OCTET STRING (32) } }.
std::optional<bytes> x25519_private_key_from(const bytes& der) {
  const auto top = der_children(der);
  if (top.size() != 1 || top[0].tag != 0x30) {
    return std::nullopt;
  }
  const auto info = der_children(top[0].value);
  if (info.size() < 3 || info[1].tag != 0x30 || info[2].tag != 0x04) {
    return std::nullopt;
  }
  const auto algorithm = der_children(info[1].value);
  if (algorithm.empty() ||
      bytes(algorithm[0].value.begin(), algorithm[0].value.end()) != bytes{0x2b, 0x65, 0x6e}) {
    return std::nullopt;
  }
  const auto key = der_children(info[2].value);
  if (key.size() != 1 || key[0].tag != 0x04 || key[0].value.size() != 32) {
    return std::nullopt;
  }
  return bytes(key[0].value.begin(), key[0].value.end());
}

// RFC 5915 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (32), [0] { OID prime256v1 },
// [1] { BIT STRING public key } }. Returns the private key and the public key it lists.
std::optional<std::pair<bytes, bytes>> p256_private_key_from(const bytes& der) {
  const auto top = der_children(der);
  if (top.size() != 1 || top[0].tag != 0x30) {
    return std::nullopt;
  }
  const auto fields = der_children(top[0].value);
  if (fields.size() != 4 || fields[1].tag != 0x04 || fields[2].tag != 0xa0 ||
      fields[3].tag != 0xa1) {
    return std::nullopt;
  }
  const auto curve = der_children(fields[2].value);
  const bytes prime256v1 = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  if (curve.size() != 1 || bytes(curve[0].value.begin(), curve[0].value.end()) != prime256v1) {
    return std::nullopt;
  }
  const auto public_key = der_children(fields[3].value);
  if (public_key.size() != 1 || public_key[0].tag != 0x03 || public_key[0].value.empty() ||
      public_key[0].value[0] != 0x00) {
    return std::nullopt;
  }
  return std::pair{bytes(fields[1].value.begin(), fields[1].value.end()),
                   bytes(public_key[0].value.begin() + 1, public_key[0].value.end())};
}

// The home network private keys of the Open5GS captures: Profile A key id 1 and Profile B
// key id 2 (captures/README.md). Checks the P-256 key's listed public key on the way.
std::optional<key_map> open5gs_keys() {
  auto a_path = test::shared_file("spec/captures/keys/curve25519-1.key");
  auto b_path = test::shared_file("spec/captures/keys/secp256r1-2.key");
  if (!a_path || !b_path) {
    return std::nullopt;
  }
  auto a_file = read_file(*a_path);
  auto b_file = read_file(*b_path);
  if (!a_file || !b_file) {
    ADD_FAILURE() << "cannot read the capture key files";
    return std::nullopt;
  }
  auto a_der = pem_or_der(*a_file, "PRIVATE KEY");
  auto b_der = pem_or_der(*b_file, "EC PRIVATE KEY");
  auto a_key = a_der ? x25519_private_key_from(*a_der) : std::nullopt;
  auto b_key = b_der ? p256_private_key_from(*b_der) : std::nullopt;
  if (!a_key || !b_key) {
    ADD_FAILURE() << "capture key files are not the expected PKCS#8 X25519 / SEC1 P-256 keys";
    return std::nullopt;
  }
  EXPECT_EQ(ecies_public_key(ecies_profile::b, b_key->first, point_format::uncompressed).value(),
            b_key->second)
      << "public key derived from secp256r1-2.key differs from the one the file lists";
  return key_map{{{protection_scheme::profile_a, 1}, *a_key},
                 {{protection_scheme::profile_b, 2}, b_key->first}};
}

// ---- the Open5GS captures ----

TEST(SuciOpen5gs, CaseSucisParseAndDeconceal) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  auto keys = open5gs_keys();
  if (!keys) {
    GTEST_SKIP() << "shared/spec/captures/keys not found";
  }
  int null_scheme = 0;
  int profile_a = 0;
  for (const auto& c : v.at("cases")) {
    if (!c.contains("SUCI_SBI_string")) {
      continue;
    }
    const std::string suci_text = text(c.at("SUCI_SBI_string"), "value");
    const std::string supi = text(c.at("SUPI"), "value");
    auto parsed = parse_suci(suci_text);
    ASSERT_TRUE(parsed.has_value()) << suci_text << ": " << to_string(parsed.error());
    EXPECT_EQ(format_suci(*parsed).value(), suci_text);
    auto deconcealed = deconceal(*parsed, lookup_in(*keys), null_scheme_policy::allow);
    ASSERT_TRUE(deconcealed.has_value()) << suci_text << ": " << to_string(deconcealed.error());
    EXPECT_EQ(*deconcealed, supi) << suci_text;
    null_scheme += parsed->scheme == protection_scheme::null_scheme ? 1 : 0;
    profile_a += parsed->scheme == protection_scheme::profile_a ? 1 : 0;

    if (c.contains("SUCI_as_sent")) {
      // The fields tshark decoded from the NAS 5GS mobile identity.
      const auto& d = c.at("SUCI_as_sent").at("decoded");
      EXPECT_EQ(text(d, "suci_string"), suci_text);
      EXPECT_EQ(parsed->mcc, text(d, "mcc"));
      EXPECT_EQ(parsed->mnc, text(d, "mnc"));
      EXPECT_EQ(parsed->routing_indicator, text(d, "routing_indicator"));
      EXPECT_EQ(static_cast<int>(parsed->scheme), d.at("protection_scheme").get<int>());
      EXPECT_EQ(parsed->hn_public_key_id, d.at("hn_key_id").get<int>());
      if (parsed->scheme != protection_scheme::null_scheme) {
        EXPECT_EQ(parsed->scheme_output, hex(text(d, "scheme_output")));
      }
    }
    if (parsed->scheme == protection_scheme::null_scheme) {
      // Null scheme in the SBI string: the MSIN digits, the same SUPI as conceal() gives.
      auto concealed = conceal(supi, parsed->mnc.size(), parsed->routing_indicator,
                               protection_scheme::null_scheme, 0, {});
      ASSERT_TRUE(concealed.has_value());
      EXPECT_EQ(format_suci(*concealed).value(), suci_text);
    }
  }
  EXPECT_GT(null_scheme, 0);
  EXPECT_GT(profile_a, 0);
}

// The intermediate values the vector file notes for the Profile A SUCI of registration-ecc.
TEST(SuciOpen5gs, ProfileAIntermediateValues) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  auto keys = open5gs_keys();
  if (!keys) {
    GTEST_SKIP() << "shared/spec/captures/keys not found";
  }
  bool found = false;
  for (const auto& c : v.at("cases")) {
    if (!c.contains("SUCI_deconcealment_profile_A")) {
      continue;
    }
    found = true;
    const auto& d = c.at("SUCI_deconcealment_profile_A");
    // "eph_pub <hex> ciphertext <hex> mac_tag <hex> (...); enc_key <hex> icb <hex> mac_key <hex>"
    std::map<std::string, bytes> noted;
    std::istringstream words(text(d, "note"));
    std::string word;
    std::string previous;
    while (words >> word) {
      if (previous == "eph_pub" || previous == "ciphertext" || previous == "mac_tag" ||
          previous == "enc_key" || previous == "icb" || previous == "mac_key") {
        noted[previous] = hex(word);
      }
      previous = word;
    }
    ASSERT_EQ(noted.size(), 6u) << "note format changed: " << text(d, "note");
    const bytes& hn_private = keys->at({protection_scheme::profile_a, 1});
    auto secret = ecies_shared_secret(ecies_profile::a, hn_private, noted["eph_pub"]);
    ASSERT_TRUE(secret.has_value());
    auto derived = ecies_kdf(*secret, noted["eph_pub"]);
    ASSERT_TRUE(derived.has_value());
    EXPECT_EQ(bytes(derived->enc_key.begin(), derived->enc_key.end()), noted["enc_key"]);
    EXPECT_EQ(bytes(derived->icb.begin(), derived->icb.end()), noted["icb"]);
    EXPECT_EQ(bytes(derived->mac_key.begin(), derived->mac_key.end()), noted["mac_key"]);

    bytes output = noted["eph_pub"];
    output.insert(output.end(), noted["ciphertext"].begin(), noted["ciphertext"].end());
    output.insert(output.end(), noted["mac_tag"].begin(), noted["mac_tag"].end());
    auto parsed = parse_suci(text(c.at("SUCI_SBI_string"), "value"));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->scheme_output, output);
    EXPECT_TRUE(ecies_decrypt(ecies_profile::a, hn_private, output).has_value());
    EXPECT_TRUE(text(c.at("SUPI"), "value").ends_with(text(d, "value")));
  }
  EXPECT_TRUE(found);
}

// Every SUCI string in the registration-ecc capture (SBI bodies carry them in clear): the
// Profile A one (key id 1) and the Profile B one (key id 2) the JSON does not list.
TEST(SuciOpen5gs, EverySuciOfTheEccCaptureDeconceals) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  auto capture = test::shared_file("spec/captures/registration-ecc.pcapng");
  auto keys = open5gs_keys();
  if (!capture || !keys) {
    GTEST_SKIP() << "shared/spec/captures not found";
  }
  std::string supi;
  for (const auto& c : v.at("cases")) {
    if (c.contains("capture") && text(c, "capture") == "registration-ecc.pcapng") {
      supi = text(c.at("SUPI"), "value");
    }
  }
  ASSERT_FALSE(supi.empty());
  auto content = read_file(*capture);
  ASSERT_TRUE(content.has_value());

  std::set<std::string> sucis;
  for (auto at = content->find("suci-"); at != std::string::npos;
       at = content->find("suci-", at + 1)) {
    std::size_t end = at + 5;
    while (end < content->size() && ((*content)[end] == '-' || is_hex_char((*content)[end]))) {
      ++end;
    }
    sucis.insert(content->substr(at, end - at));
  }
  std::set<protection_scheme> schemes;
  for (const auto& s : sucis) {
    auto parsed = parse_suci(s);
    ASSERT_TRUE(parsed.has_value()) << s << ": " << to_string(parsed.error());
    schemes.insert(parsed->scheme);
    auto deconcealed = deconceal(*parsed, lookup_in(*keys));
    ASSERT_TRUE(deconcealed.has_value()) << s << ": " << to_string(deconcealed.error());
    EXPECT_EQ(*deconcealed, supi) << s;
  }
  EXPECT_TRUE(schemes.contains(protection_scheme::profile_a));
  EXPECT_TRUE(schemes.contains(protection_scheme::profile_b));
}

}  // namespace
}  // namespace glasscore::crypto
