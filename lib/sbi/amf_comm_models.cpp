// Namf_Communication N1N2MessageTransfer models (TS 29.518 §6.1.6), strict decoding and
// encoding.
#include "glasscore/sbi/amf_comm_models.h"

#include "session_json_util.h"

namespace glasscore::sbi {

namespace detail {

void read(reader& r, const json& j, const std::string& p, n1_message_container& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "n1MessageClass", out.n1_message_class);
  check_not_empty(r, p, "n1MessageClass", out.n1_message_class);
  req(r, j, p, "n1MessageContent", out.n1_message_content);
  opt(r, j, p, "nfId", out.nf_id);
}

void read(reader& r, const json& j, const std::string& p, n2_info_content& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt_int(r, j, p, "ngapMessageType", 0, 255, out.ngap_message_type);
  opt(r, j, p, "ngapIeType", out.ngap_ie_type);
  req(r, j, p, "ngapData", out.ngap_data);
}

void read(reader& r, const json& j, const std::string& p, n2_sm_information& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "pduSessionId", out.pdu_session_id);
  req(r, j, p, "n2InfoContent", out.n2_info_content);
  opt(r, j, p, "sNssai", out.s_nssai);
}

void read(reader& r, const json& j, const std::string& p, n2_info_container& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "n2InformationClass", out.n2_information_class);
  check_not_empty(r, p, "n2InformationClass", out.n2_information_class);
  opt(r, j, p, "smInfo", out.sm_info);
}

void read(reader& r, const json& j, const std::string& p, n1_n2_message_transfer_req_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "n1MessageContainer", out.n1_message_container);
  opt(r, j, p, "n2InfoContainer", out.n2_info_container);
  opt(r, j, p, "skipInd", out.skip_ind);
  opt(r, j, p, "lastMsgIndication", out.last_msg_indication);
  opt(r, j, p, "pduSessionId", out.pdu_session_id);
  opt_int(r, j, p, "ppi", 0, 7, out.ppi);
  opt(r, j, p, "arp", out.arp);
  opt_int(r, j, p, "5qi", 0, 255, out.five_qi);
  opt(r, j, p, "n1n2FailureTxfNotifURI", out.n1n2_failure_txf_notif_uri);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, n1_n2_message_transfer_rsp_data& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "cause", out.cause);
  check_not_empty(r, p, "cause", out.cause);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

void read(reader& r, const json& j, const std::string& p, n1_n2_message_transfer_error& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "error", out.error);
}

}  // namespace detail

expected<n1_message_container, decode_error> decode_n1_message_container(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<n1_message_container>(j, pointer);
}
expected<n2_info_container, decode_error> decode_n2_info_container(const nlohmann::json& j,
                                                                   const std::string& pointer) {
  return detail::decode_with<n2_info_container>(j, pointer);
}
expected<n1_n2_message_transfer_req_data, decode_error> decode_n1_n2_message_transfer_req_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<n1_n2_message_transfer_req_data>(j, pointer);
}
expected<n1_n2_message_transfer_rsp_data, decode_error> decode_n1_n2_message_transfer_rsp_data(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<n1_n2_message_transfer_rsp_data>(j, pointer);
}
expected<n1_n2_message_transfer_error, decode_error> decode_n1_n2_message_transfer_error(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<n1_n2_message_transfer_error>(j, pointer);
}

using detail::put;

nlohmann::json to_json(const n1_message_container& v) {
  nlohmann::json o{{"n1MessageClass", v.n1_message_class},
                   {"n1MessageContent", to_json(v.n1_message_content)}};
  put(o, "nfId", v.nf_id);
  return o;
}

nlohmann::json to_json(const n2_info_content& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "ngapMessageType", v.ngap_message_type);
  put(o, "ngapIeType", v.ngap_ie_type);
  o["ngapData"] = to_json(v.ngap_data);
  return o;
}

nlohmann::json to_json(const n2_sm_information& v) {
  nlohmann::json o{{"pduSessionId", v.pdu_session_id},
                   {"n2InfoContent", to_json(v.n2_info_content)}};
  put(o, "sNssai", v.s_nssai);
  return o;
}

nlohmann::json to_json(const n2_info_container& v) {
  nlohmann::json o{{"n2InformationClass", v.n2_information_class}};
  put(o, "smInfo", v.sm_info);
  return o;
}

nlohmann::json to_json(const n1_n2_message_transfer_req_data& v) {
  nlohmann::json o = nlohmann::json::object();
  put(o, "n1MessageContainer", v.n1_message_container);
  put(o, "n2InfoContainer", v.n2_info_container);
  put(o, "skipInd", v.skip_ind);
  put(o, "lastMsgIndication", v.last_msg_indication);
  put(o, "pduSessionId", v.pdu_session_id);
  put(o, "ppi", v.ppi);
  put(o, "arp", v.arp);
  put(o, "5qi", v.five_qi);
  put(o, "n1n2FailureTxfNotifURI", v.n1n2_failure_txf_notif_uri);
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const n1_n2_message_transfer_rsp_data& v) {
  nlohmann::json o{{"cause", v.cause}};
  put(o, "supportedFeatures", v.supported_features);
  return o;
}

nlohmann::json to_json(const n1_n2_message_transfer_error& v) {
  return nlohmann::json{{"error", to_json(v.error)}};
}

}  // namespace glasscore::sbi
