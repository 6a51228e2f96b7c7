#pragma once
/// \file
/// The AMF's access_policy over the SBI: Npcf_AMPolicyControl Create and Delete (TS 29.507
/// §4.2.2.2, §4.2.4.2) as JSON requests through a `home::peer_requester` (HTTP/2 to the
/// PCF found by NRF discovery in the runtime, a router in tests).

#include <memory>
#include <string>

#include "amf/sbi/access_policy.h"
#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/sbi/common.h"

namespace glasscore::amf {

struct access_policy_client_options {
  sbi::guami guami;  ///< this AMF's GUAMI (PolicyAssociationRequest.guami)
  /// Where the PCF would send Npcf_AMPolicyControl_UpdateNotify (TS 29.507 §4.2.4): this
  /// AMF's apiRoot + "/namf-callback/v1/am-policy/{supi}". The static PCF never changes an AM
  /// policy, and the AMF does not serve the path yet (docs/amf.md).
  std::string api_root;
};

class access_policy_client final : public access_policy {
 public:
  access_policy_client(home::peer_requester pcf, access_policy_client_options options)
      : pcf_(std::move(pcf)), options_(std::move(options)) {}
  access_policy_client(const access_policy_client&) = delete;
  access_policy_client& operator=(const access_policy_client&) = delete;
  ~access_policy_client() override { *alive_ = false; }

  /// The apiRoot once the SBI server's port is known.
  void set_api_root(std::string root) { options_.api_root = std::move(root); }

  async::task<expected<am_policy, home_network_error>> create_association(
      am_policy_request request) override;
  async::task<expected<void, home_network_error>> delete_association(
      std::string association_id) override;

 private:
  home::peer_requester pcf_;
  access_policy_client_options options_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::amf
