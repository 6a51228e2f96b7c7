// NAS security (TS 24.501 §4.4, TS 33.501 §6.4): protection round trips with every
// algorithm pair, tampering, replay and wrong COUNTs detected, COUNT overflow estimated,
// and real protected messages of another core verified through the same path.
#include "glasscore/codec/nas/security.h"

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "support/vectors.h"

namespace glasscore::nas {
namespace {

using crypto::cipher_algorithm;
using crypto::direction;
using crypto::integrity_algorithm;

const std::array<std::uint8_t, 16> k_int = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const std::array<std::uint8_t, 16> k_enc = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
const std::vector<std::uint8_t> complete_message = {0x7e, 0x00, 0x43};  // Registration complete

struct algorithm_pair {
  integrity_algorithm nia;
  cipher_algorithm nea;
};

class nas_security_pairs : public testing::TestWithParam<algorithm_pair> {};

TEST_P(nas_security_pairs, protected_messages_verify_and_decipher_on_the_other_side) {
  security_context amf(k_int, k_enc, GetParam().nia, GetParam().nea);
  security_context ue(k_int, k_enc, GetParam().nia, GetParam().nea);
  for (int i = 0; i < 3; ++i) {
    auto down = amf.protect(complete_message, direction::downlink, true);
    ASSERT_TRUE(down);
    EXPECT_EQ((*down)[1], 2) << "integrity protected and ciphered";
    if (GetParam().nea != cipher_algorithm::nea0) {
      EXPECT_NE(std::vector<std::uint8_t>(down->begin() + 7, down->end()), complete_message);
    }
    auto plain = ue.unprotect(*down, direction::downlink);
    ASSERT_TRUE(plain) << to_string(plain.error());
    EXPECT_EQ(*plain, complete_message);

    auto up = ue.protect(complete_message, direction::uplink, false);
    ASSERT_TRUE(up);
    auto received = amf.unprotect(*up, direction::uplink);
    ASSERT_TRUE(received);
    EXPECT_EQ(*received, complete_message);
  }
  EXPECT_EQ(amf.count(direction::downlink), (nas_count{0, 3}));
  EXPECT_EQ(amf.count(direction::uplink), (nas_count{0, 2})) << "last accepted uplink COUNT";
}

TEST_P(nas_security_pairs, any_flipped_bit_fails_the_mac_and_does_not_move_the_window) {
  security_context amf(k_int, k_enc, GetParam().nia, GetParam().nea);
  security_context ue(k_int, k_enc, GetParam().nia, GetParam().nea);
  const auto pdu = ue.protect(complete_message, direction::uplink, true).value();
  // Every bit after the security header type octet: the MAC, the sequence number, the body.
  for (std::size_t bit = 16; bit < pdu.size() * 8; ++bit) {
    auto flipped = pdu;
    flipped[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    auto r = amf.unprotect(flipped, direction::uplink);
    ASSERT_FALSE(r) << "bit " << bit;
    EXPECT_TRUE(r.error() == nas_error::mac_failure || r.error() == nas_error::replayed);
  }
  EXPECT_TRUE(amf.unprotect(pdu, direction::uplink)) << "the genuine message is still accepted";
}

INSTANTIATE_TEST_SUITE_P(
    all, nas_security_pairs,
    testing::Values(algorithm_pair{integrity_algorithm::nia1, cipher_algorithm::nea1},
                    algorithm_pair{integrity_algorithm::nia2, cipher_algorithm::nea2},
                    algorithm_pair{integrity_algorithm::nia3, cipher_algorithm::nea3},
                    algorithm_pair{integrity_algorithm::nia2, cipher_algorithm::nea0},
                    algorithm_pair{integrity_algorithm::nia1, cipher_algorithm::nea3}));

TEST(nas_security, replayed_message_is_rejected) {
  security_context amf(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea2);
  security_context ue(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea2);
  const auto first = ue.protect(complete_message, direction::uplink, true).value();
  const auto second = ue.protect(complete_message, direction::uplink, true).value();
  ASSERT_TRUE(amf.unprotect(first, direction::uplink));
  ASSERT_TRUE(amf.unprotect(second, direction::uplink));
  // The last accepted COUNT again is a replay; an older sequence number reads as a wrap
  // of the overflow counter (§4.4.3.1), whose COUNT the MAC then fails.
  EXPECT_EQ(amf.unprotect(second, direction::uplink).error(), nas_error::replayed);
  EXPECT_EQ(amf.unprotect(first, direction::uplink).error(), nas_error::mac_failure);
  EXPECT_EQ(amf.count(direction::uplink), (nas_count{0, 1})) << "rejections move nothing";
}

TEST(nas_security, wrong_count_fails) {
  security_context amf(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea0);
  security_context ue(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea0);
  ue.set_count(direction::uplink, {1, 0});  // the UE thinks the overflow counter is 1
  const auto pdu = ue.protect(complete_message, direction::uplink, false).value();
  EXPECT_EQ(amf.unprotect(pdu, direction::uplink).error(), nas_error::mac_failure);
}

TEST(nas_security, count_overflow_is_estimated_across_the_sequence_number_wrap) {
  security_context amf(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea2);
  security_context ue(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea2);
  for (int i = 0; i < 300; ++i) {
    const auto pdu = ue.protect(complete_message, direction::uplink, true).value();
    ASSERT_TRUE(amf.unprotect(pdu, direction::uplink)) << "message " << i;
  }
  EXPECT_EQ(amf.count(direction::uplink), (nas_count{1, 43}));
}

TEST(nas_security, malformed_protected_pdus_are_errors) {
  security_context amf(k_int, k_enc, integrity_algorithm::nia2, cipher_algorithm::nea2);
  for (const char* pdu :
       {"", "7e", "7e01", "7e01000000", "2e01000000000000", "7e05000000000000", "7e00410000"}) {
    SCOPED_TRACE(pdu);
    EXPECT_FALSE(amf.unprotect(from_hex(pdu).value(), direction::uplink));
  }
}

// The protected NAS messages of another core verify through security_context with the
// KNASint derived in 5g_key_chain_from_peer.json (independently checked in the crypto tests).
TEST(nas_security, another_cores_protected_messages_verify) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  int checked = 0;
  for (const auto& c : v["cases"]) {
    if (!c.contains("KNASint_NIA2")) {
      continue;
    }
    const auto k = from_hex_array<16>(c["KNASint_NIA2"]["value"].get<std::string>()).value();
    for (const char* example : {"NAS_MAC_downlink_example", "NAS_MAC_uplink_example"}) {
      const auto& e = c[example];
      const auto dir = e["DIRECTION"].get<int>() == 1 ? direction::downlink : direction::uplink;
      security_context receiver(k, {}, integrity_algorithm::nia2, cipher_algorithm::nea0);
      const auto pdu = from_hex(e["pdu"].get<std::string>()).value();
      auto plain = receiver.unprotect(pdu, dir);
      ASSERT_TRUE(plain) << to_string(plain.error());
      EXPECT_EQ(to_hex(*plain), to_hex(byte_span(pdu).subspan(7)));
      EXPECT_TRUE(decode_gmm(*plain));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4);
}

TEST(nas_security, which_messages_may_arrive_unprotected) {
  EXPECT_TRUE(network_accepts_unprotected(registration_request{}, false));
  EXPECT_TRUE(network_accepts_unprotected(authentication_response{}, false));
  EXPECT_TRUE(network_accepts_unprotected(identity_response{}, true));
  EXPECT_FALSE(network_accepts_unprotected(identity_response{}, false));
  EXPECT_FALSE(network_accepts_unprotected(nas::registration_complete{}, false));
  EXPECT_FALSE(network_accepts_unprotected(ul_nas_transport{}, false));
  EXPECT_FALSE(network_accepts_unprotected(security_mode_complete{}, false));
  EXPECT_TRUE(ue_accepts_unprotected(authentication_request{}));
  registration_reject reject;
  reject.cause.value = gmm_cause::illegal_ue;
  EXPECT_TRUE(ue_accepts_unprotected(reject));
  reject.cause.value = gmm_cause::not_authorized_for_this_cag;
  EXPECT_FALSE(ue_accepts_unprotected(reject));
  EXPECT_FALSE(ue_accepts_unprotected(registration_accept{}));
  EXPECT_FALSE(ue_accepts_unprotected(dl_nas_transport{}));
}

}  // namespace
}  // namespace glasscore::nas
