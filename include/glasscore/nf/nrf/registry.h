#pragma once
/// \file
/// The NRF's state and logic, sans-I/O (DESIGN.md §4): the NF profile store with
/// NFRegister / NFUpdate / NFDeregister (TS 29.510 §5.2.2.2-§5.2.2.4), heartbeat expiry
/// (§5.2.2.3.2), NFDiscover filtering (§5.3.2.2) and NFStatusSubscribe / notifications
/// (§5.2.2.5, §5.2.2.6). Time comes from an injected clock; notifications leave through
/// `status_notifier`, so tests drive everything by hand.
///
/// Each profile is kept twice: the decoded `nf_profile` (for filtering) and the JSON body
/// the NF sent (members we do not model, e.g. pcfInfo, are given back unchanged).

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "glasscore/async/timer.h"
#include "glasscore/core/expected.h"
#include "glasscore/sbi/nrf_discovery.h"
#include "glasscore/sbi/nrf_models.h"
#include "glasscore/sbi/problem.h"

namespace glasscore::nrf {

struct registry_options {
  /// heartBeatTimer imposed on every NF in the NFRegister response (TS 29.510 §5.2.2.2.2:
  /// the NRF may change the value the NF proposed). Zero keeps the NF's value, or
  /// `default_heartbeat` if it sent none.
  std::chrono::seconds heartbeat_timer{10};
  std::chrono::seconds default_heartbeat{10};
  /// How long past heartBeatTimer the NRF waits before marking a profile SUSPENDED.
  std::chrono::seconds heartbeat_grace{2};
  /// SearchResult.validityPeriod (TS 29.510 §6.2.6.2.2).
  std::chrono::seconds validity_period{3600};
  /// Lifetime of a subscription (validityTime in the NFStatusSubscribe response).
  std::chrono::seconds subscription_duration{86400};
  /// Bounds on what remote peers can make the NRF hold; beyond them NFRegister (for a new
  /// instance) and NFStatusSubscribe get 500 INSUFFICIENT_RESOURCES (TS 29.500 §5.2.7.2).
  std::size_t max_profiles = 10000;
  std::size_t max_subscriptions = 10000;
  /// apiRoot of this NRF for Location headers and nfInstanceUri, e.g. "http://127.0.0.1:8000"
  /// (`nrf` fills it from its listening address when empty).
  std::string api_root;
};

/// Outbound NFStatusNotify (TS 29.510 §5.2.2.6): POST `body` (NotificationData JSON) to
/// `notification_uri`. The implementation sends it asynchronously; failures are its
/// business (the registry does not retry).
class status_notifier {
 public:
  virtual ~status_notifier() = default;
  virtual void on_status_notify(const std::string& notification_uri, const std::string& body) = 0;

 protected:
  status_notifier() = default;
  status_notifier(const status_notifier&) = default;
  status_notifier& operator=(const status_notifier&) = default;
};

struct register_outcome {
  bool created = false;    ///< 201 (new) or 200 (replaced)
  nlohmann::json profile;  ///< as stored, with the NRF's heartBeatTimer
};

struct update_outcome {
  bool changed = false;  ///< false: a plain heartbeat (204); true: 200 with the profile
  nlohmann::json profile;
};

struct subscribe_outcome {
  std::string subscription_id;
  nlohmann::json body;  ///< SubscriptionData with subscriptionId and validityTime
};

class registry {
 public:
  registry(const async::clock& clock, registry_options options, status_notifier& notifier);

  /// NFRegister / full replace (PUT). `profile` is the decoded `body`; the caller checked
  /// that its nfInstanceId is the one in the URI. Fails only when `max_profiles` is reached.
  expected<register_outcome, sbi::sbi_error> register_nf(const sbi::nf_profile& profile,
                                                         nlohmann::json body);
  /// NFUpdate with a JSON Patch (RFC 6902). 404 if unknown; 400 if the patch cannot be
  /// applied or its result is not a valid profile; 403 MODIFICATION_NOT_ALLOWED if it
  /// changes nfInstanceId or nfType. Any accepted PATCH counts as a heartbeat.
  expected<update_outcome, sbi::sbi_error> update_nf(const std::string& id,
                                                     const nlohmann::json& patch);
  /// NFDeregister. False if unknown.
  bool deregister_nf(const std::string& id);
  /// The stored profile body, or nullptr.
  [[nodiscard]] const nlohmann::json* find(const std::string& id) const;

  /// NFDiscover: REGISTERED profiles matching every filter, as SearchResult JSON.
  [[nodiscard]] nlohmann::json discover(const sbi::discovery_query& q) const;

  /// NFStatusSubscribe (the data is decoded and its URI checked by the caller). Fails only
  /// when `max_subscriptions` is reached.
  expected<subscribe_outcome, sbi::sbi_error> subscribe(sbi::subscription_data data);
  /// NFStatusUnSubscribe. False if unknown.
  bool unsubscribe(const std::string& subscription_id);

  /// Marks profiles whose heartbeat is overdue SUSPENDED (notifying NF_PROFILE_CHANGED)
  /// and drops expired subscriptions. Call periodically.
  void check_expiry();

  [[nodiscard]] std::size_t profile_count() const { return profiles_.size(); }
  [[nodiscard]] std::size_t subscription_count() const { return subscriptions_.size(); }
  [[nodiscard]] const registry_options& options() const { return options_; }
  void set_api_root(std::string api_root) { options_.api_root = std::move(api_root); }
  [[nodiscard]] std::string instance_uri(const std::string& id) const;

 private:
  struct entry {
    sbi::nf_profile profile;
    nlohmann::json body;
    async::time_point deadline;  ///< heartbeat expiry
  };
  struct subscription {
    sbi::subscription_data data;
    async::time_point expires;
  };

  void impose_heartbeat(sbi::nf_profile& p, nlohmann::json& body) const;
  void refresh(entry& e) const;
  void notify(sbi::notification_event event, const std::string& id, const sbi::nf_profile& profile,
              const nlohmann::json* body);

  const async::clock& clock_;
  registry_options options_;
  status_notifier& notifier_;
  std::map<std::string, entry> profiles_;
  std::map<std::string, subscription> subscriptions_;
  std::uint64_t next_subscription_ = 1;
};

/// True if a subscription condition (subscrCond) covers the profile.
[[nodiscard]] bool cond_matches(const sbi::subscr_cond& cond, const sbi::nf_profile& p);

/// True if the profile passes every filter of the query (status aside).
[[nodiscard]] bool matches(const sbi::nf_profile& p, const sbi::discovery_query& q);

}  // namespace glasscore::nrf
