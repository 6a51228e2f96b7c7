#pragma once
/// \file
/// The HTTP/2 side of `peer_requester` (sbi_peer.h): finds the peer through an injectable
/// locator, then sends over one reused HTTP/2 client per peer address (TS 29.500 §5.2).
/// Today the locator is fixed from the configuration (`udm.sbi` for the AUSF, `udr.sbi` for
/// the UDM); an NRF-discovery locator (TS 29.510 §5.3.2.2) replaces it without touching
/// the NF logic.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/http2/client.h"
#include "glasscore/nf/udm/sbi_peer.h"

namespace glasscore::home {

/// Where a peer's SBI is (h2c; TLS comes with the NRF profile's scheme).
struct peer_address {
  std::string host;  ///< an IP address
  std::uint16_t port = 0;
};

using locate_callback = std::function<void(expected<peer_address, std::string>)>;
/// "Where is my peer": answers once, possibly before returning.
using peer_locator = std::function<void(locate_callback)>;

/// A locator that always answers `address` (from the configuration).
[[nodiscard]] peer_locator fixed_locator(peer_address address);

/// Sends peer requests over HTTP/2. Not thread-safe: use on the io_context thread.
class http_peer {
 public:
  http_peer(asio::io_context& io, peer_locator locator, std::chrono::milliseconds timeout);
  http_peer(const http_peer&) = delete;
  http_peer& operator=(const http_peer&) = delete;
  ~http_peer();

  void send(peer_request request, peer_callback callback);
  /// A requester bound to this object; it must not be used after the object is destroyed.
  [[nodiscard]] peer_requester requester();

 private:
  asio::io_context& io_;
  peer_locator locator_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::unique_ptr<http2::client>> clients_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::home
