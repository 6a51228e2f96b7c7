#include "smf/context/ue_address_pool.h"

#include <algorithm>
#include <bit>

namespace glasscore::smf {

namespace {

constexpr std::uint64_t max_ipv6_prefixes = std::uint64_t{1} << 24U;

std::uint32_t to_u32(const ipv4_address& a) {
  return (std::uint32_t{a[0]} << 24U) | (std::uint32_t{a[1]} << 16U) | (std::uint32_t{a[2]} << 8U) |
         a[3];
}

ipv4_address from_u32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24U), static_cast<std::uint8_t>(v >> 16U),
          static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v)};
}

std::uint64_t to_u64(const ipv6_prefix64& p) {
  std::uint64_t v = 0;
  for (auto b : p) {
    v = (v << 8U) | b;
  }
  return v;
}

ipv6_prefix64 from_u64(std::uint64_t v) {
  ipv6_prefix64 p{};
  for (std::size_t i = 0; i < p.size(); ++i) {
    p[p.size() - 1 - i] = static_cast<std::uint8_t>(v >> (8U * i));
  }
  return p;
}

}  // namespace

slot_allocator::slot_allocator(std::uint64_t size) : size_(size), words_((size + 63) / 64, 0) {}

std::optional<std::uint64_t> slot_allocator::take() {
  if (in_use_ == size_) {
    return std::nullopt;
  }
  // Scan word by word from the cursor; a full word is skipped in one step, so a nearly
  // full pool costs size/64 steps at worst. One more step than there are words revisits
  // the bits below the cursor in its first word.
  for (std::size_t step = 0; step <= words_.size(); ++step) {
    const std::uint64_t word = cursor_ / 64;
    const std::uint64_t bit = cursor_ % 64;
    std::uint64_t free_bits = ~words_[word] & (~std::uint64_t{0} << bit);
    if (word == words_.size() - 1 && size_ % 64 != 0) {
      free_bits &= (std::uint64_t{1} << (size_ % 64)) - 1;
    }
    if (free_bits != 0) {
      const std::uint64_t slot =
          word * 64 + static_cast<std::uint64_t>(std::countr_zero(free_bits));
      words_[word] |= std::uint64_t{1} << (slot % 64);
      ++in_use_;
      cursor_ = slot + 1 == size_ ? 0 : slot + 1;
      return slot;
    }
    cursor_ = (word + 1) * 64 >= size_ ? 0 : (word + 1) * 64;
  }
  return std::nullopt;  // unreachable while in_use_ counts correctly
}

bool slot_allocator::take(std::uint64_t slot) {
  if (slot >= size_ || taken(slot)) {
    return false;
  }
  words_[slot / 64] |= std::uint64_t{1} << (slot % 64);
  ++in_use_;
  return true;
}

bool slot_allocator::give_back(std::uint64_t slot) {
  if (slot >= size_ || !taken(slot)) {
    return false;
  }
  words_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  --in_use_;
  return true;
}

bool slot_allocator::taken(std::uint64_t slot) const {
  return slot < size_ && (words_[slot / 64] >> (slot % 64) & 1U) != 0;
}

// ---- IPv4

expected<ipv4_pool, std::string> ipv4_pool::create(const config::ip_prefix& prefix) {
  if (prefix.address.family != config::ip_family::v4) {
    return fail(std::string("an IPv4 pool needs an IPv4 prefix"));
  }
  if (prefix.length < 8 || prefix.length > 29) {
    return fail("IPv4 pool prefix length must be 8 to 29, not " + std::to_string(prefix.length));
  }
  const std::uint32_t network = to_u32({prefix.address.bytes[0], prefix.address.bytes[1],
                                        prefix.address.bytes[2], prefix.address.bytes[3]});
  const std::uint64_t size = std::uint64_t{1} << (32U - prefix.length);
  // Network, gateway and broadcast addresses excluded.
  return ipv4_pool(network + 2, size - 3);
}

std::optional<std::uint64_t> ipv4_pool::slot_of(const ipv4_address& a) const {
  const std::uint32_t v = to_u32(a);
  if (v < first_ || v - first_ >= slots_.size()) {
    return std::nullopt;
  }
  return v - first_;
}

std::optional<ipv4_address> ipv4_pool::allocate() {
  auto slot = slots_.take();
  if (!slot) {
    return std::nullopt;
  }
  return from_u32(first_ + static_cast<std::uint32_t>(*slot));
}

bool ipv4_pool::reserve(const ipv4_address& a) {
  auto slot = slot_of(a);
  return slot && slots_.take(*slot);
}

bool ipv4_pool::release(const ipv4_address& a) {
  auto slot = slot_of(a);
  return slot && slots_.give_back(*slot);
}

bool ipv4_pool::in_use(const ipv4_address& a) const {
  auto slot = slot_of(a);
  return slot && slots_.taken(*slot);
}

ipv4_address ipv4_pool::gateway() const {
  return from_u32(first_ - 1);
}

// ---- IPv6 /64 prefixes

expected<ipv6_prefix_pool, std::string> ipv6_prefix_pool::create(const config::ip_prefix& prefix) {
  if (prefix.address.family != config::ip_family::v6) {
    return fail(std::string("an IPv6 pool needs an IPv6 prefix"));
  }
  if (prefix.length < 16 || prefix.length > 63) {
    return fail("IPv6 pool prefix length must be 16 to 63 (each session gets a /64), not " +
                std::to_string(prefix.length));
  }
  ipv6_prefix64 upper{};
  std::copy_n(prefix.address.bytes.begin(), upper.size(), upper.begin());
  const std::uint64_t count =
      std::min(std::uint64_t{1} << (64U - prefix.length), max_ipv6_prefixes);
  // The pool's first /64 is kept back for the N6 side, as the first IPv4 host is.
  return ipv6_prefix_pool(to_u64(upper) + 1, count - 1);
}

std::optional<std::uint64_t> ipv6_prefix_pool::slot_of(const ipv6_prefix64& p) const {
  const std::uint64_t v = to_u64(p);
  if (v < first_ || v - first_ >= slots_.size()) {
    return std::nullopt;
  }
  return v - first_;
}

std::optional<ipv6_prefix64> ipv6_prefix_pool::allocate() {
  auto slot = slots_.take();
  if (!slot) {
    return std::nullopt;
  }
  return from_u64(first_ + *slot);
}

bool ipv6_prefix_pool::reserve(const ipv6_prefix64& p) {
  auto slot = slot_of(p);
  return slot && slots_.take(*slot);
}

bool ipv6_prefix_pool::release(const ipv6_prefix64& p) {
  auto slot = slot_of(p);
  return slot && slots_.give_back(*slot);
}

bool ipv6_prefix_pool::in_use(const ipv6_prefix64& p) const {
  auto slot = slot_of(p);
  return slot && slots_.taken(*slot);
}

}  // namespace glasscore::smf
