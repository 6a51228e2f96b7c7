// Fuzz target for the PFCP codec (TS 29.244): any datagram as it arrives on N4. Decoding
// must succeed or fail with a decode_failure; a failure that asks for an answer must have a
// header to address it to; a decoded message must survive encode/decode unchanged.
#include <cstddef>
#include <cstdint>

#include "glasscore/codec/pfcp/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasscore::pfcp;
  const std::span<const std::uint8_t> pdu(data, size);
  auto m = decode_message(pdu);
  if (!m) {
    const auto& f = m.error();
    if (f.what != decode_failure::action::drop && !f.hdr) {
      __builtin_trap();  // an answer without a sequence number to put in it
    }
    if (f.what == decode_failure::action::reject) {
      auto rsp =
          make_rejection(*f.hdr, f.cause, f.offending_ie, node_id{}, 0, f.cp_seid.value_or(0));
      if (!rsp || !decode_message(encode(*rsp))) {
        __builtin_trap();  // our own rejection must be a valid message
      }
    }
    return 0;
  }
  auto again = decode_message(encode(*m));
  if (!again || !(*again == *m)) {
    __builtin_trap();  // decode and encode disagree: a codec bug, not bad input
  }
  return 0;
}
