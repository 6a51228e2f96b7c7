// The UPF's N4 procedures, TS 29.244 V17: association (§6.2.6-§6.2.8), heartbeat (§6.2.2,
// answered by pfcp::node), session establishment/modification/deletion (§6.3.2-§6.3.4)
// and usage reporting (§6.3.5, §5.2.2).
#include "n4_handler.h"

#include <algorithm>

namespace glasscore::upf::n4 {

using namespace glasscore::pfcp;

struct n4_handler::session {
  std::uint64_t local_seid = 0;
  std::uint64_t cp_seid = 0;
  transport::socket_address peer;
  std::map<std::uint16_t, create_pdr> pdrs;
  std::map<std::uint32_t, create_far> fars;
  std::map<std::uint32_t, create_qer> qers;
  std::map<std::uint32_t, create_urr> urrs;
  std::map<std::uint8_t, std::uint32_t> chosen_teids;     // CHOOSE ID -> TEID (§5.5.3)
  std::map<std::uint16_t, f_teid> local_f_teids;          // PDR ID -> its local F-TEID
  std::map<std::uint32_t, std::uint32_t> ur_seqn;         // URR ID -> last UR-SEQN
  std::map<std::uint32_t, std::uint64_t> reported_bytes;  // URR ID -> total at last report
  std::optional<session_rules> installed;
};

namespace {

/// A rejection: the cause, Offending IE and Failed Rule ID of a Session Establishment or
/// Modification Response (§7.5.3.1, §7.5.5.1).
struct rejection {
  cause_value cause;
  std::optional<std::uint16_t> offending_ie;
  std::optional<failed_rule_id> failed_rule;
};

// Usage Report Trigger (§8.2.41) octets: VOLTH is octet 5 bit 2, TERMR octet 6 bit 4.
flag_octets trigger(unsigned octet, unsigned bit) {
  flag_octets f;
  f.octets.assign(3, 0);
  f.set(octet, bit);
  return f;
}

config::ip_address to_ip(const ipv4_address& a) {
  config::ip_address ip;
  ip.family = config::ip_family::v4;
  std::copy(a.begin(), a.end(), ip.bytes.begin());
  return ip;
}

config::ip_address to_ip(const ipv6_address& a) {
  config::ip_address ip;
  ip.family = config::ip_family::v6;
  std::copy(a.begin(), a.end(), ip.bytes.begin());
  return ip;
}

// §8.2.7: DL gate bits 2-1, UL gate bits 4-3; 0 = OPEN. §8.2.8: MBR in kbit/s.
qos_enforcement enforcement(const create_qer& q, bool uplink) {
  qos_enforcement e;
  const auto gate = uplink ? (q.gate_status >> 2) & 0x03 : q.gate_status & 0x03;
  e.gate_open = gate == 0;
  if (q.mbr) {
    e.max_bit_rate = (uplink ? q.mbr->uplink : q.mbr->downlink) * 1000;
  }
  return e;
}

failed_rule_id pdr_rule(std::uint16_t id) {
  return {failed_rule_id::rule::pdr, id};
}

// Every rule a PDR names must exist (§6.3.2.1: otherwise Rule creation/modification
// Failure with the PDR as Failed Rule ID).
std::optional<rejection> check_references(const n4_handler::session& s) {
  for (const auto& [id, pdr] : s.pdrs) {
    if (pdr.far_id && !s.fars.contains(*pdr.far_id)) {
      return rejection{cause_value::rule_creation_modification_failure, ie_type::far_id,
                       pdr_rule(id)};
    }
    for (auto q : pdr.qer_ids) {
      if (!s.qers.contains(q)) {
        return rejection{cause_value::rule_creation_modification_failure, ie_type::qer_id,
                         pdr_rule(id)};
      }
    }
    for (auto u : pdr.urr_ids) {
      if (!s.urrs.contains(u)) {
        return rejection{cause_value::rule_creation_modification_failure, ie_type::urr_id,
                         pdr_rule(id)};
      }
    }
  }
  return std::nullopt;
}

const create_qer* first_qer(const n4_handler::session& s, const create_pdr& pdr) {
  for (auto q : pdr.qer_ids) {
    if (auto it = s.qers.find(q); it != s.qers.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

// The data path's rules from the session's PDRs/FARs/QERs (session_rules.h): the Access
// PDR with an F-TEID is the uplink, the Core PDR with a UE IP address the downlink; the
// lowest Precedence value wins when several qualify (§5.2.1).
expected<session_rules, rejection> build_rules(const n4_handler::session& s) {
  const create_pdr* ul = nullptr;
  const create_pdr* dl = nullptr;
  for (const auto& [id, pdr] : s.pdrs) {
    if (pdr.pdi_ie.source_interface == 0 && s.local_f_teids.contains(id)) {
      if (ul == nullptr || pdr.precedence < ul->precedence) {
        ul = &pdr;
      }
    } else if (pdr.pdi_ie.source_interface == 1 && pdr.pdi_ie.ue_ip) {
      if (dl == nullptr || pdr.precedence < dl->precedence) {
        dl = &pdr;
      }
    }
  }
  if (ul == nullptr) {
    return fail(
        rejection{cause_value::rule_creation_modification_failure, ie_type::f_teid, std::nullopt});
  }
  if (dl == nullptr) {
    return fail(rejection{cause_value::rule_creation_modification_failure, ie_type::ue_ip_address,
                          std::nullopt});
  }
  session_rules r;
  r.seid = static_cast<pfcp_seid>(s.local_seid);
  r.uplink.teid = static_cast<gtpu_teid>(s.local_f_teids.at(ul->pdr_id).teid);
  if (!ul->pdi_ie.qfis.empty()) {
    r.uplink.required_qfi = static_cast<qos_flow_id>(ul->pdi_ie.qfis.front() & 0x3F);
  }
  r.uplink.apply = uplink_rule::action::drop;
  if (ul->far_id) {
    const auto& far = s.fars.at(*ul->far_id);
    if (far.action.has(apply_action::forw)) {
      r.uplink.apply = uplink_rule::action::forward_to_n6;
    }
  }
  if (const auto* q = first_qer(s, *ul)) {
    r.uplink.qer = enforcement(*q, true);
  }
  const auto& ue = *dl->pdi_ie.ue_ip;
  if (ue.ipv4) {
    r.downlink.ue_ipv4 = to_ip(*ue.ipv4);
  }
  if (ue.ipv6) {
    r.downlink.ue_ipv6_prefix = to_ip(*ue.ipv6);
  }
  r.downlink.apply = downlink_rule::action::drop;
  if (dl->far_id) {
    const auto& far = s.fars.at(*dl->far_id);
    const auto* ohc = far.forwarding && far.forwarding->outer_header_creation_ie
                          ? &*far.forwarding->outer_header_creation_ie
                          : nullptr;
    if (far.action.has(apply_action::forw) && ohc != nullptr && ohc->teid) {
      r.downlink.apply = downlink_rule::action::forward_to_gnb;
      r.downlink.gnb_teid = static_cast<gtpu_teid>(*ohc->teid);
      if (ohc->ipv4) {
        r.downlink.gnb_address = to_ip(*ohc->ipv4);
      } else if (ohc->ipv6) {
        r.downlink.gnb_address = to_ip(*ohc->ipv6);
      }
    } else if (far.action.has(apply_action::buff)) {
      r.downlink.apply = downlink_rule::action::buffer;
    }
  }
  if (const auto* q = first_qer(s, *dl)) {
    r.downlink.qer = enforcement(*q, false);
    if (q->qfi) {
      r.downlink.qfi = static_cast<qos_flow_id>(*q->qfi & 0x3F);
    }
  }
  return r;
}

cause_value cause_for(datapath_error e) {
  switch (e) {
    case datapath_error::table_full:
      return cause_value::no_resources_available;
    case datapath_error::not_running:
      return cause_value::system_failure;
    default:
      return cause_value::rule_creation_modification_failure;
  }
}

usage_report make_usage_report(std::uint32_t urr_id, std::uint32_t seqn, flag_octets why,
                               const session_counters& c) {
  usage_report u;
  u.urr_id = urr_id;
  u.ur_seqn = seqn;
  u.usage_report_trigger = std::move(why);
  volume v;
  v.uplink = c.uplink_bytes;
  v.downlink = c.downlink_bytes;
  v.total = c.uplink_bytes + c.downlink_bytes;
  v.uplink_packets = c.uplink_packets;
  v.downlink_packets = c.downlink_packets;
  v.total_packets = c.uplink_packets + c.downlink_packets;
  u.volume_measurement = v;
  return u;
}

message response_seidless(message_body body) {
  message m;
  m.body = std::move(body);
  return m;
}

message response(std::uint64_t seid, message_body body) {
  message m;
  m.hdr.seid = seid;
  m.body = std::move(body);
  return m;
}

}  // namespace

n4_handler::n4_handler(n4_config config, rules_sink& sink)
    : config_(std::move(config)),
      sink_(sink),
      next_teid_(config_.first_teid),
      next_seid_(config_.first_seid) {}

n4_handler::~n4_handler() = default;

std::uint64_t n4_handler::peer_seid(std::uint64_t local_seid) const {
  auto it = sessions_.find(local_seid);
  return it == sessions_.end() ? 0 : it->second.cp_seid;
}

std::optional<message> n4_handler::handle(const message& m, const transport::socket_address& from) {
  if (const auto* r = std::get_if<association_setup_request>(&m.body)) {
    return association_setup(*r);
  }
  if (const auto* r = std::get_if<association_update_request>(&m.body)) {
    association_update_response rsp;
    rsp.node = config_.self;
    rsp.cause = peer_node_ && r->node == *peer_node_ ? cause_value::request_accepted
                                                     : cause_value::no_established_pfcp_association;
    rsp.up_function_features = config_.up_function_features;
    return response_seidless(rsp);
  }
  if (const auto* r = std::get_if<association_release_request>(&m.body)) {
    association_release_response rsp;
    rsp.node = config_.self;
    if (peer_node_ && r->node == *peer_node_) {
      // §6.2.8.1: releasing the association deletes its sessions.
      for (auto& [seid, s] : sessions_) {
        (void)sink_.remove(static_cast<pfcp_seid>(seid));
      }
      sessions_.clear();
      peer_node_.reset();
      rsp.cause = cause_value::request_accepted;
    } else {
      rsp.cause = cause_value::no_established_pfcp_association;
    }
    return response_seidless(rsp);
  }
  if (std::holds_alternative<heartbeat_request>(m.body)) {
    return std::nullopt;  // pfcp::node answers with the Recovery Time Stamp
  }
  if (!is_session_message(m.hdr.type)) {
    return std::nullopt;
  }
  if (!peer_node_) {
    // §6.3.2.1 etc.: no session without an association.
    return make_rejection(m.hdr, cause_value::no_established_pfcp_association, std::nullopt,
                          config_.self, config_.recovery_time_stamp,
                          std::holds_alternative<session_establishment_request>(m.body)
                              ? std::get<session_establishment_request>(m.body).cp_f_seid.seid
                              : 0);
  }
  if (std::holds_alternative<session_establishment_request>(m.body)) {
    return establish(m, from);
  }
  if (std::holds_alternative<session_modification_request>(m.body)) {
    return modify(m);
  }
  if (std::holds_alternative<session_deletion_request>(m.body)) {
    return remove(m);
  }
  return std::nullopt;  // Session Report Request is the UPF's to send, not to receive
}

std::optional<message> n4_handler::association_setup(const association_setup_request& r) {
  // §6.2.6.2.2: a new setup from the same node replaces the association; its sessions
  // are kept only if the peer says so (PFCP Session Retention, not supported: deleted).
  if (peer_node_ && *peer_node_ == r.node) {
    for (auto& [seid, s] : sessions_) {
      (void)sink_.remove(static_cast<pfcp_seid>(seid));
    }
    sessions_.clear();
  }
  peer_node_ = r.node;
  association_setup_response rsp;
  rsp.node = config_.self;
  rsp.cause = cause_value::request_accepted;
  rsp.recovery_time_stamp = config_.recovery_time_stamp;
  rsp.up_function_features = config_.up_function_features;
  return response_seidless(rsp);
}

std::optional<message> n4_handler::establish(const message& m,
                                             const transport::socket_address& from) {
  const auto& req = std::get<session_establishment_request>(m.body);
  const auto cp_seid = req.cp_f_seid.seid;
  auto reject = [&](const rejection& r) {
    session_establishment_response rsp;
    rsp.node = config_.self;
    rsp.cause = r.cause;
    rsp.offending_ie = r.offending_ie;
    rsp.failed_rule = r.failed_rule;
    return response(cp_seid, rsp);
  };
  session s;
  s.local_seid = next_seid_;
  s.cp_seid = cp_seid;
  s.peer = from;
  for (const auto& f : req.create_fars) {
    s.fars[f.far_id] = f;
  }
  for (const auto& q : req.create_qers) {
    s.qers[q.qer_id] = q;
  }
  for (const auto& u : req.create_urrs) {
    s.urrs[u.urr_id] = u;
  }
  std::uint32_t teid = next_teid_;
  session_establishment_response rsp;
  for (const auto& p : req.create_pdrs) {
    s.pdrs[p.pdr_id] = p;
    if (!p.pdi_ie.local_f_teid) {
      continue;
    }
    const auto& ft = *p.pdi_ie.local_f_teid;
    f_teid local = ft;
    if (ft.choose) {
      // §5.5.3: the UP function allocates; PDRs with the same CHOOSE ID share one F-TEID.
      // With both V4 and V6 set it gives the families it has (§8.2.3); none -> cause 71.
      const bool v4 = ft.choose_v4 && config_.n3_ipv4.has_value();
      const bool v6 = ft.choose_v6 && config_.n3_ipv6.has_value();
      if (!v4 && !v6) {
        return reject(
            {cause_value::invalid_f_teid_allocation_option, ie_type::f_teid, pdr_rule(p.pdr_id)});
      }
      local = f_teid{};
      if (ft.choose_id && s.chosen_teids.contains(*ft.choose_id)) {
        local.teid = s.chosen_teids.at(*ft.choose_id);
      } else {
        local.teid = teid++;
        if (ft.choose_id) {
          s.chosen_teids[*ft.choose_id] = local.teid;
        }
      }
      if (v4) {
        local.ipv4 = config_.n3_ipv4;
      }
      if (v6) {
        local.ipv6 = config_.n3_ipv6;
      }
      created_pdr c;
      c.pdr_id = p.pdr_id;
      c.local_f_teid = local;
      rsp.created_pdrs.push_back(c);  // §7.5.3.2: the F-TEID the UP function chose
    }
    s.local_f_teids[p.pdr_id] = local;
  }
  if (auto bad = check_references(s)) {
    return reject(*bad);
  }
  auto rules = build_rules(s);
  if (!rules) {
    return reject(rules.error());
  }
  if (auto r = sink_.install(*rules); !r) {
    return reject({cause_for(r.error()), std::nullopt, std::nullopt});
  }
  s.installed = *rules;
  next_teid_ = teid;
  ++next_seid_;
  rsp.node = config_.self;
  rsp.cause = cause_value::request_accepted;
  rsp.up_f_seid = f_seid{s.local_seid, config_.n3_ipv4, std::nullopt};
  if (!rsp.up_f_seid->ipv4) {
    rsp.up_f_seid->ipv6 = config_.n3_ipv6.value_or(ipv6_address{});
  }
  sessions_.emplace(s.local_seid, std::move(s));
  return response(cp_seid, rsp);
}

std::optional<message> n4_handler::modify(const message& m) {
  const auto& req = std::get<session_modification_request>(m.body);
  auto it = sessions_.find(m.hdr.seid.value_or(0));
  if (it == sessions_.end()) {
    // §6.3.3: an unknown SEID is answered with SEID 0 and Session context not found.
    return make_rejection(m.hdr, cause_value::session_context_not_found, std::nullopt, config_.self,
                          config_.recovery_time_stamp, 0);
  }
  session updated = it->second;  // applied only if the whole request succeeds (§6.3.3)
  auto reject = [&](const rejection& r) {
    session_modification_response rsp;
    rsp.cause = r.cause;
    rsp.offending_ie = r.offending_ie;
    rsp.failed_rule = r.failed_rule;
    return response(it->second.cp_seid, rsp);
  };
  for (const auto& r : req.remove_pdrs) {
    updated.pdrs.erase(r.id);
    updated.local_f_teids.erase(r.id);
  }
  for (const auto& r : req.remove_fars) {
    updated.fars.erase(r.id);
  }
  for (const auto& r : req.remove_urrs) {
    updated.urrs.erase(r.id);
  }
  for (const auto& r : req.remove_qers) {
    updated.qers.erase(r.id);
  }
  for (const auto& f : req.create_fars) {
    updated.fars[f.far_id] = f;
  }
  for (const auto& q : req.create_qers) {
    updated.qers[q.qer_id] = q;
  }
  for (const auto& u : req.create_urrs) {
    updated.urrs[u.urr_id] = u;
  }
  for (const auto& p : req.create_pdrs) {
    if (p.pdi_ie.local_f_teid && p.pdi_ie.local_f_teid->choose) {
      // Choosing in a modification is not supported here: say which option failed.
      return reject(
          {cause_value::invalid_f_teid_allocation_option, ie_type::f_teid, pdr_rule(p.pdr_id)});
    }
    updated.pdrs[p.pdr_id] = p;
    if (p.pdi_ie.local_f_teid) {
      updated.local_f_teids[p.pdr_id] = *p.pdi_ie.local_f_teid;
    }
  }
  bool end_marker = false;
  for (const auto& u : req.update_fars) {
    auto far = updated.fars.find(u.far_id);
    if (far == updated.fars.end()) {
      return reject({cause_value::rule_creation_modification_failure, ie_type::far_id,
                     failed_rule_id{failed_rule_id::rule::far, u.far_id}});
    }
    if (u.action) {
      far->second.action = *u.action;
    }
    if (u.forwarding) {
      auto& fp = far->second.forwarding;
      if (!fp) {
        fp.emplace();
      }
      if (u.forwarding->destination_interface) {
        fp->destination_interface = *u.forwarding->destination_interface;
      }
      if (u.forwarding->network_instance) {
        fp->network_instance = u.forwarding->network_instance;
      }
      if (u.forwarding->outer_header_creation_ie) {
        fp->outer_header_creation_ie = u.forwarding->outer_header_creation_ie;
      }
      // §8.2.31 SNDEM (bit 2): send End Marker packets to the old tunnel.
      end_marker = end_marker || (u.forwarding->pfcpsmreq_flags.value_or(0) & 0x02) != 0;
    }
    if (u.bar_id) {
      far->second.bar_id = u.bar_id;
    }
  }
  for (const auto& u : req.update_qers) {
    auto q = updated.qers.find(u.qer_id);
    if (q == updated.qers.end()) {
      return reject({cause_value::rule_creation_modification_failure, ie_type::qer_id,
                     failed_rule_id{failed_rule_id::rule::qer, u.qer_id}});
    }
    if (u.gate_status) {
      q->second.gate_status = *u.gate_status;
    }
    if (u.mbr) {
      q->second.mbr = u.mbr;
    }
    if (u.gbr) {
      q->second.gbr = u.gbr;
    }
    if (u.qfi) {
      q->second.qfi = u.qfi;
    }
  }
  for (const auto& u : req.update_urrs) {
    auto urr = updated.urrs.find(u.urr_id);
    if (urr == updated.urrs.end()) {
      return reject({cause_value::rule_creation_modification_failure, ie_type::urr_id,
                     failed_rule_id{failed_rule_id::rule::urr, u.urr_id}});
    }
    if (u.volume_threshold) {
      urr->second.volume_threshold = u.volume_threshold;
    }
    if (u.time_threshold) {
      urr->second.time_threshold = u.time_threshold;
    }
    if (u.reporting_triggers) {
      urr->second.reporting_triggers = *u.reporting_triggers;
    }
  }
  for (const auto& u : req.update_pdrs) {
    auto pdr = updated.pdrs.find(u.pdr_id);
    if (pdr == updated.pdrs.end()) {
      return reject(
          {cause_value::rule_creation_modification_failure, ie_type::pdr_id, pdr_rule(u.pdr_id)});
    }
    if (u.precedence) {
      pdr->second.precedence = *u.precedence;
    }
    if (u.pdi_ie) {
      pdr->second.pdi_ie = *u.pdi_ie;
    }
    if (u.outer_header_removal_ie) {
      pdr->second.outer_header_removal_ie = u.outer_header_removal_ie;
    }
    if (u.far_id) {
      pdr->second.far_id = u.far_id;
    }
    if (!u.urr_ids.empty()) {
      pdr->second.urr_ids = u.urr_ids;
    }
    if (!u.qer_ids.empty()) {
      pdr->second.qer_ids = u.qer_ids;
    }
  }
  if (auto bad = check_references(updated)) {
    return reject(*bad);
  }
  auto rules = build_rules(updated);
  if (!rules) {
    return reject(rules.error());
  }
  if (!updated.installed || !(*rules == *updated.installed)) {
    if (auto r = sink_.modify(*rules, end_marker); !r) {
      return reject({cause_for(r.error()), std::nullopt, std::nullopt});
    }
  }
  updated.installed = *rules;
  it->second = std::move(updated);
  session_modification_response rsp;
  rsp.cause = cause_value::request_accepted;
  return response(it->second.cp_seid, rsp);
}

std::optional<message> n4_handler::remove(const message& m) {
  auto it = sessions_.find(m.hdr.seid.value_or(0));
  if (it == sessions_.end()) {
    return make_rejection(m.hdr, cause_value::session_context_not_found, std::nullopt, config_.self,
                          config_.recovery_time_stamp, 0);
  }
  auto& s = it->second;
  session_deletion_response rsp;
  rsp.cause = cause_value::request_accepted;
  auto final_counts = sink_.remove(static_cast<pfcp_seid>(s.local_seid));
  // §7.5.7: one Usage Report per URR, trigger TERMR (termination report, §8.2.41).
  for (const auto& [id, urr] : s.urrs) {
    rsp.usage_reports.push_back(make_usage_report(id, ++s.ur_seqn[id], trigger(6, 4),
                                                  final_counts.value_or(session_counters{})));
  }
  const auto cp_seid = s.cp_seid;
  sessions_.erase(it);
  return response(cp_seid, rsp);
}

std::vector<outgoing_report> n4_handler::usage_reports_due() {
  std::vector<outgoing_report> out;
  for (auto& [seid, s] : sessions_) {
    std::optional<session_counters> c;
    session_report_request report;
    for (const auto& [id, urr] : s.urrs) {
      // §8.2.19 VOLTH (octet 5 bit 2) asks for a report when the Volume Threshold is hit.
      if (!urr.volume_threshold || !urr.reporting_triggers.has(5, 2)) {
        continue;
      }
      if (!c) {
        c = sink_.counters(static_cast<pfcp_seid>(seid));
        if (!c) {
          break;
        }
      }
      const auto total = c->uplink_bytes + c->downlink_bytes;
      const auto& th = *urr.volume_threshold;
      const auto since = total - s.reported_bytes[id];
      const bool hit = (th.total && since >= *th.total) ||
                       (th.uplink && c->uplink_bytes >= *th.uplink) ||
                       (th.downlink && c->downlink_bytes >= *th.downlink);
      if (!hit) {
        continue;
      }
      s.reported_bytes[id] = total;
      report.usage_reports.push_back(make_usage_report(id, ++s.ur_seqn[id], trigger(5, 2), *c));
    }
    if (!report.usage_reports.empty()) {
      report.report_type = 0x02;  // §8.2.21 USAR
      out.push_back({s.peer, response(s.cp_seid, report)});
    }
  }
  return out;
}

}  // namespace glasscore::upf::n4
