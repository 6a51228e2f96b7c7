// APER encoder: X.691 (02/2021) ALIGNED variant. Clause numbers below are X.691's.
#include <bit>

#include "glasscore/codec/aper/aper.h"

namespace glasscore::aper {

namespace {

constexpr std::size_t k64 = 65536;
constexpr std::size_t k16 = 16384;

// Octets needed to hold `v` as a non-negative binary integer (at least one).
unsigned octets_for(std::uint64_t v) {
  const auto bits = static_cast<unsigned>(std::bit_width(v));
  return bits == 0 ? 1 : (bits + 7) / 8;
}

// Octets needed for `v` as a minimal 2's-complement integer (§11.4).
unsigned signed_octets_for(std::int64_t v) {
  unsigned n = 1;
  while (n < 8) {
    const std::int64_t lo = -(std::int64_t{1} << (8 * n - 1));
    const std::int64_t hi = (std::int64_t{1} << (8 * n - 1)) - 1;
    if (v >= lo && v <= hi) {
      break;
    }
    ++n;
  }
  return n;
}

}  // namespace

std::string_view to_string(error_code e) {
  switch (e) {
    case error_code::truncated:
      return "input truncated";
    case error_code::value_out_of_range:
      return "value outside its constraint";
    case error_code::size_out_of_range:
      return "size outside its constraint";
    case error_code::invalid_value:
      return "value cannot be encoded";
    case error_code::unsupported:
      return "encoding not supported";
    case error_code::unknown_procedure:
      return "unknown procedure code";
  }
  return "unknown APER error";
}

void encoder::fail(error_code code) {
  if (ok_) {
    ok_ = false;
    failure_ = code;
  }
}

void encoder::put_bit(bool bit) {
  put_bits(bit ? 1 : 0, 1);
}

void encoder::put_bits(std::uint64_t value, unsigned count) {
  if (!ok_) {
    return;
  }
  while (count > 0) {
    const unsigned used = static_cast<unsigned>(bits_ % 8);
    if (used == 0) {
      bytes_.push_back(0);
    }
    const unsigned room = 8 - used;
    const unsigned take = count < room ? count : room;
    const auto chunk = static_cast<std::uint8_t>((value >> (count - take)) & ((1U << take) - 1));
    bytes_.back() = static_cast<std::uint8_t>(bytes_.back() | (chunk << (room - take)));
    bits_ += take;
    count -= take;
  }
}

void encoder::align() {
  bits_ = bytes_.size() * 8;
}

void encoder::put_octets(byte_span octets) {
  if (!ok_) {
    return;
  }
  align();
  bytes_.insert(bytes_.end(), octets.begin(), octets.end());
  bits_ = bytes_.size() * 8;
}

void encoder::constrained_whole(std::uint64_t offset, std::uint64_t range_minus_1) {
  if (offset > range_minus_1) {
    fail(error_code::value_out_of_range);
    return;
  }
  if (range_minus_1 == 0) {
    return;  // §11.5.4: a single value takes no bits
  }
  if (range_minus_1 < 255) {  // §11.5.7.1 bit-field case
    put_bits(offset, static_cast<unsigned>(std::bit_width(range_minus_1)));
  } else if (range_minus_1 == 255) {  // §11.5.7.2 one-octet case
    align();
    put_bits(offset, 8);
  } else if (range_minus_1 < k64) {  // §11.5.7.3 two-octet case
    align();
    put_bits(offset, 16);
  } else {  // §11.5.7.4 indefinite-length case: octet count, then the octets
    const unsigned max_octets = octets_for(range_minus_1);
    const unsigned n = octets_for(offset);
    constrained_whole(n - 1, max_octets - 1);
    align();
    put_bits(offset, 8 * n);
  }
}

void encoder::normally_small(std::uint64_t n) {
  if (n <= 63) {  // §11.6.1
    put_bit(false);
    put_bits(n, 6);
    return;
  }
  put_bit(true);  // §11.6.2: semi-constrained whole number, lb 0
  const unsigned octets = octets_for(n);
  length(octets, 0, size_range::unbounded);
  align();
  put_bits(n, 8 * octets);
}

void encoder::length(std::size_t n, std::size_t lb, std::size_t ub) {
  if (n < lb || n > ub) {
    fail(error_code::size_out_of_range);
    return;
  }
  if (ub < k64) {  // §11.9.4.1: constrained whole number
    constrained_whole(n - lb, ub - lb);
    return;
  }
  align();  // §11.9.3.6-§11.9.3.7
  if (n < 128) {
    put_bits(n, 8);
  } else if (n < k16) {
    put_bits(0x8000 | n, 16);
  } else {
    fail(error_code::unsupported);  // callers fragment (§11.9.3.8)
  }
}

void encoder::integer(std::int64_t value, const int_range& range) {
  const bool in_root = (!range.has_lb || value >= range.lb) && (!range.has_ub || value <= range.ub);
  if (range.extensible) {  // §13.1
    put_bit(!in_root);
  }
  if (in_root && range.has_lb && range.has_ub) {  // §13.2.2 constrained
    constrained_whole(static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(range.lb),
                      static_cast<std::uint64_t>(range.ub) - static_cast<std::uint64_t>(range.lb));
    return;
  }
  if (!in_root && !range.extensible) {
    fail(error_code::value_out_of_range);
    return;
  }
  if (in_root && range.has_lb) {  // §13.2.3 semi-constrained
    const auto offset = static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(range.lb);
    const unsigned n = octets_for(offset);
    length(n, 0, size_range::unbounded);
    align();
    put_bits(offset, 8 * n);
    return;
  }
  const unsigned n = signed_octets_for(value);  // §13.2.4 unconstrained, 2's complement
  length(n, 0, size_range::unbounded);
  align();
  put_bits(static_cast<std::uint64_t>(value), 8 * n);
}

void encoder::enumerated(std::size_t index, std::size_t root_count, bool extensible) {
  if (extensible) {  // §14.3
    const bool ext = index >= root_count;
    put_bit(ext);
    if (ext) {
      normally_small(index - root_count);
      return;
    }
  }
  if (index >= root_count) {
    fail(error_code::value_out_of_range);
    return;
  }
  constrained_whole(index, root_count - 1);
}

void encoder::count(std::size_t n, const size_range& size) {
  const bool in_root = n >= size.lb && n <= size.ub;
  if (size.extensible) {
    put_bit(!in_root);
    if (!in_root) {
      length(n, 0, size_range::unbounded);
      return;
    }
  }
  if (!in_root) {
    fail(error_code::size_out_of_range);
    return;
  }
  if (size.lb == size.ub && size.ub < k64) {
    return;  // fixed size: no length determinant
  }
  length(n, size.ub < k64 ? size.lb : 0, size.ub < k64 ? size.ub : size_range::unbounded);
}

void encoder::octet_string(byte_span octets, const size_range& size) {
  const std::size_t n = octets.size();
  const bool in_root = n >= size.lb && n <= size.ub;
  if (size.extensible) {  // §17.3
    put_bit(!in_root);
    if (!in_root) {
      unconstrained_octets(octets);
      return;
    }
  }
  if (!in_root) {
    fail(error_code::size_out_of_range);
    return;
  }
  if (size.ub == 0) {
    return;  // §17.5
  }
  if (size.lb == size.ub && size.ub <= 2) {  // §17.6: not octet-aligned
    for (std::uint8_t b : octets) {
      put_bits(b, 8);
    }
    return;
  }
  if (size.lb == size.ub && size.ub < k64) {  // §17.7
    put_octets(octets);
    return;
  }
  if (size.ub < k64) {  // §17.8 with a constrained length
    length(n, size.lb, size.ub);
    put_octets(octets);
    return;
  }
  unconstrained_octets(octets);
}

void encoder::bit_string(byte_span bytes, std::size_t bit_count, const size_range& size) {
  if (bytes.size() != (bit_count + 7) / 8) {
    fail(error_code::invalid_value);
    return;
  }
  const bool in_root = bit_count >= size.lb && bit_count <= size.ub;
  if (size.extensible) {  // §16.6
    put_bit(!in_root);
  }
  if (!in_root && !size.extensible) {
    fail(error_code::size_out_of_range);
    return;
  }
  if (in_root && size.ub == 0) {
    return;
  }
  if (in_root && size.lb == size.ub && size.ub <= 16) {  // §16.9: not octet-aligned
  } else if (in_root && size.lb == size.ub && size.ub < k64) {
    align();  // §16.10
  } else if (in_root && size.ub < k64) {
    length(bit_count, size.lb, size.ub);  // §16.11
    align();
  } else if (bit_count < k16) {
    length(bit_count, 0, size_range::unbounded);
    align();
  } else {
    fail(error_code::unsupported);
    return;
  }
  for (std::size_t i = 0; i < bit_count / 8; ++i) {
    put_bits(bytes[i], 8);
  }
  if (const unsigned rest = bit_count % 8; rest != 0) {
    put_bits(static_cast<std::uint64_t>(bytes[bit_count / 8] >> (8 - rest)), rest);
  }
}

void encoder::char_string(std::string_view text, const size_range& size) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) > 0x7f) {
      fail(error_code::invalid_value);  // outside every known-multiplier alphabet we use
      return;
    }
  }
  const std::size_t n = text.size();
  const bool in_root = n >= size.lb && n <= size.ub;
  if (size.extensible) {  // §30.4
    put_bit(!in_root);
  }
  if (!in_root && !size.extensible) {
    fail(error_code::size_out_of_range);
    return;
  }
  if (in_root && size.ub == 0) {
    return;
  }
  if (in_root && size.lb == size.ub && size.ub <= 2) {  // §30.5.6: ub*8 <= 16 bits
  } else if (in_root && size.lb == size.ub && size.ub < k64) {
    align();
  } else if (in_root && size.ub < k64) {
    length(n, size.lb, size.ub);
    if (size.ub > 2) {
      align();
    }
  } else if (n < k16) {
    length(n, 0, size_range::unbounded);
    align();
  } else {
    fail(error_code::unsupported);
    return;
  }
  for (char c : text) {
    put_bits(static_cast<unsigned char>(c), 8);
  }
}

void encoder::unconstrained_octets(byte_span octets) {
  align();
  std::size_t done = 0;
  // §11.9.3.8: fragments of 64K, 48K, 32K or 16K octets, each after a 0b11xxxxxx octet.
  while (octets.size() - done >= k16) {
    std::size_t m = (octets.size() - done) / k16;
    m = m > 4 ? 4 : m;
    put_bits(0xc0 | m, 8);
    put_octets(octets.subspan(done, m * k16));
    done += m * k16;
  }
  length(octets.size() - done, 0, size_range::unbounded);
  put_octets(octets.subspan(done));
}

void encoder::open_type(const encoder& inner) {
  if (!inner.ok()) {
    fail(inner.failure());
    return;
  }
  const std::vector<std::uint8_t> bytes = inner.finish();
  unconstrained_octets(bytes);
}

void encoder::utf8_string(std::string_view text) {
  unconstrained_octets(byte_span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::vector<std::uint8_t> encoder::finish() const {
  if (bytes_.empty()) {
    return {0};  // §11.1: an empty complete encoding is one zero octet
  }
  return bytes_;
}

}  // namespace glasscore::aper
