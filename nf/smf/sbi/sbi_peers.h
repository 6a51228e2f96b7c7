#pragma once
/// \file
/// The SMF's peers over the SBI, through `home::peer_requester`s (HTTP/2 in the runtime,
/// routers in tests): the UDM's sm-data (Nudm_SDM_Get, TS 29.503 §5.2.2.2.5), the PCF's SM
/// policies (Npcf_SMPolicyControl Create/Delete, TS 29.512 §4.2.2, §4.2.5) and the AMF's
/// N1N2MessageTransfer (TS 29.518 §5.2.2.3.1) and status notifications (TS 29.502
/// §5.2.2.5). Reached by absolute URI for the AMF, whose address the SMF learns from
/// the smContextStatusUri it was given.

#include <functional>
#include <memory>
#include <string>

#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/pcf_models.h"
#include "smf/peers.h"

namespace glasscore::smf {

/// The S-NSSAI as the SBI writes it (TS 29.571 Snssai: SD as 6 hex digits).
[[nodiscard]] sbi::snssai to_sbi(const slice& s);

/// "http://127.0.0.5:7777" of a URI such as the AMF's smContextStatusUri; empty when it is
/// not an http(s) URI.
[[nodiscard]] std::string api_root_of(std::string_view uri);

/// `p` with what the decision's session rule authorises (AMBR, default 5QI, ARP) in place
/// of its values (TS 29.512 §4.2.2.2, §4.2.3.2).
[[nodiscard]] session_policy apply_decision(session_policy p, const sbi::sm_policy_decision& d);

/// Sends one request to the peer at `api_root` ("http://127.0.0.5:7777").
using uri_requester =
    std::function<void(std::string api_root, home::peer_request, home::peer_callback)>;

class udm_sm_data_client final : public subscription_source {
 public:
  explicit udm_sm_data_client(home::peer_requester udm) : udm_(std::move(udm)) {}
  ~udm_sm_data_client() override { *alive_ = false; }
  async::task<expected<std::optional<dnn_subscription>, peer_error>> session_subscription(
      std::string supi, slice s, std::string dnn) override;

 private:
  home::peer_requester udm_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

class pcf_client final : public policy_control {
 public:
  /// `notification_uri`: where the PCF sends policy updates (TS 29.512 §4.2.3); each
  /// session's is this + "/{smContextRef}".
  pcf_client(home::peer_requester pcf, std::string notification_uri)
      : pcf_(std::move(pcf)), notification_uri_(std::move(notification_uri)) {}
  ~pcf_client() override { *alive_ = false; }
  async::task<expected<session_policy, peer_error>> create_policy(policy_request r) override;
  async::task<expected<void, peer_error>> delete_policy(std::string policy_id) override;

 private:
  home::peer_requester pcf_;
  std::string notification_uri_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

class amf_client final : public amf_link {
 public:
  explicit amf_client(uri_requester amf) : amf_(std::move(amf)) {}
  ~amf_client() override { *alive_ = false; }
  async::task<expected<void, peer_error>> n1n2_transfer(std::string amf_api_root, std::string supi,
                                                        std::uint8_t pdu_session_id,
                                                        std::optional<std::vector<std::uint8_t>> n1,
                                                        std::optional<n2_sm_message> n2) override;
  async::task<expected<void, peer_error>> notify_released(std::string status_uri) override;

 private:
  /// A requester bound to one AMF's apiRoot.
  [[nodiscard]] home::peer_requester to(std::string api_root);
  uri_requester amf_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::smf
