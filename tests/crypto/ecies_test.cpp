// ECIES Profiles A and B (TS 33.501 C.3.4) against the C.4 test data in
// shared/spec/vectors/suci_ecies.json, read at run time, plus the checks every input from
// the network must pass.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/ecies.h"
#include "support/vectors.h"

namespace glasscore::crypto {

// Readable failure messages for error values.
[[maybe_unused]] static void PrintTo(crypto_error e, std::ostream* os) {
  *os << to_string(e);
}

namespace {

using bytes = std::vector<std::uint8_t>;
using glasscore::test::hex;

bytes field(const nlohmann::json& object, const std::string& key) {
  return hex(object.at(key).get<std::string>());
}

template <class Container>
bytes to_bytes(const Container& c) {
  return bytes(c.begin(), c.end());
}

bytes concat(const bytes& a, const bytes& b) {
  bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// The compressed ephemeral key as sent (Profile A has only one form).
bytes sent_ephemeral_key(const nlohmann::json& p) {
  return p.contains("ephemeral_public_key") ? field(p, "ephemeral_public_key")
                                            : field(p, "ephemeral_public_key_compressed");
}

// The home network public key in every encoding the file gives.
std::vector<bytes> hn_public_keys(const nlohmann::json& p) {
  if (p.contains("home_network_public_key")) {
    return {field(p, "home_network_public_key")};
  }
  return {field(p, "home_network_public_key_compressed"),
          field(p, "home_network_public_key_uncompressed")};
}

struct profile_case {
  const char* name;
  ecies_profile profile;
};
constexpr std::array<profile_case, 2> profiles = {
    {{"profile_A", ecies_profile::a}, {"profile_B", ecies_profile::b}}};

// ---- TS 33.501 C.4 test data ----

TEST(EciesVectors, PublicKeysFromPrivateKeys) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const auto& a = v.at("profile_A");
  EXPECT_EQ(ecies_public_key(ecies_profile::a, field(a, "home_network_private_key")).value(),
            field(a, "home_network_public_key"));
  EXPECT_EQ(ecies_public_key(ecies_profile::a, field(a, "ephemeral_private_key")).value(),
            field(a, "ephemeral_public_key"));

  const auto& b = v.at("profile_B");
  for (const char* who : {"home_network", "ephemeral"}) {
    const std::string prefix(who);
    const bytes private_key = field(b, prefix + "_private_key");
    EXPECT_EQ(ecies_public_key(ecies_profile::b, private_key).value(),
              field(b, prefix + "_public_key_compressed"))
        << who;
    EXPECT_EQ(ecies_public_key(ecies_profile::b, private_key, point_format::compressed).value(),
              field(b, prefix + "_public_key_compressed"))
        << who;
    EXPECT_EQ(ecies_public_key(ecies_profile::b, private_key, point_format::uncompressed).value(),
              field(b, prefix + "_public_key_uncompressed"))
        << who;
  }
}

TEST(EciesVectors, PublicKeysOfTheFileAreValid) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    for (const bytes& key : hn_public_keys(p)) {
      EXPECT_TRUE(ecies_check_public_key(profile, key).has_value()) << name;
    }
    EXPECT_TRUE(ecies_check_public_key(profile, sent_ephemeral_key(p)).has_value()) << name;
  }
}

TEST(EciesVectors, SharedSecretsOnBothSides) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    const bytes expected = field(p, "shared_key");
    // UE side: ephemeral private key with the home network public key (either encoding).
    for (const bytes& hn_public : hn_public_keys(p)) {
      auto ue = ecies_shared_secret(profile, field(p, "ephemeral_private_key"), hn_public);
      ASSERT_TRUE(ue.has_value()) << name << ": " << to_string(ue.error());
      EXPECT_EQ(to_bytes(*ue), expected) << name;
    }
    // Home network side: its private key with the ephemeral public key as sent.
    auto hn =
        ecies_shared_secret(profile, field(p, "home_network_private_key"), sent_ephemeral_key(p));
    ASSERT_TRUE(hn.has_value()) << name << ": " << to_string(hn.error());
    EXPECT_EQ(to_bytes(*hn), expected) << name;
  }
  // The uncompressed form of the same ephemeral point gives the same secret.
  const auto& b = v.at("profile_B");
  auto hn = ecies_shared_secret(ecies_profile::b, field(b, "home_network_private_key"),
                                field(b, "ephemeral_public_key_uncompressed"));
  ASSERT_TRUE(hn.has_value());
  EXPECT_EQ(to_bytes(*hn), field(b, "shared_key"));
}

TEST(EciesVectors, KdfYieldsEncryptionKeyIcbAndMacKey) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    auto keys = ecies_kdf(field(p, "shared_key"), sent_ephemeral_key(p));
    ASSERT_TRUE(keys.has_value()) << name;
    EXPECT_EQ(to_bytes(keys->enc_key), field(p, "ephemeral_enc_key")) << name;
    EXPECT_EQ(to_bytes(keys->icb), field(p, "icb")) << name;
    EXPECT_EQ(to_bytes(keys->mac_key), field(p, "ephemeral_mac_key")) << name;
  }
  // Profile B's SharedInfo1 is the compressed key as sent: the uncompressed form of the same
  // point would give other keys (C.3.4.2).
  const auto& b = v.at("profile_B");
  auto other = ecies_kdf(field(b, "shared_key"), field(b, "ephemeral_public_key_uncompressed"));
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(to_bytes(other->enc_key), field(b, "ephemeral_enc_key"));
}

TEST(EciesVectors, EncryptWithTheGivenEphemeralKeyReproducesSchemeOutput) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const bytes scheme_input = hex(v.at("scheme_input").at("plaintext_block_hex").get<std::string>());
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    EXPECT_EQ(field(p, "plaintext_block"), scheme_input) << name;
    const bytes expected = field(p, "scheme_output");
    const bytes ciphertext = field(p, "ciphertext");
    const bytes tag = field(p, "mac_tag");
    ASSERT_EQ(expected, concat(concat(sent_ephemeral_key(p), ciphertext), tag)) << name;
    for (const bytes& hn_public : hn_public_keys(p)) {
      auto out = ecies_encrypt(profile, hn_public, field(p, "ephemeral_private_key"),
                               field(p, "plaintext_block"));
      ASSERT_TRUE(out.has_value()) << name << ": " << to_string(out.error());
      EXPECT_EQ(*out, expected) << name;
      const std::size_t key_size = ecies_public_key_size(profile);
      ASSERT_EQ(out->size(), key_size + ciphertext.size() + ecies_mac_size);
      EXPECT_EQ(bytes(out->begin() + static_cast<std::ptrdiff_t>(key_size),
                      out->end() - static_cast<std::ptrdiff_t>(ecies_mac_size)),
                ciphertext)
          << name;
      EXPECT_EQ(bytes(out->end() - static_cast<std::ptrdiff_t>(ecies_mac_size), out->end()), tag)
          << name;
    }
  }
}

TEST(EciesVectors, DecryptRecoversThePlaintext) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    auto plain =
        ecies_decrypt(profile, field(p, "home_network_private_key"), field(p, "scheme_output"));
    ASSERT_TRUE(plain.has_value()) << name << ": " << to_string(plain.error());
    EXPECT_EQ(*plain, field(p, "plaintext_block")) << name;
  }
}

// ---- scheme outputs that must be refused ----

TEST(EciesDecrypt, EveryTruncationIsRejected) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    const bytes key = field(p, "home_network_private_key");
    const bytes output = field(p, "scheme_output");
    const std::size_t minimum = ecies_public_key_size(profile) + ecies_mac_size;
    for (std::size_t n = 0; n < output.size(); ++n) {
      auto plain = ecies_decrypt(profile, key, byte_span(output).first(n));
      ASSERT_FALSE(plain.has_value()) << name << " truncated to " << n;
      // Too short to split, or split with the tag taken from the ciphertext's bytes.
      EXPECT_EQ(plain.error(),
                n < minimum ? crypto_error::malformed_suci : crypto_error::mac_mismatch)
          << name << " truncated to " << n;
    }
  }
}

TEST(EciesDecrypt, EveryFlippedBitIsRejected) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    const bytes key = field(p, "home_network_private_key");
    const bytes output = field(p, "scheme_output");
    const std::size_t key_size = ecies_public_key_size(profile);
    for (std::size_t bit = 0; bit < output.size() * 8; ++bit) {
      bytes changed = output;
      changed[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
      auto plain = ecies_decrypt(profile, key, changed);
      ASSERT_FALSE(plain.has_value()) << name << " bit " << bit;
      if (bit / 8 >= key_size) {
        // Ciphertext or tag: the MAC must catch it.
        EXPECT_EQ(plain.error(), crypto_error::mac_mismatch) << name << " bit " << bit;
      } else {
        // The ephemeral key: another point (then another MAC key) or no point at all.
        EXPECT_TRUE(plain.error() == crypto_error::mac_mismatch ||
                    plain.error() == crypto_error::invalid_public_key)
            << name << " bit " << bit << ": " << to_string(plain.error());
      }
    }
  }
}

TEST(EciesDecrypt, AnotherHomeNetworkKeyFailsTheMac) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  for (const auto& [name, profile] : profiles) {
    const auto& p = v.at(name);
    bytes key = field(p, "home_network_private_key");
    key[5] ^= 0x01;
    auto plain = ecies_decrypt(profile, key, field(p, "scheme_output"));
    ASSERT_FALSE(plain.has_value()) << name;
    EXPECT_EQ(plain.error(), crypto_error::mac_mismatch) << name;
  }
}

// ---- P-256 points ----

// The order n of P-256 and the prime p of its field.
const bytes p256_order = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const bytes p256_prime = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
// The base point G, compressed and uncompressed.
const bytes p256_g_compressed =
    hex("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
const bytes p256_g_uncompressed =
    hex("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

std::vector<bytes> invalid_p256_points() {
  std::vector<bytes> points;
  // x = 1: x^3 - 3x + b is not a square modulo p, so no point has this x.
  bytes x_not_on_curve(33, 0x00);
  x_not_on_curve[0] = 0x02;
  x_not_on_curve[32] = 0x01;
  points.push_back(x_not_on_curve);
  x_not_on_curve[0] = 0x03;
  points.push_back(x_not_on_curve);
  // Valid coordinates of G behind the wrong prefix.
  for (std::uint8_t prefix : {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff}) {
    bytes changed = p256_g_compressed;
    changed[0] = prefix;
    points.push_back(changed);
  }
  for (std::uint8_t prefix : {0x00, 0x02, 0x03, 0x05, 0x06, 0x07}) {
    bytes changed = p256_g_uncompressed;
    changed[0] = prefix;  // 0x06/0x07 would be the hybrid form, which TS 33.501 does not use
    points.push_back(changed);
  }
  // G with y changed: off the curve.
  bytes bad_y = p256_g_uncompressed;
  bad_y[64] ^= 0x01;
  points.push_back(bad_y);
  // x = p and x = 2^256 - 1: outside the field.
  points.push_back(concat({0x02}, p256_prime));
  points.push_back(concat({0x03}, bytes(32, 0xff)));
  // All zeros (would be the point (0, 0), not on the curve).
  points.push_back(concat({0x04}, bytes(64, 0x00)));
  return points;
}

TEST(EciesP256, InvalidPointsAreRejectedEverywhere) {
  const bytes private_key = hex("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda");
  const bytes plaintext = {0x00, 0x01, 0x20, 0x80, 0xf6};
  for (const bytes& point : invalid_p256_points()) {
    const std::string label = to_hex(point);
    auto check = ecies_check_public_key(ecies_profile::b, point);
    ASSERT_FALSE(check.has_value()) << label;
    EXPECT_EQ(check.error(), crypto_error::invalid_public_key) << label;

    auto secret = ecies_shared_secret(ecies_profile::b, private_key, point);
    ASSERT_FALSE(secret.has_value()) << label;
    EXPECT_EQ(secret.error(), crypto_error::invalid_public_key) << label;

    auto encrypted = ecies_encrypt(ecies_profile::b, point, private_key, plaintext);
    ASSERT_FALSE(encrypted.has_value()) << label;
    EXPECT_EQ(encrypted.error(), crypto_error::invalid_public_key) << label;

    // In a scheme output the ephemeral key is the first 33 bytes (compressed), so a 65-byte
    // encoding is read as its first 33 bytes; with prefix 0x02/0x03 those are G's x, a valid
    // point, and the output then fails on its MAC instead.
    bytes output = point;
    output.insert(output.end(), 13, 0x5a);
    const bool valid_prefix_of_g = point.size() == 65 && (point[0] == 0x02 || point[0] == 0x03);
    auto decrypted = ecies_decrypt(ecies_profile::b, private_key, output);
    ASSERT_FALSE(decrypted.has_value()) << label;
    EXPECT_EQ(decrypted.error(),
              valid_prefix_of_g ? crypto_error::mac_mismatch : crypto_error::invalid_public_key)
        << label;
  }
}

TEST(EciesP256, UncompressedEphemeralKeyInSchemeOutputIsRejected) {
  GLASSCORE_VECTORS_OR_SKIP(v, "suci_ecies.json");
  const auto& b = v.at("profile_B");
  // C.3.4.2: point compression. The same point, uncompressed, is refused by its prefix.
  const bytes output =
      concat(concat(field(b, "ephemeral_public_key_uncompressed"), field(b, "ciphertext")),
             field(b, "mac_tag"));
  auto plain = ecies_decrypt(ecies_profile::b, field(b, "home_network_private_key"), output);
  ASSERT_FALSE(plain.has_value());
  EXPECT_EQ(plain.error(), crypto_error::invalid_public_key);
}

TEST(EciesP256, PrivateKeyRange) {
  // 1 and n - 1 are the extremes of [1, n-1]: their public keys are G and -G.
  bytes one(32, 0x00);
  one[31] = 0x01;
  EXPECT_EQ(ecies_public_key(ecies_profile::b, one).value(), p256_g_compressed);
  EXPECT_EQ(ecies_public_key(ecies_profile::b, one, point_format::uncompressed).value(),
            p256_g_uncompressed);
  bytes n_minus_1 = p256_order;
  n_minus_1[31] -= 1;
  bytes minus_g = p256_g_compressed;
  minus_g[0] = 0x02;  // same x, the other y
  EXPECT_EQ(ecies_public_key(ecies_profile::b, n_minus_1).value(), minus_g);

  bytes n_plus_1 = p256_order;
  n_plus_1[31] += 1;
  for (const bytes& key : {bytes(32, 0x00), p256_order, n_plus_1, bytes(32, 0xff)}) {
    const std::string label = to_hex(key);
    auto pub = ecies_public_key(ecies_profile::b, key);
    ASSERT_FALSE(pub.has_value()) << label;
    EXPECT_EQ(pub.error(), crypto_error::invalid_private_key) << label;
    auto secret = ecies_shared_secret(ecies_profile::b, key, p256_g_compressed);
    ASSERT_FALSE(secret.has_value()) << label;
    EXPECT_EQ(secret.error(), crypto_error::invalid_private_key) << label;
    auto encrypted = ecies_encrypt(ecies_profile::b, p256_g_compressed, key, one);
    ASSERT_FALSE(encrypted.has_value()) << label;
    EXPECT_EQ(encrypted.error(), crypto_error::invalid_private_key) << label;
    bytes output = p256_g_compressed;
    output.resize(output.size() + 13, 0x00);
    auto decrypted = ecies_decrypt(ecies_profile::b, key, output);
    ASSERT_FALSE(decrypted.has_value()) << label;
    EXPECT_EQ(decrypted.error(), crypto_error::invalid_private_key) << label;
  }
}

// ---- X25519 ----

// Points of small order (RFC 7748 §6.1): 0, 1, and a point of order 8.
std::vector<bytes> low_order_x25519_points() {
  bytes one(32, 0x00);
  one[0] = 0x01;
  return {bytes(32, 0x00), one,
          hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")};
}

TEST(EciesX25519, LowOrderPointsGiveNoSharedSecret) {
  const bytes private_key = hex("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d");
  for (const bytes& point : low_order_x25519_points()) {
    const std::string label = to_hex(point);
    auto check = ecies_check_public_key(ecies_profile::a, point);
    ASSERT_FALSE(check.has_value()) << label;
    EXPECT_EQ(check.error(), crypto_error::invalid_public_key) << label;
    auto secret = ecies_shared_secret(ecies_profile::a, private_key, point);
    ASSERT_FALSE(secret.has_value()) << label;
    EXPECT_EQ(secret.error(), crypto_error::invalid_public_key) << label;
    auto encrypted = ecies_encrypt(ecies_profile::a, point, private_key, point);
    ASSERT_FALSE(encrypted.has_value()) << label;
    EXPECT_EQ(encrypted.error(), crypto_error::invalid_public_key) << label;
    bytes output = point;
    output.resize(output.size() + 13, 0x00);
    auto decrypted = ecies_decrypt(ecies_profile::a, private_key, output);
    ASSERT_FALSE(decrypted.has_value()) << label;
    EXPECT_EQ(decrypted.error(), crypto_error::invalid_public_key) << label;
  }
}

TEST(EciesX25519, AllZeroPrivateKeyIsRefused) {
  auto pub = ecies_public_key(ecies_profile::a, bytes(32, 0x00));
  ASSERT_FALSE(pub.has_value());
  EXPECT_EQ(pub.error(), crypto_error::invalid_private_key);
}

// ---- sizes and identifiers ----

TEST(EciesInputs, WrongKeySizes) {
  for (const auto& [name, profile] : profiles) {
    const bytes valid_private(32, 0x42);
    auto valid_public = ecies_public_key(profile, valid_private);
    ASSERT_TRUE(valid_public.has_value()) << name;
    const bytes plaintext = {1, 2, 3};
    for (std::size_t size : {0, 1, 31, 33, 64}) {
      const bytes key(size, 0x42);
      auto pub = ecies_public_key(profile, key);
      ASSERT_FALSE(pub.has_value()) << name << " " << size;
      EXPECT_EQ(pub.error(), crypto_error::bad_key_length) << name << " " << size;
      auto encrypted = ecies_encrypt(profile, *valid_public, key, plaintext);
      ASSERT_FALSE(encrypted.has_value()) << name << " " << size;
      EXPECT_EQ(encrypted.error(), crypto_error::bad_key_length) << name << " " << size;
      auto decrypted = ecies_decrypt(profile, key, concat(*valid_public, bytes(10, 0)));
      ASSERT_FALSE(decrypted.has_value()) << name << " " << size;
      EXPECT_EQ(decrypted.error(), crypto_error::bad_key_length) << name << " " << size;
    }
    // Public keys of the wrong size (33 and 65 are P-256 sizes, hence not listed for B).
    const std::vector<std::size_t> public_sizes =
        profile == ecies_profile::a ? std::vector<std::size_t>{0, 31, 33, 65}
                                    : std::vector<std::size_t>{0, 1, 32, 34, 64, 66};
    for (std::size_t size : public_sizes) {
      bytes key(size, 0x02);
      auto check = ecies_check_public_key(profile, key);
      ASSERT_FALSE(check.has_value()) << name << " " << size;
      EXPECT_EQ(check.error(), crypto_error::bad_key_length) << name << " " << size;
      auto encrypted = ecies_encrypt(profile, key, valid_private, plaintext);
      ASSERT_FALSE(encrypted.has_value()) << name << " " << size;
      EXPECT_EQ(encrypted.error(), crypto_error::bad_key_length) << name << " " << size;
    }
  }
}

TEST(EciesInputs, UnknownProfile) {
  const auto unknown = static_cast<ecies_profile>(3);
  const bytes key(32, 0x42);
  EXPECT_EQ(ecies_public_key(unknown, key).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_check_public_key(unknown, key).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_generate_private_key(unknown).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_shared_secret(unknown, key, key).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_encrypt(unknown, key, key, key).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_encrypt(unknown, key, key).error(), crypto_error::unsupported_scheme);
  EXPECT_EQ(ecies_decrypt(unknown, key, bytes(64, 0)).error(), crypto_error::unsupported_scheme);
}

// ---- random round trips ----

TEST(EciesRoundTrip, FreshKeysBothProfiles) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> byte_value(0, 255);
  for (const auto& [name, profile] : profiles) {
    for (int i = 0; i < 25; ++i) {
      auto hn_private = ecies_generate_private_key(profile);
      ASSERT_TRUE(hn_private.has_value()) << name;
      const auto format = i % 2 == 0 ? point_format::compressed : point_format::uncompressed;
      auto hn_public = ecies_public_key(profile, *hn_private, format);
      ASSERT_TRUE(hn_public.has_value()) << name;
      ASSERT_TRUE(ecies_check_public_key(profile, *hn_public).has_value()) << name;

      bytes plaintext(static_cast<std::size_t>(i * 3));
      for (auto& b : plaintext) {
        b = static_cast<std::uint8_t>(byte_value(rng));
      }
      auto first = ecies_encrypt(profile, *hn_public, plaintext);
      auto second = ecies_encrypt(profile, *hn_public, plaintext);
      ASSERT_TRUE(first.has_value() && second.has_value()) << name;
      ASSERT_EQ(first->size(), ecies_public_key_size(profile) + plaintext.size() + ecies_mac_size);
      // A fresh ephemeral key per concealment (C.3.2): outputs never repeat.
      EXPECT_NE(*first, *second) << name;
      for (const bytes& output : {*first, *second}) {
        auto plain = ecies_decrypt(profile, *hn_private, output);
        ASSERT_TRUE(plain.has_value()) << name << ": " << to_string(plain.error());
        EXPECT_EQ(*plain, plaintext) << name;
      }
    }
  }
}

TEST(EciesRoundTrip, GeneratedPrivateKeysDiffer) {
  for (const auto& [name, profile] : profiles) {
    auto first = ecies_generate_private_key(profile);
    auto second = ecies_generate_private_key(profile);
    ASSERT_TRUE(first.has_value() && second.has_value()) << name;
    EXPECT_NE(*first, *second) << name;
    EXPECT_TRUE(ecies_public_key(profile, *first).has_value()) << name;
  }
}

}  // namespace
}  // namespace glasscore::crypto
