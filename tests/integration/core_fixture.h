#pragma once
// The whole core of one process (NRF, UDR, UDM, AUSF, AMF, PCF, SMF, UPF over real HTTP/2,
// SCTP, PFCP and GTP-U) with
// simulated gNBs and UEs attached over SCTP: what `glasscore demo` runs, under test.
// As root the process moves into its own network namespace first (usrsctp raw mode sees
// every SCTP packet of its namespace; see tests/transport/sctp_test_support.h).

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include <asio/executor_work_guard.hpp>

#include "glasscore/async/asio_executor.h"
#include "glasscore/config/config.h"
#include "glasscore/metrics/exposition.h"
#include "glasscore/nf/core/core_network.h"
#include "glasscore/sim/home_network_key.h"
#include "glasscore/sim/scenario.h"
#include "glasscore/sim/sctp_gnb.h"
#include "glasscore/store/sqlite_store.h"
#include "transport/sctp_test_support.h"

namespace glasscore::test {

inline constexpr std::array<std::uint8_t, 16> k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                                                   0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
inline constexpr std::array<std::uint8_t, 16> opc = {
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};

inline std::string imsi(std::size_t index) {
  return fmt::format("00101{:010}", index + 1);
}

class core_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = std::filesystem::temp_directory_path() /
                ("glasscore-e2e-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(data_dir_);
    auto loaded = config::load_config(GLASSCORE_SOURCE_DIR "/config/glasscore.yaml");
    ASSERT_TRUE(loaded) << "shipped configuration must load";
    config_ = *loaded;
  }
  void TearDown() override {
    gnbs_.clear();
    stop_core();
    std::filesystem::remove_all(data_dir_);
  }

  void provision(std::size_t count, std::array<std::uint8_t, 16> key = k,
                 std::vector<store::pdu_session_type> types = {store::pdu_session_type::ipv4}) {
    auto db = store::open_sqlite_store(data_dir_);
    ASSERT_TRUE(db) << db.error().message;
    std::vector<store::subscriber> batch;
    for (std::size_t i = 0; i < count; ++i) {
      store::subscriber s;
      s.imsi = imsi(i);
      s.auth.k = key;
      s.auth.opc.value = opc;
      store::slice_subscription slice;
      slice.is_default = true;
      slice.default_dnn = "internet";
      store::dnn_subscription internet;
      internet.dnn = "internet";
      internet.pdu_session_types = types;
      slice.dnns.push_back(internet);
      s.slices.push_back(slice);
      batch.push_back(std::move(s));
    }
    ASSERT_TRUE((*db)->import_all(batch, false));
  }

  // The AMF's procedures end before the core is destroyed (amf::stop).
  void stop_core() {
    if (core_) {
      core_->stop();
      EXPECT_TRUE(run_until([&] { return !core_->busy(); }, std::chrono::seconds(5)));
      core_.reset();
    }
  }

  std::uint64_t sqn_in_store(std::size_t index) {
    auto db = store::open_sqlite_store(data_dir_);
    auto s = db ? (*db)->get(imsi(index)) : fail(store::store_error{});
    return s ? s->auth.sqn : 0;
  }

  void start_core() {
    core_network::core_options options;
    options.ephemeral_sbi_ports = true;
    options.data_directory = data_dir_.string();
    options.n2 = transport::test::userspace_options();
    options.n2.local =
        transport::test::loopback(transport::test::enter_private_netns()
                                      ? transport::ngap_sctp_port
                                      : static_cast<std::uint16_t>(40000 + ::getpid() % 20000));
    // A registry per core: a restarted core registers its metrics again.
    registry_ = std::make_unique<metrics::registry>();
    auto started = core_network::core_network::start(io_, config_, options, *registry_);
    ASSERT_TRUE(started) << started.error();
    core_ = std::move(*started);
    ASSERT_TRUE(run_until([&] {
      return core_->registered_with_nrf() == core_->registering_with_nrf();
    })) << "every NF registers with the NRF";
  }

  void start_gnbs(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      sim::gnb_config g;
      g.gnb_id = static_cast<std::uint32_t>(0x100 + i);
      g.name = "gnb-" + std::to_string(i);
      g.streams = 4;
      auto local = transport::test::userspace_options();
      local.local = transport::test::loopback(0);
      auto gnb = sim::sctp_gnb::connect(io_, timers_, g, local, core_->n2_address());
      ASSERT_TRUE(gnb) << gnb.error();
      gnbs_.push_back(std::move(*gnb));
    }
    ASSERT_TRUE(run_until([&] {
      return std::ranges::all_of(gnbs_, [](const auto& g) { return g->ready(); });
    })) << "NG Setup of every gNB";
  }

  sim::usim_config card(std::size_t index, crypto::protection_scheme scheme) {
    sim::usim_config c;
    c.supi = "imsi-" + imsi(index);
    c.k = k;
    c.opc = opc;
    c.scheme = scheme;
    // A missing key shows as a failed registration, which the caller checks.
    (void)sim::set_home_network_key(c, config_.udm.home_network_keys);
    return c;
  }

  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(std::chrono::milliseconds(5));
    }
    return done();
  }

  std::filesystem::path data_dir_;
  config::glasscore_config config_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  async::asio_timer_service timers_{io_};
  std::unique_ptr<metrics::registry> registry_;
  std::unique_ptr<core_network::core_network> core_;
  std::vector<std::unique_ptr<sim::sctp_gnb>> gnbs_;
};

}  // namespace glasscore::test
