#pragma once
/// \file
/// Everything an SMF procedure works with, injected (DESIGN.md §4): the loop's executor,
/// the SM contexts and address pools, the peers (UDM, PCF, UPFs, AMF), the configuration,
/// metrics, and the per-session procedure queue.

#include <cstdint>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "glasscore/async/executor.h"
#include "glasscore/async/keyed_sequencer.h"
#include "glasscore/async/timer.h"
#include "glasscore/config/config_types.h"
#include "glasscore/metrics/metrics.h"
#include "smf/context/dnn_pools.h"
#include "smf/context/sm_context.h"
#include "smf/peers.h"

namespace glasscore::smf {

/// smf_sessions_total{result}, smf_sessions (gauge of contexts), smf_ue_addresses.
struct smf_metrics {
  metrics::counter_family* establishments = nullptr;
  metrics::counter_family* releases = nullptr;
  metrics::counter_family* modifications = nullptr;  ///< labels: trigger, result

  [[nodiscard]] static expected<smf_metrics, metrics::metrics_error> create(
      metrics::registry& registry);
};

struct smf_environment {
  async::executor& executor;
  sm_context_registry& contexts;
  dnn_pools& pools;
  subscription_source& udm;
  policy_control& pcf;
  user_plane& upfs;
  amf_link& amf;
  smf_metrics metrics;
  std::shared_ptr<spdlog::logger> log;
  /// CP F-SEIDs (TS 29.244 §5.2.1): unique per SMF; starts from a random value in the
  /// runtime so that a restarted SMF does not reuse the SEIDs of its previous life.
  std::uint64_t next_seid = 1;
  /// Each session's procedures, one at a time, keyed by SM context reference.
  async::keyed_sequencer<std::string> procedures{executor};
  /// NAS timers of the SMF (T3591); without one, commands are sent once and not
  /// supervised.
  async::timer_service* timers = nullptr;
  /// Procedures running outside `procedures` (spawn_procedure): a creation before its
  /// context exists, a removal after the context's queue has ended.
  std::size_t detached_procedures = 0;
};

/// Starts a procedure outside the per-context queues, counted until it ends, so that the
/// runtime can wait for it before the environment goes (smf::busy()).
inline void spawn_procedure(smf_environment& env, async::task<void> procedure) {
  ++env.detached_procedures;
  async::spawn(env.executor, std::move(procedure), [&env] { --env.detached_procedures; });
}

/// True while any procedure of the SMF runs or waits: the runtime must not be destroyed
/// then, or a suspended procedure would outlive what it refers to.
[[nodiscard]] inline bool procedures_running(const smf_environment& env) {
  return env.detached_procedures > 0 || env.procedures.active_keys() > 0;
}

}  // namespace glasscore::smf
