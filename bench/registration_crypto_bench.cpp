// The figure an operator cares about: CPU time of all the cryptography the home network and
// AMF do for one registration. SUCI de-concealment (Profile A and B), the authentication
// vector (MILENAGE + KAUSF + XRES* + HXRES*), RES* confirmation, the key hierarchy
// (KSEAF, KAMF, KNASint, KNASenc, KgNB) and one NAS MAC (NIA2).
#include <benchmark/benchmark.h>

#include <vector>

#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/suci.h"

namespace {

using namespace glasscore::crypto;

void registration_crypto(benchmark::State& state, ecies_profile profile) {
  const std::vector<std::uint8_t> k(16, 0x46), opc(16, 0xcd), rand(16, 0x23), abba = {0, 0};
  const std::vector<std::uint8_t> sqn = {0, 0, 0, 0, 0, 0x21}, amf = {0x80, 0x00};
  const std::vector<std::uint8_t> nas = {0x00, 0x7e, 0x00, 0x43};  // SQN || Registration Complete
  const std::string sn_name = "5G:mnc001.mcc001.3gppnetwork.org";
  const auto hn_private = ecies_generate_private_key(profile).value();
  const auto scheme =
      profile == ecies_profile::a ? protection_scheme::profile_a : protection_scheme::profile_b;
  const auto concealed = conceal("imsi-001010000000001", 2, "0", scheme, 1,
                                 ecies_public_key(profile, hn_private).value())
                             .value();
  const hn_private_key_lookup lookup = [&](protection_scheme, std::uint8_t) {
    return std::optional<glasscore::byte_span>(hn_private);
  };
  const auto res_star_from_ue = [&] {
    const auto m = milenage::create(k, opc).value();
    const auto o = m.f2345(rand).value();
    return derive_res_star(o.ck, o.ik, sn_name, rand, o.res).value();
  }();

  for (auto _ : state) {
    // UDM: SIDF, then ARPF with the subscriber's keys.
    const auto supi = deconceal(concealed, lookup).value();
    const auto arpf = milenage::create(k, opc).value();
    const auto av = generate_he_auth_vector(arpf, rand, sqn, amf, sn_name).value();
    // AUSF: HXRES* for the AMF, then RES* confirmation and KSEAF.
    const auto hxres = derive_hres_star(av.rand, av.xres_star).value();
    const auto hres = derive_hres_star(av.rand, res_star_from_ue).value();
    benchmark::DoNotOptimize(hxres == hres);
    const auto kseaf = derive_kseaf(av.kausf, sn_name).value();
    // AMF: key hierarchy and the MAC of one NAS message.
    const auto kamf = derive_kamf(kseaf, supi, abba).value();
    const auto knas_int = derive_algorithm_key(kamf, algorithm_type::nas_int, 2).value();
    const auto knas_enc = derive_algorithm_key(kamf, algorithm_type::nas_enc, 2).value();
    const auto kgnb = derive_kgnb(kamf, 0, access_type::three_gpp).value();
    const auto mac = nia2(knas_int, {0, 1, direction::downlink}, nas, nas.size() * 8).value();
    benchmark::DoNotOptimize(knas_enc);
    benchmark::DoNotOptimize(kgnb);
    benchmark::DoNotOptimize(mac);
  }
}
BENCHMARK_CAPTURE(registration_crypto, suci_profile_a, ecies_profile::a)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registration_crypto, suci_profile_b, ecies_profile::b)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
