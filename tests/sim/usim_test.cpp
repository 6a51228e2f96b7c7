// The USIM: 5G AKA answers, SQN freshness (TS 33.102 Annex C), AUTS, SUCI.
#include <gtest/gtest.h>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/sim/usim.h"

namespace glasscore::sim {
namespace {

// TS 35.207 test set 1.
const crypto::key128 k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                          0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
const crypto::key128 op = {0xcd, 0xc2, 0x02, 0xd5, 0x12, 0x3e, 0x20, 0xf6,
                           0x2b, 0x6d, 0x67, 0x6a, 0xc7, 0x2c, 0xb3, 0x18};
const crypto::key128 opc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                            0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
const crypto::rand128 rand_value = {0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
                                    0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35};

std::string sn() {
  return crypto::serving_network_name("001", "01").value();
}

usim_config base_config() {
  usim_config c;
  c.supi = "imsi-001010000000001";
  c.k = k;
  c.opc = opc;
  return c;
}

crypto::he_auth_vector vector_for(std::uint64_t sqn, std::array<std::uint8_t, 2> amf = {0x80, 0}) {
  const auto m = crypto::milenage::create(k, opc).value();
  return crypto::generate_he_auth_vector(m, rand_value, sqn_from_u64(sqn), amf, sn()).value();
}

TEST(usim, answers_a_fresh_challenge_with_the_networks_xres_star_and_kausf) {
  auto card = usim::create(base_config()).value();
  const auto av = vector_for(1 << 5);
  auto r = card.authenticate(av.rand, av.autn, sn());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->res_star, av.xres_star);
  EXPECT_EQ(r->kausf, av.kausf);
  EXPECT_EQ(r->kseaf, crypto::derive_kseaf(av.kausf, sn()).value());
  EXPECT_EQ(sqn_to_u64(card.sqn_ms()), 1U << 5);
}

TEST(usim, op_is_turned_into_the_same_opc) {
  auto c = base_config();
  c.opc.reset();
  c.op = op;
  auto card = usim::create(c).value();
  const auto av = vector_for(1 << 5);
  ASSERT_TRUE(card.authenticate(av.rand, av.autn, sn()).has_value());
}

TEST(usim, needs_exactly_one_of_op_and_opc_and_an_imsi_supi) {
  auto c = base_config();
  c.op = op;
  EXPECT_FALSE(usim::create(c).has_value());
  c.op.reset();
  c.opc.reset();
  EXPECT_FALSE(usim::create(c).has_value());
  auto bad_supi = base_config();
  bad_supi.supi = "nai-someone@example.org";
  EXPECT_FALSE(usim::create(bad_supi).has_value());
}

TEST(usim, replayed_challenge_is_a_synch_failure_whose_auts_reveals_sqn_ms) {
  auto card = usim::create(base_config()).value();
  const auto av = vector_for(7 << 5);
  ASSERT_TRUE(card.authenticate(av.rand, av.autn, sn()).has_value());
  auto again = card.authenticate(av.rand, av.autn, sn());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().reason, auth_failure::synch_failure);
  ASSERT_TRUE(again.error().auts.has_value());
  const auto m = crypto::milenage::create(k, opc).value();
  auto sqn_ms = crypto::sqn_ms_from_auts(m, av.rand, *again.error().auts);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(sqn_to_u64(*sqn_ms), 7U << 5);
}

TEST(usim, fresh_means_above_the_seq_stored_for_the_same_ind) {
  auto card = usim::create(base_config()).value();
  // SEQ 5 with IND 0, then SEQ 3 with IND 4: the array of C.1.2 accepts both.
  auto first = vector_for(5 << 5);
  ASSERT_TRUE(card.authenticate(first.rand, first.autn, sn()).has_value());
  auto other_ind = vector_for(3 << 5 | 4);
  EXPECT_TRUE(card.authenticate(other_ind.rand, other_ind.autn, sn()).has_value());
  // SEQ 4 with IND 0 is older than the SEQ 5 accepted for IND 0.
  auto stale = vector_for(4 << 5);
  auto r = card.authenticate(stale.rand, stale.autn, sn());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, auth_failure::synch_failure);
  // The UDM's own scheme (SEQ + 1, IND 0) keeps working.
  auto next = vector_for(6 << 5);
  EXPECT_TRUE(card.authenticate(next.rand, next.autn, sn()).has_value());
}

TEST(usim, age_limit_rejects_a_seq_far_below_the_highest) {
  auto c = base_config();
  c.age_limit = 10;
  auto card = usim::create(c).value();
  auto high = vector_for(100 << 5);
  ASSERT_TRUE(card.authenticate(high.rand, high.autn, sn()).has_value());
  auto old = vector_for(50 << 5 | 1);  // fresh for IND 1, but 50 behind
  auto r = card.authenticate(old.rand, old.autn, sn());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, auth_failure::synch_failure);
}

TEST(usim, wrong_key_is_a_mac_failure) {
  auto c = base_config();
  c.k[0] ^= 0x01;
  auto card = usim::create(c).value();
  const auto av = vector_for(1 << 5);
  auto r = card.authenticate(av.rand, av.autn, sn());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, auth_failure::mac_failure);
  EXPECT_FALSE(r.error().auts.has_value());
}

TEST(usim, separation_bit_zero_is_non_5g_authentication) {
  auto card = usim::create(base_config()).value();
  const auto av = vector_for(1 << 5, {0x00, 0x00});
  auto r = card.authenticate(av.rand, av.autn, sn());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, auth_failure::non_5g_auth);
}

TEST(usim, rejects_wrong_sized_inputs) {
  auto card = usim::create(base_config()).value();
  const std::vector<std::uint8_t> short_autn(15, 0);
  auto r = card.authenticate(rand_value, short_autn, sn());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().reason, auth_failure::bad_input);
}

TEST(usim, set_sqn_ms_makes_older_challenges_stale) {
  auto card = usim::create(base_config()).value();
  card.set_sqn_ms(sqn_from_u64(40 << 5));
  auto av = vector_for(39 << 5 | 3);
  EXPECT_FALSE(card.authenticate(av.rand, av.autn, sn()).has_value());
  auto fresh = vector_for(41 << 5);
  EXPECT_TRUE(card.authenticate(fresh.rand, fresh.autn, sn()).has_value());
}

TEST(usim, conceals_with_each_scheme_so_the_home_network_recovers_the_supi) {
  for (auto profile : {crypto::ecies_profile::a, crypto::ecies_profile::b}) {
    const auto priv = crypto::ecies_generate_private_key(profile).value();
    auto c = base_config();
    c.scheme = profile == crypto::ecies_profile::a ? crypto::protection_scheme::profile_a
                                                   : crypto::protection_scheme::profile_b;
    c.hn_public_key_id = 3;
    c.hn_public_key = crypto::ecies_public_key(profile, priv).value();
    c.routing_indicator = "12";
    auto card = usim::create(c).value();
    auto s = card.conceal_supi().value();
    EXPECT_EQ(s.routing_indicator, "12");
    EXPECT_EQ(s.hn_public_key_id, 3);
    auto supi = crypto::deconceal(
        s, [&](crypto::protection_scheme, std::uint8_t) { return std::optional<byte_span>(priv); });
    ASSERT_TRUE(supi.has_value());
    EXPECT_EQ(*supi, c.supi);
    // A fresh ephemeral key each time: two SUCIs of one SUPI differ.
    EXPECT_NE(card.conceal_supi().value().scheme_output, s.scheme_output);
  }
  auto null_card = usim::create(base_config()).value();
  auto s = null_card.conceal_supi().value();
  EXPECT_EQ(s.scheme, crypto::protection_scheme::null_scheme);
  EXPECT_EQ(s.msin, "0000000001");
}

}  // namespace
}  // namespace glasscore::sim
