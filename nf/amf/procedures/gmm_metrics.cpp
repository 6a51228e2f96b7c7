#include "amf/procedures/amf_environment.h"

namespace glasscore::amf {

expected<gmm_metrics, metrics::metrics_error> gmm_metrics::create(metrics::registry& registry) {
  auto registrations = registry.add_counter(
      "amf_registrations_total", "Registration procedures by outcome (accepted or 5GMM cause)",
      {"result"});
  auto authentications =
      registry.add_counter("amf_authentications_total", "5G AKA runs by outcome", {"result"});
  auto dropped = registry.add_counter("amf_nas_dropped_total",
                                      "Uplink NAS messages discarded, by reason", {"reason"});
  auto deregistrations = registry.add_counter("amf_deregistrations_total",
                                              "UE-initiated deregistrations by type", {"type"});
  for (const auto* r : {&registrations, &authentications, &dropped, &deregistrations}) {
    if (!*r) {
      return fail(r->error());
    }
  }
  return gmm_metrics{*registrations, *authentications, *dropped, *deregistrations};
}

}  // namespace glasscore::amf
