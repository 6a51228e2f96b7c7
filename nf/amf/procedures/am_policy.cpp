#include "amf/procedures/am_policy.h"

#include <utility>

namespace glasscore::amf {

async::task<void> establish_am_policy(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  if (env.pcf == nullptr || ue->policy || !ue->supi) {
    co_return;
  }
  am_policy_request request;
  request.supi = *ue->supi;
  request.serving_plmn = ue->serving_plmn;
  request.location = ue->location;
  request.allowed_nssai = ue->allowed_nssai;
  if (ue->subscription) {
    request.ue_ambr_uplink_kbps = ue->subscription->ue_ambr_uplink_kbps;
    request.ue_ambr_downlink_kbps = ue->subscription->ue_ambr_downlink_kbps;
  }
  auto policy = co_await env.pcf->create_association(std::move(request));
  if (!policy) {
    env.log->warn("UE {}: no AM policy association ({}); local policy applies",
                  static_cast<std::uint64_t>(ue->amf_id), to_string(policy.error()));
    co_return;
  }
  if (ue->removed) {
    // The context went while the PCF answered: the association must not outlive it.
    (void)co_await env.pcf->delete_association(policy->association_id);
    co_return;
  }
  ue->policy = std::move(*policy);
}

async::task<void> end_am_policy(amf_environment& env, std::shared_ptr<amf_ue> ue) {
  if (env.pcf == nullptr || !ue->policy) {
    co_return;
  }
  const std::string id = std::exchange(ue->policy, std::nullopt)->association_id;
  if (auto done = co_await env.pcf->delete_association(id); !done) {
    env.log->warn("UE {}: AM policy association {} not deleted: {}",
                  static_cast<std::uint64_t>(ue->amf_id), id, to_string(done.error()));
  }
}

}  // namespace glasscore::amf
