// MILENAGE, TS 35.206 §4.1. Rotation amounts r1..r5 = 64, 0, 32, 64, 96 bits and constants
// c1..c5 = 0, 1, 2, 4, 8 (in the last byte) are the values the specification fixes.
#include "glasscore/crypto/milenage.h"

#include "aes.h"

namespace glasscore::crypto {

namespace {

using block = std::array<std::uint8_t, 16>;

block xor_blocks(const block& a, const block& b) {
  block out{};
  for (std::size_t i = 0; i < 16; ++i) {
    out[i] = a[i] ^ b[i];
  }
  return out;
}

// rot(x, r): cyclic left rotation by r bits; every r in TS 35.206 is a whole number of bytes.
block rotate_left_bytes(const block& x, unsigned bytes) {
  block out{};
  for (std::size_t i = 0; i < 16; ++i) {
    out[i] = x[(i + bytes) % 16];
  }
  return out;
}

template <std::size_t N>
expected<std::array<std::uint8_t, N>, crypto_error> fixed(byte_span in) {
  if (in.size() != N) {
    return fail(crypto_error::bad_input_length);
  }
  std::array<std::uint8_t, N> out{};
  std::copy(in.begin(), in.end(), out.begin());
  return out;
}

}  // namespace

expected<key128, crypto_error> compute_opc(byte_span k, byte_span op) {
  auto cipher = aes128::create(k);
  if (!cipher) {
    return fail(cipher.error());
  }
  auto op_block = fixed<16>(op);
  if (!op_block) {
    return fail(crypto_error::bad_key_length);
  }
  return xor_blocks(cipher->encrypt(*op_block), *op_block);
}

expected<milenage, crypto_error> milenage::create(byte_span k, byte_span opc) {
  auto cipher = aes128::create(k);
  if (!cipher) {
    return fail(cipher.error());
  }
  auto opc_block = fixed<16>(opc);
  if (!opc_block) {
    return fail(crypto_error::bad_key_length);
  }
  return milenage(*opc_block, std::make_shared<const aes128>(std::move(*cipher)));
}

// TEMP = E[RAND xor OPc]K
block milenage::temp(const rand128& rand) const {
  return cipher_->encrypt(xor_blocks(rand, opc_));
}

// OUT1 = E[TEMP xor rot(IN1 xor OPc, r1) xor c1]K xor OPc, IN1 = SQN || AMF || SQN || AMF.
block milenage::out1(const rand128& rand, byte_span sqn, byte_span amf) const {
  block in1{};
  std::copy(sqn.begin(), sqn.end(), in1.begin());
  std::copy(amf.begin(), amf.end(), in1.begin() + 6);
  std::copy(sqn.begin(), sqn.end(), in1.begin() + 8);
  std::copy(amf.begin(), amf.end(), in1.begin() + 14);
  const block t = temp(rand);
  const block rotated = rotate_left_bytes(xor_blocks(in1, opc_), 64 / 8);
  return xor_blocks(cipher_->encrypt(xor_blocks(t, rotated)), opc_);
}

// OUTn = E[rot(TEMP xor OPc, rn) xor cn]K xor OPc for n = 2..5.
block milenage::out_n(const block& t, unsigned rotate_bytes, std::uint8_t constant) const {
  block in = rotate_left_bytes(xor_blocks(t, opc_), rotate_bytes);
  in[15] ^= constant;
  return xor_blocks(cipher_->encrypt(in), opc_);
}

expected<mac64, crypto_error> milenage::f1(byte_span rand, byte_span sqn, byte_span amf) const {
  auto r = fixed<16>(rand);
  if (!r || sqn.size() != 6 || amf.size() != 2) {
    return fail(crypto_error::bad_input_length);
  }
  const block out = out1(*r, sqn, amf);
  mac64 mac{};
  std::copy_n(out.begin(), 8, mac.begin());  // f1 = OUT1[0..63]
  return mac;
}

expected<mac64, crypto_error> milenage::f1star(byte_span rand, byte_span sqn, byte_span amf) const {
  auto r = fixed<16>(rand);
  if (!r || sqn.size() != 6 || amf.size() != 2) {
    return fail(crypto_error::bad_input_length);
  }
  const block out = out1(*r, sqn, amf);
  mac64 mac{};
  std::copy_n(out.begin() + 8, 8, mac.begin());  // f1* = OUT1[64..127]
  return mac;
}

expected<milenage_outputs, crypto_error> milenage::f2345(byte_span rand) const {
  auto r = fixed<16>(rand);
  if (!r) {
    return fail(r.error());
  }
  const block t = temp(*r);
  const block out2 = out_n(t, 0, 1);
  milenage_outputs o;
  std::copy_n(out2.begin(), 6, o.ak.begin());       // f5 = OUT2[0..47]
  std::copy_n(out2.begin() + 8, 8, o.res.begin());  // f2 = OUT2[64..127]
  o.ck = out_n(t, 32 / 8, 2);                       // f3 = OUT3
  o.ik = out_n(t, 64 / 8, 4);                       // f4 = OUT4
  return o;
}

expected<ak48, crypto_error> milenage::f5star(byte_span rand) const {
  auto r = fixed<16>(rand);
  if (!r) {
    return fail(r.error());
  }
  const block out5 = out_n(temp(*r), 96 / 8, 8);
  ak48 ak{};
  std::copy_n(out5.begin(), 6, ak.begin());  // f5* = OUT5[0..47]
  return ak;
}

}  // namespace glasscore::crypto
