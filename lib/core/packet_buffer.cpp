#include "glasscore/core/packet_buffer.h"

#include <cassert>
#include <utility>

namespace glasscore {

packet_buffer::packet_buffer(packet_buffer&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(other.slot_),
      begin_(other.begin_),
      end_(other.end_) {}

packet_buffer& packet_buffer::operator=(packet_buffer&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr) {
      pool_->release(slot_);
    }
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = other.slot_;
    begin_ = other.begin_;
    end_ = other.end_;
  }
  return *this;
}

packet_buffer::~packet_buffer() {
  if (pool_ != nullptr) {
    pool_->release(slot_);
  }
}

mutable_byte_span packet_buffer::data() {
  return {pool_->slot_data(slot_) + begin_, end_ - begin_};
}

byte_span packet_buffer::data() const {
  return {pool_->slot_data(slot_) + begin_, end_ - begin_};
}

std::size_t packet_buffer::tailroom() const {
  return pool_->buffer_size_ - end_;
}

expected<mutable_byte_span, buffer_error> packet_buffer::prepend(std::size_t n) {
  if (n > begin_) {
    return fail(buffer_error::overflow);
  }
  begin_ -= n;
  return mutable_byte_span{pool_->slot_data(slot_) + begin_, n};
}

expected<mutable_byte_span, buffer_error> packet_buffer::append(std::size_t n) {
  if (n > tailroom()) {
    return fail(buffer_error::overflow);
  }
  std::uint8_t* start = pool_->slot_data(slot_) + end_;
  end_ += n;
  return mutable_byte_span{start, n};
}

expected<void, buffer_error> packet_buffer::trim_front(std::size_t n) {
  if (n > size()) {
    return fail(buffer_error::truncated);
  }
  begin_ += n;
  return {};
}

expected<void, buffer_error> packet_buffer::trim_back(std::size_t n) {
  if (n > size()) {
    return fail(buffer_error::truncated);
  }
  end_ -= n;
  return {};
}

void packet_buffer::reset() {
  begin_ = pool_->headroom_;
  end_ = begin_;
}

packet_buffer_pool::packet_buffer_pool(std::size_t count, std::size_t buffer_size,
                                       std::size_t headroom)
    : count_(count), buffer_size_(buffer_size), headroom_(headroom), storage_(count * buffer_size) {
  assert(headroom < buffer_size);
  free_.reserve(count);
  for (std::size_t i = count; i > 0; --i) {
    free_.push_back(static_cast<std::uint32_t>(i - 1));
  }
}

packet_buffer_pool::~packet_buffer_pool() {
  // Every buffer must be back before the pool goes: a buffer outliving its pool would
  // point into freed storage.
  assert(free_.size() == count_);
}

std::optional<packet_buffer> packet_buffer_pool::acquire() {
  if (free_.empty()) {
    return std::nullopt;
  }
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  return packet_buffer(this, slot, headroom_);
}

void packet_buffer_pool::release(std::uint32_t slot) {
  free_.push_back(slot);
}

}  // namespace glasscore
