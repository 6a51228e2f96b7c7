#include "amf/procedures/authentication.h"

#include "glasscore/crypto/key_derivation.h"

namespace glasscore::amf {

namespace {

// TS 24.501 §5.4.1.3.7 b): retransmit on each T3560 expiry; abort on the fifth.
constexpr int max_transmissions = 5;

step_failure authentication_reject(std::string why) {
  return {step_failure::action::authentication_reject, nas::gmm_cause::illegal_ue, std::move(why)};
}

void send_request(amf_environment& env, amf_ue& ue, const auth_challenge& c) {
  nas::authentication_request request;
  request.ng_ksi.ksi = ue.ng_ksi;
  request.abba.value.assign({0x00, 0x00});  // TS 33.501 Annex A.7.1
  request.rand = nas::fixed_octets<16>{c.rand};
  request.autn = nas::fixed_octets<16>{c.autn};
  env.n1.send(ue, request);
}

}  // namespace

step_failure failure_for(home_network_error e) {
  switch (e) {
    case home_network_error::user_not_found:
    case home_network_error::not_allowed:
      return step_failure::rejected(nas::gmm_cause::services_not_allowed_5gs,
                                    std::string(to_string(e)));
    case home_network_error::authentication_failed:
      return authentication_reject(std::string(to_string(e)));
    case home_network_error::unavailable:
      break;
  }
  return step_failure::rejected(nas::gmm_cause::congestion, std::string(to_string(e)));
}

std::string_view to_string(home_network_error e) {
  switch (e) {
    case home_network_error::user_not_found:
      return "user not found";
    case home_network_error::authentication_failed:
      return "authentication failed";
    case home_network_error::not_allowed:
      return "not allowed";
    case home_network_error::unavailable:
      return "home network unavailable";
  }
  return "?";
}

async::task<expected<auth_confirmation, step_failure>> authenticate_ue(amf_environment& env,
                                                                       std::shared_ptr<amf_ue> ue,
                                                                       std::string identity) {
  auto challenge = co_await env.ausf.authenticate(identity, env.serving_network_name, {});
  if (ue->removed) {
    co_return fail(step_failure::aborted("UE context removed"));
  }
  if (!challenge) {
    co_return fail(failure_for(challenge.error()));
  }
  // A new ngKSI for the new partial native security context (TS 24.501 §5.4.1.3.2);
  // values 0-6, 7 means "no key".
  ue->ng_ksi = static_cast<std::uint8_t>((ue->ng_ksi + 1) % 7);
  bool resynchronised = false;
  for (int sent = 0; sent < max_transmissions; ++sent) {
    ue->n1.reset();  // an answer to an earlier request is stale now
    send_request(env, *ue, *challenge);
    auto answer = co_await ue->n1.wait_for(env.config.timers.t3560);
    if (ue->removed) {
      co_return fail(step_failure::aborted("UE context removed"));
    }
    if (!answer) {
      if (answer.error() == async::wait_error::timeout) {
        continue;
      }
      co_return fail(step_failure::superseded());
    }
    if (const auto* response = std::get_if<nas::authentication_response>(&*answer)) {
      if (!response->res_star) {
        co_return fail(authentication_reject("no RES*"));
      }
      // The SEAF's own check first (TS 33.501 §6.1.3.2 step 9): HRES* against HXRES*.
      auto hres = crypto::derive_hres_star(challenge->rand, response->res_star->value);
      if (!hres || *hres != challenge->hxres_star) {
        co_return fail(authentication_reject("HRES* does not match HXRES*"));
      }
      auto confirmed =
          co_await env.ausf.confirm(challenge->confirmation_uri, response->res_star->value);
      if (ue->removed) {
        co_return fail(step_failure::aborted("UE context removed"));
      }
      if (!confirmed) {
        co_return fail(failure_for(confirmed.error()));
      }
      co_return std::move(*confirmed);
    }
    if (const auto* failure = std::get_if<nas::authentication_failure>(&*answer)) {
      if (failure->cause.value == nas::gmm_cause::synch_failure && failure->auts &&
          !resynchronised) {
        resynchronised = true;
        challenge = co_await env.ausf.authenticate(
            identity, env.serving_network_name,
            resynchronisation{challenge->rand, failure->auts->value});
        if (ue->removed) {
          co_return fail(step_failure::aborted("UE context removed"));
        }
        if (!challenge) {
          co_return fail(failure_for(challenge.error()));
        }
        sent = -1;  // a new challenge gets its own five transmissions
        continue;
      }
      // #20 MAC failure (the UE does not recognise the network), #26, or a second
      // synchronisation failure: the network cannot authenticate this UE (§5.4.1.3.7 c-f).
      co_return fail(authentication_reject("UE reported cause #" +
                                           std::to_string(static_cast<int>(failure->cause.value))));
    }
    co_return fail(step_failure::aborted("unexpected message during authentication"));
  }
  co_return fail(step_failure::aborted("T3560 expired five times"));
}

}  // namespace glasscore::amf
