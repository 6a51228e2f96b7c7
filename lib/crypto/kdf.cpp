#include "glasscore/crypto/kdf.h"

#include <memory>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace glasscore::crypto {

namespace {
// Fetched once per process; a per-call implicit fetch costs more than the HMAC itself.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}
const EVP_MD* sha256_algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}
}  // namespace

expected<digest256, crypto_error> hmac_sha256(byte_span key, byte_span data) {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(
      hmac_algorithm() == nullptr ? nullptr : EVP_MAC_CTX_new(hmac_algorithm()), &EVP_MAC_CTX_free);
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  digest256 out{};
  std::size_t out_len = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out.data(), &out_len, out.size()) != 1 || out_len != out.size()) {
    return fail(crypto_error::backend_failure);
  }
  return out;
}

expected<digest256, crypto_error> sha256(byte_span data) {
  digest256 out{};
  unsigned int out_len = 0;
  if (sha256_algorithm() == nullptr || EVP_Digest(data.data(), data.size(), out.data(), &out_len,
                                                  sha256_algorithm(), nullptr) != 1) {
    return fail(crypto_error::backend_failure);
  }
  return out;
}

expected<key256, crypto_error> kdf(byte_span key, std::uint8_t fc,
                                   std::initializer_list<byte_span> params) {
  std::size_t total = 1;
  for (byte_span p : params) {
    if (p.size() > 0xFFFF) {
      return fail(crypto_error::bad_input_length);
    }
    total += p.size() + 2;
  }
  byte_writer s(total);
  s.write_u8(fc);
  for (byte_span p : params) {
    s.write_bytes(p);
    s.write_u16(static_cast<std::uint16_t>(p.size()));
  }
  return hmac_sha256(key, s.view());
}

}  // namespace glasscore::crypto
