// §9.11.3.4 5GS mobile identity, figures 9.11.3.4.1 to 9.11.3.4.8.
#include "glasscore/codec/nas/mobile_identity.h"

#include "bcd.h"

namespace glasscore::nas {

namespace {

constexpr std::uint8_t supi_format_imsi = 0;
constexpr std::uint8_t supi_format_nai = 1;

expected<mobile_identity, nas_error> invalid() {
  return fail(nas_error::invalid_value);
}

expected<mobile_identity, nas_error> decode_suci(byte_span v) {
  const std::uint8_t supi_format = (v[0] >> 4) & 0x07;
  if (supi_format == supi_format_nai) {
    return mobile_identity{suci_nai{{v.begin() + 1, v.end()}}};
  }
  if (supi_format != supi_format_imsi || v.size() < 8) {
    return invalid();
  }
  auto plmn = plmn_id::decode(v.subspan(1, 3));
  auto routing = bcd::decode(v.subspan(4, 2));
  if (!plmn || !routing || routing->empty()) {
    return invalid();
  }
  crypto::suci s;
  s.type = crypto::supi_type::imsi;
  s.mcc = plmn->mcc;
  s.mnc = plmn->mnc;
  s.routing_indicator = *routing;
  s.scheme = static_cast<crypto::protection_scheme>(v[6] & 0x0F);
  s.hn_public_key_id = v[7];
  const byte_span output = v.subspan(8);
  if (s.scheme == crypto::protection_scheme::null_scheme) {
    // The null scheme's output is the MSIN itself, in BCD.
    auto msin = bcd::decode(output);
    if (!msin) {
      return invalid();
    }
    s.msin = *msin;
  } else {
    s.scheme_output.assign(output.begin(), output.end());
  }
  return mobile_identity{std::move(s)};
}

// IMEI and IMEISV: digit 1 in bits 5-8 of the first octet, bit 4 odd/even, then pairs.
template <class T>
expected<mobile_identity, nas_error> decode_imei_like(byte_span v, std::size_t expected_digits) {
  const bool odd = (v[0] & 0x08) != 0;
  auto rest = bcd::decode(v.subspan(1));
  if (!rest || (v[0] >> 4) > 9) {
    return invalid();
  }
  std::string digits(1, static_cast<char>('0' + (v[0] >> 4)));
  digits += *rest;
  if (digits.size() != expected_digits || (digits.size() % 2 == 1) != odd) {
    return invalid();
  }
  return mobile_identity{T{digits}};
}

expected<void, nas_error> encode_imei_like(std::uint8_t type, std::string_view digits,
                                           std::size_t expected_digits, byte_writer& w) {
  if (digits.size() != expected_digits || digits[0] < '0' || digits[0] > '9') {
    return fail(nas_error::invalid_value);
  }
  const bool odd = digits.size() % 2 == 1;
  w.write_u8(static_cast<std::uint8_t>((digits[0] - '0') << 4 | (odd ? 0x08 : 0) | type));
  if (!bcd::encode(digits.substr(1), w)) {
    return fail(nas_error::invalid_value);
  }
  return {};
}

void write_amf_set_pointer(byte_writer& w, std::uint16_t set_id, std::uint8_t pointer) {
  w.write_u16(static_cast<std::uint16_t>((set_id & 0x3FF) << 6 | (pointer & 0x3F)));
}

}  // namespace

identity_type mobile_identity::type() const {
  struct visitor {
    identity_type operator()(const no_identity&) const { return identity_type::none; }
    identity_type operator()(const crypto::suci&) const { return identity_type::suci; }
    identity_type operator()(const suci_nai&) const { return identity_type::suci; }
    identity_type operator()(const guti_5g&) const { return identity_type::guti; }
    identity_type operator()(const imei&) const { return identity_type::imei; }
    identity_type operator()(const s_tmsi_5g&) const { return identity_type::s_tmsi; }
    identity_type operator()(const imeisv&) const { return identity_type::imeisv; }
    identity_type operator()(const mac_address&) const { return identity_type::mac_address; }
    identity_type operator()(const eui64&) const { return identity_type::eui64; }
  };
  return std::visit(visitor{}, value);
}

expected<mobile_identity, nas_error> mobile_identity::decode(byte_span v) {
  if (v.empty()) {
    return invalid();
  }
  switch (static_cast<identity_type>(v[0] & 0x07)) {
    case identity_type::none:
      return mobile_identity{no_identity{}};
    case identity_type::suci:
      return decode_suci(v);
    case identity_type::guti: {
      if (v.size() != 11) {
        return invalid();
      }
      auto plmn = plmn_id::decode(v.subspan(1, 3));
      if (!plmn) {
        return invalid();
      }
      const auto set_pointer = static_cast<std::uint16_t>(v[5] << 8 | v[6]);
      return mobile_identity{guti_5g{*plmn, v[4], static_cast<std::uint16_t>(set_pointer >> 6),
                                     static_cast<std::uint8_t>(set_pointer & 0x3F),
                                     load_be32(v.data() + 7)}};
    }
    case identity_type::imei:
      return decode_imei_like<imei>(v, 15);
    case identity_type::s_tmsi: {
      if (v.size() != 7) {
        return invalid();
      }
      const auto set_pointer = static_cast<std::uint16_t>(v[1] << 8 | v[2]);
      return mobile_identity{s_tmsi_5g{static_cast<std::uint16_t>(set_pointer >> 6),
                                       static_cast<std::uint8_t>(set_pointer & 0x3F),
                                       load_be32(v.data() + 3)}};
    }
    case identity_type::imeisv:
      return decode_imei_like<imeisv>(v, 16);
    case identity_type::mac_address: {
      if (v.size() != 7) {
        return invalid();
      }
      mac_address mac;
      mac.usage_restricted = (v[0] & 0x08) != 0;
      std::copy(v.begin() + 1, v.end(), mac.octets.begin());
      return mobile_identity{mac};
    }
    case identity_type::eui64: {
      if (v.size() != 9) {
        return invalid();
      }
      eui64 e;
      std::copy(v.begin() + 1, v.end(), e.octets.begin());
      return mobile_identity{e};
    }
  }
  return invalid();
}

expected<void, nas_error> mobile_identity::encode(byte_writer& w) const {
  struct visitor {
    byte_writer& w;
    expected<void, nas_error> operator()(const no_identity&) const {
      w.write_u8(static_cast<std::uint8_t>(identity_type::none));
      return {};
    }
    expected<void, nas_error> operator()(const crypto::suci& s) const {
      if (s.routing_indicator.empty() || s.routing_indicator.size() > 4 ||
          static_cast<std::uint8_t>(s.scheme) > 0x0F) {
        return fail(nas_error::invalid_value);
      }
      w.write_u8(static_cast<std::uint8_t>(supi_format_imsi << 4 | 0x01));
      if (auto ok = plmn_id{s.mcc, s.mnc}.encode(w); !ok) {
        return ok;
      }
      byte_writer routing;
      if (!bcd::encode(s.routing_indicator, routing)) {
        return fail(nas_error::invalid_value);
      }
      w.write_bytes(routing.view());
      for (std::size_t i = routing.size(); i < 2; ++i) {
        w.write_u8(0xFF);  // routing indicator digits not used
      }
      w.write_u8(static_cast<std::uint8_t>(s.scheme));
      w.write_u8(s.hn_public_key_id);
      if (s.scheme == crypto::protection_scheme::null_scheme) {
        if (!bcd::encode(s.msin, w)) {
          return fail(nas_error::invalid_value);
        }
      } else {
        w.write_bytes(s.scheme_output);
      }
      return {};
    }
    expected<void, nas_error> operator()(const suci_nai& s) const {
      w.write_u8(static_cast<std::uint8_t>(supi_format_nai << 4 | 0x01));
      w.write_bytes({reinterpret_cast<const std::uint8_t*>(s.nai.data()), s.nai.size()});
      return {};
    }
    expected<void, nas_error> operator()(const guti_5g& g) const {
      if (g.amf_set_id > 0x3FF || g.amf_pointer > 0x3F) {
        return fail(nas_error::invalid_value);
      }
      w.write_u8(0xF0 | static_cast<std::uint8_t>(identity_type::guti));
      if (auto ok = g.plmn.encode(w); !ok) {
        return ok;
      }
      w.write_u8(g.amf_region_id);
      write_amf_set_pointer(w, g.amf_set_id, g.amf_pointer);
      w.write_u32(g.tmsi);
      return {};
    }
    expected<void, nas_error> operator()(const imei& i) const {
      return encode_imei_like(static_cast<std::uint8_t>(identity_type::imei), i.digits, 15, w);
    }
    expected<void, nas_error> operator()(const s_tmsi_5g& s) const {
      if (s.amf_set_id > 0x3FF || s.amf_pointer > 0x3F) {
        return fail(nas_error::invalid_value);
      }
      w.write_u8(0xF0 | static_cast<std::uint8_t>(identity_type::s_tmsi));
      write_amf_set_pointer(w, s.amf_set_id, s.amf_pointer);
      w.write_u32(s.tmsi);
      return {};
    }
    expected<void, nas_error> operator()(const imeisv& i) const {
      return encode_imei_like(static_cast<std::uint8_t>(identity_type::imeisv), i.digits, 16, w);
    }
    expected<void, nas_error> operator()(const mac_address& m) const {
      w.write_u8(static_cast<std::uint8_t>((m.usage_restricted ? 0x08 : 0) |
                                           static_cast<std::uint8_t>(identity_type::mac_address)));
      w.write_bytes(m.octets);
      return {};
    }
    expected<void, nas_error> operator()(const eui64& e) const {
      w.write_u8(static_cast<std::uint8_t>(identity_type::eui64));
      w.write_bytes(e.octets);
      return {};
    }
  };
  return std::visit(visitor{w}, value);
}

}  // namespace glasscore::nas
