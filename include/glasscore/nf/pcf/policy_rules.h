#pragma once
/// \file
/// The PCF's static policy rules, sans-I/O: what SM policy decision a PDU session gets
/// (TS 29.512 §4.2.2, TS 23.503 §6.2.1) from the DNN configuration and the subscription the
/// SMF forwarded. No PCC rules beyond the default: the session rule alone carries the
/// authorised Session-AMBR and default QoS (TS 23.503 §6.3.1, "authorized session AMBR" and
/// "authorized default 5QI/ARP"). See docs/pcf.md.

#include <cstdint>
#include <optional>
#include <string>

#include "glasscore/config/config_types.h"
#include "glasscore/sbi/pcf_models.h"

namespace glasscore::pcf {

/// The ARP given when the SMF sent no subscribed default QoS: priority 8 (the middle of
/// 1..15, as TS 23.501 §5.7.2.2 leaves the value to operator policy), may not pre-empt,
/// may be pre-empted.
[[nodiscard]] sbi::arp default_arp();

/// The id of the one session rule in every decision (also its key in sessRules).
inline constexpr std::string_view session_rule_id = "default";

/// The authorised Session-AMBR, per direction: the lower of the DNN's configured AMBR and
/// the subscribed one (subsSessAmbr) when the SMF sent it. Why the lower: the subscription
/// (TS 23.501 §5.7.2.6, from the UDM) is what the user paid for, the DNN setting is the
/// operator's cap for that data network; the PCF may lower but should not raise either,
/// so the minimum honours both. A subscribed value that is not a usable BitRate (beyond
/// 2^64 bit/s) counts as no limit. The subscribed string is returned unchanged when it
/// wins, so the SMF sees exactly what the UDM said.
[[nodiscard]] sbi::ambr authorized_session_ambr(const config::session_ambr& dnn_ambr,
                                                const std::optional<sbi::ambr>& subscribed);

/// The authorised default QoS: the DNN's default 5QI, with the subscribed ARP (and
/// priority level) when the SMF sent subsDefQos, else default_arp().
[[nodiscard]] sbi::authorized_default_qos authorized_default_qos(
    const config::dnn_config& dnn, const std::optional<sbi::subscribed_default_qos>& subscribed);

/// The whole SmPolicyDecision for a context on a configured DNN. `supp_feat` is the
/// negotiated feature list (nullopt: not sent).
[[nodiscard]] sbi::sm_policy_decision decide_sm_policy(const sbi::sm_policy_context_data& context,
                                                       const config::dnn_config& dnn,
                                                       std::optional<std::string> supp_feat);

/// The configured DNN with that name (DNNs compare case-insensitively, TS 23.003 §9.1),
/// or nullptr.
[[nodiscard]] const config::dnn_config* find_dnn(const std::vector<config::dnn_config>& dnns,
                                                 std::string_view name);

}  // namespace glasscore::pcf
