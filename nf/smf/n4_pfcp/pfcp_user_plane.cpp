#include "smf/n4_pfcp/pfcp_user_plane.h"

#include <algorithm>

namespace glasscore::smf {

namespace {

// §8.2.2 Source Interface / §8.2.24 Destination Interface values.
constexpr std::uint8_t interface_access = 0;
constexpr std::uint8_t interface_core = 1;
constexpr std::uint8_t interface_cp_function = 3;

// Rule IDs of the one session layout used here.
constexpr std::uint16_t uplink_pdr = 1;
constexpr std::uint16_t downlink_pdr = 2;
constexpr std::uint32_t uplink_far = 1;
constexpr std::uint32_t downlink_far = 2;
constexpr std::uint32_t session_qer = 1;
constexpr std::uint32_t session_urr = 1;
// §8.2.11: lower values take precedence. The session's two PDRs do not overlap (one per
// source interface), so any value works; a fixed one keeps the rules easy to read.
constexpr std::uint32_t default_precedence = 255;
// IPv6 sessions (TS 23.501 §5.8.2.2.3): Router Solicitations to the SMF (PDR 3, FAR 3) and
// its Router Advertisements from N4-u onto the downlink FAR (PDR 4). PDR 3 shares PDR 1's
// F-TEID (§5.2.1A: the same CHOOSE ID gets the same F-TEID) and wins over it: §8.2.11,
// the lower Precedence value is matched first.
constexpr std::uint16_t solicitation_pdr = 3;
constexpr std::uint16_t advertisement_pdr = 4;
constexpr std::uint32_t solicitation_far = 3;
constexpr std::uint32_t router_precedence = 100;
constexpr std::uint8_t uplink_choose_id = 1;
// At an I-UPF the N9 downlink F-TEID must differ from the N3 uplink one: another CHOOSE ID.
constexpr std::uint8_t downlink_choose_id = 2;
// §5.2.1A.2A: ICMPv6 (58) from the UE to all-routers. Flow descriptions are written in the
// downlink direction ("out", from the remote end to the UE's "assigned" address, TS 29.212
// §5.4.2) and match uplink packets with source and destination swapped.
constexpr const char* solicitation_filter = "permit out 58 from ff02::2 to assigned";

bool accepted(pfcp::cause_value c) {
  return c == pfcp::cause_value::request_accepted;
}

// §8.2.4: the Network Instance as DNS labels would be written; most UPFs, this one
// included, compare it as the DNN's text (TS 29.244 §5.2.1: operator-defined encoding).
std::string network_instance(const std::string& dnn) {
  return dnn;
}

pfcp::ue_ip_address ue_address(const up_session_request& r, bool destination) {
  pfcp::ue_ip_address a;
  a.destination = destination;
  a.ipv4 = r.ue_ipv4;
  if (r.ue_ipv6_prefix) {
    pfcp::ipv6_address v6{};
    std::copy(r.ue_ipv6_prefix->begin(), r.ue_ipv6_prefix->end(), v6.begin());
    a.ipv6 = v6;
    a.ipv6_prefix_length = 64;  // §8.2.62 IP6PL: the whole /64 is the UE's
  }
  return a;
}

// §5.2.1: an F-TEID the UPF allocates; PDRs with the same CHOOSE ID get the same one.
pfcp::f_teid choose_f_teid(std::optional<std::uint8_t> choose_id = std::nullopt) {
  pfcp::f_teid choose;
  choose.choose = true;
  choose.choose_v4 = true;
  choose.choose_id = choose_id;
  return choose;
}

// A PDR with the rules every one of ours has; `gtpu` removes the GTP-U/UDP/IPv4 header
// (§8.2.64 description 0) of what it matches.
pfcp::create_pdr make_pdr(std::uint16_t id, std::uint32_t precedence, std::uint8_t source,
                          std::uint32_t far, bool gtpu) {
  pfcp::create_pdr pdr;
  pdr.pdr_id = id;
  pdr.precedence = precedence;
  pdr.pdi_ie.source_interface = source;
  if (gtpu) {
    pdr.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  }
  pdr.far_id = far;
  return pdr;
}

// §8.2.56: GTP-U/UDP/IPv4 towards `to`.
pfcp::outer_header_creation gtpu_towards(const tunnel_end& to) {
  pfcp::outer_header_creation ohc;
  ohc.description = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = to.teid;
  ohc.ipv4 = to.address;
  return ohc;
}

// A FAR forwarding to `destination`, in a GTP-U tunnel to `tunnel` when given.
pfcp::create_far forwarding_far(std::uint32_t id, std::uint8_t destination,
                                std::optional<tunnel_end> tunnel,
                                std::optional<std::string> instance = std::nullopt) {
  pfcp::create_far far;
  far.far_id = id;
  far.action.flags = pfcp::apply_action::forw;
  pfcp::forwarding_parameters fp;
  fp.destination_interface = destination;
  fp.network_instance = std::move(instance);
  if (tunnel) {
    fp.outer_header_creation_ie = gtpu_towards(*tunnel);
  }
  far.forwarding = std::move(fp);
  return far;
}

pfcp::create_far buffering_far(std::uint32_t id) {
  pfcp::create_far far;
  far.far_id = id;
  far.action.flags = pfcp::apply_action::buff;
  return far;
}

// The downlink FAR of the UPF the N3 tunnel ends at, and of a PSA towards its I-UPF
// (Destination Interface Access: the downlink direction, §8.2.24).
pfcp::update_far downlink_far_update(const std::optional<tunnel_end>& next) {
  pfcp::update_far f;
  f.far_id = downlink_far;
  pfcp::apply_action action;
  if (next) {
    action.flags = pfcp::apply_action::forw;
    pfcp::update_forwarding_parameters fp;
    fp.destination_interface = interface_access;
    fp.outer_header_creation_ie = gtpu_towards(*next);
    f.forwarding = std::move(fp);
  } else {
    // TS 23.502 §4.2.6: downlink data for an idle UE is buffered at the UPF.
    action.flags = pfcp::apply_action::buff;
  }
  f.action = action;
  return f;
}

// The session QER (§7.5.2.5): gate open, the default flow's QFI (the DL PDU Session
// Container's, TS 29.281 §5.2.2.7) and, at the PSA, the session-AMBR as MBR (TS 23.501
// §5.7.1.6).
pfcp::create_qer make_session_qer(const up_session_request& r, bool with_ambr) {
  pfcp::create_qer qer;
  qer.qer_id = session_qer;
  qer.gate_status = 0;  // both gates open
  if (with_ambr) {
    qer.mbr = pfcp::bit_rate{r.ambr_uplink_kbps, r.ambr_downlink_kbps};
  }
  qer.qfi = r.qfi;
  return qer;
}

// Volume counted for the usage reported at deletion (§5.2.2).
pfcp::create_urr volume_urr() {
  pfcp::create_urr urr;
  urr.urr_id = session_urr;
  urr.measurement_method = 2;  // VOLUM
  urr.reporting_triggers.octets = {0, 0};
  return urr;
}

std::uint8_t pdn_type(const up_session_request& r) {
  return static_cast<std::uint8_t>(r.ue_ipv4 && r.ue_ipv6_prefix ? 3 : r.ue_ipv6_prefix ? 2 : 1);
}

// The F-TEID the UPF chose for one of the Created PDRs.
std::optional<tunnel_end> created_f_teid(const pfcp::session_establishment_response& rsp,
                                         std::uint16_t pdr) {
  for (const auto& created : rsp.created_pdrs) {
    if (created.pdr_id == pdr && created.local_f_teid && created.local_f_teid->ipv4) {
      return tunnel_end{*created.local_f_teid->ipv4, created.local_f_teid->teid};
    }
  }
  return std::nullopt;
}

}  // namespace

pfcp_user_plane::pfcp_user_plane(async::executor& ex, async::timer_service& timers,
                                 pfcp::node& node, n4_options options,
                                 std::vector<upf_peer_config> upfs,
                                 std::shared_ptr<spdlog::logger> log)
    : executor_(ex), timers_(timers), node_(node), options_(options), log_(std::move(log)) {
  for (auto& u : upfs) {
    peers_.push_back(peer{std::move(u), false, std::nullopt, std::nullopt});
  }
}

pfcp_user_plane::~pfcp_user_plane() {
  *alive_ = false;
  for (auto& p : peers_) {
    if (p.timer) {
      timers_.cancel(*p.timer);
    }
  }
}

void pfcp_user_plane::start() {
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    schedule(i, async::duration::zero());
  }
}

void pfcp_user_plane::schedule(std::size_t index, async::duration delay) {
  peers_[index].timer = timers_.schedule_at(timers_.now() + delay,
                                            [this, index, alive = std::weak_ptr<bool>(alive_)] {
                                              if (alive.expired()) {
                                                return;
                                              }
                                              peers_[index].timer.reset();
                                              async::spawn(executor_, step(index));
                                            });
}

async::task<void> pfcp_user_plane::step(std::size_t index) {
  auto alive = alive_;
  const std::string name = peers_[index].config.name;
  const auto address = peers_[index].config.n4;
  if (!peers_[index].associated) {
    // §6.2.6.2.1: the CP function sets up the association.
    pfcp::association_setup_request setup;
    setup.node.value = options_.self;
    setup.recovery_time_stamp = node_.config().recovery_time_stamp;
    pfcp::message request{{}, std::move(setup)};  // named: see pdu_session.cpp (g++ 12)
    auto answer = co_await node_.request(std::move(request), address);
    if (!*alive) {
      co_return;
    }
    auto& p = peers_[index];
    const auto* rsp =
        answer ? std::get_if<pfcp::association_setup_response>(&answer->body) : nullptr;
    if (rsp == nullptr || !accepted(rsp->cause)) {
      log_->debug("UPF {}: association not set up ({}), retrying", name,
                  answer ? "refused" : std::string(pfcp::to_string(answer.error())));
      schedule(index, options_.setup_retry);
      co_return;
    }
    const bool restarted =
        p.recovery_time_stamp && *p.recovery_time_stamp != rsp->recovery_time_stamp;
    p.recovery_time_stamp = rsp->recovery_time_stamp;
    p.associated = true;
    log_->info("UPF {}: PFCP association set up", name);
    if (restarted && on_restarted) {
      on_restarted(name);
    }
    schedule(index, options_.heartbeat_interval);
    co_return;
  }
  // §6.2.2: heartbeats; a peer that does not answer after the retransmissions is lost.
  pfcp::heartbeat_request hb;
  hb.recovery_time_stamp = node_.config().recovery_time_stamp;
  pfcp::message request{{}, std::move(hb)};
  auto answer = co_await node_.request(std::move(request), address);
  if (!*alive) {
    co_return;
  }
  auto& p = peers_[index];
  const auto* rsp = answer ? std::get_if<pfcp::heartbeat_response>(&answer->body) : nullptr;
  if (rsp == nullptr) {
    log_->warn("UPF {}: heartbeat unanswered, association lost", name);
    p.associated = false;
    schedule(index, options_.setup_retry);
    co_return;
  }
  if (p.recovery_time_stamp && rsp->recovery_time_stamp != *p.recovery_time_stamp) {
    // The UPF restarted between two heartbeats: its associations and sessions are gone.
    log_->warn("UPF {}: restarted (new Recovery Time Stamp), setting the association up again",
               name);
    p.associated = false;
    schedule(index, async::duration::zero());
    co_return;
  }
  schedule(index, options_.heartbeat_interval);
}

pfcp_user_plane::peer* pfcp_user_plane::find(const std::string& name) {
  auto it = std::find_if(peers_.begin(), peers_.end(),
                         [&](const peer& p) { return p.config.name == name; });
  return it == peers_.end() ? nullptr : &*it;
}

bool pfcp_user_plane::associated(const std::string& upf) const {
  return std::any_of(peers_.begin(), peers_.end(),
                     [&](const peer& p) { return p.config.name == upf && p.associated; });
}

std::size_t pfcp_user_plane::associations() const {
  return static_cast<std::size_t>(
      std::count_if(peers_.begin(), peers_.end(), [](const peer& p) { return p.associated; }));
}

bool pfcp_user_plane::serves(const peer& p, const std::string* dnn, const slice& s) {
  const auto& c = p.config;
  const bool dnn_ok = dnn == nullptr || c.dnns.empty() ||
                      std::find(c.dnns.begin(), c.dnns.end(), *dnn) != c.dnns.end();
  const bool slice_ok =
      c.slices.empty() || std::find(c.slices.begin(), c.slices.end(), s) != c.slices.end();
  return p.associated && dnn_ok && slice_ok;
}

bool pfcp_user_plane::in_service_area(const peer& p, std::optional<std::uint32_t> tac) {
  const auto& tacs = p.config.tacs;
  return tacs.empty() || (tac && std::find(tacs.begin(), tacs.end(), *tac) != tacs.end());
}

std::optional<upf_selection> pfcp_user_plane::select_upfs(const std::string& dnn, const slice& s,
                                                          std::optional<std::uint32_t> tac) const {
  // TS 23.501 §6.3.3.2: among the associated UPFs with N6 serving the DNN and slice, one
  // whose service area holds the UE's TAI first, else any. The first in configuration order
  // wins, so the operator's order is a preference.
  const peer* anchor = nullptr;
  for (const auto& p : peers_) {
    if (!p.config.anchor || !serves(p, &dnn, s)) {
      continue;
    }
    if (anchor == nullptr) {
      anchor = &p;
    }
    if (in_service_area(p, tac)) {
      anchor = &p;
      break;
    }
  }
  if (anchor == nullptr) {
    return std::nullopt;
  }
  upf_selection selection{anchor->config.name, std::nullopt};
  if (!tac || in_service_area(*anchor, tac)) {  // where the UE is not known, no I-UPF
    return selection;
  }
  // TS 23.501 §6.3.3.1, TS 23.502 §4.3.2.2.1 step 8: the PSA does not serve the UE's area;
  // a UPF that does (in the slice; it needs no N6 nor the DNN) terminates N3 as I-UPF.
  for (const auto& p : peers_) {
    if (&p != anchor && !p.config.tacs.empty() && serves(p, nullptr, s) &&
        in_service_area(p, tac)) {
      selection.intermediate = p.config.name;
      return selection;
    }
  }
  log_->info("no UPF of the slice serves TAC {}; {} is reached over IP without an I-UPF", *tac,
             anchor->config.name);
  return selection;
}

pfcp::message pfcp_user_plane::session_message(std::uint64_t remote_seid,
                                               pfcp::message_body body) const {
  pfcp::message m;
  m.hdr.seid = remote_seid;
  m.body = std::move(body);
  return m;
}

pfcp::session_establishment_request pfcp_user_plane::establishment_request(
    std::uint64_t local_seid, const up_session_request& r) const {
  pfcp::session_establishment_request req;
  req.node.value = options_.self;
  req.cp_f_seid.seid = local_seid;
  req.cp_f_seid.ipv4 = options_.self;
  req.pdn_type = pdn_type(r);
  return req;
}

pfcp::session_establishment_request pfcp_user_plane::anchor_request(
    const up_session_request& r) const {
  auto req = establishment_request(r.local_seid, r);
  // Uplink: G-PDUs to the TEID the UPF chooses (§5.2.1 F-TEID CHOOSE), outer header
  // removed, forwarded to the data network. With an I-UPF they come over N9, still Source
  // Interface Access (§8.2.2 NOTE 1: the uplink direction).
  auto up = make_pdr(uplink_pdr, default_precedence, interface_access, uplink_far, true);
  up.pdi_ie.local_f_teid = choose_f_teid();
  up.pdi_ie.ue_ip = ue_address(r, false);
  up.pdi_ie.qfis = {r.qfi};
  up.qer_ids = {session_qer};
  up.urr_ids = {session_urr};
  // Downlink: packets to the UE's address from the data network.
  auto down = make_pdr(downlink_pdr, default_precedence, interface_core, downlink_far, false);
  down.pdi_ie.network_instance = network_instance(r.dnn);
  down.pdi_ie.ue_ip = ue_address(r, true);
  down.qer_ids = {session_qer};
  down.urr_ids = {session_urr};
  req.create_pdrs = {std::move(up), std::move(down)};
  // Until the gNB's (or the I-UPF's) tunnel is known (TS 23.502 §4.3.2.2.1 step 16) downlink
  // is buffered.
  req.create_fars = {
      forwarding_far(uplink_far, interface_core, std::nullopt, network_instance(r.dnn)),
      buffering_far(downlink_far)};
  req.create_qers = {make_session_qer(r, true)};
  req.create_urrs = {volume_urr()};
  return req;
}

pfcp::session_establishment_request pfcp_user_plane::intermediate_request(
    const up_session_request& r, const tunnel_end& anchor_n9) const {
  // docs/upf.md "N9": traffic is matched by TEID both ways, no UE address. Uplink from the
  // gNB on the N3 F-TEID goes to the PSA's N9 F-TEID; downlink from the PSA on the I-UPF's
  // own N9 F-TEID is buffered until the gNB's tunnel is known.
  auto req = establishment_request(r.intermediate_seid, r);
  auto up = make_pdr(uplink_pdr, default_precedence, interface_access, uplink_far, true);
  up.pdi_ie.local_f_teid = choose_f_teid(uplink_choose_id);
  up.pdi_ie.qfis = {r.qfi};
  up.qer_ids = {session_qer};
  up.urr_ids = {session_urr};
  auto down = make_pdr(downlink_pdr, default_precedence, interface_core, downlink_far, true);
  down.pdi_ie.local_f_teid = choose_f_teid(downlink_choose_id);
  down.qer_ids = {session_qer};
  down.urr_ids = {session_urr};
  req.create_pdrs = {std::move(up), std::move(down)};
  req.create_fars = {forwarding_far(uplink_far, interface_core, anchor_n9),
                     buffering_far(downlink_far)};
  // The session-AMBR is enforced once, at the PSA; the I-UPF's QER gives the QFI only.
  req.create_qers = {make_session_qer(r, false)};
  req.create_urrs = {volume_urr()};
  return req;
}

async::task<expected<pfcp::session_establishment_response, peer_error>>
pfcp_user_plane::request_establishment(std::string upf, pfcp::session_establishment_request req) {
  auto alive = alive_;
  peer* p = find(upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  auto request = session_message(0, std::move(req));
  auto answer = co_await node_.request(std::move(request), p->config.n4);
  if (!*alive || !answer) {
    co_return fail(peer_error::unavailable);
  }
  const auto* rsp = std::get_if<pfcp::session_establishment_response>(&answer->body);
  if (rsp == nullptr || !accepted(rsp->cause) || !rsp->up_f_seid) {
    if (rsp != nullptr) {
      log_->warn("UPF {}: session establishment refused with cause {}", upf,
                 static_cast<int>(rsp->cause));
    }
    co_return fail(peer_error::rejected);
  }
  co_return *rsp;
}

async::task<expected<up_session, peer_error>> pfcp_user_plane::establish(std::string upf,
                                                                         up_session_request r) {
  auto alive = alive_;
  auto req = anchor_request(r);
  const std::uint32_t ra_teid = add_router_advertisement_rules(r, req);
  auto* ra = options_.router_advertisements;
  auto anchor = co_await request_establishment(upf, std::move(req));
  if (!*alive) {
    co_return fail(peer_error::unavailable);  // the advertiser went with the SMF
  }
  auto give_up = [&](peer_error e) {
    if (ra_teid != 0) {
      ra->close(ra_teid);
    }
    return fail(e);
  };
  if (!anchor) {
    co_return give_up(anchor.error());
  }
  up_session s;
  s.upf = upf;
  s.local_seid = r.local_seid;
  s.remote_seid = anchor->up_f_seid->seid;
  s.router_advertisement_teid = ra_teid;
  if (ra_teid != 0) {
    if (auto advertisements = created_f_teid(*anchor, advertisement_pdr)) {
      ra->set_upf_tunnel(ra_teid, *advertisements);
    }
  }
  const auto uplink = created_f_teid(*anchor, uplink_pdr);
  if (!uplink || uplink->teid == 0) {
    log_->warn("UPF {}: no uplink F-TEID in the Created PDR", upf);
    co_return give_up(peer_error::rejected);
  }
  s.uplink = *uplink;
  if (!r.intermediate_upf) {
    co_return s;
  }
  // TS 23.502 §4.3.2.2.1 step 10 with an I-UPF: the PSA's N9 F-TEID (its uplink one) goes
  // into the I-UPF's establishment, the I-UPF's N9 F-TEID into a PSA modification.
  auto done = co_await insert_intermediate(s, r);
  if (!*alive) {
    co_return fail(peer_error::unavailable);
  }
  if (!done) {
    // No half-established session: the PSA's goes too (its address is freed by the caller).
    // Named arguments in co_await expressions: see pdu_session.cpp (g++ 12).
    const n4_leg anchor_leg = s.anchor();
    if (auto deleted = co_await delete_leg(anchor_leg); !deleted && *alive) {
      log_->warn("UPF {}: session {} not deleted after the I-UPF failed", upf, s.remote_seid);
    }
    if (!*alive) {
      co_return fail(peer_error::unavailable);
    }
    co_return give_up(done.error());
  }
  co_return s;
}

async::task<expected<void, peer_error>> pfcp_user_plane::insert_intermediate(
    up_session& s, const up_session_request& r) {
  auto alive = alive_;
  const std::string upf = *r.intermediate_upf;
  auto request = intermediate_request(r, s.uplink);
  auto established = co_await request_establishment(upf, std::move(request));
  if (!*alive) {
    co_return fail(peer_error::unavailable);
  }
  if (!established) {
    log_->warn("I-UPF {}: session establishment failed: {}", upf, to_string(established.error()));
    co_return fail(established.error());
  }
  const n4_leg leg{upf, r.intermediate_seid, established->up_f_seid->seid};
  const auto n3 = created_f_teid(*established, uplink_pdr);
  const auto n9 = created_f_teid(*established, downlink_pdr);
  if (!n3 || !n9) {
    log_->warn("I-UPF {}: no N3 or N9 F-TEID in the Created PDRs", upf);
    (void)co_await delete_leg(leg);
    co_return fail(peer_error::rejected);
  }
  pfcp::session_modification_request to_intermediate;
  to_intermediate.update_fars = {downlink_far_update(*n9)};
  const n4_leg anchor_leg = s.anchor();
  auto pointed = co_await modify(anchor_leg, std::move(to_intermediate));
  if (!*alive) {
    co_return fail(peer_error::unavailable);
  }
  if (!pointed) {
    log_->warn("UPF {}: downlink not pointed at the I-UPF {}: {}", s.upf, upf,
               to_string(pointed.error()));
    (void)co_await delete_leg(leg);
    co_return fail(pointed.error());
  }
  s.uplink = *n3;
  s.intermediate = leg;
  co_return expected<void, peer_error>{};
}

std::uint32_t pfcp_user_plane::add_router_advertisement_rules(
    const up_session_request& r, pfcp::session_establishment_request& req) {
  auto* ra = options_.router_advertisements;
  if (!r.ue_ipv6_prefix || ra == nullptr) {
    return 0;
  }
  ra_session session;
  session.prefix = *r.ue_ipv6_prefix;
  session.ue_interface_id = r.ue_ipv6_interface_id;
  if (auto mtu = options_.link_mtus.find(r.dnn); mtu != options_.link_mtus.end()) {
    session.mtu = mtu->second;
  }
  const std::uint32_t teid = ra->open(session);

  pfcp::create_pdr& uplink = req.create_pdrs.front();
  uplink.pdi_ie.local_f_teid->choose_id = uplink_choose_id;
  // PDR 3: the UE's Router Solicitations on the uplink tunnel.
  auto solicitations =
      make_pdr(solicitation_pdr, router_precedence, interface_access, solicitation_far, true);
  solicitations.pdi_ie.local_f_teid = uplink.pdi_ie.local_f_teid;
  solicitations.pdi_ie.network_instance = uplink.pdi_ie.network_instance;
  auto prefix = ue_address(r, false);
  prefix.ipv4.reset();
  solicitations.pdi_ie.ue_ip = prefix;
  pfcp::sdf_filter filter;
  filter.flow_description = solicitation_filter;
  solicitations.pdi_ie.sdf_filters = {filter};
  // FAR 3: G-PDUs to the SMF's N4-u TEID at its N4 address (§8.2.24 CP-function).
  auto to_smf =
      forwarding_far(solicitation_far, interface_cp_function, tunnel_end{options_.self, teid});
  // PDR 4: the SMF's Router Advertisements, sent to the F-TEID the UPF chooses, go down
  // the session's downlink FAR.
  auto advertisements =
      make_pdr(advertisement_pdr, router_precedence, interface_cp_function, downlink_far, true);
  advertisements.pdi_ie.local_f_teid = choose_f_teid();

  req.create_pdrs.push_back(std::move(solicitations));
  req.create_pdrs.push_back(std::move(advertisements));
  req.create_fars.push_back(std::move(to_smf));
  return teid;
}

async::task<expected<void, peer_error>> pfcp_user_plane::modify(
    n4_leg leg, pfcp::session_modification_request req) {
  auto alive = alive_;
  peer* p = find(leg.upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  auto request = session_message(leg.remote_seid, std::move(req));
  auto answer = co_await node_.request(std::move(request), p->config.n4);
  if (!*alive || !answer) {
    co_return fail(peer_error::unavailable);
  }
  const auto* rsp = std::get_if<pfcp::session_modification_response>(&answer->body);
  if (rsp == nullptr || !accepted(rsp->cause)) {
    co_return fail(rsp != nullptr && rsp->cause == pfcp::cause_value::session_context_not_found
                       ? peer_error::not_found
                       : peer_error::rejected);
  }
  co_return expected<void, peer_error>{};
}

async::task<expected<void, peer_error>> pfcp_user_plane::set_downlink(
    up_session s, std::optional<tunnel_end> gnb) {
  auto alive = alive_;
  // The gNB's tunnel, buffering and its end (TS 23.502 §4.2.6, §4.2.3.2) are where N3 ends.
  pfcp::session_modification_request req;
  req.update_fars = {downlink_far_update(gnb)};
  const n4_leg n3_end = s.intermediate.value_or(s.anchor());
  auto done = co_await modify(n3_end, std::move(req));
  if (done && gnb && s.router_advertisement_teid != 0 && *alive &&
      options_.router_advertisements != nullptr) {
    options_.router_advertisements->advertise(s.router_advertisement_teid);
  }
  co_return done;
}

async::task<expected<void, peer_error>> pfcp_user_plane::set_session_ambr(
    up_session s, std::uint64_t ambr_uplink_kbps, std::uint64_t ambr_downlink_kbps) {
  // §7.5.4.5 Update QER: the session QER's MBR is the session-AMBR (TS 23.501 §5.7.1.6),
  // held by the PSA alone.
  pfcp::update_qer qer;
  qer.qer_id = session_qer;
  qer.mbr = pfcp::bit_rate{ambr_uplink_kbps, ambr_downlink_kbps};
  pfcp::session_modification_request req;
  req.update_qers = {qer};
  const n4_leg anchor_leg = s.anchor();
  co_return co_await modify(anchor_leg, std::move(req));
}

async::task<expected<usage, peer_error>> pfcp_user_plane::delete_leg(n4_leg leg) {
  auto alive = alive_;
  peer* p = find(leg.upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  auto request = session_message(leg.remote_seid, pfcp::session_deletion_request{});
  auto answer = co_await node_.request(std::move(request), p->config.n4);
  if (!*alive || !answer) {
    co_return fail(peer_error::unavailable);
  }
  const auto* rsp = std::get_if<pfcp::session_deletion_response>(&answer->body);
  if (rsp == nullptr || !accepted(rsp->cause)) {
    co_return fail(rsp != nullptr && rsp->cause == pfcp::cause_value::session_context_not_found
                       ? peer_error::not_found
                       : peer_error::rejected);
  }
  usage u;
  for (const auto& report : rsp->usage_reports) {
    if (report.volume_measurement) {
      u.uplink_octets += report.volume_measurement->uplink.value_or(0);
      u.downlink_octets += report.volume_measurement->downlink.value_or(0);
    }
  }
  co_return u;
}

async::task<expected<usage, peer_error>> pfcp_user_plane::release(up_session s) {
  auto alive = alive_;
  if (s.router_advertisement_teid != 0 && options_.router_advertisements != nullptr) {
    options_.router_advertisements->close(s.router_advertisement_teid);
  }
  if (s.intermediate) {
    // The I-UPF's usage is the PSA's traffic again: only the PSA's is reported.
    auto deleted = co_await delete_leg(*s.intermediate);
    if (!*alive) {
      co_return fail(peer_error::unavailable);
    }
    if (!deleted) {
      log_->warn("I-UPF {}: session {} not deleted: {}", s.intermediate->upf,
                 s.intermediate->remote_seid, to_string(deleted.error()));
    }
  }
  const n4_leg anchor_leg = s.anchor();
  co_return co_await delete_leg(anchor_leg);
}

}  // namespace glasscore::smf
