// The whole 5G AKA key chain against values another core (Open5GS) put on the wire, from
// 5g_key_chain_from_peer.json: AUTN, KAUSF, XRES*, HXRES*, KSEAF and KgNB as sent in SBI
// JSON and NGAP, NAS MACs as sent in NAS, and AUTS resynchronisation. This is the
// independent check of the Annex A chain, which has no official test vectors.
#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

std::string value(const nlohmann::json& c, const char* key) {
  return c[key]["value"].get<std::string>();
}

milenage subscriber(const nlohmann::json& c) {
  return milenage::create(hex(value(c, "K")), hex(value(c, "OPc"))).value();
}

// TS 24.501 §9.1.1: EPD, security header type, 4-octet MAC, then the sequence number and
// the plain message, which together are what the MAC covers (TS 33.501 §6.4.3.1).
bool nas_mac_verifies(const nlohmann::json& example, byte_span knas_int, std::uint8_t bearer) {
  const auto pdu = hex(example["pdu"].get<std::string>());
  const auto count =
      static_cast<std::uint32_t>(test::number("0x" + example["COUNT"].get<std::string>()));
  const auto dir = example["DIRECTION"].get<int>() == 1 ? direction::downlink : direction::uplink;
  const byte_span covered = byte_span(pdu).subspan(6);
  auto mac = nia2(knas_int, {count, bearer, dir}, covered, covered.size() * 8);
  return mac && to_hex(*mac) == example["MAC"].get<std::string>() &&
         to_hex(byte_span(pdu).subspan(2, 4)) == example["MAC"].get<std::string>();
}

TEST(key_chain_from_peer, five_g_aka_cases_match_the_wire) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  int cases = 0;
  for (const auto& c : v["cases"]) {
    if (!c.contains("AUTN")) {
      continue;
    }
    ++cases;
    SCOPED_TRACE(c["case"].get<std::string>());
    const milenage m = subscriber(c);
    const auto rand = hex(value(c, "RAND"));
    const std::string sn_name = value(c, "serving_network_name");

    // UE side: AUTN from the wire opens to the SQN the UDR held.
    auto opened = open_autn(m, rand, hex(value(c, "AUTN")));
    ASSERT_TRUE(opened);
    EXPECT_EQ(to_hex(opened->sqn), value(c, "SQN_in_UDR_before_AV"));

    // Home network side: the vector we would have generated is the one on the wire.
    auto av = generate_he_auth_vector(m, rand, opened->sqn, hex(value(c, "AMF_field")), sn_name);
    ASSERT_TRUE(av);
    EXPECT_EQ(to_hex(av->autn), value(c, "AUTN"));
    EXPECT_EQ(to_hex(av->kausf), value(c, "KAUSF"));
    EXPECT_EQ(to_hex(av->xres_star), value(c, "XRES_star"));
    EXPECT_EQ(to_hex(derive_hres_star(rand, av->xres_star).value()), value(c, "HXRES_star"));

    // UE side: RES* from the UE's own keys equals what it sent.
    auto res_star =
        derive_res_star(opened->keys.ck, opened->keys.ik, sn_name, rand, opened->keys.res);
    EXPECT_EQ(to_hex(res_star.value()), value(c, "RES_star"));

    auto kseaf = derive_kseaf(av->kausf, sn_name);
    EXPECT_EQ(to_hex(kseaf.value()), value(c, "KSEAF"));
    auto kamf = derive_kamf(*kseaf, value(c, "SUPI"), hex(value(c, "ABBA")));
    ASSERT_TRUE(kamf);
    EXPECT_EQ(to_hex(*kamf), value(c, "KAMF"));
    auto knas_int = derive_algorithm_key(*kamf, algorithm_type::nas_int, 2);
    ASSERT_TRUE(knas_int);
    EXPECT_EQ(to_hex(*knas_int), value(c, "KNASint_NIA2"));
    EXPECT_EQ(to_hex(derive_algorithm_key(*kamf, algorithm_type::nas_enc, 0).value()),
              value(c, "KNASenc_NEA0"));

    // NAS MACs on the wire verify with BEARER 1 (3GPP access) and with no other bearer.
    for (const char* example : {"NAS_MAC_downlink_example", "NAS_MAC_uplink_example"}) {
      SCOPED_TRACE(example);
      EXPECT_TRUE(nas_mac_verifies(c[example], *knas_int, 1));
      EXPECT_FALSE(nas_mac_verifies(c[example], *knas_int, 0));
      EXPECT_FALSE(nas_mac_verifies(c[example], *knas_int, 2));
    }
    // Negative control: KAMF over the whole "imsi-..." string is not what peers use.
    auto wrong_kamf = derive_kamf(*kseaf, "nai-" + value(c, "SUPI"), hex(value(c, "ABBA")));
    auto wrong_knas = derive_algorithm_key(wrong_kamf.value(), algorithm_type::nas_int, 2);
    EXPECT_FALSE(nas_mac_verifies(c["NAS_MAC_downlink_example"], wrong_knas.value(), 1));

    const auto ul_count =
        static_cast<std::uint32_t>(test::number("0x" + value(c, "KgNB_uplink_NAS_COUNT")));
    auto kgnb = derive_kgnb(*kamf, ul_count, access_type::three_gpp);
    ASSERT_TRUE(kgnb);
    EXPECT_EQ(to_hex(*kgnb), value(c, "KgNB"));
    EXPECT_NE(to_hex(derive_kgnb(*kamf, ul_count + 1, access_type::three_gpp).value()),
              value(c, "KgNB"));
    EXPECT_NE(to_hex(derive_kgnb(*kamf, ul_count, access_type::non_three_gpp).value()),
              value(c, "KgNB"));
    EXPECT_EQ(to_hex(derive_nh(*kamf, *kgnb).value()), value(c, "NH_1_computed_only"));
  }
  EXPECT_EQ(cases, 2);
}

TEST(key_chain_from_peer, resynchronisation_cases_match_the_wire) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  int cases = 0;
  for (const auto& c : v["cases"]) {
    if (!c.contains("AUTS")) {
      continue;
    }
    ++cases;
    SCOPED_TRACE(c["case"].get<std::string>());
    const milenage m = subscriber(c);
    const auto rand1 = hex(value(c, "challenge_1_RAND"));

    auto opened = open_autn(m, rand1, hex(value(c, "challenge_1_AUTN")));
    ASSERT_TRUE(opened);
    EXPECT_EQ(to_hex(opened->sqn), value(c, "challenge_1_SQN"));

    // The UDM recovers SQN_MS from the UE's AUTS; the UE would have built the same AUTS.
    auto sqn_ms = sqn_ms_from_auts(m, rand1, hex(value(c, "AUTS")));
    ASSERT_TRUE(sqn_ms);
    EXPECT_EQ(to_hex(*sqn_ms), value(c, "SQN_MS"));
    EXPECT_EQ(to_hex(build_auts(m, rand1, *sqn_ms).value()), value(c, "AUTS"));

    // A tampered AUTS is refused rather than trusted.
    auto tampered = hex(value(c, "AUTS"));
    tampered.back() ^= 0x01;
    EXPECT_EQ(sqn_ms_from_auts(m, rand1, tampered).error(), crypto_error::mac_mismatch);

    // The second challenge, generated from the resynchronised SQN, is the one on the wire.
    auto av = generate_he_auth_vector(m, hex(value(c, "challenge_2_RAND")),
                                      hex(value(c, "challenge_2_SQN")), hex(value(c, "AMF_field")),
                                      value(c, "serving_network_name"));
    ASSERT_TRUE(av);
    EXPECT_EQ(to_hex(av->autn), value(c, "challenge_2_AUTN"));
    EXPECT_EQ(to_hex(av->kausf), value(c, "challenge_2_KAUSF"));
    EXPECT_EQ(to_hex(av->xres_star), value(c, "challenge_2_XRES_star"));
    EXPECT_EQ(to_hex(derive_hres_star(av->rand, av->xres_star).value()),
              value(c, "challenge_2_HXRES_star"));
  }
  EXPECT_EQ(cases, 2);
}

TEST(key_chain_from_peer, autn_with_a_flipped_mac_bit_is_refused) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_chain_from_peer.json");
  const auto& c = v["cases"][0];
  const milenage m = subscriber(c);
  auto autn = hex(value(c, "AUTN"));
  autn[15] ^= 0x80;
  EXPECT_EQ(open_autn(m, hex(value(c, "RAND")), autn).error(), crypto_error::mac_mismatch);
  EXPECT_EQ(open_autn(m, hex(value(c, "RAND")), byte_span(autn).first(15)).error(),
            crypto_error::bad_input_length);
}

}  // namespace
}  // namespace glasscore::crypto
