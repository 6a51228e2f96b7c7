// Fuzz target for the PDU session SBI bodies (DESIGN.md §5): multipart/related decoding
// (RFC 2046 §5.1, TS 29.500 §6.1.2.4) and the Nsmf_PDUSession, Namf_Communication N1N2,
// Npcf_SMPolicyControl and Npcf_AMPolicyControl model decoders. Properties checked: no
// crash; a body that decodes re-encodes to one that decodes to the same value (models and
// multipart alike). The first input byte picks the entry point:
//   0: the rest is JSON, fed to every model decoder;
//   1: the rest is "<Content-Type header>\n<multipart body>"; the JSON root part, if any,
//      is then fed to every model decoder;
//   2: the rest is a BitRate string;
//   3: a request to the PCF's routes (sans-I/O): the next byte picks the method, then the
//      path up to '\n', then the body. Every request must be answered exactly once.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "glasscore/nf/pcf/pcf_service.h"
#include "glasscore/sbi/amf_comm_models.h"
#include "glasscore/sbi/bit_rate.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/smf_models.h"

namespace {

using namespace glasscore;

template <class Decode>
void round_trip(const nlohmann::json& j, Decode decode) {
  auto v = decode(j, std::string());
  if (!v) {
    return;
  }
  auto text = sbi::parse_json(sbi::to_text(sbi::to_json(*v)));
  if (!text) {
    __builtin_trap();  // the encoder wrote something that is not JSON
  }
  auto again = decode(*text, std::string());
  if (!again || !(*again == *v)) {
    __builtin_trap();  // encoder and decoder disagree
  }
}

#define GLASSCORE_ROUND_TRIP(fn) \
  round_trip(j, [](const auto& x, const std::string& p) { return sbi::fn(x, p); })

void run_models(std::string_view text) {
  auto parsed = sbi::parse_json(text);
  if (!parsed) {
    return;
  }
  const auto& j = *parsed;
  GLASSCORE_ROUND_TRIP(decode_sm_context_create_data);
  GLASSCORE_ROUND_TRIP(decode_sm_context_created_data);
  GLASSCORE_ROUND_TRIP(decode_sm_context_update_data);
  GLASSCORE_ROUND_TRIP(decode_sm_context_updated_data);
  GLASSCORE_ROUND_TRIP(decode_sm_context_release_data);
  GLASSCORE_ROUND_TRIP(decode_sm_context_create_error);
  GLASSCORE_ROUND_TRIP(decode_sm_context_update_error);
  GLASSCORE_ROUND_TRIP(decode_sm_context_status_notification);
  GLASSCORE_ROUND_TRIP(decode_n1_n2_message_transfer_req_data);
  GLASSCORE_ROUND_TRIP(decode_n1_n2_message_transfer_rsp_data);
  GLASSCORE_ROUND_TRIP(decode_n1_n2_message_transfer_error);
  GLASSCORE_ROUND_TRIP(decode_sm_policy_context_data);
  GLASSCORE_ROUND_TRIP(decode_sm_policy_decision);
  GLASSCORE_ROUND_TRIP(decode_sm_policy_update_context_data);
  GLASSCORE_ROUND_TRIP(decode_sm_policy_delete_data);
  GLASSCORE_ROUND_TRIP(decode_sm_policy_control);
  GLASSCORE_ROUND_TRIP(decode_policy_association_request);
  GLASSCORE_ROUND_TRIP(decode_policy_association);
}

void run_multipart(std::string_view input) {
  const auto nl = input.find('\n');
  if (nl == std::string_view::npos) {
    return;
  }
  const auto content_type = input.substr(0, nl);
  const auto rest = input.substr(nl + 1);
  const std::span<const std::uint8_t> body(reinterpret_cast<const std::uint8_t*>(rest.data()),
                                           rest.size());
  auto m = sbi::decode_multipart(content_type, body);
  if (!m) {
    return;
  }
  const auto boundary = sbi::choose_boundary(*m);
  const auto encoded = sbi::encode_multipart(*m, boundary);
  auto again = sbi::decode_multipart(sbi::multipart_content_type(boundary), encoded);
  if (!again || !(*again == *m)) {
    __builtin_trap();  // multipart encoder and decoder disagree
  }
  for (const auto& part : m->parts) {
    if (!part.content_id.empty() && sbi::find_part(*m, part.content_id) == nullptr) {
      __builtin_trap();
    }
  }
  if (const auto* root = sbi::json_part(*m)) {
    run_models(
        std::string_view(reinterpret_cast<const char*>(root->data.data()), root->data.size()));
  }
}

void run_bit_rate(std::string_view text) {
  const auto bps = sbi::parse_bit_rate(text);
  if (bps && !sbi::is_bit_rate(text)) {
    __builtin_trap();  // parsed something that is not a BitRate
  }
  // Whole kbit/s values survive the way back through bit_rate_from_kbps.
  if (bps && *bps % 1000 == 0 && sbi::parse_bit_rate(sbi::bit_rate_from_kbps(*bps / 1000)) != bps) {
    __builtin_trap();
  }
}

void run_pcf(std::string_view input) {
  if (input.empty()) {
    return;
  }
  static constexpr std::string_view methods[] = {"POST", "GET", "DELETE", "PUT"};
  http2::request req;
  req.method = std::string(methods[static_cast<unsigned char>(input[0]) % 4]);
  input.remove_prefix(1);
  const auto nl = input.find('\n');
  req.path = std::string(input.substr(0, nl));
  if (nl != std::string_view::npos) {
    req.body = std::string(input.substr(nl + 1));
  }
  req.headers.push_back({"content-type", "application/json"});
  pcf::pcf_service_options o;
  config::dnn_config internet;
  internet.name = "internet";
  o.dnns = {internet};
  o.max_associations = 4;
  pcf::pcf_service service(o);
  sbi::router router;
  service.add_routes(router);
  // Dispatched twice: the second meets the state the first left (an association created,
  // replaced or deleted).
  int answers = 0;
  for (int i = 0; i < 2; ++i) {
    router.dispatch(req, [&answers](http2::response r) {
      ++answers;
      if (r.status < 200 || r.status > 599) {
        __builtin_trap();
      }
    });
  }
  if (answers != 2) {
    __builtin_trap();  // a request left unanswered or answered twice
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0:
      run_models(rest);
      break;
    case 1:
      run_multipart(rest);
      break;
    case 2:
      run_bit_rate(rest);
      break;
    default:
      run_pcf(rest);
      break;
  }
  return 0;
}
