#pragma once
/// \file
/// The AMF's home-network interfaces over the SBI: Nausf_UEAuthentication (TS 29.509
/// §5.2.2.2: POST ue-authentications, PUT 5g-aka-confirmation) and Nudm_UECM / Nudm_SDM
/// (TS 29.503 §5.3.2.2 amf-3gpp-access registration and dereg-amf, §5.2.2.2 am-data), as
/// JSON requests through a `home::peer_requester` (HTTP/2 in the runtime, a router in
/// tests). Sans-I/O: the requester does the I/O.

#include <string>

#include "amf/sbi/home_network.h"
#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/sbi/common.h"

namespace glasscore::amf {

struct home_network_client_options {
  std::string amf_instance_id;     ///< NfInstanceId (UUID) of this AMF
  std::string dereg_callback_uri;  ///< where the UDM would notify a deregistration
  sbi::guami guami;                ///< this AMF's GUAMI
};

class home_network_client final : public ue_authentication, public subscriber_data {
 public:
  home_network_client(home::peer_requester ausf, home::peer_requester udm,
                      home_network_client_options options)
      : ausf_(std::move(ausf)), udm_(std::move(udm)), options_(std::move(options)) {}
  home_network_client(const home_network_client&) = delete;
  home_network_client& operator=(const home_network_client&) = delete;
  ~home_network_client() override { *alive_ = false; }

  async::task<expected<auth_challenge, home_network_error>> authenticate(
      std::string supi_or_suci, std::string serving_network_name,
      std::optional<resynchronisation> resync) override;
  async::task<expected<auth_confirmation, home_network_error>> confirm(
      std::string confirmation_uri, std::array<std::uint8_t, 16> res_star) override;
  async::task<expected<void, home_network_error>> register_amf(std::string supi) override;
  async::task<expected<void, home_network_error>> deregister_amf(std::string supi) override;
  async::task<expected<access_subscription, home_network_error>> access_and_mobility(
      std::string supi) override;

 private:
  home::peer_requester ausf_;
  home::peer_requester udm_;
  home_network_client_options options_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

/// The error a failed or non-2xx answer stands for (TS 29.500 §5.2.7.2; TS 29.509 §6.1.7.3,
/// TS 29.503 §6.3.7.3): 404 = no such subscriber, 403 = not allowed, anything else
/// (no answer, 5xx, a malformed answer) = the home network is unavailable.
[[nodiscard]] home_network_error error_for(const home::peer_result& r);

/// The path of an absolute URI ("http://host:port/a/b" -> "/a/b"); relative paths stay.
[[nodiscard]] std::string path_of(std::string_view uri);

}  // namespace glasscore::amf
