#include "glasscore/codec/nas/ies_5gmm.h"

namespace glasscore::nas {

namespace {
expected<std::uint32_t, nas_error> read_tac(byte_reader& r) {
  auto tac = r.read_u24();
  return tac ? expected<std::uint32_t, nas_error>(*tac) : fail(nas_error::truncated);
}
expected<plmn_id, nas_error> read_plmn(byte_reader& r) {
  auto octets = r.read_bytes(3);
  return octets ? plmn_id::decode(*octets) : fail(nas_error::truncated);
}
expected<void, nas_error> write_tac(byte_writer& w, std::uint32_t tac) {
  return w.write_u24(tac).map_error([](buffer_error) { return nas_error::invalid_value; });
}
}  // namespace

expected<ue_security_capability, nas_error> ue_security_capability::decode(byte_span v) {
  if (v.size() < 2) {
    return fail(nas_error::invalid_value);
  }
  ue_security_capability c;
  c.nr_ea = v[0];
  c.nr_ia = v[1];
  if (v.size() >= 3) {
    c.eutra_ea = v[2];
  }
  if (v.size() >= 4) {
    c.eutra_ia = v[3];
  }
  if (v.size() > 4) {
    c.spare.assign(v.begin() + 4, v.end());
  }
  return c;
}

void ue_security_capability::encode(byte_writer& w) const {
  w.write_u8(nr_ea);
  w.write_u8(nr_ia);
  if (eutra_ea) {
    w.write_u8(*eutra_ea);
    if (eutra_ia) {
      w.write_u8(*eutra_ia);
      w.write_bytes(spare);
    }
  }
}

expected<registration_result, nas_error> registration_result::decode(byte_span v) {
  if (v.size() != 1) {
    return fail(nas_error::invalid_value);
  }
  return registration_result{static_cast<std::uint8_t>(v[0] & 0x07), (v[0] & 0x08) != 0,
                             (v[0] & 0x10) != 0, (v[0] & 0x20) != 0, (v[0] & 0x40) != 0};
}

void registration_result::encode(byte_writer& w) const {
  w.write_u8(static_cast<std::uint8_t>(
      (disaster_roaming ? 0x40 : 0) | (emergency_registered ? 0x20 : 0) |
      (nssaa_to_be_performed ? 0x10 : 0) | (sms_allowed ? 0x08 : 0) | (access & 0x07)));
}

expected<tai_ie, nas_error> tai_ie::decode(byte_span v) {
  byte_reader r(v);
  auto plmn = read_plmn(r);
  auto tac = plmn ? read_tac(r) : fail(plmn.error());
  if (!tac) {
    return fail(nas_error::invalid_value);
  }
  return tai_ie{{*plmn, *tac}};
}

expected<void, nas_error> tai_ie::encode(byte_writer& w) const {
  return value.plmn.encode(w).and_then([&] { return write_tac(w, value.tac); });
}

std::vector<tai> tai_list::all() const {
  std::vector<tai> out;
  for (const partial_list& l : lists) {
    switch (l.type) {
      case list_type::tacs_one_plmn:
        for (std::uint32_t tac : l.tacs) {
          out.push_back({l.plmn, tac});
        }
        break;
      case list_type::consecutive_tacs_one_plmn:
        for (std::uint32_t i = 0; i < l.count && !l.tacs.empty(); ++i) {
          out.push_back({l.plmn, (l.tacs[0] + i) & 0xFFFFFF});
        }
        break;
      case list_type::tais_many_plmns:
        out.insert(out.end(), l.tais.begin(), l.tais.end());
        break;
    }
  }
  return out;
}

expected<tai_list, nas_error> tai_list::decode(byte_span v) {
  tai_list list;
  byte_reader r(v);
  while (!r.empty()) {
    const std::uint8_t head = *r.read_u8();
    partial_list p;
    p.type = static_cast<list_type>((head >> 5) & 0x03);
    const std::size_t elements = (head & 0x1F) + 1U;
    switch (p.type) {
      case list_type::tacs_one_plmn: {
        auto plmn = read_plmn(r);
        if (!plmn) {
          return fail(plmn.error());
        }
        p.plmn = *plmn;
        for (std::size_t i = 0; i < elements; ++i) {
          auto tac = read_tac(r);
          if (!tac) {
            return fail(tac.error());
          }
          p.tacs.push_back(*tac);
        }
        break;
      }
      case list_type::consecutive_tacs_one_plmn: {
        auto plmn = read_plmn(r);
        auto tac = plmn ? read_tac(r) : fail(plmn.error());
        if (!tac) {
          return fail(tac.error());
        }
        p.plmn = *plmn;
        p.tacs.push_back(*tac);
        p.count = static_cast<std::uint8_t>(elements);
        break;
      }
      case list_type::tais_many_plmns:
        for (std::size_t i = 0; i < elements; ++i) {
          auto plmn = read_plmn(r);
          auto tac = plmn ? read_tac(r) : fail(plmn.error());
          if (!tac) {
            return fail(tac.error());
          }
          p.tais.push_back({*plmn, *tac});
        }
        break;
      default:
        return fail(nas_error::invalid_value);  // type 11 is reserved
    }
    list.lists.push_back(std::move(p));
  }
  return list;
}

expected<void, nas_error> tai_list::encode(byte_writer& w) const {
  for (const partial_list& p : lists) {
    std::size_t elements = 0;
    switch (p.type) {
      case list_type::tacs_one_plmn:
        elements = p.tacs.size();
        break;
      case list_type::consecutive_tacs_one_plmn:
        elements = p.tacs.size() == 1 ? p.count : 0;
        break;
      case list_type::tais_many_plmns:
        elements = p.tais.size();
        break;
    }
    if (elements == 0 || elements > 16) {  // §9.11.3.9: at most 16 elements per list
      return fail(nas_error::invalid_value);
    }
    w.write_u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(p.type) << 5 | (elements - 1)));
    expected<void, nas_error> ok{};
    if (p.type == list_type::tais_many_plmns) {
      for (const tai& t : p.tais) {
        ok = ok.and_then([&] { return t.plmn.encode(w); }).and_then([&] {
          return write_tac(w, t.tac);
        });
      }
    } else {
      ok = p.plmn.encode(w);
      for (std::uint32_t tac : p.tacs) {
        ok = ok.and_then([&] { return write_tac(w, tac); });
      }
    }
    if (!ok) {
      return ok;
    }
  }
  return {};
}

expected<rejected_nssai, nas_error> rejected_nssai::decode(byte_span v) {
  rejected_nssai out;
  byte_reader r(v);
  while (!r.empty()) {
    const std::uint8_t head = *r.read_u8();
    const std::size_t length = head >> 4;
    auto body = r.read_bytes(length);
    if (!body || (length != 1 && length != 4)) {
      return fail(nas_error::invalid_value);
    }
    entry e;
    e.cause = head & 0x0F;
    e.sst = (*body)[0];
    if (length == 4) {
      e.sd = (std::uint32_t{(*body)[1]} << 16) | (std::uint32_t{(*body)[2]} << 8) | (*body)[3];
    }
    out.entries.push_back(e);
  }
  return out;
}

void rejected_nssai::encode(byte_writer& w) const {
  for (const entry& e : entries) {
    w.write_u8(static_cast<std::uint8_t>((e.sd ? 4 : 1) << 4 | (e.cause & 0x0F)));
    w.write_u8(e.sst);
    if (e.sd) {
      (void)w.write_u24(*e.sd & 0xFFFFFF);
    }
  }
}

expected<network_feature_support, nas_error> network_feature_support::decode(byte_span v) {
  if (v.empty() || v.size() > 3) {
    return fail(nas_error::invalid_value);
  }
  return network_feature_support{{v.begin(), v.end()}};
}

expected<reactivation_error_causes, nas_error> reactivation_error_causes::decode(byte_span v) {
  if (v.size() % 2 != 0) {
    return fail(nas_error::invalid_value);
  }
  reactivation_error_causes out;
  for (std::size_t i = 0; i < v.size(); i += 2) {
    out.entries.push_back({v[i], static_cast<gmm_cause>(v[i + 1])});
  }
  return out;
}

void reactivation_error_causes::encode(byte_writer& w) const {
  for (const entry& e : entries) {
    w.write_u8(e.psi);
    w.write_u8(static_cast<std::uint8_t>(e.cause));
  }
}

namespace {
// The optional IEs of a payload container entry (§9.11.3.39): PDU session ID (0x12), old
// PDU session ID (0x59) and 5GMM cause (0x58) are TV with one value octet; type 1 IEs
// (request type, MA PDU session information...) have bit 8 set; the rest are TLV.
expected<void, nas_error> skip_entry_ie(byte_reader& r) {
  auto iei = r.read_u8();
  if (!iei) {
    return fail(nas_error::truncated);
  }
  std::size_t length = 0;
  if ((*iei & 0x80) != 0) {
    return {};
  }
  if (*iei == 0x12 || *iei == 0x58 || *iei == 0x59) {
    length = 1;
  } else {
    auto l = r.read_u8();
    if (!l) {
      return fail(nas_error::truncated);
    }
    length = *l;
  }
  return r.skip(length).map_error([](buffer_error) { return nas_error::truncated; });
}
}  // namespace

expected<std::vector<payload_entry>, nas_error> decode_multiple_payloads(byte_span v) {
  byte_reader r(v);
  auto count = r.read_u8();
  if (!count || *count == 0) {
    return fail(nas_error::invalid_value);
  }
  std::vector<payload_entry> entries;
  for (std::size_t i = 0; i < *count; ++i) {
    auto length = r.read_u16();
    auto body = length ? r.read_bytes(*length) : fail(buffer_error::truncated);
    if (!body || body->empty()) {
      return fail(nas_error::invalid_value);
    }
    byte_reader e(*body);
    const std::uint8_t head = *e.read_u8();
    payload_entry entry;
    entry.type = static_cast<payload_type>(head & 0x0F);
    entry.optional_ie_count = head >> 4;
    const std::size_t ies_start = e.position();
    for (std::size_t k = 0; k < entry.optional_ie_count; ++k) {
      if (auto ok = skip_entry_ie(e); !ok) {
        return fail(ok.error());
      }
    }
    entry.optional_ies.assign(body->begin() + static_cast<std::ptrdiff_t>(ies_start),
                              body->begin() + static_cast<std::ptrdiff_t>(e.position()));
    const byte_span contents = e.read_rest();
    entry.contents.assign(contents.begin(), contents.end());
    entries.push_back(std::move(entry));
  }
  if (!r.empty()) {
    return fail(nas_error::invalid_value);
  }
  return entries;
}

expected<std::vector<std::uint8_t>, nas_error> encode_multiple_payloads(
    const std::vector<payload_entry>& entries) {
  if (entries.empty() || entries.size() > 255) {
    return fail(nas_error::invalid_value);
  }
  byte_writer w;
  w.write_u8(static_cast<std::uint8_t>(entries.size()));
  for (const payload_entry& e : entries) {
    const std::size_t length = 1 + e.optional_ies.size() + e.contents.size();
    if (length > 0xFFFF || e.optional_ie_count > 15) {
      return fail(nas_error::invalid_value);
    }
    w.write_u16(static_cast<std::uint16_t>(length));
    w.write_u8(static_cast<std::uint8_t>(e.optional_ie_count << 4 |
                                         (static_cast<std::uint8_t>(e.type) & 0x0F)));
    w.write_bytes(e.optional_ies);
    w.write_bytes(e.contents);
  }
  return w.release();
}

}  // namespace glasscore::nas
