#pragma once
/// \file
/// The 5G core of one process: NRF, UDR, UDM, AUSF, AMF, PCF, SMF and UPF started from one
/// configuration on one io_context, each registered with the NRF, each finding its peers through
/// NRF discovery (TS 29.510 §5.3.2.2): AMF -> AUSF (nausf-auth) and UDM (nudm-uecm, nudm-sdm), AUSF
/// -> UDM (nudm-ueau), UDM -> UDR (nudr-dr). All SBI traffic is real HTTP/2 on the addresses of the
/// configuration, also inside one process (DESIGN.md §2), so the path tested is the path deployed.
/// `glasscore run` and `glasscore demo` start this.

#include <cstdint>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/amf/amf.h"
#include "glasscore/nf/pcf/pcf.h"
#include "glasscore/nf/smf/smf.h"
#include "glasscore/nf/upf/upf.h"
#include "glasscore/transport/sctp.h"

namespace glasscore::core_network {

struct core_options {
  /// Bind every SBI server to port 0 instead of the configured port (tests: parallel runs
  /// on one machine). Peers still find each other through the NRF's profiles.
  bool ephemeral_sbi_ports = false;
  /// The N2 endpoint (backend, userspace mode, local address override).
  transport::sctp_options n2;
  /// Overrides udr.data_directory when not empty.
  std::string data_directory;
  /// Start the UPF (its data path needs a TUN device, hence root). When it cannot start,
  /// the rest of the core runs and `user_plane_note()` says why.
  bool user_plane = true;
  /// Overrides upf.tun_device when not empty.
  std::string tun_device;
};

class core;

/// A running core; stop it by destroying it on the io_context thread.
class core_network {
 public:
  [[nodiscard]] static expected<std::unique_ptr<core_network>, std::string> start(
      asio::io_context& io, const config::glasscore_config& config, core_options options,
      metrics::registry& registry);
  core_network(const core_network&) = delete;
  core_network& operator=(const core_network&) = delete;
  ~core_network();

  [[nodiscard]] transport::socket_address n2_address() const;
  [[nodiscard]] amf::amf_status amf_status() const;
  /// The AMF, for operations on its UEs (e.g. network-initiated de-registration).
  [[nodiscard]] amf::amf& amf();
  [[nodiscard]] smf::smf& smf();
  /// The PCF, for operator actions on its policies (pcf_service::change_dnn_policy).
  [[nodiscard]] pcf::pcf& pcf();
  /// The UPF, or nullptr when it is not running (see user_plane_note).
  [[nodiscard]] upf::upf* upf();
  [[nodiscard]] const std::string& user_plane_note() const;
  /// NFs whose NRF registration is complete, of `registering_with_nrf()`.
  [[nodiscard]] std::size_t registered_with_nrf() const;
  /// NFs that register with the NRF (UDR, UDM, AUSF, AMF, PCF, SMF).
  [[nodiscard]] std::size_t registering_with_nrf() const;
  /// Shutdown, first step (see amf::stop): run the io_context until `busy()` is false,
  /// then destroy the core.
  void stop();
  /// The AMF's or the SMF's procedures still run (amf::busy, smf::busy).
  [[nodiscard]] bool busy() const;
  /// "NRF 127.0.0.10:7777, UDR ...": where each NF listens.
  [[nodiscard]] std::string describe() const;

 private:
  explicit core_network(std::unique_ptr<core> c);
  std::unique_ptr<core> core_;
};

}  // namespace glasscore::core_network
