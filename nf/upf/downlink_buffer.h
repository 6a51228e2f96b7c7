#pragma once
// Internal: the downlink packets a session holds while its downlink FAR says BUFF (TS 29.244
// §5.2.3; TS 23.502 §4.2.3.3, UE in CM-IDLE), in arrival order, bounded in packets and octets.
//
// This is the one place where the data path takes a lock. Buffering is the exception (an
// idle UE's traffic), and packets must be copied out of the worker's pool anyway (a pool
// has 2048 buffers per worker: holding them for idle UEs would starve forwarding), so a
// per-session mutex around the copy costs nothing the fast path sees. The forwarding path
// only reads `queued()`, a relaxed atomic, to know whether older packets wait to be flushed
// ahead of it. Storage is allocated when a buffering episode begins (the first packet) and
// freed when the buffer empties: idle sessions without traffic hold no memory, and no
// packet allocates on its own.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

namespace glasscore::upf::detail {

class downlink_buffer {
 public:
  /// Copies `packet` at the end; false when `max_packets` or `max_bytes` would be exceeded.
  bool push(std::span<const std::uint8_t> packet, std::size_t max_packets, std::size_t max_bytes) {
    std::lock_guard lock(mutex_);
    if (lengths_.size() >= max_packets || bytes_.size() + packet.size() > max_bytes)
      return false;
    if (lengths_.empty()) {
      bytes_.reserve(max_bytes);
      lengths_.reserve(max_packets);
    }
    bytes_.insert(bytes_.end(), packet.begin(), packet.end());
    lengths_.push_back(static_cast<std::uint32_t>(packet.size()));
    queued_.store(lengths_.size(), std::memory_order_relaxed);
    return true;
  }

  /// Hands the packets to `send(span)` oldest first, while it returns true; keeps those it
  /// refused. Returns how many were handed over.
  template <class Send>
  std::size_t drain(Send&& send) {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    std::size_t offset = 0;
    while (n < lengths_.size() &&
           send(std::span<const std::uint8_t>(bytes_.data() + offset, lengths_[n]))) {
      offset += lengths_[n];
      ++n;
    }
    bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(offset));
    lengths_.erase(lengths_.begin(), lengths_.begin() + static_cast<std::ptrdiff_t>(n));
    release_if_empty();
    return n;
  }

  /// Drops every packet held; returns how many.
  std::size_t discard() {
    std::lock_guard lock(mutex_);
    const std::size_t n = lengths_.size();
    lengths_.clear();
    release_if_empty();
    return n;
  }

  /// Packets held (a hint for the lock-free forwarding path: 0 means nothing to flush).
  [[nodiscard]] std::size_t queued() const { return queued_.load(std::memory_order_relaxed); }

 private:
  void release_if_empty() {
    queued_.store(lengths_.size(), std::memory_order_relaxed);
    if (lengths_.empty()) {
      std::vector<std::uint8_t>().swap(bytes_);
      std::vector<std::uint32_t>().swap(lengths_);
    }
  }

  std::mutex mutex_;
  std::atomic<std::size_t> queued_{0};
  std::vector<std::uint8_t> bytes_;
  std::vector<std::uint32_t> lengths_;
};

}  // namespace glasscore::upf::detail
