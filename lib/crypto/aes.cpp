#include "aes.h"

#include <openssl/evp.h>

namespace glasscore::crypto {

namespace {
// Explicit fetches, once per process: OpenSSL 3 would otherwise look the cipher up again on
// every context initialisation.
const EVP_CIPHER* aes_128_ecb() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr);
  return cipher;
}
const EVP_CIPHER* aes_128_ctr() {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr);
  return cipher;
}
}  // namespace

void aes128::ctx_deleter::operator()(evp_cipher_ctx_st* ctx) const {
  EVP_CIPHER_CTX_free(ctx);
}

expected<aes128, crypto_error> aes128::create(byte_span key) {
  if (key.size() != 16) {
    return fail(crypto_error::bad_key_length);
  }
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr || aes_128_ecb() == nullptr) {
    EVP_CIPHER_CTX_free(ctx);
    return fail(crypto_error::backend_failure);
  }
  aes128 out(ctx);
  if (EVP_EncryptInit_ex2(ctx, aes_128_ecb(), key.data(), nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
    return fail(crypto_error::backend_failure);
  }
  return out;
}

block128 aes128::encrypt(const block128& in) const {
  block128 out{};
  int len = 0;
  // ECB without padding on a 16-byte block with a context initialised in create(): this
  // cannot fail short of memory corruption.
  EVP_EncryptUpdate(ctx_.get(), out.data(), &len, in.data(), static_cast<int>(in.size()));
  return out;
}

expected<void, crypto_error> aes128_ctr(byte_span key, const block128& iv, byte_span in,
                                        mutable_byte_span out) {
  if (key.size() != 16) {
    return fail(crypto_error::bad_key_length);
  }
  if (out.size() != in.size()) {
    return fail(crypto_error::bad_input_length);
  }
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  int len = 0;
  if (!ctx || aes_128_ctr() == nullptr ||
      EVP_EncryptInit_ex2(ctx.get(), aes_128_ctr(), key.data(), iv.data(), nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1) {
    return fail(crypto_error::backend_failure);
  }
  return {};
}

namespace {
// Doubling in GF(2^128) for the CMAC subkeys (SP 800-38B §6.1, R128 = 0^120 || 10000111).
block128 double_block(const block128& b) {
  block128 out{};
  for (std::size_t i = 0; i < 16; ++i) {
    out[i] = static_cast<std::uint8_t>(b[i] << 1);
    if (i + 1 < 16) {
      out[i] |= static_cast<std::uint8_t>(b[i + 1] >> 7);
    }
  }
  if ((b[0] & 0x80) != 0) {
    out[15] ^= 0x87;
  }
  return out;
}
}  // namespace

block128 aes128_cmac_bits(const aes128& cipher, byte_span message, std::size_t length_bits) {
  const block128 l = cipher.encrypt(block128{});
  const block128 k1 = double_block(l);
  const block128 k2 = double_block(k1);

  // SP 800-38B §6.2: n blocks, the last one complete only if the message fills it exactly.
  const std::size_t n = length_bits == 0 ? 1 : (length_bits + 127) / 128;
  const bool last_complete = length_bits != 0 && length_bits % 128 == 0;

  block128 c{};
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = 0; j < 16; ++j) {
      c[j] ^= message[i * 16 + j];
    }
    c = cipher.encrypt(c);
  }

  // Last block: the remaining bits, then (if incomplete) a single 1 bit and zeros.
  block128 last{};
  const std::size_t done_bits = (n - 1) * 128;
  const std::size_t rest_bits = length_bits - done_bits;
  const std::size_t rest_bytes = (rest_bits + 7) / 8;
  for (std::size_t j = 0; j < rest_bytes; ++j) {
    last[j] = message[done_bits / 8 + j];
  }
  if (rest_bits % 8 != 0) {
    last[rest_bytes - 1] &= static_cast<std::uint8_t>(0xFF << (8 - rest_bits % 8));
  }
  if (!last_complete) {
    last[rest_bits / 8] |= static_cast<std::uint8_t>(0x80 >> (rest_bits % 8));
  }
  const block128& subkey = last_complete ? k1 : k2;
  for (std::size_t j = 0; j < 16; ++j) {
    c[j] ^= last[j] ^ subkey[j];
  }
  return cipher.encrypt(c);
}

}  // namespace glasscore::crypto
