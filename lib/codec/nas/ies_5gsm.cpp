#include "glasscore/codec/nas/ies_5gsm.h"

#include <algorithm>
#include <limits>

namespace glasscore::nas {

expected<gsm_cause_ie, nas_error> gsm_cause_ie::decode(byte_span v) {
  if (v.size() != 1) {
    return fail(nas_error::invalid_value);
  }
  return gsm_cause_ie{static_cast<gsm_cause>(v[0])};
}

// §9.11.4.11: bit 4 is spare and ignored on receipt.
expected<pdu_session_type, nas_error> pdu_session_type::from_nibble(std::uint8_t n) {
  return pdu_session_type{static_cast<pdu_session_type_value>(n & 7)};
}

// §9.11.4.16: bit 4 is spare.
expected<ssc_mode, nas_error> ssc_mode::from_nibble(std::uint8_t n) {
  return ssc_mode{static_cast<ssc_mode_value>(n & 7)};
}

expected<allowed_ssc_mode, nas_error> allowed_ssc_mode::from_nibble(std::uint8_t n) {
  return allowed_ssc_mode{(n & 1) != 0, (n & 2) != 0, (n & 4) != 0};
}

std::uint8_t allowed_ssc_mode::to_nibble() const {
  return static_cast<std::uint8_t>((ssc1 ? 1 : 0) | (ssc2 ? 2 : 0) | (ssc3 ? 4 : 0));
}

expected<integrity_protection_max_data_rate, nas_error> integrity_protection_max_data_rate::decode(
    byte_span v) {
  if (v.size() != 2) {
    return fail(nas_error::invalid_value);
  }
  return integrity_protection_max_data_rate{static_cast<integrity_max_rate>(v[0]),
                                            static_cast<integrity_max_rate>(v[1])};
}

void integrity_protection_max_data_rate::encode(byte_writer& w) const {
  w.write_u8(static_cast<std::uint8_t>(uplink));
  w.write_u8(static_cast<std::uint8_t>(downlink));
}

// §9.11.4.9: octet 3 holds bits 11-4 of the count, bits 8-6 of octet 4 its bits 3-1.
expected<max_supported_packet_filters, nas_error> max_supported_packet_filters::decode(
    byte_span v) {
  if (v.size() != 2) {
    return fail(nas_error::invalid_value);
  }
  return max_supported_packet_filters{static_cast<std::uint16_t>((v[0] << 3) | (v[1] >> 5))};
}

void max_supported_packet_filters::encode(byte_writer& w) const {
  const std::uint16_t c = count & 0x07FF;
  w.write_u8(static_cast<std::uint8_t>(c >> 3));
  w.write_u8(static_cast<std::uint8_t>((c & 7) << 5));
}

namespace {

constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();

// Bits per second of one step of `unit` (1..25): 1, 4, 16, 64, 256 times 1000^k.
std::uint64_t unit_bps(std::uint8_t unit) {
  const std::uint8_t u = std::min<std::uint8_t>(unit, 25);
  std::uint64_t bps = 1000;
  for (int k = 0; k < (u - 1) / 5; ++k) {
    bps *= 1000;
  }
  return bps << (2 * ((u - 1) % 5));
}

}  // namespace

std::uint64_t bit_rate::bits_per_second() const {
  if (unit == 0) {
    return 0;
  }
  const std::uint64_t per = unit_bps(unit);
  if (value != 0 && per > u64_max / value) {
    return u64_max;
  }
  return per * value;
}

bit_rate bit_rate::from_bits_per_second(std::uint64_t bps) {
  for (std::uint8_t unit = 1; unit <= 25; ++unit) {
    const std::uint64_t per = unit_bps(unit);
    const std::uint64_t count = bps / per + (bps % per != 0 ? 1 : 0);
    if (count <= 0xFFFF) {
      return bit_rate{unit, static_cast<std::uint16_t>(count)};
    }
  }
  return bit_rate{25, 0xFFFF};
}

expected<session_ambr, nas_error> session_ambr::decode(byte_span v) {
  if (v.size() != 6) {
    return fail(nas_error::invalid_value);
  }
  return session_ambr{bit_rate{v[0], static_cast<std::uint16_t>(v[1] << 8 | v[2])},
                      bit_rate{v[3], static_cast<std::uint16_t>(v[4] << 8 | v[5])}};
}

void session_ambr::encode(byte_writer& w) const {
  w.write_u8(downlink.unit);
  w.write_u16(downlink.value);
  w.write_u8(uplink.unit);
  w.write_u16(uplink.value);
}

expected<pdu_address, nas_error> pdu_address::decode(byte_span v) {
  if (v.empty()) {
    return fail(nas_error::invalid_value);
  }
  pdu_address a;
  a.type = static_cast<pdu_session_type_value>(v[0] & 7);
  const bool si6lla = (v[0] & 0x08) != 0;
  byte_span info = v.subspan(1);
  const std::size_t lla = si6lla ? 16 : 0;
  auto take = [&info](auto& out) {
    std::copy_n(info.begin(), out.size(), out.begin());
    info = info.subspan(out.size());
  };
  switch (a.type) {
    case pdu_session_type_value::ipv4:
      if (info.size() != 4 + lla) {
        return fail(nas_error::invalid_value);
      }
      take(a.ipv4.emplace());
      break;
    case pdu_session_type_value::ipv6:
      if (info.size() != 8 + lla) {
        return fail(nas_error::invalid_value);
      }
      take(a.ipv6_interface_id.emplace());
      break;
    case pdu_session_type_value::ipv4v6:
      if (info.size() != 12 + lla) {
        return fail(nas_error::invalid_value);
      }
      take(a.ipv6_interface_id.emplace());
      take(a.ipv4.emplace());
      break;
    default:
      if (info.size() < lla) {
        return fail(nas_error::invalid_value);
      }
      a.other.assign(info.begin(), info.end() - static_cast<std::ptrdiff_t>(lla));
      info = info.subspan(info.size() - lla);
      break;
  }
  if (si6lla) {
    take(a.smf_ipv6_link_local.emplace());
  }
  return a;
}

void pdu_address::encode(byte_writer& w) const {
  const std::uint8_t t = static_cast<std::uint8_t>(type) & 7;
  w.write_u8(static_cast<std::uint8_t>(t | (smf_ipv6_link_local ? 0x08 : 0)));
  const std::array<std::uint8_t, 8> zero_iid{};
  const std::array<std::uint8_t, 4> zero_ipv4{};
  switch (type) {
    case pdu_session_type_value::ipv4:
      w.write_bytes(ipv4 ? *ipv4 : zero_ipv4);
      break;
    case pdu_session_type_value::ipv6:
      w.write_bytes(ipv6_interface_id ? *ipv6_interface_id : zero_iid);
      break;
    case pdu_session_type_value::ipv4v6:
      w.write_bytes(ipv6_interface_id ? *ipv6_interface_id : zero_iid);
      w.write_bytes(ipv4 ? *ipv4 : zero_ipv4);
      break;
    default:
      w.write_bytes(other);
      break;
  }
  if (smf_ipv6_link_local) {
    w.write_bytes(*smf_ipv6_link_local);
  }
}

bool extended_pco::requests(std::uint16_t id) const {
  return std::any_of(containers.begin(), containers.end(),
                     [id](const pco_container& c) { return c.id == id && c.contents.empty(); });
}

std::vector<std::array<std::uint8_t, 4>> extended_pco::ipv4_addresses(std::uint16_t id) const {
  std::vector<std::array<std::uint8_t, 4>> out;
  for (const pco_container& c : containers) {
    if (c.id == id && c.contents.size() == 4) {
      std::copy(c.contents.begin(), c.contents.end(), out.emplace_back().begin());
    }
  }
  return out;
}

std::vector<std::array<std::uint8_t, 16>> extended_pco::ipv6_addresses(std::uint16_t id) const {
  std::vector<std::array<std::uint8_t, 16>> out;
  for (const pco_container& c : containers) {
    if (c.id == id && c.contents.size() == 16) {
      std::copy(c.contents.begin(), c.contents.end(), out.emplace_back().begin());
    }
  }
  return out;
}

std::optional<std::uint16_t> extended_pco::ipv4_link_mtu() const {
  for (const pco_container& c : containers) {
    if (c.id == pco_id::ipv4_link_mtu && c.contents.size() == 2) {
      return static_cast<std::uint16_t>(c.contents[0] << 8 | c.contents[1]);
    }
  }
  return std::nullopt;
}

// TS 24.008 §10.5.6.3A: each container is a 2-octet ID and a 1-octet length. A container
// cut short by the end of the IE makes the IE undecodable (it is then treated as absent).
expected<extended_pco, nas_error> extended_pco::decode(byte_span v) {
  byte_reader r(v);
  auto header = r.read_u8();
  if (!header) {
    return fail(nas_error::invalid_value);
  }
  extended_pco p;
  p.header = *header;
  while (!r.empty()) {
    auto id = r.read_u16();
    auto length = id ? r.read_u8() : fail(buffer_error::truncated);
    auto contents = length ? r.read_bytes(*length) : fail(buffer_error::truncated);
    if (!contents) {
      return fail(nas_error::invalid_value);
    }
    p.containers.push_back({*id, {contents->begin(), contents->end()}});
  }
  return p;
}

expected<void, nas_error> extended_pco::encode(byte_writer& w) const {
  w.write_u8(header);
  for (const pco_container& c : containers) {
    if (c.contents.size() > 255) {
      return fail(nas_error::invalid_value);
    }
    w.write_u16(c.id);
    w.write_u8(static_cast<std::uint8_t>(c.contents.size()));
    w.write_bytes(c.contents);
  }
  return {};
}

}  // namespace glasscore::nas
