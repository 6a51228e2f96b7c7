// GTP-U encoding (TS 29.281 §5, §7). Writes into a caller's span after one size check,
// so the user plane can build headers in a packet_buffer's headroom without allocating.

#include <cstring>

#include "extension_types.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/core/bytes.h"

namespace glasscore::gtpu {

namespace {

constexpr std::uint8_t flags_base = 0x30;  // version 1, PT 1 (§5.1)
constexpr std::uint8_t flag_e = 0x04;
constexpr std::uint8_t flag_s = 0x02;

void store_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::size_t header_size(const header& h) {
  std::size_t size = 8;
  if (h.sequence || h.pdu_session)
    size += 4;
  if (h.pdu_session)
    size += 4;  // one 4-octet PDU Session Container (TS 38.415 §5.5.2)
  return size;
}

std::size_t encode_header(const header& h, std::size_t payload_length,
                          std::span<std::uint8_t> out) {
  const std::size_t size = header_size(h);
  if (out.size() < size)
    return 0;
  const std::size_t length = size - 8 + payload_length;
  if (length > 0xFFFF)
    return 0;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(flags_base | (h.pdu_session ? flag_e : 0) |
                                   (h.sequence ? flag_s : 0));
  p[1] = static_cast<std::uint8_t>(h.type);
  store_be16(p + 2, static_cast<std::uint16_t>(length));
  store_be32(p + 4, h.teid);
  if (size == 8)
    return size;
  store_be16(p + 8, h.sequence.value_or(0));
  p[10] = 0;  // N-PDU Number: not used on N3 (§5.1)
  p[11] = h.pdu_session ? ext_pdu_session_container : ext_none;
  if (!h.pdu_session)
    return size;
  const pdu_session_container& c = *h.pdu_session;
  p[12] = 1;  // length in 4-octet units
  p[13] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(c.type) << 4);
  // TS 38.415 §5.5.2.1 (DL): PPP(1) RQI(1) QFI(6); §5.5.2.2 (UL): N3/N9 delay ind(1) new IE
  // flag(1) QFI(6). The optional fields are absent, so all other flag bits are 0.
  std::uint8_t qfi_octet = c.qfi & 0x3F;
  if (c.type == pdu_session_container::direction::downlink && c.rqi)
    qfi_octet |= 0x40;
  p[14] = qfi_octet;
  p[15] = ext_none;
  return size;
}

std::size_t encode_echo_request(std::uint16_t sequence, std::span<std::uint8_t> out) {
  header h;
  h.type = message_type::echo_request;
  h.sequence = sequence;  // §5.1: the S flag is set in Echo messages
  return encode_header(h, 0, out);
}

std::size_t encode_echo_response(std::uint16_t sequence, std::span<std::uint8_t> out) {
  header h;
  h.type = message_type::echo_response;
  h.sequence = sequence;
  const std::size_t size = header_size(h) + 2;
  if (out.size() < size)
    return 0;
  const std::size_t n = encode_header(h, 2, out);
  out[n] = ie_recovery;  // §8.2: restart counter, 0 when sent
  out[n + 1] = 0;
  return size;
}

std::size_t encode_error_indication(std::uint32_t teid, const config::ip_address& peer,
                                    std::span<std::uint8_t> out) {
  // §5.1: the S flag is set in Error Indication; the header TEID is 0 (§7.3.1).
  header h;
  h.type = message_type::error_indication;
  h.sequence = 0;
  const std::size_t address_size = peer.family == config::ip_family::v4 ? 4 : 16;
  const std::size_t ies = 5 + 3 + address_size;
  const std::size_t size = header_size(h) + ies;
  if (out.size() < size)
    return 0;
  std::size_t n = encode_header(h, ies, out);
  out[n] = ie_teid_data_i;  // §8.3, TV
  store_be32(&out[n + 1], teid);
  n += 5;
  out[n] = ie_gtpu_peer_address;  // §8.4, TLV
  store_be16(&out[n + 1], static_cast<std::uint16_t>(address_size));
  std::memcpy(&out[n + 3], peer.bytes.data(), address_size);
  return size;
}

std::size_t encode_end_marker(std::uint32_t teid, std::span<std::uint8_t> out) {
  header h;
  h.type = message_type::end_marker;
  h.teid = teid;
  return encode_header(h, 0, out);
}

std::size_t encode_supported_extension_headers_notification(std::uint16_t sequence,
                                                            std::span<std::uint8_t> out) {
  header h;
  h.type = message_type::supported_extension_headers_notification;
  h.sequence = sequence;  // §5.1: S flag set
  // §8.5: Type 141, a one-octet Length (the number of types), then the types.
  const std::size_t ies = 2 + known_extension_types.size();
  const std::size_t size = header_size(h) + ies;
  if (out.size() < size)
    return 0;
  std::size_t n = encode_header(h, ies, out);
  out[n++] = ie_extension_header_type_list;
  out[n++] = static_cast<std::uint8_t>(known_extension_types.size());
  for (const std::uint8_t t : known_extension_types)
    out[n++] = t;
  return size;
}

}  // namespace glasscore::gtpu
