#include "glasscore/async/reply.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/async/task.h"

namespace glasscore::async {
namespace {

using namespace std::chrono_literals;

using result = expected<std::string, wait_error>;

task<result> wait_once(reply<std::string>* r, duration timeout) {
  co_return co_await r->wait_for(timeout);
}

struct harness {
  manual_loop loop;
  std::optional<result> got;

  void start(reply<std::string>& r, duration timeout) {
    spawn(loop, wait_once(&r, timeout), [this](result v) { got = std::move(v); });
    loop.run_pending();
  }
};

TEST(reply, answer_before_the_deadline_completes_the_wait_and_cancels_the_timer) {
  harness h;
  reply<std::string> r(h.loop, h.loop);
  h.start(r, 6s);
  EXPECT_TRUE(r.has_waiter());
  h.loop.advance(2s);
  EXPECT_FALSE(h.got);
  EXPECT_TRUE(r.set_value("authentication response"));
  // The resumption is posted, not run inside set_value.
  EXPECT_FALSE(h.got);
  h.loop.run_pending();
  ASSERT_TRUE(h.got && h.got->has_value());
  EXPECT_EQ(**h.got, "authentication response");
  EXPECT_EQ(h.loop.pending_timers(), 0U);
  EXPECT_FALSE(r.has_waiter());
}

TEST(reply, times_out_exactly_at_the_deadline_and_not_before) {
  harness h;
  reply<std::string> r(h.loop, h.loop);
  const time_point deadline = h.loop.now() + 6s;
  h.start(r, 6s);
  h.loop.advance(6s - 1ns);
  EXPECT_FALSE(h.got);
  h.loop.advance(1ns);
  ASSERT_TRUE(h.got);
  ASSERT_FALSE(h.got->has_value());
  EXPECT_EQ(h.got->error(), wait_error::timeout);
  EXPECT_EQ(h.loop.now(), deadline);
  EXPECT_FALSE(r.has_waiter());
}

TEST(reply, an_answer_that_arrives_before_the_wait_is_kept_and_a_second_is_refused) {
  harness h;
  reply<std::string> r(h.loop, h.loop);
  EXPECT_TRUE(r.set_value("first"));
  EXPECT_FALSE(r.set_value("second"));
  h.start(r, 6s);
  ASSERT_TRUE(h.got && h.got->has_value());
  EXPECT_EQ(**h.got, "first");
  EXPECT_FALSE(r.has_value());
  EXPECT_EQ(h.loop.pending_timers(), 0U);  // ready at once: no timer was scheduled
}

TEST(reply, reset_drops_a_stale_answer) {
  harness h;
  reply<std::string> r(h.loop, h.loop);
  EXPECT_TRUE(r.set_value("late answer to an earlier request"));
  r.reset();
  h.start(r, 1s);
  h.loop.advance(1s);
  ASSERT_TRUE(h.got);
  EXPECT_EQ(h.got->error(), wait_error::timeout);
}

TEST(reply, destroying_the_owner_completes_the_wait_with_cancelled) {
  harness h;
  auto r = std::make_unique<reply<std::string>>(h.loop, h.loop);
  h.start(*r, 6s);
  r.reset();  // UE context deleted
  EXPECT_EQ(h.loop.pending_timers(), 0U);
  EXPECT_FALSE(h.got);  // posted, not inline from the destructor
  h.loop.run_pending();
  ASSERT_TRUE(h.got);
  EXPECT_EQ(h.got->error(), wait_error::cancelled);
  h.loop.advance(10s);  // nothing else fires
}

TEST(reply, a_second_waiter_is_refused) {
  harness h;
  reply<std::string> r(h.loop, h.loop);
  h.start(r, 6s);
  std::optional<result> second;
  spawn(h.loop, wait_once(&r, 6s), [&](result v) { second = std::move(v); });
  h.loop.run_pending();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->error(), wait_error::already_waiting);
  EXPECT_FALSE(h.got);
  r.cancel();
  h.loop.run_pending();
  EXPECT_EQ(h.got->error(), wait_error::cancelled);
}

TEST(reply, frame_destroyed_while_resumption_is_posted_is_not_resumed) {
  manual_loop loop;
  reply<std::string> r(loop, loop);
  auto frame = wait_once(&r, 6s).release();
  frame.resume();  // now suspended in wait_for
  EXPECT_TRUE(r.set_value("x"));
  EXPECT_EQ(loop.queued_work(), 1U);
  frame.destroy();
  EXPECT_EQ(loop.run_pending(), 1U);  // the posted resumption runs and does nothing
}

// The AMF pattern: TS 24.501 §5.4.1.3.7 b): on the first expiry of T3560 the AMF
// retransmits the AUTHENTICATION REQUEST and restarts T3560; this repeats four times, and
// on the fifth expiry the procedure is aborted.
enum class auth_failure { timeout, ue_gone };

struct fake_ue {
  explicit fake_ue(manual_loop& loop) : answer(loop, loop), loop_(&loop) {}
  void send_authentication_request() { sent_at.push_back(loop_->now()); }

  reply<std::string> answer;
  std::vector<time_point> sent_at;
  manual_loop* loop_;
};

constexpr duration t3560 = 6s;
constexpr int max_transmissions = 5;

task<expected<std::string, auth_failure>> authenticate(fake_ue* ue) {
  ue->answer.reset();
  for (int attempt = 1; attempt <= max_transmissions; ++attempt) {
    ue->send_authentication_request();
    auto r = co_await ue->answer.wait_for(t3560);
    if (r) {
      co_return std::move(*r);
    }
    if (r.error() != wait_error::timeout) {
      co_return fail(auth_failure::ue_gone);  // the UE context is gone: touch nothing
    }
  }
  co_return fail(auth_failure::timeout);
}

TEST(reply, t3560_pattern_retransmits_four_times_then_gives_up) {
  manual_loop loop;
  const time_point t0 = loop.now();
  fake_ue ue(loop);
  std::optional<expected<std::string, auth_failure>> outcome;
  spawn(loop, authenticate(&ue),
        [&](expected<std::string, auth_failure> r) { outcome = std::move(r); });
  loop.run_pending();
  loop.advance(30s - 1ns);
  EXPECT_FALSE(outcome);  // the fifth expiry has not happened yet
  EXPECT_EQ(ue.sent_at.size(), 5U);
  loop.advance(1ns);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->error(), auth_failure::timeout);
  EXPECT_EQ(ue.sent_at, (std::vector<time_point>{t0, t0 + 6s, t0 + 12s, t0 + 18s, t0 + 24s}));
  EXPECT_EQ(loop.pending_timers(), 0U);
}

TEST(reply, t3560_pattern_stops_retransmitting_when_the_answer_arrives) {
  manual_loop loop;
  const time_point t0 = loop.now();
  fake_ue ue(loop);
  std::optional<expected<std::string, auth_failure>> outcome;
  spawn(loop, authenticate(&ue),
        [&](expected<std::string, auth_failure> r) { outcome = std::move(r); });
  loop.run_pending();
  loop.advance(14s);  // two retransmissions, at 6 s and 12 s
  EXPECT_TRUE(ue.answer.set_value("RES*"));
  loop.run_pending();
  ASSERT_TRUE(outcome && outcome->has_value());
  EXPECT_EQ(**outcome, "RES*");
  EXPECT_EQ(ue.sent_at, (std::vector<time_point>{t0, t0 + 6s, t0 + 12s}));
  EXPECT_EQ(loop.pending_timers(), 0U);
  loop.advance(60s);
  EXPECT_EQ(ue.sent_at.size(), 3U);
}

TEST(reply, answer_arriving_between_timeout_and_retransmission_is_not_lost) {
  // The timeout and the answer land at the same instant; whichever runs first, the
  // procedure must end with the answer and not retransmit more than once for it.
  manual_loop loop;
  fake_ue ue(loop);
  std::optional<expected<std::string, auth_failure>> outcome;
  spawn(loop, authenticate(&ue),
        [&](expected<std::string, auth_failure> r) { outcome = std::move(r); });
  loop.run_pending();
  (void)loop.schedule_at(loop.now() + t3560, [&] { (void)ue.answer.set_value("RES*"); });
  loop.advance(t3560);
  ASSERT_TRUE(outcome && outcome->has_value());
  EXPECT_EQ(**outcome, "RES*");
  EXPECT_EQ(ue.sent_at.size(), 2U);
}

TEST(reply, t3560_pattern_ends_when_the_ue_context_is_deleted) {
  manual_loop loop;
  auto ue = std::make_unique<fake_ue>(loop);
  std::optional<expected<std::string, auth_failure>> outcome;
  spawn(loop, authenticate(ue.get()),
        [&](expected<std::string, auth_failure> r) { outcome = std::move(r); });
  loop.run_pending();
  loop.advance(7s);
  ue.reset();
  loop.run_pending();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->error(), auth_failure::ue_gone);
  EXPECT_EQ(loop.pending_timers(), 0U);
}

}  // namespace
}  // namespace glasscore::async
