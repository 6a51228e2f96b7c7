// TS 33.501 Annex A derivations through the public API, against 5g_key_derivation.json
// (its computed chain, independently confirmed by key_chain_from_peer_test.cpp against
// values another core put on the wire) and RFC 5448's EAP-AKA' test case 1.
#include "glasscore/crypto/key_derivation.h"

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/milenage.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using test::hex;

std::string str(const nlohmann::json& j) {
  return j.get<std::string>();
}

TEST(key_derivation, computed_chain_from_milenage_to_nh) {
  GLASSCORE_VECTORS_OR_SKIP(v, "5g_key_derivation.json");
  const auto& chain = v["computed_chain"];
  const auto& in = chain["inputs"];
  const std::string sn_name = str(in["serving_network_name"]);

  auto opc = compute_opc(hex(str(in["K"])), hex(str(in["OP"])));
  ASSERT_TRUE(opc);
  EXPECT_EQ(to_hex(*opc), str(in["OPc"]));
  auto m = milenage::create(hex(str(in["K"])), *opc);
  ASSERT_TRUE(m);

  auto av = generate_he_auth_vector(*m, hex(str(in["RAND"])), hex(str(in["SQN"])),
                                    hex(str(in["AMF"])), sn_name);
  ASSERT_TRUE(av);
  EXPECT_EQ(to_hex(av->autn), str(chain["milenage_outputs"]["AUTN"]));
  EXPECT_EQ(to_hex(av->kausf), str(chain["KAUSF"]["value"]));
  EXPECT_EQ(to_hex(av->xres_star), str(chain["XRES_star"]["value"]));

  auto hxres = derive_hres_star(av->rand, av->xres_star);
  ASSERT_TRUE(hxres);
  EXPECT_EQ(to_hex(*hxres), str(chain["HXRES_star"]["value"]));

  auto kseaf = derive_kseaf(av->kausf, sn_name);
  ASSERT_TRUE(kseaf);
  EXPECT_EQ(to_hex(*kseaf), str(chain["KSEAF"]["value"]));

  auto kamf = derive_kamf(*kseaf, "imsi-" + str(in["SUPI_P0"]), hex(str(in["ABBA"])));
  ASSERT_TRUE(kamf);
  EXPECT_EQ(to_hex(*kamf), str(chain["KAMF"]["value"]));

  for (std::uint8_t alg = 1; alg <= 3; ++alg) {
    SCOPED_TRACE("algorithm " + std::to_string(alg));
    const auto& nas = chain["NAS_keys"];
    EXPECT_EQ(to_hex(derive_algorithm_key(*kamf, algorithm_type::nas_enc, alg).value()),
              str(nas["KNASenc_alg" + std::to_string(alg)]["key"]));
    EXPECT_EQ(to_hex(derive_algorithm_key(*kamf, algorithm_type::nas_int, alg).value()),
              str(nas["KNASint_alg" + std::to_string(alg)]["key"]));
  }

  auto kgnb = derive_kgnb(*kamf, 0, access_type::three_gpp);
  ASSERT_TRUE(kgnb);
  EXPECT_EQ(to_hex(*kgnb), str(chain["KgNB"]["value"]));
  EXPECT_EQ(to_hex(derive_kgnb(*kamf, 0, access_type::non_three_gpp).value()),
            str(chain["KN3IWF"]["value"]));
  EXPECT_EQ(to_hex(derive_nh(*kamf, *kgnb).value()), str(chain["NH_1"]["value"]));
}

TEST(key_derivation, serving_network_name_pads_two_digit_mnc) {
  EXPECT_EQ(serving_network_name("001", "01").value(), "5G:mnc001.mcc001.3gppnetwork.org");
  EXPECT_EQ(serving_network_name("999", "70").value(), "5G:mnc070.mcc999.3gppnetwork.org");
  EXPECT_EQ(serving_network_name("310", "410").value(), "5G:mnc410.mcc310.3gppnetwork.org");
  EXPECT_FALSE(serving_network_name("31", "410"));
  EXPECT_FALSE(serving_network_name("310", "4"));
  EXPECT_FALSE(serving_network_name("310", "4100"));
  EXPECT_FALSE(serving_network_name("3a0", "41"));
}

// RFC 5448 Appendix C, test case 1: CK'/IK' for network name "WLAN" and the keys of
// PRF'(IK'|CK', "EAP-AKA'"|"0555444333222111").
TEST(key_derivation, eap_aka_prime_rfc5448_case_1) {
  auto prime =
      derive_ck_ik_prime(hex("5349fbe098649f948f5d2e973a81c00f"),
                         hex("9744871ad32bf9bbd1dd5ce54e3e2e5a"), "WLAN", hex("bb52e91c747a"));
  ASSERT_TRUE(prime);
  EXPECT_EQ(to_hex(prime->ck_prime), "0093962d0dd84aa5684b045c9edffa04");
  EXPECT_EQ(to_hex(prime->ik_prime), "ccfc230ca74fcc96c0a5d61164f5a76c");

  auto keys = derive_eap_aka_prime_keys(*prime, "0555444333222111");
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_hex(keys->k_encr), "766fa0a6c317174b812d52fbcd11a179");
  EXPECT_EQ(to_hex(keys->k_aut),
            "0842ea722ff6835bfa2032499fc3ec23c2f0e388b4f07543ffc677f1696d71ea");
  EXPECT_EQ(to_hex(keys->emsk).substr(0, 64),
            "f861703cd775590e16c7679ea3874ada866311de290764d760cf76df647ea01c");
  EXPECT_EQ(to_hex(keys->kausf()), to_hex(keys->emsk).substr(0, 64));
}

TEST(key_derivation, kamf_prime_depends_on_direction_and_count) {
  const std::vector<std::uint8_t> kamf(32, 0x42);
  auto idle = derive_kamf_prime(kamf, kamf_change::idle_mobility, 5);
  auto handover = derive_kamf_prime(kamf, kamf_change::handover, 5);
  auto other_count = derive_kamf_prime(kamf, kamf_change::idle_mobility, 6);
  ASSERT_TRUE(idle && handover && other_count);
  EXPECT_NE(*idle, *handover);
  EXPECT_NE(*idle, *other_count);
  // A.13 spelled out: FC 0x72, P0 = DIRECTION (1 octet), P1 = COUNT (4 octets).
  const std::uint8_t dir[] = {0x00};
  const std::uint8_t count[] = {0x00, 0x00, 0x00, 0x05};
  EXPECT_EQ(*idle, kdf(kamf, 0x72, {dir, count}).value());
}

TEST(key_derivation, malformed_inputs_are_errors) {
  const std::vector<std::uint8_t> k16(16), k32(32), k31(31), sqn(6), rand(16), res(8);
  EXPECT_EQ(derive_kausf(k32, k16, "sn", sqn).error(), crypto_error::bad_key_length);
  EXPECT_EQ(derive_kausf(k16, k16, "sn", rand).error(), crypto_error::bad_input_length);
  EXPECT_EQ(derive_res_star(k16, k16, "sn", rand, std::vector<std::uint8_t>(3)).error(),
            crypto_error::bad_input_length);
  EXPECT_EQ(derive_res_star(k16, k16, "sn", rand, std::vector<std::uint8_t>(17)).error(),
            crypto_error::bad_input_length);
  EXPECT_TRUE(derive_res_star(k16, k16, "sn", rand, std::vector<std::uint8_t>(4)));
  EXPECT_EQ(derive_hres_star(rand, res).error(), crypto_error::bad_input_length);
  EXPECT_EQ(derive_kseaf(k31, "sn").error(), crypto_error::bad_key_length);
  EXPECT_EQ(derive_kamf(k32, "001010000000001", res).error(), crypto_error::bad_parameter);
  EXPECT_EQ(derive_kamf(k32, "imsi-0010a0000000001", res).error(), crypto_error::bad_parameter);
  EXPECT_EQ(derive_kamf(k32, "imsi-0010100000000011", res).error(), crypto_error::bad_parameter);
  EXPECT_EQ(derive_kamf(k32, "nai-", res).error(), crypto_error::bad_parameter);
  EXPECT_TRUE(derive_kamf(k32, "nai-user@example.org", res));
  EXPECT_EQ(derive_kamf(k32, "imsi-001010000000001", {}).error(), crypto_error::bad_input_length);
  EXPECT_EQ(derive_algorithm_key(k32, algorithm_type::nas_int, 16).error(),
            crypto_error::bad_parameter);
  EXPECT_EQ(derive_kgnb(k16, 0, access_type::three_gpp).error(), crypto_error::bad_key_length);
  EXPECT_EQ(derive_nh(k32, k16).error(), crypto_error::bad_input_length);
  EXPECT_EQ(derive_kamf_prime(k31, kamf_change::handover, 0).error(), crypto_error::bad_key_length);
}

}  // namespace
}  // namespace glasscore::crypto
