#pragma once
/// \file
/// The runtime's implementations of `executor` and `timer_service` on a standalone Asio
/// io_context. Only the runtime (apps, transports) includes this header; NF procedure code
/// sees the Asio-free interfaces in executor.h and timer.h (DESIGN.md §4, "Sans-I/O cores").

#include <cstdint>
#include <memory>

#include <asio/io_context.hpp>

#include "glasscore/async/executor.h"
#include "glasscore/async/timer.h"

namespace glasscore::async {

/// Posts work to an io_context; it runs on whichever thread runs the io_context (in
/// Glasscore: exactly one thread per NF loop).
///
/// Thread-safety: `post` may be called from any thread (asio::post on an io_context is
/// thread-safe), which is how a worker thread hands work to a control-plane loop. The work
/// runs on the loop thread. The io_context must outlive this object.
class asio_executor final : public executor {
 public:
  explicit asio_executor(asio::io_context& io) noexcept : io_(&io) {}
  void post(work_item work) override;
  [[nodiscard]] asio::io_context& context() const noexcept { return *io_; }

 private:
  asio::io_context* io_;
};

/// Timers on one asio::steady_timer armed for the earliest deadline, with the callbacks in
/// an ordered map. Asio's own timer heap does not promise FIFO order for equal deadlines;
/// the map does, so this keeps the same ordering contract as the manual loop. Pending
/// timers keep the io_context's run() going; once none is pending, nothing does.
///
/// Thread-safety: none; use only on the thread running the io_context. The io_context must
/// outlive this object. Destroying it cancels every pending timer; completions Asio has
/// already queued then find nothing to run (they hold only a weak reference), so the
/// service may be destroyed before the io_context stops.
class asio_timer_service final : public timer_service {
 public:
  explicit asio_timer_service(asio::io_context& io);
  asio_timer_service(const asio_timer_service&) = delete;
  asio_timer_service& operator=(const asio_timer_service&) = delete;
  ~asio_timer_service() override;

  [[nodiscard]] time_point now() const override;
  [[nodiscard]] timer_id schedule_at(time_point deadline, callback fn) override;
  bool cancel(timer_id id) override;

  /// Number of timers neither fired nor cancelled.
  [[nodiscard]] std::size_t pending_timers() const;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace glasscore::async
