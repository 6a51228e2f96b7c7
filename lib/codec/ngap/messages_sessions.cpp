// PDU session resource, UE context and mobility builders (TS 38.413 §8.2-§8.4).
#include "glasscore/codec/ngap/messages.h"

namespace glasscore::ngap {

namespace {

template <class M>
void set_ids(M& m, ue_ids ids) {
  m.amf_ue_ngap_id = value_of(ids.amf);
  m.ran_ue_ngap_id = value_of(ids.ran);
}

aper::bit_string algorithms(std::uint16_t mask) {
  return aper::bit_string{{static_cast<std::uint8_t>(mask >> 8), static_cast<std::uint8_t>(mask)},
                          16};
}

ue_security_capabilities security_capabilities(const ue_context_setup& c) {
  ue_security_capabilities s;
  s.nr_encryption_algorithms = algorithms(c.nr_encryption);
  s.nr_integrity_protection_algorithms = algorithms(c.nr_integrity);
  s.eutra_encryption_algorithms = algorithms(c.eutra_encryption);
  s.eutra_integrity_protection_algorithms = algorithms(c.eutra_integrity);
  return s;
}

allowed_nssai make_allowed_nssai(const std::vector<s_nssai>& slices) {
  allowed_nssai out;
  for (const auto& s : slices) {
    out.emplace_back().s_nssai = s;
  }
  return out;
}

security_key make_key(const std::array<std::uint8_t, 32>& key) {
  security_key k;
  k.bytes = key;
  return k;
}

}  // namespace

// ---- PDU session resources

expected<std::vector<std::uint8_t>, aper::error> encode_setup_request_transfer(
    const pdu_session_setup& s) {
  pdu_session_resource_setup_request_transfer t;
  t.ul_ngu_up_tnl_information = make_gtp_tunnel(s.upf_ipv4, s.ul_teid);
  t.pdu_session_type = s.type;
  if (s.session_ambr_ul_dl) {
    t.pdu_session_aggregate_maximum_bit_rate.emplace();
    t.pdu_session_aggregate_maximum_bit_rate->pdu_session_aggregate_maximum_bit_rate_ul =
        static_cast<bit_rate>(s.session_ambr_ul_dl->first);
    t.pdu_session_aggregate_maximum_bit_rate->pdu_session_aggregate_maximum_bit_rate_dl =
        static_cast<bit_rate>(s.session_ambr_ul_dl->second);
  }
  for (const auto& [qfi, fqi] : s.flows) {
    auto& flow = t.qos_flow_setup_request_list.emplace_back();
    flow.qos_flow_identifier = value_of(qfi);
    non_dynamic5_qi_descriptor nd;
    nd.five_qi = fqi;
    flow.qos_flow_level_qos_parameters.qos_characteristics.value
        .emplace<qos_characteristics::non_dynamic5_qi_index>(std::move(nd));
    auto& arp = flow.qos_flow_level_qos_parameters.allocation_and_retention_priority;
    arp.priority_level_arp = s.arp_priority;
    arp.pre_emption_capability = pre_emption_capability::shall_not_trigger_pre_emption;
    arp.pre_emption_vulnerability = pre_emption_vulnerability::not_pre_emptable;
  }
  return encode(t);
}

expected<std::vector<std::uint8_t>, aper::error> encode_setup_response_transfer(
    std::array<std::uint8_t, 4> gnb_ipv4, glasscore::gtpu_teid dl_teid,
    const std::vector<glasscore::qos_flow_id>& qfis) {
  pdu_session_resource_setup_response_transfer t;
  t.dl_qos_flow_per_tnl_information.up_transport_layer_information =
      make_gtp_tunnel(gnb_ipv4, dl_teid);
  for (auto qfi : qfis) {
    t.dl_qos_flow_per_tnl_information.associated_qos_flow_list.emplace_back().qos_flow_identifier =
        value_of(qfi);
  }
  return encode(t);
}

expected<ngap_pdu, aper::error> build_pdu_session_resource_setup_request(
    ue_ids ids, const std::vector<pdu_session_setup>& sessions,
    std::optional<std::vector<std::uint8_t>> nas) {
  pdu_session_resource_setup_request m;
  set_ids(m, ids);
  m.nas_pdu = std::move(nas);
  for (const auto& s : sessions) {
    auto transfer = encode_setup_request_transfer(s);
    if (!transfer) {
      return fail(transfer.error());
    }
    auto& item = m.pdu_session_resource_setup_list_su_req.emplace_back();
    item.pdu_session_id = value_of(s.id);
    item.pdu_session_nas_pdu = s.nas;
    item.s_nssai = s.slice;
    item.pdu_session_resource_setup_request_transfer = std::move(*transfer);
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_pdu_session_resource_setup_response(ue_ids ids,
                                                   const std::vector<session_transfer>& sessions) {
  pdu_session_resource_setup_response m;
  set_ids(m, ids);
  if (!sessions.empty()) {
    auto& list = m.pdu_session_resource_setup_list_su_res.emplace();
    for (const auto& [id, transfer] : sessions) {
      auto& item = list.emplace_back();
      item.pdu_session_id = value_of(id);
      item.pdu_session_resource_setup_response_transfer = transfer;
    }
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_pdu_session_resource_modify_request(ue_ids ids,
                                                   const std::vector<session_transfer>& sessions) {
  pdu_session_resource_modify_request m;
  set_ids(m, ids);
  for (const auto& [id, transfer] : sessions) {
    auto& item = m.pdu_session_resource_modify_list_mod_req.emplace_back();
    item.pdu_session_id = value_of(id);
    item.pdu_session_resource_modify_request_transfer = transfer;
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_pdu_session_resource_modify_response(ue_ids ids,
                                                    const std::vector<session_transfer>& sessions) {
  pdu_session_resource_modify_response m;
  set_ids(m, ids);
  if (!sessions.empty()) {
    auto& list = m.pdu_session_resource_modify_list_mod_res.emplace();
    for (const auto& [id, transfer] : sessions) {
      auto& item = list.emplace_back();
      item.pdu_session_id = value_of(id);
      item.pdu_session_resource_modify_response_transfer = transfer;
    }
  }
  return make_pdu(std::move(m));
}

expected<ngap_pdu, aper::error> build_pdu_session_resource_release_command(
    ue_ids ids, const std::vector<glasscore::pdu_session_id>& sessions, const cause& c,
    std::optional<std::vector<std::uint8_t>> nas) {
  pdu_session_resource_release_command_transfer t;
  t.cause = c;
  auto transfer = encode(t);
  if (!transfer) {
    return fail(transfer.error());
  }
  pdu_session_resource_release_command m;
  set_ids(m, ids);
  m.nas_pdu = std::move(nas);
  for (auto id : sessions) {
    auto& item = m.pdu_session_resource_to_release_list_rel_cmd.emplace_back();
    item.pdu_session_id = value_of(id);
    item.pdu_session_resource_release_command_transfer = *transfer;
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_pdu_session_resource_release_response(
    ue_ids ids, const std::vector<session_transfer>& sessions) {
  pdu_session_resource_release_response m;
  set_ids(m, ids);
  for (const auto& [id, transfer] : sessions) {
    auto& item = m.pdu_session_resource_released_list_rel_res.emplace_back();
    item.pdu_session_id = value_of(id);
    item.pdu_session_resource_release_response_transfer = transfer;
  }
  return make_pdu(std::move(m));
}

// ---- UE context management

ngap_pdu build_initial_context_setup_request(ue_ids ids, const ue_context_setup& c) {
  initial_context_setup_request m;
  set_ids(m, ids);
  m.guami = c.serving_guami;
  m.allowed_nssai = make_allowed_nssai(c.allowed_nssai);
  m.ue_security_capabilities = security_capabilities(c);
  m.security_key = make_key(c.kgnb);
  if (c.index_to_rfsp) {
    m.index_to_rfsp = *c.index_to_rfsp;
  }
  m.nas_pdu = c.nas;
  return make_pdu(std::move(m));
}

ngap_pdu build_initial_context_setup_response(ue_ids ids) {
  initial_context_setup_response m;
  set_ids(m, ids);
  return make_pdu(std::move(m));
}

ngap_pdu build_initial_context_setup_failure(ue_ids ids, const cause& c) {
  initial_context_setup_failure m;
  set_ids(m, ids);
  m.cause = c;
  return make_pdu(std::move(m));
}

ngap_pdu build_ue_context_release_request(ue_ids ids, const cause& c) {
  ue_context_release_request m;
  set_ids(m, ids);
  m.cause = c;
  return make_pdu(std::move(m));
}

ngap_pdu build_ue_context_release_command(ue_ids ids, const cause& c) {
  ue_context_release_command m;
  m.ue_ngap_ids = make_ue_ngap_ids(ids.amf, ids.ran);
  m.cause = c;
  return make_pdu(std::move(m));
}

ngap_pdu build_ue_context_release_complete(ue_ids ids) {
  ue_context_release_complete m;
  set_ids(m, ids);
  return make_pdu(std::move(m));
}

// ---- Mobility

ngap_pdu build_handover_required(ue_ids ids, const cause& c, const global_ran_node_id& target,
                                 const tai& tai, const std::vector<session_transfer>& sessions,
                                 byte_span source_to_target) {
  handover_required m;
  set_ids(m, ids);
  m.handover_type = handover_type::intra5_gs;
  m.cause = c;
  target_ran_node_id t;
  t.global_ran_node_id = target;
  t.selected_tai = tai;
  m.target_id.value.emplace<target_id::target_ran_node_id_index>(std::move(t));
  for (const auto& [id, transfer] : sessions) {
    auto& item = m.pdu_session_resource_list_ho_rqd.emplace_back();
    item.pdu_session_id = value_of(id);
    item.handover_required_transfer = transfer;
  }
  m.source_to_target_transparent_container.assign(source_to_target.begin(), source_to_target.end());
  return make_pdu(std::move(m));
}

ngap_pdu build_handover_command(ue_ids ids, const std::vector<session_transfer>& sessions,
                                byte_span target_to_source) {
  handover_command m;
  set_ids(m, ids);
  m.handover_type = handover_type::intra5_gs;
  if (!sessions.empty()) {
    auto& list = m.pdu_session_resource_handover_list.emplace();
    for (const auto& [id, transfer] : sessions) {
      auto& item = list.emplace_back();
      item.pdu_session_id = value_of(id);
      item.handover_command_transfer = transfer;
    }
  }
  m.target_to_source_transparent_container.assign(target_to_source.begin(), target_to_source.end());
  return make_pdu(std::move(m));
}

ngap_pdu build_handover_preparation_failure(ue_ids ids, const cause& c) {
  handover_preparation_failure m;
  set_ids(m, ids);
  m.cause = c;
  return make_pdu(std::move(m));
}

ngap_pdu build_handover_request(glasscore::amf_ue_ngap_id amf, const cause& c,
                                const ue_context_setup& context, std::uint8_t nh_chaining_count,
                                const std::vector<std::pair<session_transfer, s_nssai>>& sessions,
                                byte_span source_to_target) {
  handover_request m;
  m.amf_ue_ngap_id = value_of(amf);
  m.handover_type = handover_type::intra5_gs;
  m.cause = c;
  m.ue_aggregate_maximum_bit_rate.ue_aggregate_maximum_bit_rate_dl = 1'000'000'000;
  m.ue_aggregate_maximum_bit_rate.ue_aggregate_maximum_bit_rate_ul = 1'000'000'000;
  m.ue_security_capabilities = security_capabilities(context);
  m.security_context.next_hop_chaining_count = nh_chaining_count;
  m.security_context.next_hop_nh = make_key(context.kgnb);
  for (const auto& [session, slice] : sessions) {
    auto& item = m.pdu_session_resource_setup_list_ho_req.emplace_back();
    item.pdu_session_id = value_of(session.first);
    item.s_nssai = slice;
    item.handover_request_transfer = session.second;
  }
  m.allowed_nssai = make_allowed_nssai(context.allowed_nssai);
  m.source_to_target_transparent_container.assign(source_to_target.begin(), source_to_target.end());
  m.guami = context.serving_guami;
  return make_pdu(std::move(m));
}

ngap_pdu build_handover_request_acknowledge(ue_ids ids,
                                            const std::vector<session_transfer>& admitted,
                                            byte_span target_to_source) {
  handover_request_acknowledge m;
  set_ids(m, ids);
  for (const auto& [id, transfer] : admitted) {
    auto& item = m.pdu_session_resource_admitted_list.emplace_back();
    item.pdu_session_id = value_of(id);
    item.handover_request_acknowledge_transfer = transfer;
  }
  m.target_to_source_transparent_container.assign(target_to_source.begin(), target_to_source.end());
  return make_pdu(std::move(m));
}

ngap_pdu build_handover_notify(ue_ids ids, const user_location_information& loc) {
  handover_notify m;
  set_ids(m, ids);
  m.user_location_information = loc;
  return make_pdu(std::move(m));
}

ngap_pdu build_path_switch_request(glasscore::ran_ue_ngap_id ran,
                                   glasscore::amf_ue_ngap_id source_amf,
                                   const user_location_information& loc,
                                   const ue_context_setup& security,
                                   const std::vector<session_transfer>& sessions) {
  path_switch_request m;
  m.ran_ue_ngap_id = value_of(ran);
  m.source_amf_ue_ngap_id = value_of(source_amf);
  m.user_location_information = loc;
  m.ue_security_capabilities = security_capabilities(security);
  for (const auto& [id, transfer] : sessions) {
    auto& item = m.pdu_session_resource_to_be_switched_dl_list.emplace_back();
    item.pdu_session_id = value_of(id);
    item.path_switch_request_transfer = transfer;
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_path_switch_request_acknowledge(ue_ids ids, std::uint8_t nh_chaining_count,
                                               const std::array<std::uint8_t, 32>& nh,
                                               const std::vector<session_transfer>& sessions,
                                               const std::vector<s_nssai>& allowed) {
  path_switch_request_acknowledge m;
  set_ids(m, ids);
  m.security_context.next_hop_chaining_count = nh_chaining_count;
  m.security_context.next_hop_nh = make_key(nh);
  for (const auto& [id, transfer] : sessions) {
    auto& item = m.pdu_session_resource_switched_list.emplace_back();
    item.pdu_session_id = value_of(id);
    item.path_switch_request_acknowledge_transfer = transfer;
  }
  m.allowed_nssai = make_allowed_nssai(allowed);
  return make_pdu(std::move(m));
}

}  // namespace glasscore::ngap
