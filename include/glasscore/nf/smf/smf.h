#pragma once
/// \file
/// The SMF network function (TS 23.501 §6.2.2) as the runtime starts it: Nsmf_PDUSession
/// over HTTP/2 for the AMF, N4 (PFCP over UDP 8805) towards the configured UPFs, and the
/// UDM, PCF and AMF reached through the requesters it is given. Public header of nf/smf.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
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
  /// A UPF the SMF may select (config smf.upfs[], TS 23.501 §6.3.3).
  struct upf {
    std::string name;
    transport::socket_address n4;
    std::vector<std::string> dnns;       ///< empty: every DNN
    std::vector<config::snssai> slices;  ///< empty: every slice
    std::vector<std::uint32_t> tacs;     ///< whose gNBs it serves over N3; empty: everywhere
    bool anchor = true;                  ///< false: no N6, an intermediate UPF only
  };
  std::vector<upf> upfs;
  /// N4-u (GTP-U, TS 29.281 §4.4.2.3): the SMF's end for IPv6 Router Solicitations and
  /// Advertisements, on the N4 address (0: the kernel chooses; then the UPF cannot reach
  /// it, as its FAR sends to port 2152).
  std::uint16_t n4u_port = 2152;
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
  /// True while a procedure runs or waits on a peer. Before destroying the SMF, run the
  /// loop until this is false (after the AMF has stopped, so that the SMF's transfers to
  /// it end at once): a suspended procedure must not outlive the SMF.
  [[nodiscard]] bool busy() const;
  [[nodiscard]] std::size_t sessions() const;
  /// Sessions whose user plane is up (the gNB's tunnel set at the UPF). Until then the
  /// UPF buffers downlink packets (FAR BUFF, docs/upf.md).
  [[nodiscard]] std::size_t active_sessions() const;
  [[nodiscard]] std::size_t upf_associations() const;
  [[nodiscard]] transport::socket_address n4u_address() const;
  /// Router Solicitations answered and Router Advertisements sent on N4-u.
  [[nodiscard]] std::uint64_t router_solicitations() const;
  [[nodiscard]] std::uint64_t router_advertisements() const;
  /// The /64 allocated to a session (TS 23.501 §5.8.2.2.3), if it has one.
  [[nodiscard]] std::optional<std::array<std::uint8_t, 8>> ipv6_prefix(
      const std::string& supi, std::uint8_t pdu_session_id) const;
  /// Network-requested release of one PDU session (TS 23.502 §4.3.4.2).
  bool release_session(const std::string& supi, std::uint8_t pdu_session_id);

 private:
  explicit smf(std::unique_ptr<smf_runtime> r);
  std::unique_ptr<smf_runtime> runtime_;
};

}  // namespace glasscore::smf
