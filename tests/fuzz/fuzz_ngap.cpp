// Fuzz target for the NGAP decoder (TS 38.413 over APER): whatever arrives on N2 from a
// gNB. Besides "no crash, no read past the end", checks that a decoded value without §10
// findings re-encodes, and that the re-encoding decodes to the same value (bytes may
// differ where the input used a non-minimal form or an unknown extension).
#include <cstddef>
#include <cstdint>

#include "glasscore/codec/ngap/gen/api.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glasscore;
  const auto decoded = ngap::decode<ngap::ngap_pdu>(byte_span(data, size));
  if (!decoded || !decoded->diagnostics.empty()) {
    // A message with §10 findings (e.g. a missing mandatory IE, left default-constructed)
    // need not be encodable; the receiver answers it with an Error Indication instead.
    return 0;
  }
  const auto bytes = ngap::encode(decoded->value);
  if (!bytes) {
    __builtin_trap();  // the decoder accepted a value the encoder rejects: a codec bug
  }
  const auto again = ngap::decode<ngap::ngap_pdu>(*bytes);
  if (!again || !(again->value == decoded->value)) {
    __builtin_trap();  // encode and decode disagree
  }
  return 0;
}
