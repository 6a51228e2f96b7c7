// ECIES of TS 33.501 Annex C.3 (Profiles A and B of C.3.4) over OpenSSL 3: X25519 through
// EVP_PKEY, P-256 through EC_GROUP/EC_POINT (which validates points and decompresses), the
// X9.63 KDF over EVP_Digest, HMAC-SHA-256 from kdf.h, AES-128-CTR from aes.h.
#include "glasscore/crypto/ecies.h"

#include <algorithm>
#include <climits>
#include <memory>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>

#include "aes.h"
#include "glasscore/crypto/kdf.h"

namespace glasscore::crypto {

namespace {

constexpr std::size_t x25519_key_size = 32;
constexpr std::size_t p256_scalar_size = 32;
constexpr std::size_t p256_compressed_size = 33;
constexpr std::size_t p256_uncompressed_size = 65;
constexpr std::size_t sha256_size = 32;

using key32 = std::array<std::uint8_t, 32>;

struct bn_deleter {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
struct bn_ctx_deleter {
  void operator()(BN_CTX* ctx) const { BN_CTX_free(ctx); }
};
struct ec_point_deleter {
  void operator()(EC_POINT* point) const { EC_POINT_clear_free(point); }
};
struct pkey_deleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct pkey_ctx_deleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct md_ctx_deleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_deleter>;
using bn_ctx_ptr = std::unique_ptr<BN_CTX, bn_ctx_deleter>;
using ec_point_ptr = std::unique_ptr<EC_POINT, ec_point_deleter>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_deleter>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;

// Wipes a secret when it goes out of scope, whichever path leaves the function.
class scoped_cleanse {
 public:
  scoped_cleanse(void* data, std::size_t size) : data_(data), size_(size) {}
  ~scoped_cleanse() { OPENSSL_cleanse(data_, size_); }
  scoped_cleanse(const scoped_cleanse&) = delete;
  scoped_cleanse& operator=(const scoped_cleanse&) = delete;

 private:
  void* data_;
  std::size_t size_;
};

// Failures of OpenSSL calls leave entries on the thread's error queue; a later, unrelated
// OpenSSL user on the same thread (TLS) could mistake them for its own, so drop them here.
unexpected<crypto_error> openssl_fail(crypto_error e) {
  ERR_clear_error();
  return fail(e);
}

bool known_profile(ecies_profile profile) {
  return profile == ecies_profile::a || profile == ecies_profile::b;
}

// Branch-free over the contents, as some inputs are secret.
bool all_zero(byte_span bytes) {
  std::uint8_t acc = 0;
  for (std::uint8_t b : bytes) {
    acc |= b;
  }
  return acc == 0;
}

// Fetched once per process, as in aes.cpp. Both objects are immutable and shared read-only.
const EVP_MD* sha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}
const EC_GROUP* p256() {
  static EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  return group;
}

// ---- X25519 (Profile A) ----

// Any 32 bytes are an X25519 private key (RFC 7748 §5 clamps them); all zeros is refused
// as the sign of an unset configuration value.
expected<pkey_ptr, crypto_error> x25519_private(byte_span key) {
  if (key.size() != x25519_key_size) {
    return fail(crypto_error::bad_key_length);
  }
  if (all_zero(key)) {
    return fail(crypto_error::invalid_private_key);
  }
  pkey_ptr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, key.data(), key.size()));
  if (!pkey) {
    return openssl_fail(crypto_error::backend_failure);
  }
  return pkey;
}

expected<pkey_ptr, crypto_error> x25519_public(byte_span key) {
  if (key.size() != x25519_key_size) {
    return fail(crypto_error::bad_key_length);
  }
  pkey_ptr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, key.data(), key.size()));
  if (!pkey) {
    return openssl_fail(crypto_error::invalid_public_key);
  }
  return pkey;
}

// X25519(private, peer). OpenSSL itself refuses an all-zero result (a low-order peer point,
// RFC 7748 §6.1) by failing the derivation; the explicit check below does not rely on it.
// With both keys already well-formed, a failure here can only come from the peer key.
expected<key32, crypto_error> x25519_derive(EVP_PKEY* private_key, EVP_PKEY* peer) {
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new(private_key, nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) {
    return openssl_fail(crypto_error::backend_failure);
  }
  if (EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1) {
    return openssl_fail(crypto_error::invalid_public_key);
  }
  key32 secret{};
  std::size_t length = secret.size();
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &length) != 1 || length != secret.size()) {
    OPENSSL_cleanse(secret.data(), secret.size());
    return openssl_fail(crypto_error::invalid_public_key);
  }
  if (all_zero(secret)) {
    return fail(crypto_error::invalid_public_key);
  }
  return secret;
}

expected<key32, crypto_error> x25519_shared_secret(byte_span private_key, byte_span peer) {
  auto own = x25519_private(private_key);
  if (!own) {
    return fail(own.error());
  }
  auto other = x25519_public(peer);
  if (!other) {
    return fail(other.error());
  }
  return x25519_derive(own->get(), other->get());
}

expected<std::vector<std::uint8_t>, crypto_error> x25519_public_key(byte_span private_key) {
  auto own = x25519_private(private_key);
  if (!own) {
    return fail(own.error());
  }
  std::vector<std::uint8_t> out(x25519_key_size);
  std::size_t length = out.size();
  if (EVP_PKEY_get_raw_public_key(own->get(), out.data(), &length) != 1 ||
      length != x25519_key_size) {
    return openssl_fail(crypto_error::backend_failure);
  }
  return out;
}

// A point is of low order exactly when X25519 with it yields zero for every (clamped)
// scalar, since clamping makes the scalar a multiple of the cofactor 8; one fixed scalar
// therefore decides it.
expected<void, crypto_error> x25519_check_public(byte_span key) {
  static constexpr key32 probe = [] {
    key32 scalar{};
    scalar.fill(0x5a);  // any scalar will do
    return scalar;
  }();
  auto secret = x25519_shared_secret(probe, key);
  if (!secret) {
    return fail(secret.error());
  }
  OPENSSL_cleanse(secret->data(), secret->size());
  return {};
}

// ---- secp256r1 (Profile B) ----

// The private scalar, big-endian, in [1, n-1] (SEC 1 §3.2.1).
expected<bn_ptr, crypto_error> p256_scalar(const EC_GROUP* group, byte_span key) {
  if (key.size() != p256_scalar_size) {
    return fail(crypto_error::bad_key_length);
  }
  bn_ptr d(BN_secure_new());
  if (!d || BN_bin2bn(key.data(), static_cast<int>(key.size()), d.get()) == nullptr) {
    return openssl_fail(crypto_error::backend_failure);
  }
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group)) >= 0) {
    return fail(crypto_error::invalid_private_key);
  }
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

// A public key in SEC 1 §2.3.3 form, 33 bytes compressed or 65 uncompressed. The prefix is
// checked here because EC_POINT_oct2point also takes the hybrid form (0x06/0x07), which
// TS 33.501 does not allow; oct2point then checks the coordinates are below p and the point
// lies on the curve (decompressing when needed). The curve has cofactor 1, so any point on
// it other than infinity generates the full group: no small-subgroup check is needed.
expected<ec_point_ptr, crypto_error> p256_point(const EC_GROUP* group, byte_span key, BN_CTX* ctx) {
  if (key.size() == p256_compressed_size) {
    if (key[0] != 0x02 && key[0] != 0x03) {
      return fail(crypto_error::invalid_public_key);
    }
  } else if (key.size() == p256_uncompressed_size) {
    if (key[0] != 0x04) {
      return fail(crypto_error::invalid_public_key);
    }
  } else {
    return fail(crypto_error::bad_key_length);
  }
  ec_point_ptr point(EC_POINT_new(group));
  if (!point) {
    return openssl_fail(crypto_error::backend_failure);
  }
  if (EC_POINT_oct2point(group, point.get(), key.data(), key.size(), ctx) != 1 ||
      EC_POINT_is_at_infinity(group, point.get()) == 1 ||
      EC_POINT_is_on_curve(group, point.get(), ctx) != 1) {
    return openssl_fail(crypto_error::invalid_public_key);
  }
  return point;
}

// Common set-up of every P-256 operation: the group and a BN_CTX.
struct p256_context {
  const EC_GROUP* group = nullptr;
  bn_ctx_ptr ctx;
};

expected<p256_context, crypto_error> p256_begin() {
  p256_context c{p256(), bn_ctx_ptr(BN_CTX_secure_new())};
  if (c.group == nullptr || !c.ctx) {
    return openssl_fail(crypto_error::backend_failure);
  }
  return c;
}

expected<key32, crypto_error> p256_shared_secret(byte_span private_key, byte_span peer) {
  auto c = p256_begin();
  if (!c) {
    return fail(c.error());
  }
  auto d = p256_scalar(c->group, private_key);
  if (!d) {
    return fail(d.error());
  }
  auto q = p256_point(c->group, peer, c->ctx.get());
  if (!q) {
    return fail(q.error());
  }
  // SEC 1 §3.3.1: P = d * Q, Z = x_P.
  ec_point_ptr p(EC_POINT_new(c->group));
  bn_ptr x(BN_secure_new());
  bn_ptr y(BN_secure_new());
  if (!p || !x || !y ||
      EC_POINT_mul(c->group, p.get(), nullptr, q->get(), d->get(), c->ctx.get()) != 1) {
    return openssl_fail(crypto_error::backend_failure);
  }
  if (EC_POINT_is_at_infinity(c->group, p.get()) == 1) {
    return fail(crypto_error::invalid_public_key);  // unreachable for d in [1, n-1] and Q valid
  }
  key32 secret{};
  if (EC_POINT_get_affine_coordinates(c->group, p.get(), x.get(), y.get(), c->ctx.get()) != 1 ||
      BN_bn2binpad(x.get(), secret.data(), static_cast<int>(secret.size())) !=
          static_cast<int>(secret.size())) {
    OPENSSL_cleanse(secret.data(), secret.size());
    return openssl_fail(crypto_error::backend_failure);
  }
  return secret;
}

expected<std::vector<std::uint8_t>, crypto_error> p256_public_key(byte_span private_key,
                                                                  point_format format) {
  auto c = p256_begin();
  if (!c) {
    return fail(c.error());
  }
  auto d = p256_scalar(c->group, private_key);
  if (!d) {
    return fail(d.error());
  }
  ec_point_ptr q(EC_POINT_new(c->group));
  if (!q || EC_POINT_mul(c->group, q.get(), d->get(), nullptr, nullptr, c->ctx.get()) != 1) {
    return openssl_fail(crypto_error::backend_failure);
  }
  const bool compressed = format == point_format::compressed;
  std::vector<std::uint8_t> out(compressed ? p256_compressed_size : p256_uncompressed_size);
  if (EC_POINT_point2oct(c->group, q.get(),
                         compressed ? POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED,
                         out.data(), out.size(), c->ctx.get()) != out.size()) {
    return openssl_fail(crypto_error::backend_failure);
  }
  return out;
}

expected<void, crypto_error> p256_check_public(byte_span key) {
  auto c = p256_begin();
  if (!c) {
    return fail(c.error());
  }
  auto q = p256_point(c->group, key, c->ctx.get());
  if (!q) {
    return fail(q.error());
  }
  return {};
}

// ---- the scheme ----

// HMAC-SHA-256 (RFC 2104) truncated to the 64-bit MAC tag (C.3.4.1, C.3.4.2).
expected<std::array<std::uint8_t, ecies_mac_size>, crypto_error> mac_tag(
    const std::array<std::uint8_t, 32>& mac_key, byte_span ciphertext) {
  auto full = hmac_sha256(mac_key, ciphertext);
  if (!full) {
    return openssl_fail(full.error());
  }
  scoped_cleanse wipe(full->data(), full->size());
  std::array<std::uint8_t, ecies_mac_size> tag{};
  std::copy_n(full->begin(), tag.size(), tag.begin());
  return tag;
}

}  // namespace

expected<std::vector<std::uint8_t>, crypto_error> ecies_public_key(ecies_profile profile,
                                                                   byte_span private_key,
                                                                   point_format format) {
  switch (profile) {
    case ecies_profile::a:
      return x25519_public_key(private_key);
    case ecies_profile::b:
      return p256_public_key(private_key, format);
  }
  return fail(crypto_error::unsupported_scheme);
}

expected<void, crypto_error> ecies_check_public_key(ecies_profile profile, byte_span public_key) {
  switch (profile) {
    case ecies_profile::a:
      return x25519_check_public(public_key);
    case ecies_profile::b:
      return p256_check_public(public_key);
  }
  return fail(crypto_error::unsupported_scheme);
}

expected<std::array<std::uint8_t, ecies_private_key_size>, crypto_error> ecies_generate_private_key(
    ecies_profile profile) {
  if (!known_profile(profile)) {
    return fail(crypto_error::unsupported_scheme);
  }
  const EC_GROUP* group = nullptr;
  if (profile == ecies_profile::b) {
    group = p256();
    if (group == nullptr) {
      return openssl_fail(crypto_error::backend_failure);
    }
  }
  // Rejection sampling: a draw is refused with probability 2^-256 (X25519, all zeros) or
  // about 2^-32 (P-256, at or above n), so a few attempts never run out in practice.
  std::array<std::uint8_t, ecies_private_key_size> key{};
  for (int attempt = 0; attempt < 16; ++attempt) {
    if (RAND_priv_bytes(key.data(), static_cast<int>(key.size())) != 1) {
      OPENSSL_cleanse(key.data(), key.size());
      return openssl_fail(crypto_error::backend_failure);
    }
    if (profile == ecies_profile::a) {
      if (!all_zero(key)) {
        return key;
      }
      continue;
    }
    auto d = p256_scalar(group, key);
    if (d) {
      return key;
    }
    if (d.error() != crypto_error::invalid_private_key) {
      OPENSSL_cleanse(key.data(), key.size());
      return fail(d.error());
    }
  }
  OPENSSL_cleanse(key.data(), key.size());
  return fail(crypto_error::backend_failure);
}

expected<std::array<std::uint8_t, ecies_shared_secret_size>, crypto_error> ecies_shared_secret(
    ecies_profile profile, byte_span private_key, byte_span peer_public_key) {
  switch (profile) {
    case ecies_profile::a:
      return x25519_shared_secret(private_key, peer_public_key);
    case ecies_profile::b:
      return p256_shared_secret(private_key, peer_public_key);
  }
  return fail(crypto_error::unsupported_scheme);
}

expected<ecies_keys, crypto_error> ecies_kdf(byte_span shared_secret,
                                             byte_span ephemeral_public_key) {
  // SEC 1 §3.6.1: K_i = Hash(Z || Counter_i || SharedInfo), Counter_1 = 0x00000001, the
  // keying data the concatenation K_1 || K_2 || ... truncated to the length needed (64).
  std::array<std::uint8_t, 2 * sha256_size> keydata{};
  scoped_cleanse wipe(keydata.data(), keydata.size());
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  if (!ctx || sha256() == nullptr) {
    return openssl_fail(crypto_error::backend_failure);
  }
  for (std::uint32_t counter = 1; counter <= 2; ++counter) {
    std::array<std::uint8_t, 4> counter_bytes{};
    store_be32(counter_bytes.data(), counter);
    unsigned int length = 0;
    if (EVP_DigestInit_ex2(ctx.get(), sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), shared_secret.data(), shared_secret.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), counter_bytes.data(), counter_bytes.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), ephemeral_public_key.data(), ephemeral_public_key.size()) !=
            1 ||
        EVP_DigestFinal_ex(ctx.get(), keydata.data() + (counter - 1) * sha256_size, &length) != 1 ||
        length != sha256_size) {
      return openssl_fail(crypto_error::backend_failure);
    }
  }
  ecies_keys keys;
  const auto* at = keydata.data();
  std::copy_n(at, keys.enc_key.size(), keys.enc_key.begin());
  at += keys.enc_key.size();
  std::copy_n(at, keys.icb.size(), keys.icb.begin());
  at += keys.icb.size();
  std::copy_n(at, keys.mac_key.size(), keys.mac_key.begin());
  return keys;
}

expected<std::vector<std::uint8_t>, crypto_error> ecies_encrypt(ecies_profile profile,
                                                                byte_span hn_public_key,
                                                                byte_span ephemeral_private_key,
                                                                byte_span plaintext) {
  if (!known_profile(profile)) {
    return fail(crypto_error::unsupported_scheme);
  }
  if (plaintext.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(crypto_error::bad_input_length);  // beyond what the EVP interfaces take
  }
  // C.3.2: the ephemeral public key, compressed for Profile B, is sent and is SharedInfo1.
  auto ephemeral_public =
      ecies_public_key(profile, ephemeral_private_key, point_format::compressed);
  if (!ephemeral_public) {
    return fail(ephemeral_public.error());
  }
  auto secret = ecies_shared_secret(profile, ephemeral_private_key, hn_public_key);
  if (!secret) {
    return fail(secret.error());
  }
  scoped_cleanse wipe_secret(secret->data(), secret->size());
  auto keys = ecies_kdf(*secret, *ephemeral_public);
  if (!keys) {
    return fail(keys.error());
  }
  scoped_cleanse wipe_keys(&*keys, sizeof(ecies_keys));

  std::vector<std::uint8_t> out = std::move(*ephemeral_public);
  const std::size_t ciphertext_at = out.size();
  out.resize(ciphertext_at + plaintext.size() + ecies_mac_size);
  const mutable_byte_span ciphertext(out.data() + ciphertext_at, plaintext.size());
  if (auto ok = aes128_ctr(keys->enc_key, keys->icb, plaintext, ciphertext); !ok) {
    return fail(ok.error());
  }
  auto tag = mac_tag(keys->mac_key, ciphertext);
  if (!tag) {
    return fail(tag.error());
  }
  std::copy(tag->begin(), tag->end(), out.end() - static_cast<std::ptrdiff_t>(ecies_mac_size));
  return out;
}

expected<std::vector<std::uint8_t>, crypto_error> ecies_encrypt(ecies_profile profile,
                                                                byte_span hn_public_key,
                                                                byte_span plaintext) {
  auto ephemeral = ecies_generate_private_key(profile);
  if (!ephemeral) {
    return fail(ephemeral.error());
  }
  scoped_cleanse wipe(ephemeral->data(), ephemeral->size());
  return ecies_encrypt(profile, hn_public_key, *ephemeral, plaintext);
}

expected<std::vector<std::uint8_t>, crypto_error> ecies_decrypt(ecies_profile profile,
                                                                byte_span hn_private_key,
                                                                byte_span scheme_output) {
  if (!known_profile(profile)) {
    return fail(crypto_error::unsupported_scheme);
  }
  // C.3.3: split the scheme output into ephemeral public key || ciphertext || MAC tag.
  const std::size_t key_size = ecies_public_key_size(profile);
  if (scheme_output.size() < key_size + ecies_mac_size) {
    return fail(crypto_error::malformed_suci);
  }
  const byte_span ephemeral_public = scheme_output.first(key_size);
  const byte_span ciphertext =
      scheme_output.subspan(key_size, scheme_output.size() - key_size - ecies_mac_size);
  const byte_span received_tag = scheme_output.last(ecies_mac_size);
  if (ciphertext.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(crypto_error::bad_input_length);
  }

  auto secret = ecies_shared_secret(profile, hn_private_key, ephemeral_public);
  if (!secret) {
    return fail(secret.error());
  }
  scoped_cleanse wipe_secret(secret->data(), secret->size());
  auto keys = ecies_kdf(*secret, ephemeral_public);
  if (!keys) {
    return fail(keys.error());
  }
  scoped_cleanse wipe_keys(&*keys, sizeof(ecies_keys));

  // Verify before deciphering, in constant time so the comparison leaks no prefix length.
  auto tag = mac_tag(keys->mac_key, ciphertext);
  if (!tag) {
    return fail(tag.error());
  }
  if (CRYPTO_memcmp(tag->data(), received_tag.data(), ecies_mac_size) != 0) {
    return fail(crypto_error::mac_mismatch);
  }
  std::vector<std::uint8_t> plaintext(ciphertext.size());
  if (auto ok = aes128_ctr(keys->enc_key, keys->icb, ciphertext, plaintext); !ok) {
    return fail(ok.error());
  }
  return plaintext;
}

}  // namespace glasscore::crypto
