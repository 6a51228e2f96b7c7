#include "glasscore/metrics/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace glasscore::metrics {
namespace {

TEST(exposition, exact_text) {
  registry r;
  auto* registrations = r.add_counter("glasscore_amf_registrations_total",
                                      "Registrations by result.", {"plmn", "result"})
                            .value();
  registrations->with({"001-01", "success"}).inc(3);
  registrations->with({"001-01", "reject"}).inc();
  r.add_gauge("glasscore_upf_sessions", "Active PFCP sessions.").value()->with({}).set(12);
  auto* latency = r.add_histogram("glasscore_sbi_request_seconds", "SBI request latency.",
                                  {0.005, 0.1, 1}, {"service"})
                      .value();
  histogram& h = latency->with({"nudm-ueau"});
  h.observe(0.001);
  h.observe(0.05);
  h.observe(0.05);
  h.observe(2.5);
  r.add_counter("glasscore_unused_total", "Never incremented.", {"x"}).value();

  EXPECT_EQ(render(r),
            "# HELP glasscore_amf_registrations_total Registrations by result.\n"
            "# TYPE glasscore_amf_registrations_total counter\n"
            "glasscore_amf_registrations_total{plmn=\"001-01\",result=\"reject\"} 1\n"
            "glasscore_amf_registrations_total{plmn=\"001-01\",result=\"success\"} 3\n"
            "# HELP glasscore_upf_sessions Active PFCP sessions.\n"
            "# TYPE glasscore_upf_sessions gauge\n"
            "glasscore_upf_sessions 12\n"
            "# HELP glasscore_sbi_request_seconds SBI request latency.\n"
            "# TYPE glasscore_sbi_request_seconds histogram\n"
            "glasscore_sbi_request_seconds_bucket{service=\"nudm-ueau\",le=\"0.005\"} 1\n"
            "glasscore_sbi_request_seconds_bucket{service=\"nudm-ueau\",le=\"0.1\"} 3\n"
            "glasscore_sbi_request_seconds_bucket{service=\"nudm-ueau\",le=\"1\"} 3\n"
            "glasscore_sbi_request_seconds_bucket{service=\"nudm-ueau\",le=\"+Inf\"} 4\n"
            "glasscore_sbi_request_seconds_sum{service=\"nudm-ueau\"} 2.601\n"
            "glasscore_sbi_request_seconds_count{service=\"nudm-ueau\"} 4\n"
            "# HELP glasscore_unused_total Never incremented.\n"
            "# TYPE glasscore_unused_total counter\n");
}

TEST(exposition, histogram_without_labels) {
  registry r;
  auto& h = r.add_histogram("h", "H.", {1}).value()->with({});
  h.observe(0.5);
  EXPECT_EQ(render(r),
            "# HELP h H.\n"
            "# TYPE h histogram\n"
            "h_bucket{le=\"1\"} 1\n"
            "h_bucket{le=\"+Inf\"} 1\n"
            "h_sum 0.5\n"
            "h_count 1\n");
}

TEST(exposition, escaping) {
  registry r;
  auto* f = r.add_counter("c_total", "Help with \\ and\nnewline \"quotes\" kept.", {"gnb"}).value();
  f->with({"a\\b\"c\"\nd"}).inc();
  EXPECT_EQ(render(r),
            "# HELP c_total Help with \\\\ and\\nnewline \"quotes\" kept.\n"
            "# TYPE c_total counter\n"
            "c_total{gnb=\"a\\\\b\\\"c\\\"\\nd\"} 1\n");
}

TEST(exposition, values) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(-2), "-2");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(1e-05), "1e-05");
  EXPECT_EQ(format_value(123456789), "123456789");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
  EXPECT_EQ(exposition_content_type, "text/plain; version=0.0.4; charset=utf-8");
}

TEST(exposition, empty_registry) {
  EXPECT_EQ(render(registry{}), "");
}

}  // namespace
}  // namespace glasscore::metrics
