// Nsmf_PDUSession models (TS 29.502 §6.1.6), strict decoding and encoding.
#include "glasscore/sbi/smf_models.h"

#include "session_json_util.h"

namespace glasscore::sbi {

bool is_access_type(std::string_view s) {
  return s == "3GPP_ACCESS" || s == "NON_3GPP_ACCESS";
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, ref_to_binary_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "contentId", out.content_id);
  check_not_empty(r, p, "contentId", out.content_id);
}

void read(reader& r, const json& j, const std::string& p, ncgi& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "plmnId", out.plmn);
  req(r, j, p, "nrCellId", out.nr_cell_id);
  if (!r.failed() && !is_hex(out.nr_cell_id, 9, 9)) {
    r.incorrect(child(p, "nrCellId"), "must be 9 hex digits");
  }
  out.nr_cell_id = lower(std::move(out.nr_cell_id));
}

void read(reader& r, const json& j, const std::string& p, nr_location& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "tai", out.tai);
  req(r, j, p, "ncgi", out.ncgi);
  opt_int(r, j, p, "ageOfLocationInformation", 0, 32767, out.age_of_location_information);
  opt(r, j, p, "ueLocationTimestamp", out.ue_location_timestamp);
}

void read(reader& r, const json& j, const std::string& p, user_location& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "nrLocation", out.nr_location);
}

void read(reader& r, const json& j, const std::string& p, ng_ap_cause& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "group", out.group);
  req(r, j, p, "value", out.value);
}

void read(reader& r, const json& j, const std::string& p, sm_context_create_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "supi", out.supi);
  check_not_empty(r, p, "supi", out.supi);
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "gpsi", out.gpsi);
  req(r, j, p, "pduSessionId", out.pdu_session_id);
  req(r, j, p, "dnn", out.dnn);
  check_not_empty(r, p, "dnn", out.dnn);
  opt(r, j, p, "sNssai", out.s_nssai);
  req(r, j, p, "servingNfId", out.serving_nf_id);
  if (!r.failed() && !is_uuid(out.serving_nf_id)) {
    r.incorrect(child(p, "servingNfId"), "must be a UUID");
  }
  opt(r, j, p, "guami", out.guami);
  req(r, j, p, "servingNetwork", out.serving_network);
  req(r, j, p, "anType", out.an_type);
  if (!r.failed() && !is_access_type(out.an_type)) {
    r.incorrect(child(p, "anType"), "unknown value '" + out.an_type + "'");
  }
  opt(r, j, p, "ratType", out.rat_type);
  opt(r, j, p, "ueLocation", out.ue_location);
  req(r, j, p, "smContextStatusUri", out.sm_context_status_uri);
  check_not_empty(r, p, "smContextStatusUri", out.sm_context_status_uri);
  opt(r, j, p, "requestType", out.request_type);
  opt(r, j, p, "n1SmMsg", out.n1_sm_msg);
  opt(r, j, p, "pcfId", out.pcf_id);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, sm_context_created_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "hSmfUri", out.h_smf_uri);
  opt(r, j, p, "pduSessionId", out.pdu_session_id);
  opt(r, j, p, "sNssai", out.s_nssai);
  opt(r, j, p, "upCnxState", out.up_cnx_state);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
  opt(r, j, p, "gpsi", out.gpsi);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, sm_context_update_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "servingNfId", out.serving_nf_id);
  if (!r.failed() && out.serving_nf_id && !is_uuid(*out.serving_nf_id)) {
    r.incorrect(child(p, "servingNfId"), "must be a UUID");
  }
  opt(r, j, p, "guami", out.guami);
  opt(r, j, p, "servingNetwork", out.serving_network);
  opt(r, j, p, "anType", out.an_type);
  check_access_type(r, p, "anType", out.an_type);
  opt(r, j, p, "ratType", out.rat_type);
  opt(r, j, p, "ueLocation", out.ue_location);
  opt(r, j, p, "upCnxState", out.up_cnx_state);
  opt(r, j, p, "hoState", out.ho_state);
  opt(r, j, p, "n1SmMsg", out.n1_sm_msg);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
  opt(r, j, p, "release", out.release);
  opt(r, j, p, "cause", out.cause);
  opt(r, j, p, "ngApCause", out.ng_ap_cause);
  opt_int(r, j, p, "5gMmCauseValue", 0, 255, out.five_g_mm_cause_value);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, sm_context_updated_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "upCnxState", out.up_cnx_state);
  opt(r, j, p, "n1SmMsg", out.n1_sm_msg);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
  opt(r, j, p, "cause", out.cause);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, sm_context_release_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "cause", out.cause);
  opt(r, j, p, "ngApCause", out.ng_ap_cause);
  opt_int(r, j, p, "5gMmCauseValue", 0, 255, out.five_g_mm_cause_value);
  opt(r, j, p, "ueLocation", out.ue_location);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
}

void read(reader& r, const json& j, const std::string& p, sm_context_create_error& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "error", out.error);
  opt(r, j, p, "n1SmMsg", out.n1_sm_msg);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
  opt(r, j, p, "recoveryTime", out.recovery_time);
}

void read(reader& r, const json& j, const std::string& p, sm_context_update_error& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "error", out.error);
  opt(r, j, p, "n1SmMsg", out.n1_sm_msg);
  opt(r, j, p, "n2SmInfo", out.n2_sm_info);
  opt(r, j, p, "n2SmInfoType", out.n2_sm_info_type);
  opt(r, j, p, "upCnxState", out.up_cnx_state);
  opt(r, j, p, "recoveryTime", out.recovery_time);
}

void read(reader& r, const json& j, const std::string& p, status_info& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "resourceStatus", out.resource_status);
  check_not_empty(r, p, "resourceStatus", out.resource_status);
  opt(r, j, p, "cause", out.cause);
  opt(r, j, p, "anType", out.an_type);
  check_access_type(r, p, "anType", out.an_type);
}

void read(reader& r, const json& j, const std::string& p, sm_context_status_notification& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "statusInfo", out.status_info);
}

}  // namespace detail

expected<ref_to_binary_data, decode_error> decode_ref_to_binary_data(const nlohmann::json& j,
                                                                     const std::string& pointer) {
  return detail::decode_with<ref_to_binary_data>(j, pointer);
}
expected<user_location, decode_error> decode_user_location(const nlohmann::json& j,
                                                           const std::string& pointer) {
  return detail::decode_with<user_location>(j, pointer);
}
expected<sm_context_create_data, decode_error> decode_sm_context_create_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_create_data>(j, pointer);
}
expected<sm_context_created_data, decode_error> decode_sm_context_created_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_created_data>(j, pointer);
}
expected<sm_context_update_data, decode_error> decode_sm_context_update_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_update_data>(j, pointer);
}
expected<sm_context_updated_data, decode_error> decode_sm_context_updated_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_updated_data>(j, pointer);
}
expected<sm_context_release_data, decode_error> decode_sm_context_release_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_release_data>(j, pointer);
}
expected<sm_context_create_error, decode_error> decode_sm_context_create_error(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_create_error>(j, pointer);
}
expected<sm_context_update_error, decode_error> decode_sm_context_update_error(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_update_error>(j, pointer);
}
expected<sm_context_status_notification, decode_error> decode_sm_context_status_notification(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<sm_context_status_notification>(j, pointer);
}

using detail::put;

nlohmann::json to_json(const ref_to_binary_data& v) {
  return nlohmann::json{{"contentId", v.content_id}};
}

nlohmann::json to_json(const ncgi& v) {
  return nlohmann::json{{"plmnId", to_json(v.plmn)}, {"nrCellId", v.nr_cell_id}};
}

nlohmann::json to_json(const nr_location& v) {
  nlohmann::json o{{"tai", to_json(v.tai)}, {"ncgi", to_json(v.ncgi)}};
  put(o, "ageOfLocationInformation", v.age_of_location_information);
  put(o, "ueLocationTimestamp", v.ue_location_timestamp);
  return o;
}

nlohmann::json to_json(const user_location& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "nrLocation", v.nr_location);
  return o;
}

nlohmann::json to_json(const ng_ap_cause& v) {
  return nlohmann::json{{"group", v.group}, {"value", v.value}};
}

nlohmann::json to_json(const sm_context_create_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "supi", v.supi);
  put(o, "pei", v.pei);
  put(o, "gpsi", v.gpsi);
  put(o, "pduSessionId", v.pdu_session_id);
  put(o, "dnn", v.dnn);
  put(o, "sNssai", v.s_nssai);
  put(o, "servingNfId", v.serving_nf_id);
  put(o, "guami", v.guami);
  put(o, "servingNetwork", v.serving_network);
  put(o, "requestType", v.request_type);
  put(o, "n1SmMsg", v.n1_sm_msg);
  put(o, "anType", v.an_type);
  put(o, "ratType", v.rat_type);
  put(o, "ueLocation", v.ue_location);
  put(o, "smContextStatusUri", v.sm_context_status_uri);
  put(o, "pcfId", v.pcf_id);
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const sm_context_created_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "hSmfUri", v.h_smf_uri);
  put(o, "pduSessionId", v.pdu_session_id);
  put(o, "sNssai", v.s_nssai);
  put(o, "upCnxState", v.up_cnx_state);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  put(o, "gpsi", v.gpsi);
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const sm_context_update_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "pei", v.pei);
  put(o, "servingNfId", v.serving_nf_id);
  put(o, "guami", v.guami);
  put(o, "servingNetwork", v.serving_network);
  put(o, "anType", v.an_type);
  put(o, "ratType", v.rat_type);
  put(o, "ueLocation", v.ue_location);
  put(o, "upCnxState", v.up_cnx_state);
  put(o, "hoState", v.ho_state);
  put(o, "n1SmMsg", v.n1_sm_msg);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  put(o, "release", v.release);
  put(o, "cause", v.cause);
  put(o, "ngApCause", v.ng_ap_cause);
  put(o, "5gMmCauseValue", v.five_g_mm_cause_value);
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const sm_context_updated_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "upCnxState", v.up_cnx_state);
  put(o, "n1SmMsg", v.n1_sm_msg);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  put(o, "cause", v.cause);
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const sm_context_release_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "cause", v.cause);
  put(o, "ngApCause", v.ng_ap_cause);
  put(o, "5gMmCauseValue", v.five_g_mm_cause_value);
  put(o, "ueLocation", v.ue_location);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  return o;
}

nlohmann::json to_json(const sm_context_create_error& v) {
  nlohmann::json o{{"error", to_json(v.error)}};
  put(o, "n1SmMsg", v.n1_sm_msg);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  put(o, "recoveryTime", v.recovery_time);
  return o;
}

nlohmann::json to_json(const sm_context_update_error& v) {
  nlohmann::json o{{"error", to_json(v.error)}};
  put(o, "n1SmMsg", v.n1_sm_msg);
  put(o, "n2SmInfo", v.n2_sm_info);
  put(o, "n2SmInfoType", v.n2_sm_info_type);
  put(o, "upCnxState", v.up_cnx_state);
  put(o, "recoveryTime", v.recovery_time);
  return o;
}

nlohmann::json to_json(const status_info& v) {
  nlohmann::json o{{"resourceStatus", v.resource_status}};
  put(o, "cause", v.cause);
  put(o, "anType", v.an_type);
  return o;
}

nlohmann::json to_json(const sm_context_status_notification& v) {
  return nlohmann::json{{"statusInfo", to_json(v.status_info)}};
}

}  // namespace glasscore::sbi
