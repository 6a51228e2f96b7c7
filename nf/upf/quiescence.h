#pragma once
// Internal: RCU-like deferred reclamation for the session tables (docs/upf.md). The control
// thread unpublishes an object, advances the global epoch and retires the object with that
// epoch; each worker records the epoch it saw at the top of every loop turn, a point where
// it holds no table pointer. An object is freed once every worker has recorded an epoch at
// least its retirement epoch: no worker can still be reading it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace glasscore::upf::detail {

/// One worker's published epoch, on its own cache line so workers never share one.
struct alignas(64) worker_epoch {
  std::atomic<std::uint64_t> seen{0};
};

class quiescence {
 public:
  explicit quiescence(std::size_t workers) : workers_(workers) {}

  /// Worker side: called at a point where the worker holds no pointer from the tables.
  void quiescent(std::size_t worker) {
    workers_[worker].seen.store(global_.load(std::memory_order_seq_cst), std::memory_order_seq_cst);
  }
  /// Worker side: before a worker blocks or exits, so it never holds back reclamation.
  void offline(std::size_t worker) {
    workers_[worker].seen.store(UINT64_MAX, std::memory_order_seq_cst);
  }

  /// Control side: frees `deleter`'s object once every worker has passed a quiescent point
  /// after this call. Call after the object was unpublished.
  void retire(std::function<void()> deleter) {
    const std::uint64_t epoch = global_.fetch_add(1, std::memory_order_seq_cst) + 1;
    retired_.push_back({epoch, std::move(deleter)});
  }

  /// Control side: frees what no worker can still see.
  void reclaim() {
    std::uint64_t oldest = UINT64_MAX;
    for (const auto& w : workers_)
      oldest = std::min(oldest, w.seen.load(std::memory_order_seq_cst));
    std::erase_if(retired_, [oldest](retired& r) {
      if (r.epoch > oldest)
        return false;
      r.deleter();
      return true;
    });
  }

  /// Control side, with every worker stopped: frees everything.
  void reclaim_all() {
    for (auto& r : retired_)
      r.deleter();
    retired_.clear();
  }

  [[nodiscard]] std::size_t pending() const { return retired_.size(); }

 private:
  struct retired {
    std::uint64_t epoch;
    std::function<void()> deleter;
  };
  std::atomic<std::uint64_t> global_{1};
  std::vector<worker_epoch> workers_;
  std::vector<retired> retired_;
};

}  // namespace glasscore::upf::detail
