#pragma once
/// \file
/// The AMF's N2 counters, exposed in Prometheus format by the metrics exporter.

#include "glasscore/core/expected.h"
#include "glasscore/metrics/metrics.h"

namespace glasscore::amf {

struct n2_metrics {
  /// amf_ngap_received_total{procedure_code,kind}: decoded NGAP PDUs by procedure code
  /// (TS 38.413 §9.4.7) and kind (initiating, successful, unsuccessful).
  metrics::counter_family* received = nullptr;
  /// amf_ngap_errors_total{reason}: PDUs refused (transfer_syntax, abstract_syntax,
  /// before_ng_setup, unexpected).
  metrics::counter_family* errors = nullptr;
  /// amf_ng_setup_total{result}: accepted, or the mismatch that failed it.
  metrics::counter_family* ng_setups = nullptr;
  /// amf_configuration_updates_total{result}: AMF Configuration Updates sent, acknowledged,
  /// failed (TS 38.413 §8.7.3).
  metrics::counter_family* configuration_updates = nullptr;
  /// amf_gnbs: gNBs with a completed NG Setup.
  metrics::gauge* gnbs = nullptr;

  [[nodiscard]] static expected<n2_metrics, metrics::metrics_error> create(
      metrics::registry& registry);
};

}  // namespace glasscore::amf
