// Npcf_SMPolicyControl (TS 29.512 §5.6) and Npcf_AMPolicyControl (TS 29.507 §5.6) models,
// strict decoding and encoding.
#include "glasscore/sbi/pcf_models.h"

#include <limits>

#include "session_json_util.h"

namespace glasscore::sbi {

namespace detail {

namespace {

void check_supp_feat(reader& r, const std::string& p, const char* key, std::string_view s) {
  if (!r.failed() && !is_hex(s, 0, std::numeric_limits<std::size_t>::max())) {
    r.incorrect(child(p, key), "must be hex digits (TS 29.571 SupportedFeatures)");
  }
}

void check_addresses(reader& r, const std::string& p, const std::optional<std::string>& v4,
                     const std::optional<std::string>& v6) {
  if (!r.failed() && v4 && !is_ipv4(*v4)) {
    r.incorrect(child(p, "ipv4Address"), "not an IPv4 address");
  }
  if (!r.failed() && v6 && !is_ipv6_prefix(*v6)) {
    r.incorrect(child(p, "ipv6AddressPrefix"), "not an IPv6 prefix");
  }
}

void check_bit_rate(reader& r, const std::string& p, const char* key,
                    const std::optional<std::string>& s) {
  if (!r.failed() && s && !is_bit_rate(*s)) {
    r.incorrect(child(p, key), "not a BitRate (TS 29.571 §5.5.2)");
  }
}

/// A decision map (additionalProperties, minProperties 1). A null entry means "remove this
/// rule" in an update (TS 29.512 §4.2.4); the model cannot carry it, so it is refused.
template <class T>
void read_rule_map(reader& r, const json& obj, const std::string& p, const char* key,
                   std::map<std::string, T>& out) {
  if (r.failed()) {
    return;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return;
  }
  const auto mp = child(p, key);
  if (!r.object(*it, mp)) {
    return;
  }
  if (it->empty()) {
    r.incorrect(mp, "must have at least one member");
    return;
  }
  for (auto e = it->begin(); e != it->end() && !r.failed(); ++e) {
    if (e.value().is_null()) {
      r.incorrect(child(mp, e.key()), "null (rule removal) is not supported");
      return;
    }
    T v{};
    read(r, e.value(), child(mp, e.key()), v);
    out.emplace(e.key(), std::move(v));
  }
}

}  // namespace

void read(reader& r, const json& j, const std::string& p, sm_policy_context_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "supi", out.supi);
  check_not_empty(r, p, "supi", out.supi);
  req(r, j, p, "pduSessionId", out.pdu_session_id);
  req(r, j, p, "pduSessionType", out.pdu_session_type);
  check_not_empty(r, p, "pduSessionType", out.pdu_session_type);
  req(r, j, p, "dnn", out.dnn);
  check_not_empty(r, p, "dnn", out.dnn);
  req(r, j, p, "notificationUri", out.notification_uri);
  check_not_empty(r, p, "notificationUri", out.notification_uri);
  req(r, j, p, "sliceInfo", out.slice_info);
  opt(r, j, p, "gpsi", out.gpsi);
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "accessType", out.access_type);
  check_access_type(r, p, "accessType", out.access_type);
  opt(r, j, p, "ratType", out.rat_type);
  opt(r, j, p, "servingNetwork", out.serving_network);
  opt(r, j, p, "userLocationInfo", out.user_location_info);
  opt(r, j, p, "ipv4Address", out.ipv4_address);
  opt(r, j, p, "ipv6AddressPrefix", out.ipv6_address_prefix);
  check_addresses(r, p, out.ipv4_address, out.ipv6_address_prefix);
  opt(r, j, p, "subsSessAmbr", out.subs_sess_ambr);
  opt(r, j, p, "subsDefQos", out.subs_def_qos);
  opt(r, j, p, "smfId", out.smf_id);
  if (!r.failed() && out.smf_id && !is_uuid(*out.smf_id)) {
    r.incorrect(child(p, "smfId"), "must be a UUID");
  }
  opt(r, j, p, "suppFeat", out.supp_feat);
  if (out.supp_feat) {
    check_supp_feat(r, p, "suppFeat", *out.supp_feat);
  }
}

void read(reader& r, const json& j, const std::string& p, authorized_default_qos& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt_int(r, j, p, "5qi", 0, 255, out.five_qi);
  opt(r, j, p, "arp", out.arp);
  opt_int(r, j, p, "priorityLevel", 1, 127, out.priority_level);
}

void read(reader& r, const json& j, const std::string& p, session_rule& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "authSessAmbr", out.auth_sess_ambr);
  opt(r, j, p, "authDefQos", out.auth_def_qos);
  req(r, j, p, "sessRuleId", out.sess_rule_id);
  check_not_empty(r, p, "sessRuleId", out.sess_rule_id);
}

void read(reader& r, const json& j, const std::string& p, flow_information& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "flowDescription", out.flow_description);
  opt(r, j, p, "packFiltId", out.pack_filt_id);
  opt(r, j, p, "flowDirection", out.flow_direction);
}

void read(reader& r, const json& j, const std::string& p, pcc_rule& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "pccRuleId", out.pcc_rule_id);
  check_not_empty(r, p, "pccRuleId", out.pcc_rule_id);
  opt(r, j, p, "precedence", out.precedence);
  opt(r, j, p, "flowInfos", out.flow_infos);
  opt(r, j, p, "refQosData", out.ref_qos_data);
  if (!r.failed() && out.ref_qos_data.size() > 1) {
    r.incorrect(child(p, "refQosData"), "must have at most one item");
  }
}

void read(reader& r, const json& j, const std::string& p, qos_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "qosId", out.qos_id);
  check_not_empty(r, p, "qosId", out.qos_id);
  opt_int(r, j, p, "5qi", 0, 255, out.five_qi);
  opt(r, j, p, "maxbrUl", out.maxbr_ul);
  check_bit_rate(r, p, "maxbrUl", out.maxbr_ul);
  opt(r, j, p, "maxbrDl", out.maxbr_dl);
  check_bit_rate(r, p, "maxbrDl", out.maxbr_dl);
  opt(r, j, p, "gbrUl", out.gbr_ul);
  check_bit_rate(r, p, "gbrUl", out.gbr_ul);
  opt(r, j, p, "gbrDl", out.gbr_dl);
  check_bit_rate(r, p, "gbrDl", out.gbr_dl);
  opt(r, j, p, "arp", out.arp);
  opt_int(r, j, p, "priorityLevel", 1, 127, out.priority_level);
  opt(r, j, p, "defQosFlowIndication", out.def_qos_flow_indication);
}

void read(reader& r, const json& j, const std::string& p, sm_policy_decision& out) {
  if (!r.object(j, p)) {
    return;
  }
  read_rule_map(r, j, p, "sessRules", out.sess_rules);
  read_rule_map(r, j, p, "pccRules", out.pcc_rules);
  read_rule_map(r, j, p, "qosDecs", out.qos_decs);
  opt(r, j, p, "policyCtrlReqTriggers", out.policy_ctrl_req_triggers);
  opt(r, j, p, "online", out.online);
  opt(r, j, p, "offline", out.offline);
  opt(r, j, p, "suppFeat", out.supp_feat);
  if (out.supp_feat) {
    check_supp_feat(r, p, "suppFeat", *out.supp_feat);
  }
}

void read(reader& r, const json& j, const std::string& p, sm_policy_update_context_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "repPolicyCtrlReqTriggers", out.rep_policy_ctrl_req_triggers);
  opt(r, j, p, "accessType", out.access_type);
  check_access_type(r, p, "accessType", out.access_type);
  opt(r, j, p, "ratType", out.rat_type);
  opt(r, j, p, "servingNetwork", out.serving_network);
  opt(r, j, p, "userLocationInfo", out.user_location_info);
  opt(r, j, p, "ipv4Address", out.ipv4_address);
  opt(r, j, p, "ipv6AddressPrefix", out.ipv6_address_prefix);
  check_addresses(r, p, out.ipv4_address, out.ipv6_address_prefix);
  opt(r, j, p, "subsSessAmbr", out.subs_sess_ambr);
  opt(r, j, p, "subsDefQos", out.subs_def_qos);
}

void read(reader& r, const json& j, const std::string& p, sm_policy_delete_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "userLocationInfo", out.user_location_info);
  opt(r, j, p, "servingNetwork", out.serving_network);
  opt(r, j, p, "pduSessRelCause", out.pdu_sess_rel_cause);
}

void read(reader& r, const json& j, const std::string& p, sm_policy_notification& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "resourceUri", out.resource_uri);
  opt(r, j, p, "smPolicyDecision", out.sm_policy_decision);
}

void read(reader& r, const json& j, const std::string& p, sm_policy_control& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "context", out.context);
  req(r, j, p, "policy", out.policy);
}

void read(reader& r, const json& j, const std::string& p, area& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "tacs", out.tacs);
  for (std::size_t i = 0; i < out.tacs.size() && !r.failed(); ++i) {
    if (!is_hex(out.tacs[i], 4, 4) && !is_hex(out.tacs[i], 6, 6)) {
      r.incorrect(child(child(p, "tacs"), i), "must be 4 or 6 hex digits");
    }
    out.tacs[i] = lower(std::move(out.tacs[i]));
  }
  opt(r, j, p, "areaCode", out.area_code);
  // Area is oneOf {tacs} {areaCode} (TS 29.571 §5.4.4).
  if (!r.failed() && out.tacs.empty() == !out.area_code.has_value()) {
    r.incorrect(p, "must have exactly one of tacs and areaCode");
  }
}

void read(reader& r, const json& j, const std::string& p, service_area_restriction& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "restrictionType", out.restriction_type);
  if (!r.failed() && out.restriction_type && *out.restriction_type != "ALLOWED_AREAS" &&
      *out.restriction_type != "NOT_ALLOWED_AREAS") {
    r.incorrect(child(p, "restrictionType"), "unknown value '" + *out.restriction_type + "'");
  }
  opt(r, j, p, "areas", out.areas);
  opt(r, j, p, "maxNumOfTAs", out.max_num_of_t_as);
}

void read(reader& r, const json& j, const std::string& p, policy_association_request& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "notificationUri", out.notification_uri);
  check_not_empty(r, p, "notificationUri", out.notification_uri);
  req(r, j, p, "supi", out.supi);
  check_not_empty(r, p, "supi", out.supi);
  opt(r, j, p, "gpsi", out.gpsi);
  opt(r, j, p, "accessType", out.access_type);
  check_access_type(r, p, "accessType", out.access_type);
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "userLoc", out.user_loc);
  opt(r, j, p, "servingPlmn", out.serving_plmn);
  opt(r, j, p, "ratType", out.rat_type);
  opt(r, j, p, "ueAmbr", out.ue_ambr);
  opt(r, j, p, "allowedSnssais", out.allowed_snssais);
  opt(r, j, p, "guami", out.guami);
  req(r, j, p, "suppFeat", out.supp_feat);
  check_supp_feat(r, p, "suppFeat", out.supp_feat);
}

void read(reader& r, const json& j, const std::string& p, policy_association& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "request", out.request);
  opt(r, j, p, "triggers", out.triggers);
  opt(r, j, p, "servAreaRes", out.serv_area_res);
  opt_int(r, j, p, "rfsp", 1, 256, out.rfsp);
  opt(r, j, p, "ueAmbr", out.ue_ambr);
  req(r, j, p, "suppFeat", out.supp_feat);
  check_supp_feat(r, p, "suppFeat", out.supp_feat);
}

}  // namespace detail

expected<sm_policy_context_data, decode_error> decode_sm_policy_context_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_policy_context_data>(j, pointer);
}
expected<sm_policy_decision, decode_error> decode_sm_policy_decision(const nlohmann::json& j,
                                                                     const std::string& pointer) {
  return detail::decode_with<sm_policy_decision>(j, pointer);
}
expected<sm_policy_update_context_data, decode_error> decode_sm_policy_update_context_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_policy_update_context_data>(j, pointer);
}
expected<sm_policy_delete_data, decode_error> decode_sm_policy_delete_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_policy_delete_data>(j, pointer);
}
expected<sm_policy_notification, decode_error> decode_sm_policy_notification(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_policy_notification>(j, pointer);
}
expected<sm_policy_control, decode_error> decode_sm_policy_control(const nlohmann::json& j,
                                                                   const std::string& pointer) {
  return detail::decode_with<sm_policy_control>(j, pointer);
}
expected<policy_association_request, decode_error> decode_policy_association_request(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<policy_association_request>(j, pointer);
}
expected<policy_association, decode_error> decode_policy_association(const nlohmann::json& j,
                                                                     const std::string& pointer) {
  return detail::decode_with<policy_association>(j, pointer);
}

using detail::put;

nlohmann::json to_json(const sm_policy_context_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "gpsi", v.gpsi);
  put(o, "supi", v.supi);
  put(o, "pduSessionId", v.pdu_session_id);
  put(o, "pduSessionType", v.pdu_session_type);
  put(o, "dnn", v.dnn);
  put(o, "notificationUri", v.notification_uri);
  put(o, "accessType", v.access_type);
  put(o, "ratType", v.rat_type);
  put(o, "servingNetwork", v.serving_network);
  put(o, "userLocationInfo", v.user_location_info);
  put(o, "pei", v.pei);
  put(o, "ipv4Address", v.ipv4_address);
  put(o, "ipv6AddressPrefix", v.ipv6_address_prefix);
  put(o, "subsSessAmbr", v.subs_sess_ambr);
  put(o, "subsDefQos", v.subs_def_qos);
  put(o, "sliceInfo", v.slice_info);
  put(o, "smfId", v.smf_id);
  put(o, "suppFeat", v.supp_feat);
  return o;
}

nlohmann::json to_json(const authorized_default_qos& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "5qi", v.five_qi);
  put(o, "arp", v.arp);
  put(o, "priorityLevel", v.priority_level);
  return o;
}

nlohmann::json to_json(const session_rule& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "authSessAmbr", v.auth_sess_ambr);
  put(o, "authDefQos", v.auth_def_qos);
  put(o, "sessRuleId", v.sess_rule_id);
  return o;
}

nlohmann::json to_json(const flow_information& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "flowDescription", v.flow_description);
  put(o, "packFiltId", v.pack_filt_id);
  put(o, "flowDirection", v.flow_direction);
  return o;
}

nlohmann::json to_json(const pcc_rule& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "flowInfos", v.flow_infos);
  put(o, "pccRuleId", v.pcc_rule_id);
  put(o, "precedence", v.precedence);
  put(o, "refQosData", v.ref_qos_data);
  return o;
}

nlohmann::json to_json(const qos_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "qosId", v.qos_id);
  put(o, "5qi", v.five_qi);
  put(o, "maxbrUl", v.maxbr_ul);
  put(o, "maxbrDl", v.maxbr_dl);
  put(o, "gbrUl", v.gbr_ul);
  put(o, "gbrDl", v.gbr_dl);
  put(o, "arp", v.arp);
  put(o, "priorityLevel", v.priority_level);
  put(o, "defQosFlowIndication", v.def_qos_flow_indication);
  return o;
}

nlohmann::json to_json(const sm_policy_decision& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "sessRules", v.sess_rules);
  put(o, "pccRules", v.pcc_rules);
  put(o, "qosDecs", v.qos_decs);
  put(o, "online", v.online);
  put(o, "offline", v.offline);
  put(o, "policyCtrlReqTriggers", v.policy_ctrl_req_triggers);
  put(o, "suppFeat", v.supp_feat);
  return o;
}

nlohmann::json to_json(const sm_policy_update_context_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "repPolicyCtrlReqTriggers", v.rep_policy_ctrl_req_triggers);
  put(o, "accessType", v.access_type);
  put(o, "ratType", v.rat_type);
  put(o, "servingNetwork", v.serving_network);
  put(o, "userLocationInfo", v.user_location_info);
  put(o, "ipv4Address", v.ipv4_address);
  put(o, "ipv6AddressPrefix", v.ipv6_address_prefix);
  put(o, "subsSessAmbr", v.subs_sess_ambr);
  put(o, "subsDefQos", v.subs_def_qos);
  return o;
}

nlohmann::json to_json(const sm_policy_delete_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "userLocationInfo", v.user_location_info);
  put(o, "servingNetwork", v.serving_network);
  put(o, "pduSessRelCause", v.pdu_sess_rel_cause);
  return o;
}

nlohmann::json to_json(const sm_policy_notification& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "resourceUri", v.resource_uri);
  put(o, "smPolicyDecision", v.sm_policy_decision);
  return o;
}

nlohmann::json to_json(const sm_policy_control& v) {
  return nlohmann::json{{"context", to_json(v.context)}, {"policy", to_json(v.policy)}};
}

nlohmann::json to_json(const area& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "tacs", v.tacs);
  put(o, "areaCode", v.area_code);
  return o;
}

nlohmann::json to_json(const service_area_restriction& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "restrictionType", v.restriction_type);
  put(o, "areas", v.areas);
  put(o, "maxNumOfTAs", v.max_num_of_t_as);
  return o;
}

nlohmann::json to_json(const policy_association_request& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "notificationUri", v.notification_uri);
  put(o, "supi", v.supi);
  put(o, "gpsi", v.gpsi);
  put(o, "accessType", v.access_type);
  put(o, "pei", v.pei);
  put(o, "userLoc", v.user_loc);
  put(o, "servingPlmn", v.serving_plmn);
  put(o, "ratType", v.rat_type);
  put(o, "ueAmbr", v.ue_ambr);
  put(o, "allowedSnssais", v.allowed_snssais);
  put(o, "guami", v.guami);
  put(o, "suppFeat", v.supp_feat);
  return o;
}

nlohmann::json to_json(const policy_association& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "request", v.request);
  put(o, "triggers", v.triggers);
  put(o, "servAreaRes", v.serv_area_res);
  put(o, "rfsp", v.rfsp);
  put(o, "ueAmbr", v.ue_ambr);
  put(o, "suppFeat", v.supp_feat);
  return o;
}

}  // namespace glasscore::sbi
