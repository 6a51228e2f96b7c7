#include "glasscore/core/bytes.h"

namespace glasscore {

std::string_view to_string(buffer_error e) {
  switch (e) {
    case buffer_error::truncated:
      return "input truncated";
    case buffer_error::overflow:
      return "value does not fit its field";
  }
  return "unknown buffer error";
}

expected<std::uint64_t, buffer_error> byte_reader::read_be(std::size_t width) {
  if (remaining() < width) {
    return fail(buffer_error::truncated);
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    v = (v << 8) | data_[pos_ + i];
  }
  pos_ += width;
  return v;
}

expected<std::uint8_t, buffer_error> byte_reader::read_u8() {
  return read_be(1).map([](std::uint64_t v) { return static_cast<std::uint8_t>(v); });
}
expected<std::uint16_t, buffer_error> byte_reader::read_u16() {
  return read_be(2).map([](std::uint64_t v) { return static_cast<std::uint16_t>(v); });
}
expected<std::uint32_t, buffer_error> byte_reader::read_u24() {
  return read_be(3).map([](std::uint64_t v) { return static_cast<std::uint32_t>(v); });
}
expected<std::uint32_t, buffer_error> byte_reader::read_u32() {
  return read_be(4).map([](std::uint64_t v) { return static_cast<std::uint32_t>(v); });
}
expected<std::uint64_t, buffer_error> byte_reader::read_u64() {
  return read_be(8);
}

expected<byte_span, buffer_error> byte_reader::read_bytes(std::size_t n) {
  if (remaining() < n) {
    return fail(buffer_error::truncated);
  }
  byte_span out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

byte_span byte_reader::read_rest() {
  byte_span out = data_.subspan(pos_);
  pos_ = data_.size();
  return out;
}

expected<std::uint8_t, buffer_error> byte_reader::peek_u8() const {
  if (empty()) {
    return fail(buffer_error::truncated);
  }
  return data_[pos_];
}

expected<void, buffer_error> byte_reader::skip(std::size_t n) {
  if (remaining() < n) {
    return fail(buffer_error::truncated);
  }
  pos_ += n;
  return {};
}

expected<byte_reader, buffer_error> byte_reader::sub_reader(std::size_t n) {
  return read_bytes(n).map([](byte_span s) { return byte_reader(s); });
}

void byte_writer::write_u16(std::uint16_t v) {
  write_u8(static_cast<std::uint8_t>(v >> 8));
  write_u8(static_cast<std::uint8_t>(v));
}

expected<void, buffer_error> byte_writer::write_u24(std::uint32_t v) {
  if (v > 0xFFFFFFU) {
    return fail(buffer_error::overflow);
  }
  write_u8(static_cast<std::uint8_t>(v >> 16));
  write_u16(static_cast<std::uint16_t>(v));
  return {};
}

void byte_writer::write_u32(std::uint32_t v) {
  write_u16(static_cast<std::uint16_t>(v >> 16));
  write_u16(static_cast<std::uint16_t>(v));
}

void byte_writer::write_u64(std::uint64_t v) {
  write_u32(static_cast<std::uint32_t>(v >> 32));
  write_u32(static_cast<std::uint32_t>(v));
}

std::size_t byte_writer::reserve_field(std::size_t width) {
  const std::size_t offset = bytes_.size();
  bytes_.resize(offset + width, 0);
  return offset;
}

expected<void, buffer_error> byte_writer::patch_field(std::size_t offset, std::size_t width,
                                                      std::uint64_t value) {
  if (width == 0 || width > 8 || offset + width > bytes_.size() || offset + width < offset) {
    return fail(buffer_error::overflow);
  }
  if (width < 8 && (value >> (8 * width)) != 0) {
    return fail(buffer_error::overflow);
  }
  for (std::size_t i = 0; i < width; ++i) {
    bytes_[offset + width - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  return {};
}

}  // namespace glasscore
