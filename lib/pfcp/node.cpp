// PFCP request/response layer, TS 29.244 V17 §6.4 (reliable delivery) and §7.6 (errors).
#include "glasscore/pfcp/node.h"

#include <array>

namespace glasscore::pfcp {

std::string_view to_string(request_error e) {
  switch (e) {
    case request_error::timeout:
      return "timeout";
    case request_error::bad_response:
      return "bad response";
    case request_error::version_not_supported:
      return "version not supported";
    case request_error::cancelled:
      return "cancelled";
  }
  return "unknown";
}

std::uint32_t recovery_time_stamp_now() {
  // RFC 5905 §6: NTP era 0 starts 2,208,988,800 s before the Unix epoch.
  constexpr std::uint64_t ntp_unix_offset = 2208988800ULL;
  const auto unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(unix_seconds) + ntp_unix_offset);
}

node::node(async::executor& ex, async::timer_service& timers, node_config config,
           send_function send, request_handler handler)
    : executor_(ex),
      timers_(timers),
      config_(std::move(config)),
      send_(std::move(send)),
      handler_(std::move(handler)) {}

node::~node() {
  *alive_ = false;
  // Waiting requests end with `cancelled`; their frames then touch nothing of the node.
  for (auto& [k, slot] : pending_) {
    slot->cancel();
  }
  pending_.clear();
}

void node::send(byte_span bytes, const transport::socket_address& to) {
  if (!send_ || !send_(bytes, to)) {
    ++counters_.send_failures;
  }
}

async::task<expected<message, request_error>> node::request(message req,
                                                            transport::socket_address peer) {
  // §7.2.2.2: 24-bit sequence numbers, unique per outstanding request of this node.
  req.hdr.sequence = next_sequence_;
  next_sequence_ = (next_sequence_ + 1) & 0xFFFFFF;
  if (next_sequence_ == 0) {
    next_sequence_ = 1;
  }
  const auto bytes = encode(req);
  const key k{peer.to_string(), req.hdr.sequence};
  async::reply<answer> slot(executor_, timers_);
  pending_[k] = &slot;
  // Unregisters the slot however the frame ends (returned, or destroyed while waiting),
  // unless the node is gone already.
  struct unregister {
    node* self;
    key k;
    std::shared_ptr<bool> alive;
    ~unregister() {
      if (*alive) {
        self->pending_.erase(k);
      }
    }
  } guard{this, k, alive_};
  ++counters_.requests_sent;
  for (int attempt = 0; attempt <= config_.n1; ++attempt) {
    if (attempt > 0) {
      ++counters_.retransmissions;
    }
    send(bytes, peer);
    auto r = co_await slot.wait_for(config_.t1);
    if (r) {
      co_return std::move(*r);
    }
    if (r.error() != async::wait_error::timeout) {
      co_return fail(request_error::cancelled);
    }
  }
  ++counters_.timeouts;
  co_return fail(request_error::timeout);
}

void node::handle_datagram(byte_span datagram, const transport::socket_address& from) {
  auto h = decode_header(datagram);
  if (!h) {
    ++counters_.dropped;  // §7.6.3: too short for a header
    return;
  }
  const key k{from.to_string(), h->sequence};
  if (h->version != 1) {
    // §7.6.2. Only requests are answered, so two nodes never echo these to each other.
    if (is_request(h->type)) {
      message vns;
      vns.hdr.sequence = h->sequence;
      vns.body = version_not_supported_response{};
      send(encode(vns), from);
      ++counters_.version_not_supported_sent;
    } else {
      ++counters_.dropped;
    }
    return;
  }
  if (is_request(h->type)) {
    handle_request(*h, datagram, from, k);
  } else {
    handle_response(*h, datagram, k);
  }
}

void node::handle_request(const header& h, byte_span datagram,
                          const transport::socket_address& from, const key& k) {
  const auto now = timers_.now();
  while (!cache_order_.empty() &&
         (cache_order_.front().first <= now || cache_.size() > config_.response_cache_limit)) {
    cache_.erase(cache_order_.front().second);
    cache_order_.pop_front();
  }
  // §6.4: a retransmitted request gets the same answer and is not handled again.
  if (auto it = cache_.find(k); it != cache_.end()) {
    ++counters_.duplicates_answered;
    send(it->second.bytes, from);
    return;
  }
  ++counters_.requests_received;
  auto m = decode_message(datagram);
  if (!m) {
    const auto& f = m.error();
    if (f.what != decode_failure::action::reject || !f.hdr) {
      ++counters_.dropped;  // §7.6.4: unknown message types are discarded
      return;
    }
    std::uint64_t seid = 0;
    if (h.type == static_cast<std::uint8_t>(message_type::session_establishment_request)) {
      seid = f.cp_seid.value_or(0);
    } else if (is_session_message(h.type) && seid_resolver_ && h.seid) {
      seid = seid_resolver_(*h.seid);
    }
    auto rsp = make_rejection(*f.hdr, f.cause, f.offending_ie, config_.self,
                              config_.recovery_time_stamp, seid);
    if (!rsp) {
      ++counters_.dropped;
      return;
    }
    ++counters_.rejections_sent;
    send_answer(*rsp, from, k);
    return;
  }
  std::optional<message> rsp;
  if (handler_) {
    rsp = handler_(*m, from);
  }
  if (!rsp && std::holds_alternative<heartbeat_request>(m->body)) {
    // §6.2.2: a node answers heartbeats with its own Recovery Time Stamp.
    message hb;
    hb.body = heartbeat_response{config_.recovery_time_stamp, {}};
    rsp = std::move(hb);
  }
  if (rsp) {
    send_answer(*rsp, from, k);
  }
}

void node::handle_response(const header& h, byte_span datagram, const key& k) {
  ++counters_.responses_received;
  auto it = pending_.find(k);
  if (it == pending_.end()) {
    ++counters_.dropped;  // late, duplicated or unsolicited
    return;
  }
  auto* slot = it->second;
  pending_.erase(it);
  if (h.type == static_cast<std::uint8_t>(message_type::version_not_supported_response)) {
    slot->set_value(fail(request_error::version_not_supported));
    return;
  }
  auto m = decode_message(datagram);
  if (!m) {
    // §7.6.1: stop retransmitting and tell the application, even though the reply is
    // discarded.
    slot->set_value(fail(request_error::bad_response));
    return;
  }
  slot->set_value(std::move(*m));
}

void node::send_answer(const message& m, const transport::socket_address& to, const key& k) {
  message out = m;
  out.hdr.sequence = k.second;
  auto bytes = encode(out);
  send(bytes, to);
  remember(k, std::move(bytes));
}

void node::remember(const key& k, std::vector<std::uint8_t> bytes) {
  const auto expires = timers_.now() + config_.response_cache_time;
  cache_[k] = cached_response{std::move(bytes), expires};
  cache_order_.emplace_back(expires, k);
}

expected<udp_endpoint, transport::transport_error> udp_endpoint::open(
    const transport::socket_address& local) {
  auto s = transport::udp_socket::open(local);
  if (!s) {
    return fail(s.error());
  }
  return udp_endpoint(std::move(*s));
}

send_function udp_endpoint::sender() {
  return [s = socket_.get()](byte_span datagram, const transport::socket_address& to) {
    return s->send_to(datagram, to).has_value();
  };
}

std::size_t udp_endpoint::poll(node& n) {
  // One PFCP message travels in one datagram; 64 KiB holds any UDP payload.
  static thread_local std::array<std::uint8_t, 65536> buffer;
  std::size_t count = 0;
  for (;;) {
    auto r = socket_->receive_from(buffer);
    if (!r) {
      if (r.error() == transport::transport_errc::message_too_long) {
        continue;  // counted by the socket; impossible for PFCP sizes
      }
      return count;  // would_block, or an error the next readiness will show again
    }
    ++count;
    n.handle_datagram(byte_span(buffer.data(), r->size), r->source);
  }
}

}  // namespace glasscore::pfcp
