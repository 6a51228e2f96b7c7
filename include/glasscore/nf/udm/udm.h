#pragma once
/// \file
/// The UDM network function (TS 29.503): the entry object the runtime starts. It owns the
/// HTTP/2 server with the UEAU, SDM and UECM routes (udm_service.h) and the HTTP/2 client
/// towards the UDR, found through `udr_locator` (today fixed from `udr.sbi`, later NRF
/// discovery). Public headers: include/glasscore/nf/udm/.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/nf/udm/udm_service.h"

namespace glasscore::udm {

struct udm_options {
  http2::server_options server;  ///< address/port of the SBI endpoint (port 0 allowed)
  udm_service_options service;   ///< an empty api_root becomes http://address:port
  home::peer_locator udr_locator;
  std::chrono::milliseconds udr_timeout{3000};
};

class udm {
 public:
  /// Checks the home network keys, then starts the SBI server on `io`.
  [[nodiscard]] static expected<std::unique_ptr<udm>, std::string> start(asio::io_context& io,
                                                                         udm_options options);
  udm(const udm&) = delete;
  udm& operator=(const udm&) = delete;
  ~udm();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] udm_service& service();

  struct impl;

 private:
  explicit udm(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::udm
