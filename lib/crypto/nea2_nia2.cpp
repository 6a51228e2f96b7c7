// 128-NEA2 and 128-NIA2: AES-128 in CTR mode and AES-CMAC, TS 33.401 Annex B.1.3 and B.2.3,
// applied to 5G by TS 33.501 D.2.2 / D.3.2.
#include <vector>

#include "aes.h"
#include "glasscore/crypto/nas_algorithms.h"

namespace glasscore::crypto {

namespace {
// COUNT || BEARER || DIRECTION || 0^26: the first 64 bits of the CTR counter block
// (B.1.3) and of the CMAC message (B.2.3).
void write_header(std::uint8_t* out, algorithm_input in) {
  store_be32(out, in.count);
  out[4] = static_cast<std::uint8_t>((in.bearer << 3) | (static_cast<std::uint8_t>(in.dir) << 2));
  out[5] = out[6] = out[7] = 0;
}
}  // namespace

expected<void, crypto_error> nea2(byte_span key, algorithm_input in, mutable_byte_span data,
                                  std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, data.size(), length_bits); !ok) {
    return ok;
  }
  block128 counter{};
  write_header(counter.data(), in);
  const std::size_t bytes = (length_bits + 7) / 8;
  auto region = data.first(bytes);
  if (auto ok = aes128_ctr(key, counter, region, region); !ok) {
    return ok;
  }
  if (length_bits % 8 != 0) {
    region.back() &= static_cast<std::uint8_t>(0xFF << (8 - length_bits % 8));
  }
  return {};
}

expected<mac32, crypto_error> nia2(byte_span key, algorithm_input in, byte_span message,
                                   std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, message.size(), length_bits); !ok) {
    return fail(ok.error());
  }
  auto cipher = aes128::create(key);
  if (!cipher) {
    return fail(cipher.error());
  }
  const std::size_t bytes = (length_bits + 7) / 8;
  std::vector<std::uint8_t> m(8 + bytes);
  write_header(m.data(), in);
  std::copy_n(message.begin(), bytes, m.begin() + 8);
  const block128 t = aes128_cmac_bits(*cipher, m, 64 + length_bits);
  return mac32{t[0], t[1], t[2], t[3]};
}

}  // namespace glasscore::crypto
