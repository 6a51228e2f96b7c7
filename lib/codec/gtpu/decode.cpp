// GTP-U decoding (TS 29.281 §5). Every read goes through byte_reader, so no datagram can
// make the decoder read outside it; every failure is a gtpu_error value.

#include <cstring>

#include "extension_types.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/core/bytes.h"

namespace glasscore::gtpu {

namespace {

// Flags octet (TS 29.281 §5.1, Figure 5.1-1): Version(3) PT(1) spare(1) E(1) S(1) PN(1).
constexpr std::uint8_t flag_pt = 0x10;
constexpr std::uint8_t flag_e = 0x04;
constexpr std::uint8_t flag_s = 0x02;
constexpr std::uint8_t flag_pn = 0x01;

// known_extension_types (extension_types.h): their comprehension bits do not reject the
// packet. Only the PDU Session Container is interpreted; the others carry nothing a UPF
// acts on and are skipped.
constexpr bool is_known_extension(std::uint8_t type) {
  for (const std::uint8_t known : known_extension_types) {
    if (known == type)
      return true;
  }
  return false;
}

// TS 29.281 §5.2.1, Table 5.2.1-2: the two most significant bits of the type. A set bit 8
// ("10" and "11") means an endpoint receiver must comprehend the header; we are one.
constexpr bool comprehension_required(std::uint8_t type) {
  return (type & 0x80) != 0;
}

// PDU Session Container content (TS 38.415 §5.5.2.1 DL, §5.5.2.2 UL). The first octet holds
// the PDU Type in its high nibble; the QFI is the low 6 bits of the second octet; in the DL
// form bit 7 of that octet is the RQI (bit 8 is PPP).
expected<pdu_session_container, gtpu_error> decode_pdu_session(byte_span content) {
  if (content.size() < 2)
    return fail(gtpu_error::bad_extension_header);
  pdu_session_container c;
  const std::uint8_t pdu_type = content[0] >> 4;
  if (pdu_type == 0) {
    c.type = pdu_session_container::direction::downlink;
    c.rqi = (content[1] & 0x40) != 0;
  } else if (pdu_type == 1) {
    c.type = pdu_session_container::direction::uplink;
  } else {
    return fail(gtpu_error::bad_extension_header);  // TS 38.415 §5.5.3.1: spare values
  }
  c.qfi = content[1] & 0x3F;
  return c;
}

}  // namespace

std::string_view to_string(gtpu_error e) {
  switch (e) {
    case gtpu_error::truncated:
      return "truncated";
    case gtpu_error::unsupported_version:
      return "unsupported GTP version";
    case gtpu_error::not_gtp:
      return "protocol type is GTP', not GTP";
    case gtpu_error::bad_length:
      return "length field inconsistent with the datagram";
    case gtpu_error::bad_extension_header:
      return "malformed extension header";
    case gtpu_error::unknown_comprehension_required_extension:
      return "unknown extension header whose comprehension is required";
  }
  return "unknown gtpu_error";
}

expected<packet_view, gtpu_error> decode(std::span<const std::uint8_t> datagram) {
  byte_reader r(datagram);
  auto flags = r.read_u8();
  auto type = r.read_u8();
  auto length = r.read_u16();
  auto teid = r.read_u32();
  if (!flags || !type || !length || !teid)
    return fail(gtpu_error::truncated);
  if ((*flags >> 5) != 1)
    return fail(gtpu_error::unsupported_version);
  if ((*flags & flag_pt) == 0)
    return fail(gtpu_error::not_gtp);
  // The Length field counts everything after the 8 mandatory octets (§5.1).
  if (r.remaining() < *length)
    return fail(gtpu_error::truncated);
  if (r.remaining() > *length)
    return fail(gtpu_error::bad_length);

  packet_view view;
  view.hdr.type = static_cast<message_type>(*type);
  view.hdr.teid = *teid;
  if ((*flags & (flag_e | flag_s | flag_pn)) == 0) {
    view.payload = r.read_rest();
    return view;
  }
  // Any of E, S, PN present: all four optional octets are (§5.1, NOTE 4 of Figure 5.1-1).
  if (*length < 4)
    return fail(gtpu_error::bad_length);
  const auto sequence = r.read_u16();
  const auto npdu = r.read_u8();
  const auto next = r.read_u8();
  if (!sequence || !npdu || !next)
    return fail(gtpu_error::truncated);
  if ((*flags & flag_s) != 0)
    view.hdr.sequence = *sequence;
  // Without E the Next Extension Header Type octet is to be ignored (§5.1).
  std::uint8_t next_type = (*flags & flag_e) != 0 ? *next : ext_none;
  while (next_type != ext_none) {
    // Each extension header: Length in 4-octet units, content, Next type (§5.2.1).
    const auto units = r.read_u8();
    if (!units)
      return fail(gtpu_error::bad_extension_header);
    if (*units == 0)
      return fail(gtpu_error::bad_extension_header);
    const std::size_t body = std::size_t{*units} * 4 - 1;  // after the length octet
    auto ext = r.read_bytes(body);
    if (!ext)
      return fail(gtpu_error::bad_extension_header);
    const byte_span content = ext->first(body - 1);
    if (next_type == ext_pdu_session_container) {
      if (view.hdr.pdu_session)
        return fail(gtpu_error::bad_extension_header);  // twice
      auto c = decode_pdu_session(content);
      if (!c)
        return fail(c.error());
      view.hdr.pdu_session = *c;
    } else if (!is_known_extension(next_type) && comprehension_required(next_type)) {
      return fail(gtpu_error::unknown_comprehension_required_extension);
    }
    next_type = ext->back();
  }
  view.payload = r.read_rest();
  return view;
}

expected<error_indication_ies, gtpu_error> decode_error_indication(
    std::span<const std::uint8_t> ies) {
  byte_reader r(ies);
  std::optional<std::uint32_t> teid;
  std::optional<config::ip_address> peer;
  while (!r.empty()) {
    const auto type = r.read_u8();
    if (!type)
      return fail(gtpu_error::truncated);
    if (*type < 128) {
      // TV IEs have a length fixed by their type (§8.1); only the ones we know can be read.
      std::size_t size = 0;
      if (*type == ie_teid_data_i) {
        size = 4;
      } else if (*type == ie_recovery) {
        size = 1;
      } else {
        return fail(gtpu_error::bad_length);
      }
      auto value = r.read_bytes(size);
      if (!value)
        return fail(gtpu_error::truncated);
      if (*type == ie_teid_data_i && !teid)
        teid = load_be32(value->data());
      continue;
    }
    const auto len = r.read_u16();
    if (!len)
      return fail(gtpu_error::truncated);
    auto value = r.read_bytes(*len);
    if (!value)
      return fail(gtpu_error::truncated);
    if (*type == ie_gtpu_peer_address && !peer) {
      // §8.4: 4 octets IPv4 or 16 octets IPv6.
      config::ip_address a;
      if (value->size() == 4) {
        a.family = config::ip_family::v4;
      } else if (value->size() == 16) {
        a.family = config::ip_family::v6;
      } else {
        return fail(gtpu_error::bad_length);
      }
      std::memcpy(a.bytes.data(), value->data(), value->size());
      peer = a;
    }
  }
  if (!teid || !peer)
    return fail(gtpu_error::truncated);  // mandatory IE missing
  return error_indication_ies{*teid, *peer};
}

}  // namespace glasscore::gtpu
