#pragma once
/// \file
/// Byte-level reading and writing for codecs. A byte_reader is a bounds-checked cursor over
/// a span it does not own: every read either succeeds or reports `truncated`, so a decoder
/// can never read past the end of what arrived on the wire. A byte_writer appends big-endian
/// (network order) fields to a growable buffer and can patch length fields written ahead.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "glasscore/core/expected.h"

namespace glasscore {

using byte_span = std::span<const std::uint8_t>;
using mutable_byte_span = std::span<std::uint8_t>;

enum class buffer_error : std::uint8_t {
  truncated,  ///< the input ended before the field did
  overflow,   ///< a value does not fit the field it is written to
};

[[nodiscard]] std::string_view to_string(buffer_error e);

/// Bounds-checked big-endian reader over borrowed bytes.
class byte_reader {
 public:
  explicit byte_reader(byte_span data) : data_(data) {}

  [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
  [[nodiscard]] std::size_t position() const { return pos_; }
  [[nodiscard]] bool empty() const { return remaining() == 0; }

  [[nodiscard]] expected<std::uint8_t, buffer_error> read_u8();
  [[nodiscard]] expected<std::uint16_t, buffer_error> read_u16();
  [[nodiscard]] expected<std::uint32_t, buffer_error> read_u24();
  [[nodiscard]] expected<std::uint32_t, buffer_error> read_u32();
  [[nodiscard]] expected<std::uint64_t, buffer_error> read_u64();
  /// Next `n` bytes as a view into the input (no copy).
  [[nodiscard]] expected<byte_span, buffer_error> read_bytes(std::size_t n);
  /// Everything not yet read.
  [[nodiscard]] byte_span read_rest();
  [[nodiscard]] expected<std::uint8_t, buffer_error> peek_u8() const;
  [[nodiscard]] expected<void, buffer_error> skip(std::size_t n);

  /// A reader over the next `n` bytes, advancing this one past them. Used for
  /// length-delimited sub-structures so an inner decoder cannot overrun its field.
  [[nodiscard]] expected<byte_reader, buffer_error> sub_reader(std::size_t n);

 private:
  [[nodiscard]] expected<std::uint64_t, buffer_error> read_be(std::size_t width);

  byte_span data_;
  std::size_t pos_ = 0;
};

/// Growable big-endian writer.
class byte_writer {
 public:
  byte_writer() = default;
  explicit byte_writer(std::size_t reserve) { bytes_.reserve(reserve); }

  void write_u8(std::uint8_t v) { bytes_.push_back(v); }
  void write_u16(std::uint16_t v);
  /// Fails with `overflow` if `v` needs more than 24 bits.
  [[nodiscard]] expected<void, buffer_error> write_u24(std::uint32_t v);
  void write_u32(std::uint32_t v);
  void write_u64(std::uint64_t v);
  void write_bytes(byte_span b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }

  /// Writes a zero placeholder of `width` bytes (1, 2 or 4) and returns its offset, for
  /// a length field whose value is only known after the body is written.
  [[nodiscard]] std::size_t reserve_field(std::size_t width);
  /// Fills a placeholder; fails with `overflow` if `value` does not fit `width` bytes.
  [[nodiscard]] expected<void, buffer_error> patch_field(std::size_t offset, std::size_t width,
                                                         std::uint64_t value);

  [[nodiscard]] std::size_t size() const { return bytes_.size(); }
  [[nodiscard]] byte_span view() const { return bytes_; }
  [[nodiscard]] std::vector<std::uint8_t> release() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

/// Big-endian load/store helpers for fixed-width fields in already-checked buffers.
constexpr std::uint32_t load_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
constexpr void store_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace glasscore
