// NGAP encode/decode time per message (Google Benchmark), for the three messages on the
// registration and PDU session set-up paths. Figures only; never a test.
#include <benchmark/benchmark.h>

#include "glasscore/codec/ngap/messages.h"

namespace {

using namespace glasscore;
using namespace glasscore::ngap;

const plmn_identity plmn = *make_plmn("999", "70");
const ue_ids ids{glasscore::amf_ue_ngap_id{0x0102030405}, glasscore::ran_ue_ngap_id{0x1234}};
const std::vector<std::uint8_t> nas(40, 0x7e);

ngap_pdu initial_ue_message() {
  return build_initial_ue_message(ids.ran, nas, nr_location(plmn, 1, 0x12345678),
                                  rrc_establishment_cause::mo_signalling);
}

ngap_pdu initial_context_setup_request() {
  ue_context_setup c;
  c.serving_guami = make_guami(plmn, 2, 1, 0);
  c.allowed_nssai = {make_s_nssai(1), make_s_nssai(1, 0x80)};
  c.nas = nas;
  return build_initial_context_setup_request(ids, c);
}

ngap_pdu pdu_session_resource_setup_request() {
  pdu_session_setup s;
  s.id = glasscore::pdu_session_id{1};
  s.slice = make_s_nssai(1);
  s.nas = nas;
  s.upf_ipv4 = {10, 0, 0, 1};
  s.ul_teid = glasscore::gtpu_teid{0x100};
  s.flows = {{glasscore::qos_flow_id{1}, 9}};
  return *build_pdu_session_resource_setup_request(ids, {s});
}

void encode_bench(benchmark::State& state, ngap_pdu (*make)()) {
  const ngap_pdu pdu = make();
  for (auto _ : state) {
    auto bytes = encode(pdu);
    benchmark::DoNotOptimize(bytes);
  }
}

void decode_bench(benchmark::State& state, ngap_pdu (*make)()) {
  const auto bytes = *encode(make());
  state.counters["bytes"] = static_cast<double>(bytes.size());
  for (auto _ : state) {
    auto pdu = decode<ngap_pdu>(bytes);
    benchmark::DoNotOptimize(pdu);
  }
}

BENCHMARK_CAPTURE(encode_bench, initial_ue_message, initial_ue_message);
BENCHMARK_CAPTURE(decode_bench, initial_ue_message, initial_ue_message);
BENCHMARK_CAPTURE(encode_bench, initial_context_setup_request, initial_context_setup_request);
BENCHMARK_CAPTURE(decode_bench, initial_context_setup_request, initial_context_setup_request);
BENCHMARK_CAPTURE(encode_bench, pdu_session_resource_setup_request,
                  pdu_session_resource_setup_request);
BENCHMARK_CAPTURE(decode_bench, pdu_session_resource_setup_request,
                  pdu_session_resource_setup_request);

}  // namespace
