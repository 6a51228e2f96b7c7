#include "amf/procedures/connection.h"

#include "amf/procedures/deregistration.h"
#include "amf/procedures/pdu_session.h"

namespace glasscore::amf {

namespace {

void start_timer(amf_environment& env, amf_ue& ue, async::duration after, bool then_deregister) {
  if (ue.reachability_timer) {
    env.timers.cancel(*ue.reachability_timer);
  }
  std::weak_ptr<amf_ue> weak = env.ues.find(ue.amf_id);
  ue.reachability_timer = env.timers.schedule_after(after, [&env, weak, then_deregister] {
    auto idle = weak.lock();
    if (!idle || idle->removed) {
      return;
    }
    idle->reachability_timer.reset();
    if (idle->ran_id || idle->state != gmm_state::registered) {
      return;  // back in connected mode, or de-registered meanwhile
    }
    if (!then_deregister) {
      // Mobile reachable timer expired: without paging (not built) there is nothing to
      // stop; the implicit de-registration timer starts (§5.3.7).
      env.log->debug("UE {}: mobile reachable timer expired",
                     static_cast<std::uint64_t>(idle->amf_id));
      start_timer(env, *idle, env.config.timers.implicit_deregistration, true);
      return;
    }
    env.procedures.enqueue(idle->amf_id, deregister_implicitly(env, idle));
  });
}

}  // namespace

void release_ng_connection(amf_environment& env, amf_ue& ue, const ngap::cause& cause) {
  if (ue.ran_id) {
    env.n1.send_ngap(ue, ngap::build_ue_context_release_command({ue.amf_id, *ue.ran_id}, cause));
  }
  end_ng_connection(env, ue);
}

void end_ng_connection(amf_environment& env, amf_ue& ue) {
  const bool had_connection = ue.ran_id.has_value();
  env.ues.release_connection(ue);
  if (had_connection && !ue.removed && ue.state == gmm_state::registered) {
    start_timer(env, ue, env.config.timers.t3512 + env.config.timers.reachability_margin, false);
    if (!ue.sessions.empty()) {
      // AN release (TS 23.502 §4.2.6 step 5): the SMFs deactivate the user plane; the PDU
      // sessions stay for the UE's return.
      if (auto self = env.ues.find(ue.amf_id)) {
        env.procedures.enqueue(ue.amf_id, deactivate_pdu_sessions(env, std::move(self)));
      }
    }
  }
}

}  // namespace glasscore::amf
