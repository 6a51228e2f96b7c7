#pragma once
/// \file
/// A PFCP node (TS 29.244 V17 §6.4, §7.6): the request/response layer both the SMF and the
/// UPF stand on. It owns no socket: datagrams come in through `handle_datagram` and go out
/// through a `send_function`, so tests drive it with a manual clock, and `udp_endpoint`
/// (below) ties it to a UDP socket on port 8805 for the runtime.
///
/// - Outgoing requests get a sequence number, are retransmitted every T1 up to N1 times
///   (§6.4 "reliable delivery"; the same bytes each time) and complete with the response
///   matched by peer and sequence number, or with an error.
/// - Incoming requests go to the `request_handler`, whose answer gets the request's
///   sequence number. The encoded answer is cached per (peer, sequence number) so a
///   retransmitted request is answered again without being handled twice (§6.4).
/// - A request of another PFCP version gets a Version Not Supported Response (§7.6.2); a
///   malformed request gets the response its decoder names the cause for (§7.6); anything
///   else that cannot be used is dropped and counted.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "glasscore/async/executor.h"
#include "glasscore/async/reply.h"
#include "glasscore/async/task.h"
#include "glasscore/async/timer.h"
#include "glasscore/codec/pfcp/messages.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/transport/socket_address.h"
#include "glasscore/transport/udp_socket.h"

namespace glasscore::pfcp {

/// The PFCP UDP port (TS 29.244 §4.2.2).
inline constexpr std::uint16_t pfcp_port = 8805;

/// The current wall-clock time in NTP seconds (since 1900-01-01, wrapping in 2036 as NTP
/// era 0 does), for node_config::recovery_time_stamp at startup (§8.2.65; a peer that
/// sees it change in a heartbeat knows this node restarted, §6.2.2).
[[nodiscard]] std::uint32_t recovery_time_stamp_now();

struct node_config {
  node_id self;
  /// §8.2.65: when this node started, in NTP seconds (seconds since 1900-01-01).
  std::uint32_t recovery_time_stamp = 0;
  /// §6.4: T1 (retransmission interval) and N1 (retransmissions). TS 29.244 leaves the
  /// values to configuration; these follow common deployments (3 s, 3 tries).
  async::duration t1 = std::chrono::seconds(3);
  int n1 = 3;
  /// How long an answer stays cached for retransmitted requests: longer than the peer's
  /// whole retransmission window (its T1 x (N1 + 1)).
  async::duration response_cache_time = std::chrono::seconds(20);
  std::size_t response_cache_limit = 4096;
};

/// What a node counts instead of logging every packet (§7.6.1 "statistical counter").
struct node_counters {
  std::uint64_t requests_received = 0;
  std::uint64_t responses_received = 0;
  std::uint64_t requests_sent = 0;
  std::uint64_t retransmissions = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t duplicates_answered = 0;  ///< retransmitted requests answered from cache
  std::uint64_t rejections_sent = 0;      ///< answers to malformed requests
  std::uint64_t version_not_supported_sent = 0;
  std::uint64_t dropped = 0;  ///< unusable datagrams, unmatched responses
  std::uint64_t send_failures = 0;
};

enum class request_error : std::uint8_t {
  timeout,                ///< no response after N1 retransmissions
  bad_response,           ///< a response arrived but did not decode (§7.6.1: stop, notify)
  version_not_supported,  ///< the peer answered with Version Not Supported Response
  cancelled,              ///< the node is being destroyed
};

[[nodiscard]] std::string_view to_string(request_error e);

/// Computes the answer to a decoded request from `from`. Return the response message
/// (its sequence number is filled in by the node) or nullopt to send nothing.
using request_handler = std::function<std::optional<message>(
    const message& request, const transport::socket_address& from)>;

/// Sends one datagram; false if it could not be sent (counted, retransmission may recover).
using send_function = std::function<bool(byte_span datagram, const transport::socket_address& to)>;

class node {
 public:
  node(async::executor& ex, async::timer_service& timers, node_config config, send_function send,
       request_handler handler);
  node(const node&) = delete;
  node& operator=(const node&) = delete;
  ~node();

  /// Sends `request` to `peer` and waits for its response (§6.4). The node chooses the
  /// sequence number; `request.hdr.seid` must be set by the caller for session messages.
  [[nodiscard]] async::task<expected<message, request_error>> request(
      message request, transport::socket_address peer);

  /// Feeds one received datagram.
  void handle_datagram(byte_span datagram, const transport::socket_address& from);

  /// For a malformed session request (other than Establishment), the SEID the rejection is
  /// addressed to: the peer's SEID of the local session `local_seid`, if known (§7.2.2.4.2).
  void set_seid_resolver(std::function<std::uint64_t(std::uint64_t local_seid)> resolver) {
    seid_resolver_ = std::move(resolver);
  }

  [[nodiscard]] const node_counters& counters() const { return counters_; }
  [[nodiscard]] const node_config& config() const { return config_; }

 private:
  using key = std::pair<std::string, std::uint32_t>;  // peer, sequence number
  using answer = expected<message, request_error>;
  struct cached_response {
    std::vector<std::uint8_t> bytes;
    async::time_point expires;
  };

  void handle_request(const header& h, byte_span datagram, const transport::socket_address& from,
                      const key& k);
  void handle_response(const header& h, byte_span datagram, const key& k);
  void send_answer(const message& m, const transport::socket_address& to, const key& k);
  void remember(const key& k, std::vector<std::uint8_t> bytes);
  void send(byte_span bytes, const transport::socket_address& to);

  async::executor& executor_;
  async::timer_service& timers_;
  node_config config_;
  send_function send_;
  request_handler handler_;
  std::function<std::uint64_t(std::uint64_t)> seid_resolver_;
  std::uint32_t next_sequence_ = 1;
  std::map<key, async::reply<answer>*> pending_;
  /// Read by request frames that outlive the node (their reply then reports `cancelled`).
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::map<key, cached_response> cache_;
  std::deque<std::pair<async::time_point, key>> cache_order_;
  node_counters counters_;
};

/// A node's UDP socket: drains it into the node. The runtime calls `poll()` when the socket
/// is readable (asio_endpoint.h waits for that); tests call it directly after a send on
/// loopback, which delivers synchronously.
class udp_endpoint {
 public:
  /// Binds `local` (use port pfcp_port in production, 0 in tests).
  [[nodiscard]] static expected<udp_endpoint, transport::transport_error> open(
      const transport::socket_address& local);

  /// A send_function writing to this socket. The endpoint must outlive its users.
  [[nodiscard]] send_function sender();
  /// Receives every queued datagram and hands each to `n`. Returns how many.
  std::size_t poll(node& n);

  [[nodiscard]] transport::udp_socket& socket() { return *socket_; }

 private:
  explicit udp_endpoint(transport::udp_socket s)
      : socket_(std::make_unique<transport::udp_socket>(std::move(s))) {}
  std::unique_ptr<transport::udp_socket> socket_;
};

}  // namespace glasscore::pfcp
