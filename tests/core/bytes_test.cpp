#include "glasscore/core/bytes.h"

#include <gtest/gtest.h>

namespace glasscore {
namespace {

TEST(byte_reader, reads_big_endian_fields_in_order) {
  const std::uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                               0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
  byte_reader r(data);
  EXPECT_EQ(r.read_u8().value(), 0x01);
  EXPECT_EQ(r.read_u16().value(), 0x0203);
  EXPECT_EQ(r.read_u24().value(), 0x040506U);
  EXPECT_EQ(r.read_u32().value(), 0x0708090aU);
  EXPECT_EQ(r.read_u64().value(), 0x0b0c0d0e0f101112ULL);
  EXPECT_TRUE(r.empty());
}

TEST(byte_reader, every_read_past_the_end_is_truncated_and_consumes_nothing) {
  const std::uint8_t data[] = {0xaa, 0xbb, 0xcc};
  for (std::size_t len = 0; len <= sizeof(data); ++len) {
    SCOPED_TRACE(len);
    byte_reader r(std::span(data, len));
    if (len < 8) {
      EXPECT_EQ(r.read_u64().error(), buffer_error::truncated);
    }
    if (len < 4) {
      EXPECT_EQ(r.read_u32().error(), buffer_error::truncated);
    }
    EXPECT_EQ(r.read_bytes(len + 1).error(), buffer_error::truncated);
    EXPECT_EQ(r.skip(len + 1).error(), buffer_error::truncated);
    EXPECT_EQ(r.sub_reader(len + 1).error(), buffer_error::truncated);
    EXPECT_EQ(r.remaining(), len) << "failed reads must not move the cursor";
  }
  byte_reader empty(byte_span{});
  EXPECT_EQ(empty.read_u8().error(), buffer_error::truncated);
  EXPECT_EQ(empty.peek_u8().error(), buffer_error::truncated);
  EXPECT_TRUE(empty.read_rest().empty());
}

TEST(byte_reader, sub_reader_is_confined_to_its_field) {
  const std::uint8_t data[] = {0x02, 0x11, 0x22, 0x33};
  byte_reader r(data);
  const auto len = r.read_u8().value();
  auto inner = r.sub_reader(len).value();
  EXPECT_EQ(inner.read_u16().value(), 0x1122);
  EXPECT_EQ(inner.read_u8().error(), buffer_error::truncated);
  EXPECT_EQ(r.peek_u8().value(), 0x33);
  EXPECT_EQ(r.read_rest().size(), 1U);
}

TEST(byte_writer, writes_and_patches_length_fields) {
  byte_writer w;
  w.write_u8(0x7e);
  const auto len_at = w.reserve_field(2);
  w.write_u16(0xbeef);
  ASSERT_TRUE(w.write_u24(0x010203));
  w.write_u32(0xcafef00d);
  w.write_u64(0x0102030405060708ULL);
  ASSERT_TRUE(w.patch_field(len_at, 2, w.size() - len_at - 2));
  const std::vector<std::uint8_t> expected_bytes = {0x7e, 0x00, 0x11, 0xbe, 0xef, 0x01, 0x02,
                                                    0x03, 0xca, 0xfe, 0xf0, 0x0d, 0x01, 0x02,
                                                    0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  EXPECT_EQ(w.release(), expected_bytes);
}

TEST(byte_writer, values_that_do_not_fit_are_overflow) {
  byte_writer w;
  EXPECT_EQ(w.write_u24(0x1000000).error(), buffer_error::overflow);
  EXPECT_EQ(w.size(), 0U);
  const auto at = w.reserve_field(1);
  EXPECT_EQ(w.patch_field(at, 1, 256).error(), buffer_error::overflow);
  EXPECT_EQ(w.patch_field(at, 2, 1).error(), buffer_error::overflow);
  EXPECT_EQ(w.patch_field(at + 5, 1, 1).error(), buffer_error::overflow);
  EXPECT_EQ(w.patch_field(at, 0, 0).error(), buffer_error::overflow);
  EXPECT_TRUE(w.patch_field(at, 1, 255));
}

TEST(buffer_error, has_a_description) {
  EXPECT_EQ(to_string(buffer_error::truncated), "input truncated");
  EXPECT_FALSE(to_string(buffer_error::overflow).empty());
}

}  // namespace
}  // namespace glasscore
