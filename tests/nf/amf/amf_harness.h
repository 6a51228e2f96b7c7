#pragma once
// The whole sans-I/O AMF wired as nf/amf/amf.cpp wires it, but on a manual loop, with a
// fake home network running real 5G AKA, a fake SMF, and a notifier that records what the AMF
// sends:
//
//   amf_harness h;
//   h.receive(n2_association{1}, 0, bytes);
//   h.loop.run_pending();
//
// For tests and for the fuzz target on the N2 entry point (tests/fuzz/fuzz_amf_n2.cpp).
// Members are declared in construction order: each only refers to those above it, and the
// loop, declared first, outlives everything that posts work or schedules timers on it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "amf/n2_ngap/n2_dispatcher.h"
#include "amf/n2_ngap/ue_associated.h"
#include "amf_n2_fixture.h"
#include "fake_access_policy.h"
#include "fake_home_network.h"
#include "fake_session_management.h"
#include "glasscore/async/manual_loop.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/key_derivation.h"

namespace glasscore::amf::test {

/// One NGAP PDU the AMF sent, decoded again as a gNB would.
struct sent_pdu {
  n2_association association{};
  std::uint16_t stream = 0;
  ngap::ngap_pdu pdu;
};

/// Records what the AMF sends. A PDU that does not decode, or decodes with TS 38.413 §10
/// findings, is counted apart: whatever the AMF received, that is an AMF bug.
class capture_notifier final : public n2_notifier {
 public:
  void on_n2_send(n2_association association, std::uint16_t stream,
                  std::vector<std::uint8_t> bytes) override {
    auto decoded = ngap::decode<ngap::ngap_pdu>(bytes);
    if (!decoded || !decoded->diagnostics.empty()) {
      ++malformed;
      return;
    }
    sent.push_back({association, stream, std::move(decoded->value)});
  }

  std::vector<sent_pdu> sent;
  std::size_t malformed = 0;
};

class amf_harness {
 public:
  /// The configuration is taken by value so that callers that build many harnesses (the
  /// fuzz target) parse it once.
  explicit amf_harness(config::glasscore_config c = test_config()) : configuration(std::move(c)) {}
  amf_harness(const amf_harness&) = delete;
  amf_harness& operator=(const amf_harness&) = delete;
  /// Shuts down if the owner did not, so no procedure outlives the AMF.
  ~amf_harness() { shut_down(); }

  /// One NGAP PDU on `association`, as the SCTP runtime delivers it.
  void receive(n2_association association, std::uint16_t stream, byte_span bytes) {
    dispatcher.handle_n2_message(association, stream, bytes);
  }
  /// Encodes `pdu` (built by the caller, so it must encode) and delivers it.
  void receive(n2_association association, std::uint16_t stream, const ngap::ngap_pdu& pdu) {
    receive(association, stream, ngap::encode(pdu).value());
  }
  /// The association went down (SCTP shutdown, abort or restart).
  void association_down(n2_association association) {
    dispatcher.handle_association_down(association);
  }

  /// The AMF's stop path (amf::stop, then the owner runs the loop until amf::busy() is
  /// false; docs/amf.md "Shutdown"). Timers are fired too, in case a procedure only notices
  /// at its next timeout. Returns false if procedures are still running after
  /// `max_rounds`: one would outlive the AMF.
  bool shut_down(int max_rounds = 1000) {
    ue_side.stop();
    for (int round = 0; round < max_rounds; ++round) {
      loop.run_pending();
      if (!ue_side.busy()) {
        return true;
      }
      if (!loop.advance_to_next_timer()) {
        loop.run_pending();
        return !ue_side.busy();
      }
    }
    return !ue_side.busy();
  }

  async::manual_loop loop;
  config::glasscore_config configuration;
  metrics::registry registry;
  n2_metrics n2m = n2_metrics::create(registry).value();
  gnb_registry gnbs;
  ue_registry ues{loop, loop};
  capture_notifier n2;
  std::shared_ptr<spdlog::logger> logger = log::get("amf");
  n1_sender n1{n2, *logger};
  fake_home_network home_network;
  fake_session_management smf;
  fake_access_policy pcf;
  // Designated initializers: a field added later with a default member initializer needs
  // no change here; a new required field fails to compile, as it should.
  amf_environment env{
      .executor = loop,
      .timers = loop,
      .ues = ues,
      .gnbs = gnbs,
      .n1 = n1,
      .n2 = n2,
      .ausf = home_network,
      .udm = home_network,
      .smf = smf,
      .config = configuration.amf,
      .plmn = nas::plmn_id{"001", "01"},
      .serving_network_name = crypto::serving_network_name("001", "01").value(),
      // Deterministic 5G-TMSIs: the same input always takes the same path.
      .random32 = [n = std::uint32_t{0xc0de0000}]() mutable { return ++n; },
      .metrics = gmm_metrics::create(registry).value(),
      .log = logger,
      .dnns = {"internet"},
      .pcf = &pcf,
  };
  ue_associated_handler ue_side{env};
  interface_management ng_interface{served_area::from_config(configuration).value(),
                                    ngap::amf_identity{"amf",
                                                       {ngap::make_guami(test::home(), 1, 1, 0)},
                                                       255,
                                                       test::home(),
                                                       {ngap::make_s_nssai(1)}},
                                    gnbs,
                                    n2,
                                    ue_side,
                                    n2m};
  n2_dispatcher dispatcher{ng_interface, gnbs, n2, ue_side, n2m};
};

}  // namespace glasscore::amf::test
