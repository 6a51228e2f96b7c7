#pragma once
/// \file
/// The NRF network function (TS 29.510): the entry object the runtime starts. It owns the
/// HTTP/2 server with the Nnrf_NFManagement and Nnrf_NFDiscovery routes (sbi_api.h), the
/// registry (registry.h), a periodic heartbeat-expiry check, and the HTTP/2 clients that
/// POST NFStatusNotify to subscribers. Public headers: include/glasscore/nf/nrf/.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/async/timer.h"
#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/nf/nrf/registry.h"

namespace glasscore::nrf {

struct nrf_options {
  http2::server_options server;  ///< address/port of the SBI endpoint (port 0 allowed)
  registry_options registry;     ///< an empty api_root becomes http://address:port
  /// How often the registry's expiry check runs.
  std::chrono::milliseconds expiry_check_interval{1000};
  /// Deadline of one NFStatusNotify POST.
  std::chrono::milliseconds notify_timeout{3000};
  /// Clock for heartbeat and subscription expiry; nullptr = the steady clock. Tests pass
  /// a manual clock and call `check_expiry()`.
  const async::clock* clock = nullptr;
};

/// Counters of NFStatusNotify deliveries (read on the io_context thread).
struct notify_stats {
  std::size_t sent = 0;    ///< answered 2xx
  std::size_t failed = 0;  ///< non-2xx, transport error or unparsable URI
};

class nrf {
 public:
  /// Starts the SBI server on `io`. Call on the io_context thread (or before it runs).
  [[nodiscard]] static expected<std::unique_ptr<nrf>, std::string> start(asio::io_context& io,
                                                                         nrf_options options);
  nrf(const nrf&) = delete;
  nrf& operator=(const nrf&) = delete;
  ~nrf();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] registry& get_registry();
  /// Runs the expiry check now (tests with a manual clock).
  void check_expiry();
  [[nodiscard]] notify_stats notifications() const;

  struct impl;

 private:
  explicit nrf(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::nrf
