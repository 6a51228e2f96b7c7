// TS 29.571 §5.5.2 BitRate strings as numbers.
#include "glasscore/sbi/bit_rate.h"

#include <array>
#include <utility>

#include "glasscore/sbi/sdm_models.h"

namespace glasscore::sbi {

namespace {

/// value * 10 + digit, or false on overflow.
bool push_digit(std::uint64_t& value, char c) {
  const auto d = static_cast<std::uint64_t>(c - '0');
  if (value > (UINT64_MAX - d) / 10) {
    return false;
  }
  value = value * 10 + d;
  return true;
}

}  // namespace

std::optional<std::uint64_t> parse_bit_rate(std::string_view s) {
  if (!is_bit_rate(s)) {
    return std::nullopt;
  }
  const auto space = s.find(' ');
  const auto number = s.substr(0, space);
  const auto unit = s.substr(space + 1);
  // "K" stands for the SI "k": every prefix is x1000 (TS 29.571 §5.5.2).
  constexpr std::array<std::pair<std::string_view, std::uint64_t>, 5> units{{
      {"bps", 1},
      {"Kbps", 1'000},
      {"Mbps", 1'000'000},
      {"Gbps", 1'000'000'000},
      {"Tbps", 1'000'000'000'000},
  }};
  std::uint64_t multiplier = 1;
  for (const auto& [name, m] : units) {
    if (unit == name) {
      multiplier = m;
    }
  }
  const auto dot = number.find('.');
  const auto whole = number.substr(0, dot);
  std::uint64_t integer = 0;
  for (char c : whole) {
    if (!push_digit(integer, c)) {
      return std::nullopt;
    }
  }
  if (integer > UINT64_MAX / multiplier) {
    return std::nullopt;
  }
  std::uint64_t result = integer * multiplier;
  if (dot != std::string_view::npos) {
    // The fraction contributes fraction_digits * multiplier / 10^n, computed digit by digit
    // so that nothing overflows (multiplier <= 10^12); digits below 1 bit/s are dropped.
    std::uint64_t scale = multiplier;
    for (char c : number.substr(dot + 1)) {
      scale /= 10;
      if (scale == 0) {
        break;
      }
      const auto add = static_cast<std::uint64_t>(c - '0') * scale;
      if (result > UINT64_MAX - add) {
        return std::nullopt;
      }
      result += add;
    }
  }
  return result;
}

std::optional<std::uint64_t> parse_bit_rate_kbps(std::string_view s) {
  auto bps = parse_bit_rate(s);
  if (!bps) {
    return std::nullopt;
  }
  return *bps / 1000;
}

}  // namespace glasscore::sbi
