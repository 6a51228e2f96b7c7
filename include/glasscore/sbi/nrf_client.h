#pragma once
/// \file
/// The NRF as NFs use it (TS 29.510 §5.2.2, §5.3.2.2), over the HTTP/2 client: a
/// registration agent (NFRegister, heartbeat NFUpdate every heartBeatTimer the NRF
/// granted, re-register when a heartbeat gets 404, retry after failures, NFDeregister)
/// and NFDiscover with a cache honouring SearchResult.validityPeriod.
///
/// Timers and time come from an `async::timer_service`, so tests drive heartbeats by hand
/// (`async::manual_loop`); I/O runs on the io_context. Library `glasscore::sbi_nrf_client`
/// (it needs Asio, unlike the rest of lib/sbi).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/async/timer.h"
#include "glasscore/core/expected.h"
#include "glasscore/http2/client.h"
#include "glasscore/sbi/nrf_discovery.h"
#include "glasscore/sbi/nrf_models.h"

namespace glasscore::sbi {

struct nrf_client_options {
  http2::client_options nrf;  ///< the NRF's address
  std::chrono::milliseconds request_timeout{3000};
  /// Wait before retrying a failed NFRegister.
  std::chrono::seconds retry_interval{5};
  /// heartBeatTimer used when neither the NRF nor our profile gives one.
  std::chrono::seconds default_heartbeat{10};
};

enum class registration_state : std::uint8_t {
  idle,         ///< not started, or deregistered
  registering,  ///< NFRegister sent (first time, after a failure or after a 404)
  registered,   ///< heartbeats running
  retry_wait,   ///< NFRegister failed; retrying after retry_interval
};
[[nodiscard]] std::string_view to_string(registration_state s);

/// Why a request to the NRF produced no usable answer.
struct nrf_error {
  int status = 0;      ///< HTTP status, 0 for a transport failure
  std::string detail;  ///< ProblemDetails.cause/detail, the client error, or the decode error
};

class nrf_client {
 public:
  [[nodiscard]] static expected<std::unique_ptr<nrf_client>, std::string> create(
      asio::io_context& io, async::timer_service& timers, nrf_client_options options);
  nrf_client(const nrf_client&) = delete;
  nrf_client& operator=(const nrf_client&) = delete;
  ~nrf_client();

  /// Registers `profile` and keeps it alive with heartbeats until `deregister` or
  /// destruction. `on_state` (optional) sees every state change.
  void start_registration(nf_profile profile,
                          std::function<void(registration_state)> on_state = {});
  /// Stops heartbeats and sends NFDeregister; `done(true)` on 204 (or 404: already gone).
  void deregister(std::function<void(bool)> done);
  [[nodiscard]] registration_state state() const { return state_; }
  /// The heartbeat period in use (the NRF's heartBeatTimer once registered).
  [[nodiscard]] std::chrono::seconds heartbeat_period() const { return heartbeat_; }
  [[nodiscard]] std::size_t heartbeats_sent() const { return heartbeats_sent_; }
  [[nodiscard]] std::size_t registrations_sent() const { return registrations_sent_; }

  using discover_callback = std::function<void(expected<search_result, nrf_error>)>;
  /// NFDiscover. A result cached for the same query and still within its validityPeriod
  /// is answered without asking the NRF. The callback is always posted, never inline.
  void discover(const discovery_query& q, discover_callback callback);
  [[nodiscard]] std::size_t discovery_requests() const { return discovery_requests_; }
  [[nodiscard]] std::size_t cache_hits() const { return cache_hits_; }
  /// Forgets every cached result (e.g. after an NF_PROFILE_CHANGED notification).
  void clear_cache() { cache_.clear(); }

 private:
  nrf_client(asio::io_context& io, async::timer_service& timers, nrf_client_options options,
             std::unique_ptr<http2::client> client);
  void send_register();
  void send_heartbeat();
  void schedule(std::chrono::seconds delay, void (nrf_client::*step)());
  void set_state(registration_state s);
  [[nodiscard]] std::string instance_path() const;

  struct cached {
    search_result result;
    async::time_point expires;
  };

  asio::io_context& io_;
  async::timer_service& timers_;
  nrf_client_options options_;
  std::unique_ptr<http2::client> client_;
  nf_profile profile_;
  std::function<void(registration_state)> on_state_;
  registration_state state_ = registration_state::idle;
  std::chrono::seconds heartbeat_{10};
  std::optional<async::timer_id> timer_;
  std::size_t heartbeats_sent_ = 0;
  std::size_t registrations_sent_ = 0;
  std::size_t discovery_requests_ = 0;
  std::size_t cache_hits_ = 0;
  std::map<std::string, cached> cache_;
  /// Guards callbacks that may run after destruction (responses are posted).
  std::shared_ptr<nrf_client*> self_ = std::make_shared<nrf_client*>(this);
};

}  // namespace glasscore::sbi
