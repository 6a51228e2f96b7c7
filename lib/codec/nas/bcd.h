#pragma once
// Packed BCD digit strings as NAS writes them (TS 24.008 §10.5.1.4 style): two digits per
// octet, the first in bits 1-4, 0xF filling the last high nibble of an odd count.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "glasscore/core/bytes.h"

namespace glasscore::nas::bcd {

/// The digits of `octets`. A 0xF nibble is filler: it ends the digits, and every nibble
/// after it must be 0xF too (one in an odd-length MSIN, up to three in a routing
/// indicator). nullopt for any other non-decimal nibble.
inline std::optional<std::string> decode(byte_span octets) {
  std::string out;
  bool filler = false;
  for (const std::uint8_t octet : octets) {
    for (const std::uint8_t nibble :
         {static_cast<std::uint8_t>(octet & 0x0F), static_cast<std::uint8_t>(octet >> 4)}) {
      if (nibble == 0x0F) {
        filler = true;
      } else if (filler || nibble > 9) {
        return std::nullopt;
      } else {
        out.push_back(static_cast<char>('0' + nibble));
      }
    }
  }
  return out;
}

/// Writes `digits` packed; false (nothing written) if a character is not a decimal digit.
inline bool encode(std::string_view digits, byte_writer& w) {
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    const auto low = static_cast<std::uint8_t>(digits[i] - '0');
    const auto high = static_cast<std::uint8_t>(i + 1 < digits.size() ? digits[i + 1] - '0' : 0x0F);
    w.write_u8(static_cast<std::uint8_t>(high << 4 | low));
  }
  return true;
}

}  // namespace glasscore::nas::bcd
