#pragma once
// Fill helpers used by the generated sample builders (tests/codec/ngap/gen/samples_*.cpp).

#include <cstddef>
#include <cstdint>

namespace glasscore::ngap::samples {

/// Fills a byte container with a recognisable, position-dependent pattern.
template <class Bytes>
void fill_octets(Bytes& bytes) {
  std::uint8_t v = 0xa5;
  for (auto& b : bytes) {
    b = v;
    v = static_cast<std::uint8_t>(v * 5 + 3);
  }
}

/// Fills the first `bits` bits of `bytes` and clears the unused tail, as a decoded BIT
/// STRING has it (so sample values compare equal after a round trip).
template <class Bytes>
void fill_bits(Bytes& bytes, std::size_t bits) {
  fill_octets(bytes);
  if (bits % 8 != 0 && bits / 8 < bytes.size()) {
    bytes[bits / 8] = static_cast<std::uint8_t>(bytes[bits / 8] & (0xff << (8 - bits % 8)));
  }
}

}  // namespace glasscore::ngap::samples
