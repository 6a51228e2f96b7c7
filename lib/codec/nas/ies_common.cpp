#include "glasscore/codec/nas/ies_common.h"

#include <algorithm>

namespace glasscore::nas {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::uint8_t digit(char c) {
  return static_cast<std::uint8_t>(c - '0');
}

char digit_char(std::uint8_t d) {
  return static_cast<char>('0' + d);
}

std::uint32_t read_u24(byte_span v, std::size_t at) {
  return (std::uint32_t{v[at]} << 16) | (std::uint32_t{v[at + 1]} << 8) | v[at + 2];
}

void write_u24(byte_writer& w, std::uint32_t x) {
  w.write_u8(static_cast<std::uint8_t>(x >> 16));
  w.write_u16(static_cast<std::uint16_t>(x));
}

}  // namespace

expected<plmn_id, nas_error> plmn_id::decode(byte_span v) {
  if (v.size() < 3) {
    return fail(nas_error::truncated);
  }
  const std::uint8_t d[6] = {
      static_cast<std::uint8_t>(v[0] & 0x0F), static_cast<std::uint8_t>(v[0] >> 4),
      static_cast<std::uint8_t>(v[1] & 0x0F), static_cast<std::uint8_t>(v[1] >> 4),
      static_cast<std::uint8_t>(v[2] & 0x0F), static_cast<std::uint8_t>(v[2] >> 4)};
  // MCC 1, 2, 3 | MNC 3 (0xF when absent) | MNC 1, 2.
  for (std::uint8_t x : {d[0], d[1], d[2], d[4], d[5]}) {
    if (x > 9) {
      return fail(nas_error::invalid_value);
    }
  }
  if (d[3] > 9 && d[3] != 0x0F) {
    return fail(nas_error::invalid_value);
  }
  plmn_id p;
  p.mcc = {digit_char(d[0]), digit_char(d[1]), digit_char(d[2])};
  p.mnc = {digit_char(d[4]), digit_char(d[5])};
  if (d[3] != 0x0F) {
    p.mnc.push_back(digit_char(d[3]));
  }
  return p;
}

expected<void, nas_error> plmn_id::encode(byte_writer& w) const {
  if (mcc.size() != 3 || (mnc.size() != 2 && mnc.size() != 3) ||
      !std::all_of(mcc.begin(), mcc.end(), is_digit) ||
      !std::all_of(mnc.begin(), mnc.end(), is_digit)) {
    return fail(nas_error::invalid_value);
  }
  const std::uint8_t mnc3 = mnc.size() == 3 ? digit(mnc[2]) : 0x0F;
  w.write_u8(static_cast<std::uint8_t>(digit(mcc[1]) << 4 | digit(mcc[0])));
  w.write_u8(static_cast<std::uint8_t>(mnc3 << 4 | digit(mcc[2])));
  w.write_u8(static_cast<std::uint8_t>(digit(mnc[1]) << 4 | digit(mnc[0])));
  return {};
}

expected<s_nssai, nas_error> s_nssai::decode(byte_span v) {
  s_nssai s;
  switch (v.size()) {
    case 1:
      s.sst = v[0];
      break;
    case 2:
      s.sst = v[0];
      s.mapped_sst = v[1];
      break;
    case 4:
      s.sst = v[0];
      s.sd = read_u24(v, 1);
      break;
    case 5:
      s.sst = v[0];
      s.sd = read_u24(v, 1);
      s.mapped_sst = v[4];
      break;
    case 8:
      s.sst = v[0];
      s.sd = read_u24(v, 1);
      s.mapped_sst = v[4];
      s.mapped_sd = read_u24(v, 5);
      break;
    default:
      return fail(nas_error::invalid_value);
  }
  return s;
}

void s_nssai::encode(byte_writer& w) const {
  // The mapped SD only exists alongside an SD and a mapped SST (the 8-octet form).
  w.write_u8(sst);
  if (sd) {
    write_u24(w, *sd & 0xFFFFFF);
  }
  if (mapped_sst) {
    w.write_u8(*mapped_sst);
    if (sd && mapped_sd) {
      write_u24(w, *mapped_sd & 0xFFFFFF);
    }
  }
}

expected<nssai, nas_error> nssai::decode(byte_span v) {
  nssai n;
  byte_reader r(v);
  while (!r.empty()) {
    auto length = r.read_u8();
    auto value = length ? r.read_bytes(*length) : fail(buffer_error::truncated);
    if (!value) {
      return fail(nas_error::truncated);
    }
    auto s = s_nssai::decode(*value);
    if (!s) {
      return fail(s.error());
    }
    n.values.push_back(*s);
  }
  return n;
}

void nssai::encode(byte_writer& w) const {
  for (const s_nssai& s : values) {
    const std::size_t at = w.reserve_field(1);
    s.encode(w);
    (void)w.patch_field(at, 1, w.size() - at - 1);  // at most 8 octets: always fits
  }
}

namespace {
// TS 23.003 §9.1: APN labels are letters, digits and hyphens (RFC 1035 §2.3.1), so the
// dotted form is unambiguous; anything else is not a DNN.
bool dnn_label_char(std::uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}
constexpr std::size_t max_label = 63;
}  // namespace

expected<dnn, nas_error> dnn::decode(byte_span v) {
  dnn d;
  byte_reader r(v);
  while (!r.empty()) {
    auto length = r.read_u8();
    if (!length || *length == 0 || *length > max_label) {
      return fail(nas_error::invalid_value);
    }
    auto label = r.read_bytes(*length);
    if (!label) {
      return fail(nas_error::truncated);
    }
    if (!std::all_of(label->begin(), label->end(), dnn_label_char)) {
      return fail(nas_error::invalid_value);
    }
    if (!d.name.empty()) {
      d.name.push_back('.');
    }
    d.name.append(label->begin(), label->end());
  }
  if (d.name.empty()) {
    return fail(nas_error::invalid_value);
  }
  return d;
}

expected<void, nas_error> dnn::encode(byte_writer& w) const {
  byte_writer out;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) {
      dot = name.size();
    }
    const std::size_t n = dot - start;
    const auto* label = reinterpret_cast<const std::uint8_t*>(name.data()) + start;
    if (n == 0 || n > max_label || !std::all_of(label, label + n, dnn_label_char)) {
      return fail(nas_error::invalid_value);
    }
    out.write_u8(static_cast<std::uint8_t>(n));
    out.write_bytes({label, n});
    start = dot + 1;
  }
  w.write_bytes(out.view());
  return {};
}

namespace {
// Seconds per unit; 0 marks "deactivated". TS 24.008 §10.5.7.4 (timer 2): 2 s, 1 min,
// decihours; other values are read as 1 minute. §10.5.7.4a (timer 3): 10 min, 1 h, 10 h,
// 2 s, 30 s, 1 min, 320 h.
constexpr std::array<std::uint32_t, 8> timer2_units = {2, 60, 360, 60, 60, 60, 60, 0};
constexpr std::array<std::uint32_t, 8> timer3_units = {600, 3600, 36000, 2, 30, 60, 1152000, 0};

template <class Timer, std::size_t N>
Timer timer_from_seconds(std::uint32_t s, const std::array<std::uint32_t, N>& units,
                         std::initializer_list<std::uint8_t> finest_first) {
  for (std::uint8_t unit : finest_first) {
    const std::uint32_t per = units[unit];
    const std::uint32_t count = (s + per - 1) / per;  // round up: never shorter than asked
    if (count <= 31) {
      return Timer{unit, static_cast<std::uint8_t>(count)};
    }
  }
  return Timer{*(finest_first.end() - 1), 31};
}
}  // namespace

std::optional<std::uint32_t> gprs_timer_2::seconds() const {
  const std::uint32_t per = timer2_units[unit & 7];
  return per == 0 ? std::nullopt : std::optional<std::uint32_t>(per * value);
}
gprs_timer_2 gprs_timer_2::from_seconds(std::uint32_t s) {
  return timer_from_seconds<gprs_timer_2>(s, timer2_units, {0, 1, 2});
}
expected<gprs_timer_2, nas_error> gprs_timer_2::decode(byte_span v) {
  if (v.empty()) {
    return fail(nas_error::invalid_value);
  }
  return gprs_timer_2{static_cast<std::uint8_t>(v[0] >> 5), static_cast<std::uint8_t>(v[0] & 0x1F)};
}
void gprs_timer_2::encode(byte_writer& w) const {
  w.write_u8(static_cast<std::uint8_t>((unit & 7) << 5 | (value & 0x1F)));
}

std::optional<std::uint32_t> gprs_timer_3::seconds() const {
  const std::uint32_t per = timer3_units[unit & 7];
  return per == 0 ? std::nullopt : std::optional<std::uint32_t>(per * value);
}
gprs_timer_3 gprs_timer_3::from_seconds(std::uint32_t s) {
  return timer_from_seconds<gprs_timer_3>(s, timer3_units, {3, 4, 5, 0, 1, 2, 6});
}
expected<gprs_timer_3, nas_error> gprs_timer_3::decode(byte_span v) {
  if (v.empty()) {
    return fail(nas_error::invalid_value);
  }
  return gprs_timer_3{static_cast<std::uint8_t>(v[0] >> 5), static_cast<std::uint8_t>(v[0] & 0x1F)};
}
void gprs_timer_3::encode(byte_writer& w) const {
  w.write_u8(static_cast<std::uint8_t>((unit & 7) << 5 | (value & 0x1F)));
}

expected<psi_bitmap, nas_error> psi_bitmap::decode(byte_span v) {
  if (v.size() < 2) {
    return fail(nas_error::invalid_value);
  }
  // Octet 3 holds PSI 7..0 (bit 8 down to bit 1), octet 4 PSI 15..8.
  return psi_bitmap{static_cast<std::uint16_t>(v[0] | (v[1] << 8)), {v.begin() + 2, v.end()}};
}
void psi_bitmap::encode(byte_writer& w) const {
  w.write_u8(static_cast<std::uint8_t>(bits));
  w.write_u8(static_cast<std::uint8_t>(bits >> 8));
  w.write_bytes(spare);
}

}  // namespace glasscore::nas
