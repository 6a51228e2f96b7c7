#include "glasscore/async/manual_loop.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace glasscore::async {
namespace {

using namespace std::chrono_literals;

TEST(manual_loop, post_runs_nothing_until_the_loop_runs_then_in_order) {
  manual_loop loop;
  std::vector<int> order;
  loop.post([&] { order.push_back(1); });
  loop.post([&] {
    order.push_back(2);
    loop.post([&] { order.push_back(4); });  // queued behind 3
  });
  loop.post([&] { order.push_back(3); });
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(loop.run_pending(), 4U);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

TEST(manual_loop, time_moves_only_when_told) {
  manual_loop loop;
  const time_point start = loop.now();
  loop.run_pending();
  EXPECT_EQ(loop.now(), start);
  loop.advance(250ms);
  EXPECT_EQ(loop.now(), start + 250ms);
}

TEST(manual_loop, timers_fire_in_deadline_order_fifo_for_equal_deadlines) {
  manual_loop loop;
  const time_point t0 = loop.now();
  std::vector<std::string> fired;
  (void)loop.schedule_at(t0 + 3s, [&] { fired.push_back("c@3"); });
  (void)loop.schedule_at(t0 + 1s, [&] { fired.push_back("a@1"); });
  (void)loop.schedule_at(t0 + 2s, [&] { fired.push_back("b1@2"); });
  (void)loop.schedule_at(t0 + 2s, [&] { fired.push_back("b2@2"); });
  (void)loop.schedule_at(t0 + 2s, [&] { fired.push_back("b3@2"); });
  loop.advance(10s);
  EXPECT_EQ(fired, (std::vector<std::string>{"a@1", "b1@2", "b2@2", "b3@2", "c@3"}));
}

TEST(manual_loop, timer_fires_exactly_at_its_deadline_with_now_equal_to_it) {
  manual_loop loop;
  const time_point deadline = loop.now() + 6s;
  std::vector<time_point> seen;
  (void)loop.schedule_at(deadline, [&] { seen.push_back(loop.now()); });
  loop.advance(6s - 1ns);
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(loop.pending_timers(), 1U);
  loop.advance(1ns);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0], deadline);
}

TEST(manual_loop, time_stops_at_each_deadline_and_posted_work_runs_before_later_timers) {
  manual_loop loop;
  const time_point t0 = loop.now();
  std::vector<std::string> log;
  (void)loop.schedule_at(t0 + 1s, [&] {
    log.push_back("timer1");
    loop.post([&] { log.push_back("work@" + std::to_string((loop.now() - t0) / 1s)); });
    // A timer scheduled from a callback, due within the same advance, fires in it too.
    (void)loop.schedule_after(500ms, [&] { log.push_back("timer1.5"); });
  });
  (void)loop.schedule_at(t0 + 2s, [&] { log.push_back("timer2"); });
  loop.advance(5s);
  EXPECT_EQ(log, (std::vector<std::string>{"timer1", "work@1", "timer1.5", "timer2"}));
  EXPECT_EQ(loop.now(), t0 + 5s);
}

TEST(manual_loop, cancelled_timer_never_fires_and_cancel_reports_state) {
  manual_loop loop;
  int fired = 0;
  const timer_id a = loop.schedule_after(1s, [&] { ++fired; });
  const timer_id b = loop.schedule_after(1s, [&] { fired += 10; });
  EXPECT_TRUE(loop.cancel(a));
  EXPECT_FALSE(loop.cancel(a));
  loop.advance(1s);
  EXPECT_EQ(fired, 10);
  EXPECT_FALSE(loop.cancel(b));  // already fired
  EXPECT_EQ(loop.pending_timers(), 0U);
}

TEST(manual_loop, past_deadline_fires_on_next_pass_without_moving_time_back) {
  manual_loop loop;
  loop.advance(10s);
  const time_point now = loop.now();
  time_point seen{};
  (void)loop.schedule_at(now - 5s, [&] { seen = loop.now(); });
  EXPECT_EQ(loop.run_pending(), 1U);
  EXPECT_EQ(seen, now);
}

TEST(manual_loop, advance_to_next_timer_jumps_to_the_earliest_deadline) {
  manual_loop loop;
  const time_point t0 = loop.now();
  int fired = 0;
  (void)loop.schedule_after(7s, [&] { ++fired; });
  (void)loop.schedule_after(9s, [&] { ++fired; });
  EXPECT_TRUE(loop.advance_to_next_timer());
  EXPECT_EQ(loop.now(), t0 + 7s);
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(loop.advance_to_next_timer());
  EXPECT_EQ(loop.now(), t0 + 9s);
  EXPECT_FALSE(loop.advance_to_next_timer());
}

}  // namespace
}  // namespace glasscore::async
