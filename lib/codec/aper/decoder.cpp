// APER decoder: X.691 (02/2021) ALIGNED variant, mirror of encoder.cpp. Every read checks
// the remaining input first; nothing is allocated from a length before that check.
#include <bit>

#include "glasscore/codec/aper/aper.h"

namespace glasscore::aper {

namespace {

constexpr std::size_t k64 = 65536;

unsigned octets_for(std::uint64_t v) {
  const auto bits = static_cast<unsigned>(std::bit_width(v));
  return bits == 0 ? 1 : (bits + 7) / 8;
}

}  // namespace

void decoder::fail(error_code code) {
  if (ok_) {
    ok_ = false;
    failure_ = error{code, base_bit_ + pos_};
  }
}

void decoder::merge(const decoder& sub) {
  if (ok_ && !sub.ok_) {
    ok_ = false;
    failure_ = sub.failure_;
  }
}

bool decoder::get_bit() {
  return get_bits(1) != 0;
}

std::uint64_t decoder::get_bits(unsigned count) {
  if (!ok_) {
    return 0;
  }
  if (count > 64 || count > bits_remaining()) {
    fail(error_code::truncated);
    return 0;
  }
  std::uint64_t v = 0;
  while (count > 0) {
    const unsigned used = static_cast<unsigned>(pos_ % 8);
    const unsigned room = 8 - used;
    const unsigned take = count < room ? count : room;
    const unsigned byte = data_[pos_ / 8];
    const unsigned chunk = (byte >> (room - take)) & ((1U << take) - 1);
    v = (v << take) | chunk;
    pos_ += take;
    count -= take;
  }
  return v;
}

void decoder::align() {
  if (ok_) {
    pos_ = (pos_ + 7) & ~std::size_t{7};  // data_ is whole octets, so this stays in bounds
  }
}

byte_span decoder::get_octets(std::size_t n) {
  align();
  if (!ok_ || n > bits_remaining() / 8) {
    fail(error_code::truncated);
    return {};
  }
  const byte_span out = data_.subspan(pos_ / 8, n);
  pos_ += 8 * n;
  return out;
}

std::uint64_t decoder::constrained_whole(std::uint64_t range_minus_1) {
  std::uint64_t v = 0;
  if (range_minus_1 == 0) {
    return 0;
  }
  if (range_minus_1 < 255) {  // §11.5.7.1
    v = get_bits(static_cast<unsigned>(std::bit_width(range_minus_1)));
  } else if (range_minus_1 == 255) {  // §11.5.7.2
    align();
    v = get_bits(8);
  } else if (range_minus_1 < k64) {  // §11.5.7.3
    align();
    v = get_bits(16);
  } else {  // §11.5.7.4
    const unsigned max_octets = octets_for(range_minus_1);
    const auto n = static_cast<unsigned>(constrained_whole(max_octets - 1) + 1);
    align();
    v = get_bits(8 * n);
  }
  if (v > range_minus_1) {
    fail(error_code::value_out_of_range);
    return 0;
  }
  return v;
}

std::size_t decoder::unconstrained_length(bool& fragment) {
  fragment = false;
  align();
  const auto first = static_cast<unsigned>(get_bits(8));
  if ((first & 0x80) == 0) {  // §11.9.3.6
    return first;
  }
  if ((first & 0x40) == 0) {  // §11.9.3.7
    return ((first & 0x3f) << 8) | static_cast<unsigned>(get_bits(8));
  }
  const unsigned m = first & 0x3f;  // §11.9.3.8: m * 16K items follow, then more
  if (m < 1 || m > 4) {
    fail(error_code::size_out_of_range);
    return 0;
  }
  fragment = true;
  return m * 16384;
}

std::uint64_t decoder::normally_small() {
  if (!get_bit()) {
    return get_bits(6);  // §11.6.1
  }
  const std::size_t n = length(0, size_range::unbounded);  // §11.6.2
  if (ok_ && (n == 0 || n > 8)) {
    fail(error_code::value_out_of_range);
    return 0;
  }
  align();
  return get_bits(static_cast<unsigned>(8 * n));
}

std::size_t decoder::length(std::size_t lb, std::size_t ub) {
  std::size_t n = 0;
  if (ub < k64) {  // §11.9.4.1
    n = lb + static_cast<std::size_t>(constrained_whole(ub - lb));
  } else {
    bool fragment = false;
    n = unconstrained_length(fragment);
    if (fragment) {
      fail(error_code::unsupported);
      return 0;
    }
  }
  if (ok_ && (n < lb || n > ub)) {
    fail(error_code::size_out_of_range);
    return 0;
  }
  return ok_ ? n : 0;
}

std::int64_t decoder::integer(const int_range& range) {
  if (range.extensible && get_bit()) {
    // §13.1: outside the root; the value is encoded unconstrained (§13.2.4).
    const std::size_t n = length(0, size_range::unbounded);
    if (ok_ && (n == 0 || n > 8)) {
      fail(error_code::value_out_of_range);
      return 0;
    }
    align();
    const std::uint64_t raw = get_bits(static_cast<unsigned>(8 * n));
    if (!ok_) {
      return 0;
    }
    const unsigned shift = static_cast<unsigned>(64 - 8 * n);
    return static_cast<std::int64_t>(raw << shift) >> shift;  // sign extension
  }
  if (range.has_lb && range.has_ub) {
    const std::uint64_t span =
        static_cast<std::uint64_t>(range.ub) - static_cast<std::uint64_t>(range.lb);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(range.lb) +
                                     constrained_whole(span));
  }
  const std::size_t n = length(0, size_range::unbounded);
  if (ok_ && (n == 0 || n > 8)) {
    fail(error_code::value_out_of_range);
    return 0;
  }
  align();
  const std::uint64_t raw = get_bits(static_cast<unsigned>(8 * n));
  if (!ok_) {
    return 0;
  }
  if (range.has_lb) {  // §13.2.3
    if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() - range.lb) ||
        (range.has_ub && static_cast<std::int64_t>(raw) + range.lb > range.ub)) {
      fail(error_code::value_out_of_range);
      return 0;
    }
    return range.lb + static_cast<std::int64_t>(raw);
  }
  const unsigned shift = static_cast<unsigned>(64 - 8 * n);
  const std::int64_t v = static_cast<std::int64_t>(raw << shift) >> shift;
  if (range.has_ub && v > range.ub) {
    fail(error_code::value_out_of_range);
    return 0;
  }
  return v;
}

std::size_t decoder::enumerated(std::size_t root_count, bool extensible) {
  if (extensible && get_bit()) {  // §14.3
    const std::uint64_t ext = normally_small();
    if (ok_ && ext > 255 - root_count) {
      fail(error_code::value_out_of_range);  // beyond any one-octet enumeration
      return 0;
    }
    return root_count + static_cast<std::size_t>(ext);
  }
  return static_cast<std::size_t>(constrained_whole(root_count - 1));
}

std::size_t decoder::count(const size_range& size) {
  std::size_t n = 0;
  if (size.extensible && get_bit()) {
    n = length(0, size_range::unbounded);
  } else if (size.lb == size.ub && size.ub < k64) {
    n = size.lb;
  } else if (size.ub < k64) {
    n = length(size.lb, size.ub);
  } else {
    n = length(0, size_range::unbounded);
    if (ok_ && n < size.lb) {
      fail(error_code::size_out_of_range);
    }
  }
  if (ok_ && n > bits_remaining()) {
    fail(error_code::truncated);  // cannot be: every element takes at least one bit
  }
  return ok_ ? n : 0;
}

void decoder::read_bits_into(std::uint8_t* out, std::size_t n) {
  for (std::size_t i = 0; i < n / 8; ++i) {
    out[i] = static_cast<std::uint8_t>(get_bits(8));
  }
  if (const unsigned rest = n % 8; rest != 0) {
    out[n / 8] = static_cast<std::uint8_t>(get_bits(rest) << (8 - rest));
  }
}

byte_span decoder::fixed_octet_span(std::size_t n) {
  if (n <= 2) {  // §17.6: not octet-aligned; read bitwise into a small buffer
    small_[0] = 0;
    small_[1] = 0;
    read_bits_into(small_.data(), 8 * n);
    return ok_ ? byte_span(small_.data(), n) : byte_span{};
  }
  return get_octets(n);
}

void decoder::fixed_bits_into(std::uint8_t* out, std::size_t n) {
  if (n > 16) {
    align();  // §16.10
  }
  if (n > bits_remaining()) {
    fail(error_code::truncated);
    return;
  }
  read_bits_into(out, n);
}

void decoder::octet_string(std::vector<std::uint8_t>& out, const size_range& size) {
  out.clear();
  if (size.extensible && get_bit()) {
    unconstrained_octets(out);
    return;
  }
  if (size.ub == 0) {
    return;
  }
  if (size.lb == size.ub && size.ub < k64) {
    const byte_span s = fixed_octet_span(size.lb);
    out.assign(s.begin(), s.end());
    return;
  }
  if (size.ub < k64) {
    const std::size_t n = length(size.lb, size.ub);
    const byte_span s = get_octets(n);
    out.assign(s.begin(), s.end());
    return;
  }
  unconstrained_octets(out);
  if (ok_ && (out.size() < size.lb || out.size() > size.ub)) {
    fail(error_code::size_out_of_range);
  }
}

void decoder::bit_string(std::vector<std::uint8_t>& bytes, std::size_t& bit_count,
                         const size_range& size) {
  bytes.clear();
  bit_count = 0;
  std::size_t n = 0;
  if (size.extensible && get_bit()) {
    n = length(0, size_range::unbounded);
    align();
  } else if (size.ub == 0) {
    return;
  } else if (size.lb == size.ub && size.ub <= 16) {
    n = size.lb;
  } else if (size.lb == size.ub && size.ub < k64) {
    n = size.lb;
    align();
  } else if (size.ub < k64) {
    n = length(size.lb, size.ub);
    align();
  } else {
    n = length(size.lb, size.ub);
    align();
  }
  if (!ok_ || n > bits_remaining()) {
    fail(error_code::truncated);
    return;
  }
  bytes.resize((n + 7) / 8);
  read_bits_into(bytes.data(), n);
  bit_count = n;
}

void decoder::char_string(std::string& out, const size_range& size) {
  out.clear();
  std::size_t n = 0;
  if (size.extensible && get_bit()) {
    n = length(0, size_range::unbounded);
    align();
  } else if (size.ub == 0) {
    return;
  } else if (size.lb == size.ub && size.ub <= 2) {
    n = size.lb;
  } else if (size.lb == size.ub && size.ub < k64) {
    n = size.lb;
    align();
  } else if (size.ub < k64) {
    n = length(size.lb, size.ub);
    if (size.ub > 2) {
      align();
    }
  } else {
    n = length(size.lb, size.ub);
    align();
  }
  if (!ok_ || n > bits_remaining() / 8) {
    fail(error_code::truncated);
    return;
  }
  out.resize(n);
  for (char& c : out) {
    const auto v = static_cast<unsigned>(get_bits(8));
    if (v > 0x7f) {
      // Outside every known-multiplier alphabet we decode (§30.5.4 with b = 8); the
      // encoder refuses the same characters, so what decodes also re-encodes.
      fail(error_code::value_out_of_range);
      out.clear();
      return;
    }
    c = static_cast<char>(v);
  }
}

void decoder::unconstrained_octets(std::vector<std::uint8_t>& out) {
  out.clear();
  bool fragment = true;
  while (fragment && ok_) {
    const std::size_t n = unconstrained_length(fragment);
    const byte_span s = get_octets(n);
    out.insert(out.end(), s.begin(), s.end());
  }
  if (!ok_) {
    out.clear();
  }
}

void decoder::utf8_string(std::string& out) {
  std::vector<std::uint8_t> octets;
  unconstrained_octets(octets);
  out.assign(octets.begin(), octets.end());
}

decoder decoder::open_type(std::vector<std::uint8_t>& scratch) {
  bool fragment = false;
  const std::size_t n = unconstrained_length(fragment);
  const std::size_t start = base_bit_ + pos_;
  if (!fragment) {
    const byte_span s = get_octets(n);
    return ok_ ? decoder(s, diagnostics_, start) : decoder(byte_span{}, diagnostics_, start);
  }
  scratch.clear();
  const byte_span first = get_octets(n);
  scratch.assign(first.begin(), first.end());
  while (fragment && ok_) {
    const std::size_t m = unconstrained_length(fragment);
    const byte_span s = get_octets(m);
    scratch.insert(scratch.end(), s.begin(), s.end());
  }
  return ok_ ? decoder(scratch, diagnostics_, start) : decoder(byte_span{}, diagnostics_, start);
}

void decoder::skip_open_type() {
  std::vector<std::uint8_t> scratch;
  (void)open_type(scratch);
}

void decoder::skip_extension_additions() {
  const std::uint64_t n = normally_small() + 1;  // §19.8: bitmap length
  if (!ok_ || n > bits_remaining()) {
    fail(error_code::truncated);
    return;
  }
  std::size_t present = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    present += get_bit() ? 1 : 0;
  }
  for (std::size_t i = 0; i < present && ok_; ++i) {
    skip_open_type();
  }
}

}  // namespace glasscore::aper
