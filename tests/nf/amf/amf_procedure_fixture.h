#pragma once
// The AMF's UE procedures through its N2 entry point (the sans-I/O AMF of amf_harness.h),
// with a UE written independently in the test (scripted_ue.h) behind a scripted gNB, and a
// fake home network running real 5G AKA (fake_home_network.h). Time moves only by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "amf_harness.h"
#include "scripted_gnb.h"

namespace glasscore::amf::test {

constexpr n2_association gnb{1};

class amf_procedure_test : public ::testing::Test {
 protected:
  amf_procedure_test() {
    receive(ngap::build_ng_setup_request(ngap::make_gnb_id(home(), 0x42), "gnb",
                                         {{1, home(), {ngap::make_s_nssai(1)}}}));
    n2_.sent.clear();
  }

  ~amf_procedure_test() override {
    EXPECT_TRUE(h_.shut_down()) << "a procedure would outlive the AMF";
    EXPECT_EQ(n2_.malformed, 0U) << "the AMF sent undecodable or IE-erroneous NGAP";
  }

  void receive(const ngap::ngap_pdu& pdu) { h_.receive(gnb, 1, pdu); }

  void start(const std::vector<std::uint8_t>& nas) {
    gnb_.initial_ue_message(nas);
    pump();
  }

  void uplink(const std::vector<std::uint8_t>& nas) { gnb_.uplink(nas); }

  // Runs the AMF and lets the gNB and the UE answer everything it sends, until quiet.
  void pump() {
    for (int round = 0; round < 100; ++round) {
      loop_.run_pending();
      if (n2_.sent.empty()) {
        return;
      }
      auto batch = std::move(n2_.sent);
      n2_.sent.clear();
      for (const auto& s : batch) {
        gnb_.handle_downlink(s.pdu);
      }
    }
    FAIL() << "the AMF and the UE never went quiet";
  }

  std::shared_ptr<amf_ue> amf_side() const { return ues_.find(gnb_.ids.amf); }

  std::uint64_t count(metrics::counter_family* f, std::string_view label) {
    return f->with({label}).value();
  }

  template <class T>
  int count_received() const {
    return static_cast<int>(std::ranges::count_if(
        ue_.received, [](const auto& m) { return std::holds_alternative<T>(m); }));
  }

  amf_harness h_;
  // The harness's parts under the names the tests use.
  async::manual_loop& loop_ = h_.loop;
  config::glasscore_config& config_ = h_.configuration;
  ue_registry& ues_ = h_.ues;
  capture_notifier& n2_ = h_.n2;
  fake_home_network& home_ = h_.home_network;
  fake_access_policy& pcf_ = h_.pcf;
  amf_environment& env_ = h_.env;
  n2_dispatcher& dispatcher_ = h_.dispatcher;
  scripted_ue ue_;
  scripted_gnb gnb_{ue_, [this](const ngap::ngap_pdu& pdu) { receive(pdu); }};
};

}  // namespace glasscore::amf::test
