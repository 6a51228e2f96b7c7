// PFCP leaf IE values, TS 29.244 V17 §8.2. Each decoder reads the fixed part its flags
// announce and ignores octets after it: §8.1.1 lets later releases append fields, which an
// older receiver skips.
#include "ie_values.h"

#include <algorithm>

namespace glasscore::pfcp::detail {
namespace {

template <class T>
value_result short_if(const expected<T, buffer_error>& r) {
  if (!r) {
    return fail(value_error::too_short);
  }
  return {};
}

expected<std::uint8_t, value_error> u8(byte_reader& r) {
  auto v = r.read_u8();
  if (!v) {
    return fail(value_error::too_short);
  }
  return *v;
}

template <std::size_t N>
value_result read_array(byte_reader& r, std::array<std::uint8_t, N>& out) {
  auto b = r.read_bytes(N);
  if (!b) {
    return fail(value_error::too_short);
  }
  std::copy(b->begin(), b->end(), out.begin());
  return {};
}

value_result read_u32_into(byte_reader& r, std::uint32_t& out) {
  auto v = r.read_u32();
  if (!v) {
    return fail(value_error::too_short);
  }
  out = *v;
  return {};
}

value_result read_u40(byte_reader& r, std::uint64_t& out) {
  auto b = r.read_bytes(5);
  if (!b) {
    return fail(value_error::too_short);
  }
  out = 0;
  for (auto x : *b) {
    out = (out << 8) | x;
  }
  return {};
}

void write_u24(byte_writer& w, std::uint32_t v) {
  w.write_u8(static_cast<std::uint8_t>(v >> 16));
  w.write_u8(static_cast<std::uint8_t>(v >> 8));
  w.write_u8(static_cast<std::uint8_t>(v));
}

void write_u40(byte_writer& w, std::uint64_t v) {
  for (int shift = 32; shift >= 0; shift -= 8) {
    w.write_u8(static_cast<std::uint8_t>(v >> shift));
  }
}

}  // namespace

value_result decode_value(byte_span v, std::uint8_t& out) {
  byte_reader r(v);
  auto x = u8(r);
  if (!x) {
    return fail(x.error());
  }
  out = *x;
  return {};
}

value_result decode_value(byte_span v, std::uint16_t& out) {
  byte_reader r(v);
  auto x = r.read_u16();
  if (!x) {
    return fail(value_error::too_short);
  }
  out = *x;
  return {};
}

value_result decode_value(byte_span v, std::uint32_t& out) {
  byte_reader r(v);
  return read_u32_into(r, out);
}

value_result decode_value(byte_span v, std::string& out) {
  out.assign(v.begin(), v.end());
  return {};
}

value_result decode_value(byte_span v, octets& out) {
  out.assign(v.begin(), v.end());
  return {};
}

value_result decode_value(byte_span v, cause_value& out) {
  std::uint8_t x = 0;
  if (auto r = decode_value(v, x); !r) {
    return r;
  }
  out = static_cast<cause_value>(x);
  return {};
}

// §8.2.38: type in the low 4 bits of octet 5; an FQDN is DNS label encoded (TS 23.003
// §19.4.2.1 via RFC 1035 §3.1), held here in dotted form.
value_result decode_value(byte_span v, node_id& out) {
  byte_reader r(v);
  auto t = u8(r);
  if (!t) {
    return fail(t.error());
  }
  switch (*t & 0x0F) {
    case 0: {
      ipv4_address a{};
      if (auto e = read_array(r, a); !e) {
        return e;
      }
      out.value = a;
      return {};
    }
    case 1: {
      ipv6_address a{};
      if (auto e = read_array(r, a); !e) {
        return e;
      }
      out.value = a;
      return {};
    }
    case 2: {
      std::string name;
      if (r.empty()) {
        return fail(value_error::too_short);
      }
      while (!r.empty()) {
        const std::uint8_t len = *r.read_u8();
        if (len == 0 || len > 63) {
          return fail(value_error::incorrect);
        }
        auto label = r.read_bytes(len);
        if (!label) {
          return fail(value_error::too_short);
        }
        if (std::find(label->begin(), label->end(), '.') != label->end()) {
          return fail(value_error::incorrect);
        }
        if (!name.empty()) {
          name.push_back('.');
        }
        name.append(label->begin(), label->end());
      }
      out.value = std::move(name);
      return {};
    }
    default:
      return fail(value_error::incorrect);
  }
}

value_result decode_value(byte_span v, f_seid& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  auto seid = r.read_u64();
  if (!seid) {
    return fail(value_error::too_short);
  }
  out = f_seid{};
  out.seid = *seid;
  if ((*flags & 0x03) == 0) {
    return fail(value_error::incorrect);  // §8.2.37: at least one of V4 and V6
  }
  if (*flags & 0x02) {
    out.ipv4.emplace();
    if (auto e = read_array(r, *out.ipv4); !e) {
      return e;
    }
  }
  if (*flags & 0x01) {
    out.ipv6.emplace();
    if (auto e = read_array(r, *out.ipv6); !e) {
      return e;
    }
  }
  return {};
}

// §8.2.3: octet 5 V4 (bit 1), V6 (bit 2), CH (bit 3), CHID (bit 4).
value_result decode_value(byte_span v, f_teid& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  out = f_teid{};
  const bool v4 = (*flags & 0x01) != 0;
  const bool v6 = (*flags & 0x02) != 0;
  out.choose = (*flags & 0x04) != 0;
  const bool chid = (*flags & 0x08) != 0;
  if (out.choose) {
    out.choose_v4 = v4;
    out.choose_v6 = v6;
    if (chid) {
      auto id = u8(r);
      if (!id) {
        return fail(id.error());
      }
      out.choose_id = *id;
    }
    return {};
  }
  if (chid || (!v4 && !v6)) {
    return fail(value_error::incorrect);  // CHID only with CH; an address otherwise
  }
  if (auto e = read_u32_into(r, out.teid); !e) {
    return e;
  }
  if (v4) {
    out.ipv4.emplace();
    if (auto e = read_array(r, *out.ipv4); !e) {
      return e;
    }
  }
  if (v6) {
    out.ipv6.emplace();
    if (auto e = read_array(r, *out.ipv6); !e) {
      return e;
    }
  }
  return {};
}

// §8.2.62: V6 bit 1, V4 bit 2, S/D bit 3, IPv6D bit 4, CHV4 bit 5, CHV6 bit 6, IP6PL bit 7.
value_result decode_value(byte_span v, ue_ip_address& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  out = ue_ip_address{};
  out.destination = (*flags & 0x04) != 0;
  out.choose_v4 = (*flags & 0x10) != 0;
  out.choose_v6 = (*flags & 0x20) != 0;
  if (*flags & 0x02) {
    out.ipv4.emplace();
    if (auto e = read_array(r, *out.ipv4); !e) {
      return e;
    }
  }
  if (*flags & 0x01) {
    out.ipv6.emplace();
    if (auto e = read_array(r, *out.ipv6); !e) {
      return e;
    }
  }
  if (*flags & 0x08) {
    auto bits = u8(r);
    if (!bits) {
      return fail(bits.error());
    }
    out.ipv6_prefix_delegation_bits = *bits;
  }
  if (*flags & 0x40) {
    auto len = u8(r);
    if (!len) {
      return fail(len.error());
    }
    out.ipv6_prefix_length = *len;
  }
  return {};
}

// §8.2.5: octet 5 FD, TTC, SPI, FL, BID (bits 1-5); octet 6 spare.
value_result decode_value(byte_span v, sdf_filter& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  if (auto spare = r.skip(1); !spare) {
    return fail(value_error::too_short);
  }
  out = sdf_filter{};
  if (*flags & 0x01) {
    auto len = r.read_u16();
    if (!len) {
      return fail(value_error::too_short);
    }
    auto text = r.read_bytes(*len);
    if (!text) {
      return fail(value_error::too_short);
    }
    out.flow_description.emplace(text->begin(), text->end());
  }
  if (*flags & 0x02) {
    auto ttc = r.read_u16();
    if (!ttc) {
      return fail(value_error::too_short);
    }
    out.tos_traffic_class = *ttc;
  }
  if (*flags & 0x04) {
    out.security_parameter_index.emplace();
    if (auto e = read_u32_into(r, *out.security_parameter_index); !e) {
      return e;
    }
  }
  if (*flags & 0x08) {
    auto fl = r.read_u24();
    if (!fl) {
      return fail(value_error::too_short);
    }
    out.flow_label = *fl;
  }
  if (*flags & 0x10) {
    out.bid = true;
    out.filter_id.emplace();
    if (auto e = read_u32_into(r, *out.filter_id); !e) {
      return e;
    }
  }
  return {};
}

value_result decode_value(byte_span v, outer_header_removal& out) {
  byte_reader r(v);
  auto d = u8(r);
  if (!d) {
    return fail(d.error());
  }
  out = outer_header_removal{};
  out.description = *d;
  if (!r.empty()) {
    out.extension_header_deletion = *r.read_u8();
  }
  return {};
}

value_result decode_value(byte_span v, apply_action& out) {
  byte_reader r(v);
  auto o5 = u8(r);
  if (!o5) {
    return fail(o5.error());
  }
  out = apply_action{};
  out.flags = *o5;
  out.two_octets = !r.empty();
  if (out.two_octets) {
    out.flags = static_cast<std::uint16_t>(out.flags | (*r.read_u8() << 8));
  }
  return {};
}

// §8.2.56: the description decides which fields follow, in this order.
value_result decode_value(byte_span v, outer_header_creation& out) {
  using ohc = outer_header_creation;
  byte_reader r(v);
  auto d = r.read_u16();
  if (!d) {
    return fail(value_error::too_short);
  }
  out = ohc{};
  out.description = *d;
  if (*d & (ohc::gtpu_udp_ipv4 | ohc::gtpu_udp_ipv6)) {
    out.teid.emplace();
    if (auto e = read_u32_into(r, *out.teid); !e) {
      return e;
    }
  }
  if (*d & (ohc::gtpu_udp_ipv4 | ohc::udp_ipv4 | ohc::ip_ipv4)) {
    out.ipv4.emplace();
    if (auto e = read_array(r, *out.ipv4); !e) {
      return e;
    }
  }
  if (*d & (ohc::gtpu_udp_ipv6 | ohc::udp_ipv6 | ohc::ip_ipv6)) {
    out.ipv6.emplace();
    if (auto e = read_array(r, *out.ipv6); !e) {
      return e;
    }
  }
  if (*d & (ohc::udp_ipv4 | ohc::udp_ipv6)) {
    auto port = r.read_u16();
    if (!port) {
      return fail(value_error::too_short);
    }
    out.port = *port;
  }
  if (*d & ohc::c_tag) {
    auto tag = r.read_u24();
    if (!tag) {
      return fail(value_error::too_short);
    }
    out.c_tag_value = *tag;
  }
  if (*d & ohc::s_tag) {
    auto tag = r.read_u24();
    if (!tag) {
      return fail(value_error::too_short);
    }
    out.s_tag_value = *tag;
  }
  return {};
}

value_result decode_value(byte_span v, bit_rate& out) {
  byte_reader r(v);
  if (auto e = read_u40(r, out.uplink); !e) {
    return e;
  }
  return read_u40(r, out.downlink);
}

// §8.2.13 / §8.2.44: TOVOL, ULVOL, DLVOL, TONOP, ULNOP, DLNOP flags (bits 1-6).
value_result decode_value(byte_span v, volume& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  out = volume{};
  std::optional<std::uint64_t>* fields[] = {&out.total,          &out.uplink,
                                            &out.downlink,       &out.total_packets,
                                            &out.uplink_packets, &out.downlink_packets};
  for (int i = 0; i < 6; ++i) {
    if (*flags & (1U << i)) {
      auto x = r.read_u64();
      if (!x) {
        return fail(value_error::too_short);
      }
      *fields[i] = *x;
    }
  }
  return {};
}

value_result decode_value(byte_span v, flag_octets& out) {
  if (v.empty()) {
    return fail(value_error::too_short);
  }
  out.octets.assign(v.begin(), v.end());
  return {};
}

value_result decode_value(byte_span v, downlink_data_service_information& out) {
  byte_reader r(v);
  auto flags = u8(r);
  if (!flags) {
    return fail(flags.error());
  }
  out = downlink_data_service_information{};
  if (*flags & 0x01) {
    auto ppi = u8(r);
    if (!ppi) {
      return fail(ppi.error());
    }
    out.paging_policy_indication = *ppi;
  }
  if (*flags & 0x02) {
    auto qfi = u8(r);
    if (!qfi) {
      return fail(qfi.error());
    }
    out.qfi = *qfi;
  }
  return {};
}

// §8.2.80: rule ID type in bits 1-5 of octet 5, then the ID in its rule's width.
value_result decode_value(byte_span v, failed_rule_id& out) {
  byte_reader r(v);
  auto t = u8(r);
  if (!t) {
    return fail(t.error());
  }
  out = failed_rule_id{};
  const auto type = static_cast<std::uint8_t>(*t & 0x1F);
  switch (type) {
    case 0: {
      auto id = r.read_u16();
      if (!id) {
        return fail(value_error::too_short);
      }
      out.id = *id;
      break;
    }
    case 1:
    case 2:
    case 3:
      if (auto e = read_u32_into(r, out.id); !e) {
        return e;
      }
      break;
    case 4: {
      auto id = u8(r);
      if (!id) {
        return fail(id.error());
      }
      out.id = *id;
      break;
    }
    default:
      return fail(value_error::incorrect);
  }
  out.type = static_cast<failed_rule_id::rule>(type);
  return {};
}

void encode_value(std::uint8_t v, byte_writer& w) {
  w.write_u8(v);
}
void encode_value(std::uint16_t v, byte_writer& w) {
  w.write_u16(v);
}
void encode_value(std::uint32_t v, byte_writer& w) {
  w.write_u32(v);
}
void encode_value(const std::string& v, byte_writer& w) {
  w.write_bytes(byte_span(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()));
}
void encode_value(const octets& v, byte_writer& w) {
  w.write_bytes(v);
}
void encode_value(cause_value v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>(v));
}

void encode_value(const node_id& v, byte_writer& w) {
  if (const auto* a4 = std::get_if<ipv4_address>(&v.value)) {
    w.write_u8(0);
    w.write_bytes(*a4);
  } else if (const auto* a6 = std::get_if<ipv6_address>(&v.value)) {
    w.write_u8(1);
    w.write_bytes(*a6);
  } else {
    w.write_u8(2);
    const auto& name = std::get<std::string>(v.value);
    std::size_t start = 0;
    while (start <= name.size()) {
      auto dot = name.find('.', start);
      if (dot == std::string::npos) {
        dot = name.size();
      }
      // Labels over 63 octets cannot be encoded; callers build names from configuration
      // that `glasscore config check` validated, so truncation here is a last resort.
      const auto len = std::min<std::size_t>(dot - start, 63);
      w.write_u8(static_cast<std::uint8_t>(len));
      encode_value(name.substr(start, len), w);
      start = dot + 1;
    }
  }
}

void encode_value(const f_seid& v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>((v.ipv4 ? 0x02 : 0) | (v.ipv6 ? 0x01 : 0)));
  w.write_u64(v.seid);
  if (v.ipv4) {
    w.write_bytes(*v.ipv4);
  }
  if (v.ipv6) {
    w.write_bytes(*v.ipv6);
  }
}

void encode_value(const f_teid& v, byte_writer& w) {
  if (v.choose) {
    w.write_u8(static_cast<std::uint8_t>((v.choose_v4 ? 0x01 : 0) | (v.choose_v6 ? 0x02 : 0) |
                                         0x04 | (v.choose_id ? 0x08 : 0)));
    if (v.choose_id) {
      w.write_u8(*v.choose_id);
    }
    return;
  }
  w.write_u8(static_cast<std::uint8_t>((v.ipv4 ? 0x01 : 0) | (v.ipv6 ? 0x02 : 0)));
  w.write_u32(v.teid);
  if (v.ipv4) {
    w.write_bytes(*v.ipv4);
  }
  if (v.ipv6) {
    w.write_bytes(*v.ipv6);
  }
}

void encode_value(const ue_ip_address& v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>(
      (v.ipv6 ? 0x01 : 0) | (v.ipv4 ? 0x02 : 0) | (v.destination ? 0x04 : 0) |
      (v.ipv6_prefix_delegation_bits ? 0x08 : 0) | (v.choose_v4 ? 0x10 : 0) |
      (v.choose_v6 ? 0x20 : 0) | (v.ipv6_prefix_length ? 0x40 : 0)));
  if (v.ipv4) {
    w.write_bytes(*v.ipv4);
  }
  if (v.ipv6) {
    w.write_bytes(*v.ipv6);
  }
  if (v.ipv6_prefix_delegation_bits) {
    w.write_u8(*v.ipv6_prefix_delegation_bits);
  }
  if (v.ipv6_prefix_length) {
    w.write_u8(*v.ipv6_prefix_length);
  }
}

void encode_value(const sdf_filter& v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>((v.flow_description ? 0x01 : 0) |
                                       (v.tos_traffic_class ? 0x02 : 0) |
                                       (v.security_parameter_index ? 0x04 : 0) |
                                       (v.flow_label ? 0x08 : 0) | (v.filter_id ? 0x10 : 0)));
  w.write_u8(0);
  if (v.flow_description) {
    w.write_u16(static_cast<std::uint16_t>(v.flow_description->size()));
    encode_value(*v.flow_description, w);
  }
  if (v.tos_traffic_class) {
    w.write_u16(*v.tos_traffic_class);
  }
  if (v.security_parameter_index) {
    w.write_u32(*v.security_parameter_index);
  }
  if (v.flow_label) {
    write_u24(w, *v.flow_label);
  }
  if (v.filter_id) {
    w.write_u32(*v.filter_id);
  }
}

void encode_value(const outer_header_removal& v, byte_writer& w) {
  w.write_u8(v.description);
  if (v.extension_header_deletion) {
    w.write_u8(*v.extension_header_deletion);
  }
}

void encode_value(const apply_action& v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>(v.flags));
  if (v.two_octets || v.flags > 0xFF) {
    w.write_u8(static_cast<std::uint8_t>(v.flags >> 8));
  }
}

void encode_value(const outer_header_creation& v, byte_writer& w) {
  using ohc = outer_header_creation;
  w.write_u16(v.description);
  if (v.description & (ohc::gtpu_udp_ipv4 | ohc::gtpu_udp_ipv6)) {
    w.write_u32(v.teid.value_or(0));
  }
  if (v.description & (ohc::gtpu_udp_ipv4 | ohc::udp_ipv4 | ohc::ip_ipv4)) {
    w.write_bytes(v.ipv4.value_or(ipv4_address{}));
  }
  if (v.description & (ohc::gtpu_udp_ipv6 | ohc::udp_ipv6 | ohc::ip_ipv6)) {
    w.write_bytes(v.ipv6.value_or(ipv6_address{}));
  }
  if (v.description & (ohc::udp_ipv4 | ohc::udp_ipv6)) {
    w.write_u16(v.port.value_or(0));
  }
  if (v.description & ohc::c_tag) {
    write_u24(w, v.c_tag_value.value_or(0));
  }
  if (v.description & ohc::s_tag) {
    write_u24(w, v.s_tag_value.value_or(0));
  }
}

void encode_value(const bit_rate& v, byte_writer& w) {
  write_u40(w, v.uplink);
  write_u40(w, v.downlink);
}

void encode_value(const volume& v, byte_writer& w) {
  const std::optional<std::uint64_t>* fields[] = {
      &v.total, &v.uplink, &v.downlink, &v.total_packets, &v.uplink_packets, &v.downlink_packets};
  std::uint8_t flags = 0;
  for (int i = 0; i < 6; ++i) {
    if (fields[i]->has_value()) {
      flags = static_cast<std::uint8_t>(flags | (1U << i));
    }
  }
  w.write_u8(flags);
  for (const auto* f : fields) {
    if (f->has_value()) {
      w.write_u64(**f);
    }
  }
}

void encode_value(const flag_octets& v, byte_writer& w) {
  if (v.octets.empty()) {
    w.write_u8(0);  // the IE has at least octet 5
    return;
  }
  w.write_bytes(v.octets);
}

void encode_value(const downlink_data_service_information& v, byte_writer& w) {
  w.write_u8(
      static_cast<std::uint8_t>((v.paging_policy_indication ? 0x01 : 0) | (v.qfi ? 0x02 : 0)));
  if (v.paging_policy_indication) {
    w.write_u8(*v.paging_policy_indication);
  }
  if (v.qfi) {
    w.write_u8(*v.qfi);
  }
}

void encode_value(const failed_rule_id& v, byte_writer& w) {
  w.write_u8(static_cast<std::uint8_t>(v.type));
  switch (v.type) {
    case failed_rule_id::rule::pdr:
      w.write_u16(static_cast<std::uint16_t>(v.id));
      break;
    case failed_rule_id::rule::bar:
      w.write_u8(static_cast<std::uint8_t>(v.id));
      break;
    default:
      w.write_u32(v.id);
      break;
  }
}

}  // namespace glasscore::pfcp::detail
