// The per-packet work of the UPF (TS 29.281 for N3, TS 29.244 §5.2 for the rules).
// Nothing here allocates or locks: buffers come from the worker's pool, batches are reused,
// sessions are found in lookup_table with atomic loads only.

#include "worker.h"

#include <poll.h>
#include <pthread.h>

#include <cstdio>
#include <cstring>

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

}  // namespace

worker::worker(datapath::impl& dp, std::size_t index, transport::udp_socket* n3_receive,
               transport::udp_socket& n3_send)
    : dp_(dp),
      index_(index),
      n3_receive_(n3_receive),
      n3_send_(n3_send),
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
  pollfd fds[2];
  nfds_t nfds = 0;
  if (dp_.tun_)
    fds[nfds++] = {dp_.tun_->fd(), POLLIN, 0};
  if (n3_receive_ != nullptr)
    fds[nfds++] = {n3_receive_->fd(), POLLIN, 0};
  while (dp_.running_.load(std::memory_order_relaxed)) {
    // No table pointer is held here: a safe point for reclamation (quiescence.h).
    dp_.quiescence_.quiescent(index_);
    const std::int64_t now = now_ns();
    bool busy = false;
    if (n3_receive_ != nullptr)
      busy |= receive_n3(now);
    if (dp_.tun_)
      busy |= receive_n6(now);
    if (!busy) {
      dp_.quiescence_.offline(index_);
      ::poll(fds, nfds, idle_poll_ms);
    }
  }
  dp_.quiescence_.offline(index_);
}

bool worker::receive_n3(std::int64_t now) {
  auto n = n3_receive_->receive_batch(pool_, rx_);
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
    inc(counters.unknown_teid_dropped, metrics.unknown_teid);
    send_error_indication(d, v.hdr.teid, now);
    return;
  }
  session_usage& usage = *e->usage;
  const uplink_rule& rule = e->rules.uplink;
  const std::size_t inner = v.payload.size();
  bool pass = rule.apply == uplink_rule::action::forward_to_n6 && rule.qer.gate_open;
  if (pass && rule.required_qfi) {
    pass = v.hdr.pdu_session && v.hdr.pdu_session->qfi == value_of(*rule.required_qfi);
  }
  if (pass && !uplink_source_ok(*e, v.payload))
    pass = false;
  if (pass && e->uplink_rate.enabled) {
    pass =
        usage.uplink_bucket.admit(inner, e->uplink_rate.ns_per_byte, e->uplink_rate.depth_ns, now);
  }
  if (!pass) {
    inc(usage.uplink_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  // Outer Header Removal (TS 29.244 §8.2.64): the T-PDU already sits in the buffer after
  // the GTP-U header; moving the start is all it takes.
  packet_buffer& b = *d.buffer;
  const auto offset = static_cast<std::size_t>(v.payload.data() - b.data().data());
  if (!b.trim_front(offset) || !dp_.tun_->write(b)) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return;
  }
  inc(usage.uplink_packets);
  inc(usage.uplink_bytes, inner);
  inc(counters.uplink_forwarded, metrics.uplink_packets);
  if (metrics.uplink_bytes != nullptr)
    metrics.uplink_bytes->inc(inner);
}

void worker::handle_end_marker(transport::datagram& d, std::uint32_t teid) {
  // An End Marker on a session's tunnel is relayed down its current downlink tunnel
  // (TS 29.281 §5.1 and §7.3.2; TS 23.501 §5.8.2.9 on the UPF sending it on).
  const session_entry* e = dp_.by_teid_.find(teid);
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
    auto r = dp_.tun_->read(*b);
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
  session_usage& usage = *e->usage;
  const downlink_rule& rule = e->rules.downlink;
  const std::size_t size = ip.size();
  if (rule.apply == downlink_rule::action::buffer) {
    inc(usage.downlink_buffer_dropped);  // FAR BUFF: not buffered yet (session_rules.h)
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  bool pass = rule.apply == downlink_rule::action::forward_to_gnb && rule.qer.gate_open;
  if (pass && e->downlink_rate.enabled) {
    pass = usage.downlink_bucket.admit(size, e->downlink_rate.ns_per_byte,
                                       e->downlink_rate.depth_ns, now);
  }
  if (!pass) {
    inc(usage.downlink_dropped);
    inc(counters.rule_dropped, metrics.rule);
    return;
  }
  // Outer Header Creation (TS 29.244 §8.2.56): the GTP-U header goes into the headroom;
  // the kernel adds UDP/IP when the batch is sent.
  auto header = b.prepend(e->downlink_header_size);
  if (!header || gtpu::encode_header(e->downlink_header, size, *header) == 0) {
    inc(counters.send_failed_dropped, metrics.send_failed);
    return;
  }
  inc(usage.downlink_packets);
  inc(usage.downlink_bytes, size);
  inc(counters.downlink_forwarded, metrics.downlink_packets);
  if (metrics.downlink_bytes != nullptr)
    metrics.downlink_bytes->inc(size);
  queue(std::move(b), e->gnb);
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
    auto sent = n3_send_.send_batch(tx_, first);
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
