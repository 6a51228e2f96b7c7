#pragma once
/// \file
/// The AUSF's Nausf_UEAuthentication service for 5G AKA (TS 29.509 §5.2.2.2, TS 33.501
/// §6.1.3.2) as routes on an `sbi::router`, sans-I/O: the UDM is reached through a
/// `home::peer_requester`, time comes from an injected clock.
///
/// | method | resource | answer |
/// |---|---|---|
/// | POST | /nausf-auth/v1/ue-authentications | 201 UEAuthenticationCtx + Location |
/// | PUT | /nausf-auth/v1/ue-authentications/{authCtxId}/5g-aka-confirmation | 200
/// ConfirmationDataResponse |
///
/// POST (AuthenticationInfo): asks the UDM for a 5G HE AV (generate-auth-data, the
/// resynchronizationInfo passed through), keeps XRES*, KAUSF and the SUPI in a context,
/// answers RAND, AUTN and HXRES* = SHA-256(RAND || XRES*) (TS 33.501 Annex A.5), with a
/// `_links` "5g-aka" href to the confirmation resource. UDM errors are relayed (status and
/// cause: USER_NOT_FOUND, AUTHENTICATION_REJECTED, ...).
///
/// PUT (ConfirmationData): RES* is compared with XRES* in constant time. Equal: 200
/// AUTHENTICATION_SUCCESS with the SUPI and KSEAF = KDF(KAUSF, 0x6C, SN name) (Annex A.6);
/// different or null: 200 AUTHENTICATION_FAILURE. Either way the context is gone: a
/// challenge is confirmed once. A context not confirmed within `context_lifetime` expires;
/// unknown, used or expired contexts get 404 CONTEXT_NOT_FOUND.
///
/// Left out: reporting the result to the UDM (Nudm_UEAU auth-events), the serving network
/// authorisation check against the requesting AMF, EAP-AKA'.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "glasscore/async/timer.h"
#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/sbi/router.h"

namespace glasscore::ausf {

/// TS 29.509 §6.1.7.3 application errors used here.
namespace cause {
inline constexpr std::string_view context_not_found = "CONTEXT_NOT_FOUND";
}  // namespace cause

struct ausf_service_options {
  /// apiRoot of this AUSF, for Location and _links ("http://127.0.0.11:7777").
  std::string api_root;
  /// This AUSF's NfInstanceId (sent to the UDM as ausfInstanceId).
  std::string instance_id = "00000000-0000-4000-8000-000000000011";
  /// How long a challenge may wait for its confirmation (the AMF's T3560 with
  /// retransmissions is well under this).
  std::chrono::seconds context_lifetime{60};
  /// Context ids (authCtxId). Empty: 128 random bits in hex from OpenSSL's CSPRNG, so ids
  /// are not guessable.
  std::function<std::string()> new_context_id;
};

class ausf_service {
 public:
  /// `clock` must outlive the service.
  ausf_service(const async::clock& clock, ausf_service_options options, home::peer_requester udm);
  ausf_service(const ausf_service&) = delete;
  ausf_service& operator=(const ausf_service&) = delete;
  ~ausf_service();

  /// Adds the routes above; the service must outlive `r`.
  void add_routes(sbi::router& r);

  /// Drops contexts past their lifetime. Call periodically.
  void expire();
  [[nodiscard]] std::size_t context_count() const { return contexts_.size(); }
  void set_api_root(std::string api_root) { options_.api_root = std::move(api_root); }

 private:
  struct context {
    std::string supi;
    std::string serving_network_name;
    std::array<std::uint8_t, 16> xres_star{};
    std::array<std::uint8_t, 32> kausf{};
    async::time_point expires;
  };

  void authenticate(const http2::request& req, sbi::reply_fn reply);
  void confirm(const http2::request& req, const std::string& id, const sbi::reply_fn& reply);

  const async::clock& clock_;
  ausf_service_options options_;
  home::peer_requester udm_;
  std::map<std::string, context> contexts_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::ausf
