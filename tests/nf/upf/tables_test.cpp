// The UPF's session tables without sockets: lookups by TEID / UE address, churn past the
// tombstone limit, deferred reclamation, concurrent readers during writes, the MBR bucket.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "lookup_table.h"
#include "quiescence.h"
#include "session_entry.h"

namespace glasscore::upf::detail {
namespace {

std::unique_ptr<session_entry> entry(std::uint32_t teid, std::uint32_t ipv4) {
  auto e = std::make_unique<session_entry>();
  e->teid = teid;
  e->ue_ipv4 = ipv4;
  return e;
}

TEST(upf_lookup_table, finds_what_was_inserted_and_nothing_else) {
  quiescence q(1);
  lookup_table<teid_traits> by_teid(1000, q);
  lookup_table<ipv4_traits> by_ip(1000, q);
  std::vector<std::unique_ptr<session_entry>> all;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    all.push_back(entry(i * 4096 + 1, 0x0A3C0000 + i));  // strided TEIDs, sequential IPs
    ASSERT_TRUE(by_teid.insert(all.back().get()));
    ASSERT_TRUE(by_ip.insert(all.back().get()));
  }
  for (std::uint32_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(by_teid.find(i * 4096 + 1), all[i].get());
    EXPECT_EQ(by_ip.find(0x0A3C0000 + i), all[i].get());
  }
  EXPECT_EQ(by_teid.find(2), nullptr);
  EXPECT_EQ(by_ip.find(0x0A3C0000 + 1000), nullptr);
}

TEST(upf_lookup_table, ipv6_prefix_keys) {
  quiescence q(1);
  lookup_table<ipv6_traits> t(16, q);
  session_entry a;
  a.ue_ipv6_prefix = 0x20010db800000001ull;
  session_entry b;
  b.ue_ipv6_prefix = 0x20010db800000002ull;
  ASSERT_TRUE(t.insert(&a));
  ASSERT_TRUE(t.insert(&b));
  EXPECT_EQ(t.find(0x20010db800000001ull), &a);
  EXPECT_EQ(t.find(0x20010db800000002ull), &b);
  EXPECT_EQ(t.find(0x20010db800000003ull), nullptr);
}

TEST(upf_lookup_table, refuses_more_than_its_capacity) {
  quiescence q(1);
  lookup_table<teid_traits> t(8, q);  // 16 slots, at most half used
  std::vector<std::unique_ptr<session_entry>> all;
  std::size_t accepted = 0;
  for (std::uint32_t i = 0; i < 20; ++i) {
    all.push_back(entry(i + 1, 0));
    accepted += t.insert(all.back().get()) ? 1 : 0;
  }
  EXPECT_EQ(accepted, 8u);
  for (std::uint32_t i = 0; i < 8; ++i)
    EXPECT_EQ(t.find(i + 1), all[i].get());
}

TEST(upf_lookup_table, erase_replace_and_churn_keep_lookups_right) {
  quiescence q(1);
  lookup_table<teid_traits> t(64, q);
  std::vector<std::unique_ptr<session_entry>> live(64);
  std::vector<std::unique_ptr<session_entry>> graveyard;  // freed at the end, like retire
  // 100,000 install/remove cycles: far more tombstones than slots, so the table must
  // rebuild (and retire its old arrays) to keep working.
  for (std::uint32_t round = 0; round < 100000; ++round) {
    const std::uint32_t k = round % 64;
    if (live[k]) {
      t.erase(live[k].get());
      EXPECT_EQ(t.find(live[k]->teid), nullptr);
      graveyard.push_back(std::move(live[k]));
    }
    live[k] = entry(round + 1, 0);
    ASSERT_TRUE(t.insert(live[k].get())) << "round " << round;
    if (graveyard.size() > 256)
      graveyard.erase(graveyard.begin(), graveyard.begin() + 128);
  }
  for (const auto& e : live)
    EXPECT_EQ(t.find(e->teid), e.get());
  EXPECT_GT(q.pending(), 0u);  // old arrays were retired, not freed under readers
  q.quiescent(0);
  q.reclaim();
  EXPECT_EQ(q.pending(), 0u);
  // replace: the same key now leads to the new entry.
  auto fresh = entry(live[3]->teid, 0);
  t.replace(live[3].get(), fresh.get());
  EXPECT_EQ(t.find(fresh->teid), fresh.get());
}

TEST(upf_quiescence, frees_only_after_every_worker_passed_a_quiescent_point) {
  quiescence q(2);
  q.quiescent(0);
  q.quiescent(1);
  bool freed = false;
  q.retire([&] { freed = true; });
  q.reclaim();
  EXPECT_FALSE(freed);  // neither worker has passed a quiescent point since
  q.quiescent(0);
  q.reclaim();
  EXPECT_FALSE(freed);  // worker 1 may still hold the pointer
  q.offline(1);         // blocked in poll: holds nothing
  q.reclaim();
  EXPECT_TRUE(freed);
  EXPECT_EQ(q.pending(), 0u);
}

// Readers look up while the writer installs, replaces and removes: a reader must only ever
// get an entry with the key it asked for (or nothing), and nothing is freed under it.
TEST(upf_lookup_table, concurrent_readers_see_whole_entries) {
  constexpr std::size_t readers = 2;
  quiescence q(readers);
  lookup_table<teid_traits> t(256, q);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> wrong{0};
  std::atomic<std::uint64_t> hits{0};
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      std::uint32_t k = 0;
      while (!stop.load()) {
        q.quiescent(r);
        for (int i = 0; i < 64; ++i) {
          const std::uint32_t key = (k++ % 512) + 1;
          if (const session_entry* e = t.find(key)) {
            if (e->teid != key || e->ue_ipv4 != key)
              wrong.fetch_add(1);
            hits.fetch_add(1);
          }
        }
      }
      q.offline(r);
    });
  }
  std::vector<session_entry*> live(512, nullptr);
  for (std::uint32_t round = 0; round < 200000; ++round) {
    const std::uint32_t key = (round * 7919) % 512 + 1;
    session_entry*& slot = live[key - 1];
    if (slot == nullptr) {
      auto e = entry(key, key).release();
      if (t.insert(e)) {
        slot = e;
      } else {
        delete e;
      }
    } else if (round % 3 == 0) {
      auto fresh = entry(key, key).release();
      t.replace(slot, fresh);
      q.retire([old = slot] { delete old; });
      slot = fresh;
    } else {
      t.erase(slot);
      q.retire([old = slot] { delete old; });
      slot = nullptr;
    }
    if (round % 64 == 0)
      q.reclaim();
  }
  stop.store(true);
  for (auto& th : threads)
    th.join();
  q.reclaim_all();
  for (auto* e : live)
    delete e;
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(hits.load(), 0u);
}

TEST(upf_token_bucket, admits_the_burst_then_the_rate) {
  qos_enforcement q;
  q.max_bit_rate = 8'000'000;  // 1 MB/s: 1000 ns per byte
  q.burst_bytes = 10'000;
  const rate_limit r = rate_limit::from(q);
  ASSERT_TRUE(r.enabled);
  token_bucket b;
  const std::int64_t t0 = 1'000'000'000;
  int admitted = 0;
  for (int i = 0; i < 100; ++i)
    admitted += b.admit(1000, r.ns_per_byte, r.depth_ns, t0) ? 1 : 0;
  EXPECT_EQ(admitted, 10);  // the 10,000-byte burst at one instant
  // 5 ms later, 5,000 more bytes' worth of tokens.
  admitted = 0;
  for (int i = 0; i < 100; ++i) {
    admitted += b.admit(1000, r.ns_per_byte, r.depth_ns, t0 + 5'000'000) ? 1 : 0;
  }
  EXPECT_EQ(admitted, 5);
  EXPECT_FALSE(rate_limit::from(qos_enforcement{}).enabled);  // MBR 0: unlimited
}

}  // namespace
}  // namespace glasscore::upf::detail
