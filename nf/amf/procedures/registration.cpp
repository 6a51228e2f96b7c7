#include "amf/procedures/registration.h"

#include <algorithm>
#include <utility>

#include "amf/n1_gmm/nas_security_setup.h"
#include "amf/procedures/am_policy.h"
#include "amf/procedures/authentication.h"
#include "amf/procedures/connection.h"
#include "amf/procedures/pdu_session.h"
#include "amf/procedures/registration_area.h"
#include "amf/procedures/security_mode.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::amf {

namespace {

constexpr int max_transmissions = 5;  // T3550 and T3570: abort on the fifth expiry

bool is_update(const nas::registration_request& r) {
  const auto type = r.registration_type_value.value;
  return type == nas::registration_type::mobility_updating ||
         type == nas::registration_type::periodic_updating;
}

// T3346 sent with #22 (TS 24.501 §5.3.9): drawn from [t3346/2, 3*t3346/2] so that the UEs
// rejected in one burst do not all come back in the next one (TS 23.501 §5.19.7.2).
std::uint32_t congestion_backoff_seconds(amf_environment& env) {
  const auto base = static_cast<std::uint32_t>(env.config.overload.t3346.count());
  return base / 2 + env.random32() % (base + 1);
}

// The PLMNs this AMF serves are its home PLMNs: there are no roaming agreements.
bool is_home_plmn(const amf_environment& env, const std::string& mcc, const std::string& mnc) {
  return std::ranges::any_of(env.config.tais, [&](const config::tai& t) {
    return t.plmn.mcc == mcc && t.plmn.mnc == mnc;
  });
}

bool is_our_guti(const amf_environment& env, const nas::guti_5g& g) {
  return g.plmn == env.plmn && g.amf_region_id == env.config.region_id &&
         g.amf_set_id == env.config.set_id && g.amf_pointer == env.config.pointer;
}

// TS 33.501 §6.12.3: the 5G-TMSI is unpredictable and reassigned at each registration.
nas::guti_5g new_guti(amf_environment& env) {
  nas::guti_5g guti{env.plmn, env.config.region_id, env.config.set_id, env.config.pointer, 0};
  do {
    guti.tmsi = env.random32();
  } while (env.ues.find_by_tmsi(guti.tmsi) != nullptr);
  return guti;
}

// The SUCI from an IDENTITY REQUEST (TS 24.501 §5.4.3), T3570 up to five times.
async::task<expected<std::string, step_failure>> request_suci(amf_environment& env,
                                                              std::shared_ptr<amf_ue> ue) {
  nas::identity_request request;
  request.identity_type.value = static_cast<std::uint8_t>(nas::identity_type::suci);
  for (int sent = 0; sent < max_transmissions; ++sent) {
    ue->n1.reset();
    env.n1.send(*ue, request);
    auto answer = co_await ue->n1.wait_for(env.config.timers.t3570);
    if (ue->removed) {
      co_return fail(step_failure::aborted("UE context removed"));
    }
    if (!answer) {
      if (answer.error() == async::wait_error::timeout) {
        continue;
      }
      co_return fail(step_failure::superseded());
    }
    const auto* response = std::get_if<nas::identity_response>(&*answer);
    const auto* suci =
        response != nullptr ? std::get_if<crypto::suci>(&response->mobile_identity.value) : nullptr;
    auto text = suci != nullptr ? crypto::format_suci(*suci) : fail(crypto::crypto_error{});
    if (!text) {
      co_return fail(step_failure::rejected(nas::gmm_cause::ue_identity_cannot_be_derived,
                                            "identity response without a usable SUCI"));
    }
    co_return *text;
  }
  co_return fail(step_failure::aborted("T3570 expired five times"));
}

// The identity to authenticate: the SUCI, or the SUPI behind one of our 5G-GUTIs.
async::task<expected<std::string, step_failure>> identify(amf_environment& env,
                                                          std::shared_ptr<amf_ue> ue,
                                                          const nas::mobile_identity& id) {
  if (const auto* suci = std::get_if<crypto::suci>(&id.value)) {
    if (!is_home_plmn(env, suci->mcc, suci->mnc)) {
      co_return fail(step_failure::rejected(
          nas::gmm_cause::plmn_not_allowed,
          "home network " + suci->mcc + "-" + suci->mnc + " is not served (no roaming)"));
    }
    if (auto text = crypto::format_suci(*suci)) {
      co_return *text;
    }
  } else if (const auto* guti = std::get_if<nas::guti_5g>(&id.value)) {
    if (is_our_guti(env, *guti)) {
      if (auto known = env.ues.find_by_tmsi(guti->tmsi); known && known->supi) {
        co_return *known->supi;
      }
    }
  }
  co_return co_await request_suci(env, std::move(ue));
}

void reject(amf_environment& env, amf_ue& ue, const step_failure& f) {
  env.log->info("UE {}: registration failed: {}", static_cast<std::uint64_t>(ue.amf_id), f.reason);
  ngap::cause release_cause = ngap::make_cause(ngap::cause_nas::normal_release);
  switch (f.what) {
    case step_failure::action::reject: {
      nas::registration_reject message;
      message.cause.value = f.cause;
      if (f.cause == nas::gmm_cause::congestion) {
        message.t3346_value = nas::gprs_timer_2::from_seconds(congestion_backoff_seconds(env));
      }
      env.n1.send(ue, message);
      env.metrics.registrations->with({"cause " + std::to_string(static_cast<int>(f.cause))}).inc();
      break;
    }
    case step_failure::action::authentication_reject:
      ue.security.reset();  // §5.4.1.3.5: sent without a security context of its own
      env.n1.send(ue, nas::authentication_reject{});
      env.metrics.authentications->with({"rejected"}).inc();
      env.metrics.registrations->with({"authentication reject"}).inc();
      release_cause = ngap::make_cause(ngap::cause_nas::authentication_failure);
      break;
    case step_failure::action::abort:
      env.metrics.registrations->with({"aborted"}).inc();
      break;
    case step_failure::action::superseded:
      // A new procedure for this UE takes over its context and connection.
      env.metrics.registrations->with({"superseded"}).inc();
      return;
  }
  if (ue.removed) {
    return;
  }
  set_state(ue, gmm_state::deregistered, *env.log);
  release_ng_connection(env, ue, release_cause);
  env.ues.remove(ue);
}

// Registration Accept inside Initial Context Setup Request (TS 23.502 §4.2.2.2.2 step 21,
// TS 38.413 §8.3.1), with KgNB from KAMF and the uplink NAS COUNT (TS 33.501 Annex A.9);
// in a Downlink NAS Transport when the gNB already holds the UE's context.
bool send_accept(amf_environment& env, amf_ue& ue, const nas::registration_accept& accept) {
  if (ue.ran_context_set_up) {
    return env.n1.send(ue, accept);
  }
  auto nas_pdu = env.n1.seal(ue, accept);
  auto kgnb = crypto::derive_kgnb(ue.kamf, ue.security->count(crypto::direction::uplink).value(),
                                  crypto::access_type::three_gpp);
  if (!nas_pdu || !kgnb || !ue.ran_id) {
    return false;
  }
  ngap::ue_context_setup setup;
  setup.serving_guami = ngap::make_guami(to_ngap(env.plmn), env.config.region_id, env.config.set_id,
                                         env.config.pointer);
  for (const auto& s : ue.allowed_nssai) {
    setup.allowed_nssai.push_back(ngap::make_s_nssai(s.sst, s.sd));
  }
  setup.nr_encryption = ngap_algorithm_mask(ue.capability->nr_ea);
  setup.nr_integrity = ngap_algorithm_mask(ue.capability->nr_ia);
  setup.eutra_encryption = ngap_algorithm_mask(ue.capability->eutra_ea.value_or(0));
  setup.eutra_integrity = ngap_algorithm_mask(ue.capability->eutra_ia.value_or(0));
  setup.kgnb = *kgnb;
  if (ue.policy) {
    setup.index_to_rfsp = ue.policy->rfsp;  // the PCF's RFSP index (TS 23.501 §5.3.4.3)
  }
  setup.nas = std::move(*nas_pdu);
  return env.n1.send_ngap(
      ue, ngap::build_initial_context_setup_request({ue.amf_id, *ue.ran_id}, setup));
}

// The common end of every accepted registration: allowed NSSAI for the UE's TA, a new
// 5G-GUTI (TS 33.501 §6.12.3: reassigned at every registration), REGISTRATION ACCEPT with
// T3550 up to five transmissions, and REGISTRATION COMPLETE.
async::task<void> accept_registration(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                      const nas::registration_request& request) {
  const gnb_context* gnb = env.gnbs.find(ue->association);
  ue->allowed_nssai = allowed_nssai(
      request.requested_nssai ? request.requested_nssai->values : std::vector<nas::s_nssai>{},
      *ue->subscription, gnb, *ue);
  if (ue->allowed_nssai.empty()) {
    co_return reject(env, *ue,
                     step_failure::rejected(nas::gmm_cause::no_network_slices_available,
                                            "no requested or default slice is allowed here"));
  }
  co_await establish_am_policy(env, ue);  // TS 23.502 §4.2.2.2.2 step 16
  if (ue->removed) {
    co_return;
  }
  env.ues.assign_guti(*ue, new_guti(env));
  nas::registration_accept accept;
  accept.result.access = 1;  // 3GPP access
  accept.guti = nas::mobile_identity{*ue->guti};
  accept.tai_list = tai_list_for(gnb, *ue);
  accept.allowed_nssai = nas::nssai{ue->allowed_nssai};
  accept.t3512_value =
      nas::gprs_timer_3::from_seconds(static_cast<std::uint32_t>(env.config.timers.t3512.count()));
  ue->n1.reset();
  if (!send_accept(env, *ue, accept)) {
    reject(env, *ue, step_failure::aborted("could not send the Registration Accept"));
    co_return co_await end_am_policy(env, ue);
  }
  for (int sent = 1;; ++sent) {
    auto answer = co_await ue->n1.wait_for(env.config.timers.t3550);
    if (ue->removed) {
      co_return;
    }
    if (answer && std::holds_alternative<nas::registration_complete>(*answer)) {
      break;
    }
    if (!answer && answer.error() == async::wait_error::timeout && sent < max_transmissions) {
      env.n1.send(*ue, accept);  // §5.5.1.2.8 c): retransmit on T3550 expiry
      continue;
    }
    reject(env, *ue, step_failure::aborted("no REGISTRATION COMPLETE"));
    co_return co_await end_am_policy(env, ue);
  }
  set_state(*ue, gmm_state::registered, *env.log);
  env.metrics.registrations->with({"accepted"}).inc();
  env.log->info("UE {} registered ({}, type {}), 5G-TMSI {:08x}",
                static_cast<std::uint64_t>(ue->amf_id), log::redact_identity(ue->supi.value_or("")),
                request.registration_type_value.value, ue->guti->tmsi);
}

// A mobility or periodic registration update (TS 24.501 §5.5.1.3) from a UE whose
// registered context this AMF holds, verified with that context's NAS security: the
// context continues (no new authentication, no security mode control, no UDM round trip:
// the UDM already has this AMF registered). The complete request is the one in the NAS
// message container, deciphered with the context (§4.4.6).
async::task<void> update_registration(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                      std::shared_ptr<amf_ue> known,
                                      nas::registration_request request) {
  if (request.nas_message_container) {
    auto plain = ue->security->decipher_container(request.nas_message_container->value,
                                                  crypto::direction::uplink);
    auto inner = plain ? nas::decode_gmm(*plain) : fail(plain.error());
    auto* full = inner ? std::get_if<nas::registration_request>(&*inner) : nullptr;
    if (full == nullptr) {
      co_return reject(env, *ue,
                       step_failure::rejected(nas::gmm_cause::invalid_mandatory_information,
                                              "NAS message container without a usable "
                                              "REGISTRATION REQUEST"));
    }
    request = std::move(*full);
  }
  if (known != ue) {
    // The new NG connection takes the context over (§5.5.1.3.2).
    ue->supi = known->supi;
    ue->subscription = known->subscription;
    ue->capability = known->capability;
    // The PDU sessions stay with the UE across the update (TS 23.502 §4.2.2.2.2; their
    // re-activation with the update's PDU session status is not built).
    ue->sessions = std::exchange(known->sessions, {});
    ue->policy = std::exchange(known->policy, std::nullopt);
    if (auto older = env.ues.assign_supi(ue, *known->supi); older) {
      release_ng_connection(env, *older, ngap::make_cause(ngap::cause_nas::normal_release));
      env.ues.remove(*older);
    }
  }
  if (request.ue_security_capability) {
    ue->capability = request.ue_security_capability;  // integrity verified: not bid down
  }
  co_await accept_registration(env, std::move(ue), request);
}

}  // namespace

async::task<void> register_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                              nas::registration_request request, bool integrity_verified) {
  if (!serves_ue_tai(env.gnbs.find(ue->association), *ue)) {
    // §5.5.1.2.5: the UE's TA is not one this AMF serves through this gNB.
    co_return reject(
        env, *ue,
        step_failure::rejected(nas::gmm_cause::no_suitable_cells_in_tracking_area,
                               "tracking area " + std::to_string(ue->tac) + " is not served here"));
  }
  if (is_update(request)) {
    const auto* guti = std::get_if<nas::guti_5g>(&request.mobile_identity.value);
    auto known =
        guti != nullptr && is_our_guti(env, *guti) ? env.ues.find_by_tmsi(guti->tmsi) : nullptr;
    if (known && integrity_verified && known->state == gmm_state::registered && known->supi &&
        known->subscription) {
      set_state(*ue, gmm_state::common_procedure_initiated, *env.log);
      co_return co_await update_registration(env, ue, std::move(known), std::move(request));
    }
    if (known && known->state == gmm_state::deregistered) {
      // §5.5.1.3.5 #10: the network de-registered the UE (implicitly or explicitly) since;
      // the UE answers with an initial registration.
      co_return reject(env, *ue,
                       step_failure::rejected(nas::gmm_cause::implicitly_deregistered,
                                              "registration update from a de-registered UE"));
    }
    // Otherwise (a GUTI this AMF does not know, or a failed integrity check) the update is
    // handled like an initial registration: identify, authenticate, secure.
  }
  set_state(*ue, gmm_state::common_procedure_initiated, *env.log);
  auto admitted = co_await env.admission.enter();  // held until the subscription is read
  if (ue->removed) {
    co_return;
  }
  if (!admitted) {
    co_return reject(
        env, *ue,
        step_failure::rejected(nas::gmm_cause::congestion,
                               "overload: no admission within " +
                                   std::to_string(env.config.overload.max_admission_wait.count()) +
                                   " s"));
  }
  if (request.ue_security_capability) {
    ue->capability = request.ue_security_capability;
  }
  auto identity = co_await identify(env, ue, request.mobile_identity);
  if (!identity) {
    co_return reject(env, *ue, identity.error());
  }
  auto auth = co_await authenticate_ue(env, ue, *identity);
  if (!auth) {
    co_return reject(env, *ue, auth.error());
  }
  env.metrics.authentications->with({"success"}).inc();
  if (auto older = env.ues.assign_supi(ue, auth->supi); older) {
    // The same subscriber registered before: that context is replaced by this one. Its PDU
    // sessions end at their SMFs as at a deregistration (TS 23.502 §4.2.2.3.2 step 2): the
    // UE starts afresh, and the SMF would otherwise keep their addresses and UPF sessions.
    release_ng_connection(env, *older, ngap::make_cause(ngap::cause_nas::normal_release));
    env.ues.remove(*older);
    co_await release_pdu_sessions(env, older);
    co_await end_am_policy(env, older);
    if (ue->removed) {
      co_return;
    }
  }
  auto full = co_await secure_ue(env, ue, auth->kseaf);
  if (!full) {
    co_return reject(env, *ue, full.error());
  }
  if (*full) {
    request = std::move(**full);  // the complete message replaces the cleartext IEs
  }

  if (auto registered = co_await env.udm.register_amf(auth->supi); !registered) {
    co_return reject(env, *ue, failure_for(registered.error()));
  }
  auto subscription = co_await env.udm.access_and_mobility(auth->supi);
  if (ue->removed) {
    co_return;
  }
  if (!subscription) {
    co_return reject(env, *ue, failure_for(subscription.error()));
  }
  ue->subscription = std::move(*subscription);
  admitted.reset();  // the home network's part is done
  co_await accept_registration(env, std::move(ue), request);
}

}  // namespace glasscore::amf
