#pragma once
/// \file
/// The AUSF network function (TS 29.509): the entry object the runtime starts. It owns the
/// HTTP/2 server with the Nausf_UEAuthentication routes (ausf_service.h), the context
/// expiry timer, and the HTTP/2 client towards the UDM, found through `udm_locator` (today
/// fixed from `udm.sbi`, later NRF discovery). Public headers: include/glasscore/nf/ausf/.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/nf/ausf/ausf_service.h"
#include "glasscore/nf/udm/http_peer.h"

namespace glasscore::ausf {

struct ausf_options {
  http2::server_options server;  ///< address/port of the SBI endpoint (port 0 allowed)
  ausf_service_options service;  ///< an empty api_root becomes http://address:port
  home::peer_locator udm_locator;
  std::chrono::milliseconds udm_timeout{3000};
  /// How often expired contexts are dropped.
  std::chrono::milliseconds expiry_check_interval{1000};
  /// Clock for context lifetimes; nullptr = the steady clock.
  const async::clock* clock = nullptr;
};

class ausf {
 public:
  [[nodiscard]] static expected<std::unique_ptr<ausf>, std::string> start(asio::io_context& io,
                                                                          ausf_options options);
  ausf(const ausf&) = delete;
  ausf& operator=(const ausf&) = delete;
  ~ausf();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] ausf_service& service();

  struct impl;

 private:
  explicit ausf(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::ausf
