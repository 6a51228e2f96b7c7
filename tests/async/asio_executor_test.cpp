#include "glasscore/async/asio_executor.h"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "glasscore/async/sleep.h"
#include "glasscore/async/task.h"

namespace glasscore::async {
namespace {

using namespace std::chrono_literals;

task<void> sleep_1ms(timer_service* timers, bool* woke, time_point* woke_at) {
  co_await sleep_for(*timers, 1ms);
  *woke = true;
  *woke_at = timers->now();
}

TEST(asio_executor, runs_a_task_with_a_real_timer_and_the_io_context_stops) {
  asio::io_context io;
  asio_executor ex(io);
  asio_timer_service timers(io);
  bool woke = false;
  bool done = false;
  time_point woke_at{};
  const time_point start = timers.now();
  spawn(ex, sleep_1ms(&timers, &woke, &woke_at), [&] { done = true; });
  // run_for bounds the test if something is wrong; normally run() returns after ~1 ms,
  // when no work is left.
  io.run_for(10s);
  EXPECT_TRUE(woke);
  EXPECT_TRUE(done);
  EXPECT_GE(woke_at - start, 1ms);
  EXPECT_TRUE(io.stopped());
  EXPECT_EQ(timers.pending_timers(), 0U);
}

TEST(asio_executor, cancelled_timer_does_not_fire_or_keep_the_loop_running) {
  asio::io_context io;
  asio_timer_service timers(io);
  bool fired = false;
  const timer_id id = timers.schedule_after(1h, [&] { fired = true; });
  EXPECT_TRUE(timers.cancel(id));
  EXPECT_FALSE(timers.cancel(id));
  const auto before = std::chrono::steady_clock::now();
  io.run_for(10s);
  EXPECT_FALSE(fired);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
  EXPECT_TRUE(io.stopped());
}

TEST(asio_executor, equal_deadlines_fire_in_scheduling_order) {
  asio::io_context io;
  asio_timer_service timers(io);
  std::vector<int> order;
  const time_point deadline = timers.now() + 1ms;
  for (int i = 0; i < 5; ++i) {
    (void)timers.schedule_at(deadline, [&order, i] { order.push_back(i); });
  }
  io.run_for(10s);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(asio_executor, post_from_another_thread_runs_on_the_loop_thread) {
  asio::io_context io;
  asio_executor ex(io);
  auto guard = asio::make_work_guard(io);
  std::thread::id ran_on;
  std::thread poster([&] {
    ex.post([&] {
      ran_on = std::this_thread::get_id();
      guard.reset();
    });
  });
  io.run_for(10s);
  poster.join();
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

}  // namespace
}  // namespace glasscore::async
