#include "glasscore/core/hex.h"

namespace glasscore {

std::string_view to_string(hex_error e) {
  switch (e) {
    case hex_error::odd_length:
      return "odd number of hex digits";
    case hex_error::bad_digit:
      return "character is not a hex digit";
    case hex_error::wrong_length:
      return "hex value has the wrong length";
  }
  return "unknown hex error";
}

std::string to_hex(byte_span bytes) {
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

namespace {
int digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}
}  // namespace

expected<std::vector<std::uint8_t>, hex_error> from_hex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
  }
  if (text.size() % 2 != 0) {
    return fail(hex_error::odd_length);
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = digit_value(text[i]);
    const int lo = digit_value(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return fail(hex_error::bad_digit);
    }
    out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
  }
  return out;
}

}  // namespace glasscore
