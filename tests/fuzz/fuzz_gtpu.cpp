// Fuzz target for the GTP-U decoder: one UDP payload as it arrives on N3 from a gNB.
// Properties checked besides "no crash": the payload view lies inside the input, and a
// decoded header re-encodes to a header that decodes to the same fields (for the modelled
// subset: no optional PDU Session Container fields, N-PDU number ignored).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasscore::gtpu;
  const std::span<const std::uint8_t> input(data, size);
  auto v = decode(input);
  if (!v) {
    return 0;
  }
  if (v->payload.data() < data || v->payload.data() + v->payload.size() > data + size) {
    std::abort();
  }
  if (v->hdr.type == message_type::error_indication) {
    (void)decode_error_indication(v->payload);
  }
  std::vector<std::uint8_t> again(header_size(v->hdr) + v->payload.size());
  const std::size_t n = encode_header(v->hdr, v->payload.size(), again);
  if (n == 0) {
    // Only a Length that no longer fits 16 bits can refuse, and a decoded one always fits.
    std::abort();
  }
  std::copy(v->payload.begin(), v->payload.end(), again.begin() + static_cast<std::ptrdiff_t>(n));
  auto back = decode(again);
  if (!back || !(back->hdr == v->hdr) || back->payload.size() != v->payload.size()) {
    std::abort();
  }
  return 0;
}
