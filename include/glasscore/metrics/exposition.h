#pragma once
/// \file
/// The Prometheus text exposition format, version 0.0.4: what the metrics HTTP endpoint
/// serves with `Content-Type: text/plain; version=0.0.4; charset=utf-8`.

#include <string>
#include <string_view>

#include "glasscore/metrics/metrics.h"

namespace glasscore::metrics {

/// The Content-Type for render()'s output.
inline constexpr std::string_view exposition_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

/// Every family of `r` in registration order: "# HELP" and "# TYPE" lines, then one line
/// per series (label values escaped), histograms as _bucket lines with cumulative counts
/// ending in le="+Inf", then _sum and _count. A family with no series yet gets its HELP
/// and TYPE lines only.
[[nodiscard]] std::string render(const registry& r);

/// A sample value as Prometheus writes it: shortest round-trip decimal, "+Inf", "-Inf",
/// "NaN".
[[nodiscard]] std::string format_value(double v);

/// Label value escaping: backslash, double quote and line feed.
[[nodiscard]] std::string escape_label_value(std::string_view value);

/// HELP text escaping: backslash and line feed.
[[nodiscard]] std::string escape_help(std::string_view help);

}  // namespace glasscore::metrics
