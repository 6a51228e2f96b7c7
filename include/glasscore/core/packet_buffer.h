#pragma once
/// \file
/// Pooled packet buffers for the user plane. Every buffer is carved from one allocation made
/// when the pool is built, and starts with headroom so encapsulating headers (GTP-U, UDP,
/// IP) are prepended in place instead of copying the payload (DESIGN.md §4, "Buffers").
///
/// A pool belongs to one thread (one UPF worker); it has no locks. Buffers go back to the
/// pool when their handle is destroyed, and the pool must outlive its buffers.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/core/bytes.h"

namespace glasscore {

class packet_buffer_pool;

/// Move-only handle to one pooled buffer. The valid bytes are [begin, end) of its slot.
class packet_buffer {
 public:
  packet_buffer(packet_buffer&& other) noexcept;
  packet_buffer& operator=(packet_buffer&& other) noexcept;
  packet_buffer(const packet_buffer&) = delete;
  packet_buffer& operator=(const packet_buffer&) = delete;
  ~packet_buffer();

  [[nodiscard]] mutable_byte_span data();
  [[nodiscard]] byte_span data() const;
  [[nodiscard]] std::size_t size() const { return end_ - begin_; }
  [[nodiscard]] std::size_t headroom() const { return begin_; }
  [[nodiscard]] std::size_t tailroom() const;

  /// Extends the data `n` bytes to the front (into the headroom) and returns them.
  [[nodiscard]] expected<mutable_byte_span, buffer_error> prepend(std::size_t n);
  /// Extends the data `n` bytes at the back and returns them.
  [[nodiscard]] expected<mutable_byte_span, buffer_error> append(std::size_t n);
  /// Drops `n` bytes from the front (a decapsulated header).
  [[nodiscard]] expected<void, buffer_error> trim_front(std::size_t n);
  /// Drops `n` bytes from the back.
  [[nodiscard]] expected<void, buffer_error> trim_back(std::size_t n);
  /// Empties the buffer and restores the pool's default headroom.
  void reset();

 private:
  friend class packet_buffer_pool;
  packet_buffer(packet_buffer_pool* pool, std::uint32_t slot, std::size_t headroom)
      : pool_(pool), slot_(slot), begin_(headroom), end_(headroom) {}

  packet_buffer_pool* pool_;
  std::uint32_t slot_;
  std::size_t begin_;
  std::size_t end_;
};

class packet_buffer_pool {
 public:
  /// `count` buffers of `buffer_size` bytes each, of which `headroom` are kept free at the
  /// front of a fresh buffer. Requires headroom < buffer_size (an internal configuration
  /// value, not network input).
  packet_buffer_pool(std::size_t count, std::size_t buffer_size, std::size_t headroom);
  packet_buffer_pool(const packet_buffer_pool&) = delete;
  packet_buffer_pool& operator=(const packet_buffer_pool&) = delete;
  ~packet_buffer_pool();

  /// A buffer, or nullopt when all are in use (the caller drops the packet and counts it).
  [[nodiscard]] std::optional<packet_buffer> acquire();

  [[nodiscard]] std::size_t available() const { return free_.size(); }
  [[nodiscard]] std::size_t capacity() const { return count_; }
  [[nodiscard]] std::size_t buffer_size() const { return buffer_size_; }
  [[nodiscard]] std::size_t default_headroom() const { return headroom_; }

 private:
  friend class packet_buffer;
  void release(std::uint32_t slot);
  [[nodiscard]] std::uint8_t* slot_data(std::uint32_t slot) {
    return storage_.data() + static_cast<std::size_t>(slot) * buffer_size_;
  }

  std::size_t count_;
  std::size_t buffer_size_;
  std::size_t headroom_;
  std::vector<std::uint8_t> storage_;
  std::vector<std::uint32_t> free_;  // LIFO: the most recently freed slot is still in cache
};

}  // namespace glasscore
