// PFCP header (TS 29.244 V17 §7.2.2) and message dispatch; the IE tables are in tables.h.
#include "glasscore/codec/pfcp/messages.h"

#include "tables.h"

namespace glasscore::pfcp {
namespace {

using detail::decode_ies;
using detail::encode_ies;

constexpr std::size_t fixed_header_size = 4;  // flags, type, length (§7.2.2.1)

// Reads the header; `consumed` is set to the header's size. Length consistency is checked
// by the caller, which knows whether the rest is the body.
expected<header, decode_failure> read_header(byte_span pdu, std::size_t& consumed,
                                             std::uint16_t& length) {
  byte_reader r(pdu);
  auto flags = r.read_u8();
  auto type = r.read_u8();
  auto len = r.read_u16();
  if (!flags || !type || !len) {
    return fail(decode_failure{});  // §7.6.3: too short for a header, silently discarded
  }
  header h;
  h.version = static_cast<std::uint8_t>(*flags >> 5);
  h.follow_on = (*flags & 0x04) != 0;
  h.type = *type;
  length = *len;
  const bool mp = (*flags & 0x02) != 0;
  const bool s = (*flags & 0x01) != 0;
  if (s) {
    auto seid = r.read_u64();
    if (!seid) {
      return fail(decode_failure{});
    }
    h.seid = *seid;
  }
  auto seq = r.read_u24();
  auto last = r.read_u8();
  if (!seq || !last) {
    return fail(decode_failure{});
  }
  h.sequence = *seq;
  if (mp) {
    h.priority = static_cast<std::uint8_t>(*last >> 4);  // §7.2.2.3: bits 8-5 of the octet
  }
  consumed = r.position();
  return h;
}

template <class Body>
expected<message, detail::ie_failure> decode_body(const header& h, byte_span body) {
  Body b{};
  if (auto r = decode_ies(body, b); !r) {
    return fail(r.error());
  }
  return message{h, std::move(b)};
}

using body_decoder = expected<message, detail::ie_failure> (*)(const header&, byte_span);

template <std::size_t... I>
body_decoder find_decoder(std::uint8_t type, std::index_sequence<I...>) {
  body_decoder found = nullptr;
  ((static_cast<std::uint8_t>(std::variant_alternative_t<I, message_body>::type) == type
        ? (found = &decode_body<std::variant_alternative_t<I, message_body>>, 0)
        : 0),
   ...);
  return found;
}

// For a rejected Session Establishment Request the answer carries the CP F-SEID's SEID
// (§7.2.2.4.2): look for it among the top-level IEs whatever else is wrong.
std::optional<std::uint64_t> find_cp_seid(byte_span body) {
  byte_reader r(body);
  while (!r.empty()) {
    auto type = r.read_u16();
    auto length = r.read_u16();
    if (!type || !length) {
      return std::nullopt;
    }
    auto value = r.read_bytes(*length);
    if (!value) {
      return std::nullopt;
    }
    if (*type == ie_type::f_seid) {
      f_seid f;
      if (detail::decode_value(*value, f)) {
        return f.seid;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(message_type t) {
  switch (t) {
    case message_type::heartbeat_request:
      return "Heartbeat Request";
    case message_type::heartbeat_response:
      return "Heartbeat Response";
    case message_type::association_setup_request:
      return "Association Setup Request";
    case message_type::association_setup_response:
      return "Association Setup Response";
    case message_type::association_update_request:
      return "Association Update Request";
    case message_type::association_update_response:
      return "Association Update Response";
    case message_type::association_release_request:
      return "Association Release Request";
    case message_type::association_release_response:
      return "Association Release Response";
    case message_type::version_not_supported_response:
      return "Version Not Supported Response";
    case message_type::node_report_request:
      return "Node Report Request";
    case message_type::node_report_response:
      return "Node Report Response";
    case message_type::session_establishment_request:
      return "Session Establishment Request";
    case message_type::session_establishment_response:
      return "Session Establishment Response";
    case message_type::session_modification_request:
      return "Session Modification Request";
    case message_type::session_modification_response:
      return "Session Modification Response";
    case message_type::session_deletion_request:
      return "Session Deletion Request";
    case message_type::session_deletion_response:
      return "Session Deletion Response";
    case message_type::session_report_request:
      return "Session Report Request";
    case message_type::session_report_response:
      return "Session Report Response";
  }
  return "unknown PFCP message";
}

// Table 7.3-1 (Release 17): node requests 1, 3, 5, 7, 9, 12, 14, 16 (Session Set
// Modification); session requests 50, 52, 54, 56. Unassigned types count as responses, so
// nothing is ever sent back for them.
bool is_request(std::uint8_t t) {
  switch (t) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 9:
    case 12:
    case 14:
    case 16:
    case 50:
    case 52:
    case 54:
    case 56:
      return true;
    default:
      return false;
  }
}

std::optional<message_type> response_type_for(std::uint8_t t) {
  switch (t) {
    case 1:
      return message_type::heartbeat_response;
    case 5:
      return message_type::association_setup_response;
    case 7:
      return message_type::association_update_response;
    case 9:
      return message_type::association_release_response;
    case 12:
      return message_type::node_report_response;
    case 50:
      return message_type::session_establishment_response;
    case 52:
      return message_type::session_modification_response;
    case 54:
      return message_type::session_deletion_response;
    case 56:
      return message_type::session_report_response;
    default:
      return std::nullopt;
  }
}

expected<header, decode_failure> decode_header(std::span<const std::uint8_t> pdu) {
  std::size_t consumed = 0;
  std::uint16_t length = 0;
  return read_header(pdu, consumed, length);
}

expected<message, decode_failure> decode_message(std::span<const std::uint8_t> pdu) {
  std::size_t consumed = 0;
  std::uint16_t length = 0;
  auto h = read_header(pdu, consumed, length);
  if (!h) {
    return fail(h.error());
  }
  decode_failure failure;
  failure.hdr = *h;
  if (h->version != 1) {
    failure.what = decode_failure::action::version_not_supported;  // §7.6.2
    return fail(failure);
  }
  const bool answerable = response_type_for(h->type).has_value();
  auto reject = [&](cause_value cause, std::optional<std::uint16_t> offending) {
    failure.what = answerable ? decode_failure::action::reject : decode_failure::action::drop;
    failure.cause = cause;
    failure.offending_ie = offending;
    return fail(failure);
  };
  // §7.2.2.1: the length excludes the first 4 octets and covers the rest of the header.
  if (length + fixed_header_size < consumed || length + fixed_header_size > pdu.size()) {
    return reject(cause_value::invalid_length, std::nullopt);  // §7.6.3
  }
  const byte_span body = pdu.subspan(consumed, length + fixed_header_size - consumed);
  auto decoder =
      find_decoder(h->type, std::make_index_sequence<std::variant_size_v<message_body>>{});
  if (decoder == nullptr) {
    return fail(failure);  // §7.6.4: unknown message type, silently discarded
  }
  auto m = decoder(*h, body);
  if (!m) {
    if (h->type == static_cast<std::uint8_t>(message_type::session_establishment_request)) {
      failure.cp_seid = find_cp_seid(body);
    }
    return reject(m.error().cause, m.error().offending_ie);
  }
  return std::move(*m);
}

std::vector<std::uint8_t> encode(const message& m) {
  byte_writer w(64);
  const auto type = std::visit(
      [](const auto& b) { return static_cast<std::uint8_t>(std::decay_t<decltype(b)>::type); },
      m.body);
  w.write_u8(static_cast<std::uint8_t>(0x20 | (m.hdr.follow_on ? 0x04 : 0) |
                                       (m.hdr.priority ? 0x02 : 0) | (m.hdr.seid ? 0x01 : 0)));
  w.write_u8(type);
  const auto length_at = w.reserve_field(2);
  if (m.hdr.seid) {
    w.write_u64(*m.hdr.seid);
  }
  (void)w.write_u24(m.hdr.sequence & 0xFFFFFF);
  w.write_u8(m.hdr.priority ? static_cast<std::uint8_t>(*m.hdr.priority << 4) : 0);
  std::visit([&](const auto& b) { encode_ies(b, w); }, m.body);
  // A PFCP message fits one UDP datagram, far below the 16-bit length limit.
  (void)w.patch_field(length_at, 2, w.size() - fixed_header_size);
  return w.release();
}

node_id node_id_ipv4(ipv4_address a) {
  return node_id{a};
}

std::optional<message> make_rejection(const header& req_hdr, cause_value cause,
                                      std::optional<std::uint16_t> offending_ie,
                                      const node_id& own_node, std::uint32_t recovery_time_stamp,
                                      std::uint64_t response_seid) {
  auto rsp = response_type_for(req_hdr.type);
  if (!rsp) {
    return std::nullopt;
  }
  message m;
  m.hdr.sequence = req_hdr.sequence;
  if (is_session_message(req_hdr.type)) {
    m.hdr.seid = response_seid;
  }
  // Each response carries whichever of these members its type has (§7.4, §7.5).
  const auto answer = [&]<class Body>(Body b) {
    if constexpr (requires { b.node; }) {
      b.node = own_node;
    }
    if constexpr (requires { b.cause; }) {
      b.cause = cause;
    }
    if constexpr (requires { b.offending_ie; }) {
      b.offending_ie = offending_ie;
    }
    if constexpr (requires { b.recovery_time_stamp; }) {
      b.recovery_time_stamp = recovery_time_stamp;
    }
    m.body = std::move(b);
  };
  switch (*rsp) {
    case message_type::heartbeat_response:
      answer(heartbeat_response{});
      break;
    case message_type::association_setup_response:
      answer(association_setup_response{});
      break;
    case message_type::association_update_response:
      answer(association_update_response{});
      break;
    case message_type::association_release_response:
      answer(association_release_response{});
      break;
    case message_type::node_report_response:
      answer(node_report_response{});
      break;
    case message_type::session_establishment_response:
      answer(session_establishment_response{});
      break;
    case message_type::session_modification_response:
      answer(session_modification_response{});
      break;
    case message_type::session_deletion_response:
      answer(session_deletion_response{});
      break;
    case message_type::session_report_response:
      answer(session_report_response{});
      break;
    default:
      return std::nullopt;
  }
  return m;
}

}  // namespace glasscore::pfcp
