#include "smf/sbi/policy_notify_routes.h"

#include "glasscore/sbi/common.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/problem.h"
#include "smf/procedures/pdu_session_modification.h"
#include "smf/sbi/pdu_session_routes.h"
#include "smf/sbi/sbi_peers.h"

namespace glasscore::smf {

namespace {

void on_update_notify(smf_environment& env, const http2::request& req, const sbi::route_match& m,
                      sbi::reply_fn reply) {
  auto c = context_or_404(env, m, reply);
  if (!c) {
    return;
  }
  auto body = sbi::json_body(req, "application/json");
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto notification = sbi::decode_sm_policy_notification(*body);
  if (!notification) {
    reply(sbi::problem_response(sbi::bad_body(notification.error())));
    return;
  }
  reply(http2::response{204, {}, {}});
  if (!notification->sm_policy_decision) {
    return;  // §4.2.3.2: nothing to apply (e.g. only a resource URI change)
  }
  env.procedures.enqueue(
      c->ref,
      modify_for_policy(env, c, apply_decision(c->policy, *notification->sm_policy_decision)));
}

}  // namespace

void add_policy_notify_routes(sbi::router& r, smf_environment& env) {
  r.add("POST", std::string(policy_notify_base) + "/{smContextRef}/update",
        [&env](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          on_update_notify(env, req, m, std::move(reply));
        });
}

}  // namespace glasscore::smf
