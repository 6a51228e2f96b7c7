#pragma once
// Internal: a fixed-capacity open-addressed hash table from a key (uplink TEID, downlink
// TEID, UE IPv4 address, UE IPv6 /64 prefix) to a published session_entry, read by
// workers without locks and written by the one control thread (docs/upf.md, "Tables").
//
// Each slot is one atomic pointer: empty, a tombstone, or an entry (which holds its own
// key). A reader probes linearly from the key's hash until it finds the entry or an empty
// slot: O(1) expected at the load factor kept here (at most 1/2 including tombstones). A
// writer fills a slot with one atomic store, so a reader sees a slot either before or after
// the change, never half of it. Tombstones are never reused in place (a reader could be
// probing past them); when they pile up the writer builds a fresh array and publishes it
// with one pointer store, retiring the old array through the quiescence scheme.
//
// All atomics use sequential consistency: the reclamation proof in quiescence.h needs it,
// and on x86 seq_cst loads are plain loads, so the per-packet cost is unchanged.

#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>

#include "quiescence.h"
#include "session_entry.h"

namespace glasscore::upf::detail {

template <class Traits>
class lookup_table {
 public:
  using key_type = typename Traits::key_type;

  lookup_table(std::size_t max_entries, quiescence& q) : quiescence_(q) {
    capacity_ = std::bit_ceil(std::max<std::size_t>(16, max_entries * 2));
    current_.store(new array(capacity_));
  }
  ~lookup_table() { delete current_.load(); }
  lookup_table(const lookup_table&) = delete;
  lookup_table& operator=(const lookup_table&) = delete;

  /// Worker side: the entry for `key`, or nullptr. Valid until the worker's next
  /// quiescent point.
  [[nodiscard]] const session_entry* find(key_type key) const {
    const array* a = current_.load();
    std::size_t i = hash(key) & a->mask;
    for (std::size_t n = 0; n <= a->mask; ++n) {
      const session_entry* e = a->slots[i].load();
      if (e == nullptr)
        return nullptr;
      if (e != tombstone() && Traits::key_of(*e) == key)
        return e;
      i = (i + 1) & a->mask;
    }
    return nullptr;
  }

  /// Control side: adds `e` (whose key is not in the table). False when full.
  bool insert(const session_entry* e) {
    array* a = current_.load();
    if ((a->used + a->tombstones + 1) * 2 > capacity_) {
      if ((a->used + 1) * 2 > capacity_)
        return false;
      a = rebuild();
    }
    std::size_t i = hash(Traits::key_of(*e)) & a->mask;
    while (a->slots[i].load() != nullptr)
      i = (i + 1) & a->mask;
    a->slots[i].store(e);
    ++a->used;
    return true;
  }

  /// Control side: puts `replacement` (same key) where `old` was.
  void replace(const session_entry* old, const session_entry* replacement) {
    array* a = current_.load();
    if (auto* slot = find_slot(a, old))
      slot->store(replacement);
  }

  /// Control side: removes `old`.
  void erase(const session_entry* old) {
    array* a = current_.load();
    if (auto* slot = find_slot(a, old)) {
      slot->store(tombstone());
      --a->used;
      ++a->tombstones;
    }
  }

 private:
  struct array {
    explicit array(std::size_t n) : mask(n - 1), slots(new std::atomic<const session_entry*>[n]) {
      for (std::size_t i = 0; i < n; ++i)
        slots[i].store(nullptr, std::memory_order_relaxed);
    }
    std::size_t mask;
    std::unique_ptr<std::atomic<const session_entry*>[]> slots;
    std::size_t used = 0;
    std::size_t tombstones = 0;
  };

  static const session_entry* tombstone() {
    static const session_entry marker{};
    return &marker;
  }

  static std::size_t hash(key_type key) {
    // Fibonacci hashing: TEIDs and addresses are often sequential; multiply to spread them.
    return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ull) >>
                                    17);
  }

  std::atomic<const session_entry*>* find_slot(array* a, const session_entry* e) {
    std::size_t i = hash(Traits::key_of(*e)) & a->mask;
    for (std::size_t n = 0; n <= a->mask; ++n) {
      const session_entry* s = a->slots[i].load();
      if (s == nullptr)
        return nullptr;
      if (s == e)
        return &a->slots[i];
      i = (i + 1) & a->mask;
    }
    return nullptr;
  }

  array* rebuild() {
    array* old = current_.load();
    auto* fresh = new array(capacity_);
    for (std::size_t i = 0; i <= old->mask; ++i) {
      const session_entry* e = old->slots[i].load();
      if (e == nullptr || e == tombstone())
        continue;
      std::size_t j = hash(Traits::key_of(*e)) & fresh->mask;
      while (fresh->slots[j].load(std::memory_order_relaxed) != nullptr)
        j = (j + 1) & fresh->mask;
      fresh->slots[j].store(e, std::memory_order_relaxed);
      ++fresh->used;
    }
    current_.store(fresh);
    quiescence_.retire([old] { delete old; });
    return fresh;
  }

  quiescence& quiescence_;
  std::size_t capacity_ = 0;
  std::atomic<array*> current_{nullptr};
};

struct teid_traits {
  using key_type = std::uint32_t;
  static key_type key_of(const session_entry& e) { return e.teid; }
};
struct downlink_teid_traits {
  using key_type = std::uint32_t;
  static key_type key_of(const session_entry& e) { return e.downlink_teid.value_or(0); }
};
struct ipv4_traits {
  using key_type = std::uint32_t;
  static key_type key_of(const session_entry& e) { return e.ue_ipv4.value_or(0); }
};
struct ipv6_traits {
  using key_type = std::uint64_t;
  static key_type key_of(const session_entry& e) { return e.ue_ipv6_prefix.value_or(0); }
};

}  // namespace glasscore::upf::detail
