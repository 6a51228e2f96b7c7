#include "glasscore/crypto/aka.h"

#include <openssl/crypto.h>

namespace glasscore::crypto {

namespace {
constexpr amf16 resync_amf{0x00, 0x00};

template <std::size_t N>
std::array<std::uint8_t, N> xor_into(byte_span a, byte_span b) {
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = a[i] ^ b[i];
  }
  return out;
}

bool equal_constant_time(byte_span a, byte_span b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

expected<he_auth_vector, crypto_error> generate_he_auth_vector(const milenage& m, byte_span rand,
                                                               byte_span sqn, byte_span amf,
                                                               std::string_view sn_name) {
  auto mac_a = m.f1(rand, sqn, amf);
  if (!mac_a) {
    return fail(mac_a.error());
  }
  auto outs = m.f2345(rand);
  if (!outs) {
    return fail(outs.error());
  }
  he_auth_vector av;
  std::copy(rand.begin(), rand.end(), av.rand.begin());
  const auto conceal = xor_into<6>(sqn, outs->ak);
  std::copy(conceal.begin(), conceal.end(), av.autn.begin());
  std::copy(amf.begin(), amf.end(), av.autn.begin() + 6);
  std::copy(mac_a->begin(), mac_a->end(), av.autn.begin() + 8);

  auto xres_star = derive_res_star(outs->ck, outs->ik, sn_name, rand, outs->res);
  auto kausf = derive_kausf(outs->ck, outs->ik, sn_name, conceal);
  if (!xres_star || !kausf) {
    return fail(!xres_star ? xres_star.error() : kausf.error());
  }
  av.xres_star = *xres_star;
  av.kausf = *kausf;
  return av;
}

expected<autn_contents, crypto_error> open_autn(const milenage& m, byte_span rand, byte_span autn) {
  if (autn.size() != 16) {
    return fail(crypto_error::bad_input_length);
  }
  auto outs = m.f2345(rand);
  if (!outs) {
    return fail(outs.error());
  }
  autn_contents c;
  c.sqn = xor_into<6>(autn.first(6), outs->ak);
  std::copy_n(autn.begin() + 6, 2, c.amf.begin());
  c.keys = *outs;
  auto xmac = m.f1(rand, c.sqn, c.amf);
  if (!xmac) {
    return fail(xmac.error());
  }
  if (!equal_constant_time(*xmac, autn.subspan(8))) {
    return fail(crypto_error::mac_mismatch);
  }
  return c;
}

expected<auts112, crypto_error> build_auts(const milenage& m, byte_span rand, byte_span sqn_ms) {
  if (sqn_ms.size() != 6) {
    return fail(crypto_error::bad_input_length);
  }
  auto ak_star = m.f5star(rand);
  auto mac_s = m.f1star(rand, sqn_ms, resync_amf);
  if (!ak_star || !mac_s) {
    return fail(!ak_star ? ak_star.error() : mac_s.error());
  }
  auts112 auts{};
  const auto conceal = xor_into<6>(sqn_ms, *ak_star);
  std::copy(conceal.begin(), conceal.end(), auts.begin());
  std::copy(mac_s->begin(), mac_s->end(), auts.begin() + 6);
  return auts;
}

expected<sqn48, crypto_error> sqn_ms_from_auts(const milenage& m, byte_span rand, byte_span auts) {
  if (auts.size() != 14) {
    return fail(crypto_error::bad_input_length);
  }
  auto ak_star = m.f5star(rand);
  if (!ak_star) {
    return fail(ak_star.error());
  }
  const sqn48 sqn_ms = xor_into<6>(auts.first(6), *ak_star);
  auto xmac_s = m.f1star(rand, sqn_ms, resync_amf);
  if (!xmac_s) {
    return fail(xmac_s.error());
  }
  if (!equal_constant_time(*xmac_s, auts.subspan(6))) {
    return fail(crypto_error::mac_mismatch);
  }
  return sqn_ms;
}

}  // namespace glasscore::crypto
