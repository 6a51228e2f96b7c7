#pragma once
/// \file
/// `keyed_sequencer<Key>`: runs procedures for one key (one UE, one PFCP session) strictly
/// one at a time in arrival order, while procedures for different keys interleave on the
/// same executor (DESIGN.md §2: "procedures for one UE run in FIFO order").

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>

#include "glasscore/async/executor.h"
#include "glasscore/async/task.h"

namespace glasscore::async {

/// Per-key FIFO of `task<void>` procedures.
///
/// A procedure is started (spawned on the executor) when every earlier procedure for its
/// key has finished; when it finishes, the next one for that key is started from the
/// executor, not inline, so a long queue does not nest stack frames. Tasks are lazy, so a
/// queued procedure has not run a single statement yet.
///
/// Destroying the sequencer drops queued procedures unstarted; a running one finishes on
/// its own (whatever it waits on must complete: replies are cancelled by their owner) and
/// then starts nothing further. The per-key state is shared with the running procedure's
/// completion callback, so this never dangles.
///
/// Thread-safety: none; call it on the executor's thread.
template <class Key, class Hash = std::hash<Key>, class Equal = std::equal_to<Key>>
class keyed_sequencer {
 public:
  explicit keyed_sequencer(executor& ex) : state_(std::make_shared<state>(ex)) {}
  keyed_sequencer(const keyed_sequencer&) = delete;
  keyed_sequencer& operator=(const keyed_sequencer&) = delete;
  ~keyed_sequencer() {
    state_->closed = true;
    state_->queues.clear();
  }

  /// Queues `procedure` behind the procedures already queued or running for `key`.
  void enqueue(const Key& key, task<void> procedure) {
    auto [it, inserted] = state_->queues.try_emplace(key);
    it->second.push_back(std::move(procedure));
    if (inserted) {
      start_next(state_, key);
    }
  }

  /// Drops the procedures queued for `key` that have not started (the UE context is being
  /// deleted). The running one, if any, is left to finish. Returns how many were dropped.
  std::size_t drop_queued(const Key& key) {
    auto it = state_->queues.find(key);
    if (it == state_->queues.end()) {
      return 0;
    }
    const std::size_t dropped = it->second.size();
    it->second.clear();
    return dropped;
  }

  /// True while a procedure for `key` is running or queued.
  [[nodiscard]] bool busy(const Key& key) const { return state_->queues.contains(key); }

  /// Procedures for `key` queued behind the running one.
  [[nodiscard]] std::size_t queued(const Key& key) const {
    auto it = state_->queues.find(key);
    return it == state_->queues.end() ? 0 : it->second.size();
  }

  /// Number of keys with a procedure running or queued.
  [[nodiscard]] std::size_t active_keys() const { return state_->queues.size(); }

 private:
  struct state {
    explicit state(executor& e) : ex(&e) {}
    executor* ex;
    bool closed = false;
    // A key is present from the moment its first procedure is queued until its queue is
    // empty and the last procedure has finished; the running procedure is not in the
    // deque (it has been handed to spawn).
    std::unordered_map<Key, std::deque<task<void>>, Hash, Equal> queues;
  };

  static void start_next(const std::shared_ptr<state>& s, const Key& key) {
    auto it = s->queues.find(key);
    if (it == s->queues.end()) {
      return;
    }
    if (it->second.empty()) {
      s->queues.erase(it);
      return;
    }
    task<void> next = std::move(it->second.front());
    it->second.pop_front();
    spawn(*s->ex, std::move(next), [s, key] {
      if (!s->closed) {
        start_next(s, key);
      }
    });
  }

  std::shared_ptr<state> state_;
};

}  // namespace glasscore::async
