#include "glasscore/async/keyed_sequencer.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/async/sleep.h"
#include "glasscore/core/ids.h"

namespace glasscore::async {
namespace {

using namespace std::chrono_literals;

using ue_key = amf_ue_ngap_id;

struct ue_key_hash {
  std::size_t operator()(ue_key k) const noexcept {
    return std::hash<std::uint64_t>{}(value_of(k));
  }
};

using sequencer = keyed_sequencer<ue_key, ue_key_hash>;

// A procedure that logs its start, waits `busy` on the timer, then logs its end.
task<void> procedure(manual_loop* loop, std::vector<std::string>* log, std::string name,
                     duration busy) {
  log->push_back(name + ":start");
  co_await sleep_for(*loop, busy);
  log->push_back(name + ":end");
}

TEST(keyed_sequencer, procedures_for_one_key_run_one_at_a_time_in_order) {
  manual_loop loop;
  sequencer seq(loop);
  std::vector<std::string> log;
  const ue_key ue{7};
  seq.enqueue(ue, procedure(&loop, &log, "registration", 3s));
  seq.enqueue(ue, procedure(&loop, &log, "pdu_session", 1s));
  seq.enqueue(ue, procedure(&loop, &log, "deregistration", 2s));
  EXPECT_TRUE(seq.busy(ue));
  EXPECT_EQ(seq.queued(ue), 2U);
  loop.run_pending();
  EXPECT_EQ(log, (std::vector<std::string>{"registration:start"}));
  loop.advance(3s);
  EXPECT_EQ(log, (std::vector<std::string>{"registration:start", "registration:end",
                                           "pdu_session:start"}));
  loop.advance(1s);
  loop.advance(2s);
  EXPECT_EQ(log, (std::vector<std::string>{"registration:start", "registration:end",
                                           "pdu_session:start", "pdu_session:end",
                                           "deregistration:start", "deregistration:end"}));
  EXPECT_FALSE(seq.busy(ue));
  EXPECT_EQ(seq.active_keys(), 0U);
}

TEST(keyed_sequencer, different_keys_interleave) {
  manual_loop loop;
  sequencer seq(loop);
  std::vector<std::string> log;
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "a1", 5s));
  seq.enqueue(ue_key{2}, procedure(&loop, &log, "b1", 1s));
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "a2", 1s));
  seq.enqueue(ue_key{2}, procedure(&loop, &log, "b2", 1s));
  EXPECT_EQ(seq.active_keys(), 2U);
  loop.advance(2s);
  // Key 2 finished both while key 1's first procedure was still waiting; a2 waits for a1.
  EXPECT_EQ(log,
            (std::vector<std::string>{"a1:start", "b1:start", "b1:end", "b2:start", "b2:end"}));
  loop.advance(4s);
  EXPECT_EQ(log, (std::vector<std::string>{"a1:start", "b1:start", "b1:end", "b2:start", "b2:end",
                                           "a1:end", "a2:start", "a2:end"}));
  EXPECT_EQ(seq.active_keys(), 0U);
}

TEST(keyed_sequencer, a_key_becomes_idle_and_then_accepts_new_work) {
  manual_loop loop;
  sequencer seq(loop);
  std::vector<std::string> log;
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "p1", 0s));
  loop.run_pending();
  EXPECT_FALSE(seq.busy(ue_key{1}));
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "p2", 0s));
  loop.run_pending();
  EXPECT_EQ(log, (std::vector<std::string>{"p1:start", "p1:end", "p2:start", "p2:end"}));
}

TEST(keyed_sequencer, drop_queued_discards_unstarted_procedures_only) {
  manual_loop loop;
  sequencer seq(loop);
  std::vector<std::string> log;
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "running", 1s));
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "queued1", 1s));
  seq.enqueue(ue_key{1}, procedure(&loop, &log, "queued2", 1s));
  loop.run_pending();
  EXPECT_EQ(seq.drop_queued(ue_key{1}), 2U);
  loop.advance(5s);
  EXPECT_EQ(log, (std::vector<std::string>{"running:start", "running:end"}));
  EXPECT_FALSE(seq.busy(ue_key{1}));
}

TEST(keyed_sequencer, destroyed_sequencer_lets_the_running_procedure_finish_and_starts_no_more) {
  manual_loop loop;
  std::vector<std::string> log;
  {
    sequencer seq(loop);
    seq.enqueue(ue_key{1}, procedure(&loop, &log, "running", 1s));
    seq.enqueue(ue_key{1}, procedure(&loop, &log, "queued", 1s));
    loop.run_pending();
  }
  loop.advance(5s);
  EXPECT_EQ(log, (std::vector<std::string>{"running:start", "running:end"}));
}

}  // namespace
}  // namespace glasscore::async
