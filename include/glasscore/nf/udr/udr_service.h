#pragma once
/// \file
/// The UDR's Nudr_DataRepository resources for subscription data (TS 29.504 §5.2, §6.1.3;
/// resources of TS 29.505 §5.2) as routes on an `sbi::router`, over a
/// `store::subscriber_store`. Asio-free: the whole request path runs without sockets.
///
/// | method | resource (under /nudr-dr/v2/subscription-data/{ueId}) | answer |
/// |---|---|---|
/// | GET | /authentication-data/authentication-subscription | 200 AuthenticationSubscription |
/// | PATCH | /authentication-data/authentication-subscription | 204; SQN compare-and-set |
/// | GET | /{servingPlmnId}/provisioned-data/am-data | 200 AccessAndMobilitySubscriptionData |
/// | GET | /{servingPlmnId}/provisioned-data/smf-selection-subscription-data | 200 |
/// | GET | /{servingPlmnId}/provisioned-data/sm-data | 200 array of
/// SessionManagementSubscriptionData | | PUT | /context-data/amf-3gpp-access | 201 (new) / 204
/// (replaced) | | GET | /context-data/amf-3gpp-access | 200 Amf3GppAccessRegistration | | DELETE |
/// /context-data/amf-3gpp-access | 204 |
///
/// The PATCH accepts only the SQN step of udr_models.h (an optional RFC 6902 "test" of
/// /sequenceNumber/sqn, then a "replace" of it). The test and the write are one store
/// transaction (store::subscriber_store::compare_and_set_sqn): a failed test is 409 and
/// nothing is written, so two UDMs can never hand out the same SQN. A replace that would
/// lower the SQN is 403 MODIFICATION_NOT_ALLOWED.
///
/// Errors: 404 USER_NOT_FOUND (TS 29.504 §6.1.7.3) for an unknown or non-IMSI ueId, 404
/// DATA_NOT_FOUND for absent context data, 400 naming the member for bodies, 503 when the
/// database stays locked, 500 otherwise. servingPlmnId (`^[0-9]{5,6}$`) is validated but
/// does not select data: a subscriber has one subscription for every serving PLMN.
///
/// Context data (AMF registrations) lives in memory: it describes where the UE is now,
/// which an AMF re-establishes after a core restart (docs/home-network-functions.md).

#include <map>
#include <string>

#include "glasscore/sbi/router.h"
#include "glasscore/sbi/uecm_models.h"
#include "glasscore/store/subscriber_store.h"

namespace glasscore::udr {

/// TS 29.504 §6.1.7.3 application errors.
namespace cause {
inline constexpr std::string_view user_not_found = "USER_NOT_FOUND";
inline constexpr std::string_view data_not_found = "DATA_NOT_FOUND";
}  // namespace cause

/// The UDR's data and routes. Not thread-safe: one event loop owns it.
class udr_service {
 public:
  /// `store` must outlive the service.
  explicit udr_service(store::subscriber_store& store) : store_(store) {}

  /// Adds the routes above; the service must outlive `r`.
  void add_routes(sbi::router& r);

  /// The AMF registration stored for an IMSI, if any (tests, the UDM's view).
  [[nodiscard]] const sbi::amf_3gpp_access_registration* amf_registration(
      const std::string& imsi) const;

 private:
  std::map<std::string, sbi::amf_3gpp_access_registration> amf_registrations_;
  store::subscriber_store& store_;
};

}  // namespace glasscore::udr
