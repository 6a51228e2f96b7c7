#include "glasscore/core/hex.h"

#include <gtest/gtest.h>

namespace glasscore {
namespace {

TEST(hex, round_trip) {
  const std::vector<std::uint8_t> bytes = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(to_hex(bytes), "00017f80abff");
  EXPECT_EQ(from_hex("00017F80abFF").value(), bytes);
  EXPECT_EQ(from_hex("0x00017f80abff").value(), bytes);
  EXPECT_TRUE(from_hex("").value().empty());
}

TEST(hex, malformed_text_is_an_error) {
  EXPECT_EQ(from_hex("abc").error(), hex_error::odd_length);
  EXPECT_EQ(from_hex("zz").error(), hex_error::bad_digit);
  EXPECT_EQ(from_hex("0g").error(), hex_error::bad_digit);
  EXPECT_EQ(from_hex("0 ").error(), hex_error::bad_digit);
  EXPECT_EQ(from_hex_array<4>("001122").error(), hex_error::wrong_length);
  EXPECT_EQ(from_hex_array<2>("0011").value(), (std::array<std::uint8_t, 2>{0x00, 0x11}));
  EXPECT_EQ(from_hex_array<2>("0x1").error(), hex_error::odd_length);
}

}  // namespace
}  // namespace glasscore
