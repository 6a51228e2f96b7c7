#pragma once
/// \file
/// Everything a UE procedure of the AMF works with, injected (DESIGN.md §4): the loop's
/// executor and timers, the UE contexts, N1/N2 output, the home-network services, the SMF,
/// the configuration, a random source for 5G-TMSIs, and the per-UE procedure queue.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "amf/context/gnb_context.h"
#include "amf/context/served_area.h"
#include "amf/context/ue_context.h"
#include "amf/n1_gmm/n1_sender.h"
#include "amf/procedures/admission.h"
#include "amf/sbi/access_policy.h"
#include "amf/sbi/home_network.h"
#include "amf/sbi/session_management.h"
#include "glasscore/async/executor.h"
#include "glasscore/async/keyed_sequencer.h"
#include "glasscore/async/timer.h"
#include "glasscore/config/config_types.h"
#include "glasscore/metrics/metrics.h"

namespace glasscore::amf {

/// amf_registrations_total{result}, amf_authentications_total{result},
/// amf_nas_dropped_total{reason}, amf_ues{state}.
struct gmm_metrics {
  metrics::counter_family* registrations = nullptr;
  metrics::counter_family* authentications = nullptr;
  metrics::counter_family* nas_dropped = nullptr;
  metrics::counter_family* deregistrations = nullptr;

  [[nodiscard]] static expected<gmm_metrics, metrics::metrics_error> create(
      metrics::registry& registry);
};

struct amf_environment {
  async::executor& executor;
  async::timer_service& timers;
  ue_registry& ues;
  const gnb_registry& gnbs;
  n1_sender& n1;
  n2_notifier& n2;
  ue_authentication& ausf;
  subscriber_data& udm;
  session_management& smf;
  const config::amf_config& config;
  nas::plmn_id plmn;                 ///< the PLMN of GUTIs and TAI lists (the first served)
  std::string serving_network_name;  ///< "5G:mnc001.mcc001.3gppnetwork.org" (TS 24.501 §9.12.1)
  std::function<std::uint32_t()> random32;
  gmm_metrics metrics;
  std::shared_ptr<spdlog::logger> log;
  /// The configured DNNs (`dnns[].name`), first the local default: a UE that names no DNN
  /// gets its subscribed default DNN (smf-select-data) when it is configured here, else the
  /// first; a DNN not among them is refused with #91 (TS 24.501 §5.4.5.2.5).
  std::vector<std::string> dnns{};
  /// The PCF's Npcf_AMPolicyControl; nullptr: no PCF, local policy (access_policy.h).
  access_policy* pcf = nullptr;
  /// Registrations admitted to work with the home network (admission.h). Declared before
  /// `procedures`, so it outlives every procedure frame that may hold one of its tickets.
  admission_gate admission{executor, timers, config.overload};
  /// Each UE's procedures, one at a time (keyed by AMF UE NGAP ID): those the UE starts and
  /// those the network starts (timer expiries, network-initiated de-registration).
  async::keyed_sequencer<amf_ue_ngap_id> procedures{executor};
};

}  // namespace glasscore::amf
