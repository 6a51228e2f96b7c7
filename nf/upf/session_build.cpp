// Building a session's immutable entry from its rules (session_build.h): the data path's
// form of each PDR, sorted by precedence, and the token buckets of its QERs.

#include "session_build.h"

#include <algorithm>

#include "glasscore/core/bytes.h"

namespace glasscore::upf::detail {

namespace {

std::uint32_t ipv4_key(const config::ip_address& a) {
  return load_be32(a.bytes.data());
}
std::uint64_t ipv6_key(const config::ip_address& a) {
  return (std::uint64_t{load_be32(a.bytes.data())} << 32) | load_be32(a.bytes.data() + 4);
}

// The UDP destination of a GTP-U tunnel (TS 29.281 §4.4.2: port 2152).
std::optional<transport::socket_address> tunnel_peer(const gtpu_tunnel& t) {
  if (t.address.is_unspecified())
    return std::nullopt;
  auto a = transport::socket_address::parse(t.address.to_string(), gtpu::udp_port);
  return a ? std::optional(*a) : std::nullopt;
}

// A direction's rules: the first and the others (session_rules).
template <class Rule>
std::vector<const Rule*> all_rules(const Rule& first, const std::vector<Rule>& others) {
  std::vector<const Rule*> out{&first};
  for (const Rule& o : others)
    out.push_back(&o);
  return out;
}

}  // namespace

// A reset bucket: it may have served a QER since removed. Slots are per session
// (session_usage::buckets); PDRs naming the same QER share its bucket.
expected<rate_slots, datapath_error> assign_rate_slots(const session_rules& r,
                                                       const rate_slots& previous,
                                                       session_usage& usage) {
  std::vector<std::pair<std::uint32_t, bool>> wanted;
  auto want = [&](const qos_enforcement& q, bool uplink) {
    if (q.max_bit_rate != 0)
      wanted.emplace_back(q.id, uplink);
  };
  auto want_rule = [&](const auto& rule, bool uplink) {
    want(rule.qer, uplink);
    if (rule.second_qer)
      want(*rule.second_qer, uplink);
  };
  for (const uplink_rule* u : all_rules(r.uplink, r.other_uplink))
    want_rule(*u, true);
  for (const downlink_rule* d : all_rules(r.downlink, r.other_downlink))
    want_rule(*d, false);
  rate_slots slots;
  std::array<bool, max_rate_limits> used{};
  for (const auto& key : wanted) {
    if (auto it = previous.find(key); it != previous.end()) {
      slots[key] = it->second;
      used[it->second] = true;
    }
  }
  for (const auto& key : wanted) {
    if (slots.contains(key))
      continue;
    auto free = std::find(used.begin(), used.end(), false);
    if (free == used.end())
      return fail(datapath_error::invalid_rules);
    const auto slot = static_cast<std::size_t>(free - used.begin());
    *free = true;
    usage.buckets[slot].reset();
    slots[key] = slot;
  }
  return slots;
}

namespace {

// The QERs of a rule as the worker applies them.
template <class Pdr, class Rule>
void add_qers(Pdr& p, const Rule& rule, bool uplink, const rate_slots& slots,
              session_usage& usage) {
  auto add = [&](const qos_enforcement& q) {
    qer_check& c = p.qers[p.qer_count++];
    c.gate_open = q.gate_open;
    c.rate = rate_limit::from(q);
    if (c.rate.enabled)
      c.bucket = &usage.buckets[slots.at({q.id, uplink})];
  };
  add(rule.qer);
  if (rule.second_qer)
    add(*rule.second_qer);
}

// A PDR on its way into the entry: its Precedence and match fields (for the classifier) and
// what its FAR and QERs do.
template <class Pdr>
struct staged_pdr {
  std::uint32_t precedence = 0;
  std::optional<std::uint8_t> qfi;
  std::vector<packet_filter> filters;
  Pdr pdr;
};

// Puts a direction's PDRs into the classifier and the action array in precedence order
// (stable: at equal values the order they came in, the Router Solicitation PDR first).
template <class Pdr>
void add_in_precedence_order(std::vector<staged_pdr<Pdr>>& staged, pdr_classifier& match,
                             pdr_actions<Pdr>& actions) {
  std::ranges::stable_sort(staged, {}, &staged_pdr<Pdr>::precedence);
  for (staged_pdr<Pdr>& s : staged) {
    match.add(s.qfi, s.filters);
    actions.push_back(std::move(s.pdr));
  }
}

expected<staged_pdr<uplink_pdr>, datapath_error> compile_uplink(const uplink_rule& u,
                                                                const rate_slots& slots,
                                                                session_usage& usage) {
  staged_pdr<uplink_pdr> s{u.precedence, std::nullopt, u.filters, {}};
  if (u.required_qfi)
    s.qfi = value_of(*u.required_qfi);
  uplink_pdr& p = s.pdr;
  p.apply = u.apply;
  add_qers(p, u, true, slots, usage);
  if (u.apply == uplink_rule::action::forward_to_tunnel) {
    auto peer = tunnel_peer(u.next_hop);
    if (!peer)
      return fail(datapath_error::invalid_rules);
    p.peer = *peer;
    p.header.teid = value_of(u.next_hop.teid);
  }
  return s;
}

// The Router Solicitation PDR (cp_function_diversion) as one more uplink PDR whose SDF
// filter is "<protocol> from <destination>/128".
expected<staged_pdr<uplink_pdr>, datapath_error> compile_diversion(const cp_function_diversion& d) {
  auto smf = tunnel_peer(d.tunnel);
  if (d.destination.family != config::ip_family::v6 || !smf)
    return fail(datapath_error::invalid_rules);
  staged_pdr<uplink_pdr> s{
      d.precedence,
      std::nullopt,
      {packet_filter{d.protocol, config::ip_prefix{d.destination, 128}, {}, {}, {}}},
      {}};
  uplink_pdr& p = s.pdr;
  p.to_cp_function = true;
  p.peer = *smf;
  // Towards the CP function a plain G-PDU: no PDU Session Container, which TS 38.415
  // defines between the NG-RAN and the UPF only.
  p.header.teid = value_of(d.tunnel.teid);
  return s;
}

expected<staged_pdr<downlink_pdr>, datapath_error> compile_downlink(const downlink_rule& r,
                                                                    const rate_slots& slots,
                                                                    session_usage& usage) {
  staged_pdr<downlink_pdr> s{r.precedence, std::nullopt, r.filters, {}};
  downlink_pdr& p = s.pdr;
  p.apply = r.apply;
  add_qers(p, r, false, slots, usage);
  if (r.apply == downlink_rule::action::forward_to_gnb) {
    auto gnb = transport::socket_address::parse(r.gnb_address.to_string(), gtpu::udp_port);
    if (!gnb || r.gnb_address.is_unspecified())
      return fail(datapath_error::invalid_rules);
    p.gnb = *gnb;
  }
  if (value_of(r.qfi) > max_qos_flow_id)
    return fail(datapath_error::invalid_rules);
  p.header.type = gtpu::message_type::g_pdu;
  p.header.teid = value_of(r.gnb_teid);
  // TS 38.415 §5.5.2.1: the DL PDU Session Container tells the gNB the QoS flow.
  p.header.pdu_session = gtpu::pdu_session_container{
      gtpu::pdu_session_container::direction::downlink, value_of(r.qfi), false};
  p.header_size = gtpu::header_size(p.header);
  p.buffer_packets = r.buffer_packets;
  p.buffer_bytes = r.buffer_bytes;
  p.notify_cp = r.notify_cp;
  return s;
}

}  // namespace

expected<std::unique_ptr<session_entry>, datapath_error> build_entry(const session_rules& r,
                                                                     session_usage* u,
                                                                     const rate_slots& slots) {
  auto e = std::make_unique<session_entry>();
  e->rules = r;
  e->teid = value_of(r.uplink.teid);
  e->usage = u;
  if (r.downlink.ue_ipv4) {
    if (r.downlink.ue_ipv4->family != config::ip_family::v4)
      return fail(datapath_error::invalid_rules);
    e->ue_ipv4 = ipv4_key(*r.downlink.ue_ipv4);
  }
  if (r.downlink.ue_ipv6_prefix) {
    if (r.downlink.ue_ipv6_prefix->family != config::ip_family::v6) {
      return fail(datapath_error::invalid_rules);
    }
    e->ue_ipv6_prefix = ipv6_key(*r.downlink.ue_ipv6_prefix);
  }
  const std::size_t uplink_count = 1 + r.other_uplink.size() + (r.uplink.to_cp_function ? 1 : 0);
  if (uplink_count > max_pdrs_per_direction ||
      1 + r.other_downlink.size() > max_pdrs_per_direction) {
    return fail(datapath_error::invalid_rules);
  }
  std::vector<staged_pdr<uplink_pdr>> uplink;
  std::vector<staged_pdr<downlink_pdr>> downlink;
  // The diversion goes first so that at equal precedence it wins (stable sort).
  if (r.uplink.to_cp_function) {
    auto p = compile_diversion(*r.uplink.to_cp_function);
    if (!p)
      return fail(p.error());
    uplink.push_back(std::move(*p));
  }
  for (const uplink_rule* rule : all_rules(r.uplink, r.other_uplink)) {
    // Every uplink PDR is on the session's TEID; only `uplink` may divert to the CP function.
    if (rule->teid != r.uplink.teid || (rule != &r.uplink && rule->to_cp_function))
      return fail(datapath_error::invalid_rules);
    auto p = compile_uplink(*rule, slots, *u);
    if (!p)
      return fail(p.error());
    uplink.push_back(std::move(*p));
  }
  for (const downlink_rule* rule : all_rules(r.downlink, r.other_downlink)) {
    // The UE address keys the session: the same on every downlink PDR.
    if (rule->ue_ipv4 != r.downlink.ue_ipv4 || rule->ue_ipv6_prefix != r.downlink.ue_ipv6_prefix)
      return fail(datapath_error::invalid_rules);
    auto p = compile_downlink(*rule, slots, *u);
    if (!p)
      return fail(p.error());
    downlink.push_back(std::move(*p));
  }
  add_in_precedence_order(uplink, e->uplink_match, e->uplink);
  add_in_precedence_order(downlink, e->downlink_match, e->downlink);
  if (r.downlink.apply == downlink_rule::action::forward_to_gnb) {
    // The primary downlink rule's gNB: compile_downlink checked it.
    e->gnb = *transport::socket_address::parse(r.downlink.gnb_address.to_string(), gtpu::udp_port);
  }
  if (r.downlink_teid) {
    e->downlink_teid = value_of(*r.downlink_teid);
    if (*e->downlink_teid == e->teid)
      return fail(datapath_error::invalid_rules);
  }
  return e;
}

}  // namespace glasscore::upf::detail
