#pragma once
/// \file
/// The AMF network function (TS 23.501 §6.2.1) as the runtime starts it: N2 (NGAP over
/// SCTP, TS 38.412) on one endpoint, the NGAP/NAS procedure logic of nf/amf on the
/// io_context's thread, and the AUSF/UDM reached through the interfaces it is given (SBI
/// clients in production, fakes in tests). Public header of nf/amf.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/transport/sctp.h"

namespace glasscore::amf {

class ue_authentication;
class subscriber_data;
class session_management;
class access_policy;

struct amf_options {
  /// The N2 endpoint. `local` defaults to amf.n2_address:n2_port of the configuration;
  /// `listen` is forced on.
  transport::sctp_options n2;
  /// 5G-TMSI source; empty = a random generator seeded from std::random_device.
  std::function<std::uint32_t()> random32;
  /// The SBI producer (N1N2MessageTransfer, SM context status; namf_comm_routes.h); not
  /// served when unset.
  std::optional<http2::server_options> sbi;
  /// The PCF's Npcf_AMPolicyControl (outlives the AMF); nullptr: no PCF, local policy.
  access_policy* pcf = nullptr;
};

/// What the AMF holds now, for the demo, tests and metrics.
struct amf_status {
  std::size_t gnbs = 0;
  std::size_t ue_contexts = 0;
  std::size_t registered = 0;
};

class amf_runtime;

class amf {
 public:
  /// Starts listening for gNBs. Fails with a message naming what could not be set up.
  [[nodiscard]] static expected<std::unique_ptr<amf>, std::string> start(
      asio::io_context& io, const config::glasscore_config& config, amf_options options,
      metrics::registry& registry, ue_authentication& ausf, subscriber_data& udm,
      session_management& smf);

  amf(const amf&) = delete;
  amf& operator=(const amf&) = delete;
  /// Call on the io_context thread, or when it is not running.
  ~amf();

  /// The SBI port actually bound (0 when not served).
  [[nodiscard]] std::uint16_t sbi_port() const;
  /// The N2 address actually bound (useful with port 0).
  [[nodiscard]] transport::socket_address n2_address() const;
  /// Call on the io_context thread.
  [[nodiscard]] amf_status status() const;

  /// Network-initiated de-registration (TS 24.501 §5.5.2.3) of the registered UE with this
  /// SUPI ("imsi-..."), e.g. when its subscription is withdrawn; with
  /// `reregistration_required` the UE registers again at once. False if no UE with that
  /// SUPI is registered. Call on the io_context thread.
  bool deregister(const std::string& supi, bool reregistration_required);

  /// AMF Configuration Update (TS 38.413 §8.7.3) with a new AMF name and Relative AMF
  /// Capacity (0 drains this AMF of new UEs) to every set-up gNB; later NG Setups answer
  /// with them too. Returns how many gNBs were told. Call on the io_context thread.
  std::size_t update_identity(std::string name, std::uint8_t relative_capacity);

  /// Shutdown, first step: ends every UE procedure at its next step. Then run the
  /// io_context until `busy()` is false, then destroy the AMF.
  void stop();
  [[nodiscard]] bool busy() const;

 private:
  explicit amf(std::unique_ptr<amf_runtime> runtime);
  std::unique_ptr<amf_runtime> runtime_;
};

}  // namespace glasscore::amf
