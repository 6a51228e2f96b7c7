#pragma once
/// \file
/// `co_await sleep_for(timers, d)`: suspends a task until the timer service's clock has
/// moved by `d`. Under a manual loop that happens only when the test advances time.

#include <coroutine>
#include <optional>

#include "glasscore/async/timer.h"

namespace glasscore::async {

/// The awaitable returned by `sleep_for` / `sleep_until`. It lives in the awaiting
/// coroutine's frame; if that frame is destroyed while suspended here, the destructor
/// cancels the timer, so the callback never resumes a freed frame.
///
/// Thread-safety: none; use on the timer service's loop thread.
class [[nodiscard]] sleep_awaiter {
 public:
  sleep_awaiter(timer_service& timers, time_point deadline) noexcept
      : timers_(&timers), deadline_(deadline) {}
  sleep_awaiter(const sleep_awaiter&) = delete;
  sleep_awaiter& operator=(const sleep_awaiter&) = delete;
  ~sleep_awaiter() {
    if (timer_) {
      timers_->cancel(*timer_);
    }
  }

  // Always suspends, even for a deadline already past: the timer service then fires it on
  // its next pass, so a zero sleep yields to other work instead of being a no-op.
  [[nodiscard]] bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> awaiting) {
    timer_ = timers_->schedule_at(deadline_, [this, awaiting] {
      timer_.reset();
      awaiting.resume();
    });
  }
  void await_resume() const noexcept {}

 private:
  timer_service* timers_;
  time_point deadline_;
  std::optional<timer_id> timer_;
};

/// Suspends until `timers.now() + delay`.
[[nodiscard]] inline sleep_awaiter sleep_for(timer_service& timers, duration delay) {
  return sleep_awaiter{timers, timers.now() + delay};
}

/// Suspends until `deadline`.
[[nodiscard]] inline sleep_awaiter sleep_until(timer_service& timers, time_point deadline) {
  return sleep_awaiter{timers, deadline};
}

}  // namespace glasscore::async
