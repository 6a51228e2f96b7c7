// NAS codec and NAS security cost per message. The messages are ones another core sent
// (shared/spec/captures): a Registration request with a Profile A SUCI (registration-ecc
// frame 1296), a Registration accept (slice-paging frame 802) and a PDU session
// establishment accept with QoS rules, flow descriptions and ePCO (registration-auth
// frame 1653). Baseline: copying the same bytes, the least any decoder must do.
#include <benchmark/benchmark.h>

#include <vector>

#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/core/hex.h"

namespace {

using namespace glasscore;
using namespace glasscore::nas;

const std::vector<std::uint8_t> registration_request_bytes =
    from_hex(
        "7e00417900350199f907f0ff0101b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d"
        "8457d7ee4435e1978dc897bff24129c2e02f0f0")
        .value();
const std::vector<std::uint8_t> registration_accept_bytes =
    from_hex(
        "7e0042010177000bf299f907cafe00c000033f54074099f90700000115020101110a40010000804001009000"
        "210201005e0192")
        .value();

const std::vector<std::uint8_t> pdu_session_establishment_accept_bytes =
    from_hex(
        "2e0501c213000901000631310101ff010603f42403f424290d0300000000000000020a2d000222010179000601"
        "20410101097b00278080211002000010810608080808830608080404000d0408080808000d04080804040010"
        "020578250908696e7465726e6574")
        .value();

void decode_gsm_message(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(decode_gsm(bytes));
  }
}
BENCHMARK_CAPTURE(decode_gsm_message, pdu_session_establishment_accept,
                  pdu_session_establishment_accept_bytes);

void encode_gsm_message(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  const gsm_pdu m = decode_gsm(bytes).value();
  for (auto _ : state) {
    byte_writer w(256);
    benchmark::DoNotOptimize(encode_gsm(m, w));
    benchmark::DoNotOptimize(w.view().data());
  }
}
BENCHMARK_CAPTURE(encode_gsm_message, pdu_session_establishment_accept,
                  pdu_session_establishment_accept_bytes);

void decode_message(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(decode_gmm(bytes));
  }
}
BENCHMARK_CAPTURE(decode_message, registration_request, registration_request_bytes);
BENCHMARK_CAPTURE(decode_message, registration_accept, registration_accept_bytes);

void encode_message(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  const gmm_message m = decode_gmm(bytes).value();
  for (auto _ : state) {
    byte_writer w(128);
    benchmark::DoNotOptimize(encode_gmm(m, w));
    benchmark::DoNotOptimize(w.view().data());
  }
}
BENCHMARK_CAPTURE(encode_message, registration_request, registration_request_bytes);
BENCHMARK_CAPTURE(encode_message, registration_accept, registration_accept_bytes);

void baseline_copy(benchmark::State& state, const std::vector<std::uint8_t>& bytes) {
  for (auto _ : state) {
    std::vector<std::uint8_t> copy(bytes);
    benchmark::DoNotOptimize(copy.data());
  }
}
BENCHMARK_CAPTURE(baseline_copy, registration_request, registration_request_bytes);

void protect_unprotect(benchmark::State& state, crypto::integrity_algorithm nia,
                       crypto::cipher_algorithm nea, bool unprotect) {
  const std::array<std::uint8_t, 16> k_int{1}, k_enc{2};
  security_context sender(k_int, k_enc, nia, nea);
  security_context receiver(k_int, k_enc, nia, nea);
  for (auto _ : state) {
    auto pdu = sender.protect(registration_accept_bytes, crypto::direction::downlink, true);
    if (unprotect) {
      benchmark::DoNotOptimize(receiver.unprotect(*pdu, crypto::direction::downlink));
    }
    benchmark::DoNotOptimize(pdu);
  }
}
BENCHMARK_CAPTURE(protect_unprotect, protect_nia2_nea2, crypto::integrity_algorithm::nia2,
                  crypto::cipher_algorithm::nea2, false);
BENCHMARK_CAPTURE(protect_unprotect, protect_and_unprotect_nia2_nea2,
                  crypto::integrity_algorithm::nia2, crypto::cipher_algorithm::nea2, true);
BENCHMARK_CAPTURE(protect_unprotect, protect_nia3_nea3, crypto::integrity_algorithm::nia3,
                  crypto::cipher_algorithm::nea3, false);
BENCHMARK_CAPTURE(protect_unprotect, protect_and_unprotect_nia3_nea3,
                  crypto::integrity_algorithm::nia3, crypto::cipher_algorithm::nea3, true);

}  // namespace
