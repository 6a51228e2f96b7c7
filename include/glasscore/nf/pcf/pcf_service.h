#pragma once
/// \file
/// The PCF's SBI services as routes on an `sbi::router`, sans-I/O, with static policies from
/// the configuration (policy_rules.h) and policy associations kept in memory (lost on
/// restart; the SMF and AMF then get 404 and re-create them, TS 29.512 §4.2.4,
/// TS 29.507 §4.2.3).
///
/// Npcf_SMPolicyControl (TS 29.512 §4.2, §5.3):
/// | method | resource | answer |
/// |---|---|---|
/// | POST | /npcf-smpolicycontrol/v1/sm-policies | 201 SmPolicyDecision + Location |
/// | GET | .../sm-policies/{smPolicyId} | 200 SmPolicyControl |
/// | POST | .../sm-policies/{smPolicyId}/update | 200 SmPolicyDecision |
/// | POST | .../sm-policies/{smPolicyId}/delete | 204 |
///
/// Npcf_AMPolicyControl (TS 29.507 §4.2, §5.3):
/// | method | resource | answer |
/// |---|---|---|
/// | POST | /npcf-am-policy-control/v1/policies | 201 PolicyAssociation + Location |
/// | GET | .../policies/{polAssoId} | 200 PolicyAssociation |
/// | DELETE | .../policies/{polAssoId} | 204 |
///
/// Errors (problem+json): a body that does not decode gets 400 with the member in
/// invalidParams (TS 29.500 §5.2.7.2); a DNN that is not configured gets 403
/// POLICY_CONTEXT_DENIED (TS 29.512 §5.7.3: refused by operator policy); an unknown id gets
/// 404 CONTEXT_NOT_FOUND; more associations than `max_associations` get 500
/// INSUFFICIENT_RESOURCES (TS 29.500 §5.2.7.2).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/router.h"

namespace glasscore::pcf {

/// Application errors used here.
namespace cause {
/// TS 29.512 §5.7.3 Table 5.7.3-1: the PCF does not accept the request because of
/// operator policy (here: a DNN with no configuration).
inline constexpr std::string_view policy_context_denied = "POLICY_CONTEXT_DENIED";
/// TS 29.500 §5.2.7.2: no context for the id in the URI.
inline constexpr std::string_view context_not_found = "CONTEXT_NOT_FOUND";
}  // namespace cause

struct pcf_service_options {
  /// apiRoot of this PCF, for Location ("http://127.0.0.13:7777").
  std::string api_root;
  /// DNNs with their Session-AMBR and default 5QI (config `dnns`).
  std::vector<config::dnn_config> dnns;
  /// RFSP index given to every UE in AM policy associations (TS 29.507 §5.6.2.2, 1..256);
  /// nullopt: omitted.
  std::optional<int> rfsp;
  /// Upper bound on SM plus AM associations kept in memory.
  std::size_t max_associations = 100000;
};

/// Gauges the service keeps current (optional; see make_pcf_metrics in pcf.h).
struct pcf_metrics {
  metrics::gauge* sm_associations = nullptr;
  metrics::gauge* am_associations = nullptr;
  metrics::counter_family* requests = nullptr;  ///< labels: operation, result (status)
};

/// Sends one Npcf_SMPolicyControl_UpdateNotify (TS 29.512 §4.2.3.2): POST `uri` (the
/// SMF's notificationUri + "/update") with the SmPolicyNotification JSON `body`. The
/// runtime sends it over HTTP/2 and only logs the answer: the new decision stays in force
/// whatever the SMF says (§4.2.3.2 leaves no retry to the PCF for a failed notification).
using notify_fn = std::function<void(std::string uri, std::string body)>;

class pcf_service {
 public:
  explicit pcf_service(pcf_service_options options, pcf_metrics metrics = {});
  pcf_service(const pcf_service&) = delete;
  pcf_service& operator=(const pcf_service&) = delete;

  /// Adds the routes above; the service must outlive `r`.
  void add_routes(sbi::router& r);

  [[nodiscard]] std::size_t sm_policy_count() const { return sm_policies_.size(); }
  [[nodiscard]] std::size_t am_policy_count() const { return am_policies_.size(); }
  void set_api_root(std::string api_root) { options_.api_root = std::move(api_root); }
  /// Where policy change notifications go (none until set).
  void set_notifier(notify_fn notify) { notify_ = std::move(notify); }

  /// Operator action at run time: replaces the static policy of `dnn` (Session-AMBR cap
  /// and default 5QI), recomputes the decision of every SM policy association on that DNN
  /// and notifies the SMF of each whose decision changed (TS 29.512 §4.2.3.2, TS 23.502
  /// §4.3.3.2 step 1b). Returns the number of notifications sent; nullopt when the DNN is
  /// not configured.
  std::optional<std::size_t> change_dnn_policy(std::string_view dnn,
                                               const config::session_ambr& ambr,
                                               std::uint8_t default_5qi);
  [[nodiscard]] const pcf_service_options& options() const { return options_; }

 private:
  struct sm_policy {
    sbi::sm_policy_context_data context;
    sbi::sm_policy_decision decision;
  };

  http2::response create_sm_policy(const http2::request& req);
  http2::response get_sm_policy(const std::string& id) const;
  http2::response update_sm_policy(const http2::request& req, const std::string& id);
  http2::response delete_sm_policy(const http2::request& req, const std::string& id);
  http2::response create_am_policy(const http2::request& req);
  http2::response get_am_policy(const std::string& id) const;
  http2::response delete_am_policy(const std::string& id);
  void count(std::string_view operation, const http2::response& r);
  void update_gauges();
  [[nodiscard]] bool full() const;

  pcf_service_options options_;
  pcf_metrics metrics_;
  notify_fn notify_;
  std::map<std::string, sm_policy> sm_policies_;
  std::map<std::string, sbi::policy_association> am_policies_;
  std::uint64_t next_sm_id_ = 1;
  std::uint64_t next_am_id_ = 1;
};

}  // namespace glasscore::pcf
