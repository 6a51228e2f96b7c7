// Nudm_UECM models (TS 29.503 §6.2.6), strict decoding and encoding.
#include "glasscore/sbi/uecm_models.h"

#include <algorithm>

#include "home_json_util.h"

namespace glasscore::sbi {

namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> values) {
  return std::find(values.begin(), values.end(), s) != values.end();
}

}  // namespace

bool is_rat_type(std::string_view s) {
  return one_of(s, {"NR",       "EUTRA",          "WLAN",         "VIRTUAL",      "NBIOT",
                    "WIRELINE", "WIRELINE_CABLE", "WIRELINE_BBF", "LTE-M",        "NR_U",
                    "EUTRA_U",  "TRUSTED_N3GA",   "TRUSTED_WLAN", "UTRA",         "GERA",
                    "NR_LEO",   "NR_MEO",         "NR_GEO",       "NR_OTHER_SAT", "NR_REDCAP"});
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, amf_3gpp_access_registration& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "amfInstanceId", out.amf_instance_id);
  if (!r.failed() && !is_uuid(out.amf_instance_id)) {
    r.incorrect(child(p, "amfInstanceId"), "must be a UUID");
  }
  req(r, j, p, "deregCallbackUri", out.dereg_callback_uri);
  if (!r.failed() && out.dereg_callback_uri.empty()) {
    r.incorrect(child(p, "deregCallbackUri"), "must be a URI");
  }
  req(r, j, p, "guami", out.guami);
  req(r, j, p, "ratType", out.rat_type);
  if (!r.failed() && !is_rat_type(out.rat_type)) {
    r.incorrect(child(p, "ratType"), "unknown value '" + out.rat_type + "'");
  }
  opt(r, j, p, "supportedFeatures", out.supported_features);
  opt(r, j, p, "purgeFlag", out.purge_flag);
  opt(r, j, p, "pei", out.pei);
  opt(r, j, p, "initialRegistrationInd", out.initial_registration_ind);
  opt(r, j, p, "pcscfRestorationCallbackUri", out.pcscf_restoration_callback_uri);
  opt(r, j, p, "drFlag", out.dr_flag);
}

void read(reader& r, const json& j, const std::string& p, deregistration_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "deregReason", out.dereg_reason);
  if (!r.failed() &&
      !one_of(out.dereg_reason,
              {"UE_INITIAL_REGISTRATION", "UE_REGISTRATION_AREA_CHANGE", "SUBSCRIPTION_WITHDRAWN",
               "5GS_TO_EPS_MOBILITY", "5GS_TO_EPS_MOBILITY_UE_INITIAL_REGISTRATION",
               "REREGISTRATION_REQUIRED", "SMF_CONTEXT_TRANSFERRED"})) {
    r.incorrect(child(p, "deregReason"), "unknown value '" + out.dereg_reason + "'");
  }
  opt(r, j, p, "accessType", out.access_type);
  if (!r.failed() && out.access_type &&
      !one_of(*out.access_type, {"3GPP_ACCESS", "NON_3GPP_ACCESS"})) {
    r.incorrect(child(p, "accessType"), "unknown value '" + *out.access_type + "'");
  }
}

}  // namespace detail

expected<amf_3gpp_access_registration, decode_error> decode_amf_3gpp_access_registration(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<amf_3gpp_access_registration>(j, pointer);
}
expected<deregistration_data, decode_error> decode_deregistration_data(const nlohmann::json& j,
                                                                       const std::string& pointer) {
  return detail::decode_with<deregistration_data>(j, pointer);
}

nlohmann::json to_json(const amf_3gpp_access_registration& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "amfInstanceId", v.amf_instance_id);
  detail::put(o, "supportedFeatures", v.supported_features);
  detail::put(o, "purgeFlag", v.purge_flag);
  detail::put(o, "pei", v.pei);
  detail::put(o, "deregCallbackUri", v.dereg_callback_uri);
  detail::put(o, "pcscfRestorationCallbackUri", v.pcscf_restoration_callback_uri);
  detail::put(o, "initialRegistrationInd", v.initial_registration_ind);
  o["guami"] = to_json(v.guami);
  detail::put(o, "ratType", v.rat_type);
  detail::put(o, "drFlag", v.dr_flag);
  return o;
}

nlohmann::json to_json(const deregistration_data& v) {
  nlohmann::json o{{"deregReason", v.dereg_reason}};
  detail::put(o, "accessType", v.access_type);
  return o;
}

}  // namespace glasscore::sbi
