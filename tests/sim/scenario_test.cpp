// The load driver: 1000 UEs on 4 gNBs, counts, latency percentiles, failures by cause,
// progress lines.
#include <gtest/gtest.h>

#include <set>

#include "fixture.h"

namespace glasscore::sim::test {
namespace {

class scenario_run : public sim_fixture {
 protected:
  std::string supi_of(std::size_t i) {
    return "imsi-00101" + std::string(10 - std::to_string(i).size(), '0') + std::to_string(i);
  }
};

TEST(procedure_stats, nearest_rank_percentiles) {
  procedure_stats s;
  EXPECT_EQ(s.percentile(50).count(), 0);
  for (int i = 1; i <= 100; ++i) {
    s.latencies.push_back(std::chrono::microseconds(101 - i));
  }
  EXPECT_EQ(s.percentile(50).count(), 50);
  EXPECT_EQ(s.percentile(90).count(), 90);
  EXPECT_EQ(s.percentile(99).count(), 99);
  EXPECT_EQ(s.percentile(100).count(), 100);
}

TEST_F(scenario_run, thousand_ues_on_four_gnbs_register_and_deregister) {
  std::vector<gnb*> cells;
  for (std::uint32_t g = 0; g < 4; ++g) {
    gnb_config c;
    c.gnb_id = 100 + g;
    c.streams = 3;
    cells.push_back(&ready_gnb(c));
  }
  net.script.uplink_delay = std::chrono::milliseconds(2);
  constexpr std::size_t count = 1000;
  std::vector<std::string> lines;
  scenario_config config;
  config.ue_count = count;
  config.start_interval = std::chrono::milliseconds(1);
  config.dwell = std::chrono::milliseconds(100);
  config.progress_interval = std::chrono::milliseconds(250);
  scenario run(
      config, cells, ue_nas_config{},
      [&](std::size_t i) {
        auto c = net.add_subscriber(supi_of(i), crypto::protection_scheme::null_scheme);
        return c;
      },
      loop, [&](const std::string& line) { lines.push_back(line); });
  run.start();
  for (int step = 0; step < 100 && !run.finished(); ++step) {
    loop.advance(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(run.finished());
  const auto report = run.report();
  EXPECT_EQ(report.registration.started, count);
  EXPECT_EQ(report.registration.succeeded, count);
  EXPECT_EQ(report.deregistration.succeeded, count);
  EXPECT_EQ(report.registration.failed, 0U);
  // Three uplink hops of 2 ms each before the Registration Accept (request, RES*, SMC
  // Complete); one for de-registration.
  EXPECT_EQ(report.registration.percentile(50), std::chrono::milliseconds(6));
  EXPECT_EQ(report.registration.percentile(99), std::chrono::milliseconds(6));
  EXPECT_EQ(report.deregistration.percentile(90), std::chrono::milliseconds(2));
  EXPECT_EQ(report.ue_totals.dropped_integrity, 0U);
  EXPECT_EQ(report.gnb_totals.error_indications_received, 0U);
  EXPECT_EQ(report.gnb_totals.initial_ue_messages, 2 * count);

  // Every UE was routed to the right subscriber: its GUTI is the one the network gave it.
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_EQ(run.ues()[i]->nas().guti(), net.ue(supi_of(i)).guti) << i;
  }
  // RAN UE NGAP IDs distinct per gNB; 500 connections per gNB (no 256 ceiling).
  std::map<const gnb*, std::set<std::uint32_t>> ids;
  std::map<const gnb*, std::size_t> per_gnb;
  for (const auto& [cell, id] : net.initial_ids()) {
    ids[cell].insert(id);
    ++per_gnb[cell];
  }
  ASSERT_EQ(ids.size(), 4U);
  for (const auto& [cell, set] : ids) {
    EXPECT_EQ(set.size(), per_gnb[cell]);
    EXPECT_EQ(set.size(), 500U);
  }
  for (auto s : net.ue_streams()) {
    EXPECT_NE(s, 0);
  }
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("registered 1000/1000"), std::string::npos) << lines.back();
  const auto text = report.format();
  EXPECT_NE(text.find("registration"), std::string::npos);
  EXPECT_NE(text.find("ok   1000"), std::string::npos) << text;
}

TEST_F(scenario_run, failures_are_counted_by_cause) {
  gnb& cell = ready_gnb();
  scenario_config config;
  config.ue_count = 20;
  config.deregister = false;
  scenario run(
      config, {&cell}, ue_nas_config{},
      [&](std::size_t i) {
        auto c = net.add_subscriber(supi_of(5000 + i), crypto::protection_scheme::profile_a);
        if (i % 4 == 0) {
          c.k[0] ^= 0x80;  // wrong key: MAC failure, Authentication Reject
        }
        return c;
      },
      loop);
  run.start();
  loop.advance(std::chrono::seconds(1));
  ASSERT_TRUE(run.finished());
  const auto r = run.report();
  EXPECT_EQ(r.registration.succeeded, 15U);
  EXPECT_EQ(r.registration.failed, 5U);
  EXPECT_EQ(r.registration.failures.at("authentication rejected"), 5U);
  EXPECT_EQ(r.ue_totals.authentication_failures_sent, 5U);
  EXPECT_NE(r.format().find("authentication rejected x5"), std::string::npos) << r.format();
}

// TS 24.501 §5.5.1.2.5: UEs rejected with #22 and T3346 register again when it expires;
// the run counts each UE's registration once, by its final outcome.
TEST_F(scenario_run, ues_backed_off_for_congestion_register_after_t3346) {
  gnb& cell = ready_gnb();
  net.script.reject_cause = nas::gmm_cause::congestion;
  net.script.reject_t3346 = nas::gprs_timer_2{0, 5};  // unit 2 s, value 5: 10 s
  scenario_config config;
  config.ue_count = 5;
  config.deregister = false;
  scenario run(
      config, {&cell}, ue_nas_config{},
      [&](std::size_t i) {
        return net.add_subscriber(supi_of(6000 + i), crypto::protection_scheme::null_scheme);
      },
      loop);
  run.start();
  loop.advance(std::chrono::seconds(1));
  EXPECT_FALSE(run.finished()) << "waiting for T3346";
  EXPECT_EQ(run.report().registration.backed_off, 5U);
  EXPECT_EQ(run.report().registration.failed, 0U);
  net.script.reject_cause.reset();  // the network has room again
  loop.advance(std::chrono::seconds(10));
  ASSERT_TRUE(run.finished());
  const auto r = run.report();
  EXPECT_EQ(r.registration.started, 5U);
  EXPECT_EQ(r.registration.succeeded, 5U);
  EXPECT_EQ(r.registration.failed, 0U);
  EXPECT_GE(r.registration.percentile(0), std::chrono::seconds(10)) << "from the first start";
  EXPECT_NE(r.format().find("backed off (#22, T3346) and retried: 5"), std::string::npos)
      << r.format();
}

TEST_F(scenario_run, without_retry_a_congestion_reject_is_a_failure) {
  gnb& cell = ready_gnb();
  net.script.reject_cause = nas::gmm_cause::congestion;
  net.script.reject_t3346 = nas::gprs_timer_2{0, 5};
  scenario_config config;
  config.ue_count = 2;
  config.deregister = false;
  ue_nas_config ue_config;
  ue_config.register_after_back_off = false;
  scenario run(
      config, {&cell}, ue_config,
      [&](std::size_t i) {
        return net.add_subscriber(supi_of(6100 + i), crypto::protection_scheme::null_scheme);
      },
      loop);
  run.start();
  loop.advance(std::chrono::seconds(1));
  ASSERT_TRUE(run.finished());
  EXPECT_EQ(run.report().registration.failed, 2U);
  EXPECT_EQ(run.report().registration.backed_off, 0U);
}

TEST_F(scenario_run, invalid_usim_configuration_is_a_counted_failure) {
  gnb& cell = ready_gnb();
  scenario_config config;
  config.ue_count = 2;
  scenario run(
      config, {&cell}, ue_nas_config{},
      [&](std::size_t) {
        usim_config c;
        c.supi = "imsi-001010000000001";  // neither OP nor OPc
        return c;
      },
      loop);
  run.start();
  loop.advance(std::chrono::seconds(1));
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.report().registration.failures.at("USIM configuration invalid"), 2U);
}

}  // namespace
}  // namespace glasscore::sim::test
