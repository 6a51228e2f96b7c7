// SNOW 3G (ETSI/SAGE UEA2&UIA2 Document 2 = TS 35.216) and the UMTS functions UEA2 f8 and
// UIA2 f9 built on it (Document 1 = TS 35.215).
//
// The S-boxes SR and SQ and the MULalpha / DIValpha tables are computed at compile time from
// their definitions in Document 2 §3 instead of being typed in as literal tables: a typo in a
// 256-entry table may only show on some inputs, a wrong definition shows on every vector.
#include "glasscore/crypto/snow3g.h"

#include "keystream.h"

#include <algorithm>
#include <bit>

namespace glasscore::crypto {

namespace {

using table8 = std::array<std::uint8_t, 256>;
using table32 = std::array<std::uint32_t, 256>;

// MULx(V, c) of Document 2 §3: V times x in GF(2)[x] modulo x^8 + c.
constexpr std::uint8_t mulx(std::uint8_t v, std::uint8_t c) {
  const auto shifted = static_cast<std::uint8_t>(v << 1);
  return (v & 0x80) != 0 ? static_cast<std::uint8_t>(shifted ^ c) : shifted;
}

// MULxPOW(V, i, c), §3: MULx applied i times, i.e. V times x^i.
constexpr std::uint8_t mulxpow(std::uint8_t v, int i, std::uint8_t c) {
  for (; i > 0; --i) {
    v = mulx(v, c);
  }
  return v;
}

// a times b modulo x^8 + c (shift and add). As MULxPOW(V, i, c) is V times x^i, it equals
// gf_mul(V, MULxPOW(1, i, c), c); computing it that way keeps the compile-time evaluation
// of the 256-entry tables small enough for clang's constexpr step limit.
constexpr std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b, std::uint8_t c) {
  std::uint8_t product = 0;
  for (int bit = 0; bit < 8; ++bit) {
    if (((b >> bit) & 1) != 0) {
      product ^= a;
    }
    a = mulx(a, c);
  }
  return product;
}

// SR, §3: the Rijndael (AES) S-box of FIPS 197 §5.1.1, the multiplicative inverse modulo
// x^8 + x^4 + x^3 + x + 1 (0 maps to 0) followed by the affine map with constant 0x63.
constexpr table8 make_sr() {
  table8 t{};
  for (int x = 0; x < 256; ++x) {
    // x^-1 = x^254 = x^2 * x^4 * ... * x^128.
    auto square = static_cast<std::uint8_t>(x);
    std::uint8_t inverse = 1;
    for (int k = 0; k < 7; ++k) {
      square = gf_mul(square, square, 0x1B);
      inverse = gf_mul(inverse, square, 0x1B);
    }
    const auto b = inverse;
    t[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(
        b ^ std::rotl(b, 1) ^ std::rotl(b, 2) ^ std::rotl(b, 3) ^ std::rotl(b, 4) ^ 0x63);
  }
  return t;
}

// SQ, §3: SQ(x) = g49(x) xor 0x25, with the Dickson polynomial
// g49(x) = x + x^9 + x^13 + x^15 + x^33 + x^41 + x^45 + x^47 + x^49 over GF(2^8) defined by
// x^8 + x^6 + x^5 + x^3 + 1 (MULx constant 0x69).
constexpr table8 make_sq() {
  constexpr std::uint8_t c = 0x69;
  table8 t{};
  for (int x = 0; x < 256; ++x) {
    const auto p1 = static_cast<std::uint8_t>(x);
    const auto p2 = gf_mul(p1, p1, c);
    const auto p4 = gf_mul(p2, p2, c);
    const auto p8 = gf_mul(p4, p4, c);
    const auto p9 = gf_mul(p8, p1, c);
    const auto p13 = gf_mul(p9, p4, c);
    const auto p15 = gf_mul(p13, p2, c);
    const auto p16 = gf_mul(p8, p8, c);
    const auto p32 = gf_mul(p16, p16, c);
    const auto p33 = gf_mul(p32, p1, c);
    const auto p41 = gf_mul(p33, p8, c);
    const auto p45 = gf_mul(p41, p4, c);
    const auto p47 = gf_mul(p45, p2, c);
    const auto p49 = gf_mul(p47, p2, c);
    t[static_cast<std::size_t>(x)] =
        static_cast<std::uint8_t>(p1 ^ p9 ^ p13 ^ p15 ^ p33 ^ p41 ^ p45 ^ p47 ^ p49 ^ 0x25);
  }
  return t;
}

constexpr bool is_permutation(const table8& t) {
  std::array<bool, 256> seen{};
  for (const auto v : t) {
    if (seen[v]) {
      return false;
    }
    seen[v] = true;
  }
  return true;
}

constexpr table8 sr_box = make_sr();
constexpr table8 sq_box = make_sq();
// FIPS 197 §5.1.1 / Figure 7 values, and SQ(0) = g49(0) xor 0x25.
static_assert(sr_box[0x00] == 0x63 && sr_box[0x01] == 0x7C && sr_box[0x53] == 0xED &&
              sr_box[0xFF] == 0x16);
static_assert(sq_box[0x00] == 0x25 && is_permutation(sr_box) && is_permutation(sq_box));

// S1 and S2 (§3, the FSM's S-boxes) are an AES-like round on the bytes w0..w3 (w0 most
// significant): r0 = 2a ^ b ^ c ^ 3d, r1 = 3a ^ 2b ^ c ^ d, r2 = a ^ 3b ^ 2c ^ d,
// r3 = a ^ b ^ 3c ^ 2d, where a..d are the S-box outputs of w0..w3 and 2v = MULx(v).
// Byte w0 contributes the word (2a, 3a, a, a); w1, w2 and w3 contribute that pattern
// rotated right by 8, 16 and 24 bits, so one table per S-box suffices.
constexpr table32 make_round_table(const table8& box, std::uint8_t c) {
  table32 t{};
  for (std::size_t i = 0; i < 256; ++i) {
    const std::uint32_t a = box[i];
    const std::uint32_t a2 = mulx(box[i], c);
    t[i] = (a2 << 24) | ((a2 ^ a) << 16) | (a << 8) | a;
  }
  return t;
}

constexpr table32 s1_table = make_round_table(sr_box, 0x1B);
constexpr table32 s2_table = make_round_table(sq_box, 0x69);

std::uint32_t s_box(const table32& t, std::uint32_t w) {
  return t[w >> 24] ^ std::rotr(t[(w >> 16) & 0xFF], 8) ^ std::rotr(t[(w >> 8) & 0xFF], 16) ^
         std::rotr(t[w & 0xFF], 24);
}

// MULalpha and DIValpha (§3, the LFSR feedback): each byte of the result is c times a power
// of x modulo x^8 + 0xA9, most significant byte first.
constexpr table32 make_alpha_table(std::array<int, 4> exponents) {
  std::array<std::uint8_t, 4> powers{};
  for (std::size_t i = 0; i < 4; ++i) {
    powers[i] = mulxpow(1, exponents[i], 0xA9);
  }
  table32 t{};
  for (std::size_t c = 0; c < 256; ++c) {
    const auto v = static_cast<std::uint8_t>(c);
    t[c] = (std::uint32_t{gf_mul(v, powers[0], 0xA9)} << 24) |
           (std::uint32_t{gf_mul(v, powers[1], 0xA9)} << 16) |
           (std::uint32_t{gf_mul(v, powers[2], 0xA9)} << 8) | gf_mul(v, powers[3], 0xA9);
  }
  return t;
}

constexpr table32 mul_alpha = make_alpha_table({23, 245, 48, 239});
constexpr table32 div_alpha = make_alpha_table({16, 39, 6, 64});

constexpr std::uint32_t all_ones = 0xFFFFFFFF;  // "1" in the key loading of §4

// Bits [offset, offset + 64) of `message` (whose bytes all carry message bits) as a big-endian
// word. Bits at or beyond `length_bits` are zero, and no byte past the span is read.
std::uint64_t load_block(byte_span message, std::size_t offset, std::size_t length_bits) {
  std::uint64_t block = 0;
  const std::size_t first = offset / 8;
  for (std::size_t i = 0; i < 8; ++i) {
    block <<= 8;
    if (first + i < message.size()) {
      block |= message[first + i];
    }
  }
  if (const std::size_t remaining = length_bits - offset; remaining < 64) {
    block &= ~std::uint64_t{0} << (64 - remaining);
  }
  return block;
}

// MUL64x and MUL64 of Document 1 §4 with c = 0x1B, i.e. multiplication in GF(2^64)
// modulo x^64 + x^4 + x^3 + x + 1.
constexpr std::uint64_t mul64x(std::uint64_t v) {
  return (v << 1) ^ ((v >> 63) != 0 ? std::uint64_t{0x1B} : std::uint64_t{0});
}

constexpr std::uint64_t mul64(std::uint64_t v, std::uint64_t p) {
  std::uint64_t product = 0;
  for (int i = 0; i < 64; ++i) {
    if (((p >> i) & 1) != 0) {
      product ^= v;  // MUL64xPOW(V, i, c)
    }
    v = mul64x(v);
  }
  return product;
}

// Document 1 (f8 §3, f9 §4): the first 32 bits of the key go to k3, the last to k0. `key`
// has been checked to hold 16 bytes.
std::array<std::uint32_t, 4> key_words(byte_span key) {
  return {load_be32(key.data() + 12), load_be32(key.data() + 8), load_be32(key.data() + 4),
          load_be32(key.data())};
}

}  // namespace

snow3g_keystream::snow3g_keystream(const std::array<std::uint32_t, 4>& key,
                                   const std::array<std::uint32_t, 4>& iv) {
  const auto [k0, k1, k2, k3] = key;
  const auto [iv0, iv1, iv2, iv3] = iv;
  // Document 2 §4, initialisation: the LFSR loading, s0 first.
  // clang-format off
  s_ = {k0 ^ all_ones, k1 ^ all_ones,       k2 ^ all_ones,       k3 ^ all_ones,
        k0,            k1,                  k2,                  k3,
        k0 ^ all_ones, k1 ^ all_ones ^ iv3, k2 ^ all_ones ^ iv2, k3 ^ all_ones,
        k0 ^ iv1,      k1,                  k2,                  k3 ^ iv0};
  // clang-format on
  // Initialisation mode: 32 clocks with the FSM output fed back into the LFSR.
  for (int i = 0; i < 32; ++i) {
    clock_lfsr(clock_fsm());
  }
  // §4, keystream generation: the first keystream-mode FSM output is discarded.
  (void)clock_fsm();
  clock_lfsr(0);
}

// §3, the LFSR clocked in keystream mode: v = (s0,1 || s0,2 || s0,3 || 0x00) xor
// MULalpha(s0,0) xor s2 xor (0x00 || s11,0 || s11,1 || s11,2) xor DIValpha(s11,3). The
// initialisation mode also XORs in the FSM output F; keystream mode passes f = 0.
void snow3g_keystream::clock_lfsr(std::uint32_t f) {
  const std::uint32_t v =
      (s_[0] << 8) ^ mul_alpha[s_[0] >> 24] ^ s_[2] ^ (s_[11] >> 8) ^ div_alpha[s_[11] & 0xFF] ^ f;
  std::copy(s_.begin() + 1, s_.end(), s_.begin());
  s_[15] = v;
}

// §3, clocking the FSM: F = (s15 + R1) xor R2; r = R2 + (R3 xor s5); R3 = S2(R2);
// R2 = S1(R1); R1 = r (additions modulo 2^32).
std::uint32_t snow3g_keystream::clock_fsm() {
  const std::uint32_t f = (s_[15] + r1_) ^ r2_;
  const std::uint32_t r = r2_ + (r3_ ^ s_[5]);
  r3_ = s_box(s2_table, r2_);
  r2_ = s_box(s1_table, r1_);
  r1_ = r;
  return f;
}

std::uint32_t snow3g_keystream::next() {
  const std::uint32_t z = clock_fsm() ^ s_[0];
  clock_lfsr(0);
  return z;
}

void snow3g_keystream::apply(mutable_byte_span data) {
  xor_keystream(*this, data);
}

expected<void, crypto_error> uea2_f8(byte_span key, std::uint32_t count, std::uint8_t bearer,
                                     direction dir, mutable_byte_span data,
                                     std::size_t length_bits) {
  if (auto ok = check_algorithm_inputs(key, algorithm_input{count, bearer, dir}, data.size(),
                                       length_bits);
      !ok) {
    return ok;
  }
  // Document 1 §3: k3 = CK[0..31], ..., k0 = CK[96..127]; IV3 = COUNT-C,
  // IV2 = BEARER || DIRECTION || 0^26, IV1 = COUNT-C, IV0 = IV2.
  const std::uint32_t iv2 = (std::uint32_t{bearer} << 27) | (static_cast<std::uint32_t>(dir) << 26);
  snow3g_keystream generator(key_words(key), {iv2, count, iv2, count});
  // Document 1 §3: KS[0..LENGTH-1] is z1 || z2 || ..., most significant bit first.
  auto region = data.first((length_bits + 7) / 8);
  generator.apply(region);
  if (length_bits % 8 != 0) {
    region.back() &= static_cast<std::uint8_t>(0xFF << (8 - length_bits % 8));
  }
  return {};
}

expected<mac32, crypto_error> uia2_f9(byte_span key, std::uint32_t count, std::uint32_t fresh,
                                      direction dir, byte_span message, std::size_t length_bits) {
  if (auto ok =
          check_algorithm_inputs(key, algorithm_input{count, 0, dir}, message.size(), length_bits);
      !ok) {
    return fail(ok.error());
  }
  // Document 1 §4: K = IK as in f8; IV3 = COUNT-I, IV2 = FRESH,
  // IV1 = COUNT-I xor DIRECTION << 31, IV0 = FRESH xor DIRECTION << 15.
  const auto d = static_cast<std::uint32_t>(dir);
  snow3g_keystream generator(key_words(key), {fresh ^ (d << 15), count ^ (d << 31), fresh, count});
  // Document 1 §4: P = z1 || z2, Q = z3 || z4; z5 masks the result.
  const std::uint64_t z1 = generator.next();
  const std::uint64_t p = (z1 << 32) | generator.next();
  const std::uint64_t z3 = generator.next();
  const std::uint64_t q = (z3 << 32) | generator.next();
  const std::uint32_t z5 = generator.next();
  // Evaluate the message, in 64-bit blocks M0..M(D-2) with the last one zero padded, as a
  // polynomial at P; then fold in LENGTH and multiply by Q.
  const byte_span bits = message.first((length_bits + 7) / 8);
  std::uint64_t eval = 0;
  for (std::size_t offset = 0; offset < length_bits; offset += 64) {
    eval = mul64(eval ^ load_block(bits, offset, length_bits), p);
  }
  eval ^= static_cast<std::uint64_t>(length_bits);
  eval = mul64(eval, q);
  mac32 mac{};
  store_be32(mac.data(), static_cast<std::uint32_t>(eval >> 32) ^ z5);
  return mac;
}

}  // namespace glasscore::crypto
