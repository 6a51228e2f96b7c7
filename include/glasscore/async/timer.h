#pragma once
/// \file
/// Clock and timer interfaces. NF procedures take a `timer_service&` instead of reading the
/// system clock or sleeping, so that tests advance time by hand (DESIGN.md §4, §5).

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace glasscore::async {

/// Monotonic time only: protocol timers (T3560, T3512, PFCP retransmission) measure
/// intervals and must not jump with wall-clock changes.
using clock_type = std::chrono::steady_clock;
using time_point = clock_type::time_point;
using duration = clock_type::duration;

/// Identifies one scheduled timer for cancellation. Never reused by a timer service.
enum class timer_id : std::uint64_t {};

/// Something that tells the time.
class clock {
 public:
  virtual ~clock() = default;
  /// The current time on this clock; never decreases.
  [[nodiscard]] virtual time_point now() const = 0;

 protected:
  clock() = default;
  clock(const clock&) = default;
  clock& operator=(const clock&) = default;
};

/// One-shot timers on a clock. Callbacks run on the owning loop's thread, from the loop
/// itself (never inline from `schedule_at` or `cancel`), in deadline order and, for equal
/// deadlines, in the order they were scheduled.
///
/// Thread-safety: none; call it only from the loop's own thread.
class timer_service : public clock {
 public:
  using callback = std::move_only_function<void()>;

  /// Runs `fn` once at `deadline` (or as soon as possible if that is already past).
  [[nodiscard]] virtual timer_id schedule_at(time_point deadline, callback fn) = 0;

  /// Cancels a pending timer. Once this returns, its callback will not run and is
  /// destroyed. Returns false if the timer already fired or was cancelled.
  virtual bool cancel(timer_id id) = 0;

  /// Shorthand for `schedule_at(now() + delay, fn)`.
  [[nodiscard]] timer_id schedule_after(duration delay, callback fn) {
    return schedule_at(now() + delay, std::move(fn));
  }
};

}  // namespace glasscore::async
