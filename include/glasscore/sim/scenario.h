#pragma once
/// \file
/// The simulator's load driver: N UEs spread over the given gNBs, each registering and,
/// optionally, de-registering, with per-procedure success/failure counts (failures by
/// cause), latency percentiles measured on the injected clock, and a progress line for
/// long runs. `glasscore sim` builds the gNBs on real associations and prints what this
/// reports; tests run it on a manual loop.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/sim/gnb.h"
#include "glasscore/sim/ue_nas.h"
#include "glasscore/sim/usim.h"

namespace glasscore::sim {

/// One simulated UE: its USIM, its 5GMM entity and its radio link to one gNB, wired
/// together (the UE's uplink goes to the gNB, the gNB's downlink to the UE).
class sim_ue final : public ue_nas_notifier, public gnb_ue_link {
 public:
  using event_handler = std::function<void(sim_ue&, const ue_event&)>;
  using session_handler = std::function<void(sim_ue&, const session_event&)>;

  sim_ue(usim card, ue_nas_config config, gnb& cell, async::timer_service& timers,
         event_handler on_event = {});
  ~sim_ue() override;
  sim_ue(const sim_ue&) = delete;
  sim_ue& operator=(const sim_ue&) = delete;

  [[nodiscard]] ue_nas& nas() { return nas_; }
  [[nodiscard]] const ue_nas& nas() const { return nas_; }
  [[nodiscard]] usim& card() { return card_; }
  [[nodiscard]] gnb& cell() { return cell_; }
  /// Where the UE's 5GSM outcomes go (ue_session.h).
  void set_session_handler(session_handler h) { on_session_ = std::move(h); }
  /// Uplink NAS the gNB refused (not ready, no AMF UE NGAP ID yet...).
  [[nodiscard]] std::uint64_t uplink_refused() const { return uplink_refused_; }

  void on_uplink_nas(uplink_nas message) override;
  void on_ue_event(const ue_event& event) override;
  void on_session_event(const session_event& event) override;
  void on_downlink_nas(byte_span pdu) override;
  void on_rrc_release() override;

 private:
  usim card_;
  gnb& cell_;
  event_handler on_event_;
  session_handler on_session_;
  std::uint64_t uplink_refused_ = 0;
  ue_nas nas_;  // last: it refers to card_
};

struct scenario_config {
  std::size_t ue_count = 1;
  /// Time between two UEs starting registration (a ramp, not a burst).
  std::chrono::milliseconds start_interval{10};
  bool deregister = true;
  bool switch_off = false;
  /// How long a UE stays registered before de-registering.
  std::chrono::milliseconds dwell{0};
  std::chrono::milliseconds progress_interval{1000};
};

/// Counts and latencies of one procedure across the run.
struct procedure_stats {
  std::uint64_t started = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  /// Rejected for congestion with T3346, the UE registering again when it expired (TS 24.501
  /// §5.5.1.2.5): the attempt's outcome is the retry's, its latency from the first start.
  std::uint64_t backed_off = 0;
  std::map<std::string, std::uint64_t> failures;  ///< by outcome and 5GMM cause
  std::vector<std::chrono::microseconds> latencies;

  /// Nearest-rank percentile (p in 0..100) of successful latencies; 0 when none.
  [[nodiscard]] std::chrono::microseconds percentile(double p) const;
};

struct scenario_report {
  procedure_stats registration;
  procedure_stats deregistration;
  std::size_t ue_count = 0;
  std::size_t ues_finished = 0;
  std::chrono::microseconds elapsed{0};
  /// Sums of the UEs' and gNBs' own counters (dropped messages, Error Indications...).
  ue_counters ue_totals;
  gnb_counters gnb_totals;

  /// Multi-line summary for a terminal: one line per procedure with p50/p90/p99, then
  /// failures by cause, then the anomaly counters that are not zero.
  [[nodiscard]] std::string format() const;
};

class scenario {
 public:
  /// The USIM of UE number `index` (0-based).
  using usim_factory = std::function<usim_config(std::size_t index)>;
  using progress_callback = std::function<void(const std::string& line)>;

  scenario(scenario_config config, std::vector<gnb*> cells, ue_nas_config ue_config,
           usim_factory make_usim, async::timer_service& timers, progress_callback progress = {});
  ~scenario();
  scenario(const scenario&) = delete;
  scenario& operator=(const scenario&) = delete;

  /// Schedules the UE starts on the timer service.
  void start();
  [[nodiscard]] bool finished() const;
  [[nodiscard]] scenario_report report() const;
  /// "12.0 s  registered 512/1000 (3 failed)  deregistered 400  in flight 88  reg p50 ..."
  [[nodiscard]] std::string progress_line() const;
  [[nodiscard]] const std::vector<std::unique_ptr<sim_ue>>& ues() const { return ues_; }

 private:
  struct ue_run {
    async::time_point started{};
    bool done = false;
  };
  void start_ue(std::size_t index);
  void on_event(std::size_t index, sim_ue& ue, const ue_event& event);
  void finish(std::size_t index);
  void schedule_progress();

  scenario_config config_;
  std::vector<gnb*> cells_;
  ue_nas_config ue_config_;
  usim_factory make_usim_;
  async::timer_service& timers_;
  progress_callback progress_;
  async::time_point began_{};
  std::vector<std::unique_ptr<sim_ue>> ues_;
  std::vector<ue_run> runs_;
  std::vector<async::timer_id> pending_;
  std::optional<async::timer_id> progress_timer_;
  procedure_stats registration_;
  procedure_stats deregistration_;
  std::size_t finished_ = 0;
};

}  // namespace glasscore::sim
