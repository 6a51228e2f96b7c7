#pragma once
/// \file
/// How a step of a UE procedure ended when it did not succeed, so the procedure that ran
/// it knows what to answer: nothing (the UE is gone or started over), a reject with a
/// 5GMM cause, or an Authentication Reject (TS 24.501 §5.4.1.3.5).

#include <cstdint>
#include <string>

#include "amf/sbi/home_network.h"
#include "glasscore/codec/nas/error.h"

namespace glasscore::amf {

struct step_failure {
  enum class action : std::uint8_t {
    abort,                  ///< say nothing: the UE context went away, or a retry limit hit
    reject,                 ///< reject the procedure with `cause`
    authentication_reject,  ///< AUTHENTICATION REJECT, then release
    superseded,             ///< a new procedure for the UE replaced this one: touch nothing
  };
  action what = action::abort;
  nas::gmm_cause cause = nas::gmm_cause::protocol_error_unspecified;
  std::string reason;  ///< for the log and the metrics label

  [[nodiscard]] static step_failure aborted(std::string why) {
    return {action::abort, nas::gmm_cause::protocol_error_unspecified, std::move(why)};
  }
  [[nodiscard]] static step_failure superseded() {
    return {action::superseded, nas::gmm_cause::protocol_error_unspecified, "superseded"};
  }
  [[nodiscard]] static step_failure rejected(nas::gmm_cause c, std::string why) {
    return {action::reject, c, std::move(why)};
  }
};

/// The 5GMM cause for a home-network failure (TS 24.501 §5.5.1.2.5 lists the causes of a
/// rejected registration): an unknown subscriber or a subscription that does not allow
/// 5GS gets #7 "5GS services not allowed"; an unreachable home network #22 "congestion"
/// (the UE retries after T3346, §5.3.9).
[[nodiscard]] step_failure failure_for(home_network_error e);

}  // namespace glasscore::amf
