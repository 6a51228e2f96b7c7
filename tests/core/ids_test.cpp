#include "glasscore/core/ids.h"

#include <gtest/gtest.h>

namespace glasscore {
namespace {

// The point of strong IDs: one kind cannot be passed where another is expected.
static_assert(!std::is_convertible_v<amf_ue_ngap_id, ran_ue_ngap_id>);
static_assert(!std::is_convertible_v<ran_ue_ngap_id, amf_ue_ngap_id>);
static_assert(!std::is_convertible_v<std::uint32_t, gtpu_teid>);
static_assert(!std::is_convertible_v<gtpu_teid, std::uint32_t>);
static_assert(sizeof(ran_ue_ngap_id) == 4 && sizeof(gtpu_teid) == 4);
static_assert(sizeof(pfcp_seid) == 8 && sizeof(pdu_session_id) == 1);

TEST(ids, value_of_gives_the_wire_value) {
  EXPECT_EQ(value_of(amf_ue_ngap_id{max_amf_ue_ngap_id}), 0xFFFFFFFFFFULL);
  EXPECT_EQ(value_of(gtpu_teid{0xdeadbeef}), 0xdeadbeefU);
  EXPECT_EQ(value_of(qos_flow_id{max_qos_flow_id}), 63);
}

}  // namespace
}  // namespace glasscore
