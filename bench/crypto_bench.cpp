// Cost of each security primitive, with OpenSSL doing the nearest plain operation as the
// baseline in the same run (scripts/run-benchmarks prints the ratios).
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/kdf.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/suci.h"

namespace {

using namespace glasscore::crypto;

const std::vector<std::uint8_t> key16(16, 0x42);
const std::vector<std::uint8_t> key32(32, 0x42);
const std::vector<std::uint8_t> rand16(16, 0x23);
const std::vector<std::uint8_t> sqn6 = {0, 0, 0, 0, 0, 0x21};
const std::vector<std::uint8_t> amf2 = {0x80, 0x00};

void milenage_f1(benchmark::State& state) {
  const auto m = milenage::create(key16, key16).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.f1(rand16, sqn6, amf2));
  }
}
BENCHMARK(milenage_f1);

void milenage_f2345(benchmark::State& state) {
  const auto m = milenage::create(key16, key16).value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.f2345(rand16));
  }
}
BENCHMARK(milenage_f2345);

void baseline_openssl_aes128_block(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex2(ctx, EVP_aes_128_ecb(), key16.data(), nullptr, nullptr);
  std::uint8_t out[32];
  int len = 0;
  for (auto _ : state) {
    EVP_EncryptUpdate(ctx, out, &len, rand16.data(), 16);
    benchmark::DoNotOptimize(out);
  }
  EVP_CIPHER_CTX_free(ctx);
}
BENCHMARK(baseline_openssl_aes128_block);

void kdf_kausf_sized(benchmark::State& state) {
  const std::string sn = "5G:mnc001.mcc001.3gppnetwork.org";
  const glasscore::byte_span sn_bytes(reinterpret_cast<const std::uint8_t*>(sn.data()), sn.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(kdf(key32, 0x6A, {sn_bytes, sqn6}));
  }
}
BENCHMARK(kdf_kausf_sized);

void baseline_openssl_hmac_sha256(benchmark::State& state) {
  std::uint8_t input[1 + 32 + 2 + 6 + 2] = {0x6A};
  std::uint8_t out[32];
  unsigned int len = 0;
  for (auto _ : state) {
    HMAC(EVP_sha256(), key32.data(), 32, input, sizeof(input), out, &len);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(baseline_openssl_hmac_sha256);

void nia(benchmark::State& state, integrity_algorithm alg) {
  const std::vector<std::uint8_t> msg(static_cast<std::size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    benchmark::DoNotOptimize(integrity(alg, key16, {1, 1, direction::uplink}, msg, msg.size() * 8));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * msg.size()));
}
BENCHMARK_CAPTURE(nia, nia1, integrity_algorithm::nia1)->Arg(64)->Arg(1024);
BENCHMARK_CAPTURE(nia, nia2, integrity_algorithm::nia2)->Arg(64)->Arg(1024);
BENCHMARK_CAPTURE(nia, nia3, integrity_algorithm::nia3)->Arg(64)->Arg(1024);

void nea(benchmark::State& state, cipher_algorithm alg) {
  std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    benchmark::DoNotOptimize(cipher(alg, key16, {1, 1, direction::uplink}, data, data.size() * 8));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK_CAPTURE(nea, nea1, cipher_algorithm::nea1)->Arg(64)->Arg(1024);
BENCHMARK_CAPTURE(nea, nea2, cipher_algorithm::nea2)->Arg(64)->Arg(1024);
BENCHMARK_CAPTURE(nea, nea3, cipher_algorithm::nea3)->Arg(64)->Arg(1024);

void baseline_openssl_aes128_ctr(benchmark::State& state) {
  std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 0x5a);
  const std::uint8_t iv[16] = {};
  int len = 0;
  for (auto _ : state) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex2(ctx, EVP_aes_128_ctr(), key16.data(), iv, nullptr);
    EVP_EncryptUpdate(ctx, data.data(), &len, data.data(), static_cast<int>(data.size()));
    EVP_CIPHER_CTX_free(ctx);
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(baseline_openssl_aes128_ctr)->Arg(64)->Arg(1024);

void suci_deconceal(benchmark::State& state, ecies_profile profile) {
  const auto hn_private = ecies_generate_private_key(profile).value();
  const auto hn_public = ecies_public_key(profile, hn_private).value();
  const auto scheme =
      profile == ecies_profile::a ? protection_scheme::profile_a : protection_scheme::profile_b;
  const auto concealed = conceal("imsi-001010000000001", 2, "0", scheme, 1, hn_public).value();
  const hn_private_key_lookup lookup = [&](protection_scheme, std::uint8_t) {
    return std::optional<glasscore::byte_span>(hn_private);
  };
  for (auto _ : state) {
    benchmark::DoNotOptimize(deconceal(concealed, lookup));
  }
}
BENCHMARK_CAPTURE(suci_deconceal, profile_a, ecies_profile::a);
BENCHMARK_CAPTURE(suci_deconceal, profile_b, ecies_profile::b);

void suci_conceal(benchmark::State& state, ecies_profile profile) {
  const auto hn_public =
      ecies_public_key(profile, ecies_generate_private_key(profile).value()).value();
  const auto scheme =
      profile == ecies_profile::a ? protection_scheme::profile_a : protection_scheme::profile_b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(conceal("imsi-001010000000001", 2, "0", scheme, 1, hn_public));
  }
}
BENCHMARK_CAPTURE(suci_conceal, profile_a, ecies_profile::a);
BENCHMARK_CAPTURE(suci_conceal, profile_b, ecies_profile::b);

}  // namespace
