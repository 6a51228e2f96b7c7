// Static SM policy rules (TS 29.512 §4.2.2, TS 23.503 §6.3.1): Session-AMBR and default QoS.
#include "glasscore/nf/pcf/policy_rules.h"

#include <algorithm>

#include "glasscore/sbi/bit_rate.h"
#include "glasscore/sbi/sdm_models.h"

namespace glasscore::pcf {

namespace {

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// One direction: the configured rate unless the subscribed one is lower.
std::string lower_rate(std::uint64_t configured_kbps, const std::string* subscribed) {
  if (subscribed != nullptr) {
    const auto sub_bps = sbi::parse_bit_rate(*subscribed);
    // A configured rate beyond 2^64 bit/s is larger than any subscribed one.
    const bool configured_huge = configured_kbps > UINT64_MAX / 1000;
    if (sub_bps && (configured_huge || *sub_bps < configured_kbps * 1000)) {
      return *subscribed;
    }
  }
  return sbi::bit_rate_from_kbps(configured_kbps);
}

}  // namespace

sbi::arp default_arp() {
  return sbi::arp{8, "NOT_PREEMPT", "PREEMPTABLE"};
}

sbi::ambr authorized_session_ambr(const config::session_ambr& dnn_ambr,
                                  const std::optional<sbi::ambr>& subscribed) {
  return sbi::ambr{
      lower_rate(dnn_ambr.uplink_kbps, subscribed ? &subscribed->uplink : nullptr),
      lower_rate(dnn_ambr.downlink_kbps, subscribed ? &subscribed->downlink : nullptr)};
}

sbi::authorized_default_qos authorized_default_qos(
    const config::dnn_config& dnn, const std::optional<sbi::subscribed_default_qos>& subscribed) {
  sbi::authorized_default_qos q;
  q.five_qi = dnn.default_5qi;
  q.arp = subscribed ? subscribed->arp : default_arp();
  // The subscribed priority level belongs to the subscribed 5QI; with another 5QI the
  // standardised priority of that 5QI applies (TS 23.501 Table 5.7.4-1), so it is omitted.
  if (subscribed && subscribed->five_qi == dnn.default_5qi) {
    q.priority_level = subscribed->priority_level;
  }
  return q;
}

sbi::sm_policy_decision decide_sm_policy(const sbi::sm_policy_context_data& context,
                                         const config::dnn_config& dnn,
                                         std::optional<std::string> supp_feat) {
  sbi::session_rule rule;
  rule.sess_rule_id = std::string(session_rule_id);
  rule.auth_sess_ambr = authorized_session_ambr(dnn.ambr, context.subs_sess_ambr);
  rule.auth_def_qos = authorized_default_qos(dnn, context.subs_def_qos);
  sbi::sm_policy_decision d;
  d.sess_rules.emplace(rule.sess_rule_id, std::move(rule));
  d.supp_feat = std::move(supp_feat);
  return d;
}

const config::dnn_config* find_dnn(const std::vector<config::dnn_config>& dnns,
                                   std::string_view name) {
  const auto it = std::find_if(dnns.begin(), dnns.end(), [&](const config::dnn_config& d) {
    return d.name.size() == name.size() &&
           std::equal(d.name.begin(), d.name.end(), name.begin(),
                      [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  });
  return it == dnns.end() ? nullptr : &*it;
}

}  // namespace glasscore::pcf
