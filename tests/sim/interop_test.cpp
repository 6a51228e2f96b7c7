// What tshark's NAS-5GS dissector says about the NAS the simulated UE emits: the initial
// Registration Request, Authentication Response, Security Mode Complete (NEA0, so the
// dissector can read inside) and the full Registration Request of its container.
#include <gtest/gtest.h>

#include "fixture.h"
#include "glasscore/core/hex.h"
#include "support/tshark.h"

namespace glasscore::sim::test {
namespace {

class ue_interop : public sim_fixture,
                   public testing::WithParamInterface<crypto::protection_scheme> {};

TEST_P(ue_interop, uplink_nas_decodes_without_malformed_or_expert_errors) {
  GLASSCORE_TSHARK_OR_SKIP();
  net.script.algorithms = nas::security_algorithms{0, 2};  // NEA0 / NIA2
  net.script.request_imeisv = true;
  gnb& cell = ready_gnb();
  const std::string supi = "imsi-001010123456789";
  sim_ue& ue = make_ue(supi, cell, GetParam());
  ASSERT_TRUE(ue.nas().start_registration().has_value());
  loop.run_pending();
  ASSERT_EQ(ue.nas().state(), gmm_state::registered);
  auto pdus = net.ue(supi).uplink_pdus;
  ASSERT_GE(pdus.size(), 3U);
  pdus.resize(3);  // Registration Request, Authentication Response, Security Mode Complete
  byte_writer full;
  ASSERT_TRUE(nas::encode_gmm(*net.ue(supi).smc_container, full));
  pdus.push_back(full.release());
  std::string error;
  auto packets = glasscore::test::run_tshark(
      pdus, "nas-5gs",
      {"nas_5gs.mm.message_type", "nas_5gs.mm.suci.msin", "nas_5gs.mm.5gs_reg_type",
       "nas_5gs.mm.sst", "nas_5gs.security_header_type"},
      &error, {"nas-5gs.null_decipher:TRUE"});
  ASSERT_TRUE(packets.has_value()) << error;
  ASSERT_EQ(packets->size(), pdus.size());
  const std::vector<unsigned> expected_types = {0x41, 0x57, 0x5e, 0x41};
  for (std::size_t i = 0; i < pdus.size(); ++i) {
    SCOPED_TRACE("packet " + std::to_string(i) + ": " + to_hex(pdus[i]));
    const auto& p = (*packets)[i];
    EXPECT_FALSE(p.malformed);
    EXPECT_TRUE(p.problems().empty()) << testing::PrintToString(p.problems());
    const auto& types = p.values("nas_5gs.mm.message_type");
    ASSERT_FALSE(types.empty());
    // The Security Mode Complete shows its own type first, then the container's.
    EXPECT_EQ(std::stoul(types.front(), nullptr, 16), expected_types[i]);
  }
  if (GetParam() == crypto::protection_scheme::null_scheme) {
    EXPECT_EQ((*packets)[0].values("nas_5gs.mm.suci.msin"), std::vector<std::string>{"0123456789"});
  }
  EXPECT_FALSE((*packets)[3].values("nas_5gs.mm.sst").empty()) << "requested NSSAI in full request";
}

INSTANTIATE_TEST_SUITE_P(suci, ue_interop,
                         testing::Values(crypto::protection_scheme::null_scheme,
                                         crypto::protection_scheme::profile_a,
                                         crypto::protection_scheme::profile_b));

}  // namespace
}  // namespace glasscore::sim::test
