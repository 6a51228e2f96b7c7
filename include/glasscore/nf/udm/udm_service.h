#pragma once
/// \file
/// The UDM's services (TS 29.503) as routes on an `sbi::router`, sans-I/O: the UDR is
/// reached through a `home::peer_requester` (sbi_peer.h), so the logic runs without
/// sockets in tests and over HTTP/2 in the runtime (udm.h).
///
/// | method | resource | service |
/// |---|---|---|
/// | POST | /nudm-ueau/v1/{supiOrSuci}/security-information/generate-auth-data | UEAU: 5G HE AV |
/// | GET | /nudm-sdm/v2/{supi}/am-data | SDM: AccessAndMobilitySubscriptionData |
/// | GET | /nudm-sdm/v2/{supi}/nssai | SDM: Nssai |
/// | GET | /nudm-sdm/v2/{supi}/smf-select-data | SDM: SmfSelectionSubscriptionData |
/// | GET | /nudm-sdm/v2/{supi}/sm-data | SDM: SessionManagementSubscriptionData[] (single-nssai,
/// dnn filters) | | PUT | /nudm-uecm/v1/{ueId}/registrations/amf-3gpp-access | UECM: 201 new / 200
/// replaced | | GET | /nudm-uecm/v1/{ueId}/registrations/amf-3gpp-access | UECM: the registration |
/// | POST | /nudm-uecm/v1/{ueId}/registrations/amf-3gpp-access/dereg-amf | UECM: 204 |
///
/// generate-auth-data (TS 29.503 §5.4.2.2, TS 33.501 §6.1.3.2): the SIDF turns a SUCI into
/// the SUPI (sidf.h); the ARPF reads K, OPc, AMF and SQN_HE from the UDR, takes the next
/// SQN (store::next_sqn, or store::resynchronised_sqn after verifying MAC-S of the AUTS,
/// TS 33.102 §6.3.5), commits it to the UDR with a compare-and-set PATCH (udr_models.h)
/// and only then builds the vector with a fresh RAND. Requests for one SUPI run one at a
/// time in arrival order, so this UDM never races itself; a 409 from the UDR (another UDM
/// stepped the SQN) re-reads and retries, up to `sqn_attempts` times.
///
/// The SQN is never logged with the SUPI in clear; SUPIs in logs go through
/// log::redact_identity.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/nf/udm/sbi_peer.h"
#include "glasscore/nf/udm/sidf.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/router.h"
#include "glasscore/sbi/ueau_models.h"

namespace glasscore::udm {

struct udm_service_options {
  std::vector<config::home_network_key> home_network_keys;
  bool allow_null_scheme = false;
  /// The servingPlmnId of UDR provisioned-data requests when the SDM request has no
  /// plmn-id (the home PLMN, the first of `plmns` in the configuration).
  sbi::plmn_id home_plmn{"001", "01"};
  /// apiRoot of this UDM for Location headers ("http://127.0.0.12:7777").
  std::string api_root;
  /// RAND source (TS 33.501 §6.1.3.2: a fresh RAND per vector). Empty: OpenSSL's CSPRNG.
  std::function<void(std::span<std::uint8_t>)> random;
  /// How often generate-auth-data retries an SQN step that lost a race at the UDR.
  unsigned sqn_attempts = 32;
};

class udm_service {
 public:
  using auth_callback =
      std::function<void(expected<sbi::authentication_info_result, sbi::sbi_error>)>;

  /// Fails when a home network key is unusable (sidf::create).
  [[nodiscard]] static expected<std::unique_ptr<udm_service>, std::string> create(
      udm_service_options options, home::peer_requester udr);
  udm_service(const udm_service&) = delete;
  udm_service& operator=(const udm_service&) = delete;
  /// Answers still pending at the UDR are dropped when they come back.
  ~udm_service();

  /// Adds the routes above; the service must outlive `r`.
  void add_routes(sbi::router& r);

  /// generate-auth-data for an already decoded request. `done` is called exactly once.
  void generate_auth_data(const std::string& supi_or_suci, sbi::authentication_info_request request,
                          auth_callback done);

  [[nodiscard]] const sidf& get_sidf() const { return sidf_; }
  void set_api_root(std::string api_root) { options_.api_root = std::move(api_root); }

  struct auth_job;

 private:
  udm_service(udm_service_options options, sidf s, home::peer_requester udr);

  using procedure = std::function<void(std::function<void()> done)>;
  void serialize(const std::string& key, procedure p);
  void start_next(const std::string& key);
  void attempt(const std::shared_ptr<auth_job>& job);
  void step_sqn(const std::shared_ptr<auth_job>& job, const http2::response& resp);
  void add_sdm_routes(sbi::router& r);
  void add_uecm_routes(sbi::router& r);

  udm_service_options options_;
  sidf sidf_;
  home::peer_requester udr_;
  std::map<std::string, std::deque<procedure>> queues_;  // per-SUPI FIFO
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace glasscore::udm
