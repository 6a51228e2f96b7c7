#pragma once
/// \file
/// Counters, gauges and histograms with labels, and the registry that owns them.
///
/// Updating a metric is a few relaxed atomic operations and never takes a lock, so hot
/// paths (the UPF's workers, NAS procedures) can count freely. Looking up a labelled
/// series takes the family's mutex; callers on hot paths look the series up once and keep
/// the reference, which stays valid for the registry's lifetime.
///
/// Names follow the Prometheus data model (metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label
/// names [a-zA-Z_][a-zA-Z0-9_]*, counters ending in _total by convention). Label values
/// may come from the network (a gNB name): they are escaped when rendered, never checked.

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "glasscore/core/expected.h"

namespace glasscore::metrics {

enum class metrics_error : std::uint8_t {
  bad_metric_name,  ///< not [a-zA-Z_:][a-zA-Z0-9_:]*
  bad_label_name,   ///< not [a-zA-Z_][a-zA-Z0-9_]*, starts with "__", repeated, or "le" on a
                    ///< histogram
  duplicate_name,   ///< a family with this name is already registered
  bad_buckets,      ///< histogram bounds not finite and strictly increasing
};

[[nodiscard]] std::string_view to_string(metrics_error e);

/// A monotonically increasing count.
class counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down (sessions in use, queue depth).
class gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void inc(double v = 1) noexcept { value_.fetch_add(v, std::memory_order_relaxed); }
  void dec(double v = 1) noexcept { value_.fetch_sub(v, std::memory_order_relaxed); }
  [[nodiscard]] double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

/// Observations counted into buckets with fixed upper bounds (plus +Inf).
class histogram {
 public:
  /// `bounds` must be finite and strictly increasing (histogram_family checks them).
  explicit histogram(std::vector<double> bounds);

  void observe(double v) noexcept;

  [[nodiscard]] const std::vector<double>& bounds() const noexcept { return bounds_; }
  /// Cumulative counts per bound, the last one for +Inf (equal to count()).
  [[nodiscard]] std::vector<std::uint64_t> cumulative_counts() const;
  [[nodiscard]] double sum() const noexcept { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  // Per-bucket (not cumulative) counts; one more than bounds_ for +Inf. The total count is
  // their sum, so _count and the +Inf bucket always agree in an exposition.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

/// Upper bounds start, start+width, ... (count of them).
[[nodiscard]] std::vector<double> linear_buckets(double start, double width, std::size_t count);
/// Upper bounds start, start*factor, ... (count of them).
[[nodiscard]] std::vector<double> exponential_buckets(double start, double factor,
                                                      std::size_t count);

enum class metric_type : std::uint8_t { counter, gauge, histogram };

/// What every family shares, for the exposition.
class family_base {
 public:
  family_base(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~family_base() = default;
  family_base(const family_base&) = delete;
  family_base& operator=(const family_base&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& help() const { return help_; }
  [[nodiscard]] const std::vector<std::string>& label_names() const { return label_names_; }
  [[nodiscard]] virtual metric_type type() const = 0;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

/// A metric name with labels: one series per distinct combination of label values.
template <class Metric>
class family final : public family_base {
 public:
  family(std::string name, std::string help, std::vector<std::string> label_names,
         std::vector<double> bounds = {})
      : family_base(std::move(name), std::move(help), std::move(label_names)),
        bounds_(std::move(bounds)) {}

  /// The series for these label values, created on first use; one value per label name,
  /// in order. Missing values read as "" and extra ones are ignored.
  Metric& with(std::initializer_list<std::string_view> values) {
    std::vector<std::string> key;
    auto it = values.begin();
    for (std::size_t i = 0; i < label_names().size(); ++i) {
      key.emplace_back(it != values.end() ? *it++ : std::string_view());
    }
    std::scoped_lock lock(mutex_);
    auto& slot = series_[key];
    if (!slot) {
      slot = make();
    }
    return *slot;
  }

  /// Calls `visit(label_values, metric)` for each series in label order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    std::scoped_lock lock(mutex_);
    for (const auto& [values, metric] : series_) {
      visit(values, *metric);
    }
  }

  [[nodiscard]] metric_type type() const override;

 private:
  std::unique_ptr<Metric> make() const {
    if constexpr (std::is_same_v<Metric, histogram>) {
      return std::make_unique<histogram>(bounds_);
    } else {
      return std::make_unique<Metric>();
    }
  }

  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> series_;
};

template <>
inline metric_type family<counter>::type() const {
  return metric_type::counter;
}
template <>
inline metric_type family<gauge>::type() const {
  return metric_type::gauge;
}
template <>
inline metric_type family<histogram>::type() const {
  return metric_type::histogram;
}

using counter_family = family<counter>;
using gauge_family = family<gauge>;
using histogram_family = family<histogram>;

/// Owns every family; families are exposed in registration order.
class registry {
 public:
  [[nodiscard]] expected<counter_family*, metrics_error> add_counter(
      std::string name, std::string help, std::vector<std::string> label_names = {});
  [[nodiscard]] expected<gauge_family*, metrics_error> add_gauge(
      std::string name, std::string help, std::vector<std::string> label_names = {});
  [[nodiscard]] expected<histogram_family*, metrics_error> add_histogram(
      std::string name, std::string help, std::vector<double> bounds,
      std::vector<std::string> label_names = {});

  /// Calls `visit(const family_base&)` for each family in registration order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    std::scoped_lock lock(mutex_);
    for (const auto& f : families_) {
      visit(*f);
    }
  }

 private:
  expected<void, metrics_error> check(const std::string& name,
                                      const std::vector<std::string>& label_names,
                                      bool histogram) const;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<family_base>> families_;
};

}  // namespace glasscore::metrics
