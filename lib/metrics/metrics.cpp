#include "glasscore/metrics/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace glasscore::metrics {

std::string_view to_string(metrics_error e) {
  switch (e) {
    case metrics_error::bad_metric_name:
      return "metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*";
    case metrics_error::bad_label_name:
      return "label name must match [a-zA-Z_][a-zA-Z0-9_]*, not start with __, not repeat "
             "and not be 'le' on a histogram";
    case metrics_error::duplicate_name:
      return "a metric with this name is already registered";
    case metrics_error::bad_buckets:
      return "histogram bounds must be finite and strictly increasing";
  }
  return "unknown metrics error";
}

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void histogram::observe(double v) noexcept {
  // Bucket i counts bounds_[i-1] < v <= bounds_[i]; anything above (or NaN) goes to +Inf.
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  const auto index =
      std::isnan(v) ? bounds_.size() : static_cast<std::size_t>(it - bounds_.begin());
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<std::uint64_t> histogram::cumulative_counts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

std::vector<double> linear_buckets(double start, double width, std::size_t count) {
  std::vector<double> out;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(start + width * static_cast<double>(i));
  }
  return out;
}

std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
  std::vector<double> out;
  double bound = start;
  for (std::size_t i = 0; i < count; ++i, bound *= factor) {
    out.push_back(bound);
  }
  return out;
}

namespace {

bool valid_name(std::string_view name, bool colon_allowed) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [colon_allowed](char c) {
    const bool ascii_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return ascii_letter || (c >= '0' && c <= '9') || c == '_' || (colon_allowed && c == ':');
  });
}

}  // namespace

expected<void, metrics_error> registry::check(const std::string& name,
                                              const std::vector<std::string>& label_names,
                                              bool is_histogram) const {
  if (!valid_name(name, true)) {
    return fail(metrics_error::bad_metric_name);
  }
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    // "__" is reserved for Prometheus itself; "le" carries a histogram's bucket bound.
    if (!valid_name(label, false) || label.starts_with("__") || (is_histogram && label == "le") ||
        std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i),
                  label) != label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      return fail(metrics_error::bad_label_name);
    }
  }
  for (const auto& f : families_) {
    if (f->name() == name) {
      return fail(metrics_error::duplicate_name);
    }
  }
  return {};
}

expected<counter_family*, metrics_error> registry::add_counter(
    std::string name, std::string help, std::vector<std::string> label_names) {
  std::scoped_lock lock(mutex_);
  if (auto ok = check(name, label_names, false); !ok) {
    return fail(ok.error());
  }
  auto f =
      std::make_unique<counter_family>(std::move(name), std::move(help), std::move(label_names));
  auto* out = f.get();
  families_.push_back(std::move(f));
  return out;
}

expected<gauge_family*, metrics_error> registry::add_gauge(std::string name, std::string help,
                                                           std::vector<std::string> label_names) {
  std::scoped_lock lock(mutex_);
  if (auto ok = check(name, label_names, false); !ok) {
    return fail(ok.error());
  }
  auto f = std::make_unique<gauge_family>(std::move(name), std::move(help), std::move(label_names));
  auto* out = f.get();
  families_.push_back(std::move(f));
  return out;
}

expected<histogram_family*, metrics_error> registry::add_histogram(
    std::string name, std::string help, std::vector<double> bounds,
    std::vector<std::string> label_names) {
  std::scoped_lock lock(mutex_);
  if (auto ok = check(name, label_names, true); !ok) {
    return fail(ok.error());
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
      return fail(metrics_error::bad_buckets);
    }
  }
  auto f = std::make_unique<histogram_family>(std::move(name), std::move(help),
                                              std::move(label_names), std::move(bounds));
  auto* out = f.get();
  families_.push_back(std::move(f));
  return out;
}

}  // namespace glasscore::metrics
