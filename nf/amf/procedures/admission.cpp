#include "amf/procedures/admission.h"

namespace glasscore::amf {

async::task<std::optional<admission_gate::ticket>> admission_gate::enter() {
  if (admitted_ < limits_.max_registrations_in_progress && waiting_.empty()) {
    ++admitted_;
    co_return ticket(*this);
  }
  if (limits_.max_admission_wait.count() == 0) {
    co_return std::nullopt;
  }
  auto me = std::make_shared<waiter>(executor_, timers_);
  waiting_.push_back(me);
  auto placed = co_await me->place.wait_for(limits_.max_admission_wait);
  if (placed && *placed) {
    co_return ticket(*this);  // leave() handed its place over: admitted_ already counts it
  }
  me->gave_up = true;  // leave() skips it
  co_return std::nullopt;
}

void admission_gate::leave() {
  while (!waiting_.empty()) {
    auto next = std::move(waiting_.front());
    waiting_.pop_front();
    if (!next->gave_up && next->place.set_value(true)) {
      return;  // the place goes to the longest waiting registration
    }
  }
  --admitted_;
}

void admission_gate::refuse_waiting() {
  for (auto& w : std::exchange(waiting_, {})) {
    w->gave_up = true;
    w->place.cancel();
  }
}

}  // namespace glasscore::amf
