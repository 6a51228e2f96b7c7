// 128-NEA3 and 128-NIA3: ZUC based, TS 33.501 Annex D.2 / D.3 by way of 128-EEA3 and
// 128-EIA3 (TS 33.401 B.1.4 / B.2.4; ETSI/SAGE 128-EEA3 & 128-EIA3 Document 1 = TS 35.221).
// ZUC itself is in zuc.cpp.
#include <algorithm>
#include <bit>

#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/zuc.h"

namespace glasscore::crypto {

namespace {

// Bytes [offset, offset + 4) of `bits` as a big-endian word, missing bytes read as zero so
// that nothing past the span is touched.
std::uint32_t load_word(byte_span bits, std::size_t offset) {
  if (offset + 4 <= bits.size()) {
    return load_be32(bits.data() + offset);
  }
  std::uint32_t word = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    word <<= 8;
    if (offset + i < bits.size()) {
      word |= bits[offset + i];
    }
  }
  return word;
}

}  // namespace

expected<void, crypto_error> nea3(byte_span key, algorithm_input in, mutable_byte_span data,
                                  std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, data.size(), length_bits); !ok) {
    return ok;
  }
  // Document 1 §3, initialisation: IV = COUNT (4 bytes) || BEARER || DIRECTION || 00 || 0^24,
  // twice.
  std::array<std::uint8_t, 16> iv{};
  store_be32(iv.data(), in.count);
  iv[4] = static_cast<std::uint8_t>((in.bearer << 3) | (static_cast<std::uint8_t>(in.dir) << 2));
  std::copy_n(iv.begin(), 8, iv.begin() + 8);
  zuc_keystream generator(key.first<16>(), iv);
  // §3, encryption/decryption: C = M xor KS over LENGTH bits, keystream words in order, most
  // significant bit first.
  auto region = data.first((length_bits + 7) / 8);
  generator.apply(region);
  if (length_bits % 8 != 0) {
    region.back() &= static_cast<std::uint8_t>(0xFF << (8 - length_bits % 8));
  }
  return {};
}

expected<mac32, crypto_error> nia3(byte_span key, algorithm_input in, byte_span message,
                                   std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, in, message.size(), length_bits); !ok) {
    return fail(ok.error());
  }
  // Document 1 §4, initialisation: IV0..7 = COUNT || BEARER || 000 || 0^24; IV8..15 repeat them
  // with DIRECTION xored into the top bits of IV8 and IV14.
  const auto dir_bit = static_cast<std::uint8_t>(static_cast<std::uint8_t>(in.dir) << 7);
  std::array<std::uint8_t, 16> iv{};
  store_be32(iv.data(), in.count);
  iv[4] = static_cast<std::uint8_t>(in.bearer << 3);
  std::copy_n(iv.begin(), 8, iv.begin() + 8);
  iv[8] ^= dir_bit;
  iv[14] ^= dir_bit;
  zuc_keystream generator(key.first<16>(), iv);

  // §4, keystream and MAC: with z_i the 32 keystream bits starting at bit i, T is the xor of z_i
  // over the message bits i that are 1, then of z_LENGTH; MAC = T xor z_32(L-1), where L =
  // ceil(LENGTH / 32) + 2 words are generated. Each message word j needs keystream words j and j +
  // 1, so two words are kept in a 64-bit window and no keystream is buffered.
  const byte_span bits = message.first((length_bits + 7) / 8);
  const std::size_t words = (length_bits + 31) / 32;
  std::uint32_t current = generator.next();
  std::uint32_t following = generator.next();
  std::uint32_t t = 0;
  std::uint32_t z_length = 0;
  for (std::size_t j = 0; j < words; ++j) {
    const std::uint64_t window = (std::uint64_t{current} << 32) | following;
    std::uint32_t m = load_word(bits, 4 * j);
    if (const std::size_t valid = length_bits - 32 * j; valid < 32) {
      // The last, partial word: bits beyond LENGTH do not count, and z_LENGTH starts here.
      m &= ~std::uint32_t{0} << (32 - valid);
      z_length = static_cast<std::uint32_t>(window >> (32 - valid));
    }
    while (m != 0) {
      const int bit = std::countl_zero(m);  // message bit 32j + bit is 1
      t ^= static_cast<std::uint32_t>(window >> (32 - bit));
      m ^= std::uint32_t{0x80000000} >> bit;
    }
    current = following;
    following = generator.next();
  }
  if (length_bits % 32 == 0) {
    z_length = current;  // z_LENGTH is word LENGTH / 32, aligned
  }
  t ^= z_length;
  t ^= following;  // word L - 1, i.e. z_32(L-1)
  mac32 mac{};
  store_be32(mac.data(), t);
  return mac;
}

}  // namespace glasscore::crypto
