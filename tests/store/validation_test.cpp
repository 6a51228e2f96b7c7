// Subscriber validation and the SQN policy (TS 33.102 Annex C, §6.3.5).
#include <gtest/gtest.h>

#include "glasscore/store/subscriber.h"
#include "glasscore/store/subscriber_store.h"
#include "store_fixtures.h"

namespace glasscore::store {
namespace {

using test::sample_subscriber;

std::string field_of(const subscriber& s) {
  auto result = validate(s);
  return result ? std::string("<valid>") : result.error().field;
}

TEST(store_validation, sample_subscribers_are_valid) {
  EXPECT_TRUE(validate(sample_subscriber("001010000000001")));
  EXPECT_TRUE(validate(sample_subscriber("001010000000001", false)));
}

TEST(store_validation, imsi_must_be_6_to_15_digits) {
  EXPECT_TRUE(validate_imsi("00101000000001"));   // 14 digits
  EXPECT_TRUE(validate_imsi("001010000000001"));  // 15 digits
  EXPECT_FALSE(validate_imsi("0010100000000012"));
  EXPECT_FALSE(validate_imsi("00101"));
  EXPECT_FALSE(validate_imsi(""));
  EXPECT_FALSE(validate_imsi("00101000000000a"));
  EXPECT_FALSE(validate_imsi("imsi-001010000000001"));
  auto bad = validate_imsi("12ab");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "imsi");
  EXPECT_NE(bad.error().message.find("TS 23.003"), std::string::npos);
}

TEST(store_validation, msisdn_is_optional_but_must_be_digits) {
  auto s = sample_subscriber("001010000000001");
  s.msisdn = "+49151";
  EXPECT_EQ(field_of(s), "msisdn");
  s.msisdn = "";
  EXPECT_EQ(field_of(s), "msisdn");
  s.msisdn = std::nullopt;
  EXPECT_EQ(field_of(s), "<valid>");
}

TEST(store_validation, dnn_labels) {
  EXPECT_TRUE(validate_dnn("internet"));
  EXPECT_TRUE(validate_dnn("ims.mnc001.mcc001.gprs"));
  EXPECT_TRUE(validate_dnn("a-b"));
  EXPECT_FALSE(validate_dnn(""));
  EXPECT_FALSE(validate_dnn("-a"));
  EXPECT_FALSE(validate_dnn("a-"));
  EXPECT_FALSE(validate_dnn("a..b"));
  EXPECT_FALSE(validate_dnn(".a"));
  EXPECT_FALSE(validate_dnn("a."));
  EXPECT_FALSE(validate_dnn("in ternet"));
  EXPECT_FALSE(validate_dnn(std::string(64, 'a')));                              // one label of 64
  EXPECT_TRUE(validate_dnn(std::string(63, 'a') + "." + std::string(36, 'b')));  // 100 in all
  EXPECT_FALSE(validate_dnn(std::string(63, 'a') + "." + std::string(37, 'b')));
}

TEST(store_validation, each_rule_names_its_field) {
  auto s = sample_subscriber("001010000000001");
  s.auth.sqn = sqn_max + 1;
  EXPECT_EQ(field_of(s), "authentication.sqn");

  s = sample_subscriber("001010000000001");
  s.slices.clear();
  EXPECT_EQ(field_of(s), "slices");

  s = sample_subscriber("001010000000001");
  s.slices[0].is_default = false;
  EXPECT_EQ(field_of(s), "slices");  // no default slice left

  s = sample_subscriber("001010000000001");
  s.slices[1].nssai.sd = 0xFFFFFF;
  EXPECT_EQ(field_of(s), "slices[1].sd");

  s = sample_subscriber("001010000000001");
  s.slices[1].nssai = s.slices[0].nssai;
  EXPECT_EQ(field_of(s), "slices[1]");

  s = sample_subscriber("001010000000001");
  s.slices[1].default_dnn = "internet";
  EXPECT_EQ(field_of(s), "slices[1].default_dnn");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[1].dnn = "ims";
  EXPECT_EQ(field_of(s), "slices[1].dnns[1].dnn");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[0].pdu_session_types.clear();
  EXPECT_EQ(field_of(s), "slices[1].dnns[0].pdu_session_types");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[0].pdu_session_types.push_back(pdu_session_type::ipv6);
  EXPECT_EQ(field_of(s), "slices[1].dnns[0].pdu_session_types");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[0].ssc_modes = {static_cast<ssc_mode>(4)};
  EXPECT_EQ(field_of(s), "slices[1].dnns[0].ssc_modes");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[0].default_5qi = 0;
  EXPECT_EQ(field_of(s), "slices[1].dnns[0].default_5qi");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns[0].default_arp.priority_level = 16;
  EXPECT_EQ(field_of(s), "slices[1].dnns[0].arp.priority_level");

  s = sample_subscriber("001010000000001");
  s.slices[1].dnns.clear();
  EXPECT_EQ(field_of(s), "slices[1].default_dnn");  // "ims" names no DNN of the slice
  s.slices[1].default_dnn.clear();
  EXPECT_EQ(field_of(s), "<valid>");  // a slice without DNNs is allowed
}

TEST(store_sqn_policy, steps_seq_by_one_with_ind_zero) {
  EXPECT_EQ(next_sqn(0).value(), 32U);
  EXPECT_EQ(next_sqn(32).value(), 64U);
  // An SQN with IND bits set (provisioned, or from a USIM) moves to the next SEQ.
  EXPECT_EQ(next_sqn(33).value(), 64U);
  EXPECT_EQ(next_sqn(63).value(), 64U);
  EXPECT_EQ(next_sqn(sqn_max - 63).value(), sqn_max - 31);  // the last SEQ
}

TEST(store_sqn_policy, refuses_to_wrap) {
  const std::uint64_t last_seq = sqn_max & ~std::uint64_t{31};
  auto at_end = next_sqn(last_seq);
  ASSERT_FALSE(at_end);
  EXPECT_EQ(at_end.error().code, store_errc::sqn_exhausted);
  EXPECT_FALSE(next_sqn(sqn_max));
  EXPECT_FALSE(next_sqn(sqn_max + 1));
  EXPECT_TRUE(next_sqn(last_seq - 1));
}

TEST(store_sqn_policy, resync_goes_above_sqn_ms_and_never_down) {
  // The USIM is ahead (TS 33.102 §6.3.5): the new SQN is above SQN_MS.
  EXPECT_EQ(resynchronised_sqn(64, 1000).value(), 1024U);
  EXPECT_GT(resynchronised_sqn(64, 1000).value(), 1000U);
  EXPECT_EQ(resynchronised_sqn(64, 1024).value(), 1056U);
  // The network is ahead: never step back below what was handed out.
  EXPECT_EQ(resynchronised_sqn(4096, 32).value(), 4128U);
}

}  // namespace
}  // namespace glasscore::store
