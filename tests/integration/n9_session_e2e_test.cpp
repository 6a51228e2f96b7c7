// UPF selection through the whole core (TS 23.501 §6.3.3): the slices configured for each
// UPF in smf.upfs reach the SMF's selection, so a session in a slice no UPF serves is
// refused with #67 (TS 24.501 §6.4.1.4.2). Needs root (the UPF's TUN device, network
// namespaces): skipped otherwise.
//
// Not here yet: a session through an intermediate UPF (N9). The SMF inserts one from the
// UE's TAC in CreateSMContext's ueLocation, which the AMF does not send yet (docs/smf.md).
#include "session_fixture.h"

namespace glasscore::test {
namespace {

class upf_selection_e2e : public session_fixture {};

TEST_F(upf_selection_e2e, session_in_a_slice_no_upf_serves_gets_67) {
  // The core's one UPF serves slice 1/000001 only; the UE asks for slice 1.
  config_.smf.upfs = {config::upf_peer{
      "upf", config_.upf.n4_address, {"internet"}, {config::snssai{1, 0x000001}}, {}, true}};
  ASSERT_NO_FATAL_FAILURE(start(1));
  auto& ue = add_ue(0);
  ASSERT_TRUE(ue.nas().start_registration());
  ASSERT_TRUE(run_until([&] { return registered(ue); }));
  ASSERT_TRUE(ue.nas().start_pdu_session(1, "internet", nas::s_nssai{1, {}, {}, {}},
                                         nas::pdu_session_type_value::ipv4));
  ASSERT_TRUE(run_until([&] { return last_session(ue) != nullptr; }));
  const auto* e = last_session(ue);
  EXPECT_NE(e->type, sim::session_event_type::established);
  EXPECT_EQ(e->gsm_cause,
            std::optional(nas::gsm_cause::insufficient_resources_for_specific_slice_and_dnn));
  EXPECT_TRUE(run_until([&] { return core_->smf().sessions() == 0; }));
  EXPECT_EQ(core_->upf()->sessions(), 0U);
}

}  // namespace
}  // namespace glasscore::test
