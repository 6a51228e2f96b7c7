#include "amf/procedures/n1n2_transfer.h"

#include "amf/n2_ngap/pdu_session_resources.h"

namespace glasscore::amf {

namespace {

constexpr n1n2_transfer_result initiated{200, "N1_N2_TRANSFER_INITIATED"};
constexpr n1n2_transfer_result system_failure{500, "SYSTEM_FAILURE"};

// UE-AMBR in bit/s from the access and mobility subscription (kbit/s, TS 29.571 BitRate as
// the UDM gives it), for the gNB (TS 38.413 §9.3.1.58).
std::optional<std::pair<std::uint64_t, std::uint64_t>> ue_ambr(const amf_ue& ue) {
  if (!ue.subscription || ue.subscription->ue_ambr_uplink_kbps == 0 ||
      ue.subscription->ue_ambr_downlink_kbps == 0) {
    return std::nullopt;
  }
  return std::pair{ue.subscription->ue_ambr_uplink_kbps * 1000,
                   ue.subscription->ue_ambr_downlink_kbps * 1000};
}

}  // namespace

nas::dl_nas_transport sm_transport(std::uint8_t pdu_session_id, std::vector<std::uint8_t> n1_sm,
                                   std::optional<nas::gmm_cause> cause) {
  nas::dl_nas_transport m;
  m.payload_type.value = nas::payload_type::n1_sm;
  m.payload_container.value = std::move(n1_sm);
  m.pdu_session_id = nas::octet_value{pdu_session_id};
  if (cause) {
    m.cause = nas::gmm_cause_ie{*cause};
  }
  return m;
}

n1n2_transfer_result deliver_sm(amf_environment& env, amf_ue& ue, std::uint8_t pdu_session_id,
                                std::optional<std::vector<std::uint8_t>> n1_sm,
                                std::optional<n2_sm_info> n2) {
  const auto id = static_cast<std::uint64_t>(ue.amf_id);
  const bool has_n1 = n1_sm.has_value();
  if (!n1_sm && !n2) {
    return {400, "MANDATORY_IE_MISSING"};
  }
  if (!ue.ran_id) {
    // TS 29.518 §5.2.2.3.1: a release for an idle UE is refused so the SMF releases
    // without the AN; anything else would page the UE, which this AMF cannot do yet.
    env.log->info("UE {}: PDU session {}: N1/N2 for an idle UE not delivered (no paging)", id,
                  pdu_session_id);
    if (n2 && n2->type == n2_sm_type::pdu_res_rel_cmd) {
      return {409, "UE_IN_CM_IDLE_STATE"};
    }
    return {504, "UE_NOT_REACHABLE"};
  }
  const auto session = ue.sessions.find(pdu_session_id);
  if (n2) {
    const bool sent_to_gnb = n2->type == n2_sm_type::pdu_res_setup_req ||
                             n2->type == n2_sm_type::pdu_res_rel_cmd ||
                             n2->type == n2_sm_type::pdu_res_mod_req;
    if (!sent_to_gnb) {
      return {400, "INVALID_MSG_FORMAT"};
    }
    if (n2->type == n2_sm_type::pdu_res_setup_req && session == ue.sessions.end()) {
      // The setup item needs the session's S-NSSAI (§9.2.1.1), which only the routing
      // context has.
      return {404, "CONTEXT_NOT_FOUND"};
    }
  }
  std::optional<std::vector<std::uint8_t>> nas_pdu;
  if (n1_sm) {
    auto sealed = env.n1.seal(ue, sm_transport(pdu_session_id, std::move(*n1_sm)));
    if (!sealed) {
      env.log->error("UE {}: DL NAS TRANSPORT encoding failed ({})", id,
                     nas::to_string(sealed.error()));
      return system_failure;
    }
    nas_pdu = std::move(*sealed);
  }
  const ngap::ue_ids ids{ue.amf_id, *ue.ran_id};
  ngap::ngap_pdu pdu;
  if (!n2) {
    pdu = ngap::build_downlink_nas_transport(ids, *nas_pdu);
  } else if (n2->type == n2_sm_type::pdu_res_setup_req) {
    pdu = build_session_setup_request(ids, pdu_session_id, session->second.slice,
                                      std::move(nas_pdu), std::move(n2->transfer), ue_ambr(ue));
  } else if (n2->type == n2_sm_type::pdu_res_rel_cmd) {
    pdu = build_session_release_command(ids, pdu_session_id, std::move(nas_pdu),
                                        std::move(n2->transfer));
  } else {
    pdu = build_session_modify_request(ids, pdu_session_id, std::move(nas_pdu),
                                       std::move(n2->transfer));
  }
  if (!env.n1.send_ngap(ue, pdu)) {
    return system_failure;
  }
  env.log->debug("UE {}: PDU session {}: {}{} sent", id, pdu_session_id, has_n1 ? "N1 " : "",
                 n2 ? to_string(n2->type) : std::string_view("(DL NAS TRANSPORT)"));
  return initiated;
}

n1n2_transfer_result transfer_n1n2(amf_environment& env, const std::string& supi,
                                   std::uint8_t pdu_session_id,
                                   std::optional<std::vector<std::uint8_t>> n1_sm,
                                   std::optional<n2_sm_info> n2) {
  auto ue = env.ues.find_by_supi(supi);
  if (!ue || ue->removed || ue->state == gmm_state::deregistered ||
      ue->state == gmm_state::deregistered_initiated) {
    return {404, "CONTEXT_NOT_FOUND"};
  }
  if (ue->state == gmm_state::common_procedure_initiated) {
    return {409, "TEMPORARY_REJECT_REGISTRATION_ONGOING"};
  }
  return deliver_sm(env, *ue, pdu_session_id, std::move(n1_sm), std::move(n2));
}

}  // namespace glasscore::amf
