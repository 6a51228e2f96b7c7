// The simulated gNB's PDU session resource procedures (TS 38.413 §8.2): setup (also inside
// Initial Context Setup, §8.3.1), release and modify. Each session's transfer is decoded
// with the NGAP codec; the UPF's uplink tunnel is kept, a downlink TEID on the gNB's N3
// address allocated, and both reported to the user plane through gnb_session_handler.
// The transfers come from the network: anything undecodable fails that one session with a
// cause, never the whole message, and never reaches an assert.
#include <algorithm>
#include <utility>

#include "glasscore/core/log.h"
#include "glasscore/sim/gnb.h"

namespace glasscore::sim {

namespace {

std::vector<std::uint8_t> unsuccessful(const ngap::cause& c) {
  ngap::pdu_session_resource_setup_unsuccessful_transfer t;
  t.cause = c;
  return ngap::encode(t).value_or(std::vector<std::uint8_t>{});
}

}  // namespace

std::uint32_t gnb::allocate_dl_teid() {
  // TS 29.281 §5.1: TEID 0 is reserved (Echo, Error Indication); skip TEIDs in use.
  for (;;) {
    const std::uint32_t teid = next_dl_teid_++;
    if (teid != 0 && !dl_teids_.contains(teid)) {
      return teid;
    }
  }
}

gnb_ue_context* gnb::session_context(std::uint64_t amf, std::uint32_t ran) {
  const ngap::ue_ids ids{glasscore::amf_ue_ngap_id{amf}, glasscore::ran_ue_ngap_id{ran}};
  auto* ue = context_for({ids.amf, ids.ran});
  if (ue == nullptr || (ue->amf_id && *ue->amf_id != ids.amf)) {
    ++counters_.unknown_ue;
    send_error_indication(ids,
                          ngap::make_cause(ngap::cause_radio_network::unknown_local_ue_ngap_id));
    return nullptr;
  }
  ue->amf_id = ids.amf;
  return ue;
}

gnb::session_outcome gnb::setup_session(gnb_ue_context& ue, std::uint8_t id, byte_span bytes) {
  const bool duplicate = std::any_of(ue.sessions.begin(), ue.sessions.end(),
                                     [id](const gnb_pdu_session& s) { return s.id == id; });
  if (duplicate) {
    // §8.2.1.4: a PDU session ID already set up for this UE fails that item.
    return {false, unsuccessful(ngap::make_cause(
                       ngap::cause_radio_network::multiple_pdu_session_id_instances))};
  }
  auto transfer = ngap::decode<ngap::pdu_session_resource_setup_request_transfer>(bytes);
  if (!transfer) {
    return {false, unsuccessful(ngap::make_cause(ngap::cause_protocol::transfer_syntax_error))};
  }
  if (transfer->must_reject()) {
    return {false,
            unsuccessful(ngap::make_cause(ngap::cause_protocol::abstract_syntax_error_reject))};
  }
  const auto& t = transfer->value;
  const auto* tunnel = std::get_if<ngap::gtp_tunnel>(&t.ul_ngu_up_tnl_information.value);
  // §9.3.2.4: this gNB's N3 is IPv4; a Transport Layer Address of 32 bits (or 160, IPv4
  // then IPv6) starts with the IPv4 address.
  if (tunnel == nullptr || tunnel->transport_layer_address.length < 32 ||
      tunnel->transport_layer_address.bytes.size() < 4) {
    return {false,
            unsuccessful(ngap::make_cause(ngap::cause_transport::transport_resource_unavailable))};
  }
  gnb_pdu_session s;
  s.id = id;
  std::copy_n(tunnel->transport_layer_address.bytes.begin(), 4, s.upf_ipv4.begin());
  s.ul_teid = load_be32(tunnel->gtp_teid.data());
  s.type = t.pdu_session_type;
  if (t.pdu_session_aggregate_maximum_bit_rate) {
    s.ambr_ul_dl = std::pair{
        t.pdu_session_aggregate_maximum_bit_rate->pdu_session_aggregate_maximum_bit_rate_ul,
        t.pdu_session_aggregate_maximum_bit_rate->pdu_session_aggregate_maximum_bit_rate_dl};
  }
  std::vector<glasscore::qos_flow_id> accepted;
  for (const auto& flow : t.qos_flow_setup_request_list) {
    if (flow.qos_flow_identifier < 0 || flow.qos_flow_identifier > max_qos_flow_id) {
      continue;
    }
    const auto qfi = static_cast<std::uint8_t>(flow.qos_flow_identifier);
    if (std::find(s.qfis.begin(), s.qfis.end(), qfi) == s.qfis.end()) {
      s.qfis.push_back(qfi);
      accepted.push_back(glasscore::qos_flow_id{qfi});
    }
  }
  if (accepted.empty()) {
    return {
        false,
        unsuccessful(ngap::make_cause(ngap::cause_radio_network::multiple_qos_flow_id_instances))};
  }
  s.dl_teid = allocate_dl_teid();
  auto response = ngap::encode_setup_response_transfer(config_.n3_ipv4,
                                                       glasscore::gtpu_teid{s.dl_teid}, accepted);
  if (!response) {
    return {false, unsuccessful(ngap::make_cause(ngap::cause_misc::unspecified))};
  }
  dl_teids_[s.dl_teid] = value_of(ue.ran_id);
  ue.sessions.push_back(s);
  ++counters_.sessions_setup;
  if (session_handler_ != nullptr && ue.link != nullptr) {
    session_handler_->on_session_setup(*ue.link, s);
  }
  return {true, std::move(*response)};
}

void gnb::drop_sessions(gnb_ue_context& ue) {
  auto sessions = std::move(ue.sessions);
  ue.sessions.clear();
  for (const auto& s : sessions) {
    dl_teids_.erase(s.dl_teid);
    ++counters_.sessions_released;
    if (session_handler_ != nullptr && ue.link != nullptr) {
      session_handler_->on_session_released(*ue.link, s);
    }
  }
}

void gnb::on_pdu_session_setup(const ngap::pdu_session_resource_setup_request& m) {
  auto* ue = session_context(m.amf_ue_ngap_id, m.ran_ue_ngap_id);
  if (ue == nullptr) {
    return;
  }
  ngap::pdu_session_resource_setup_response response;
  response.amf_ue_ngap_id = m.amf_ue_ngap_id;
  response.ran_ue_ngap_id = m.ran_ue_ngap_id;
  std::vector<std::vector<std::uint8_t>> nas;
  for (const auto& item : m.pdu_session_resource_setup_list_su_req) {
    auto outcome =
        setup_session(*ue, item.pdu_session_id, item.pdu_session_resource_setup_request_transfer);
    if (outcome.ok) {
      auto& list = response.pdu_session_resource_setup_list_su_res
                       ? *response.pdu_session_resource_setup_list_su_res
                       : response.pdu_session_resource_setup_list_su_res.emplace();
      list.push_back({item.pdu_session_id, std::move(outcome.transfer)});
      // §8.2.1.2: the NAS PDU of a session set up goes to the UE.
      if (item.pdu_session_nas_pdu) {
        nas.push_back(*item.pdu_session_nas_pdu);
      }
    } else {
      ++counters_.sessions_failed;
      auto& list = response.pdu_session_resource_failed_to_setup_list_su_res
                       ? *response.pdu_session_resource_failed_to_setup_list_su_res
                       : response.pdu_session_resource_failed_to_setup_list_su_res.emplace();
      list.push_back({item.pdu_session_id, std::move(outcome.transfer)});
    }
  }
  if (m.nas_pdu) {
    nas.push_back(*m.nas_pdu);
  }
  gnb_ue_link* link = ue->link;
  send(ue->stream, ngap::make_pdu(std::move(response)));
  // As with Initial Context Setup, the radio side is abstracted: the NAS goes to the UE
  // once the resources are up.
  for (const auto& pdu : nas) {
    ++counters_.downlink_nas;
    if (link != nullptr) {
      link->on_downlink_nas(pdu);
    }
  }
}

void gnb::setup_context_sessions(gnb_ue_context& ue, const ngap::initial_context_setup_request& m,
                                 ngap::initial_context_setup_response& response,
                                 std::vector<std::vector<std::uint8_t>>& nas) {
  if (!m.pdu_session_resource_setup_list_cxt_req) {
    return;
  }
  for (const auto& item : *m.pdu_session_resource_setup_list_cxt_req) {
    auto outcome =
        setup_session(ue, item.pdu_session_id, item.pdu_session_resource_setup_request_transfer);
    if (outcome.ok) {
      auto& list = response.pdu_session_resource_setup_list_cxt_res
                       ? *response.pdu_session_resource_setup_list_cxt_res
                       : response.pdu_session_resource_setup_list_cxt_res.emplace();
      list.push_back({item.pdu_session_id, std::move(outcome.transfer)});
      if (item.nas_pdu) {
        nas.push_back(*item.nas_pdu);
      }
    } else {
      ++counters_.sessions_failed;
      auto& list = response.pdu_session_resource_failed_to_setup_list_cxt_res
                       ? *response.pdu_session_resource_failed_to_setup_list_cxt_res
                       : response.pdu_session_resource_failed_to_setup_list_cxt_res.emplace();
      list.push_back({item.pdu_session_id, std::move(outcome.transfer)});
    }
  }
}

void gnb::on_pdu_session_release(const ngap::pdu_session_resource_release_command& m) {
  auto* ue = session_context(m.amf_ue_ngap_id, m.ran_ue_ngap_id);
  if (ue == nullptr) {
    return;
  }
  // §8.2.2.2: release each listed session's resources and list it in the response (a
  // session the gNB does not have is released already).
  const auto empty_transfer = ngap::encode(ngap::pdu_session_resource_release_response_transfer{})
                                  .value_or(std::vector<std::uint8_t>{});
  std::vector<ngap::session_transfer> released;
  for (const auto& item : m.pdu_session_resource_to_release_list_rel_cmd) {
    auto it = std::find_if(ue->sessions.begin(), ue->sessions.end(),
                           [&](const gnb_pdu_session& s) { return s.id == item.pdu_session_id; });
    if (it != ue->sessions.end()) {
      const auto gone = *it;
      ue->sessions.erase(it);
      dl_teids_.erase(gone.dl_teid);
      ++counters_.sessions_released;
      if (session_handler_ != nullptr && ue->link != nullptr) {
        session_handler_->on_session_released(*ue->link, gone);
      }
    }
    released.emplace_back(glasscore::pdu_session_id{item.pdu_session_id}, empty_transfer);
  }
  const ngap::ue_ids ids{glasscore::amf_ue_ngap_id{m.amf_ue_ngap_id},
                         glasscore::ran_ue_ngap_id{m.ran_ue_ngap_id}};
  gnb_ue_link* link = ue->link;
  send(ue->stream, ngap::build_pdu_session_resource_release_response(ids, released));
  if (m.nas_pdu && link != nullptr) {
    ++counters_.downlink_nas;
    link->on_downlink_nas(*m.nas_pdu);
  }
}

void gnb::on_pdu_session_modify(const ngap::pdu_session_resource_modify_request& m) {
  auto* ue = session_context(m.amf_ue_ngap_id, m.ran_ue_ngap_id);
  if (ue == nullptr) {
    return;
  }
  // §8.2.3.2: the radio side is abstracted, so every QoS flow to add or modify is accepted
  // as asked; a session the gNB does not have fails with "unknown PDU session ID".
  ngap::pdu_session_resource_modify_response response;
  response.amf_ue_ngap_id = m.amf_ue_ngap_id;
  response.ran_ue_ngap_id = m.ran_ue_ngap_id;
  std::vector<std::vector<std::uint8_t>> nas;
  for (const auto& item : m.pdu_session_resource_modify_list_mod_req) {
    auto it = std::find_if(ue->sessions.begin(), ue->sessions.end(),
                           [&](const gnb_pdu_session& s) { return s.id == item.pdu_session_id; });
    auto transfer = ngap::decode<ngap::pdu_session_resource_modify_request_transfer>(
        item.pdu_session_resource_modify_request_transfer);
    if (it == ue->sessions.end() || !transfer || transfer->must_reject()) {
      ++counters_.sessions_failed;
      ngap::pdu_session_resource_modify_unsuccessful_transfer u;
      u.cause = it == ue->sessions.end()
                    ? ngap::make_cause(ngap::cause_radio_network::unknown_pdu_session_id)
                    : ngap::make_cause(ngap::cause_protocol::transfer_syntax_error);
      auto& list = response.pdu_session_resource_failed_to_modify_list_mod_res
                       ? *response.pdu_session_resource_failed_to_modify_list_mod_res
                       : response.pdu_session_resource_failed_to_modify_list_mod_res.emplace();
      list.push_back({item.pdu_session_id, ngap::encode(u).value_or(std::vector<std::uint8_t>{})});
      continue;
    }
    // §8.2.3.2: a new PDU Session Aggregate Maximum Bit Rate replaces the old one.
    if (const auto& ambr = transfer->value.pdu_session_aggregate_maximum_bit_rate) {
      it->ambr_ul_dl = std::pair{ambr->pdu_session_aggregate_maximum_bit_rate_ul,
                                 ambr->pdu_session_aggregate_maximum_bit_rate_dl};
    }
    ngap::pdu_session_resource_modify_response_transfer out;
    if (transfer->value.qos_flow_add_or_modify_request_list) {
      auto& flows = out.qos_flow_add_or_modify_response_list.emplace();
      for (const auto& f : *transfer->value.qos_flow_add_or_modify_request_list) {
        flows.emplace_back().qos_flow_identifier = f.qos_flow_identifier;
        if (f.qos_flow_identifier >= 0 && f.qos_flow_identifier <= max_qos_flow_id) {
          const auto qfi = static_cast<std::uint8_t>(f.qos_flow_identifier);
          if (std::find(it->qfis.begin(), it->qfis.end(), qfi) == it->qfis.end()) {
            it->qfis.push_back(qfi);
          }
        }
      }
    }
    ++counters_.sessions_modified;
    auto& list = response.pdu_session_resource_modify_list_mod_res
                     ? *response.pdu_session_resource_modify_list_mod_res
                     : response.pdu_session_resource_modify_list_mod_res.emplace();
    list.push_back({item.pdu_session_id, ngap::encode(out).value_or(std::vector<std::uint8_t>{})});
    if (item.nas_pdu) {
      nas.push_back(*item.nas_pdu);
    }
  }
  gnb_ue_link* link = ue->link;
  send(ue->stream, ngap::make_pdu(std::move(response)));
  for (const auto& pdu : nas) {
    ++counters_.downlink_nas;
    if (link != nullptr) {
      link->on_downlink_nas(pdu);
    }
  }
}

}  // namespace glasscore::sim
