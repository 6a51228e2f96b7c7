#pragma once
/// \file
/// The executor interface: where a network function's control-plane work runs. Procedure
/// code receives an `executor&` (DESIGN.md §4, "Dependency injection") so that tests run it
/// on a manual loop and the runtime on Asio, without the procedure knowing which.

#include <functional>

namespace glasscore::async {

/// A callable that may own move-only state (a coroutine frame, a unique_ptr).
using work_item = std::move_only_function<void()>;

/// Runs posted work later, one item at a time, in posting order, on the executor's thread.
///
/// Thread-safety: each implementation documents whether `post` may be called from another
/// thread; the work itself always runs on the executor's one thread, so procedure code
/// that only runs on one executor needs no locks (DESIGN.md §2).
class executor {
 public:
  virtual ~executor() = default;

  /// Queues `work` to run after the caller returns to the loop; never runs it inline, so a
  /// caller can post while holding references into its own state.
  virtual void post(work_item work) = 0;

 protected:
  executor() = default;
  executor(const executor&) = default;
  executor& operator=(const executor&) = default;
};

}  // namespace glasscore::async
