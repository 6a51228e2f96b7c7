#include "glasscore/metrics/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace glasscore::metrics {
namespace {

TEST(metrics, counter_and_gauge) {
  registry r;
  auto* requests = r.add_counter("glasscore_requests_total", "Requests.", {"nf"}).value();
  counter& amf = requests->with({"amf"});
  amf.inc();
  amf.inc(4);
  EXPECT_EQ(amf.value(), 5U);
  EXPECT_EQ(&requests->with({"amf"}), &amf) << "one series per label values";
  EXPECT_EQ(requests->with({"smf"}).value(), 0U);

  auto* sessions = r.add_gauge("glasscore_sessions", "Sessions.").value();
  gauge& g = sessions->with({});
  g.inc();
  g.inc(2.5);
  g.dec();
  EXPECT_DOUBLE_EQ(g.value(), 2.5);
  g.set(-1);
  EXPECT_DOUBLE_EQ(g.value(), -1);
}

TEST(metrics, histogram_buckets) {
  histogram h({0.1, 1, 10});
  for (double v : {0.05, 0.1, 0.5, 1.0, 5.0, 100.0, std::nan("")}) {
    h.observe(v);
  }
  // le is inclusive: 0.1 falls in the 0.1 bucket; NaN only in +Inf.
  EXPECT_EQ(h.cumulative_counts(), (std::vector<std::uint64_t>{2, 4, 5, 7}));
  EXPECT_TRUE(std::isnan(h.sum()));
  histogram empty({1});
  EXPECT_EQ(empty.cumulative_counts(), (std::vector<std::uint64_t>{0, 0}));
  EXPECT_EQ(empty.sum(), 0);
}

TEST(metrics, bucket_helpers) {
  EXPECT_EQ(linear_buckets(1, 2, 3), (std::vector<double>{1, 3, 5}));
  EXPECT_EQ(exponential_buckets(0.001, 10, 4), (std::vector<double>{0.001, 0.01, 0.1, 1}));
}

TEST(metrics, registration_errors) {
  registry r;
  ASSERT_TRUE(r.add_counter("a_total", "A.", {"x"}));
  EXPECT_EQ(r.add_counter("a_total", "again").error(), metrics_error::duplicate_name);
  EXPECT_EQ(r.add_gauge("a_total", "again").error(), metrics_error::duplicate_name);
  EXPECT_EQ(r.add_counter("1abc", "").error(), metrics_error::bad_metric_name);
  EXPECT_EQ(r.add_counter("a-b", "").error(), metrics_error::bad_metric_name);
  EXPECT_EQ(r.add_counter("", "").error(), metrics_error::bad_metric_name);
  EXPECT_TRUE(r.add_counter("ns:sub_total", "colons are allowed in names"));
  EXPECT_EQ(r.add_counter("b", "", {"a:b"}).error(), metrics_error::bad_label_name);
  EXPECT_EQ(r.add_counter("b", "", {"__x"}).error(), metrics_error::bad_label_name);
  EXPECT_EQ(r.add_counter("b", "", {"x", "x"}).error(), metrics_error::bad_label_name);
  EXPECT_EQ(r.add_histogram("h", "", {1}, {"le"}).error(), metrics_error::bad_label_name);
  EXPECT_TRUE(r.add_gauge("g", "", {"le"})) << "le is reserved only on histograms";
  EXPECT_EQ(r.add_histogram("h", "", {2, 1}).error(), metrics_error::bad_buckets);
  EXPECT_EQ(r.add_histogram("h", "", {1, 1}).error(), metrics_error::bad_buckets);
  EXPECT_EQ(r.add_histogram("h", "", {1, INFINITY}).error(), metrics_error::bad_buckets);
  EXPECT_TRUE(r.add_histogram("h", "", {1, 2}));
  EXPECT_FALSE(to_string(metrics_error::bad_buckets).empty());
}

TEST(metrics, missing_label_values_read_as_empty) {
  registry r;
  auto* f = r.add_counter("c_total", "", {"a", "b"}).value();
  f->with({"x"}).inc();
  EXPECT_EQ(f->with({"x", ""}).value(), 1U);
  EXPECT_EQ(f->with({"x", "", "ignored"}).value(), 1U);
}

TEST(metrics, concurrent_updates_are_not_lost) {
  registry r;
  auto* c = r.add_counter("c_total", "", {"worker"}).value();
  auto* g = r.add_gauge("g", "").value();
  auto* h = r.add_histogram("h", "", {0.5}).value();
  constexpr int threads = 4;
  constexpr int per_thread = 10000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      counter& mine = c->with({"shared"});  // every thread looks up the same series
      for (int i = 0; i < per_thread; ++i) {
        mine.inc();
        g->with({}).inc();
        h->with({}).observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  EXPECT_EQ(c->with({"shared"}).value(), std::uint64_t{threads} * per_thread);
  EXPECT_DOUBLE_EQ(g->with({}).value(), threads * per_thread);
  const auto counts = h->with({}).cumulative_counts();
  EXPECT_EQ(counts, (std::vector<std::uint64_t>{threads * per_thread / 2, threads * per_thread}));
  EXPECT_DOUBLE_EQ(h->with({}).sum(), threads * per_thread / 2 * 1.25);
}

}  // namespace
}  // namespace glasscore::metrics
