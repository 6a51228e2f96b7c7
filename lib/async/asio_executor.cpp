#include "glasscore/async/asio_executor.h"

#include <map>
#include <unordered_map>
#include <utility>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

namespace glasscore::async {

void asio_executor::post(work_item work) {
  // Asio requires handlers to be move-constructible only, but wrapping in a shared_ptr
  // keeps this independent of how a given Asio version type-erases handlers.
  asio::post(*io_, [item = std::make_shared<work_item>(std::move(work))] { (*item)(); });
}

struct asio_timer_service::state {
  explicit state(asio::io_context& io) : timer(io) {}

  // (deadline, sequence): map order is deadline order, FIFO within a deadline.
  using key = std::pair<time_point, std::uint64_t>;
  std::uint64_t next_id = 1;
  std::map<key, callback> timers;
  std::unordered_map<std::uint64_t, time_point> deadlines;
  asio::steady_timer timer;
  time_point armed_for = time_point::max();

  static void arm(const std::shared_ptr<state>& s, time_point deadline) {
    s->armed_for = deadline;
    // expires_at cancels an earlier wait; its handler then sees operation_aborted.
    s->timer.expires_at(deadline);
    s->timer.async_wait([weak = std::weak_ptr<state>(s)](const asio::error_code& ec) {
      if (ec) {
        return;
      }
      if (auto locked = weak.lock()) {
        fire_due(locked);
      }
    });
  }

  static void fire_due(const std::shared_ptr<state>& s) {
    s->armed_for = time_point::max();
    while (!s->timers.empty() && s->timers.begin()->first.first <= clock_type::now()) {
      auto node = s->timers.extract(s->timers.begin());
      s->deadlines.erase(node.key().second);
      // May schedule or cancel timers, which only touches the containers.
      node.mapped()();
    }
    if (!s->timers.empty() && s->timers.begin()->first.first < s->armed_for) {
      arm(s, s->timers.begin()->first.first);
    }
  }
};

asio_timer_service::asio_timer_service(asio::io_context& io)
    : state_(std::make_shared<state>(io)) {}

asio_timer_service::~asio_timer_service() {
  // Move the callbacks out before destroying them: a callback's destructor (a coroutine
  // frame's awaiter) may call cancel() on this service.
  auto timers = std::move(state_->timers);
  state_->timers.clear();
  state_->deadlines.clear();
  state_->timer.cancel();
}

time_point asio_timer_service::now() const {
  return clock_type::now();
}

timer_id asio_timer_service::schedule_at(time_point deadline, callback fn) {
  const std::uint64_t id = state_->next_id++;
  state_->timers.emplace(state::key{deadline, id}, std::move(fn));
  state_->deadlines.emplace(id, deadline);
  if (deadline < state_->armed_for) {
    state::arm(state_, deadline);
  }
  return timer_id{id};
}

bool asio_timer_service::cancel(timer_id id) {
  auto it = state_->deadlines.find(static_cast<std::uint64_t>(id));
  if (it == state_->deadlines.end()) {
    return false;
  }
  auto node = state_->timers.extract(state::key{it->second, it->first});
  state_->deadlines.erase(it);
  if (state_->timers.empty()) {
    // Nothing left to wait for: let io_context::run() return.
    state_->timer.cancel();
    state_->armed_for = time_point::max();
  }
  return true;
}

std::size_t asio_timer_service::pending_timers() const {
  return state_->timers.size();
}

}  // namespace glasscore::async
