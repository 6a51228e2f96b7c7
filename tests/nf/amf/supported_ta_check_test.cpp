// Which Supported TAs of a gNB the AMF serves (TS 38.413 §8.7.1, TS 23.501 §5.15.8).
#include "amf/n2_ngap/supported_ta_check.h"

#include "amf_n2_fixture.h"

namespace glasscore::amf {
namespace {

using test::home;
using test::plmn;

ngap::supported_ta_item ta(std::uint32_t tac, const ngap::plmn_identity& p,
                           std::vector<ngap::s_nssai> slices) {
  ngap::supported_ta_item item;
  item.tac = ngap::make_tac(tac);
  ngap::broadcast_plmn_item b;
  b.plmn_identity = p;
  for (auto& s : slices) {
    b.tai_slice_support_list.push_back({s});
  }
  item.broadcast_plmn_list.push_back(std::move(b));
  return item;
}

class supported_ta_check_test : public ::testing::Test {
 protected:
  served_area area_ = served_area::from_config(test::test_config()).value();
};

TEST_F(supported_ta_check_test, served_area_comes_from_the_config) {
  ASSERT_EQ(area_.plmns.size(), 1U);
  EXPECT_EQ(ngap::plmn_to_string(area_.plmns[0]), "001-01");
  EXPECT_TRUE(area_.serves(home(), 1));
  EXPECT_TRUE(area_.serves(home(), 2));
  EXPECT_FALSE(area_.serves(home(), 3));
  EXPECT_TRUE(area_.serves(ngap::make_s_nssai(1, 1)));
  EXPECT_FALSE(area_.serves(ngap::make_s_nssai(2)));
}

TEST_F(supported_ta_check_test, served_ta_with_a_served_slice_is_common) {
  auto r =
      check_supported_tas(area_, {ta(1, home(), {ngap::make_s_nssai(1), ngap::make_s_nssai(3)})});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1U);
  EXPECT_EQ((*r)[0].tac, 1U);
  EXPECT_EQ((*r)[0].slices, std::vector<ngap::s_nssai>{ngap::make_s_nssai(1)})
      << "only the slices both sides serve are kept";
}

TEST_F(supported_ta_check_test, unserved_tas_are_ignored_when_one_is_served) {
  auto r = check_supported_tas(area_, {ta(9, home(), {ngap::make_s_nssai(1)}),
                                       ta(2, plmn("999", "70"), {ngap::make_s_nssai(1)}),
                                       ta(2, home(), {ngap::make_s_nssai(1, 1)})});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 1U);
  EXPECT_EQ((*r)[0].tac, 2U);
  EXPECT_EQ((*r)[0].plmn, home());
}

TEST_F(supported_ta_check_test, each_mismatch_is_named) {
  auto wrong_plmn = check_supported_tas(area_, {ta(1, plmn("999", "70"), {ngap::make_s_nssai(1)})});
  ASSERT_FALSE(wrong_plmn);
  EXPECT_EQ(wrong_plmn.error().reason, ta_mismatch::unknown_plmn);
  EXPECT_NE(wrong_plmn.error().detail.find("999-70/tac 1"), std::string::npos)
      << wrong_plmn.error().detail;

  auto wrong_tac = check_supported_tas(area_, {ta(7, home(), {ngap::make_s_nssai(1)})});
  ASSERT_FALSE(wrong_tac);
  EXPECT_EQ(wrong_tac.error().reason, ta_mismatch::unknown_tac);

  auto wrong_slice = check_supported_tas(area_, {ta(1, home(), {ngap::make_s_nssai(1, 2)})});
  ASSERT_FALSE(wrong_slice);
  EXPECT_EQ(wrong_slice.error().reason, ta_mismatch::no_common_slice);
  EXPECT_NE(wrong_slice.error().detail.find("1/000002"), std::string::npos)
      << wrong_slice.error().detail;

  EXPECT_FALSE(check_supported_tas(area_, {}));
}

TEST_F(supported_ta_check_test, causes_follow_ts_38_413) {
  EXPECT_EQ(cause_for(ta_mismatch::unknown_plmn),
            ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn));
  EXPECT_EQ(cause_for(ta_mismatch::unknown_tac),
            ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn));
  EXPECT_EQ(cause_for(ta_mismatch::no_common_slice),
            ngap::make_cause(ngap::cause_radio_network::slice_not_supported));
}

}  // namespace
}  // namespace glasscore::amf
