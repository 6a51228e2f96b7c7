// The control side of the UPF data path: opening N3 and N6, starting the workers, and
// installing, modifying and removing sessions while they run (docs/upf.md).

#include "glasscore/nf/upf/datapath.h"

#include <algorithm>

#include "datapath_impl.h"
#include "pdr_match.h"
#include "session_build.h"
#include "worker.h"

namespace glasscore::upf {

namespace {

using detail::session_entry;

// Registers the data path's families and gives each worker its own series (label
// `worker`), so workers never share a counter's cache line.
void register_metrics(metrics::registry& r, datapath::impl& d,
                      std::vector<std::unique_ptr<detail::worker>>& workers) {
  auto packets = r.add_counter("glasscore_upf_packets_total",
                               "Packets forwarded by the UPF data path", {"direction", "worker"});
  auto bytes = r.add_counter("glasscore_upf_bytes_total",
                             "Octets of the inner IP packets forwarded", {"direction", "worker"});
  auto dropped = r.add_counter("glasscore_upf_dropped_total", "Packets dropped, by reason",
                               {"reason", "worker"});
  auto messages = r.add_counter("glasscore_upf_gtpu_messages_total",
                                "GTP-U signalling messages handled", {"message", "worker"});
  auto sessions = r.add_gauge("glasscore_upf_sessions", "Sessions installed in the data path");
  if (!packets || !bytes || !dropped || !messages || !sessions)
    return;  // names taken
  d.sessions_gauge_ = &(*sessions)->with({});
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const std::string w = std::to_string(i);
    detail::worker_metrics& m = workers[i]->metrics;
    m.uplink_packets = &(*packets)->with({"uplink", w});
    m.downlink_packets = &(*packets)->with({"downlink", w});
    m.uplink_bytes = &(*bytes)->with({"uplink", w});
    m.downlink_bytes = &(*bytes)->with({"downlink", w});
    m.malformed = &(*dropped)->with({"malformed", w});
    m.unknown_teid = &(*dropped)->with({"unknown_teid", w});
    m.unknown_ue = &(*dropped)->with({"unknown_ue", w});
    m.rule = &(*dropped)->with({"rule", w});
    m.send_failed = &(*dropped)->with({"send_failed", w});
    m.unsupported = &(*dropped)->with({"unsupported", w});
    m.echo_requests = &(*messages)->with({"echo_request_received", w});
    m.error_indications_sent = &(*messages)->with({"error_indication_sent", w});
    m.error_indications_received = &(*messages)->with({"error_indication_received", w});
    m.end_markers = &(*messages)->with({"end_marker_forwarded", w});
  }
}

// One TUN queue per worker: several workers reading one descriptor would each get whole
// packets, but two packets of one flow could then leave in either order.
bool open_n6(datapath::impl& p, const datapath_config& c) {
  auto tun = transport::tun_device::open(c.tun_name, {.multi_queue = c.workers > 1});
  if (!tun)
    return false;
  p.tun_queues_.push_back(std::make_unique<transport::tun_device>(std::move(*tun)));
  for (std::size_t i = 1; i < c.workers; ++i) {
    auto queue = p.tun_queues_[0]->open_queue();
    if (!queue)
      return false;
    p.tun_queues_.push_back(std::make_unique<transport::tun_device>(std::move(*queue)));
  }
  return !c.tun_ipv4 || p.tun_queues_[0]->set_ipv4_address_and_up(c.tun_ipv4->address.to_string(),
                                                                  c.tun_ipv4->length);
}

}  // namespace

std::string_view to_string(datapath_error e) {
  switch (e) {
    case datapath_error::invalid_config:
      return "invalid data path configuration";
    case datapath_error::n3_socket_failed:
      return "cannot open the N3 socket";
    case datapath_error::tun_failed:
      return "cannot open or configure the N6 TUN device";
    case datapath_error::thread_failed:
      return "cannot start a worker thread";
    case datapath_error::duplicate_seid:
      return "a session with this SEID is already installed";
    case datapath_error::unknown_seid:
      return "no session with this SEID";
    case datapath_error::teid_in_use:
      return "uplink TEID already used by another session";
    case datapath_error::ue_address_in_use:
      return "UE address or prefix already used by another session";
    case datapath_error::table_full:
      return "session table full";
    case datapath_error::invalid_rules:
      return "invalid session rules";
    case datapath_error::not_running:
      return "data path not running";
  }
  return "unknown datapath_error";
}

datapath::impl::impl(const datapath_config& c)
    : config_(c),
      quiescence_(c.workers),
      by_teid_(c.max_sessions, quiescence_),
      by_downlink_teid_(c.max_sessions, quiescence_),
      by_ipv4_(c.max_sessions, quiescence_),
      by_ipv6_(c.max_sessions, quiescence_) {}

datapath::impl::~impl() {
  stop_workers();
  workers_.clear();
  quiescence_.reclaim_all();
}

bool datapath::impl::can_apply(const session_rules& r) const {
  if (!tun_queues_.empty())
    return true;
  auto to_n6 = [](const uplink_rule& u) { return u.apply == uplink_rule::action::forward_to_n6; };
  return !to_n6(r.uplink) && std::ranges::none_of(r.other_uplink, to_n6);
}

void datapath::impl::stop_workers() {
  running_.store(false);
  for (auto& w : workers_)
    w->join();
}

datapath::datapath(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
datapath::~datapath() = default;

expected<std::unique_ptr<datapath>, datapath_error> datapath::start(const datapath_config& c) {
  if (c.workers == 0 || c.workers > 64 || c.batch_size == 0 || c.batch_size > 1024 ||
      c.max_sessions == 0 || c.tun_name.size() > 15) {
    return fail(datapath_error::invalid_config);
  }
  auto p = std::make_unique<impl>(c);
  p->n3_ip_ = c.n3_address;
  auto local = transport::socket_address::parse(c.n3_address.to_string(), c.n3_port);
  if (!local)
    return fail(datapath_error::invalid_config);
  transport::udp_options options;
  options.receive_buffer_bytes = 4 << 20;
  options.send_buffer_bytes = 4 << 20;
  // One N3 socket per worker on the same port (SO_REUSEPORT): the kernel spreads uplink
  // flows (by a hash of addresses and ports) over them, each read and written by its own
  // worker, so uplink scales with workers and udp_socket's counters have one writer each.
  options.reuse_port = c.workers > 1;
  for (std::size_t i = 0; i < c.workers; ++i) {
    auto s = transport::udp_socket::open(*local, options);
    if (!s)
      return fail(datapath_error::n3_socket_failed);
    if (i == 0) {
      auto bound = s->local_address();
      if (!bound)
        return fail(datapath_error::n3_socket_failed);
      p->n3_local_ = *bound;
      *local = *bound;  // the others join the port the first one got
    }
    p->n3_sockets_.push_back(std::make_unique<transport::udp_socket>(std::move(*s)));
  }
  if (!c.tun_name.empty() && !open_n6(*p, c))
    return fail(datapath_error::tun_failed);
  for (std::size_t i = 0; i < c.workers; ++i) {
    p->workers_.push_back(std::make_unique<detail::worker>(
        *p, i, *p->n3_sockets_[i], p->tun_queues_.empty() ? nullptr : p->tun_queues_[i].get()));
  }
  if (c.metrics != nullptr)
    register_metrics(*c.metrics, *p, p->workers_);
  p->running_.store(true);
  for (auto& w : p->workers_) {
    if (!w->start()) {
      p->stop_workers();
      return fail(datapath_error::thread_failed);
    }
  }
  return std::unique_ptr<datapath>(new datapath(std::move(p)));
}

expected<void, datapath_error> datapath::install(const session_rules& rules) {
  impl& d = *impl_;
  std::lock_guard lock(d.control_mutex_);
  d.quiescence_.reclaim();
  const std::uint64_t seid = value_of(rules.seid);
  if (d.sessions_.contains(seid))
    return fail(datapath_error::duplicate_seid);
  if (!d.can_apply(rules))
    return fail(datapath_error::invalid_rules);
  auto usage = std::make_unique<detail::session_usage>();
  auto slots = detail::assign_rate_slots(rules, {}, *usage);
  if (!slots)
    return fail(slots.error());
  auto entry = detail::build_entry(rules, usage.get(), *slots);
  if (!entry)
    return fail(entry.error());
  session_entry& e = **entry;
  if (d.teid_owner_.contains(e.teid) ||
      (e.downlink_teid && d.teid_owner_.contains(*e.downlink_teid)))
    return fail(datapath_error::teid_in_use);
  if ((e.ue_ipv4 && d.ipv4_owner_.contains(*e.ue_ipv4)) ||
      (e.ue_ipv6_prefix && d.ipv6_owner_.contains(*e.ue_ipv6_prefix))) {
    return fail(datapath_error::ue_address_in_use);
  }
  // Publishes the entry in each table it belongs in; on a full table, takes back what was
  // published (readers may have seen it: retired, not deleted).
  const bool published =
      d.by_teid_.insert(&e) && (!e.downlink_teid || d.by_downlink_teid_.insert(&e)) &&
      (!e.ue_ipv4 || d.by_ipv4_.insert(&e)) && (!e.ue_ipv6_prefix || d.by_ipv6_.insert(&e));
  if (!published) {
    d.by_teid_.erase(&e);
    if (e.downlink_teid)
      d.by_downlink_teid_.erase(&e);
    if (e.ue_ipv4)
      d.by_ipv4_.erase(&e);
    if (e.ue_ipv6_prefix)
      d.by_ipv6_.erase(&e);
    d.quiescence_.retire([p = entry->release(), u = usage.release()] {
      delete p;
      delete u;
    });
    return fail(datapath_error::table_full);
  }
  d.teid_owner_[e.teid] = seid;
  if (e.downlink_teid)
    d.teid_owner_[*e.downlink_teid] = seid;
  if (e.ue_ipv4)
    d.ipv4_owner_[*e.ue_ipv4] = seid;
  if (e.ue_ipv6_prefix)
    d.ipv6_owner_[*e.ue_ipv6_prefix] = seid;
  d.sessions_[seid] = impl::record{std::move(*entry), std::move(usage), std::move(*slots)};
  if (d.sessions_gauge_ != nullptr)
    d.sessions_gauge_->set(static_cast<double>(d.sessions_.size()));
  return {};
}

namespace {

// Moves `old`'s slot in `table` to `fresh` for one key kind (present in either or both).
template <class Table, class Key>
void republish(Table& table, const session_entry* old, const std::optional<Key>& old_key,
               const session_entry* fresh, const std::optional<Key>& new_key) {
  if (old_key && new_key && *old_key == *new_key) {
    table.replace(old, fresh);
    return;
  }
  if (old_key)
    table.erase(old);
  if (new_key)
    (void)table.insert(fresh);  // cannot fail: a slot was just freed or kept
}

}  // namespace

namespace {

// What a change of the downlink rules does to the session's buffered packets (TS 29.244
// §5.2.3; TS 23.502 §4.2.3.3): while a downlink PDR still buffers they stay; otherwise each
// is classified again (pdr_match.h) and sent to the gNB in order if its PDR forwards, from
// this thread, right after the new rules were published (a sendto on the N3 socket is safe
// next to the workers' sendmmsg), or discarded and counted if it drops or matches none. A
// worker that still held the old rules may add a packet after this flush: the session's
// next downlink packet sends it first (worker::flush_buffered). A changed rule re-arms the
// NOCP announcement (§5.2.3.1).
void settle_buffer(datapath::impl& d, const session_entry& fresh, detail::session_usage& usage,
                   const session_rules& was) {
  const session_rules& now = fresh.rules;
  if (!(was.downlink == now.downlink) || !(was.other_downlink == now.other_downlink))
    usage.downlink_report.store(detail::session_usage::report_armed);
  bool buffering = false;
  for (std::size_t k = 0; k < fresh.downlink.size(); ++k)
    buffering = buffering || fresh.downlink[k].apply == downlink_rule::action::buffer;
  if (buffering || usage.buffer.queued() == 0)
    return;
  std::vector<std::uint8_t> datagram;
  usage.buffer.drain([&](std::span<const std::uint8_t> ip) {
    const detail::downlink_pdr* pdr = detail::match_downlink(fresh, ip);
    bool sent = false;
    if (pdr != nullptr && pdr->apply == downlink_rule::action::forward_to_gnb) {
      datagram.resize(pdr->header_size + ip.size());
      if (gtpu::encode_header(pdr->header, ip.size(), datagram) != 0) {
        std::copy(ip.begin(), ip.end(),
                  datagram.begin() + static_cast<std::ptrdiff_t>(pdr->header_size));
        sent = static_cast<bool>(d.n3_sockets_[0]->send_to(datagram, pdr->gnb));
      }
    }
    if (sent) {
      usage.downlink_packets.fetch_add(1, std::memory_order_relaxed);
      usage.downlink_bytes.fetch_add(ip.size(), std::memory_order_relaxed);
    } else {
      usage.downlink_buffer_dropped.fetch_add(1, std::memory_order_relaxed);
    }
    return true;
  });
}

}  // namespace

expected<void, datapath_error> datapath::modify(const session_rules& rules, bool send_end_marker) {
  impl& d = *impl_;
  std::lock_guard lock(d.control_mutex_);
  d.quiescence_.reclaim();
  const std::uint64_t seid = value_of(rules.seid);
  auto it = d.sessions_.find(seid);
  if (it == d.sessions_.end())
    return fail(datapath_error::unknown_seid);
  impl::record& rec = it->second;
  if (!d.can_apply(rules))
    return fail(datapath_error::invalid_rules);
  auto slots = detail::assign_rate_slots(rules, rec.slots, *rec.usage);
  if (!slots)
    return fail(slots.error());
  auto entry = detail::build_entry(rules, rec.usage.get(), *slots);
  if (!entry)
    return fail(entry.error());
  session_entry& fresh = **entry;
  const session_entry* old = rec.entry.get();
  auto owned_by_other = [seid](const auto& owners, const auto& key) {
    auto o = owners.find(key);
    return o != owners.end() && o->second != seid;
  };
  if (owned_by_other(d.teid_owner_, fresh.teid) ||
      (fresh.downlink_teid && owned_by_other(d.teid_owner_, *fresh.downlink_teid))) {
    return fail(datapath_error::teid_in_use);
  }
  if ((fresh.ue_ipv4 && owned_by_other(d.ipv4_owner_, *fresh.ue_ipv4)) ||
      (fresh.ue_ipv6_prefix && owned_by_other(d.ipv6_owner_, *fresh.ue_ipv6_prefix))) {
    return fail(datapath_error::ue_address_in_use);
  }
  republish(d.by_teid_, old, std::optional<std::uint32_t>(old->teid), &fresh,
            std::optional<std::uint32_t>(fresh.teid));
  republish(d.by_downlink_teid_, old, old->downlink_teid, &fresh, fresh.downlink_teid);
  republish(d.by_ipv4_, old, old->ue_ipv4, &fresh, fresh.ue_ipv4);
  republish(d.by_ipv6_, old, old->ue_ipv6_prefix, &fresh, fresh.ue_ipv6_prefix);
  d.teid_owner_.erase(old->teid);
  if (old->downlink_teid)
    d.teid_owner_.erase(*old->downlink_teid);
  if (old->ue_ipv4)
    d.ipv4_owner_.erase(*old->ue_ipv4);
  if (old->ue_ipv6_prefix)
    d.ipv6_owner_.erase(*old->ue_ipv6_prefix);
  d.teid_owner_[fresh.teid] = seid;
  if (fresh.downlink_teid)
    d.teid_owner_[*fresh.downlink_teid] = seid;
  if (fresh.ue_ipv4)
    d.ipv4_owner_[*fresh.ue_ipv4] = seid;
  if (fresh.ue_ipv6_prefix)
    d.ipv6_owner_[*fresh.ue_ipv6_prefix] = seid;

  const downlink_rule& was = old->rules.downlink;
  if (send_end_marker && was.apply == downlink_rule::action::forward_to_gnb &&
      (was.gnb_address != rules.downlink.gnb_address || was.gnb_teid != rules.downlink.gnb_teid)) {
    // TS 23.502 §4.9.1.2.2 step 10 / TS 29.281 §7.3.2: the old gNB learns that no more
    // downlink packets follow on its tunnel. Sent after the switch, from this thread (a
    // sendto on the N3 socket is safe next to the workers' sendmmsg).
    std::uint8_t marker[8];
    if (gtpu::encode_end_marker(value_of(was.gnb_teid), marker) == sizeof(marker)) {
      (void)d.n3_sockets_[0]->send_to(marker, old->gnb);
    }
  }
  settle_buffer(d, fresh, *rec.usage, old->rules);
  d.quiescence_.retire([p = rec.entry.release()] { delete p; });
  rec.entry = std::move(*entry);
  rec.slots = std::move(*slots);
  return {};
}

expected<session_counters, datapath_error> datapath::remove(pfcp_seid id) {
  impl& d = *impl_;
  std::lock_guard lock(d.control_mutex_);
  const std::uint64_t seid = value_of(id);
  auto it = d.sessions_.find(seid);
  if (it == d.sessions_.end())
    return fail(datapath_error::unknown_seid);
  impl::record& rec = it->second;
  const session_entry* e = rec.entry.get();
  d.by_teid_.erase(e);
  if (e->downlink_teid)
    d.by_downlink_teid_.erase(e);
  if (e->ue_ipv4)
    d.by_ipv4_.erase(e);
  if (e->ue_ipv6_prefix)
    d.by_ipv6_.erase(e);
  d.teid_owner_.erase(e->teid);
  if (e->downlink_teid)
    d.teid_owner_.erase(*e->downlink_teid);
  if (e->ue_ipv4)
    d.ipv4_owner_.erase(*e->ue_ipv4);
  if (e->ue_ipv6_prefix)
    d.ipv6_owner_.erase(*e->ue_ipv6_prefix);
  // Buffered packets die with the session (TS 29.244 §5.2.3), counted.
  rec.usage->downlink_buffer_dropped.fetch_add(rec.usage->buffer.discard(),
                                               std::memory_order_relaxed);
  const session_counters final_counts = rec.usage->snapshot();
  d.quiescence_.retire([p = rec.entry.release(), u = rec.usage.release()] {
    delete p;
    delete u;
  });
  d.sessions_.erase(it);
  if (d.sessions_gauge_ != nullptr)
    d.sessions_gauge_->set(static_cast<double>(d.sessions_.size()));
  d.quiescence_.reclaim();
  return final_counts;
}

std::optional<session_counters> datapath::counters(pfcp_seid seid) const {
  std::lock_guard lock(impl_->control_mutex_);
  auto it = impl_->sessions_.find(value_of(seid));
  if (it == impl_->sessions_.end())
    return std::nullopt;
  return it->second.usage->snapshot();
}

std::vector<pfcp_seid> datapath::take_downlink_data_arrivals() {
  impl& d = *impl_;
  std::lock_guard lock(d.control_mutex_);
  std::vector<pfcp_seid> out;
  if (d.downlink_reports_pending_.exchange(0) == 0)
    return out;
  for (auto& [seid, rec] : d.sessions_) {
    std::uint8_t pending = detail::session_usage::report_pending;
    if (rec.usage->downlink_report.compare_exchange_strong(pending,
                                                           detail::session_usage::report_taken)) {
      out.push_back(pfcp_seid{seid});
    }
  }
  return out;
}

std::size_t datapath::session_count() const {
  std::lock_guard lock(impl_->control_mutex_);
  return impl_->sessions_.size();
}

datapath_counters datapath::totals() const {
  datapath_counters t;
  constexpr auto r = std::memory_order_relaxed;
  for (const auto& w : impl_->workers_) {
    const detail::worker_counters& c = w->counters;
    t.n3_received += c.n3_received.load(r);
    t.n6_received += c.n6_received.load(r);
    t.uplink_forwarded += c.uplink_forwarded.load(r);
    t.downlink_forwarded += c.downlink_forwarded.load(r);
    t.malformed_dropped += c.malformed_dropped.load(r);
    t.unknown_teid_dropped += c.unknown_teid_dropped.load(r);
    t.unknown_ue_dropped += c.unknown_ue_dropped.load(r);
    t.rule_dropped += c.rule_dropped.load(r);
    t.send_failed_dropped += c.send_failed_dropped.load(r);
    t.unsupported_dropped += c.unsupported_dropped.load(r);
    t.echo_requests += c.echo_requests.load(r);
    t.error_indications_sent += c.error_indications_sent.load(r);
    t.error_indications_suppressed += c.error_indications_suppressed.load(r);
    t.error_indications_received += c.error_indications_received.load(r);
    t.end_markers_forwarded += c.end_markers_forwarded.load(r);
    t.supported_extension_notifications_sent += c.supported_extension_notifications_sent.load(r);
    t.uplink_to_cp_function += c.uplink_to_cp_function.load(r);
    t.downlink_from_tunnel += c.downlink_from_tunnel.load(r);
    t.unmatched_dropped += c.unmatched_dropped.load(r);
  }
  return t;
}

const transport::socket_address& datapath::n3_local_address() const {
  return impl_->n3_local_;
}
const std::string& datapath::tun_name() const {
  // The kernel's name for the device (it may differ from a pattern asked for); without N6
  // the configured, empty, name.
  return impl_->tun_queues_.empty() ? impl_->config_.tun_name : impl_->tun_queues_[0]->name();
}

void datapath::stop() {
  impl_->stop_workers();
}

}  // namespace glasscore::upf
