#pragma once
/// \file
/// The SMF network function (TS 23.501 §6.2.2) as the runtime starts it: Nsmf_PDUSession
/// over HTTP/2 for the AMF, N4 (PFCP over UDP 8805) towards the configured UPFs, and the
/// UDM, PCF and AMF reached through the requesters it is given. Public header of nf/smf.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/transport/socket_address.h"

namespace glasscore::smf {

/// Where to reach the peers. The AMF is reached at the apiRoot of the smContextStatusUri
/// each SM context was created with, so it needs no locator.
struct smf_options {
  http2::server_options server;
  home::peer_requester udm;
  home::peer_requester pcf;
  /// N4: the local PFCP address (smf.n4_address:8805; port 0 in tests) and the UPFs'
  /// (default: config smf.upfs, or one "upf" at upf.n4_address:8805).
  transport::socket_address n4_local;
  struct upf {
    std::string name;
    transport::socket_address n4;
    std::vector<std::string> dnns;
  };
  std::vector<upf> upfs;
  std::chrono::milliseconds heartbeat_interval{5000};
  std::chrono::milliseconds pfcp_t1{3000};
  int pfcp_n1 = 3;
  std::chrono::milliseconds amf_timeout{3000};
};

class smf_runtime;

class smf {
 public:
  [[nodiscard]] static expected<std::unique_ptr<smf>, std::string> start(
      asio::io_context& io, const config::glasscore_config& config, smf_options options,
      metrics::registry& registry);
  smf(const smf&) = delete;
  smf& operator=(const smf&) = delete;
  ~smf();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] transport::socket_address n4_address() const;
  [[nodiscard]] std::size_t sessions() const;
  /// Sessions whose user plane is up (the gNB's tunnel set at the UPF). Until then the
  /// UPF buffers downlink packets, and the data path's buffering drops them (docs/upf.md).
  [[nodiscard]] std::size_t active_sessions() const;
  [[nodiscard]] std::size_t upf_associations() const;
  /// Network-requested release of one PDU session (TS 23.502 §4.3.4.2).
  bool release_session(const std::string& supi, std::uint8_t pdu_session_id);

 private:
  explicit smf(std::unique_ptr<smf_runtime> r);
  std::unique_ptr<smf_runtime> runtime_;
};

}  // namespace glasscore::smf
