// The per-packet work of the UPF (TS 29.281 for N3, TS 29.244 §5.2 for the rules).
// Nothing on the forwarding path allocates or locks: buffers come from the worker's pool,
// batches are reused, sessions are found in lookup_table with atomic loads only. The one
// exception is FAR BUFF, whose packets go into a per-session locked buffer
// (downlink_buffer.h explains why).

#include "worker.h"

#include <poll.h>
#include <pthread.h>

#include <cstdio>
#include <cstring>

#include "pdr_match.h"

namespace glasscore::upf::detail {

namespace {

constexpr std::size_t buffer_size = 2048 + 128;
constexpr std::size_t headroom = 128;  // room for the GTP-U header prepended downlink
constexpr int idle_poll_ms = 10;       // also bounds how long a removed session waits to be freed

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::uint64_t load_be64(const std::uint8_t* p) {
  return (std::uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}

void inc(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}
// A worker total and, when a registry is configured, its metric series.
void inc(std::atomic<std::uint64_t>& c, metrics::counter* m, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
  if (m != nullptr)
    m->inc(n);
}

// Anti-spoofing (TS 29.244 §5.2.1, the uplink PDR's UE IP address): an uplink packet must
// come from the session's own address or prefix. Also rejects T-PDUs that are not IP.
bool uplink_source_ok(const session_entry& e, std::span<const std::uint8_t> ip) {
  if (ip.empty())
    return false;
  const int version = ip[0] >> 4;
  if (version == 4) {
    if (ip.size() < 20)
      return false;
    return !e.ue_ipv4 || load_be32(&ip[12]) == *e.ue_ipv4;
  }
  if (version == 6) {
    if (ip.size() < 40)
      return false;
    return !e.ue_ipv6_prefix || load_be64(&ip[8]) == *e.ue_ipv6_prefix;
  }
  return false;
}

// A PDR's QERs (TS 29.244 §5.2.1.11): every gate open, then every MBR bucket admitting the
// packet (the flow's MBR, then the session AMBR).
bool qers_admit(const std::array<qer_check, 2>& qers, std::uint8_t count, std::size_t bytes,
                std::int64_t now) {
  for (std::uint8_t i = 0; i < count; ++i) {
    if (!qers[i].gate_open)
      return false;
  }
  for (std::uint8_t i = 0; i < count; ++i) {
    const qer_check& q = qers[i];
    if (q.rate.enabled && !q.bucket->admit(bytes, q.rate.ns_per_byte, q.rate.depth_ns, now))
      return false;
  }
  return true;
}

}  // namespace

worker::worker(datapath::impl& dp, std::size_t index, transport::udp_socket& n3,
               transport::tun_device* n6)
    : dp_(dp),
      index_(index),
      n3_(n3),
      n6_(n6),
      pool_(std::max<std::size_t>(dp.config_.buffers_per_worker, 4 * dp.config_.batch_size),
            buffer_size, headroom),
      rx_(dp.config_.batch_size),
      tx_(dp.config_.batch_size) {}

worker::~worker() {
  join();
}

bool worker::start() {
  try {
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    return false;
  }
  return true;
}

void worker::join() {
  if (thread_.joinable())
    thread_.join();
}

void worker::run() {
  // Named so `top -H` and the benchmark can tell the data path's CPU time apart.
  char name[16];
  std::snprintf(name, sizeof(name), "upf-worker-%zu", index_);
  ::pthread_setname_np(::pthread_self(), name);
  pollfd fds[2] = {{n3_.fd(), POLLIN, 0}, {n6_ != nullptr ? n6_->fd() : -1, POLLIN, 0}};
  const nfds_t nfds = n6_ != nullptr ? 2 : 1;
  while (dp_.running_.load(std::memory_order_relaxed)) {
    // No table pointer is held here: a safe point for reclamation (quiescence.h).
    dp_.quiescence_.quiescent(index_);
    const std::int64_t now = now_ns();
    bool busy = receive_n3(now);
    if (n6_ != nullptr)
      busy |= receive_n6(now);
    if (!busy) {
      dp_.quiescence_.offline(index_);
      ::poll(fds, nfds, idle_poll_ms);
    }
  }
  dp_.quiescence_.offline(index_);
}

bool worker::receive_n3(std::int64_t now) {
  auto n = n3_.receive_batch(pool_, rx_);
  if (!n)
    return false;  // would_block, or no_buffers (datagrams wait in the kernel)
  for (std::size_t i = 0; i < rx_.size(); ++i) {
    if (rx_[i].buffer)
      handle_n3(rx_[i], now);
  }
  rx_.clear();
  flush();
  return true;
}

void worker::handle_n3(transport::datagram& d, std::int64_t now) {
  inc(counters.n3_received);
  auto v = gtpu::decode(d.buffer->data());
  if (!v) {
    // Malformed GTP-U: dropped and counted. The one error with an answer is an unknown
    // extension header that must be comprehended (TS 29.281 §5.2.1): the sender learns
    // which ones we support.
    inc(counters.malformed_dropped, metrics.malformed);
    if (v.error() == gtpu::gtpu_error::unknown_comprehension_required_extension) {
      send_supported_extensions(d, now);
    }
    return;
  }
  switch (v->hdr.type) {
    case gtpu::message_type::g_pdu:
      handle_g_pdu(d, *v, now);
      return;
    case gtpu::message_type::echo_request:
      answer_echo(d, v->hdr.sequence.value_or(0));
      return;
    case gtpu::message_type::error_indication:
      // The gNB lost the downlink tunnel (TS 29.281 §7.3.1). Reporting it to the SMF over
      // N4 (TS 29.244 §5.2.2.4) is the N4 side's job; the data path counts it.
      inc(counters.error_indications_received, metrics.error_indications_received);
      return;
    case gtpu::message_type::end_marker:
      handle_end_marker(d, v->hdr.teid);
      return;
    default:
      inc(counters.unsupported_dropped, metrics.unsupported);
      return;
  }
}

void worker::handle_g_pdu(transport::datagram& d, const gtpu::packet_view& v, std::int64_t now) {
  const session_entry* e = dp_.by_teid_.find(v.hdr.teid);
  if (e == nullptr) {
    if (const session_entry* down = dp_.by_downlink_teid_.find(v.hdr.teid)) {
      handle_downlink_tunnel(d, v, *down, now);
      return;
    }
    inc(counters.unknown_teid_dropped, metrics.unknown_teid);
    send_error_indication(d, v.hdr.teid, now);
    return;
  }
  session_usage& usage = *e->usage;
  std::optional<std::uint8_t> qfi;
  if (v.hdr.pdu_session)
    qfi = v.hdr.pdu_session->qfi;
  const uplink_pdr* pdr = match_uplink(*e, v.payload, qfi);
  if (pdr == nullptr) {
    // TS 29.244 §5.2.1: no PDR of the session matches: dropped.
    inc(usage.uplink_unmatched);
    inc(usage.uplink_dropped);
    inc(counters.unmatched_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  if (pdr->to_cp_function) {
    if (send_into_tunnel(d, v, pdr->header, pdr->peer))
      inc(counters.uplink_to_cp_function);
    return;
  }
  const std::size_t inner = v.payload.size();
  const bool pass = pdr->apply != uplink_rule::action::drop && uplink_source_ok(*e, v.payload) &&
                    qers_admit(pdr->qers, pdr->qer_count, inner, now);
  if (!pass) {
    inc(usage.uplink_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  if (pdr->apply == uplink_rule::action::forward_to_tunnel) {
    // N9 to the PSA (TS 23.501 §5.6.4): the PSA's TEID, and the QFI of the container the
    // gNB sent in an UL PDU Session Container (TS 29.281 §5.2.2.7, TS 38.415 §5.5.2.2).
    gtpu::header h = pdr->header;
    if (qfi) {
      h.pdu_session =
          gtpu::pdu_session_container{gtpu::pdu_session_container::direction::uplink, *qfi, false};
    }
    if (!send_into_tunnel(d, v, h, pdr->peer))
      return;
  } else {
    // Outer Header Removal (TS 29.244 §8.2.64): the T-PDU already sits in the buffer after
    // the GTP-U header; moving the start is all it takes.
    packet_buffer& b = *d.buffer;
    const auto offset = static_cast<std::size_t>(v.payload.data() - b.data().data());
    if (!b.trim_front(offset) || !n6_->write(b)) {
      inc(counters.send_failed_dropped, metrics.send_failed);
      return;
    }
  }
  inc(usage.uplink_packets);
  inc(usage.uplink_bytes, inner);
  inc(counters.uplink_forwarded, metrics.uplink_packets);
  if (metrics.uplink_bytes != nullptr)
    metrics.uplink_bytes->inc(inner);
}

bool worker::send_into_tunnel(transport::datagram& d, const gtpu::packet_view& v,
                              const gtpu::header& header, const transport::socket_address& to) {
  // Outer Header Removal, then Outer Header Creation (TS 29.244 §8.2.64, §8.2.56): the new
  // header goes where the old one was, the inner packet is not copied. Used for the FAR to
  // the CP function (TS 23.501 §5.8.2.2.3) and for the I-UPF's N9 uplink.
  packet_buffer& b = *d.buffer;
  const std::size_t inner = v.payload.size();
  const auto offset = static_cast<std::size_t>(v.payload.data() - b.data().data());
  if (!b.trim_front(offset)) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return false;
  }
  auto out = b.prepend(gtpu::header_size(header));
  if (!out || gtpu::encode_header(header, inner, *out) == 0) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return false;
  }
  queue(std::move(b), to);
  return true;
}

void worker::handle_downlink_tunnel(transport::datagram& d, const gtpu::packet_view& v,
                                    const session_entry& e, std::int64_t now) {
  // A G-PDU on the session's downlink TEID (PDR with Source Interface Core from a PSA over
  // N9, or CP-function from the SMF; Outer Header Removal, TS 29.244 §5.2.1A): its inner
  // packet goes down like an N6 packet of this session, the session's downlink FAR
  // deciding, with the QFI of its own container when it has one (a PSA sends one).
  const std::span<const std::uint8_t> ip = v.payload;
  const bool is_ip =
      (ip.size() >= 20 && (ip[0] >> 4) == 4) || (ip.size() >= 40 && (ip[0] >> 4) == 6);
  if (!is_ip) {
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  std::optional<std::uint8_t> qfi;
  if (v.hdr.pdu_session)
    qfi = v.hdr.pdu_session->qfi;
  packet_buffer& b = *d.buffer;
  const auto offset = static_cast<std::size_t>(v.payload.data() - b.data().data());
  if (!b.trim_front(offset)) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return;
  }
  if (forward_downlink(std::move(b), e, now, qfi))
    inc(counters.downlink_from_tunnel);
}

void worker::handle_end_marker(transport::datagram& d, std::uint32_t teid) {
  // An End Marker on a session's tunnel is relayed down its current downlink tunnel
  // (TS 29.281 §5.1 and §7.3.2; TS 23.501 §5.8.2.9 on the UPF sending it on). At an I-UPF
  // the PSA's End Marker arrives on the N9 downlink TEID and goes on to the gNB.
  const session_entry* e = dp_.by_teid_.find(teid);
  if (e == nullptr)
    e = dp_.by_downlink_teid_.find(teid);
  if (e == nullptr) {
    inc(counters.unknown_teid_dropped, metrics.unknown_teid);
    return;
  }
  if (e->rules.downlink.apply != downlink_rule::action::forward_to_gnb) {
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  packet_buffer& b = *d.buffer;
  b.reset();
  auto span = b.append(8);
  if (!span || gtpu::encode_end_marker(value_of(e->rules.downlink.gnb_teid), *span) != 8)
    return;
  inc(counters.end_markers_forwarded, metrics.end_markers);
  queue(std::move(b), e->gnb);
}

void worker::answer_echo(transport::datagram& d, std::uint16_t sequence) {
  // TS 29.281 §7.2.2: the response carries the request's sequence number.
  packet_buffer& b = *d.buffer;
  b.reset();
  auto span = b.append(gtpu::max_header_size + 2);
  if (!span)
    return;
  const std::size_t n = gtpu::encode_echo_response(sequence, *span);
  if (n == 0 || !b.trim_back(span->size() - n))
    return;
  inc(counters.echo_requests, metrics.echo_requests);
  queue(std::move(b), d.peer);
}

bool worker::answer_allowed(std::int64_t now) {
  if (now - ei_window_start_ns_ >= 1'000'000'000) {
    ei_window_start_ns_ = now;
    ei_in_window_ = 0;
  }
  if (ei_in_window_ >= dp_.config_.error_indications_per_second) {
    inc(counters.error_indications_suppressed);
    return false;
  }
  ++ei_in_window_;
  return true;
}

void worker::send_supported_extensions(transport::datagram& d, std::int64_t now) {
  if (!answer_allowed(now))
    return;
  packet_buffer& b = *d.buffer;
  b.reset();
  auto span = b.append(64);
  if (!span)
    return;
  const std::size_t n = gtpu::encode_supported_extension_headers_notification(0, *span);
  if (n == 0 || !b.trim_back(span->size() - n))
    return;
  inc(counters.supported_extension_notifications_sent);
  queue(std::move(b), d.peer);
}

void worker::send_error_indication(transport::datagram& d, std::uint32_t teid, std::int64_t now) {
  if (!answer_allowed(now))
    return;
  // TS 29.281 §7.3.1: TEID Data I = the unknown TEID, GTP-U Peer Address = the address the
  // G-PDU was sent to (ours). Sent back to where the G-PDU came from.
  packet_buffer& b = *d.buffer;
  b.reset();
  auto span = b.append(64);
  if (!span)
    return;
  const std::size_t n = gtpu::encode_error_indication(teid, dp_.n3_ip_, *span);
  if (n == 0 || !b.trim_back(span->size() - n))
    return;
  inc(counters.error_indications_sent, metrics.error_indications_sent);
  queue(std::move(b), d.peer);
}

bool worker::receive_n6(std::int64_t now) {
  bool any = false;
  for (std::size_t k = 0; k < dp_.config_.batch_size; ++k) {
    auto b = pool_.acquire();
    if (!b)
      break;
    auto r = n6_->read(*b);
    if (!r) {
      if (r.error().code == transport::transport_errc::message_too_long) {
        inc(counters.n6_received);
        inc(counters.malformed_dropped, metrics.malformed);
        any = true;
        continue;
      }
      break;  // would_block (or an error the next poll will show again)
    }
    any = true;
    inc(counters.n6_received);
    handle_n6(std::move(*b), now);
  }
  flush();
  return any;
}

void worker::handle_n6(packet_buffer&& b, std::int64_t now) {
  const byte_span ip = b.data();
  const session_entry* e = nullptr;
  if (!ip.empty() && (ip[0] >> 4) == 4 && ip.size() >= 20) {
    e = dp_.by_ipv4_.find(load_be32(&ip[16]));
  } else if (!ip.empty() && (ip[0] >> 4) == 6 && ip.size() >= 40) {
    e = dp_.by_ipv6_.find(load_be64(&ip[24]));  // destination /64 (TS 23.501 §5.8.2.2.3)
  } else {
    inc(counters.malformed_dropped, metrics.malformed);
    return;
  }
  if (e == nullptr) {
    inc(counters.unknown_ue_dropped, metrics.unknown_ue);
    return;
  }
  (void)forward_downlink(std::move(b), *e, now);
}

bool worker::forward_downlink(packet_buffer&& b, const session_entry& e, std::int64_t now,
                              std::optional<std::uint8_t> received_qfi) {
  session_usage& usage = *e.usage;
  const std::size_t size = b.data().size();
  const downlink_pdr* pdr = match_downlink(e, b.data());
  if (pdr == nullptr) {
    // TS 29.244 §5.2.1: no PDR of the session matches: dropped.
    inc(usage.downlink_unmatched);
    inc(usage.downlink_dropped);
    inc(counters.unmatched_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return false;
  }
  if (pdr->apply == downlink_rule::action::buffer) {
    buffer_downlink(b.data(), e, *pdr);
    return false;
  }
  const bool pass = pdr->apply == downlink_rule::action::forward_to_gnb &&
                    qers_admit(pdr->qers, pdr->qer_count, size, now);
  if (!pass) {
    inc(usage.downlink_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return false;
  }
  if (usage.buffer.queued() != 0)
    flush_buffered(e);  // packets buffered under the session's previous rules go first
  // Outer Header Creation (TS 29.244 §8.2.56): the GTP-U header goes into the headroom;
  // the kernel adds UDP/IP when the batch is sent. A QFI received from a PSA replaces the
  // PDR's (the DL PDU Session Container's size does not depend on it).
  gtpu::header h = pdr->header;
  if (received_qfi)
    h.pdu_session->qfi = *received_qfi;
  auto header = b.prepend(pdr->header_size);
  if (!header || gtpu::encode_header(h, size, *header) == 0) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return false;
  }
  inc(usage.downlink_packets);
  inc(usage.downlink_bytes, size);
  inc(counters.downlink_forwarded, metrics.downlink_packets);
  if (metrics.downlink_bytes != nullptr)
    metrics.downlink_bytes->inc(size);
  queue(std::move(b), pdr->gnb);
  return true;
}

void worker::buffer_downlink(std::span<const std::uint8_t> ip, const session_entry& e,
                             const downlink_pdr& pdr) {
  // FAR BUFF (TS 29.244 §5.2.3): the packet is copied into the session's buffer (the one
  // locked path of the data path, downlink_buffer.h) and the pool buffer goes back.
  session_usage& usage = *e.usage;
  if (!usage.buffer.push(ip, pdr.buffer_packets, pdr.buffer_bytes)) {
    inc(usage.downlink_buffer_overflow);
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  // NOCP (§5.2.3.1): the first buffered packet is announced to the N4 side, once until
  // the rules change; the counter tells the control side a scan is worth it.
  if (pdr.notify_cp && usage.downlink_report.load() == session_usage::report_armed) {
    std::uint8_t armed = session_usage::report_armed;
    if (usage.downlink_report.compare_exchange_strong(armed, session_usage::report_pending))
      dp_.downlink_reports_pending_.fetch_add(1);
  }
}

void worker::flush_buffered(const session_entry& e) {
  // What a worker still holding the session's previous (BUFF) rules added after the
  // control side flushed the buffer (datapath::modify): classified with the current rules
  // and sent now, ahead of this packet; one whose PDR does not forward is discarded.
  session_usage& usage = *e.usage;
  usage.buffer.drain([&](std::span<const std::uint8_t> ip) {
    const downlink_pdr* pdr = match_downlink(e, ip);
    if (pdr == nullptr || pdr->apply != downlink_rule::action::forward_to_gnb) {
      inc(usage.downlink_buffer_dropped);
      return true;
    }
    auto b = pool_.acquire();
    if (!b)
      return false;  // kept for the next packet
    auto body = b->append(ip.size());
    auto header = body ? b->prepend(pdr->header_size) : body;
    if (!header || gtpu::encode_header(pdr->header, ip.size(), *header) == 0) {
      inc(counters.send_failed_dropped, metrics.send_failed);
      return true;
    }
    std::copy(ip.begin(), ip.end(), body->begin());
    inc(usage.downlink_packets);
    inc(usage.downlink_bytes, ip.size());
    inc(counters.downlink_forwarded, metrics.downlink_packets);
    queue(std::move(*b), pdr->gnb);
    return true;
  });
}

void worker::queue(packet_buffer&& b, const transport::socket_address& to) {
  if (tx_.full())
    flush();
  if (!tx_.push_back(std::move(b), to))
    inc(counters.send_failed_dropped, metrics.send_failed);
}

void worker::flush() {
  std::size_t first = 0;
  while (first < tx_.size()) {
    auto sent = n3_.send_batch(tx_, first);
    if (!sent || *sent == 0) {
      // Socket buffer full or the peer unreachable: drop the rest rather than spin.
      inc(counters.send_failed_dropped, metrics.send_failed, tx_.size() - first);
      break;
    }
    first += *sent;
  }
  tx_.clear();
}

}  // namespace glasscore::upf::detail
