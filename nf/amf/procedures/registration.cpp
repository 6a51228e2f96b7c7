#include "amf/procedures/registration.h"

#include <algorithm>

#include "amf/n1_gmm/nas_security_setup.h"
#include "amf/procedures/authentication.h"
#include "amf/procedures/security_mode.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::amf {

namespace {

constexpr int max_transmissions = 5;  // T3550 and T3570: abort on the fifth expiry

// T3346 sent with #22 (TS 24.501 §5.5.1.2.5): how long the UE waits before trying again.
constexpr std::uint32_t congestion_backoff_seconds = 60;

nas::s_nssai to_nas(const ngap::s_nssai& s) {
  nas::s_nssai n;
  n.sst = s.sst[0];
  if (s.sd) {
    n.sd = std::uint32_t{(*s.sd)[0]} << 16U | std::uint32_t{(*s.sd)[1]} << 8U | (*s.sd)[2];
  }
  return n;
}

ngap::plmn_identity to_ngap(const nas::plmn_id& p) {
  return ngap::make_plmn(p.mcc, p.mnc).value_or(ngap::plmn_identity{});
}

bool same_slice(const nas::s_nssai& a, const nas::s_nssai& b) {
  return a.sst == b.sst && a.sd == b.sd;
}

bool contains(const std::vector<nas::s_nssai>& list, const nas::s_nssai& s) {
  return std::ranges::any_of(list, [&](const nas::s_nssai& x) { return same_slice(x, s); });
}

// The slices the gNB and this AMF both serve in the UE's tracking area.
std::vector<nas::s_nssai> slices_at(const gnb_context* gnb, const amf_ue& ue) {
  std::vector<nas::s_nssai> slices;
  if (gnb == nullptr) {
    return slices;
  }
  const ngap::plmn_identity plmn = to_ngap(ue.serving_plmn);
  for (const auto& ta : gnb->tas) {
    if (ta.tac == ue.tac && ta.plmn == plmn) {
      for (const auto& s : ta.slices) {
        slices.push_back(to_nas(s));
      }
    }
  }
  return slices;
}

// TS 23.501 §5.15.5.2.1: the requested S-NSSAIs that are subscribed and available in the
// TA; with none requested (or none of them allowed), the subscribed default S-NSSAIs
// that are available.
std::vector<nas::s_nssai> allowed_nssai(const std::vector<nas::s_nssai>& requested,
                                        const access_subscription& sub,
                                        const std::vector<nas::s_nssai>& available) {
  std::vector<nas::s_nssai> allowed;
  for (const auto& s : requested) {
    nas::s_nssai plain{s.sst, s.sd, {}, {}};
    if (contains(sub.subscribed_slices, plain) && contains(available, plain) &&
        !contains(allowed, plain)) {
      allowed.push_back(plain);
    }
  }
  if (allowed.empty()) {
    for (const auto& s : sub.default_slices) {
      if (contains(available, s) && !contains(allowed, s)) {
        allowed.push_back(s);
      }
    }
  }
  return allowed;
}

nas::tai_list tai_list_for(const gnb_context* gnb, const amf_ue& ue) {
  nas::tai_list list;
  auto& partial = list.lists.emplace_back();
  partial.type = nas::tai_list::list_type::tacs_one_plmn;
  partial.plmn = ue.serving_plmn;
  const ngap::plmn_identity plmn = to_ngap(ue.serving_plmn);
  if (gnb != nullptr) {
    for (const auto& ta : gnb->tas) {
      if (ta.plmn == plmn && partial.tacs.size() < 16) {  // 16 elements per list (§9.11.3.9)
        partial.tacs.push_back(ta.tac);
      }
    }
  }
  if (partial.tacs.empty()) {
    partial.tacs.push_back(ue.tac);
  }
  return list;
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
        message.t3346_value = nas::gprs_timer_2::from_seconds(congestion_backoff_seconds);
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
// TS 38.413 §8.3.1), with KgNB from KAMF and the uplink NAS COUNT (TS 33.501 Annex A.9).
bool send_accept_in_context_setup(amf_environment& env, amf_ue& ue,
                                  const nas::registration_accept& accept) {
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
  setup.nas = std::move(*nas_pdu);
  return env.n1.send_ngap(
      ue, ngap::build_initial_context_setup_request({ue.amf_id, *ue.ran_id}, setup));
}

}  // namespace

void release_ng_connection(amf_environment& env, amf_ue& ue, const ngap::cause& cause) {
  if (ue.ran_id) {
    env.n1.send_ngap(ue, ngap::build_ue_context_release_command({ue.amf_id, *ue.ran_id}, cause));
  }
  env.ues.release_connection(ue);
}

async::task<void> register_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                              nas::registration_request request) {
  set_state(*ue, gmm_state::common_procedure_initiated, *env.log);
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
    // The same subscriber registered before: that context is replaced by this one.
    release_ng_connection(env, *older, ngap::make_cause(ngap::cause_nas::normal_release));
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
  const gnb_context* gnb = env.gnbs.find(ue->association);
  ue->allowed_nssai = allowed_nssai(
      request.requested_nssai ? request.requested_nssai->values : std::vector<nas::s_nssai>{},
      *subscription, slices_at(gnb, *ue));
  if (ue->allowed_nssai.empty()) {
    co_return reject(env, *ue,
                     step_failure::rejected(nas::gmm_cause::no_network_slices_available,
                                            "no requested or default slice is allowed here"));
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
  if (!send_accept_in_context_setup(env, *ue, accept)) {
    co_return reject(env, *ue, step_failure::aborted("could not send Initial Context Setup"));
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
    co_return reject(env, *ue, step_failure::aborted("no REGISTRATION COMPLETE"));
  }
  set_state(*ue, gmm_state::registered, *env.log);
  env.metrics.registrations->with({"accepted"}).inc();
  env.log->info("UE {} registered ({}), 5G-TMSI {:08x}", static_cast<std::uint64_t>(ue->amf_id),
                log::redact_identity(auth->supi), ue->guti->tmsi);
}

async::task<void> deregister_ue(amf_environment& env, std::shared_ptr<amf_ue> ue,
                                nas::deregistration_request_ue_originating request) {
  const bool switch_off = request.deregistration.switch_off;
  env.metrics.deregistrations->with({switch_off ? "switch-off" : "normal"}).inc();
  set_state(*ue, gmm_state::deregistered_initiated, *env.log);
  if (!switch_off) {
    env.n1.send(*ue, nas::deregistration_accept_ue_originating{});
  }
  if (ue->supi) {
    if (auto done = co_await env.udm.deregister_amf(*ue->supi); !done) {
      env.log->warn("UE {}: UDM deregistration failed: {}", static_cast<std::uint64_t>(ue->amf_id),
                    to_string(done.error()));
    }
  }
  if (ue->removed) {
    co_return;
  }
  set_state(*ue, gmm_state::deregistered, *env.log);
  release_ng_connection(env, *ue, ngap::make_cause(ngap::cause_nas::deregister));
}

}  // namespace glasscore::amf
