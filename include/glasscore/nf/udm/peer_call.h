#pragma once
/// \file
/// `co_await home::peer_call(requester, alive, request)`: one SBI request through a
/// `peer_requester` (sbi_peer.h) awaited from a coroutine procedure. The requester may
/// answer before it returns (an in-process router does); the coroutine then does not
/// suspend at all. An answer arriving after the caller's owner is gone (`*alive` false:
/// shutdown) resumes nothing, since the procedure that awaited it is gone too.

#include <coroutine>
#include <memory>
#include <optional>
#include <utility>

#include "glasscore/nf/udm/sbi_peer.h"

namespace glasscore::home {

class peer_call {
 public:
  peer_call(const peer_requester& requester, std::shared_ptr<const bool> alive,
            peer_request request)
      : requester_(requester), request_(std::move(request)), alive_(std::move(alive)) {}

  [[nodiscard]] bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiting) {
    state_->waiting = waiting;
    requester_(std::move(request_), [state = state_, alive = alive_](peer_result r) {
      state->result = std::move(r);
      if (state->suspended && *alive) {
        state->waiting.resume();
      }
    });
    state_->suspended = !state_->result.has_value();
    return state_->suspended;
  }
  peer_result await_resume() { return std::move(*state_->result); }

 private:
  struct shared {
    std::coroutine_handle<> waiting;
    bool suspended = false;
    std::optional<peer_result> result;
  };
  const peer_requester& requester_;
  peer_request request_;
  std::shared_ptr<const bool> alive_;
  std::shared_ptr<shared> state_ = std::make_shared<shared>();
};

}  // namespace glasscore::home
