// What an independent decoder says about our 5GMM bytes: tshark's NAS-5GS dissector
// decodes every 5GMM message we encode, with every typed IE present, without a malformed
// packet or an expert warning or error, and reads the values we put in. (Notes are
// allowed: tshark 4.0 reports R17 IEs it does not know yet as "extraneous data" notes.)
#include <gtest/gtest.h>

#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/core/hex.h"
#include "gmm_samples.h"
#include "support/tshark.h"

namespace glasscore::nas {
namespace {

// Contents an independent decoder checks inside IEs the codec treats as opaque.
const std::vector<std::uint8_t> eap_success = {0x03, 0x01, 0x00, 0x04};  // RFC 3748 §4.2
// A PDU session establishment request (TS 24.501 §8.3.1): PSI 1, PTI 1, integrity
// protection maximum data rate full, PDU session type IPv4, SSC mode 1.
const std::vector<std::uint8_t> n1_sm_message = {0x2e, 0x01, 0x01, 0xc1, 0xff, 0xff, 0x91, 0xa1};

template <class T>
concept has_eap = requires(T m) {
  m.eap_message.value;
};
template <class T>
concept has_payload = requires(T m) {
  m.payload_container.value;
};

std::vector<gmm_message> interop_samples() {
  auto messages = test_samples::every_gmm_message(test_samples::optional_ies::typed);
  for (gmm_message& message : messages) {
    std::visit(
        [](auto& m) {
          using message_t = std::remove_cvref_t<decltype(m)>;
          if constexpr (has_eap<message_t>) {
            m.eap_message.value = eap_success;
          }
          if constexpr (has_payload<message_t>) {
            m.payload_container.value = n1_sm_message;
          }
        },
        message);
  }
  return messages;
}

class gmm_interop : public testing::Test {
 protected:
  void SetUp() override {
    GLASSCORE_TSHARK_OR_SKIP();
    for (const gmm_message& m : interop_samples()) {
      byte_writer w;
      ASSERT_TRUE(encode_gmm(m, w));
      types_.push_back(type_of(m));
      pdus_.push_back(w.release());
    }
    std::string error;
    auto result = test::run_tshark(pdus_, "nas-5gs",
                                   {"nas_5gs.mm.message_type",
                                    "nas_5gs.mm.5gmm_cause",
                                    "nas_5gs.mm.suci.msin",
                                    "nas_5gs.mm.suci.routing_indicator",
                                    "e212.mcc",
                                    "e212.mnc",
                                    "nas_5gs.amf_region_id",
                                    "nas_5gs.amf_set_id",
                                    "nas_5gs.amf_pointer",
                                    "nas_5gs.5g_tmsi",
                                    "nas_5gs.tac",
                                    "nas_5gs.mm.sst",
                                    "nas_5gs.mm.mm_sd",
                                    "gsm_a.dtap.rand",
                                    "gsm_a.dtap.autn",
                                    "nas_5gs.mm.nas_sec_algo_enc",
                                    "nas_5gs.mm.nas_sec_algo_ip",
                                    "nas_5gs.pdu_session_id",
                                    "nas_5gs.cmn.dnn",
                                    "nas_5gs.mm.pld_cont_type",
                                    "nas_5gs.sm.message_type",
                                    "nas_5gs.mm.5gs_reg_type",
                                    "nas_5gs.mm.nas_key_set_id"},
                                   &error);
    ASSERT_TRUE(result) << error;
    ASSERT_EQ(result->size(), pdus_.size());
    packets_ = std::move(*result);
  }

  const test::tshark_packet& packet_of(gmm_message_type type) const {
    const auto at = std::find(types_.begin(), types_.end(), type) - types_.begin();
    return packets_.at(static_cast<std::size_t>(at));
  }

  std::vector<std::vector<std::uint8_t>> pdus_;
  std::vector<gmm_message_type> types_;
  std::vector<test::tshark_packet> packets_;
};

TEST_F(gmm_interop, every_message_decodes_cleanly_as_its_own_type) {
  ASSERT_EQ(packets_.size(), 32U);
  for (std::size_t i = 0; i < packets_.size(); ++i) {
    const std::uint8_t type = static_cast<std::uint8_t>(types_[i]);
    SCOPED_TRACE("message type 0x" + to_hex(std::vector<std::uint8_t>{type}) + ": " +
                 to_hex(pdus_[i]));
    EXPECT_FALSE(packets_[i].malformed);
    EXPECT_TRUE(packets_[i].problems().empty()) << testing::PrintToString(packets_[i].problems());
    ASSERT_FALSE(packets_[i].values("nas_5gs.mm.message_type").empty());
    EXPECT_EQ(std::stoul(packets_[i].values("nas_5gs.mm.message_type")[0], nullptr, 16), type);
  }
}

TEST_F(gmm_interop, named_fields_equal_what_was_encoded) {
  const auto& request = packet_of(gmm_message_type::registration_request);
  EXPECT_EQ(request.values("nas_5gs.mm.suci.msin"), std::vector<std::string>{"0000000001"});
  EXPECT_EQ(request.values("nas_5gs.mm.suci.routing_indicator"), std::vector<std::string>{"0"});
  EXPECT_EQ(request.values("nas_5gs.mm.5gs_reg_type"), std::vector<std::string>{"1"});
  EXPECT_EQ(request.values("e212.mcc").at(0), "1");

  const auto& accept = packet_of(gmm_message_type::registration_accept);
  EXPECT_EQ(accept.values("nas_5gs.amf_region_id").at(0), "202");
  EXPECT_EQ(accept.values("nas_5gs.amf_set_id").at(0), "1022");
  EXPECT_EQ(accept.values("nas_5gs.amf_pointer").at(0), "1");
  EXPECT_EQ(accept.values("nas_5gs.5g_tmsi").at(0), "305419896");
  EXPECT_EQ(accept.values("nas_5gs.tac").at(0), "1");
  EXPECT_EQ(accept.values("nas_5gs.tac").at(1), "2");
  EXPECT_EQ(accept.values("nas_5gs.mm.mm_sd").at(0), "128");

  EXPECT_EQ(packet_of(gmm_message_type::registration_reject).values("nas_5gs.mm.5gmm_cause"),
            std::vector<std::string>{"22"});

  const auto& auth = packet_of(gmm_message_type::authentication_request);
  EXPECT_EQ(auth.values("gsm_a.dtap.rand").at(0), "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  EXPECT_EQ(auth.values("gsm_a.dtap.autn").at(0), "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

  const auto& smc = packet_of(gmm_message_type::security_mode_command);
  EXPECT_EQ(smc.values("nas_5gs.mm.nas_sec_algo_enc").at(0), "2");
  EXPECT_EQ(smc.values("nas_5gs.mm.nas_sec_algo_ip").at(0), "2");

  const auto& ul = packet_of(gmm_message_type::ul_nas_transport);
  // PSI 1 of the 5GSM message inside, then the transport's own PDU session ID IE (0x21).
  EXPECT_EQ(ul.values("nas_5gs.pdu_session_id"), (std::vector<std::string>{"1", "33", "33"}));
  EXPECT_EQ(ul.values("nas_5gs.cmn.dnn").at(0), "internet");
  EXPECT_EQ(ul.values("nas_5gs.mm.pld_cont_type").at(0), "1");
  EXPECT_EQ(ul.values("nas_5gs.sm.message_type").at(0), "0xc1") << "the N1 SM payload inside";
}

}  // namespace
}  // namespace glasscore::nas
