// Fuzz target for the AMF's N2 entry point (nf/amf/n2_ngap/n2_dispatcher.h, DESIGN.md §5):
// NGAP PDUs from an untrusted gNB and the NAS PDUs inside them, through NG Setup, Initial UE
// Message, Uplink NAS Transport, Initial Context Setup, UE context release, NG Reset, Error
// Indication, association loss and the registration procedures with their timers (T3550,
// T3560, T3570). The whole sans-I/O AMF runs in tests/nf/amf/amf_harness.h, fresh for each
// input. Besides "no crash, no sanitizer finding, no hang, no assert", every PDU the AMF
// sends must decode without findings, and the AMF's stop path must leave no procedure
// running (one would outlive the AMF).
//
// The input is a script, so that the fuzzer reaches deep states without learning APER or
// computing MACs: a scripted gNB and a scripted UE (tests/nf/amf/scripted_ue.h, real 5G AKA
// and NAS security) answer the AMF when told to, and fuzz bytes go in as whole NGAP PDUs or
// as NAS PDUs wrapped for the UE connections the AMF opened.
//
//   input = flags op*
//   flags   bit 0: no automatic NG Setup of gNB 0x42 (TAC 1, PLMN 001/01, SST 1) on
//                  association 1 before the first op
//           bit 1: the loop runs only when an op says so (else after every op)
//           bit 2: the gNB and the UE answer everything after every op (else only on op 5)
//   op    = one byte, kind = low nibble, a = high nibble; kinds 0-3 (and 12-15, the same
//           as 0-3) are followed by a length byte and that many payload bytes (fewer at the
//           end of the input)
//      0  the payload as an NGAP PDU on association 1 + (a & 1), stream a >> 1
//      1  Initial UE Message with the payload as NAS PDU, association 1 + (a & 1), RAN UE
//         NGAP ID a >> 1
//      2  Uplink NAS Transport with the payload as NAS PDU for known UE connection a (0 is
//         the latest the AMF named; unknown IDs a/a on association 1 if none yet)
//      3  the payload as a plain 5GMM message, protected with the scripted UE's NAS
//         security context (a & 1: ciphered, a & 2: new-context header) if it has one, in
//         an Uplink NAS Transport on the UE's connection
//      4  the scripted UE's Registration Request (a & 1: with its 5G-GUTI if it has one,
//         else SUCI, null scheme) in an Initial UE Message on association 1 + ((a >> 1) & 1),
//         RAN UE NGAP ID 77 + (a >> 2)
//      5  the gNB and the UE answer what the AMF sent, for up to a + 1 rounds
//      6  for known UE connection a & 3, by a >> 2: Initial Context Setup Response,
//         Initial Context Setup Failure, UE Context Release Request, UE Context Release
//         Complete
//      7  on association 1 + (a >> 3), by a & 7: NG Reset (all), NG Reset (the latest UE
//         connection), Error Indication with the latest UE connection's IDs, Error Indication
//         without IDs, RAN Configuration Update, NG Setup of gNB 0x42, NG Setup of gNB 0x43,
//         NG Setup with an unserved TAC
//      8  run the loop
//      9  advance the clock: to the next timer if a == 0, else by a seconds
//     10  association 1 + (a & 1) goes down
//     11  the scripted UE's Deregistration Request (a & 1: switch off), if it is registered
//
// Seeds (tests/fuzz/corpus/amf_n2): registration = 00 04 f5 (NG Setup, the UE's SUCI
// Registration Request, answers until registered); -auto-answer = 04 04; -deregistration,
// -switch-off and -guti-again add 0b f5, 1b f5 and 0b f5 14 f5; -raw-nas sends the same
// request as op 1 bytes (it stops at the Security Mode Complete, whose NAS message
// container is empty: the scripted UE did not send that request); t3560-silent-ue is
// 00 04 08 then 69 (6 s) six times; t3550-no-complete answers two rounds only;
// t3570-unknown-guti sends a 5G-GUTI the AMF does not know; registered-uplinks and
// registered-gnb-procedures go on after registration with ops 2, 3 and 6, 7, 10;
// raw-ngap(-no-setup) carry PDUs of the NGAP corpus in op 0.
#include <gtest/gtest-spi.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include <spdlog/sinks/null_sink.h>

#include "amf_harness.h"
#include "glasscore/codec/nas/security.h"
#include "scripted_ue.h"

namespace {

using namespace glasscore;
using amf::n2_association;

constexpr std::uint16_t ue_stream = 1;

// Every log line is formatted (a formatting bug on fuzz data is a finding too) and dropped,
// unless GLASSCORE_FUZZ_LOG names a log spec ("debug", see glasscore::log::configure): to
// see what one input does, run the target on that file alone with it.
void quiet_logs() {
  if (const char* spec = std::getenv("GLASSCORE_FUZZ_LOG"); spec != nullptr) {
    (void)log::configure(spec);
    return;
  }
  for (const char* component : {"amf", "async"}) {
    auto logger = log::get(component);
    logger->sinks().assign({std::make_shared<spdlog::sinks::null_sink_mt>()});
    logger->set_level(spdlog::level::trace);
  }
}

// NG Setup Request of a gNB whose TAC is `tac` in PLMN 001/01 with slice SST 1.
std::vector<std::uint8_t> ng_setup(std::uint32_t gnb_id, std::uint32_t tac) {
  const auto home = amf::test::home();
  return ngap::encode(ngap::build_ng_setup_request(ngap::make_gnb_id(home, gnb_id), "gnb",
                                                   {{tac, home, {ngap::make_s_nssai(1)}}}))
      .value();
}

// A UE-associated logical NG connection the AMF named in something it sent.
struct connection {
  n2_association association{};
  ngap::ue_ids ids{};
};

class script {
 public:
  script(const std::uint8_t* data, std::size_t size)
      : h_(configuration()), in_(data, data + size) {}

  void run() {
    const std::uint8_t flags = next().value_or(0);
    manual_loop_ = (flags & 0x02U) != 0;
    auto_answer_ = (flags & 0x04U) != 0;
    if ((flags & 0x01U) == 0) {
      h_.receive(n2_association{1}, 0, ng_setup_0x42());
      settle();
    }
    while (auto op = next()) {
      step(*op);
      settle();
    }
    observe();
    // The AMF's stop path must end every procedure, and nothing it sent may be malformed.
    if (!h_.shut_down() || h_.n2.malformed != 0) {
      __builtin_trap();
    }
  }

 private:
  static const config::glasscore_config& configuration() {
    static const config::glasscore_config c = amf::test::test_config();
    return c;
  }
  static const std::vector<std::uint8_t>& ng_setup_0x42() {
    static const auto bytes = ng_setup(0x42, 1);
    return bytes;
  }

  std::optional<std::uint8_t> next() {
    if (at_ >= in_.size()) {
      return std::nullopt;
    }
    return in_[at_++];
  }
  byte_span payload() {
    const std::size_t want = next().value_or(0);
    const std::size_t n = std::min(want, in_.size() - at_);
    const byte_span p(in_.data() + at_, n);
    at_ += n;
    return p;
  }

  void step(std::uint8_t op) {
    unsigned kind = op & 0x0fU;
    const unsigned a = op >> 4U;
    if (kind >= 12) {
      kind -= 12;
    }
    switch (kind) {
      case 0:
        h_.receive(n2_association{1U + (a & 1U)}, static_cast<std::uint16_t>(a >> 1U), payload());
        break;
      case 1:
        initial_ue_message(n2_association{1U + (a & 1U)}, ran_ue_ngap_id{a >> 1U}, payload());
        break;
      case 2: {
        const auto nas = payload();
        uplink(known(a).value_or(
                   connection{n2_association{1}, {amf_ue_ngap_id{a}, ran_ue_ngap_id{a}}}),
               nas);
        break;
      }
      case 3:
        protected_uplink(payload(), (a & 1U) != 0, (a & 2U) != 0);
        break;
      case 4:
        register_ue((a & 1U) != 0, n2_association{1U + ((a >> 1U) & 1U)},
                    ran_ue_ngap_id{77U + (a >> 2U)});
        break;
      case 5:
        answer(static_cast<int>(a) + 1);
        break;
      case 6:
        if (const auto c = known(a & 3U)) {
          ue_associated(*c, a >> 2U);
        }
        break;
      case 7:
        non_ue_associated(n2_association{1U + (a >> 3U)}, a & 7U);
        break;
      case 8:
        h_.loop.run_pending();
        break;
      case 9:
        if (a == 0) {
          h_.loop.advance_to_next_timer();
        } else {
          h_.loop.advance(std::chrono::seconds(a));
        }
        break;
      case 10:
        h_.association_down(n2_association{1U + (a & 1U)});
        break;
      default:  // 11
        deregister((a & 1U) != 0);
        break;
    }
  }

  // After every op: run the loop unless the script does it, answer if asked to, and learn
  // the UE connections from what the AMF sent.
  void settle() {
    if (auto_answer_) {
      answer(16);
    } else if (!manual_loop_) {
      h_.loop.run_pending();
    }
    observe();
  }

  void send(n2_association association, std::uint16_t stream, const ngap::ngap_pdu& pdu) {
    if (auto bytes = ngap::encode(pdu)) {
      h_.receive(association, stream, *bytes);
    }
  }

  void initial_ue_message(n2_association association, ran_ue_ngap_id ran, byte_span nas) {
    send(association, ue_stream,
         ngap::build_initial_ue_message(ran, nas, ngap::nr_location(amf::test::home(), 1, 0x10),
                                        ngap::rrc_establishment_cause::mo_signalling));
  }

  void uplink(const connection& c, byte_span nas) {
    send(c.association, ue_stream,
         ngap::build_uplink_nas_transport(c.ids, nas,
                                          ngap::nr_location(amf::test::home(), 1, 0x10)));
  }

  // The UE's own connection: the one its last downlink NAS came on, else the latest known.
  std::optional<connection> ue_connection() const {
    return ue_connection_ ? ue_connection_ : known(0);
  }

  void protected_uplink(byte_span plain, bool cipher, bool new_context) {
    const auto c = ue_connection();
    if (!c) {
      return;
    }
    if (!ue_.security) {
      uplink(*c, plain);
      return;
    }
    if (auto sealed =
            ue_.security->protect(plain, crypto::direction::uplink, cipher, new_context)) {
      uplink(*c, *sealed);
    }
  }

  void register_ue(bool with_guti, n2_association association, ran_ue_ngap_id ran) {
    std::vector<std::uint8_t> nas;
    try {
      nas = with_guti && ue_.guti ? ue_.registration_request_with_guti()
                                  : ue_.registration_request_with_suci();
    } catch (...) {  // the scripted UE's own limits (see answer_nas), not the AMF's
      return;
    }
    initial_ue_message(association, ran, nas);
  }

  void deregister(bool switch_off) {
    const auto c = ue_connection();
    if (!c || !ue_.guti || !ue_.security) {
      return;
    }
    std::vector<std::uint8_t> nas;
    try {
      nas = ue_.deregistration_request(switch_off);
    } catch (...) {
      return;
    }
    uplink(*c, nas);
  }

  void ue_associated(const connection& c, unsigned what) {
    switch (what) {
      case 0:
        send(c.association, ue_stream, ngap::build_initial_context_setup_response(c.ids));
        break;
      case 1:
        send(c.association, ue_stream,
             ngap::build_initial_context_setup_failure(
                 c.ids, ngap::make_cause(ngap::cause_radio_network::unspecified)));
        break;
      case 2:
        send(c.association, ue_stream,
             ngap::build_ue_context_release_request(
                 c.ids, ngap::make_cause(ngap::cause_radio_network::user_inactivity)));
        break;
      default:
        send(c.association, ue_stream, ngap::build_ue_context_release_complete(c.ids));
        break;
    }
  }

  void non_ue_associated(n2_association association, unsigned what) {
    const auto home = amf::test::home();
    const auto latest = known(0);
    switch (what) {
      case 0:
        send(association, 0,
             ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::om_intervention)));
        break;
      case 1:
        if (latest) {
          send(
              association, 0,
              ngap::build_ng_reset(ngap::make_cause(ngap::cause_misc::unspecified), {latest->ids}));
        }
        break;
      case 2:
        if (latest) {
          send(association, 0,
               ngap::build_error_indication(
                   latest->ids, ngap::make_cause(ngap::cause_radio_network::unspecified)));
        }
        break;
      case 3:
        send(association, 0,
             ngap::build_error_indication(std::nullopt,
                                          ngap::make_cause(ngap::cause_protocol::unspecified)));
        break;
      case 4:
        send(association, 0,
             ngap::build_ran_configuration_update(
                 "gnb", {{2, home, {ngap::make_s_nssai(1), ngap::make_s_nssai(1, 1)}}}));
        break;
      case 5:
        h_.receive(association, 0, ng_setup_0x42());
        break;
      case 6:
        h_.receive(association, 0, ng_setup(0x43, 2));
        break;
      default:
        h_.receive(association, 0, ng_setup(0x44, 7));
        break;
    }
  }

  // The gNB and the UE answer what the AMF sent since the last answer, as a gNB and a UE
  // following TS 38.413 and TS 24.501 would, for up to `rounds` rounds or until quiet.
  void answer(int rounds) {
    for (int round = 0; round < rounds; ++round) {
      h_.loop.run_pending();
      observe();
      const std::size_t end = h_.n2.sent.size();
      if (answered_ == end) {
        return;
      }
      for (; answered_ < end; ++answered_) {
        // A copy: answering appends to `sent`.
        const amf::test::sent_pdu out = h_.n2.sent[answered_];
        answer_one(out);
      }
    }
  }

  void answer_one(const amf::test::sent_pdu& out) {
    const auto found = ngap::ue_ids_of(out.pdu);
    if (!found.amf || !found.ran) {
      return;
    }
    const connection c{out.association, {*found.amf, *found.ran}};
    if (ngap::message_of<ngap::initial_context_setup_request>(out.pdu) != nullptr) {
      send(c.association, ue_stream, ngap::build_initial_context_setup_response(c.ids));
    } else if (ngap::message_of<ngap::ue_context_release_command>(out.pdu) != nullptr) {
      send(c.association, ue_stream, ngap::build_ue_context_release_complete(c.ids));
      return;
    }
    if (const auto nas = ngap::nas_pdu_of(out.pdu)) {
      ue_connection_ = c;
      if (auto reply = answer_nas(*nas)) {
        uplink(c, *reply);
      }
    }
  }

  // The scripted UE follows one UE through one registration; AMF behaviour it was not
  // written for (a downlink for another UE context, an SMC it cannot use) makes it throw or
  // fail a gtest expectation. Neither says anything about the AMF, so both are ignored. The
  // one case it would not survive is filtered first: a protected downlink while it has no
  // context (it would dereference the empty one).
  std::optional<std::vector<std::uint8_t>> answer_nas(byte_span nas) {
    const auto header = nas::peek_security_header(nas);
    if (!header ||
        (*header != nas::security_header_type::plain &&
         *header != nas::security_header_type::integrity_protected_new_context && !ue_.security)) {
      return std::nullopt;
    }
    try {
      return ue_.on_downlink(nas);
    } catch (...) {
      return std::nullopt;
    }
  }

  // Learns the UE connections (association and both UE NGAP IDs) the AMF named, most
  // recent last, at most four.
  void observe() {
    for (; observed_ < h_.n2.sent.size(); ++observed_) {
      const auto& out = h_.n2.sent[observed_];
      const auto found = ngap::ue_ids_of(out.pdu);
      if (!found.amf || !found.ran) {
        continue;
      }
      const connection c{out.association, {*found.amf, *found.ran}};
      std::erase_if(known_, [&](const connection& k) { return k.ids.amf == c.ids.amf; });
      known_.push_back(c);
      if (known_.size() > 4) {
        known_.erase(known_.begin());
      }
    }
  }

  // Known UE connection `i`, 0 being the most recent.
  std::optional<connection> known(unsigned i) const {
    if (known_.empty()) {
      return std::nullopt;
    }
    return known_[known_.size() - 1 - (i % known_.size())];
  }

  amf::test::amf_harness h_;
  amf::test::scripted_ue ue_;
  std::vector<std::uint8_t> in_;
  std::size_t at_ = 0;
  bool manual_loop_ = false;
  bool auto_answer_ = false;
  std::size_t answered_ = 0;
  std::size_t observed_ = 0;
  std::vector<connection> known_;
  std::optional<connection> ue_connection_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool logs_quiet = (quiet_logs(), true);
  (void)logs_quiet;
  // The scripted UE's gtest expectations are not the property under test: collected here
  // and dropped, so they neither print nor accumulate across inputs.
  testing::TestPartResultArray ue_expectations;
  const testing::ScopedFakeTestPartResultReporter reporter(
      testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &ue_expectations);
  script(data, size).run();
  return 0;
}
