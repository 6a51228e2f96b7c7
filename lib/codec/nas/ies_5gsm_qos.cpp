#include "glasscore/codec/nas/ies_5gsm_qos.h"

#include <algorithm>
#include <utility>

namespace glasscore::nas {

namespace {

template <std::size_t N>
bool read_array(byte_reader& r, std::array<std::uint8_t, N>& out) {
  auto bytes = r.read_bytes(N);
  if (!bytes) {
    return false;
  }
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

bool read_u8(byte_reader& r, std::uint8_t& out) {
  auto v = r.read_u8();
  out = v ? *v : 0;
  return v.has_value();
}

bool read_u16(byte_reader& r, std::uint16_t& out) {
  auto v = r.read_u16();
  out = v ? *v : 0;
  return v.has_value();
}

// ---- §9.11.4.13 Table 9.11.4.13.1: component values, one overload per shape ----

bool read_value(byte_reader&, pf_match_all&) {
  return true;
}
void write_value(byte_writer&, const pf_match_all&) {}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_ipv4_address<Id>& c) {
  return read_array(r, c.address) && read_array(r, c.mask);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_ipv4_address<Id>& c) {
  w.write_bytes(c.address);
  w.write_bytes(c.mask);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_ipv6_address<Id>& c) {
  return read_array(r, c.address) && read_u8(r, c.prefix_length);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_ipv6_address<Id>& c) {
  w.write_bytes(c.address);
  w.write_u8(c.prefix_length);
}

bool read_value(byte_reader& r, pf_protocol& c) {
  return read_u8(r, c.protocol);
}
void write_value(byte_writer& w, const pf_protocol& c) {
  w.write_u8(c.protocol);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_port<Id>& c) {
  return read_u16(r, c.port);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_port<Id>& c) {
  w.write_u16(c.port);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_port_range<Id>& c) {
  return read_u16(r, c.low) && read_u16(r, c.high);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_port_range<Id>& c) {
  w.write_u16(c.low);
  w.write_u16(c.high);
}

bool read_value(byte_reader& r, pf_security_parameter_index& c) {
  auto v = r.read_u32();
  c.spi = v ? *v : 0;
  return v.has_value();
}
void write_value(byte_writer& w, const pf_security_parameter_index& c) {
  w.write_u32(c.spi);
}

bool read_value(byte_reader& r, pf_type_of_service& c) {
  return read_u8(r, c.value) && read_u8(r, c.mask);
}
void write_value(byte_writer& w, const pf_type_of_service& c) {
  w.write_u8(c.value);
  w.write_u8(c.mask);
}

bool read_value(byte_reader& r, pf_flow_label& c) {
  auto v = r.read_u24();
  c.label = v ? (*v & 0x0FFFFF) : 0;
  return v.has_value();
}
void write_value(byte_writer& w, const pf_flow_label& c) {
  (void)w.write_u24(c.label & 0x0FFFFF);  // 20 bits: always fits
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_mac_address<Id>& c) {
  return read_array(r, c.mac);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_mac_address<Id>& c) {
  w.write_bytes(c.mac);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_vid<Id>& c) {
  const bool ok = read_u16(r, c.vid);
  c.vid &= 0x0FFF;
  return ok;
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_vid<Id>& c) {
  w.write_u16(c.vid & 0x0FFF);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_pcp_dei<Id>& c) {
  std::uint8_t o = 0;
  const bool ok = read_u8(r, o);
  c.pcp = static_cast<std::uint8_t>((o >> 1) & 7);
  c.dei = (o & 1) != 0;
  return ok;
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_pcp_dei<Id>& c) {
  w.write_u8(static_cast<std::uint8_t>((c.pcp & 7) << 1 | (c.dei ? 1 : 0)));
}

bool read_value(byte_reader& r, pf_ethertype& c) {
  return read_u16(r, c.ethertype);
}
void write_value(byte_writer& w, const pf_ethertype& c) {
  w.write_u16(c.ethertype);
}

template <std::uint8_t Id>
bool read_value(byte_reader& r, pf_mac_range<Id>& c) {
  return read_array(r, c.low) && read_array(r, c.high);
}
template <std::uint8_t Id>
void write_value(byte_writer& w, const pf_mac_range<Id>& c) {
  w.write_bytes(c.low);
  w.write_bytes(c.high);
}

// Finds the alternative whose type_id is `type` and reads its value.
template <std::size_t I = 0>
expected<packet_filter_component, nas_error> read_component(std::uint8_t type, byte_reader& r) {
  if constexpr (I == std::variant_size_v<packet_filter_component>) {
    (void)type;
    (void)r;
    return fail(nas_error::invalid_value);  // unknown component type
  } else {
    using component = std::variant_alternative_t<I, packet_filter_component>;
    if (type != component::type_id) {
      return read_component<I + 1>(type, r);
    }
    component c{};
    if (!read_value(r, c)) {
      return fail(nas_error::invalid_value);
    }
    return packet_filter_component(std::in_place_index<I>, c);
  }
}

expected<packet_filter, nas_error> read_filter(byte_reader& r) {
  auto head = r.read_u8();
  auto length = head ? r.read_u8() : fail(buffer_error::truncated);
  auto contents = length ? r.sub_reader(*length) : fail(buffer_error::truncated);
  if (!contents) {
    return fail(nas_error::invalid_value);
  }
  packet_filter f;
  f.direction = static_cast<packet_filter_direction>((*head >> 4) & 3);
  f.id = *head & 0x0F;
  while (!contents->empty()) {
    const std::uint8_t type = *contents->read_u8();
    auto c = read_component(type, *contents);
    if (!c) {
      return fail(c.error());
    }
    f.components.push_back(std::move(*c));
  }
  return f;
}

bool carries_filters(qos_rule_operation op) {
  return op == qos_rule_operation::create || op == qos_rule_operation::modify_add_filters ||
         op == qos_rule_operation::modify_replace_filters;
}

expected<qos_rule, nas_error> read_rule(byte_reader& r) {
  auto id = r.read_u8();
  auto length = id ? r.read_u16() : fail(buffer_error::truncated);
  auto body = length ? r.sub_reader(*length) : fail(buffer_error::truncated);
  auto octet = body ? body->read_u8() : fail(buffer_error::truncated);
  if (!octet) {
    return fail(nas_error::invalid_value);
  }
  qos_rule rule;
  rule.id = *id;
  rule.operation = static_cast<qos_rule_operation>(*octet >> 5);
  rule.default_rule = (*octet & 0x10) != 0;
  const std::size_t count = *octet & 0x0F;
  if (carries_filters(rule.operation)) {
    for (std::size_t i = 0; i < count; ++i) {
      auto f = read_filter(*body);
      if (!f) {
        return fail(f.error());
      }
      rule.filters.push_back(std::move(*f));
    }
  } else if (rule.operation == qos_rule_operation::modify_delete_filters) {
    for (std::size_t i = 0; i < count; ++i) {
      auto f = body->read_u8();
      if (!f) {
        return fail(nas_error::invalid_value);
      }
      rule.deleted_filter_ids.push_back(*f & 0x0F);
    }
  } else if (rule.operation != qos_rule_operation::remove &&
             rule.operation != qos_rule_operation::modify_without_filters) {
    return fail(nas_error::invalid_value);  // reserved operation code 0 or 7
  } else if (count != 0) {
    return fail(nas_error::invalid_value);
  }
  switch (body->remaining()) {
    case 0:
      break;
    case 2:
      rule.precedence = *body->read_u8();
      rule.segregation = (*body->peek_u8() & 0x40) != 0;
      rule.qfi = *body->read_u8() & 0x3F;
      break;
    case 1:
      rule.precedence = *body->read_u8();
      break;
    default:
      return fail(nas_error::invalid_value);
  }
  return rule;
}

expected<void, nas_error> write_filter(byte_writer& w, const packet_filter& f) {
  w.write_u8(
      static_cast<std::uint8_t>((static_cast<std::uint8_t>(f.direction) & 3) << 4 | (f.id & 0x0F)));
  // The contents length is one octet: a filter whose components do not fit is an error.
  byte_writer contents;
  for (const packet_filter_component& c : f.components) {
    byte_writer one;
    std::visit(
        [&one](const auto& component) {
          one.write_u8(component.type_id);
          write_value(one, component);
        },
        c);
    if (contents.size() + one.size() > 255) {
      return fail(nas_error::invalid_value);
    }
    contents.write_bytes(one.view());
  }
  w.write_u8(static_cast<std::uint8_t>(contents.size()));
  w.write_bytes(contents.view());
  return {};
}

}  // namespace

expected<qos_rules, nas_error> qos_rules::decode(byte_span v) {
  byte_reader r(v);
  qos_rules out;
  while (!r.empty()) {
    auto rule = read_rule(r);
    if (!rule) {
      return fail(rule.error());
    }
    out.rules.push_back(std::move(*rule));
  }
  return out;
}

expected<void, nas_error> qos_rules::encode(byte_writer& w) const {
  for (const qos_rule& rule : rules) {
    w.write_u8(rule.id);
    const std::size_t at = w.reserve_field(2);
    std::size_t count = 0;
    if (carries_filters(rule.operation)) {
      count = rule.filters.size();
    } else if (rule.operation == qos_rule_operation::modify_delete_filters) {
      count = rule.deleted_filter_ids.size();
    }
    if (count > 15) {  // §9.11.4.13: a 4-bit number of packet filters
      return fail(nas_error::invalid_value);
    }
    w.write_u8(static_cast<std::uint8_t>((static_cast<std::uint8_t>(rule.operation) & 7) << 5 |
                                         (rule.default_rule ? 0x10 : 0) | count));
    for (std::size_t i = 0; i < count; ++i) {
      if (carries_filters(rule.operation)) {
        if (auto ok = write_filter(w, rule.filters[i]); !ok) {
          return ok;
        }
      } else {
        w.write_u8(rule.deleted_filter_ids[i] & 0x0F);
      }
    }
    if (rule.precedence) {
      w.write_u8(*rule.precedence);
      if (rule.qfi) {
        w.write_u8(static_cast<std::uint8_t>((rule.segregation ? 0x40 : 0) | (*rule.qfi & 0x3F)));
      }
    }
    (void)w.patch_field(at, 2, w.size() - at - 2);  // at most 15 filters of 257: fits
  }
  return {};
}

qos_flow_parameter qos_flow_parameter::rate(std::uint8_t id, bit_rate r) {
  return {id,
          {r.unit, static_cast<std::uint8_t>(r.value >> 8), static_cast<std::uint8_t>(r.value)}};
}

qos_flow_parameter qos_flow_parameter::averaging_window(std::uint16_t ms) {
  return {qos_parameter_id::averaging_window,
          {static_cast<std::uint8_t>(ms >> 8), static_cast<std::uint8_t>(ms)}};
}

qos_flow_parameter qos_flow_parameter::eps_bearer_identity(std::uint8_t ebi) {
  return {qos_parameter_id::eps_bearer_identity, {static_cast<std::uint8_t>((ebi & 0x0F) << 4)}};
}

namespace {

const qos_flow_parameter* find_parameter(const qos_flow_description& d, std::uint8_t id,
                                         std::size_t length) {
  for (const qos_flow_parameter& p : d.parameters) {
    if (p.id == id && p.contents.size() == length) {
      return &p;
    }
  }
  return nullptr;
}

// §9.11.4.12 Table 9.11.4.12.1: the length of each known parameter's contents.
std::size_t known_length(std::uint8_t id) {
  switch (id) {
    case qos_parameter_id::five_qi:
    case qos_parameter_id::eps_bearer_identity:
      return 1;
    case qos_parameter_id::gfbr_uplink:
    case qos_parameter_id::gfbr_downlink:
    case qos_parameter_id::mfbr_uplink:
    case qos_parameter_id::mfbr_downlink:
      return 3;
    case qos_parameter_id::averaging_window:
      return 2;
    default:
      return 0;  // unknown: any length
  }
}

}  // namespace

std::optional<std::uint8_t> qos_flow_description::five_qi() const {
  const auto* p = find_parameter(*this, qos_parameter_id::five_qi, 1);
  return p ? std::optional<std::uint8_t>(p->contents[0]) : std::nullopt;
}

std::optional<bit_rate> qos_flow_description::rate(std::uint8_t parameter_id) const {
  const auto* p = find_parameter(*this, parameter_id, 3);
  if (!p) {
    return std::nullopt;
  }
  return bit_rate{p->contents[0], static_cast<std::uint16_t>(p->contents[1] << 8 | p->contents[2])};
}

std::optional<std::uint16_t> qos_flow_description::averaging_window() const {
  const auto* p = find_parameter(*this, qos_parameter_id::averaging_window, 2);
  return p ? std::optional<std::uint16_t>(
                 static_cast<std::uint16_t>(p->contents[0] << 8 | p->contents[1]))
           : std::nullopt;
}

std::optional<std::uint8_t> qos_flow_description::eps_bearer_identity() const {
  const auto* p = find_parameter(*this, qos_parameter_id::eps_bearer_identity, 1);
  return p ? std::optional<std::uint8_t>(p->contents[0] >> 4) : std::nullopt;
}

expected<qos_flow_descriptions, nas_error> qos_flow_descriptions::decode(byte_span v) {
  byte_reader r(v);
  qos_flow_descriptions out;
  while (!r.empty()) {
    auto qfi = r.read_u8();
    auto op = qfi ? r.read_u8() : fail(buffer_error::truncated);
    auto count = op ? r.read_u8() : fail(buffer_error::truncated);
    if (!count) {
      return fail(nas_error::invalid_value);
    }
    qos_flow_description d;
    d.qfi = *qfi & 0x3F;
    const std::uint8_t code = *op >> 5;
    if (code < 1 || code > 3) {
      return fail(nas_error::invalid_value);  // reserved operation code
    }
    d.operation = static_cast<qos_flow_operation>(code);
    d.e_bit = (*count & 0x40) != 0;
    for (std::size_t i = 0; i < (*count & 0x3F); ++i) {
      auto id = r.read_u8();
      auto length = id ? r.read_u8() : fail(buffer_error::truncated);
      auto contents = length ? r.read_bytes(*length) : fail(buffer_error::truncated);
      if (!contents) {
        return fail(nas_error::invalid_value);
      }
      const std::size_t expected_length = known_length(*id);
      if (expected_length != 0 && contents->size() != expected_length) {
        return fail(nas_error::invalid_value);
      }
      d.parameters.push_back({*id, {contents->begin(), contents->end()}});
    }
    out.flows.push_back(std::move(d));
  }
  return out;
}

expected<void, nas_error> qos_flow_descriptions::encode(byte_writer& w) const {
  for (const qos_flow_description& d : flows) {
    const std::size_t count = d.parameters.size();
    if (count > 63) {  // §9.11.4.12: a 6-bit number of parameters
      return fail(nas_error::invalid_value);
    }
    w.write_u8(d.qfi & 0x3F);
    w.write_u8(static_cast<std::uint8_t>((static_cast<std::uint8_t>(d.operation) & 7) << 5));
    w.write_u8(static_cast<std::uint8_t>((d.e_bit ? 0x40 : 0) | count));
    for (std::size_t i = 0; i < count; ++i) {
      const qos_flow_parameter& p = d.parameters[i];
      if (p.contents.size() > 255) {
        return fail(nas_error::invalid_value);
      }
      w.write_u8(p.id);
      w.write_u8(static_cast<std::uint8_t>(p.contents.size()));
      w.write_bytes(p.contents);
    }
  }
  return {};
}

}  // namespace glasscore::nas
