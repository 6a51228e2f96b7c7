#pragma once
/// \file
/// AES-128 building blocks over OpenSSL 3: the block cipher
/// for MILENAGE (TS 35.206) and CMAC, and CTR mode for 128-NEA2 and ECIES (TS 33.501 C.3.4).

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"

struct evp_cipher_ctx_st;

namespace glasscore::crypto {

using block128 = std::array<std::uint8_t, 16>;

/// AES-128 with its key schedule computed once, for many single-block encryptions.
class aes128 {
 public:
  /// Fails with bad_key_length unless `key` is 16 bytes.
  [[nodiscard]] static expected<aes128, crypto_error> create(byte_span key);

  [[nodiscard]] block128 encrypt(const block128& in) const;

 private:
  struct ctx_deleter {
    void operator()(evp_cipher_ctx_st* ctx) const;
  };
  explicit aes128(evp_cipher_ctx_st* ctx) : ctx_(ctx) {}
  std::unique_ptr<evp_cipher_ctx_st, ctx_deleter> ctx_;
};

/// AES-128-CTR keystream applied to `in`, written to `out` (same size; may alias), starting
/// from the 128-bit counter block `iv` and incrementing it as a 128-bit big-endian integer.
[[nodiscard]] expected<void, crypto_error> aes128_ctr(byte_span key, const block128& iv,
                                                      byte_span in, mutable_byte_span out);

/// AES-CMAC (NIST SP 800-38B) over the first `length_bits` bits of `message`, which may end
/// mid-byte: 128-NIA2 MACs bit strings (TS 33.401 B.2.3), which OpenSSL's CMAC cannot.
[[nodiscard]] block128 aes128_cmac_bits(const aes128& cipher, byte_span message,
                                        std::size_t length_bits);

}  // namespace glasscore::crypto
