#include "smf/procedures/smf_environment.h"

namespace glasscore::smf {

expected<smf_metrics, metrics::metrics_error> smf_metrics::create(metrics::registry& registry) {
  auto establishments = registry.add_counter(
      "smf_session_establishments_total",
      "PDU session establishments by outcome (accepted or 5GSM cause)", {"result"});
  auto releases = registry.add_counter("smf_session_releases_total",
                                       "PDU session releases by who started them", {"by"});
  auto modifications = registry.add_counter(
      "smf_session_modifications_total",
      "PDU session modifications by trigger (PCF, UE) and outcome", {"trigger", "result"});
  for (const auto* r : {&establishments, &releases, &modifications}) {
    if (!*r) {
      return fail(r->error());
    }
  }
  return smf_metrics{*establishments, *releases, *modifications};
}

}  // namespace glasscore::smf
