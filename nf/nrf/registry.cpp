// NRF profile store, discovery and subscriptions (TS 29.510 §5.2.2, §5.3.2).
#include "glasscore/nf/nrf/registry.h"

#include <algorithm>
#include <ctime>

#include "glasscore/core/log.h"
#include "glasscore/sbi/json_patch.h"

namespace glasscore::nrf {

namespace {

using nlohmann::json;

bool iequal(std::string_view a, std::string_view b) {
  auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return low(x) == low(y); });
}

// An S-NSSAI without SD in a filter matches only a profile S-NSSAI without SD: TS 23.003
// §28.4.2 treats "no SD" as its own value.
bool same_snssai(const sbi::snssai& a, const sbi::snssai& b) {
  return a == b;
}

// RFC 3339 UTC time, e.g. "2026-11-29T18:00:00Z" (TS 29.571 DateTime).
std::string rfc3339_after(std::chrono::seconds delta) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + delta);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool snssai_filter(const sbi::nf_profile& p, const sbi::discovery_query& q) {
  if (q.snssais.empty()) {
    return true;
  }
  // A profile listing no S-NSSAI at all serves any (TS 29.510 §6.1.6.2.2, sNssais).
  if (p.s_nssais.empty() && !p.smf) {
    return true;
  }
  for (const auto& want : q.snssais) {
    for (const auto& have : p.s_nssais) {
      if (same_snssai(want, have)) {
        return true;
      }
    }
    if (p.smf) {
      for (const auto& item : p.smf->s_nssai_smf_info_list) {
        if (same_snssai(want, item.s_nssai)) {
          return true;
        }
      }
    }
  }
  return false;
}

bool dnn_filter(const sbi::nf_profile& p, const sbi::discovery_query& q) {
  if (!q.dnn || !p.smf) {
    return true;  // only SmfInfo carries DNNs among the infos we model
  }
  for (const auto& item : p.smf->s_nssai_smf_info_list) {
    // With snssais in the query, the DNN must be served on one of those slices.
    if (!q.snssais.empty() &&
        std::none_of(q.snssais.begin(), q.snssais.end(),
                     [&](const sbi::snssai& s) { return same_snssai(s, item.s_nssai); })) {
      continue;
    }
    for (const auto& d : item.dnn_smf_info_list) {
      if (iequal(d.dnn, *q.dnn)) {  // DNNs are case-insensitive (TS 23.003 §9.1)
        return true;
      }
    }
  }
  return false;
}

bool tai_filter(const sbi::nf_profile& p, const sbi::discovery_query& q) {
  if (!q.tai_filter) {
    return true;
  }
  const std::vector<sbi::tai>* list = nullptr;
  if (p.amf && !p.amf->tai_list.empty()) {
    list = &p.amf->tai_list;
  } else if (p.smf && !p.smf->tai_list.empty()) {
    list = &p.smf->tai_list;
  }
  if (list == nullptr) {
    return true;  // no TAI list: the NF serves every TAI
  }
  return std::find(list->begin(), list->end(), *q.tai_filter) != list->end();
}

}  // namespace

bool cond_matches(const sbi::subscr_cond& cond, const sbi::nf_profile& p) {
  if (const auto* a = std::get_if<sbi::nf_instance_id_cond>(&cond)) {
    return a->nf_instance_id == p.nf_instance_id;
  }
  if (const auto* b = std::get_if<sbi::nf_type_cond>(&cond)) {
    return b->type == p.type;
  }
  const auto& name = std::get<sbi::service_name_cond>(cond).service_name;
  return std::any_of(p.nf_services.begin(), p.nf_services.end(),
                     [&](const sbi::nf_service& s) { return s.service_name == name; });
}

bool matches(const sbi::nf_profile& p, const sbi::discovery_query& q) {
  if (p.type != q.target_nf_type) {
    return false;
  }
  // allowedNfTypes: absent means every NF type may access (§6.1.6.2.2).
  if (!p.allowed_nf_types.empty() && std::find(p.allowed_nf_types.begin(), p.allowed_nf_types.end(),
                                               q.requester_nf_type) == p.allowed_nf_types.end()) {
    return false;
  }
  if (q.target_nf_instance_id && p.nf_instance_id != *q.target_nf_instance_id) {
    return false;
  }
  if (!q.service_names.empty() &&
      std::none_of(p.nf_services.begin(), p.nf_services.end(), [&](const sbi::nf_service& s) {
        return std::find(q.service_names.begin(), q.service_names.end(), s.service_name) !=
               q.service_names.end();
      })) {
    return false;
  }
  if (!q.target_plmn_list.empty() && !p.plmn_list.empty() &&
      std::none_of(
          q.target_plmn_list.begin(), q.target_plmn_list.end(), [&](const sbi::plmn_id& x) {
            return std::find(p.plmn_list.begin(), p.plmn_list.end(), x) != p.plmn_list.end();
          })) {
    return false;
  }
  return snssai_filter(p, q) && dnn_filter(p, q) && tai_filter(p, q);
}

registry::registry(const async::clock& clock, registry_options options, status_notifier& notifier)
    : clock_(clock), options_(std::move(options)), notifier_(notifier) {}

std::string registry::instance_uri(const std::string& id) const {
  return options_.api_root + "/nnrf-nfm/v1/nf-instances/" + id;
}

void registry::impose_heartbeat(sbi::nf_profile& p, json& body) const {
  std::uint32_t hb = 0;
  if (options_.heartbeat_timer.count() > 0) {
    hb = static_cast<std::uint32_t>(options_.heartbeat_timer.count());
  } else {
    hb =
        p.heart_beat_timer.value_or(static_cast<std::uint32_t>(options_.default_heartbeat.count()));
  }
  p.heart_beat_timer = hb;
  body["heartBeatTimer"] = hb;
}

void registry::refresh(entry& e) const {
  e.deadline = clock_.now() + std::chrono::seconds(e.profile.heart_beat_timer.value_or(1)) +
               options_.heartbeat_grace;
}

expected<register_outcome, sbi::sbi_error> registry::register_nf(const sbi::nf_profile& profile,
                                                                 json body) {
  if (profiles_.size() >= options_.max_profiles && !profiles_.contains(profile.nf_instance_id)) {
    return unexpected<sbi::sbi_error>(sbi::sbi_error{
        500, std::string(sbi::cause::insufficient_resources), "NF profile limit reached", {}});
  }
  entry e{profile, std::move(body), {}};
  impose_heartbeat(e.profile, e.body);
  refresh(e);
  const auto id = profile.nf_instance_id;
  auto it = profiles_.find(id);
  const bool created = it == profiles_.end();
  const bool changed = created || it->second.body != e.body;
  register_outcome out{created, e.body};
  log::get("nrf")->info("NFRegister {} {} ({}, heartBeatTimer {} s)", sbi::to_string(profile.type),
                        id, created ? "new" : "replaced", e.profile.heart_beat_timer.value_or(0));
  profiles_.insert_or_assign(id, std::move(e));
  if (changed) {
    const auto& stored = profiles_.at(id);
    notify(created ? sbi::notification_event::nf_registered
                   : sbi::notification_event::nf_profile_changed,
           id, stored.profile, &stored.body);
  }
  return out;
}

expected<update_outcome, sbi::sbi_error> registry::update_nf(const std::string& id,
                                                             const json& patch) {
  auto it = profiles_.find(id);
  if (it == profiles_.end()) {
    return unexpected<sbi::sbi_error>(
        sbi::sbi_error{404, "", "NF instance " + id + " is not registered", {}});
  }
  auto patched = sbi::apply_json_patch(it->second.body, patch);
  if (!patched) {
    return unexpected<sbi::sbi_error>(sbi::bad_body(patched.error()));
  }
  auto decoded = sbi::decode_nf_profile(*patched);
  if (!decoded) {
    return unexpected<sbi::sbi_error>(sbi::bad_body(decoded.error()));
  }
  if (decoded->nf_instance_id != id || decoded->type != it->second.profile.type) {
    return unexpected<sbi::sbi_error>(
        sbi::sbi_error{403,
                       std::string(sbi::cause::modification_not_allowed),
                       "nfInstanceId and nfType cannot be changed",
                       {}});
  }
  entry& e = it->second;
  impose_heartbeat(*decoded, *patched);
  const bool changed = *patched != e.body;
  e.profile = std::move(*decoded);
  e.body = std::move(*patched);
  refresh(e);  // §5.2.2.3.2: every NFUpdate also serves as a heartbeat
  if (changed) {
    notify(sbi::notification_event::nf_profile_changed, id, e.profile, &e.body);
  }
  return update_outcome{changed, e.body};
}

bool registry::deregister_nf(const std::string& id) {
  auto it = profiles_.find(id);
  if (it == profiles_.end()) {
    return false;
  }
  const auto profile = std::move(it->second.profile);
  profiles_.erase(it);
  log::get("nrf")->info("NFDeregister {} {}", sbi::to_string(profile.type), id);
  notify(sbi::notification_event::nf_deregistered, id, profile, nullptr);
  return true;
}

const json* registry::find(const std::string& id) const {
  auto it = profiles_.find(id);
  return it == profiles_.end() ? nullptr : &it->second.body;
}

json registry::discover(const sbi::discovery_query& q) const {
  json instances = json::array();
  for (const auto& [id, e] : profiles_) {
    if (e.profile.status != sbi::nf_status::registered || !matches(e.profile, q)) {
      continue;
    }
    if (q.limit && instances.size() >= *q.limit) {
      break;
    }
    instances.push_back(e.body);
  }
  json out = json::object();
  out["validityPeriod"] = options_.validity_period.count();
  out["nfInstances"] = std::move(instances);
  return out;
}

expected<subscribe_outcome, sbi::sbi_error> registry::subscribe(sbi::subscription_data data) {
  if (subscriptions_.size() >= options_.max_subscriptions) {
    return unexpected<sbi::sbi_error>(sbi::sbi_error{
        500, std::string(sbi::cause::insufficient_resources), "subscription limit reached", {}});
  }
  const auto id = std::to_string(next_subscription_++);
  data.subscription_id = id;
  data.validity_time = rfc3339_after(options_.subscription_duration);
  auto body = sbi::to_json(data);
  subscriptions_.insert_or_assign(
      id, subscription{std::move(data), clock_.now() + options_.subscription_duration});
  return subscribe_outcome{id, std::move(body)};
}

bool registry::unsubscribe(const std::string& subscription_id) {
  return subscriptions_.erase(subscription_id) > 0;
}

void registry::check_expiry() {
  const auto now = clock_.now();
  for (auto& [id, e] : profiles_) {
    if (e.profile.status == sbi::nf_status::registered && now >= e.deadline) {
      // §5.2.2.3.2: no heartbeat within heartBeatTimer: SUSPENDED, no longer discovered.
      e.profile.status = sbi::nf_status::suspended;
      log::get("nrf")->warn("{} {}: no heartbeat within {} s, SUSPENDED",
                            sbi::to_string(e.profile.type), id,
                            e.profile.heart_beat_timer.value_or(0));
      e.body["nfStatus"] = "SUSPENDED";
      notify(sbi::notification_event::nf_profile_changed, id, e.profile, &e.body);
    }
  }
  std::erase_if(subscriptions_, [&](const auto& s) { return now >= s.second.expires; });
}

void registry::notify(sbi::notification_event event, const std::string& id,
                      const sbi::nf_profile& profile, const json* body) {
  json n = json::object();
  n["event"] = std::string(sbi::to_string(event));
  n["nfInstanceUri"] = instance_uri(id);
  if (body != nullptr && event != sbi::notification_event::nf_deregistered) {
    n["nfProfile"] = *body;
  }
  const auto text = sbi::to_text(n);
  for (const auto& [sid, s] : subscriptions_) {
    const auto& d = s.data;
    if (!d.req_notif_events.empty() &&
        std::find(d.req_notif_events.begin(), d.req_notif_events.end(), event) ==
            d.req_notif_events.end()) {
      continue;
    }
    if (d.cond && !cond_matches(*d.cond, profile)) {
      continue;
    }
    notifier_.on_status_notify(d.nf_status_notification_uri, text);
  }
}

}  // namespace glasscore::nrf
