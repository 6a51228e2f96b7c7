#pragma once
// The AMF's UE procedures through its N2 entry point, with a UE written independently in
// the test (scripted_ue.h) behind a scripted gNB, and a fake home network running real
// 5G AKA (fake_home_network.h). Time moves only by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "amf/n2_ngap/ue_associated.h"
#include "amf_n2_fixture.h"
#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/ngap/gen/constants.h"
#include "glasscore/core/log.h"
#include "scripted_gnb.h"

namespace glasscore::amf::test {

constexpr n2_association gnb{1};

class capture_n2 final : public n2_notifier {
 public:
  void on_n2_send(n2_association, std::uint16_t, std::vector<std::uint8_t> bytes) override {
    auto d = ngap::decode<ngap::ngap_pdu>(bytes);
    ASSERT_TRUE(d) << "the AMF sent an undecodable NGAP PDU";
    sent.push_back(std::move(d->value));
  }
  std::vector<ngap::ngap_pdu> sent;
};

class amf_procedure_test : public ::testing::Test {
 protected:
  amf_procedure_test() {
    receive(ngap::build_ng_setup_request(ngap::make_gnb_id(home(), 0x42), "gnb",
                                         {{1, home(), {ngap::make_s_nssai(1)}}}));
    n2_.sent.clear();
  }

  void receive(const ngap::ngap_pdu& pdu) {
    dispatcher_.handle_n2_message(gnb, 1, ngap::encode(pdu).value());
  }

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
      for (const auto& pdu : batch) {
        gnb_.handle_downlink(pdu);
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

  async::manual_loop loop_;
  metrics::registry registry_;
  n2_metrics n2_metrics_ = n2_metrics::create(registry_).value();
  config::glasscore_config config_ = test_config();
  gnb_registry gnbs_;
  ue_registry ues_{loop_, loop_};
  capture_n2 n2_;
  std::shared_ptr<spdlog::logger> log_ = log::get("amf");
  n1_sender n1_{n2_, *log_};
  fake_home_network home_;
  amf_environment env_{loop_,
                       loop_,
                       ues_,
                       gnbs_,
                       n1_,
                       n2_,
                       home_,
                       home_,
                       config_.amf,
                       nas::plmn_id{"001", "01"},
                       crypto::serving_network_name("001", "01").value(),
                       [n = std::uint32_t{0xc0de0000}]() mutable { return ++n; },
                       gmm_metrics::create(registry_).value(),
                       log_};
  ue_associated_handler ue_side_{env_};
  interface_management interface_{
      served_area::from_config(config_).value(),
      ngap::amf_identity{
          "amf", {ngap::make_guami(home(), 1, 1, 0)}, 255, home(), {ngap::make_s_nssai(1)}},
      gnbs_,
      n2_,
      ue_side_,
      n2_metrics_};
  n2_dispatcher dispatcher_{interface_, gnbs_, n2_, ue_side_, n2_metrics_};
  scripted_ue ue_;
  scripted_gnb gnb_{ue_, [this](const ngap::ngap_pdu& pdu) { receive(pdu); }};
};

}  // namespace glasscore::amf::test
