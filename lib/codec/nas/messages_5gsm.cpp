#include "glasscore/codec/nas/messages_5gsm.h"

#include <utility>

namespace glasscore::nas {

namespace {

// Decodes the body of the alternative of gsm_message whose type is `t`.
template <std::size_t I = 0>
expected<gsm_message, nas_error> decode_body(gsm_message_type t, byte_reader& r) {
  if constexpr (I == std::variant_size_v<gsm_message>) {
    (void)t;
    (void)r;
    return fail(nas_error::unknown_message_type);  // §7.4
  } else {
    using message = std::variant_alternative_t<I, gsm_message>;
    if (t != message::type) {
      return decode_body<I + 1>(t, r);
    }
    auto m = decode_ies<message>(r);
    if (!m) {
      return fail(m.error());
    }
    return gsm_message(std::in_place_index<I>, std::move(*m));
  }
}

}  // namespace

gsm_message_type type_of(const gsm_message& m) {
  return std::visit([](const auto& message) { return message.type; }, m);
}

// §9.1.1: EPD, PDU session identity, PTI, message type, then the IEs.
expected<gsm_pdu, nas_error> decode_gsm(byte_span plain_5gsm_message) {
  byte_reader r(plain_5gsm_message);
  auto epd = r.read_u8();
  if (!epd) {
    return fail(nas_error::truncated);
  }
  if (*epd != gsm_epd) {
    return fail(nas_error::unknown_protocol);
  }
  auto psi = r.read_u8();
  auto pti = psi ? r.read_u8() : fail(buffer_error::truncated);
  auto type = pti ? r.read_u8() : fail(buffer_error::truncated);
  if (!type) {
    return fail(nas_error::truncated);
  }
  auto body = decode_body(static_cast<gsm_message_type>(*type), r);
  if (!body) {
    return fail(body.error());
  }
  return gsm_pdu{*psi, *pti, std::move(*body)};
}

expected<void, nas_error> encode_gsm(const gsm_pdu& pdu, byte_writer& w) {
  w.write_u8(gsm_epd);
  w.write_u8(pdu.pdu_session_id);
  w.write_u8(pdu.pti);
  return std::visit(
      [&w](const auto& message) {
        w.write_u8(static_cast<std::uint8_t>(message.type));
        return encode_ies(message, w);
      },
      pdu.body);
}

}  // namespace glasscore::nas
