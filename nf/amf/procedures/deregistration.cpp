#include "amf/procedures/deregistration.h"

#include "amf/procedures/am_policy.h"
#include "amf/procedures/connection.h"
#include "amf/procedures/pdu_session.h"

namespace glasscore::amf {

namespace {

constexpr int max_transmissions = 5;  // T3522: abort on the fifth expiry (§5.5.2.3.5 a)

// TS 23.502 §4.2.2.3.2 / §4.2.2.3.3: the AMF ends the UE's AM policy association
// (§4.16.3.2) and removes its registration at the UDM. A UDM failure is logged, not
// retried: the UDM replaces the registration when the UE registers with an AMF again.
async::task<void> leave_home_network(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  co_await end_am_policy(env, ue);
  if (!ue->supi) {
    co_return;
  }
  if (auto done = co_await env.udm.deregister_amf(*ue->supi); !done) {
    env.log->warn("UE {}: UDM deregistration failed: {}", static_cast<std::uint64_t>(ue->amf_id),
                  to_string(done.error()));
  }
}

}  // namespace

async::task<void> deregister_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                nas::deregistration_request_ue_originating request) {
  const bool switch_off = request.deregistration.switch_off;
  env.metrics.deregistrations->with({switch_off ? "switch-off" : "normal"}).inc();
  set_state(*ue, gmm_state::deregistered_initiated, *env.log);
  if (!switch_off) {
    env.n1.send(*ue, nas::deregistration_accept_ue_originating{});
  }
  co_await release_pdu_sessions(env, ue);  // TS 23.502 §4.2.2.3.2 step 2
  co_await leave_home_network(env, ue);
  if (ue->removed) {
    co_return;
  }
  set_state(*ue, gmm_state::deregistered, *env.log);
  release_ng_connection(env, *ue, ngap::make_cause(ngap::cause_nas::deregister));
}

async::task<void> deregister_by_network(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                        network_deregistration how) {
  if (ue->removed || ue->state != gmm_state::registered) {
    co_return;  // not registered (any more): nothing to de-register
  }
  const auto id = static_cast<std::uint64_t>(ue->amf_id);
  if (!ue->ran_id) {
    env.metrics.deregistrations->with({"network, idle"}).inc();
    env.log->info("UE {}: de-registered by the network while idle", id);
    set_state(*ue, gmm_state::deregistered, *env.log);
    co_await release_pdu_sessions(env, ue);  // TS 23.502 §4.2.2.3.3 step 2
    co_await leave_home_network(env, ue);
    co_return;
  }
  nas::deregistration_request_ue_terminated request;
  request.deregistration.access_type = 1;  // 3GPP access
  request.deregistration.reregistration_required = how.reregistration_required;
  if (how.cause) {
    request.cause = nas::gmm_cause_ie{*how.cause};
  }
  set_state(*ue, gmm_state::deregistered_initiated, *env.log);
  ue->n1.reset();
  bool answered = false;
  for (int sent = 0; sent < max_transmissions && !answered; ++sent) {
    env.n1.send(*ue, request);
    auto answer = co_await ue->n1.wait_for(env.config.timers.t3522);
    if (ue->removed) {
      co_return;
    }
    if (!answer && answer.error() != async::wait_error::timeout) {
      // §5.5.2.3.5: a de-registration or registration from the UE crossed this one; that
      // procedure runs next and decides.
      set_state(*ue, gmm_state::registered, *env.log);
      co_return;
    }
    answered = answer && std::holds_alternative<nas::deregistration_accept_ue_terminated>(*answer);
  }
  env.metrics.deregistrations->with({answered ? "network" : "network, unanswered"}).inc();
  env.log->info("UE {}: de-registered by the network{}", id, answered ? "" : " (T3522 x5)");
  set_state(*ue, gmm_state::deregistered, *env.log);
  co_await release_pdu_sessions(env, ue);  // TS 23.502 §4.2.2.3.3 step 2
  co_await leave_home_network(env, ue);
  if (ue->removed) {
    co_return;
  }
  release_ng_connection(env, *ue, ngap::make_cause(ngap::cause_nas::deregister));
}

async::task<void> deregister_implicitly(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  if (ue->removed || ue->ran_id || ue->state != gmm_state::registered) {
    co_return;  // it came back, or was de-registered, after the timer fired
  }
  env.metrics.deregistrations->with({"implicit"}).inc();
  env.log->info("UE {}: implicitly de-registered (no periodic registration update)",
                static_cast<std::uint64_t>(ue->amf_id));
  set_state(*ue, gmm_state::deregistered, *env.log);
  co_await release_pdu_sessions(env, ue);
  co_await leave_home_network(env, ue);
}

}  // namespace glasscore::amf
