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

pfcp::update_far downlink_far_update(const std::optional<tunnel_end>& gnb) {
  pfcp::update_far f;
  f.far_id = downlink_far;
  pfcp::apply_action action;
  if (gnb) {
    action.flags = pfcp::apply_action::forw;
    pfcp::update_forwarding_parameters fp;
    fp.destination_interface = interface_access;
    pfcp::outer_header_creation ohc;
    ohc.description = pfcp::outer_header_creation::gtpu_udp_ipv4;
    ohc.teid = gnb->teid;
    ohc.ipv4 = gnb->address;
    fp.outer_header_creation_ie = ohc;
    f.forwarding = std::move(fp);
  } else {
    // TS 23.502 §4.2.6: downlink data for an idle UE is buffered at the UPF.
    action.flags = pfcp::apply_action::buff;
  }
  f.action = action;
  return f;
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

std::optional<std::string> pfcp_user_plane::select_upf(const std::string& dnn,
                                                       const slice& s) const {
  // TS 23.501 §6.3.3.2: among the UPFs serving the DNN and slice, an associated one. The
  // first in configuration order wins, so the operator's order is a preference.
  for (const auto& p : peers_) {
    const auto& c = p.config;
    const bool dnn_ok =
        c.dnns.empty() || std::find(c.dnns.begin(), c.dnns.end(), dnn) != c.dnns.end();
    const bool slice_ok =
        c.slices.empty() || std::find(c.slices.begin(), c.slices.end(), s) != c.slices.end();
    if (p.associated && dnn_ok && slice_ok) {
      return c.name;
    }
  }
  return std::nullopt;
}

pfcp::message pfcp_user_plane::session_message(std::uint64_t remote_seid,
                                               pfcp::message_body body) const {
  pfcp::message m;
  m.hdr.seid = remote_seid;
  m.body = std::move(body);
  return m;
}

async::task<expected<up_session, peer_error>> pfcp_user_plane::establish(std::string upf,
                                                                         up_session_request r) {
  auto alive = alive_;
  peer* p = find(upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  const auto address = p->config.n4;
  pfcp::session_establishment_request req;
  req.node.value = options_.self;
  req.cp_f_seid.seid = r.local_seid;
  req.cp_f_seid.ipv4 = options_.self;

  // Uplink: G-PDUs to the TEID the UPF chooses (§5.2.1 F-TEID CHOOSE), outer header
  // removed, forwarded to the data network.
  pfcp::create_pdr up;
  up.pdr_id = uplink_pdr;
  up.precedence = default_precedence;
  up.pdi_ie.source_interface = interface_access;
  pfcp::f_teid choose;
  choose.choose = true;
  choose.choose_v4 = true;
  up.pdi_ie.local_f_teid = choose;
  up.pdi_ie.ue_ip = ue_address(r, false);
  up.pdi_ie.qfis = {r.qfi};
  up.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};  // GTP-U/UDP/IPv4
  up.far_id = uplink_far;
  up.qer_ids = {session_qer};
  up.urr_ids = {session_urr};
  // Downlink: packets to the UE's address from the data network.
  pfcp::create_pdr down;
  down.pdr_id = downlink_pdr;
  down.precedence = default_precedence;
  down.pdi_ie.source_interface = interface_core;
  down.pdi_ie.network_instance = network_instance(r.dnn);
  down.pdi_ie.ue_ip = ue_address(r, true);
  down.far_id = downlink_far;
  down.qer_ids = {session_qer};
  down.urr_ids = {session_urr};
  req.create_pdrs = {std::move(up), std::move(down)};

  pfcp::create_far to_dn;
  to_dn.far_id = uplink_far;
  to_dn.action.flags = pfcp::apply_action::forw;
  pfcp::forwarding_parameters fp;
  fp.destination_interface = interface_core;
  fp.network_instance = network_instance(r.dnn);
  to_dn.forwarding = std::move(fp);
  // Until the gNB's tunnel is known (TS 23.502 §4.3.2.2.1 step 16) downlink is buffered.
  pfcp::create_far to_ue;
  to_ue.far_id = downlink_far;
  to_ue.action.flags = pfcp::apply_action::buff;
  req.create_fars = {std::move(to_dn), std::move(to_ue)};

  // The session-AMBR as the session's MBR, QFI of the default flow (TS 23.501 §5.7.1.6).
  pfcp::create_qer qer;
  qer.qer_id = session_qer;
  qer.gate_status = 0;  // both gates open
  qer.mbr = pfcp::bit_rate{r.ambr_uplink_kbps, r.ambr_downlink_kbps};
  qer.qfi = r.qfi;
  req.create_qers = {qer};
  // Volume counted for the usage reported at deletion (§5.2.2).
  pfcp::create_urr urr;
  urr.urr_id = session_urr;
  urr.measurement_method = 2;  // VOLUM
  urr.reporting_triggers.octets = {0, 0};
  req.create_urrs = {urr};
  req.pdn_type = static_cast<std::uint8_t>(r.ue_ipv4 && r.ue_ipv6_prefix ? 3
                                           : r.ue_ipv6_prefix            ? 2
                                                                         : 1);
  const std::uint32_t ra_teid = add_router_advertisement_rules(r, req);
  auto* ra = options_.router_advertisements;

  auto request = session_message(0, std::move(req));
  auto answer = co_await node_.request(std::move(request), address);
  if (!*alive) {
    co_return fail(peer_error::unavailable);  // the advertiser went with the SMF
  }
  auto give_up = [&](peer_error e) {
    if (ra_teid != 0) {
      ra->close(ra_teid);
    }
    return fail(e);
  };
  if (!answer) {
    co_return give_up(peer_error::unavailable);
  }
  const auto* rsp = std::get_if<pfcp::session_establishment_response>(&answer->body);
  if (rsp == nullptr || !accepted(rsp->cause) || !rsp->up_f_seid) {
    if (rsp != nullptr) {
      log_->warn("UPF {}: session establishment refused with cause {}", upf,
                 static_cast<int>(rsp->cause));
    }
    co_return give_up(peer_error::rejected);
  }
  up_session s;
  s.upf = upf;
  s.local_seid = r.local_seid;
  s.remote_seid = rsp->up_f_seid->seid;
  s.router_advertisement_teid = ra_teid;
  for (const auto& created : rsp->created_pdrs) {
    if (!created.local_f_teid || !created.local_f_teid->ipv4) {
      continue;
    }
    const tunnel_end end{*created.local_f_teid->ipv4, created.local_f_teid->teid};
    if (created.pdr_id == uplink_pdr) {
      s.uplink = end;
    } else if (created.pdr_id == advertisement_pdr && ra_teid != 0) {
      ra->set_upf_tunnel(ra_teid, end);
    }
  }
  if (s.uplink.teid == 0) {
    log_->warn("UPF {}: no uplink F-TEID in the Created PDR", upf);
    co_return give_up(peer_error::rejected);
  }
  co_return s;
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
  pfcp::create_pdr solicitations;
  solicitations.pdr_id = solicitation_pdr;
  solicitations.precedence = router_precedence;
  solicitations.pdi_ie.source_interface = interface_access;
  solicitations.pdi_ie.local_f_teid = uplink.pdi_ie.local_f_teid;
  solicitations.pdi_ie.network_instance = uplink.pdi_ie.network_instance;
  pfcp::ue_ip_address prefix;
  pfcp::ipv6_address v6{};
  std::copy(r.ue_ipv6_prefix->begin(), r.ue_ipv6_prefix->end(), v6.begin());
  prefix.ipv6 = v6;
  prefix.ipv6_prefix_length = 64;
  solicitations.pdi_ie.ue_ip = prefix;
  pfcp::sdf_filter filter;
  filter.flow_description = solicitation_filter;
  solicitations.pdi_ie.sdf_filters = {filter};
  solicitations.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  solicitations.far_id = solicitation_far;
  // FAR 3: G-PDUs to the SMF's N4-u TEID at its N4 address (§8.2.24 CP-function).
  pfcp::create_far to_smf;
  to_smf.far_id = solicitation_far;
  to_smf.action.flags = pfcp::apply_action::forw;
  pfcp::forwarding_parameters fp;
  fp.destination_interface = interface_cp_function;
  pfcp::outer_header_creation ohc;
  ohc.description = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = teid;
  ohc.ipv4 = options_.self;
  fp.outer_header_creation_ie = ohc;
  to_smf.forwarding = std::move(fp);
  // PDR 4: the SMF's Router Advertisements, sent to the F-TEID the UPF chooses, go down
  // the session's downlink FAR.
  pfcp::create_pdr advertisements;
  advertisements.pdr_id = advertisement_pdr;
  advertisements.precedence = router_precedence;
  advertisements.pdi_ie.source_interface = interface_cp_function;
  pfcp::f_teid choose;
  choose.choose = true;
  choose.choose_v4 = true;
  advertisements.pdi_ie.local_f_teid = choose;
  advertisements.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  advertisements.far_id = downlink_far;

  req.create_pdrs.push_back(std::move(solicitations));
  req.create_pdrs.push_back(std::move(advertisements));
  req.create_fars.push_back(std::move(to_smf));
  return teid;
}

async::task<expected<void, peer_error>> pfcp_user_plane::modify(
    const up_session& s, pfcp::session_modification_request req) {
  auto alive = alive_;
  peer* p = find(s.upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  auto request = session_message(s.remote_seid, std::move(req));
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
  pfcp::session_modification_request req;
  req.update_fars = {downlink_far_update(gnb)};
  auto done = co_await modify(s, std::move(req));
  if (done && gnb && s.router_advertisement_teid != 0 && *alive &&
      options_.router_advertisements != nullptr) {
    options_.router_advertisements->advertise(s.router_advertisement_teid);
  }
  co_return done;
}

async::task<expected<void, peer_error>> pfcp_user_plane::set_session_ambr(
    up_session s, std::uint64_t ambr_uplink_kbps, std::uint64_t ambr_downlink_kbps) {
  // §7.5.4.5 Update QER: the session QER's MBR is the session-AMBR (TS 23.501 §5.7.1.6).
  pfcp::update_qer qer;
  qer.qer_id = session_qer;
  qer.mbr = pfcp::bit_rate{ambr_uplink_kbps, ambr_downlink_kbps};
  pfcp::session_modification_request req;
  req.update_qers = {qer};
  co_return co_await modify(s, std::move(req));
}

async::task<expected<usage, peer_error>> pfcp_user_plane::release(up_session s) {
  auto alive = alive_;
  if (s.router_advertisement_teid != 0 && options_.router_advertisements != nullptr) {
    options_.router_advertisements->close(s.router_advertisement_teid);
  }
  peer* p = find(s.upf);
  if (p == nullptr || !p->associated) {
    co_return fail(peer_error::unavailable);
  }
  auto request = session_message(s.remote_seid, pfcp::session_deletion_request{});
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

}  // namespace glasscore::smf
