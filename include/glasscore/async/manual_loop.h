#pragma once
/// \file
/// A deterministic event loop for tests: an executor and a timer service whose time moves
/// only when the test calls `advance`. Nothing sleeps, so a test of a 6 s NAS timer runs in
/// microseconds and cannot be flaky (DESIGN.md §5: manual clock, no sleeps).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <utility>

#include "glasscore/async/executor.h"
#include "glasscore/async/timer.h"

namespace glasscore::async {

/// Executor plus timer service driven by hand.
///
/// Posted work runs only inside `run_pending`, `advance` or `advance_to`, in posting order.
/// Timers fire only when the test moves time to or past their deadline; while a timer's
/// callback runs, `now()` equals that timer's deadline exactly, and work it posts runs
/// before any later timer fires. Equal deadlines fire in scheduling order.
///
/// Thread-safety: none. One thread (the test's) owns the loop.
/// Destruction drops queued work and pending timers without running them.
class manual_loop final : public executor, public timer_service {
 public:
  /// Starts at an arbitrary but fixed time, so tests are reproducible.
  manual_loop();
  explicit manual_loop(time_point start);
  manual_loop(const manual_loop&) = delete;
  manual_loop& operator=(const manual_loop&) = delete;
  ~manual_loop() override;

  void post(work_item work) override;
  [[nodiscard]] time_point now() const override { return now_; }
  [[nodiscard]] timer_id schedule_at(time_point deadline, callback fn) override;
  bool cancel(timer_id id) override;

  /// Runs posted work and timers already due, until neither is left, without moving time.
  /// Returns how many work items and timer callbacks ran.
  std::size_t run_pending();

  /// Moves time forward by `delta`, firing every timer due on the way in deadline order
  /// (time stops at each deadline while that timer runs). Returns items run.
  std::size_t advance(duration delta);

  /// Moves time to `target` (no-op for a past target other than running pending work).
  std::size_t advance_to(time_point target);

  /// Moves time to the next pending timer's deadline and runs it, if there is one.
  /// Returns false when no timer is pending.
  bool advance_to_next_timer();

  /// Number of posted work items not yet run.
  [[nodiscard]] std::size_t queued_work() const { return work_.size(); }
  /// Number of timers neither fired nor cancelled.
  [[nodiscard]] std::size_t pending_timers() const { return timers_.size(); }
  /// Deadline of the earliest pending timer; only valid when `pending_timers() > 0`.
  [[nodiscard]] time_point next_deadline() const { return timers_.begin()->first.first; }

 private:
  // Keyed by (deadline, sequence): std::map order gives deadline order, FIFO within one
  // deadline, and the sequence doubles as the timer_id.
  using timer_key = std::pair<time_point, std::uint64_t>;

  std::size_t drain_work();
  bool fire_one_due(time_point limit);

  time_point now_;
  std::uint64_t next_id_ = 1;
  std::deque<work_item> work_;
  std::map<timer_key, callback> timers_;
  std::unordered_map<std::uint64_t, time_point> deadlines_;
};

}  // namespace glasscore::async
