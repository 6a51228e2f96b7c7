// UPF selection through the whole core (TS 23.501 §6.3.3): the slices configured for each
// UPF in smf.upfs reach the SMF's selection, so a session in a slice no UPF serves is
// refused with #67 (TS 24.501 §6.4.1.4.2); and a UE whose TAC the anchor does not serve
// gets an intermediate UPF, its traffic crossing N9 (TS 23.502 §4.3.2.2.1). Needs root
// (the UPF's TUN device, network namespaces): skipped otherwise.
#include "glasscore/nf/upf/upf.h"
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

TEST_F(upf_selection_e2e, a_session_outside_the_anchors_area_runs_through_an_i_upf_over_n9) {
  // The I-UPF: a second UPF of this process, without N6, on 127.0.0.8, serving the gNB's
  // TAC 1 (sim::gnb_config's default) over N3. The core's UPF anchors sessions (N6) but
  // serves TAC 2 only, so the SMF inserts the I-UPF (docs/smf.md, "UPF selection").
  upf::upf_options o;
  o.datapath.n3_address = config::ip_address::v4(127, 0, 0, 8);
  o.datapath.tun_name.clear();
  o.n4_local = transport::socket_address::parse("127.0.0.8", 8805).value();
  auto started = upf::upf::start(io_, o);
  ASSERT_TRUE(started) << started.error();
  std::unique_ptr<upf::upf> iupf = std::move(*started);
  config_.tacs.push_back(2);
  config_.smf.upfs = {
      config::upf_peer{"psa", config_.upf.n4_address, {"internet"}, {}, {2}, true},
      config::upf_peer{"iupf", config::ip_address::v4(127, 0, 0, 8), {}, {}, {1}, false}};
  ASSERT_NO_FATAL_FAILURE(start(1, 2));
  auto& ue = add_ue(0);
  ASSERT_TRUE(register_and_establish(ue));
  EXPECT_EQ(iupf->sessions(), 1U);
  EXPECT_EQ(core_->upf()->sessions(), 1U);

  const auto i_before = iupf->totals();
  const auto psa_before = core_->upf()->totals();
  ASSERT_TRUE(ping(ue, 5));
  EXPECT_EQ(traffic(ue).ping.received, 5U) << "10.200.0.2 through the I-UPF and the PSA";
  const auto i_after = iupf->totals();
  const auto psa_after = core_->upf()->totals();
  // Uplink: gNB -> I-UPF (N3) -> PSA (N9) -> N6; downlink: N6 -> PSA -> I-UPF -> gNB.
  EXPECT_GE(i_after.uplink_forwarded - i_before.uplink_forwarded, 5U) << "on over N9";
  EXPECT_GE(i_after.downlink_from_tunnel - i_before.downlink_from_tunnel, 5U) << "from the PSA";
  EXPECT_GE(i_after.downlink_forwarded - i_before.downlink_forwarded, 5U) << "to the gNB";
  EXPECT_GE(psa_after.uplink_forwarded - psa_before.uplink_forwarded, 5U) << "to N6";
  EXPECT_GE(psa_after.downlink_forwarded - psa_before.downlink_forwarded, 5U) << "to the I-UPF";
  EXPECT_EQ(i_after.unknown_teid_dropped, 0U);
  EXPECT_EQ(psa_after.unknown_teid_dropped, 0U);

  // UE-requested release ends both N4 sessions and frees the address.
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  EXPECT_TRUE(run_until([&] { return iupf->sessions() == 0 && core_->upf()->sessions() == 0; }));
  EXPECT_TRUE(run_until([&] { return core_->smf().sessions() == 0; }));
}

}  // namespace
}  // namespace glasscore::test
