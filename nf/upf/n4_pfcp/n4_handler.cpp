// The UPF's N4 procedures, TS 29.244 V17: association (§6.2.6-§6.2.8), heartbeat (§6.2.2,
// answered by pfcp::node), session establishment/modification/deletion (§6.3.2-§6.3.4)
// and usage reporting (§6.3.5, §5.2.2).
#include "n4_handler.h"

#include <algorithm>

#include "flow_description.h"

namespace glasscore::upf::n4 {

using namespace glasscore::pfcp;

// The time side of one URR (§5.2.2.2.1): when its current measurement began (Start Time,
// and what Duration Measurement counts from) and when its next periodic report is due.
struct urr_clock {
  async::time_point start;
  async::time_point next_period;
};

struct n4_handler::session {
  std::uint64_t local_seid = 0;
  std::uint64_t cp_seid = 0;
  transport::socket_address peer;
  std::map<std::uint16_t, create_pdr> pdrs;
  std::map<std::uint32_t, create_far> fars;
  std::map<std::uint32_t, create_qer> qers;
  std::map<std::uint32_t, create_urr> urrs;
  std::optional<create_bar> bar;                       // §7.5.2.6: at most one per session
  std::map<std::uint8_t, std::uint32_t> chosen_teids;  // CHOOSE ID -> TEID (§5.5.3)
  std::map<std::uint16_t, f_teid> local_f_teids;       // PDR ID -> its local F-TEID
  std::map<std::uint32_t, std::uint32_t> ur_seqn;      // URR ID -> last UR-SEQN
  // URR ID -> the session's counters when the URR's current measurement began (its creation,
  // then each report): a report carries the volume since then (measurement_since).
  std::map<std::uint32_t, session_counters> volume_start;
  std::map<std::uint32_t, urr_clock> urr_clocks;  // URR ID -> its time measurement
  std::optional<session_rules> installed;
  std::uint16_t downlink_pdr = 0;  // the PDR a Downlink Data Report names (build_rules)
};

namespace {

/// A rejection: the cause, Offending IE and Failed Rule ID of a Session Establishment or
/// Modification Response (§7.5.3.1, §7.5.5.1).
struct rejection {
  cause_value cause;
  std::optional<std::uint16_t> offending_ie;
  std::optional<failed_rule_id> failed_rule;
};

// Interface values: Source Interface §8.2.2, Destination Interface §8.2.24 (CP-function is
// 3 in both).
constexpr std::uint8_t interface_access = 0;
constexpr std::uint8_t interface_core = 1;
constexpr std::uint8_t interface_cp_function = 3;

// Reporting Triggers (§8.2.19) and Usage Report Trigger (§8.2.41) share these positions:
// octet 5 bit 1 PERIO, bit 2 VOLTH, bit 3 TIMTH; TERMR is octet 6 bit 4 of the latter.
constexpr unsigned perio_bit = 1;
constexpr unsigned volth_bit = 2;
constexpr unsigned timth_bit = 3;
// Measurement Method (§8.2.40): DURAT bit 1, VOLUM bit 2.
constexpr std::uint8_t method_durat = 0x01;
constexpr std::uint8_t method_volum = 0x02;

flag_octets trigger(unsigned octet, unsigned bit) {
  flag_octets f;
  f.octets.assign(3, 0);
  f.set(octet, bit);
  return f;
}

// A fresh time measurement for a URR created or re-armed at `now`.
urr_clock start_clock(const create_urr& u, async::time_point now) {
  return {now, now + std::chrono::seconds(u.measurement_period.value_or(0))};
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
  for (const auto& [id, far] : s.fars) {
    if (far.bar_id && (!s.bar || s.bar->bar_id != *far.bar_id)) {
      return rejection{cause_value::rule_creation_modification_failure, ie_type::bar_id,
                       failed_rule_id{failed_rule_id::rule::far, id}};
    }
  }
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

// A PDR or FAR the data path cannot enforce: Rule creation/modification Failure (§8.2.1,
// cause 73) naming the rule (Failed Rule ID, §7.5.3.1) and the IE at fault (Offending IE).
rejection unenforceable(failed_rule_id rule, std::uint16_t ie) {
  return {cause_value::rule_creation_modification_failure, ie, rule};
}

// The Flow Description of an SDF Filter (§8.2.5), when it is all the filter says: nullopt
// for a filter without one (an SDF Filter ID of a predefined filter, §5.2.1A.2A), with
// ToS/Traffic Class, Security Parameter Index or Flow Label, which the data path does not
// match on, or outside the parser's subset (flow_description.h).
std::optional<flow_description> flow_description_of(const sdf_filter& f) {
  if (!f.flow_description || f.tos_traffic_class || f.security_parameter_index || f.flow_label)
    return std::nullopt;
  return parse_flow_description(*f.flow_description);
}

// The Router Solicitation filter (session_rules.h, cp_function_diversion): one Flow
// Description, "permit out <proto> from <IPv6 address> to assigned", no ports. The remote end
// is "from" (§5.2.1A.2A); "assigned" is not compared: a Router Solicitation comes from the
// UE's link-local address (RFC 4861 §6.3.7).
std::optional<flow_description> router_solicitation_filter(const create_pdr& pdr) {
  if (pdr.pdi_ie.sdf_filters.size() != 1)
    return std::nullopt;
  auto fd = flow_description_of(pdr.pdi_ie.sdf_filters.front());
  if (!fd || !fd->protocol || fd->from.what != flow_endpoint::kind::address ||
      fd->from.address.family != config::ip_family::v6 || fd->from.prefix_length != 128 ||
      !fd->from.ports.empty() || fd->to.what != flow_endpoint::kind::assigned ||
      !fd->to.ports.empty()) {
    return std::nullopt;
  }
  return fd;
}

// One SDF Filter as the data path enforces it (§5.2.1A.2A: "from" is the remote end, "to"
// the UE): a protocol or "ip", a remote address, prefix or "any", a local one or "assigned"
// or "any", ports. Nullopt (refused rather than half enforced) for what
// flow_description_of refuses and for "from assigned" (the UE is the local end).
std::optional<packet_filter> enforceable_filter(const sdf_filter& f) {
  auto fd = flow_description_of(f);
  if (!fd || fd->from.what == flow_endpoint::kind::assigned)
    return std::nullopt;
  packet_filter out;
  out.protocol = fd->protocol;
  if (fd->from.what == flow_endpoint::kind::address)
    out.remote = config::ip_prefix{fd->from.address, fd->from.prefix_length};
  if (fd->to.what == flow_endpoint::kind::address)
    out.local = config::ip_prefix{fd->to.address, fd->to.prefix_length};
  out.remote_ports = std::move(fd->from.ports);
  out.local_ports = std::move(fd->to.ports);
  return out;
}

// The SDF filters of a PDR's PDI (§5.2.1A), all enforceable, or the rejection naming the
// PDR and the IE at fault. An Application ID in the PDI (application detection) is refused
// too: the data path does not detect applications.
expected<std::vector<packet_filter>, rejection> filters_of(const create_pdr& pdr) {
  if (pdr.pdi_ie.application_id) {
    return fail(unenforceable(pdr_rule(pdr.pdr_id), ie_type::application_id));
  }
  std::vector<packet_filter> out;
  for (const sdf_filter& f : pdr.pdi_ie.sdf_filters) {
    auto filter = enforceable_filter(f);
    if (!filter) {
      return fail(unenforceable(pdr_rule(pdr.pdr_id), ie_type::sdf_filter));
    }
    out.push_back(std::move(*filter));
  }
  return out;
}

// The QERs a PDR names (§5.2.1.11), at most two: the first (the QoS flow's) and a second
// (typically the session AMBR's). More are refused rather than ignored. `qfi` gets the QFI
// of the first of them that has one (the downlink PDU Session Container's).
template <class Rule>
expected<void, rejection> apply_qers(const n4_handler::session& s, const create_pdr& pdr,
                                     bool uplink, Rule& rule, qos_flow_id* qfi) {
  if (pdr.qer_ids.size() > 2) {
    return fail(unenforceable(pdr_rule(pdr.pdr_id), ie_type::qer_id));
  }
  for (std::size_t i = 0; i < pdr.qer_ids.size(); ++i) {
    const create_qer& q = s.qers.at(pdr.qer_ids[i]);
    qos_enforcement e = enforcement(q, uplink);
    e.id = q.qer_id;
    if (i == 0) {
      rule.qer = e;
    } else {
      rule.second_qer = e;
    }
    if (qfi != nullptr && q.qfi) {
      *qfi = static_cast<qos_flow_id>(*q.qfi & 0x3F);
      qfi = nullptr;
    }
  }
  return {};
}

// The tunnel a FAR's Outer Header Creation (§8.2.56) asks for: GTP-U/UDP/IPv4 or IPv6 with a
// TEID and the address of that family. Nullopt for anything else (UDP or IP header creation,
// N6 tunnelling, VLAN tags), which the data path cannot do.
std::optional<gtpu_tunnel> gtpu_tunnel_of(const outer_header_creation& ohc) {
  if (!ohc.teid)
    return std::nullopt;
  const auto teid = static_cast<gtpu_teid>(*ohc.teid);
  if ((ohc.description & outer_header_creation::gtpu_udp_ipv4) != 0 && ohc.ipv4)
    return gtpu_tunnel{to_ip(*ohc.ipv4), teid};
  if ((ohc.description & outer_header_creation::gtpu_udp_ipv6) != 0 && ohc.ipv6)
    return gtpu_tunnel{to_ip(*ohc.ipv6), teid};
  return std::nullopt;
}

const outer_header_creation* outer_header_of(const create_far& far) {
  return far.forwarding && far.forwarding->outer_header_creation_ie
             ? &*far.forwarding->outer_header_creation_ie
             : nullptr;
}

failed_rule_id far_rule(std::uint32_t id) {
  return {failed_rule_id::rule::far, id};
}

// The tunnel of a FAR forwarding to the CP function: FORW, Destination Interface
// CP-function, Outer Header Creation GTP-U/UDP/IPv4 with TEID and address (§8.2.56).
std::optional<gtpu_tunnel> cp_function_far(const create_far& far) {
  const auto* ohc = outer_header_of(far);
  if (!far.action.has(apply_action::forw) || ohc == nullptr ||
      far.forwarding->destination_interface != interface_cp_function ||
      (ohc->description & outer_header_creation::gtpu_udp_ipv4) == 0) {
    return std::nullopt;
  }
  return gtpu_tunnel_of(*ohc);
}

// The uplink FAR (§5.2.1A): FORW without Outer Header Creation goes to N6 (Outer Header
// Removal leaves the T-PDU); FORW with GTP-U Outer Header Creation goes on over N9 to the
// PSA (an I-UPF, TS 23.501 §5.6.4, §5.8.2.11.6); any other Outer Header Creation is refused.
expected<void, rejection> map_uplink_far(const create_far& far, uplink_rule& out) {
  out.apply = uplink_rule::action::drop;
  if (!far.action.has(apply_action::forw)) {
    return {};
  }
  const auto* ohc = outer_header_of(far);
  if (ohc == nullptr) {
    out.apply = uplink_rule::action::forward_to_n6;
    return {};
  }
  auto tunnel = gtpu_tunnel_of(*ohc);
  if (!tunnel) {
    return fail(unenforceable(far_rule(far.far_id), ie_type::outer_header_creation));
  }
  out.apply = uplink_rule::action::forward_to_tunnel;
  out.next_hop = *tunnel;
  return {};
}

// The downlink FAR: FORW with GTP-U Outer Header Creation to the gNB (or, at a PSA, to the
// I-UPF's N9 F-TEID), BUFF (§5.2.3), otherwise drop.
void map_downlink_far(const n4_handler::session& s, const create_far& far, downlink_rule& out) {
  out.apply = downlink_rule::action::drop;
  const auto* ohc = outer_header_of(far);
  const auto tunnel = ohc != nullptr ? gtpu_tunnel_of(*ohc) : std::nullopt;
  if (far.action.has(apply_action::forw) && tunnel) {
    out.apply = downlink_rule::action::forward_to_gnb;
    out.gnb_address = tunnel->address;
    out.gnb_teid = tunnel->teid;
  } else if (far.action.has(apply_action::buff)) {
    // §5.2.3: buffer; with NOCP, tell the CP function about the first packet (§5.2.3.1).
    out.apply = downlink_rule::action::buffer;
    out.notify_cp = far.action.has(apply_action::nocp);
    // §5.2.4, §8.2.67: the BAR the FAR names bounds the buffer. Its Downlink Data
    // Notification Delay (§8.2.28, for UEs that are often reachable soon anyway) is not
    // applied: the report goes out at the first buffered packet.
    if (far.bar_id && s.bar && s.bar->bar_id == *far.bar_id &&
        s.bar->suggested_buffering_packets_count) {
      out.buffer_packets = *s.bar->suggested_buffering_packets_count;
    }
  }
}

// An uplink PDR (Access, on the session's F-TEID) with its FAR and QERs.
expected<uplink_rule, rejection> make_uplink(const n4_handler::session& s, const create_pdr& pdr) {
  uplink_rule r;
  r.teid = static_cast<gtpu_teid>(s.local_f_teids.at(pdr.pdr_id).teid);
  r.precedence = pdr.precedence;
  auto filters = filters_of(pdr);
  if (!filters) {
    return fail(filters.error());
  }
  r.filters = std::move(*filters);
  // §5.2.1A, §8.2.89: the PDR matches G-PDUs carrying this QFI. The data path compares one.
  if (pdr.pdi_ie.qfis.size() > 1) {
    return fail(unenforceable(pdr_rule(pdr.pdr_id), ie_type::qfi));
  }
  if (!pdr.pdi_ie.qfis.empty()) {
    r.required_qfi = static_cast<qos_flow_id>(pdr.pdi_ie.qfis.front() & 0x3F);
  }
  r.apply = uplink_rule::action::drop;
  if (pdr.far_id) {
    if (auto ok = map_uplink_far(s.fars.at(*pdr.far_id), r); !ok) {
      return fail(ok.error());
    }
  }
  if (auto ok = apply_qers(s, pdr, true, r, nullptr); !ok) {
    return fail(ok.error());
  }
  return r;
}

// A downlink PDR (by UE address and/or the downlink TEID) with its FAR and QERs.
expected<downlink_rule, rejection> make_downlink(const n4_handler::session& s,
                                                 const create_pdr& pdr) {
  downlink_rule r;
  if (const auto& ue = pdr.pdi_ie.ue_ip) {
    if (ue->ipv4) {
      r.ue_ipv4 = to_ip(*ue->ipv4);
    }
    if (ue->ipv6) {
      r.ue_ipv6_prefix = to_ip(*ue->ipv6);
    }
  }
  r.precedence = pdr.precedence;
  auto filters = filters_of(pdr);
  if (!filters) {
    return fail(filters.error());
  }
  r.filters = std::move(*filters);
  if (pdr.far_id) {
    map_downlink_far(s, s.fars.at(*pdr.far_id), r);
  }
  if (auto ok = apply_qers(s, pdr, false, r, &r.qfi); !ok) {
    return fail(ok.error());
  }
  return r;
}

// The Router Solicitation PDR (session_rules.h, cp_function_diversion): its filter, and its
// FAR's tunnel to the CP function.
expected<cp_function_diversion, rejection> make_diversion(const n4_handler::session& s,
                                                          const create_pdr& pdr) {
  auto fd = router_solicitation_filter(pdr);
  if (!fd) {
    return fail(unenforceable(pdr_rule(pdr.pdr_id), ie_type::sdf_filter));
  }
  auto tunnel = cp_function_far(s.fars.at(*pdr.far_id));
  if (!tunnel) {
    return fail(unenforceable(far_rule(*pdr.far_id), ie_type::forwarding_parameters));
  }
  return cp_function_diversion{*fd->protocol, fd->from.address, *tunnel, pdr.precedence};
}

bool to_cp_function(const n4_handler::session& s, const create_pdr& pdr) {
  if (!pdr.far_id) {
    return false;
  }
  const create_far& far = s.fars.at(*pdr.far_id);
  return far.forwarding && far.forwarding->destination_interface == interface_cp_function;
}

// The data path's rules from the session's PDRs/FARs/QERs (session_rules.h). Each PDR
// keeps its Precedence, PDI match fields (QFI, SDF filters), FAR and QERs; the data path
// classifies packets among them (§5.2.1: the lowest Precedence value among the matching
// PDRs wins). The roles:
// - uplink: every Access PDR with a local F-TEID (N3 from the gNB, or at a PSA N9 from the
//   I-UPF: Source Interface Access is the uplink direction, §8.2.2 NOTE 1), all on one
//   F-TEID (the same TEID or CHOOSE ID). One whose FAR forwards to the CP function is the
//   Router Solicitation diversion and must carry exactly that filter.
// - downlink by UE address: every Core PDR with a UE IP address (N6), all with the same one.
// - downlink by TEID: one PDR with a local F-TEID and Source Interface Core (at an I-UPF, N9
//   from the PSA, TS 23.502 §4.3.2.2.1) or CP-function (the SMF's Router Advertisements,
//   TS 23.501 §5.8.2.2.3). Its packets are classified by the UE-address PDRs, so it must use
//   the FAR of one of them when they exist; alone (an I-UPF) it is the downlink PDR.
// Other PDRs without SDF filter are kept and not enforced; with one they are refused.
// The rules, and the PDR a Downlink Data Report names.
struct built_rules {
  session_rules rules;
  std::uint16_t downlink_pdr = 0;
};

expected<built_rules, rejection> build_rules(const n4_handler::session& s) {
  std::vector<const create_pdr*> ul;
  std::vector<const create_pdr*> dl;
  const create_pdr* to_cp = nullptr;
  const create_pdr* dl_tunnel = nullptr;
  for (const auto& [id, pdr] : s.pdrs) {
    const bool tunnel = s.local_f_teids.contains(id);
    const auto source = pdr.pdi_ie.source_interface;
    if (source == interface_access && tunnel && to_cp_function(s, pdr)) {
      // One Router Solicitation diversion per session (the data path keeps one).
      if (to_cp != nullptr) {
        return fail(unenforceable(pdr_rule(id), ie_type::far_id));
      }
      to_cp = &pdr;
    } else if (source == interface_access && tunnel) {
      ul.push_back(&pdr);
    } else if ((source == interface_core || source == interface_cp_function) && tunnel) {
      if (dl_tunnel != nullptr || !pdr.pdi_ie.sdf_filters.empty()) {
        return fail(unenforceable(pdr_rule(id),
                                  dl_tunnel != nullptr ? ie_type::f_teid : ie_type::sdf_filter));
      }
      dl_tunnel = &pdr;
    } else if (source == interface_core && pdr.pdi_ie.ue_ip) {
      dl.push_back(&pdr);
    } else if (!pdr.pdi_ie.sdf_filters.empty()) {
      return fail(unenforceable(pdr_rule(id), ie_type::sdf_filter));
    }
  }
  if (ul.empty()) {
    return fail(
        rejection{cause_value::rule_creation_modification_failure, ie_type::f_teid, std::nullopt});
  }
  if (dl.empty() && dl_tunnel == nullptr) {
    return fail(rejection{cause_value::rule_creation_modification_failure, ie_type::ue_ip_address,
                          std::nullopt});
  }
  // The data path scans a session's PDRs per packet: at most max_pdrs_per_direction each
  // way. More is a lack of resources (§8.2.1, cause 75 "No resources available"), not a
  // faulty rule.
  if (ul.size() + (to_cp != nullptr ? 1 : 0) > max_pdrs_per_direction ||
      dl.size() > max_pdrs_per_direction) {
    return fail(rejection{cause_value::no_resources_available, std::nullopt, std::nullopt});
  }
  // The downlink PDRs: by UE address, or the TEID PDR alone (I-UPF).
  if (dl.empty()) {
    dl.push_back(dl_tunnel);
  }
  const auto precedence = [](const create_pdr* p) { return p->precedence; };
  std::ranges::stable_sort(ul, {}, precedence);
  std::ranges::stable_sort(dl, {}, precedence);
  session_rules r;
  r.seid = static_cast<pfcp_seid>(s.local_seid);
  for (const create_pdr* pdr : ul) {
    auto rule = make_uplink(s, *pdr);
    if (!rule) {
      return fail(rule.error());
    }
    // One session, one uplink F-TEID: the data path finds the session by it.
    if (pdr != ul.front() && rule->teid != r.uplink.teid) {
      return fail(unenforceable(pdr_rule(pdr->pdr_id), ie_type::f_teid));
    }
    if (pdr == ul.front()) {
      r.uplink = std::move(*rule);
    } else {
      r.other_uplink.push_back(std::move(*rule));
    }
  }
  for (const create_pdr* pdr : dl) {
    auto rule = make_downlink(s, *pdr);
    if (!rule) {
      return fail(rule.error());
    }
    // The UE address keys the session: every UE-address PDR must name the same one.
    if (pdr != dl.front() && (rule->ue_ipv4 != r.downlink.ue_ipv4 ||
                              rule->ue_ipv6_prefix != r.downlink.ue_ipv6_prefix)) {
      return fail(unenforceable(pdr_rule(pdr->pdr_id), ie_type::ue_ip_address));
    }
    if (pdr == dl.front()) {
      r.downlink = std::move(*rule);
    } else {
      r.other_downlink.push_back(std::move(*rule));
    }
  }
  if (to_cp != nullptr) {
    // Only on the uplink F-TEID (same CHOOSE ID, §5.2.1A): the data path diverts there.
    if (s.local_f_teids.at(to_cp->pdr_id).teid != value_of(r.uplink.teid)) {
      return fail(unenforceable(pdr_rule(to_cp->pdr_id), ie_type::f_teid));
    }
    auto diversion = make_diversion(s, *to_cp);
    if (!diversion) {
      return fail(diversion.error());
    }
    r.uplink.to_cp_function = *diversion;
  }
  if (dl_tunnel != nullptr) {
    const auto teid = s.local_f_teids.at(dl_tunnel->pdr_id).teid;
    // Its packets go through the UE-address PDRs: it must share the FAR of one of them.
    // The data path tells the directions apart by TEID: the uplink F-TEID cannot be this.
    const bool shares_far = std::ranges::any_of(
        dl, [&](const create_pdr* p) { return p->far_id == dl_tunnel->far_id; });
    if (!shares_far) {
      return fail(unenforceable(pdr_rule(dl_tunnel->pdr_id), ie_type::far_id));
    }
    if (teid == value_of(r.uplink.teid)) {
      return fail(unenforceable(pdr_rule(dl_tunnel->pdr_id), ie_type::f_teid));
    }
    r.downlink_teid = static_cast<gtpu_teid>(teid);
  }
  // The Downlink Data Report names the PDR whose packets are buffered and announced
  // (§7.5.8.2): the first buffering one with NOCP, in precedence order.
  const auto announces = [&](const create_pdr* p) {
    return p->far_id && s.fars.at(*p->far_id).action.has(apply_action::buff) &&
           s.fars.at(*p->far_id).action.has(apply_action::nocp);
  };
  const auto reported = std::ranges::find_if(dl, announces);
  return built_rules{std::move(r), (reported != dl.end() ? *reported : dl.front())->pdr_id};
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

// The volume of a measurement that began at `start` (§5.2.2.3.1: after a usage report the UP
// function resets its measurement counts and applies the thresholds afresh, so each report
// carries the usage since the previous one, §8.2.44).
session_counters measurement_since(const session_counters& now, const session_counters& start) {
  session_counters d;
  d.uplink_packets = now.uplink_packets - start.uplink_packets;
  d.uplink_bytes = now.uplink_bytes - start.uplink_bytes;
  d.downlink_packets = now.downlink_packets - start.downlink_packets;
  d.downlink_bytes = now.downlink_bytes - start.downlink_bytes;
  return d;
}

// One Usage Report (§7.5.8.3): Volume Measurement for VOLUM URRs (`c`: the volume since the
// measurement began), Duration Measurement (§8.2.45, whole seconds since the measurement
// began) for DURAT URRs, and Start/End Time (§8.2.52/§8.2.53) of the measurement.
usage_report make_usage_report(std::uint32_t urr_id, const create_urr& urr, std::uint32_t seqn,
                               flag_octets why, const session_counters& c, std::uint32_t start,
                               std::uint32_t end) {
  usage_report u;
  u.urr_id = urr_id;
  u.ur_seqn = seqn;
  u.usage_report_trigger = std::move(why);
  u.start_time = start;
  u.end_time = end;
  if ((urr.measurement_method & method_durat) != 0) {
    u.duration_measurement = end - start;
  }
  if ((urr.measurement_method & method_volum) == 0) {
    return u;
  }
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

namespace {

// The default time source: the monotonic clock (timer.h: reports measure intervals and must
// not jump with wall-clock changes).
class steady_clock_source final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return async::clock_type::now(); }
};

const async::clock& default_clock() {
  static const steady_clock_source clock;
  return clock;
}

}  // namespace

n4_handler::n4_handler(n4_config config, rules_sink& sink)
    : config_(std::move(config)),
      sink_(sink),
      clock_(config_.clock != nullptr ? *config_.clock : default_clock()),
      started_(clock_.now()),
      next_teid_(config_.first_teid),
      next_seid_(config_.first_seid) {}

std::uint32_t n4_handler::ntp_seconds(async::time_point t) const {
  // NTP time (§8.2.52) from the Recovery Time Stamp (NTP seconds at start) and the
  // monotonic clock, so a wall-clock step does not move measurements.
  const auto since = std::chrono::duration_cast<std::chrono::seconds>(t - started_).count();
  return config_.recovery_time_stamp + static_cast<std::uint32_t>(since);
}

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
  const auto now = clock_.now();
  for (const auto& u : req.create_urrs) {
    s.urrs[u.urr_id] = u;
    s.urr_clocks[u.urr_id] = start_clock(u, now);
  }
  s.bar = req.create_bar_ie;
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
  if (auto r = sink_.install(rules->rules); !r) {
    return reject({cause_for(r.error()), std::nullopt, std::nullopt});
  }
  s.installed = rules->rules;
  s.downlink_pdr = rules->downlink_pdr;
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
    updated.urr_clocks.erase(r.id);
    updated.volume_start.erase(r.id);
  }
  for (const auto& r : req.remove_qers) {
    updated.qers.erase(r.id);
  }
  if (req.remove_bar_ie && updated.bar && updated.bar->bar_id == req.remove_bar_ie->id) {
    updated.bar.reset();
  }
  if (req.create_bar_ie) {
    updated.bar = req.create_bar_ie;
  }
  if (const auto& u = req.update_bar_ie) {
    // §7.5.4.11: Update BAR changes the BAR the session has.
    if (!updated.bar || updated.bar->bar_id != u->bar_id) {
      return reject({cause_value::rule_creation_modification_failure, ie_type::bar_id,
                     failed_rule_id{failed_rule_id::rule::bar, u->bar_id}});
    }
    if (u->suggested_buffering_packets_count) {
      updated.bar->suggested_buffering_packets_count = u->suggested_buffering_packets_count;
    }
    if (u->downlink_data_notification_delay) {
      updated.bar->downlink_data_notification_delay = u->downlink_data_notification_delay;
    }
  }
  for (const auto& f : req.create_fars) {
    updated.fars[f.far_id] = f;
  }
  for (const auto& q : req.create_qers) {
    updated.qers[q.qer_id] = q;
  }
  const auto now = clock_.now();
  for (const auto& u : req.create_urrs) {
    // A URR created mid-session measures from now: its volume starts at today's counters.
    updated.urrs[u.urr_id] = u;
    updated.urr_clocks[u.urr_id] = start_clock(u, now);
    updated.volume_start[u.urr_id] =
        sink_.counters(static_cast<pfcp_seid>(updated.local_seid)).value_or(session_counters{});
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
    if (u.measurement_method) {
      urr->second.measurement_method = *u.measurement_method;
    }
    if (u.volume_threshold) {
      urr->second.volume_threshold = u.volume_threshold;
    }
    if (u.time_threshold) {
      urr->second.time_threshold = u.time_threshold;
    }
    if (u.measurement_period) {
      // A new period counts from now (§5.2.2.2.1).
      urr->second.measurement_period = u.measurement_period;
      updated.urr_clocks[u.urr_id].next_period = now + std::chrono::seconds(*u.measurement_period);
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
  if (!updated.installed || !(rules->rules == *updated.installed)) {
    if (auto r = sink_.modify(rules->rules, end_marker); !r) {
      return reject({cause_for(r.error()), std::nullopt, std::nullopt});
    }
  }
  updated.installed = rules->rules;
  updated.downlink_pdr = rules->downlink_pdr;
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
  const auto end = ntp_seconds(clock_.now());
  for (const auto& [id, urr] : s.urrs) {
    rsp.usage_reports.push_back(make_usage_report(
        id, urr, ++s.ur_seqn[id], trigger(6, 4),
        measurement_since(final_counts.value_or(session_counters{}), s.volume_start[id]),
        ntp_seconds(s.urr_clocks[id].start), end));
  }
  const auto cp_seid = s.cp_seid;
  sessions_.erase(it);
  return response(cp_seid, rsp);
}

std::vector<outgoing_report> n4_handler::downlink_data_reports() {
  std::vector<outgoing_report> out;
  for (const auto seid : sink_.take_downlink_data_arrivals()) {
    auto it = sessions_.find(value_of(seid));
    if (it == sessions_.end()) {
      continue;
    }
    // §7.5.8: Report Type DLDR (§8.2.21) and a Downlink Data Report naming the PDR that
    // matched the buffered packet (§7.5.8.2).
    session_report_request report;
    report.report_type = 0x01;
    report.downlink_data = downlink_data_report{{it->second.downlink_pdr}, {}, {}};
    out.push_back({it->second.peer, response(it->second.cp_seid, report)});
  }
  return out;
}

std::vector<outgoing_report> n4_handler::usage_reports_due() {
  std::vector<outgoing_report> out;
  const auto now = clock_.now();
  for (auto& [seid, s] : sessions_) {
    std::optional<session_counters> c;
    auto usage = [&]() -> const std::optional<session_counters>& {
      if (!c) {
        c = sink_.counters(static_cast<pfcp_seid>(seid));
      }
      return c;
    };
    session_report_request report;
    for (const auto& [id, urr] : s.urrs) {
      flag_octets why;
      why.octets.assign(3, 0);
      auto& timing = s.urr_clocks[id];
      // §8.2.19 VOLTH asks for a report when the volume measured since the last report
      // reaches the Volume Threshold (§8.2.13).
      if (urr.volume_threshold && urr.reporting_triggers.has(5, volth_bit) && usage()) {
        const auto v = measurement_since(*c, s.volume_start[id]);
        const auto& th = *urr.volume_threshold;
        if ((th.total && v.uplink_bytes + v.downlink_bytes >= *th.total) ||
            (th.uplink && v.uplink_bytes >= *th.uplink) ||
            (th.downlink && v.downlink_bytes >= *th.downlink)) {
          why.set(5, volth_bit);
        }
      }
      // TIMTH: the measured duration (DURAT) reached the Time Threshold (§8.2.16,
      // §5.2.2.2.1). Time runs continuously from the measurement's start: no Inactivity
      // Detection Time is applied.
      if (urr.time_threshold && (urr.measurement_method & method_durat) != 0 &&
          urr.reporting_triggers.has(5, timth_bit) &&
          now - timing.start >= std::chrono::seconds(*urr.time_threshold)) {
        why.set(5, timth_bit);
      }
      // PERIO: a report every Measurement Period (§8.2.14), on a fixed grid from the URR's
      // creation (a late check does not shift the next one).
      if (urr.measurement_period.value_or(0) > 0 && urr.reporting_triggers.has(5, perio_bit) &&
          now >= timing.next_period) {
        why.set(5, perio_bit);
        const auto period = std::chrono::seconds(*urr.measurement_period);
        while (timing.next_period <= now) {
          timing.next_period += period;
        }
      }
      if (why.octets == std::vector<std::uint8_t>(3, 0) || !usage()) {
        continue;
      }
      // §5.2.2.3.1: the measurement is reset when this report is made; the next one (volume
      // and duration) starts now.
      auto& volume_start = s.volume_start[id];
      report.usage_reports.push_back(make_usage_report(
          id, urr, ++s.ur_seqn[id], std::move(why), measurement_since(*c, volume_start),
          ntp_seconds(timing.start), ntp_seconds(now)));
      timing.start = now;
      volume_start = *c;
    }
    if (!report.usage_reports.empty()) {
      report.report_type = 0x02;  // §8.2.21 USAR
      out.push_back({s.peer, response(s.cp_seid, report)});
    }
  }
  return out;
}

}  // namespace glasscore::upf::n4
