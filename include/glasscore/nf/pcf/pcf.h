#pragma once
/// \file
/// The PCF network function (TS 23.501 §6.2.4; services TS 29.512 Npcf_SMPolicyControl and
/// TS 29.507 Npcf_AMPolicyControl): the entry object the runtime starts. It owns the HTTP/2
/// server with the routes of pcf_service.h and, when given an NRF client, registers itself
/// with the NRF (NF type PCF, services npcf-smpolicycontrol and npcf-am-policy-control,
/// TS 29.510 §5.2.2.2) once its port is bound. Public headers: include/glasscore/nf/pcf/.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/pcf/pcf_service.h"
#include "glasscore/sbi/nrf_client.h"

namespace glasscore::pcf {

struct pcf_options {
  http2::server_options server;  ///< address/port of the SBI endpoint (port 0 allowed)
  pcf_service_options service;   ///< an empty api_root becomes http://address:port
  /// Registers the PCF's NFProfile through this client when set (it must outlive the pcf).
  sbi::nrf_client* nrf = nullptr;
  /// Sees every state change of that registration (optional).
  std::function<void(sbi::registration_state)> on_registration_state;
  /// NfInstanceId of the profile; empty: a fixed one ("...-0000000000000013").
  std::string nf_instance_id;
  std::vector<sbi::plmn_id> plmns;  ///< profile plmnList
  std::vector<sbi::snssai> slices;  ///< profile sNssais
  /// Where the gauges and counters go (pcf_sm_policy_associations,
  /// pcf_am_policy_associations, pcf_requests_total); nullptr: none.
  metrics::registry* registry = nullptr;
};

/// The options for the `pcf` section, `dnns`, `plmns` and `slices` of the configuration.
/// `ephemeral_port` binds port 0 (tests).
[[nodiscard]] pcf_options pcf_options_from_config(const config::glasscore_config& config,
                                                  bool ephemeral_port = false);

/// The PCF's NFProfile for NRF registration (also used by start()).
[[nodiscard]] sbi::nf_profile pcf_profile(const pcf_options& options, const std::string& address,
                                          std::uint16_t port);

class pcf {
 public:
  [[nodiscard]] static expected<std::unique_ptr<pcf>, std::string> start(asio::io_context& io,
                                                                         pcf_options options);
  pcf(const pcf&) = delete;
  pcf& operator=(const pcf&) = delete;
  ~pcf();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] pcf_service& service();

  struct impl;

 private:
  explicit pcf(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::pcf
