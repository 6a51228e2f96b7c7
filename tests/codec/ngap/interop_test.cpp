// Interop: Wireshark's NGAP dissector (tshark) decodes every message the AMF and gNB build
// with messages.h without a malformed packet or an expert warning/error, and reads back the
// procedure code, UE NGAP IDs, PLMN, TAC, cause and NAS-PDU we put in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/hex.h"
#include "support/tshark.h"

namespace glasscore::ngap {
namespace {

const ue_ids ids{glasscore::amf_ue_ngap_id{0x0102030405}, glasscore::ran_ue_ngap_id{0x1234}};
const plmn_identity plmn = *make_plmn("999", "70");
constexpr std::uint32_t tac = 0xabcd;
// Real 5GMM messages (from ../shared/spec/captures): Registration Request with a SUCI,
// Identity Response, Identity Request; tshark's NAS-5GS dissector must accept them too.
const auto registration = from_hex("7e004179000d0199f907f0ff000000002031902e02f0f0").value();
const auto identity_response = from_hex("7e005c000d0199f907f0ff00000000203190").value();
const auto identity_request = from_hex("7e005b01").value();

struct expectation {
  std::string name;
  ngap_pdu pdu;
  int procedure_code = 0;
  bool amf_id = false;
  bool ran_id = false;
  bool has_plmn = false;
  bool has_tac = false;
  std::string radio_network_cause;  ///< expected ngap.radioNetwork, empty if none
  std::vector<std::uint8_t> nas;    ///< expected ngap.NAS_PDU, empty if none
};

std::vector<std::uint8_t> must(const expected<std::vector<std::uint8_t>, aper::error>& e) {
  EXPECT_TRUE(e);
  return e ? *e : std::vector<std::uint8_t>{};
}

ue_context_setup context() {
  ue_context_setup c;
  c.serving_guami = make_guami(plmn, 2, 1, 0);
  c.allowed_nssai = {make_s_nssai(1), make_s_nssai(1, 0x000080)};
  for (std::size_t i = 0; i < c.kgnb.size(); ++i) {
    c.kgnb[i] = static_cast<std::uint8_t>(i);
  }
  return c;
}

ngran_cgi cell(std::uint64_t id) {
  nr_cgi c;
  c.plmn_identity = plmn;
  c.nr_cell_identity = make_nr_cell_identity(id);
  ngran_cgi out;
  out.value.emplace<ngran_cgi::nr_cgi_index>(std::move(c));
  return out;
}

std::vector<expectation> messages() {
  const auto location = nr_location(plmn, tac, 0x12345678);
  const cause inactivity = make_cause(cause_radio_network::user_inactivity);
  const std::string inactivity_value = "20";  // CauseRadioNetwork index of user-inactivity
  pdu_session_setup session;
  session.id = glasscore::pdu_session_id{1};
  session.slice = make_s_nssai(1);
  session.upf_ipv4 = {127, 0, 0, 7};
  session.ul_teid = gtpu_teid{0x100};
  session.flows = {{qos_flow_id{1}, 9}};
  const auto setup_response_transfer =
      must(encode_setup_response_transfer({127, 0, 0, 1}, gtpu_teid{0x200}, {qos_flow_id{1}}));
  const std::vector<session_transfer> setup_responses{
      {glasscore::pdu_session_id{1}, setup_response_transfer}};
  const auto modify_request = must(encode(pdu_session_resource_modify_request_transfer{}));
  const auto modify_response = must(encode(pdu_session_resource_modify_response_transfer{}));
  const auto release_response = must(encode(pdu_session_resource_release_response_transfer{}));
  const auto ho_required = must(encode(handover_required_transfer{}));
  handover_command_transfer command_transfer;
  const auto ho_command = must(encode(command_transfer));
  const auto setup_request = must(encode_setup_request_transfer(session));
  handover_request_acknowledge_transfer ack_transfer;
  ack_transfer.dl_ngu_up_tnl_information = make_gtp_tunnel({127, 0, 0, 1}, gtpu_teid{0x300});
  ack_transfer.qos_flow_setup_response_list.emplace_back().qos_flow_identifier = 1;
  const auto ho_ack = must(encode(ack_transfer));
  path_switch_request_transfer switch_transfer;
  switch_transfer.dl_ngu_up_tnl_information = make_gtp_tunnel({127, 0, 0, 1}, gtpu_teid{0x400});
  switch_transfer.qos_flow_accepted_list.emplace_back().qos_flow_identifier = 1;
  const auto path_switch = must(encode(switch_transfer));
  const auto path_switch_ack = must(encode(path_switch_request_acknowledge_transfer{}));
  // Transparent containers (§9.3.1.29/30); the RRC containers hold the smallest valid NR
  // RRC HandoverPreparationInformation / HandoverCommand: criticalExtensionsFuture (UPER 0x80).
  source_ngran_node_to_target_ngran_node_transparent_container s2t;
  s2t.rrc_container = {0x80};
  s2t.target_cell_id = cell(0x12345679);
  auto& last = s2t.ue_history_information.emplace_back()
                   .last_visited_cell_information.value
                   .emplace<last_visited_cell_information::ngran_cell_index>();
  last.global_cell_id = cell(0x12345678);
  last.cell_type.cell_size = cell_size::small;
  last.time_ue_stayed_in_cell = 10;
  const auto source_to_target = must(encode(s2t));
  target_ngran_node_to_source_ngran_node_transparent_container t2s;
  t2s.rrc_container = {0x80};
  const auto target_to_source = must(encode(t2s));

  supported_ta ta{tac, plmn, {make_s_nssai(1), make_s_nssai(1, 0x000080)}};
  amf_identity amf{"glasscore-amf", {make_guami(plmn, 2, 1, 0)}, 255, plmn, {make_s_nssai(1)}};
  five_g_s_tmsi s_tmsi;
  s_tmsi.amf_set_id.bytes = {0x00, 0x40};
  s_tmsi.five_g_tmsi = {0xc0, 0x00, 0x00, 0x01};
  tai paging_tai;
  paging_tai.plmn_identity = plmn;
  paging_tai.tac = make_tac(tac);

  std::vector<expectation> out;
  auto add = [&out](std::string name, ngap_pdu pdu, int code) -> expectation& {
    auto& e = out.emplace_back();
    e.name = std::move(name);
    e.pdu = std::move(pdu);
    e.procedure_code = code;
    return e;
  };
  const auto gnb = make_gnb_id(plmn, 0x1234, 22);
  {
    auto& e = add("NGSetupRequest", build_ng_setup_request(gnb, "glasscore-gnb", {ta}), 21);
    e.has_plmn = true;
    e.has_tac = true;
  }
  add("NGSetupResponse", build_ng_setup_response(amf), 21).has_plmn = true;
  add("NGSetupFailure", build_ng_setup_failure(inactivity, time_to_wait::v10_s), 21)
      .radio_network_cause = inactivity_value;
  {
    auto& e = add("InitialUEMessage",
                  build_initial_ue_message(ids.ran, registration, location,
                                           rrc_establishment_cause::mo_signalling),
                  15);
    e.ran_id = e.has_plmn = e.has_tac = true;
    e.nas = registration;
  }
  {
    auto& e =
        add("UplinkNASTransport", build_uplink_nas_transport(ids, identity_response, location), 46);
    e.amf_id = e.ran_id = e.has_plmn = e.has_tac = true;
    e.nas = identity_response;
  }
  {
    auto& e = add("DownlinkNASTransport", build_downlink_nas_transport(ids, identity_request), 4);
    e.amf_id = e.ran_id = true;
    e.nas = identity_request;
  }
  {
    auto c = context();
    c.nas = identity_request;
    auto& e = add("InitialContextSetupRequest", build_initial_context_setup_request(ids, c), 14);
    e.amf_id = e.ran_id = e.has_plmn = true;
    e.nas = identity_request;
  }
  add("InitialContextSetupResponse", build_initial_context_setup_response(ids), 14).amf_id = true;
  {
    auto& e =
        add("InitialContextSetupFailure", build_initial_context_setup_failure(ids, inactivity), 14);
    e.amf_id = e.ran_id = true;
    e.radio_network_cause = inactivity_value;
  }
  {
    auto& e = add("UEContextReleaseRequest", build_ue_context_release_request(ids, inactivity), 42);
    e.amf_id = e.ran_id = true;
    e.radio_network_cause = inactivity_value;
  }
  {
    auto& e = add("UEContextReleaseCommand", build_ue_context_release_command(ids, inactivity), 41);
    e.amf_id = e.ran_id = true;
    e.radio_network_cause = inactivity_value;
  }
  add("UEContextReleaseComplete", build_ue_context_release_complete(ids), 41).amf_id = true;
  {
    auto r = build_pdu_session_resource_setup_request(ids, {session}, identity_request);
    EXPECT_TRUE(r);
    auto& e = add("PDUSessionResourceSetupRequest", r ? *r : ngap_pdu{}, 29);
    e.amf_id = e.ran_id = true;
    e.nas = identity_request;
  }
  add("PDUSessionResourceSetupResponse",
      build_pdu_session_resource_setup_response(ids, setup_responses), 29)
      .amf_id = true;
  add("PDUSessionResourceModifyRequest",
      build_pdu_session_resource_modify_request(ids,
                                                {{glasscore::pdu_session_id{1}, modify_request}}),
      26)
      .amf_id = true;
  add("PDUSessionResourceModifyResponse",
      build_pdu_session_resource_modify_response(ids,
                                                 {{glasscore::pdu_session_id{1}, modify_response}}),
      26)
      .amf_id = true;
  {
    auto r =
        build_pdu_session_resource_release_command(ids, {glasscore::pdu_session_id{1}}, inactivity);
    EXPECT_TRUE(r);
    auto& e = add("PDUSessionResourceReleaseCommand", r ? *r : ngap_pdu{}, 28);
    e.amf_id = e.ran_id = true;
    e.radio_network_cause = inactivity_value;
  }
  add("PDUSessionResourceReleaseResponse",
      build_pdu_session_resource_release_response(
          ids, {{glasscore::pdu_session_id{1}, release_response}}),
      28)
      .amf_id = true;
  {
    auto& e = add("Paging", build_paging(s_tmsi, {paging_tai}), 24);
    e.has_plmn = e.has_tac = true;
  }
  add("ErrorIndication", build_error_indication(ids, inactivity), 9).radio_network_cause =
      inactivity_value;
  {
    auto& e = add(
        "HandoverRequired",
        build_handover_required(ids, inactivity, gnb, paging_tai,
                                {{glasscore::pdu_session_id{1}, ho_required}}, source_to_target),
        12);
    e.amf_id = e.ran_id = e.has_plmn = e.has_tac = true;
    e.radio_network_cause = inactivity_value;
  }
  add("HandoverCommand",
      build_handover_command(ids, {{glasscore::pdu_session_id{1}, ho_command}}, target_to_source),
      12)
      .amf_id = true;
  add("HandoverPreparationFailure", build_handover_preparation_failure(ids, inactivity), 12)
      .radio_network_cause = inactivity_value;
  add("HandoverRequest",
      build_handover_request(ids.amf, inactivity, context(), 2,
                             {{{glasscore::pdu_session_id{1}, setup_request}, make_s_nssai(1)}},
                             source_to_target),
      13)
      .radio_network_cause = inactivity_value;
  add("HandoverRequestAcknowledge",
      build_handover_request_acknowledge(ids, {{glasscore::pdu_session_id{1}, ho_ack}},
                                         target_to_source),
      13)
      .amf_id = true;
  {
    auto& e = add("HandoverNotify", build_handover_notify(ids, location), 11);
    e.amf_id = e.ran_id = e.has_plmn = e.has_tac = true;
  }
  add("PathSwitchRequest",
      build_path_switch_request(ids.ran, ids.amf, location, context(),
                                {{glasscore::pdu_session_id{1}, path_switch}}),
      25)
      .has_tac = true;
  add("PathSwitchRequestAcknowledge",
      build_path_switch_request_acknowledge(ids, 2, context().kgnb,
                                            {{glasscore::pdu_session_id{1}, path_switch_ack}},
                                            {make_s_nssai(1)}),
      25)
      .amf_id = true;
  add("RANConfigurationUpdate", build_ran_configuration_update("glasscore-gnb", {ta}), 35).has_tac =
      true;
  add("RANConfigurationUpdateAcknowledge", build_ran_configuration_update_acknowledge(), 35);
  add("AMFConfigurationUpdate", build_amf_configuration_update(amf), 0).has_plmn = true;
  add("AMFConfigurationUpdateAcknowledge", build_amf_configuration_update_acknowledge(), 0);
  add("NGReset", build_ng_reset(inactivity), 20).radio_network_cause = inactivity_value;
  add("NGResetPartial", build_ng_reset(inactivity, {ids}), 20).amf_id = true;
  add("NGResetAcknowledge", build_ng_reset_acknowledge({ids}), 20).amf_id = true;
  return out;
}

TEST(ngap_interop, tshark_decodes_every_built_message_as_encoded) {
  GLASSCORE_TSHARK_OR_SKIP();
  const auto expectations = messages();
  std::vector<std::vector<std::uint8_t>> pdus;
  for (const auto& e : expectations) {
    const auto bytes = encode(e.pdu);
    ASSERT_TRUE(bytes) << e.name << ": " << aper::to_string(bytes.error().code);
    pdus.push_back(*bytes);
  }
  const std::vector<std::string> fields{"ngap.procedureCode",
                                        "ngap.AMF_UE_NGAP_ID",
                                        "ngap.RAN_UE_NGAP_ID",
                                        "e212.mcc",
                                        "e212.mnc",
                                        "e212.tai.mcc",
                                        "e212.nrcgi.mcc",
                                        "e212.guami.mcc",
                                        "e212.5gstai.mcc",
                                        "ngap.tAC",
                                        "ngap.radioNetwork",
                                        "ngap.NAS_PDU"};
  std::string error;
  const auto packets = test::run_tshark(pdus, "ngap", fields, &error);
  ASSERT_TRUE(packets) << error;
  ASSERT_EQ(packets->size(), expectations.size());
  for (std::size_t i = 0; i < expectations.size(); ++i) {
    const auto& e = expectations[i];
    const auto& p = (*packets)[i];
    SCOPED_TRACE(e.name);
    EXPECT_TRUE(p.problems().empty()) << testing::PrintToString(p.problems());
    EXPECT_EQ(p.values("ngap.procedureCode"),
              std::vector<std::string>{std::to_string(e.procedure_code)});
    if (e.amf_id) {
      ASSERT_FALSE(p.values("ngap.AMF_UE_NGAP_ID").empty());
      EXPECT_EQ(p.values("ngap.AMF_UE_NGAP_ID")[0], std::to_string(0x0102030405));
    }
    if (e.ran_id) {
      ASSERT_FALSE(p.values("ngap.RAN_UE_NGAP_ID").empty());
      EXPECT_EQ(p.values("ngap.RAN_UE_NGAP_ID")[0], std::to_string(0x1234));
    }
    if (e.has_plmn) {
      std::size_t seen = 0;
      for (const char* f :
           {"e212.mcc", "e212.tai.mcc", "e212.nrcgi.mcc", "e212.guami.mcc", "e212.5gstai.mcc"}) {
        for (const auto& v : p.values(f)) {
          EXPECT_EQ(v, "999") << f;
          ++seen;
        }
      }
      for (const auto& v : p.values("e212.mnc")) {
        EXPECT_EQ(v, "70");
      }
      EXPECT_GT(seen, 0U) << "no PLMN decoded";
    }
    if (e.has_tac) {
      ASSERT_FALSE(p.values("ngap.tAC").empty());
      for (const auto& v : p.values("ngap.tAC")) {
        EXPECT_EQ(v, std::to_string(tac));
      }
    }
    if (!e.radio_network_cause.empty()) {
      EXPECT_EQ(p.values("ngap.radioNetwork"), std::vector<std::string>{e.radio_network_cause});
    }
    if (!e.nas.empty()) {
      EXPECT_EQ(p.values("ngap.NAS_PDU"), std::vector<std::string>{to_hex(e.nas)});
    }
  }
}

}  // namespace
}  // namespace glasscore::ngap
