#pragma once
/// \file
/// Serves the metrics registry to Prometheus: `GET /metrics` over HTTP/1.1 on a configured
/// address and port (DESIGN.md §1, "Metrics in Prometheus text format on an HTTP port").
/// One response per connection (Connection: close), which is all a scraper needs. Every
/// request is untrusted: its head is read up to a size limit and a deadline, anything else
/// gets the matching HTTP status (RFC 9110 §15), never a crash or a held socket.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/metrics/metrics.h"

namespace glasscore::metrics {

struct http_exporter_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 9090;  ///< 0 lets the kernel choose (tests)
  std::size_t max_request_head = 8192;
  std::chrono::milliseconds request_timeout{5000};
  std::size_t max_connections = 64;
};

/// Runs on the io_context it is given (the NF's event loop thread); not thread-safe.
class http_exporter {
 public:
  /// Listens and starts accepting. `metrics` must outlive the exporter. Fails with a
  /// message naming the address and the reason (bad address, address in use...).
  [[nodiscard]] static expected<std::unique_ptr<http_exporter>, std::string> start(
      asio::io_context& io, const registry& metrics, const http_exporter_options& options);

  http_exporter(const http_exporter&) = delete;
  http_exporter& operator=(const http_exporter&) = delete;
  ~http_exporter();

  /// The port actually bound (useful with port 0).
  [[nodiscard]] std::uint16_t port() const;
  /// Connections being served now.
  [[nodiscard]] std::size_t active_connections() const;

  struct state;

 private:
  explicit http_exporter(std::shared_ptr<state> s) : state_(std::move(s)) {}
  std::shared_ptr<state> state_;
};

}  // namespace glasscore::metrics
