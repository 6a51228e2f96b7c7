#include "amf/n2_ngap/n2_metrics.h"

namespace glasscore::amf {

expected<n2_metrics, metrics::metrics_error> n2_metrics::create(metrics::registry& registry) {
  n2_metrics m;
  auto received = registry.add_counter("amf_ngap_received_total", "NGAP PDUs received from gNBs",
                                       {"procedure_code", "kind"});
  auto errors =
      registry.add_counter("amf_ngap_errors_total", "NGAP PDUs refused, by reason", {"reason"});
  auto setups = registry.add_counter("amf_ng_setup_total", "NG Setup outcomes", {"result"});
  auto updates = registry.add_counter("amf_configuration_updates_total",
                                      "AMF Configuration Update outcomes per gNB", {"result"});
  auto gnbs = registry.add_gauge("amf_gnbs", "gNBs with a completed NG Setup");
  if (!received || !errors || !setups || !updates || !gnbs) {
    return fail(!received  ? received.error()
                : !errors  ? errors.error()
                : !setups  ? setups.error()
                : !updates ? updates.error()
                           : gnbs.error());
  }
  m.received = *received;
  m.errors = *errors;
  m.ng_setups = *setups;
  m.configuration_updates = *updates;
  m.gnbs = &(*gnbs)->with({});
  return m;
}

}  // namespace glasscore::amf
