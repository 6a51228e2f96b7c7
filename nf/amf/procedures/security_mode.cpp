#include "amf/procedures/security_mode.h"

#include "amf/n1_gmm/nas_security_setup.h"

namespace glasscore::amf {

namespace {

constexpr int max_transmissions = 5;  // TS 24.501 §5.4.2.7 b)

// Additional 5G security information (§9.11.3.12): bit 2 = RINMR.
constexpr std::uint8_t rinmr = 0x02;

}  // namespace

async::task<expected<std::optional<nas::registration_request>, step_failure>> secure_ue(
    amf_environment& env, std::shared_ptr<amf_ue> ue, crypto::key256 kseaf) {
  if (!ue->capability || !ue->supi) {
    co_return fail(step_failure::rejected(nas::gmm_cause::invalid_mandatory_information,
                                          "no UE security capability"));
  }
  const auto algorithms = select_algorithms(env.config, *ue->capability);
  if (!algorithms) {
    co_return fail(step_failure::rejected(nas::gmm_cause::ue_security_capabilities_mismatch,
                                          "no configured NAS algorithm supported by the UE"));
  }
  auto security = derive_nas_security(kseaf, *ue->supi, *algorithms);
  if (!security) {
    co_return fail(step_failure::aborted("key derivation failed"));
  }
  ue->kamf = security->kamf;
  ue->security = std::move(security->context);

  nas::security_mode_command command;
  command.algorithms = *algorithms;
  command.ng_ksi.ksi = ue->ng_ksi;
  // Replayed so the UE can detect a bidding-down attack on the unprotected initial
  // message (TS 33.501 §6.7.2).
  command.replayed_ue_security_capability = *ue->capability;
  command.abba = nas::octet_string{{default_abba.begin(), default_abba.end()}};
  command.additional_security_information = nas::octet_value{rinmr};
  for (int sent = 0; sent < max_transmissions; ++sent) {
    ue->n1.reset();
    env.n1.send(*ue, command, nas_protection::new_context);
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
    if (const auto* complete = std::get_if<nas::security_mode_complete>(&*answer)) {
      if (!complete->nas_message_container) {
        co_return std::optional<nas::registration_request>{};
      }
      auto inner = nas::decode_gmm(complete->nas_message_container->value);
      const auto* request = inner ? std::get_if<nas::registration_request>(&*inner) : nullptr;
      if (request == nullptr) {
        co_return fail(step_failure::rejected(nas::gmm_cause::semantically_incorrect_message,
                                              "NAS message container is no registration request"));
      }
      co_return std::optional<nas::registration_request>{*request};
    }
    if (const auto* reject = std::get_if<nas::security_mode_reject>(&*answer)) {
      // §5.4.2.5: abort the procedure that triggered security mode control.
      ue->security.reset();
      co_return fail(step_failure::aborted("security mode rejected, cause #" +
                                           std::to_string(static_cast<int>(reject->cause.value))));
    }
    co_return fail(step_failure::aborted("unexpected message during security mode control"));
  }
  ue->security.reset();
  co_return fail(step_failure::aborted("T3560 expired five times"));
}

}  // namespace glasscore::amf
