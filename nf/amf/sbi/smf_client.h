#pragma once
/// \file
/// The AMF's session_management over the SBI: Nsmf_PDUSession CreateSMContext,
/// UpdateSMContext and ReleaseSMContext (TS 29.502 §5.2.2.2-§5.2.2.4) as multipart/related
/// requests when N1/N2 messages travel (TS 29.502 §6.1.2.4), through a
/// `home::peer_requester` (HTTP/2 to the SMF found by NRF discovery in the runtime, a
/// router in tests). The SMF's context reference is the Location it answered; later
/// requests go to its path.

#include <memory>
#include <string>

#include "amf/sbi/session_management.h"
#include "glasscore/nf/udm/sbi_peer.h"

namespace glasscore::amf {

struct smf_client_options {
  std::string amf_instance_id;  ///< servingNfId
  /// This AMF's apiRoot ("http://127.0.0.5:7777"): the SM context status callback is
  /// {api_root}/namf-callback/v1/sm-context-status/{supi}/{pduSessionId}.
  std::string api_root;
};

class smf_client final : public session_management {
 public:
  smf_client(home::peer_requester smf, smf_client_options options)
      : smf_(std::move(smf)), options_(std::move(options)) {}
  smf_client(const smf_client&) = delete;
  smf_client& operator=(const smf_client&) = delete;
  ~smf_client() override { *alive_ = false; }

  /// The apiRoot once the SBI server's port is known.
  void set_api_root(std::string root) { options_.api_root = std::move(root); }

  async::task<expected<sm_context_created, sm_failure>> create_sm_context(
      sm_context_create request) override;
  async::task<expected<sm_context_updated, sm_failure>> update_sm_context(
      std::string ref, sm_context_update update) override;
  async::task<expected<void, sm_failure>> release_sm_context(std::string ref) override;

 private:
  home::peer_requester smf_;
  smf_client_options options_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

/// The path of the status callback for one PDU session, as the AMF's SBI server routes it.
inline constexpr std::string_view sm_context_status_path =
    "/namf-callback/v1/sm-context-status/{supi}/{pduSessionId}";

}  // namespace glasscore::amf
