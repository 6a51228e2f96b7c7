#pragma once
/// \file
/// Admission control for registrations that need the home network (TS 23.501 §5.19.7.2:
/// the AMF rejects with a back-off timer when overloaded). At most
/// `max_registrations_in_progress` hold a ticket at a time; later ones wait in arrival
/// order up to `max_admission_wait`, then are refused (the registration is rejected with
/// #22 and T3346). Bounding the registrations in flight bounds the SBI requests in flight,
/// so a burst beyond what the AUSF and UDM serve becomes a queue and then rejects, instead
/// of every request in flight missing its SBI deadline (which `bench/registration_load`
/// showed before this gate existed).

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>

#include "glasscore/async/reply.h"
#include "glasscore/async/task.h"
#include "glasscore/config/config_types.h"

namespace glasscore::amf {

class admission_gate {
 public:
  /// Limits are read from `limits` at each call, so a changed configuration applies to the
  /// next registration.
  admission_gate(async::executor& ex, async::timer_service& timers,
                 const config::amf_overload& limits)
      : executor_(ex), timers_(timers), limits_(limits) {}
  admission_gate(const admission_gate&) = delete;
  admission_gate& operator=(const admission_gate&) = delete;

  /// Held while a registration is admitted; gives its place to the next one when dropped.
  class ticket {
   public:
    explicit ticket(admission_gate& gate) : gate_(&gate) {}
    ticket(ticket&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    ticket& operator=(ticket&&) = delete;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket() {
      if (gate_ != nullptr) {
        gate_->leave();
      }
    }

   private:
    admission_gate* gate_;
  };

  /// A ticket, at once or after waiting; nothing if the wait limit passed first or the
  /// gate was closed.
  [[nodiscard]] async::task<std::optional<ticket>> enter();
  /// Shutdown: every waiting registration is refused now.
  void refuse_waiting();

  [[nodiscard]] std::size_t admitted() const { return admitted_; }

 private:
  struct waiter {
    waiter(async::executor& ex, async::timer_service& timers) : place(ex, timers) {}
    async::reply<bool> place;
    bool gave_up = false;
  };
  void leave();

  async::executor& executor_;
  async::timer_service& timers_;
  const config::amf_overload& limits_;
  std::size_t admitted_ = 0;
  std::deque<std::shared_ptr<waiter>> waiting_;
};

}  // namespace glasscore::amf
