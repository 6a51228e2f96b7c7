#include "glasscore/async/manual_loop.h"

#include <algorithm>
#include <cassert>

namespace glasscore::async {

// A fixed, non-zero origin: code that mistakes a default-constructed time_point for "now"
// shows up in tests instead of passing by accident.
manual_loop::manual_loop() : manual_loop(time_point{std::chrono::hours{1000}}) {}

manual_loop::manual_loop(time_point start) : now_(start) {}

manual_loop::~manual_loop() {
  // Callbacks may own coroutine frames whose destructors cancel timers on this loop; move
  // the containers out first so those calls see an empty loop rather than a half-destroyed
  // one.
  auto timers = std::move(timers_);
  timers_.clear();
  deadlines_.clear();
  auto work = std::move(work_);
  work_.clear();
}

void manual_loop::post(work_item work) {
  work_.push_back(std::move(work));
}

timer_id manual_loop::schedule_at(time_point deadline, callback fn) {
  const std::uint64_t id = next_id_++;
  timers_.emplace(timer_key{deadline, id}, std::move(fn));
  deadlines_.emplace(id, deadline);
  return timer_id{id};
}

bool manual_loop::cancel(timer_id id) {
  auto it = deadlines_.find(static_cast<std::uint64_t>(id));
  if (it == deadlines_.end()) {
    return false;
  }
  auto node = timers_.extract(timer_key{it->second, it->first});
  deadlines_.erase(it);
  // `node` (and the callback it holds) is destroyed here, after both containers are
  // consistent, in case the callback's destructor touches this loop.
  return true;
}

std::size_t manual_loop::drain_work() {
  std::size_t ran = 0;
  while (!work_.empty()) {
    work_item item = std::move(work_.front());
    work_.pop_front();
    item();
    ++ran;
  }
  return ran;
}

bool manual_loop::fire_one_due(time_point limit) {
  if (timers_.empty() || timers_.begin()->first.first > limit) {
    return false;
  }
  auto node = timers_.extract(timers_.begin());
  deadlines_.erase(node.key().second);
  // Time never runs backwards: a timer scheduled in the past fires at the current time.
  if (node.key().first > now_) {
    now_ = node.key().first;
  }
  node.mapped()();
  return true;
}

std::size_t manual_loop::run_pending() {
  std::size_t ran = drain_work();
  while (fire_one_due(now_)) {
    ran += 1 + drain_work();
  }
  return ran;
}

std::size_t manual_loop::advance(duration delta) {
  assert(delta >= duration::zero());
  return advance_to(now_ + delta);
}

std::size_t manual_loop::advance_to(time_point target) {
  std::size_t ran = drain_work();
  while (fire_one_due(target)) {
    ran += 1 + drain_work();
  }
  if (target > now_) {
    now_ = target;
  }
  return ran;
}

bool manual_loop::advance_to_next_timer() {
  drain_work();
  if (timers_.empty()) {
    return false;
  }
  advance_to(std::max(now_, next_deadline()));
  return true;
}

}  // namespace glasscore::async
