// The load driver: UEs spread over gNBs, procedure outcomes and latencies on the injected
// clock, and the progress line and summary `glasscore sim` prints.
#include "glasscore/sim/scenario.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace glasscore::sim {

// ---- sim_ue

sim_ue::sim_ue(usim card, ue_nas_config config, gnb& cell, async::timer_service& timers,
               event_handler on_event)
    : card_(std::move(card)),
      cell_(cell),
      on_event_(std::move(on_event)),
      nas_(std::move(config), card_, *this, timers) {}

sim_ue::~sim_ue() {
  cell_.detach(*this);
}

void sim_ue::on_uplink_nas(uplink_nas message) {
  if (!cell_.handle_uplink_nas(*this, message)) {
    ++uplink_refused_;
  }
}

void sim_ue::on_ue_event(const ue_event& event) {
  if (on_event_) {
    on_event_(*this, event);
  }
}

void sim_ue::on_session_event(const session_event& event) {
  if (on_session_) {
    on_session_(*this, event);
  }
}

void sim_ue::on_downlink_nas(byte_span pdu) {
  nas_.handle_downlink_nas(pdu);
}

void sim_ue::on_rrc_release() {
  nas_.handle_connection_released();
}

// ---- statistics

std::chrono::microseconds procedure_stats::percentile(double p) const {
  if (latencies.empty()) {
    return std::chrono::microseconds{0};
  }
  auto sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const auto index =
      static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(sorted.size()))) - 1;
  return sorted[index];
}

namespace {

std::string ms(std::chrono::microseconds d) {
  return fmt::format("{:.1f} ms", static_cast<double>(d.count()) / 1000.0);
}

std::string stats_line(std::string_view name, const procedure_stats& s) {
  return fmt::format(
      "{:<15} started {:>6}  ok {:>6}  failed {:>5}  p50 {:>9}  p90 {:>9}  p99 {:>9}", name,
      s.started, s.succeeded, s.failed, ms(s.percentile(50)), ms(s.percentile(90)),
      ms(s.percentile(99)));
}

std::string outcome_name(const ue_event& e) {
  std::string name(to_string(e.type));
  if (e.cause) {
    name += fmt::format(" #{}", static_cast<unsigned>(*e.cause));
  }
  return name;
}

void add(ue_counters& total, const ue_counters& c) {
  total.downlink_pdus += c.downlink_pdus;
  total.dropped_integrity += c.dropped_integrity;
  total.dropped_unprotected += c.dropped_unprotected;
  total.decode_errors += c.decode_errors;
  total.unexpected_messages += c.unexpected_messages;
  total.status_received += c.status_received;
  total.authentication_failures_sent += c.authentication_failures_sent;
  total.timer_expiries += c.timer_expiries;
}

void add(gnb_counters& total, const gnb_counters& c) {
  total.ng_setup_requests += c.ng_setup_requests;
  total.ng_setup_failures += c.ng_setup_failures;
  total.initial_ue_messages += c.initial_ue_messages;
  total.uplink_nas += c.uplink_nas;
  total.downlink_nas += c.downlink_nas;
  total.context_setups += c.context_setups;
  total.context_releases += c.context_releases;
  total.ng_resets += c.ng_resets;
  total.error_indications_received += c.error_indications_received;
  total.error_indications_sent += c.error_indications_sent;
  total.decode_errors += c.decode_errors;
  total.unknown_ue += c.unknown_ue;
  total.unsupported += c.unsupported;
  total.uplink_refused += c.uplink_refused;
}

}  // namespace

std::string scenario_report::format() const {
  std::string out = fmt::format("{} of {} UEs finished in {:.3f} s\n", ues_finished, ue_count,
                                static_cast<double>(elapsed.count()) / 1e6);
  for (const auto& [name, stats] :
       {std::pair<std::string_view, const procedure_stats*>{"registration", &registration},
        {"deregistration", &deregistration}}) {
    out += stats_line(name, *stats) + "\n";
    if (stats->backed_off != 0) {
      out += fmt::format("  backed off (#22, T3346) and retried: {}\n", stats->backed_off);
    }
    for (const auto& [cause, count] : stats->failures) {
      out += fmt::format("  failed: {} x{}\n", cause, count);
    }
  }
  const std::pair<std::string_view, std::uint64_t> anomalies[] = {
      {"UE: downlink dropped (integrity/replay)", ue_totals.dropped_integrity},
      {"UE: downlink dropped (unprotected)", ue_totals.dropped_unprotected},
      {"UE: undecodable downlink (5GMM STATUS sent)", ue_totals.decode_errors},
      {"UE: unexpected downlink", ue_totals.unexpected_messages},
      {"UE: 5GMM STATUS received", ue_totals.status_received},
      {"UE: authentication failures sent", ue_totals.authentication_failures_sent},
      {"UE: timer expiries", ue_totals.timer_expiries},
      {"gNB: NG setup failures", gnb_totals.ng_setup_failures},
      {"gNB: Error Indications received", gnb_totals.error_indications_received},
      {"gNB: Error Indications sent", gnb_totals.error_indications_sent},
      {"gNB: undecodable NGAP", gnb_totals.decode_errors},
      {"gNB: messages for unknown UEs", gnb_totals.unknown_ue},
      {"gNB: unsupported procedures", gnb_totals.unsupported},
      {"gNB: uplink refused", gnb_totals.uplink_refused},
  };
  for (const auto& [what, count] : anomalies) {
    if (count != 0) {
      out += fmt::format("{}: {}\n", what, count);
    }
  }
  return out;
}

// ---- scenario

scenario::scenario(scenario_config config, std::vector<gnb*> cells, ue_nas_config ue_config,
                   usim_factory make_usim, async::timer_service& timers, progress_callback progress)
    : config_(std::move(config)),
      cells_(std::move(cells)),
      ue_config_(std::move(ue_config)),
      make_usim_(std::move(make_usim)),
      timers_(timers),
      progress_(std::move(progress)) {}

scenario::~scenario() {
  for (auto id : pending_) {
    timers_.cancel(id);
  }
  if (progress_timer_) {
    timers_.cancel(*progress_timer_);
  }
}

void scenario::start() {
  began_ = timers_.now();
  ues_.resize(config_.ue_count);
  runs_.resize(config_.ue_count);
  if (cells_.empty()) {
    return;
  }
  for (std::size_t i = 0; i < config_.ue_count; ++i) {
    pending_.push_back(timers_.schedule_after(config_.start_interval * static_cast<long>(i),
                                              [this, i] { start_ue(i); }));
  }
  schedule_progress();
}

void scenario::schedule_progress() {
  if (!progress_ || config_.progress_interval.count() <= 0) {
    return;
  }
  progress_timer_ = timers_.schedule_after(config_.progress_interval, [this] {
    progress_timer_.reset();
    progress_(progress_line());
    if (!finished()) {
      schedule_progress();
    }
  });
}

void scenario::start_ue(std::size_t index) {
  auto card = usim::create(make_usim_(index));
  ++registration_.started;
  runs_[index].started = timers_.now();
  if (!card) {
    ++registration_.failed;
    ++registration_.failures["USIM configuration invalid"];
    finish(index);
    return;
  }
  gnb& cell = *cells_[index % cells_.size()];
  ues_[index] = std::make_unique<sim_ue>(
      std::move(*card), ue_config_, cell, timers_,
      [this, index](sim_ue& ue, const ue_event& e) { on_event(index, ue, e); });
  if (auto started = ues_[index]->nas().start_registration(); !started) {
    ++registration_.failed;
    ++registration_.failures["registration could not start"];
    finish(index);
  }
}

void scenario::on_event(std::size_t index, sim_ue& ue, const ue_event& event) {
  auto& run = runs_[index];
  if (run.done) {
    return;
  }
  const auto latency =
      std::chrono::duration_cast<std::chrono::microseconds>(timers_.now() - run.started);
  switch (event.type) {
    case ue_event_type::registered:
      ++registration_.succeeded;
      registration_.latencies.push_back(latency);
      if (!config_.deregister) {
        finish(index);
        return;
      }
      pending_.push_back(timers_.schedule_after(config_.dwell, [this, index, &ue] {
        ++deregistration_.started;
        runs_[index].started = timers_.now();
        if (!ue.nas().start_deregistration(config_.switch_off)) {
          ++deregistration_.failed;
          ++deregistration_.failures["deregistration could not start"];
          finish(index);
        }
      }));
      return;
    case ue_event_type::registration_rejected:
      if (ue.nas().backed_off() && ue_config_.register_after_back_off) {
        ++registration_.backed_off;  // the UE tries again when T3346 expires
        return;
      }
      [[fallthrough]];
    case ue_event_type::registration_failed:
    case ue_event_type::authentication_rejected:
      ++registration_.failed;
      ++registration_.failures[outcome_name(event)];
      finish(index);
      return;
    case ue_event_type::deregistered:
      ++deregistration_.succeeded;
      deregistration_.latencies.push_back(latency);
      finish(index);
      return;
    case ue_event_type::deregistration_failed:
      ++deregistration_.failed;
      ++deregistration_.failures[outcome_name(event)];
      finish(index);
      return;
    case ue_event_type::network_deregistered:
      ++deregistration_.failures[outcome_name(event)];
      finish(index);
      return;
  }
}

void scenario::finish(std::size_t index) {
  if (runs_[index].done) {
    return;
  }
  runs_[index].done = true;
  ++finished_;
  if (finished()) {
    // The last line of a run is always the final count.
    if (progress_timer_) {
      timers_.cancel(*progress_timer_);
      progress_timer_.reset();
    }
    if (progress_) {
      progress_(progress_line());
    }
  }
}

bool scenario::finished() const {
  return finished_ == config_.ue_count;
}

scenario_report scenario::report() const {
  scenario_report r;
  r.registration = registration_;
  r.deregistration = deregistration_;
  r.ue_count = config_.ue_count;
  r.ues_finished = finished_;
  r.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(timers_.now() - began_);
  for (const auto& ue : ues_) {
    if (ue) {
      add(r.ue_totals, ue->nas().counters());
    }
  }
  for (const auto* cell : cells_) {
    add(r.gnb_totals, cell->counters());
  }
  return r;
}

std::string scenario::progress_line() const {
  const double seconds = std::chrono::duration<double>(timers_.now() - began_).count();
  const std::uint64_t in_flight = registration_.started - finished_;
  return fmt::format(
      "{:7.1f} s  registered {}/{} ({} failed)  deregistered {}  in flight {}  "
      "reg p50 {} p99 {}",
      seconds, registration_.succeeded, config_.ue_count, registration_.failed,
      deregistration_.succeeded, in_flight, ms(registration_.percentile(50)),
      ms(registration_.percentile(99)));
}

}  // namespace glasscore::sim
