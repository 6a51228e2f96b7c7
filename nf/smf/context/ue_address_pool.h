#pragma once
/// \file
/// UE address allocation for one DNN (TS 23.501 §5.8.2.2): IPv4 addresses from the DNN's
/// ipv4_pool and, for IPv6, a whole /64 per PDU session delegated from its ipv6_pool
/// (TS 23.501 §5.8.2.2.3: the UE builds its addresses from the prefix with stateless
/// autoconfiguration, the network only ever sees the prefix).
///
/// Allocation goes round-robin through the pool rather than re-using the lowest free
/// address, so an address released a moment ago is the last to be handed out again: late
/// packets of the old session then cannot reach the next UE.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"

namespace glasscore::smf {

using ipv4_address = std::array<std::uint8_t, 4>;
/// The upper 64 bits of an IPv6 address: a /64 prefix.
using ipv6_prefix64 = std::array<std::uint8_t, 8>;

/// A bitmap of `size` slots with a round-robin cursor: the allocator under both pools.
class slot_allocator {
 public:
  explicit slot_allocator(std::uint64_t size);
  /// A free slot, or nothing when every slot is taken.
  [[nodiscard]] std::optional<std::uint64_t> take();
  /// Marks `slot` taken; false if it already was or is out of range.
  bool take(std::uint64_t slot);
  /// Frees `slot`; false if it was not taken.
  bool give_back(std::uint64_t slot);
  [[nodiscard]] bool taken(std::uint64_t slot) const;
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] std::uint64_t in_use() const { return in_use_; }

 private:
  std::uint64_t size_;
  std::uint64_t in_use_ = 0;
  std::uint64_t cursor_ = 0;
  std::vector<std::uint64_t> words_;
};

/// IPv4 host addresses of a prefix. The network address, the broadcast address and the
/// first host address are never handed out: the first host is the data network side's
/// gateway (the UPF's N6 interface), see `gateway()`.
class ipv4_pool {
 public:
  /// Prefix lengths 8 to 29 (a /30 would leave one UE address; a pool of 16 M addresses
  /// is the largest one bitmap of 2 MiB is kept for).
  [[nodiscard]] static expected<ipv4_pool, std::string> create(const config::ip_prefix& prefix);

  [[nodiscard]] std::optional<ipv4_address> allocate();
  /// Marks an address in use (e.g. one a UPF still holds); false if not in the pool's
  /// usable range or already in use.
  bool reserve(const ipv4_address& a);
  bool release(const ipv4_address& a);
  [[nodiscard]] bool in_use(const ipv4_address& a) const;
  [[nodiscard]] ipv4_address gateway() const;
  [[nodiscard]] std::uint64_t capacity() const { return slots_.size(); }
  [[nodiscard]] std::uint64_t allocated() const { return slots_.in_use(); }

 private:
  ipv4_pool(std::uint32_t first, std::uint64_t count) : first_(first), slots_(count) {}
  [[nodiscard]] std::optional<std::uint64_t> slot_of(const ipv4_address& a) const;
  std::uint32_t first_;  ///< the first address handed out (network + 2)
  slot_allocator slots_;
};

/// /64 prefixes delegated from a shorter IPv6 prefix (length 16 to 64). At most 2^24
/// prefixes of a pool are used (a 2 MiB bitmap), which is plenty for one SMF.
class ipv6_prefix_pool {
 public:
  [[nodiscard]] static expected<ipv6_prefix_pool, std::string> create(
      const config::ip_prefix& prefix);

  [[nodiscard]] std::optional<ipv6_prefix64> allocate();
  bool reserve(const ipv6_prefix64& p);
  bool release(const ipv6_prefix64& p);
  [[nodiscard]] bool in_use(const ipv6_prefix64& p) const;
  [[nodiscard]] std::uint64_t capacity() const { return slots_.size(); }
  [[nodiscard]] std::uint64_t allocated() const { return slots_.in_use(); }

 private:
  ipv6_prefix_pool(std::uint64_t first, std::uint64_t count) : first_(first), slots_(count) {}
  [[nodiscard]] std::optional<std::uint64_t> slot_of(const ipv6_prefix64& p) const;
  std::uint64_t first_;  ///< the first /64 as a 64-bit number; prefix 0 (the pool's own
                         ///< first /64) is skipped so that it can number the N6 side
  slot_allocator slots_;
};

}  // namespace glasscore::smf
