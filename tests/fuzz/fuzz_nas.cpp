// Fuzz target for the NAS entry points: a NAS PDU as it arrives in an NGAP NAS-PDU.
// Protected PDUs go through security_context::unprotect; plain ones (and the inner message
// of a protected one) through the 5GMM decoder; 5GSM messages (EPD 0x2E, as the SMF gets
// them from an UL NAS transport) through the 5GSM decoder. A message that decodes and
// re-encodes must decode again to the same value.
#include <cstddef>
#include <cstdint>

#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/codec/nas/security.h"

namespace {

using namespace glasscore;
using namespace glasscore::nas;

void check_round_trip(const gmm_message& m) {
  byte_writer w;
  if (!encode_gmm(m, w)) {
    return;
  }
  auto again = decode_gmm(w.view());
  if (!again || !(*again == m)) {
    __builtin_trap();  // decode and encode disagree: a codec bug, not bad input
  }
}

void check_round_trip(const gsm_pdu& m) {
  byte_writer w;
  if (!encode_gsm(m, w)) {
    return;
  }
  auto again = decode_gsm(w.view());
  if (!again || !(*again == m)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const byte_span pdu(data, size);
  if (size > 0 && data[0] == 0x2E) {
    if (auto m = decode_gsm(pdu)) {
      check_round_trip(*m);
    }
    return 0;
  }
  auto header = peek_security_header(pdu);
  if (!header) {
    return 0;
  }
  if (*header != security_header_type::plain) {
    static const std::array<std::uint8_t, 16> key{};
    security_context context(key, key, crypto::integrity_algorithm::nia2,
                             crypto::cipher_algorithm::nea2);
    (void)context.unprotect(pdu, crypto::direction::uplink);
    auto parsed = protected_pdu::parse(pdu);
    if (parsed) {
      if (auto inner = decode_gmm(parsed->message)) {
        check_round_trip(*inner);
      }
    }
    return 0;
  }
  if (auto m = decode_gmm(pdu)) {
    check_round_trip(*m);
  }
  return 0;
}
