#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

#include "glasscore/config/config_types.h"

namespace glasscore::config {

std::string plmn_id::to_string() const {
  return mcc + "-" + mnc;
}

std::string snssai::to_string() const {
  std::string text = std::to_string(sst);
  if (sd) {
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06x", static_cast<unsigned>(*sd & 0xffffffU));
    text += "/";
    text += digits;
  }
  return text;
}

std::string tai::to_string() const {
  return plmn.to_string() + "/tac " + std::to_string(tac);
}

ip_address ip_address::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  ip_address out;
  out.family = ip_family::v4;
  out.bytes[0] = a;
  out.bytes[1] = b;
  out.bytes[2] = c;
  out.bytes[3] = d;
  return out;
}

std::string ip_address::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  const int af = family == ip_family::v4 ? AF_INET : AF_INET6;
  if (inet_ntop(af, bytes.data(), text, sizeof text) == nullptr) {
    return "?";
  }
  return text;
}

bool ip_address::is_unspecified() const {
  const std::size_t size = family == ip_family::v4 ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size),
                     [](std::uint8_t b) { return b == 0; });
}

std::string ip_prefix::to_string() const {
  return address.to_string() + "/" + std::to_string(length);
}

bool ip_prefix::overlaps(const ip_prefix& other) const {
  if (address.family != other.address.family) {
    return false;
  }
  // Two prefixes overlap exactly when they agree on the bits of the shorter one.
  const unsigned bits = std::min(length, other.length);
  for (unsigned i = 0; i < bits; ++i) {
    const unsigned byte = i / 8;
    const unsigned mask = 0x80U >> (i % 8);
    if ((address.bytes[byte] & mask) != (other.address.bytes[byte] & mask)) {
      return false;
    }
  }
  return true;
}

}  // namespace glasscore::config
