#pragma once
/// \file
/// What the AMF asks of the home network during registration, as interfaces: the AUSF's
/// Nausf_UEAuthentication (TS 29.509 §5.2.2.2, 5G AKA) and the UDM's Nudm_UECM / Nudm_SDM
/// (TS 29.503 §5.3.2.2, §5.2.2.2). The procedures await them; the runtime implements them
/// over the HTTP/2 SBI, tests with fakes (DESIGN.md §4, dependency injection).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/async/task.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/kdf.h"

namespace glasscore::amf {

/// How a home-network request failed, as far as the AMF's choice of 5GMM cause goes.
enum class home_network_error : std::uint8_t {
  user_not_found,         ///< 404 USER_NOT_FOUND: no such subscriber
  authentication_failed,  ///< RES* did not match, or AUTHENTICATION_REJECTED
  not_allowed,            ///< 403, e.g. SERVING_NETWORK_NOT_AUTHORIZED, no subscription
  unavailable,            ///< no producer found, connection failed, 5xx, timeout
};
[[nodiscard]] std::string_view to_string(home_network_error e);

/// TS 33.501 §6.1.3.2 step 5: what the AUSF gives the SEAF for one 5G AKA challenge.
struct auth_challenge {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> autn{};
  std::array<std::uint8_t, 16> hxres_star{};
  std::string confirmation_uri;  ///< the 5g-aka link to PUT the RES* to
};

/// TS 33.501 §6.1.3.2 step 10: the outcome after the AUSF checked RES*.
struct auth_confirmation {
  std::string supi;  ///< "imsi-<digits>"
  crypto::key256 kseaf{};
};

/// The UE's AUTS after a synchronisation failure (TS 33.102 §6.3.5).
struct resynchronisation {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 14> auts{};
};

class ue_authentication {
 public:
  virtual ~ue_authentication() = default;
  /// POST ue-authentications with a SUCI ("suci-...") or SUPI ("imsi-...").
  virtual async::task<expected<auth_challenge, home_network_error>> authenticate(
      std::string supi_or_suci, std::string serving_network_name,
      std::optional<resynchronisation> resync) = 0;
  /// PUT 5g-aka-confirmation with RES*.
  virtual async::task<expected<auth_confirmation, home_network_error>> confirm(
      std::string confirmation_uri, std::array<std::uint8_t, 16> res_star) = 0;
};

/// A subscribed S-NSSAI's default DNN (TS 29.503 DnnInfo with defaultDnnIndicator).
struct subscribed_default_dnn {
  nas::s_nssai slice;
  std::string dnn;
};

/// The subscription the AMF needs (TS 29.503 AccessAndMobilitySubscriptionData: nssai and
/// subscribedUeAmbr; SmfSelectionSubscriptionData: the default DNN per S-NSSAI).
struct access_subscription {
  std::vector<nas::s_nssai> subscribed_slices;
  std::vector<nas::s_nssai> default_slices;
  std::uint64_t ue_ambr_uplink_kbps = 0;
  std::uint64_t ue_ambr_downlink_kbps = 0;
  std::vector<subscribed_default_dnn> default_dnns;
};

class subscriber_data {
 public:
  virtual ~subscriber_data() = default;
  /// Nudm_UECM_Registration for 3GPP access (PUT .../registrations/amf-3gpp-access).
  virtual async::task<expected<void, home_network_error>> register_amf(std::string supi) = 0;
  /// Nudm_UECM_Deregistration (the UE deregistered).
  virtual async::task<expected<void, home_network_error>> deregister_amf(std::string supi) = 0;
  /// Nudm_SDM_Get of am-data, then of smf-select-data (TS 23.502 §4.2.2.2.2 step 14b).
  virtual async::task<expected<access_subscription, home_network_error>> access_and_mobility(
      std::string supi) = 0;
};

}  // namespace glasscore::amf
