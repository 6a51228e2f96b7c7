#include "glasscore/codec/ip/internet_checksum.h"

namespace glasscore::ip {

namespace {

std::uint32_t fold(std::uint32_t sum) {
  while (sum > 0xffff) {
    sum = (sum & 0xffff) + (sum >> 16U);
  }
  return sum;
}

}  // namespace

std::uint32_t checksum_add(byte_span data, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    // Folded every word: no input length can overflow 32 bits.
    sum = fold(sum + (static_cast<std::uint32_t>(data[i]) << 8U | data[i + 1]));
  }
  if (i < data.size()) {
    sum = fold(sum + (static_cast<std::uint32_t>(data[i]) << 8U));
  }
  return sum;
}

std::uint16_t checksum_finish(std::uint32_t sum) {
  return static_cast<std::uint16_t>(~fold(sum) & 0xffff);
}

std::uint32_t pseudo_header6(const std::array<std::uint8_t, 16>& source,
                             const std::array<std::uint8_t, 16>& destination,
                             std::uint8_t next_header, std::size_t length) {
  std::uint32_t sum = checksum_add(source);
  sum = checksum_add(destination, sum);
  return fold(sum + static_cast<std::uint32_t>(length >> 16U) +
              static_cast<std::uint32_t>(length & 0xffff) + next_header);
}

}  // namespace glasscore::ip
