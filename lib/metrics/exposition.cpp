#include "glasscore/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace glasscore::metrics {

std::string format_value(double v) {
  if (std::isnan(v)) {
    return "NaN";
  }
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  char text[32];
  // Shortest text that reads back as the same double; Prometheus parses it with Go's
  // strconv.ParseFloat, which accepts every form to_chars writes ("0.5", "1e-05").
  const auto [end, ec] = std::to_chars(text, text + sizeof text, v);
  return ec == std::errc{} ? std::string(text, end) : std::string("NaN");
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// `{a="x",b="y"}`, with an optional extra label (a histogram's le) last; "" if no labels.
std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra_name = {}, std::string_view extra_value = {}) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (out.empty() ? "{" : ",") + names[i] + "=\"" + escape_label_value(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    out += (out.empty() ? "{" : ",") + std::string(extra_name) + "=\"" +
           escape_label_value(extra_value) + "\"";
  }
  return out.empty() ? out : out + "}";
}

std::string_view type_name(metric_type t) {
  switch (t) {
    case metric_type::counter:
      return "counter";
    case metric_type::gauge:
      return "gauge";
    case metric_type::histogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string render(const registry& r) {
  std::string out;
  r.for_each([&out](const family_base& f) {
    const std::string& name = f.name();
    out += "# HELP " + name + " " + escape_help(f.help()) + "\n";
    out += "# TYPE " + name + " " + std::string(type_name(f.type())) + "\n";
    const auto& labels = f.label_names();
    switch (f.type()) {
      case metric_type::counter:
        static_cast<const counter_family&>(f).for_each(
            [&](const std::vector<std::string>& values, const counter& c) {
              out += name + label_set(labels, values) + " " + std::to_string(c.value()) + "\n";
            });
        break;
      case metric_type::gauge:
        static_cast<const gauge_family&>(f).for_each(
            [&](const std::vector<std::string>& values, const gauge& g) {
              out += name + label_set(labels, values) + " " + format_value(g.value()) + "\n";
            });
        break;
      case metric_type::histogram:
        static_cast<const histogram_family&>(f).for_each(
            [&](const std::vector<std::string>& values, const histogram& h) {
              const auto counts = h.cumulative_counts();
              const auto& bounds = h.bounds();
              for (std::size_t i = 0; i < counts.size(); ++i) {
                const std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
                out += name + "_bucket" + label_set(labels, values, "le", le) + " " +
                       std::to_string(counts[i]) + "\n";
              }
              out += name + "_sum" + label_set(labels, values) + " " + format_value(h.sum()) + "\n";
              out += name + "_count" + label_set(labels, values) + " " +
                     std::to_string(counts.back()) + "\n";
            });
        break;
    }
  });
  return out;
}

}  // namespace glasscore::metrics
