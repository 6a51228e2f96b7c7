#pragma once
/// \file
/// `reply<T>`: where a procedure waits for a peer's answer with a deadline, the pattern of
/// every NAS/NGAP/PFCP exchange guarded by a retransmission timer. An AMF UE context holds
/// a `reply<authentication_response>`; the authentication procedure sends Authentication
/// Request and does `co_await ue.auth_answer.wait_for(t3560)`; the N1 handler that decodes
/// the Authentication Response calls `ue.auth_answer.set_value(msg)`. On `timeout` the
/// procedure retransmits and waits again (TS 24.501 §5.4.1.3.7 b: up to four
/// retransmissions); when the UE context is deleted, the reply's destructor completes the
/// wait with `cancelled`, so the procedure ends instead of waiting forever.

#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "glasscore/async/executor.h"
#include "glasscore/async/timer.h"
#include "glasscore/core/expected.h"

namespace glasscore::async {

/// Why a wait on a reply ended without a value.
enum class wait_error : std::uint8_t {
  timeout,          ///< the deadline passed first
  cancelled,        ///< `cancel()` was called or the reply was destroyed (owner gone)
  already_waiting,  ///< another task is already waiting on this reply (a bug)
};

[[nodiscard]] constexpr std::string_view to_string(wait_error e) {
  switch (e) {
    case wait_error::timeout:
      return "timeout";
    case wait_error::cancelled:
      return "cancelled";
    case wait_error::already_waiting:
      return "already waiting";
  }
  return "unknown";
}

namespace detail {

/// What a posted resumption points at. The awaiter clears it if its frame is destroyed
/// before the posted work runs, so the work then does nothing instead of resuming a freed
/// frame.
struct resume_slot {
  std::coroutine_handle<> frame;
};

inline void post_resume(executor& ex, const std::shared_ptr<resume_slot>& slot) {
  ex.post([slot] {
    if (auto frame = std::exchange(slot->frame, {})) {
      frame.resume();
    }
  });
}

}  // namespace detail

/// A slot for one answer at a time, awaited by at most one task at a time.
///
/// - `set_value` while a task waits completes that wait; otherwise the value is kept and
///   the next wait returns it at once (an answer that arrives just after a timeout, while
///   the procedure is retransmitting, is not lost). A second value while one is kept is
///   refused: call `reset()` before sending a request to drop a stale late answer.
/// - Resumptions caused by `set_value` and `cancel` are posted to the executor, never run
///   inline: the caller (a message handler, a destructor) finishes before the procedure
///   continues, so neither sees the other's state half-changed. A timeout resumes from the
///   timer callback, which already runs from the loop.
/// - After `cancelled` the owner may be gone: the procedure must return without touching
///   it.
///
/// Thread-safety: none; all calls on the loop thread that owns the executor and timers.
template <class T>
class reply {
 public:
  using result_type = expected<T, wait_error>;
  class awaiter;

  reply(executor& ex, timer_service& timers) noexcept : executor_(&ex), timers_(&timers) {}
  reply(const reply&) = delete;
  reply& operator=(const reply&) = delete;
  /// Completes a pending wait with `cancelled`.
  ~reply() { cancel(); }

  /// Delivers the answer. Returns false (and drops `value`) if an earlier answer is still
  /// kept, unread.
  bool set_value(T value) {
    if (waiter_ != nullptr) {
      std::exchange(waiter_, nullptr)->complete(std::move(value), true);
      return true;
    }
    if (value_) {
      return false;
    }
    value_.emplace(std::move(value));
    return true;
  }

  /// Completes a pending wait with `cancelled` and drops a kept answer.
  void cancel() {
    value_.reset();
    if (waiter_ != nullptr) {
      std::exchange(waiter_, nullptr)->complete(fail(wait_error::cancelled), true);
    }
  }

  /// Drops a kept, unread answer (a late one from an earlier exchange).
  void reset() noexcept { value_.reset(); }

  [[nodiscard]] bool has_value() const noexcept { return value_.has_value(); }
  [[nodiscard]] bool has_waiter() const noexcept { return waiter_ != nullptr; }

  /// `co_await r.wait_until(deadline)` yields the answer, or `timeout` once the clock
  /// reaches `deadline` (exactly then, not before), or `cancelled`.
  [[nodiscard]] awaiter wait_until(time_point deadline) noexcept {
    return awaiter{*this, deadline};
  }

  /// `co_await r.wait_for(t)`: wait_until(now() + t).
  [[nodiscard]] awaiter wait_for(duration timeout) noexcept {
    return awaiter{*this, timers_->now() + timeout};
  }

  /// The awaitable. Await it at once (`co_await r.wait_for(t)`), do not store it. It lives
  /// in the waiting coroutine's frame; if that frame is destroyed while suspended, the
  /// destructor unregisters it and cancels its timer.
  class [[nodiscard]] awaiter {
   public:
    awaiter(const awaiter&) = delete;
    awaiter& operator=(const awaiter&) = delete;
    ~awaiter() {
      detach();
      if (slot_) {
        slot_->frame = {};  // a resumption still queued must find nothing to resume
      }
    }

    [[nodiscard]] bool await_ready() {
      if (owner_->waiter_ != nullptr) {
        result_.emplace(fail(wait_error::already_waiting));
        owner_ = nullptr;
        return true;
      }
      if (owner_->value_) {
        result_.emplace(std::move(*owner_->value_));
        owner_->value_.reset();
        owner_ = nullptr;
        return true;
      }
      return false;
    }

    void await_suspend(std::coroutine_handle<> awaiting) {
      slot_ = std::make_shared<detail::resume_slot>(detail::resume_slot{awaiting});
      owner_->waiter_ = this;
      timer_ = timers_->schedule_at(deadline_, [this] {
        timer_.reset();
        complete(fail(wait_error::timeout), false);
      });
    }

    [[nodiscard]] result_type await_resume() { return std::move(*result_); }

   private:
    friend class reply;
    awaiter(reply& owner, time_point deadline) noexcept
        : owner_(&owner), executor_(owner.executor_), timers_(owner.timers_), deadline_(deadline) {}

    // Called once per wait, by set_value/cancel (posted resumption) or by the timer
    // (inline: the timer callback already runs from the loop).
    void complete(result_type result, bool posted) {
      result_.emplace(std::move(result));
      detach();
      if (posted) {
        detail::post_resume(*executor_, slot_);
      } else if (auto frame = std::exchange(slot_->frame, {})) {
        frame.resume();  // may destroy *this: touch nothing after
      }
    }

    void detach() {
      if (owner_ != nullptr && owner_->waiter_ == this) {
        owner_->waiter_ = nullptr;
      }
      owner_ = nullptr;
      if (timer_) {
        timers_->cancel(*std::exchange(timer_, std::nullopt));
      }
    }

    reply* owner_;
    executor* executor_;
    timer_service* timers_;
    time_point deadline_;
    std::optional<timer_id> timer_;
    std::optional<result_type> result_;
    std::shared_ptr<detail::resume_slot> slot_;
  };

 private:
  executor* executor_;
  timer_service* timers_;
  std::optional<T> value_;
  awaiter* waiter_ = nullptr;
};

}  // namespace glasscore::async
