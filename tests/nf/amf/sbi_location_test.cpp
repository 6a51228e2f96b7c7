// The UE's NGAP location in SBI form, from octets written out by hand per the specs: PLMN
// Identity BCD (TS 38.413 §9.3.3.5, TS 24.008 §10.5.1.13), TAC (§9.3.3.10) and the 36-bit
// NR Cell Identity (§9.3.1.7) into Tac (6 hex digits) and NrCellId (9 hex digits,
// TS 29.571 §5.4.2).
#include <gtest/gtest.h>

#include "amf/sbi/sbi_location.h"

namespace glasscore::amf {
namespace {

ngap::user_location_information nr(ngap::plmn_identity plmn, ngap::tac tac,
                                   std::array<std::uint8_t, 5> cell) {
  ngap::user_location_information_nr v;
  v.tai.plmn_identity = plmn;
  v.tai.tac = tac;
  v.nr_cgi.plmn_identity = plmn;
  v.nr_cgi.nr_cell_identity.bytes = cell;
  ngap::user_location_information out;
  out.value = v;
  return out;
}

TEST(sbi_location, nr_location_with_tai_and_ncgi) {
  // MCC 001, MNC 01: 0x00 0xF1 0x10; TAC 0x000001; cell 0x123456789 MSB first, the last
  // four bits unused.
  const auto l = to_sbi(nr({0x00, 0xF1, 0x10}, {0x00, 0x00, 0x01}, {0x12, 0x34, 0x56, 0x78, 0x90}));
  ASSERT_TRUE(l && l->nr_location);
  EXPECT_EQ(l->nr_location->tai.plmn, (sbi::plmn_id{"001", "01"}));
  EXPECT_EQ(l->nr_location->tai.tac, "000001");
  EXPECT_EQ(l->nr_location->ncgi.plmn, (sbi::plmn_id{"001", "01"}));
  EXPECT_EQ(l->nr_location->ncgi.nr_cell_id, "123456789");
}

TEST(sbi_location, three_digit_mnc_and_the_largest_values) {
  // MCC 310, MNC 410: 0x13 0x00 0x14; TAC 0xFFFFFF; cell 2^36 - 1.
  const auto l = to_sbi(nr({0x13, 0x00, 0x14}, {0xFF, 0xFF, 0xFF}, {0xFF, 0xFF, 0xFF, 0xFF, 0xF0}));
  ASSERT_TRUE(l && l->nr_location);
  EXPECT_EQ(l->nr_location->tai.plmn, (sbi::plmn_id{"310", "410"}));
  EXPECT_EQ(l->nr_location->tai.tac, "ffffff");
  EXPECT_EQ(l->nr_location->ncgi.nr_cell_id, "fffffffff");
}

TEST(sbi_location, a_location_that_is_not_nr_has_no_sbi_form_here) {
  ngap::user_location_information l;
  l.value = ngap::user_location_information_eutra{};
  EXPECT_FALSE(to_sbi(l));
}

}  // namespace
}  // namespace glasscore::amf
