#pragma once
/// \file
/// `task<T>`: the coroutine type NF procedures are written in (DESIGN.md §2, "C++20
/// coroutines express procedures that wait on peers or timers").
///
/// Plain <coroutine>, no Asio: procedure code must also compile with clang 14 against
/// libstdc++ 12 (the fuzz build), where Asio's awaitables do not (DESIGN.md §4, "Sans-I/O").
///
/// Model:
/// - A task is lazy: calling a coroutine that returns `task<T>` allocates its frame and
///   runs nothing. It starts when awaited by another task (`co_await sub()`), or when
///   handed to `spawn`, which starts it on an executor.
/// - Awaiting runs the awaited task's first step at once. If it completes without
///   suspending, the awaiter continues directly (no nested resume); if it suspends, it
///   later hands control back to the awaiter by symmetric transfer. Either way a loop of
///   awaits runs in constant stack, whatever the optimisation level.
/// - Errors are values: a procedure that can fail returns `task<expected<T, E>>` and its
///   callers test the result. Exceptions are not used in NF code (DESIGN.md §4, "Errors");
///   an exception escaping a task body is a bug and terminates the process after logging
///   what it was (see `detail::on_unhandled_exception`). It is never carried across a task
///   boundary, so no caller needs a try block.
/// - Destroying a task destroys its frame, and with it every task it is suspended in and
///   every awaiter alive in it (timers are cancelled, reply waits unregistered). Destroying
///   a task while it is running (from inside itself) is undefined.
///
/// Thread-safety: a task runs on whichever thread resumes it; in Glasscore that is always
/// the one thread of the executor it was spawned on. A task object must not be shared.

#include <cassert>
#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "glasscore/async/executor.h"

namespace glasscore::async {

template <class T = void>
class task;

namespace detail {

/// Logs the exception in flight as a bug in the "async" logger and calls std::terminate.
/// Called from `unhandled_exception` of every Glasscore coroutine type.
[[noreturn]] void on_unhandled_exception() noexcept;

/// Where a finished task goes next. If it finished while its awaiter is still inside
/// `await_suspend` (it completed without ever suspending), it returns there and the awaiter
/// carries on without being resumed. Otherwise it transfers to the awaiter (symmetric
/// transfer).
struct final_awaiter {
  [[nodiscard]] bool await_ready() const noexcept { return false; }
  template <class Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) const noexcept {
    auto& promise = self.promise();
    if (promise.starting_inline_) {
      return std::noop_coroutine();
    }
    return promise.continuation_;
  }
  void await_resume() const noexcept {}
};

class task_promise_base {
 public:
  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  [[noreturn]] void unhandled_exception() const noexcept { on_unhandled_exception(); }

  std::coroutine_handle<> continuation_ = std::noop_coroutine();
  // True while the awaiter's await_suspend is running this task's first step.
  bool starting_inline_ = false;
};

template <class T>
class task_promise : public task_promise_base {
 public:
  task<T> get_return_object() noexcept;

  template <class U>
  requires std::convertible_to<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(value));
  }

  T take() {
    assert(value_.has_value());
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class task_promise<void> : public task_promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take() const noexcept {}
};

}  // namespace detail

/// A lazily started coroutine producing a T (see the file comment for the model).
/// Move-only; owns its coroutine frame.
template <class T>
class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>, "return a pointer or a value, not a reference");

 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  task(task&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      frame_ = std::exchange(other.frame_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  /// True if this object owns a coroutine (false after a move or default construction).
  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(frame_); }
  /// True once the coroutine has returned its value.
  [[nodiscard]] bool done() const noexcept { return frame_ && frame_.done(); }

  /// Awaiting starts the task and resumes the awaiter with its result. A task can be
  /// awaited once, as an rvalue: `co_await sub()` or `co_await std::move(t)`.
  auto operator co_await() && noexcept {
    struct awaiter {
      std::coroutine_handle<promise_type> frame;
      [[nodiscard]] bool await_ready() const noexcept { return false; }
      // Runs the task's first step here rather than returning its handle (symmetric
      // transfer into it): a task that completes without suspending then returns to this
      // call, and `false` lets the awaiter continue without a nested resume. A loop of
      // such awaits therefore runs in constant stack even where the compiler does not turn
      // symmetric transfer into a tail call (g++ 12 does not at -O0 or under ASan, where
      // 200000 synchronous awaits overflowed the stack). A task that does suspend comes
      // back later through final_awaiter by symmetric transfer.
      bool await_suspend(std::coroutine_handle<> awaiting) const noexcept {
        auto& promise = frame.promise();
        promise.continuation_ = awaiting;
        promise.starting_inline_ = true;
        frame.resume();
        if (frame.done()) {
          return false;
        }
        promise.starting_inline_ = false;
        return true;
      }
      T await_resume() const { return frame.promise().take(); }
    };
    assert(frame_ && !frame_.done());
    return awaiter{frame_};
  }

  /// Gives up ownership of the frame (for `spawn`); the caller must destroy it.
  [[nodiscard]] std::coroutine_handle<promise_type> release() noexcept {
    return std::exchange(frame_, {});
  }

 private:
  friend class detail::task_promise<T>;
  explicit task(std::coroutine_handle<promise_type> frame) noexcept : frame_(frame) {}

  void destroy() noexcept {
    if (frame_) {
      frame_.destroy();
      frame_ = {};
    }
  }

  std::coroutine_handle<promise_type> frame_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}

inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}

/// The coroutine behind `spawn`: started by the executor, destroys its own frame when it
/// finishes (final_suspend never suspends), so nobody has to hold it.
class detached {
 public:
  class promise_type {
   public:
    detached get_return_object() noexcept {
      return detached{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    [[noreturn]] void unhandled_exception() const noexcept { on_unhandled_exception(); }
  };

  std::coroutine_handle<promise_type> frame;
};

/// Owns a not-yet-started detached frame while it sits in an executor's queue, so that an
/// executor destroyed with the work still queued frees the frame instead of leaking it.
class start_detached {
 public:
  explicit start_detached(std::coroutine_handle<> frame) noexcept : frame_(frame) {}
  start_detached(start_detached&& other) noexcept : frame_(std::exchange(other.frame_, {})) {}
  start_detached& operator=(start_detached&&) = delete;
  start_detached(const start_detached&) = delete;
  start_detached& operator=(const start_detached&) = delete;
  ~start_detached() {
    if (frame_) {
      frame_.destroy();
    }
  }
  void operator()() { std::exchange(frame_, {}).resume(); }

 private:
  std::coroutine_handle<> frame_;
};

template <class T, class F>
detached run_detached(task<T> body, F on_done) {
  if constexpr (std::is_void_v<T>) {
    co_await std::move(body);
    on_done();
  } else {
    on_done(co_await std::move(body));
  }
}

/// The default completion callback: ignores the result.
struct ignore_result {
  template <class... A>
  void operator()(A&&...) const noexcept {}
};

}  // namespace detail

/// Starts `body` as a top-level task: its first step runs from `ex` (never inline), and
/// `on_done(result)` (or `on_done()` for task<void>) runs when it finishes, on the same
/// thread, right before the frames are freed. The task owns itself; nobody can destroy it
/// early, so whatever it waits on must complete (replies complete with `cancelled` when
/// their owner goes away; see reply.h). If `ex` is destroyed before the task starts, the
/// task is destroyed without running and `on_done` is not called.
template <class T, class F = detail::ignore_result>
requires(std::is_void_v<T>
             ? std::invocable<F&>
             : std::invocable<F&, T>) void spawn(executor& ex, task<T> body, F on_done = {}) {
  detail::detached d = detail::run_detached(std::move(body), std::move(on_done));
  ex.post(detail::start_detached{d.frame});
}

}  // namespace glasscore::async
