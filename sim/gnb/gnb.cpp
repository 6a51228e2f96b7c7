// The simulated gNB's NGAP procedures (TS 38.413 §8): interface management, NAS transport
// and UE context management, with per-UE routing by RAN UE NGAP ID.
#include "glasscore/sim/gnb.h"

#include <chrono>
#include <utility>

#include "glasscore/core/log.h"

namespace glasscore::sim {

namespace {

template <std::size_t N>
aper::fixed_bit_string<N> left_aligned_bits(std::uint32_t value) {
  aper::fixed_bit_string<N> out;
  const std::uint64_t aligned = std::uint64_t{value} << (64 - N);
  for (std::size_t i = 0; i < out.bytes.size(); ++i) {
    out.bytes[i] = static_cast<std::uint8_t>(aligned >> (56 - 8 * i));
  }
  return out;
}

// TS 38.413 §9.3.3.20: 5G-S-TMSI = AMF Set ID (10 bits), AMF Pointer (6 bits), 5G-TMSI.
ngap::five_g_s_tmsi to_ngap(const nas::s_tmsi_5g& s) {
  ngap::five_g_s_tmsi out;
  out.amf_set_id = left_aligned_bits<10>(s.amf_set_id);
  out.amf_pointer = left_aligned_bits<6>(s.amf_pointer);
  out.five_g_tmsi = {static_cast<std::uint8_t>(s.tmsi >> 24),
                     static_cast<std::uint8_t>(s.tmsi >> 16),
                     static_cast<std::uint8_t>(s.tmsi >> 8), static_cast<std::uint8_t>(s.tmsi)};
  return out;
}

ngap::rrc_establishment_cause to_ngap(rrc_cause c) {
  switch (c) {
    case rrc_cause::mo_signalling:
      return ngap::rrc_establishment_cause::mo_signalling;
    case rrc_cause::mt_access:
      return ngap::rrc_establishment_cause::mt_access;
    case rrc_cause::mo_data:
      return ngap::rrc_establishment_cause::mo_data;
    case rrc_cause::emergency:
      return ngap::rrc_establishment_cause::emergency;
  }
  return ngap::rrc_establishment_cause::mo_signalling;
}

// TS 38.413 §9.3.1.56 Time to Wait.
std::chrono::seconds wait_of(ngap::time_to_wait t) {
  switch (t) {
    case ngap::time_to_wait::v1_s:
      return std::chrono::seconds(1);
    case ngap::time_to_wait::v2_s:
      return std::chrono::seconds(2);
    case ngap::time_to_wait::v5_s:
      return std::chrono::seconds(5);
    case ngap::time_to_wait::v10_s:
      return std::chrono::seconds(10);
    case ngap::time_to_wait::v20_s:
      return std::chrono::seconds(20);
    case ngap::time_to_wait::v60_s:
      return std::chrono::seconds(60);
  }
  return std::chrono::seconds(60);
}

}  // namespace

std::string_view to_string(gnb_state s) {
  switch (s) {
    case gnb_state::idle:
      return "idle";
    case gnb_state::setup_pending:
      return "NG setup pending";
    case gnb_state::waiting_retry:
      return "waiting to retry NG setup";
    case gnb_state::ready:
      return "ready";
    case gnb_state::failed:
      return "NG setup failed";
  }
  return "?";
}

gnb::gnb(gnb_config config, gnb_notifier& notifier, async::timer_service& timers)
    : config_(std::move(config)),
      notifier_(notifier),
      timers_(timers),
      next_ran_id_(config_.first_ran_ue_id),
      next_dl_teid_(config_.first_dl_teid) {
  plmn_ = ngap::make_plmn(config_.mcc, config_.mnc).value_or(ngap::plmn_identity{});
  location_ = ngap::nr_location(plmn_, config_.tac, config_.nr_cell_id);
}

gnb::~gnb() {
  if (retry_timer_) {
    timers_.cancel(*retry_timer_);
  }
}

void gnb::set_state(gnb_state next) {
  static const auto logger = log::get("sim");
  logger->info("gNB {} ({}): {} -> {}", config_.gnb_id, config_.name, to_string(state_),
               to_string(next));
  state_ = next;
  notifier_.on_gnb_state(next);
}

void gnb::send(std::uint16_t stream, const ngap::ngap_pdu& pdu) {
  auto bytes = ngap::encode(pdu);
  if (!bytes) {
    return;
  }
  notifier_.on_ngap_send(stream, std::move(*bytes));
}

std::uint16_t gnb::stream_for(glasscore::ran_ue_ngap_id id) const {
  // TS 38.412 §7: stream 0 is for non-UE-associated signalling; a UE keeps one stream.
  if (config_.streams <= 1) {
    return 0;
  }
  return static_cast<std::uint16_t>(1 + value_of(id) % (config_.streams - 1U));
}

void gnb::start() {
  if (retry_timer_) {
    timers_.cancel(*retry_timer_);
    retry_timer_.reset();
  }
  ngap::supported_ta ta;
  ta.tac = config_.tac;
  ta.plmn = plmn_;
  for (const auto& s : config_.slices) {
    ta.slices.push_back(ngap::make_s_nssai(s.sst, s.sd));
  }
  ++counters_.ng_setup_requests;
  set_state(gnb_state::setup_pending);
  send(0, ngap::build_ng_setup_request(
              ngap::make_gnb_id(plmn_, config_.gnb_id, config_.gnb_id_bits), config_.name, {ta}));
}

void gnb::send_error_indication(std::optional<ngap::ue_ids> ids, const ngap::cause& c) {
  ++counters_.error_indications_sent;
  const auto stream = ids ? stream_for(ids->ran) : std::uint16_t{0};
  send(stream, ngap::build_error_indication(ids, c));
}

void gnb::handle_ngap(std::uint16_t /*stream*/, byte_span bytes) {
  auto decoded = ngap::decode<ngap::ngap_pdu>(bytes);
  if (!decoded) {
    // TS 38.413 §10.2: transfer syntax error, answered with Error Indication.
    ++counters_.decode_errors;
    send_error_indication(std::nullopt,
                          ngap::make_cause(ngap::cause_protocol::transfer_syntax_error));
    return;
  }
  const auto& pdu = decoded->value;
  if (decoded->must_reject()) {
    // §10.3: a missing or not understood IE of criticality reject; one Error Indication
    // with Criticality Diagnostics serves every procedure class here.
    ++counters_.decode_errors;
    ngap::error_indication e;
    e.cause = ngap::make_cause(ngap::cause_protocol::abstract_syntax_error_reject);
    e.criticality_diagnostics = ngap::make_criticality_diagnostics(pdu, decoded->diagnostics);
    const auto ids = ngap::ue_ids_of(pdu);
    if (ids.amf) {
      e.amf_ue_ngap_id = value_of(*ids.amf);
    }
    if (ids.ran) {
      e.ran_ue_ngap_id = value_of(*ids.ran);
    }
    ++counters_.error_indications_sent;
    send(0, ngap::make_pdu(std::move(e)));
    return;
  }
  if (ngap::message_of<ngap::ng_setup_response>(pdu) != nullptr) {
    const auto* m = ngap::message_of<ngap::ng_setup_response>(pdu);
    amf_name_ = m->amf_name;
    amf_capacity_ = m->relative_amf_capacity;
    set_state(gnb_state::ready);
  } else if (const auto* f = ngap::message_of<ngap::ng_setup_failure>(pdu)) {
    on_ng_setup_failure(*f);
  } else if (const auto* dl = ngap::message_of<ngap::downlink_nas_transport>(pdu)) {
    on_downlink_nas(*dl);
  } else if (const auto* ics = ngap::message_of<ngap::initial_context_setup_request>(pdu)) {
    on_initial_context_setup(*ics);
  } else if (const auto* rel = ngap::message_of<ngap::ue_context_release_command>(pdu)) {
    on_ue_context_release(*rel);
  } else if (const auto* su = ngap::message_of<ngap::pdu_session_resource_setup_request>(pdu)) {
    on_pdu_session_setup(*su);  // gnb_sessions.cpp
  } else if (const auto* rc = ngap::message_of<ngap::pdu_session_resource_release_command>(pdu)) {
    on_pdu_session_release(*rc);
  } else if (const auto* mr = ngap::message_of<ngap::pdu_session_resource_modify_request>(pdu)) {
    on_pdu_session_modify(*mr);
  } else if (const auto* reset = ngap::message_of<ngap::ng_reset>(pdu)) {
    on_ng_reset(*reset);
  } else if (const auto* update = ngap::message_of<ngap::amf_configuration_update>(pdu)) {
    // §8.7.3.2: take what changed and acknowledge (no TNL association changes here).
    if (update->amf_name) {
      amf_name_ = *update->amf_name;
    }
    if (update->relative_amf_capacity) {
      amf_capacity_ = *update->relative_amf_capacity;
    }
    ++counters_.amf_configuration_updates;
    send(0, ngap::build_amf_configuration_update_acknowledge());
  } else if (ngap::message_of<ngap::error_indication>(pdu) != nullptr) {
    // §8.7.5: nothing to answer; the count tells the user the AMF objected to something.
    ++counters_.error_indications_received;
  } else if (ngap::message_of<ngap::ng_reset_acknowledge>(pdu) != nullptr) {
    // Our own NG Reset is not sent by this gNB; an unsolicited acknowledge is ignored.
    ++counters_.unsupported;
  } else {
    ++counters_.unsupported;
  }
}

void gnb::on_ng_setup_failure(const ngap::ng_setup_failure& m) {
  ++counters_.ng_setup_failures;
  if (!m.time_to_wait) {
    set_state(gnb_state::failed);
    return;
  }
  // §8.7.1.4: not before Time to Wait has passed.
  set_state(gnb_state::waiting_retry);
  retry_timer_ = timers_.schedule_after(wait_of(*m.time_to_wait), [this] {
    retry_timer_.reset();
    start();
  });
}

gnb_ue_context* gnb::context_for(const ngap::ue_id_fields& ids) {
  if (ids.ran) {
    auto it = ues_.find(value_of(*ids.ran));
    if (it == ues_.end()) {
      return nullptr;
    }
    return &it->second;
  }
  if (ids.amf) {
    for (auto& [id, ue] : ues_) {
      if (ue.amf_id == ids.amf) {
        return &ue;
      }
    }
  }
  return nullptr;
}

void gnb::on_downlink_nas(const ngap::downlink_nas_transport& m) {
  const ngap::ue_id_fields ids{glasscore::amf_ue_ngap_id{m.amf_ue_ngap_id},
                               glasscore::ran_ue_ngap_id{m.ran_ue_ngap_id}};
  auto* ue = context_for(ids);
  if (ue == nullptr) {
    ++counters_.unknown_ue;
    send_error_indication(ngap::ue_ids{*ids.amf, *ids.ran},
                          ngap::make_cause(ngap::cause_radio_network::unknown_local_ue_ngap_id));
    return;
  }
  if (ue->amf_id && *ue->amf_id != *ids.amf) {
    // §8.6.2.4 / §10.6: the AMF UE NGAP ID changed under the same RAN UE NGAP ID.
    ++counters_.unknown_ue;
    send_error_indication(
        ngap::ue_ids{*ids.amf, *ids.ran},
        ngap::make_cause(ngap::cause_radio_network::inconsistent_remote_ue_ngap_id));
    return;
  }
  ue->amf_id = ids.amf;
  ++counters_.downlink_nas;
  ue->link->on_downlink_nas(m.nas_pdu);
}

void gnb::on_initial_context_setup(const ngap::initial_context_setup_request& m) {
  const ngap::ue_ids ids{glasscore::amf_ue_ngap_id{m.amf_ue_ngap_id},
                         glasscore::ran_ue_ngap_id{m.ran_ue_ngap_id}};
  auto* ue = context_for({ids.amf, ids.ran});
  if (ue == nullptr || (ue->amf_id && *ue->amf_id != ids.amf)) {
    ++counters_.unknown_ue;
    send_error_indication(ids,
                          ngap::make_cause(ngap::cause_radio_network::unknown_local_ue_ngap_id));
    return;
  }
  ue->amf_id = ids.amf;
  ue->kgnb = m.security_key.bytes;
  ue->security_capabilities = m.ue_security_capabilities;
  ue->context_setup = true;
  ++counters_.context_setups;
  // The radio side (AS security, RRC reconfiguration) is abstracted: the context is up
  // at once, and the NAS PDU goes to the UE after the response, as over RRC.
  ngap::initial_context_setup_response response;
  response.amf_ue_ngap_id = value_of(ids.amf);
  response.ran_ue_ngap_id = value_of(ids.ran);
  // §8.3.1.2: PDU sessions in the request are set up as by PDU Session Resource Setup.
  std::vector<std::vector<std::uint8_t>> session_nas;
  setup_context_sessions(*ue, m, response, session_nas);
  gnb_ue_link* link = ue->link;
  send(ue->stream, ngap::make_pdu(std::move(response)));
  if (m.nas_pdu) {
    ++counters_.downlink_nas;
    link->on_downlink_nas(*m.nas_pdu);
  }
  for (const auto& pdu : session_nas) {
    ++counters_.downlink_nas;
    link->on_downlink_nas(pdu);
  }
}

void gnb::release(gnb_ue_context& ue, bool notify_ue) {
  drop_sessions(ue);
  gnb_ue_link* link = ue.link;
  by_link_.erase(link);
  ues_.erase(value_of(ue.ran_id));
  if (notify_ue && link != nullptr) {
    link->on_rrc_release();
  }
}

void gnb::on_ue_context_release(const ngap::ue_context_release_command& m) {
  ngap::ue_id_fields ids;
  if (const auto* pair = std::get_if<ngap::ue_ngap_id_pair>(&m.ue_ngap_ids.value)) {
    ids.amf = glasscore::amf_ue_ngap_id{pair->amf_ue_ngap_id};
    ids.ran = glasscore::ran_ue_ngap_id{pair->ran_ue_ngap_id};
  } else if (const auto* amf = std::get_if<ngap::amf_ue_ngap_id>(&m.ue_ngap_ids.value)) {
    ids.amf = glasscore::amf_ue_ngap_id{*amf};
  }
  auto* ue = context_for(ids);
  if (ue == nullptr) {
    ++counters_.unknown_ue;
    if (ids.amf && ids.ran) {
      send_error_indication(ngap::ue_ids{*ids.amf, *ids.ran},
                            ngap::make_cause(ngap::cause_radio_network::unknown_local_ue_ngap_id));
    }
    return;
  }
  const ngap::ue_ids reply{ids.amf.value_or(ue->amf_id.value_or(glasscore::amf_ue_ngap_id{})),
                           ue->ran_id};
  const auto stream = ue->stream;
  gnb_ue_link* link = ue->link;
  ++counters_.context_releases;
  release(*ue, false);
  // Complete first: the UE may start a new connection as soon as it is released.
  send(stream, ngap::build_ue_context_release_complete(reply));
  if (link != nullptr) {
    link->on_rrc_release();
  }
}

void gnb::on_ng_reset(const ngap::ng_reset& m) {
  ++counters_.ng_resets;
  // §8.7.4.2.2: release the indicated UE-associated connections (or all) and acknowledge.
  if (const auto* list =
          std::get_if<ngap::ue_associated_logical_ng_connection_list>(&m.reset_type.value)) {
    std::vector<ngap::ue_ids> acknowledged;
    for (const auto& item : *list) {
      ngap::ue_id_fields ids;
      if (item.amf_ue_ngap_id) {
        ids.amf = glasscore::amf_ue_ngap_id{*item.amf_ue_ngap_id};
      }
      if (item.ran_ue_ngap_id) {
        ids.ran = glasscore::ran_ue_ngap_id{*item.ran_ue_ngap_id};
      }
      if (auto* ue = context_for(ids)) {
        acknowledged.push_back({ue->amf_id.value_or(glasscore::amf_ue_ngap_id{}), ue->ran_id});
        release(*ue, true);
      }
    }
    send(0, ngap::build_ng_reset_acknowledge(acknowledged));
    return;
  }
  handle_association_lost();
  send(0, ngap::build_ng_reset_acknowledge());
}

void gnb::handle_association_lost() {
  std::vector<gnb_ue_link*> links;
  links.reserve(ues_.size());
  for (auto& [id, ue] : ues_) {
    drop_sessions(ue);
    links.push_back(ue.link);
  }
  ues_.clear();
  by_link_.clear();
  for (auto* link : links) {
    link->on_rrc_release();
  }
}

expected<glasscore::ran_ue_ngap_id, gnb_error> gnb::handle_uplink_nas(gnb_ue_link& link,
                                                                      const uplink_nas& message) {
  if (state_ != gnb_state::ready) {
    ++counters_.uplink_refused;
    return fail(gnb_error::not_ready);
  }
  auto existing = by_link_.find(&link);
  if (existing != by_link_.end() && !message.initial) {
    auto& ue = ues_.at(existing->second);
    if (!ue.amf_id) {
      ++counters_.uplink_refused;
      return fail(gnb_error::no_amf_ue_id);
    }
    ++counters_.uplink_nas;
    send(ue.stream,
         ngap::build_uplink_nas_transport({*ue.amf_id, ue.ran_id}, message.pdu, location_));
    return ue.ran_id;
  }
  if (existing != by_link_.end()) {
    // The UE started a new connection over an old one: the old context is gone locally
    // (its PDU session resources with it: the user plane is inactive until set up again).
    release(ues_.at(existing->second), false);
  }
  // TS 38.413 §9.3.3.2: RAN UE NGAP ID is INTEGER (0..2^32-1); skip IDs still in use.
  std::uint32_t id = next_ran_id_;
  std::uint64_t tries = 0;
  while (ues_.contains(id)) {
    ++id;
    if (++tries > 0xffffffffULL) {
      ++counters_.uplink_refused;
      return fail(gnb_error::id_space_exhausted);
    }
  }
  next_ran_id_ = id + 1;
  gnb_ue_context ue;
  ue.ran_id = glasscore::ran_ue_ngap_id{id};
  ue.stream = stream_for(ue.ran_id);
  ue.link = &link;
  const auto stream = ue.stream;
  ues_.emplace(id, std::move(ue));
  by_link_[&link] = id;
  std::optional<ngap::five_g_s_tmsi> s_tmsi;
  if (message.s_tmsi) {
    s_tmsi = to_ngap(*message.s_tmsi);
  }
  ++counters_.initial_ue_messages;
  send(stream, ngap::build_initial_ue_message(glasscore::ran_ue_ngap_id{id}, message.pdu, location_,
                                              to_ngap(message.cause), s_tmsi));
  return glasscore::ran_ue_ngap_id{id};
}

bool gnb::request_release(const gnb_ue_link& link, const ngap::cause& cause) {
  const gnb_ue_context* ue = find(link);
  if (ue == nullptr || !ue->amf_id) {
    return false;
  }
  send(ue->stream, ngap::build_ue_context_release_request({*ue->amf_id, ue->ran_id}, cause));
  return true;
}

void gnb::detach(gnb_ue_link& link) {
  auto it = by_link_.find(&link);
  if (it != by_link_.end()) {
    if (auto ue = ues_.find(it->second); ue != ues_.end()) {
      drop_sessions(ue->second);
    }
    ues_.erase(it->second);
    by_link_.erase(it);
  }
}

const gnb_ue_context* gnb::find(glasscore::ran_ue_ngap_id id) const {
  auto it = ues_.find(value_of(id));
  return it == ues_.end() ? nullptr : &it->second;
}

const gnb_ue_context* gnb::find(const gnb_ue_link& link) const {
  auto it = by_link_.find(&link);
  return it == by_link_.end() ? nullptr : find(glasscore::ran_ue_ngap_id{it->second});
}

}  // namespace glasscore::sim
