#include "smf/sbi/sbi_peers.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "glasscore/nf/udm/peer_call.h"
#include "glasscore/sbi/amf_comm_models.h"
#include "glasscore/sbi/bit_rate.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/pcf_models.h"
#include "glasscore/sbi/query.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/smf_models.h"
#include "glasscore/sbi/uri.h"

namespace glasscore::smf {

namespace {

using type = nas::pdu_session_type_value;

peer_error error_of(const home::peer_result& r) {
  if (!r) {
    return peer_error::unavailable;
  }
  if (r->status == 404) {
    return peer_error::not_found;
  }
  return r->status >= 400 && r->status < 500 ? peer_error::rejected : peer_error::unavailable;
}

std::optional<type> type_of(std::string_view s) {
  if (s == "IPV4") {
    return type::ipv4;
  }
  if (s == "IPV6") {
    return type::ipv6;
  }
  if (s == "IPV4V6") {
    return type::ipv4v6;
  }
  if (s == "UNSTRUCTURED") {
    return type::unstructured;
  }
  if (s == "ETHERNET") {
    return type::ethernet;
  }
  return std::nullopt;
}

std::string_view type_name(type t) {
  switch (t) {
    case type::ipv6:
      return "IPV6";
    case type::ipv4v6:
      return "IPV4V6";
    case type::unstructured:
      return "UNSTRUCTURED";
    case type::ethernet:
      return "ETHERNET";
    default:
      return "IPV4";
  }
}

std::string dotted(const ipv4_address& a) {
  return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

std::optional<nlohmann::json> json_of(const home::peer_result& r) {
  auto j = sbi::parse_json(r->body);
  if (!j) {
    return std::nullopt;
  }
  return std::move(*j);
}

}  // namespace

sbi::snssai to_sbi(const slice& s) {
  sbi::snssai out;
  out.sst = s.sst;
  if (s.sd) {
    out.sd = fmt::format("{:06x}", *s.sd);
  }
  return out;
}

home::peer_requester amf_client::to(std::string api_root) {
  return [this, root = std::move(api_root)](home::peer_request r, home::peer_callback cb) {
    amf_(root, std::move(r), std::move(cb));
  };
}

std::string api_root_of(std::string_view uri) {
  auto u = sbi::parse_http_uri(uri);
  if (!u) {
    return {};
  }
  const bool v6 = u->host.find(':') != std::string::npos;  // IPv6 literals go in brackets
  return v6 ? fmt::format("{}://[{}]:{}", u->scheme, u->host, u->port)
            : fmt::format("{}://{}:{}", u->scheme, u->host, u->port);
}

// ---- UDM

async::task<expected<std::optional<dnn_subscription>, peer_error>>
udm_sm_data_client::session_subscription(std::string supi, slice s, std::string dnn) {
  const std::string path =
      fmt::format("/nudm-sdm/v2/{}/sm-data?single-nssai={}&dnn={}", sbi::percent_encode(supi),
                  sbi::percent_encode(sbi::to_json(to_sbi(s)).dump()), sbi::percent_encode(dnn));
  auto r = co_await home::peer_call(udm_, alive_, home::json_request("GET", path, {}));
  if (!home::is_success(r)) {
    co_return fail(error_of(r));
  }
  auto j = json_of(r);
  auto data = j ? sbi::decode_sm_data(*j) : fail(sbi::decode_error{});
  if (!data) {
    co_return fail(peer_error::unavailable);
  }
  for (const auto& sm : *data) {
    if (!(sm.single_nssai == to_sbi(s))) {
      continue;
    }
    auto it = sm.dnn_configurations.find(dnn);
    if (it == sm.dnn_configurations.end()) {
      continue;
    }
    const auto& c = it->second;
    dnn_subscription out;
    for (const auto& t : c.pdu_session_types.allowed_session_types) {
      if (auto v = type_of(t)) {
        out.allowed_types.push_back(*v);
      }
    }
    if (auto d = type_of(c.pdu_session_types.default_session_type)) {
      out.default_type = *d;
      if (out.allowed_types.empty()) {
        out.allowed_types.push_back(*d);  // TS 29.503: the default is always allowed
      }
    }
    out.allowed_ssc_modes.clear();
    for (const auto& m : c.ssc_modes.allowed_ssc_modes) {
      if (m.size() == 10 && m.starts_with("SSC_MODE_")) {
        out.allowed_ssc_modes.push_back(static_cast<std::uint8_t>(m.back() - '0'));
      }
    }
    if (c.session_ambr) {
      out.ambr_uplink_kbps = sbi::parse_bit_rate_kbps(c.session_ambr->uplink).value_or(0);
      out.ambr_downlink_kbps = sbi::parse_bit_rate_kbps(c.session_ambr->downlink).value_or(0);
    }
    if (c.five_g_qos_profile) {
      out.default_5qi = static_cast<std::uint8_t>(c.five_g_qos_profile->five_qi);
      out.arp_priority = static_cast<std::uint8_t>(c.five_g_qos_profile->arp.priority_level);
    }
    co_return std::optional<dnn_subscription>(std::move(out));
  }
  co_return std::optional<dnn_subscription>{};
}

// ---- PCF

session_policy apply_decision(session_policy p, const sbi::sm_policy_decision& d) {
  // TS 29.512 §4.2.2.2: the session rule carries the authorised AMBR and default QoS.
  for (const auto& [id, rule] : d.sess_rules) {
    if (rule.auth_sess_ambr) {
      p.ambr_uplink_kbps =
          sbi::parse_bit_rate_kbps(rule.auth_sess_ambr->uplink).value_or(p.ambr_uplink_kbps);
      p.ambr_downlink_kbps =
          sbi::parse_bit_rate_kbps(rule.auth_sess_ambr->downlink).value_or(p.ambr_downlink_kbps);
    }
    if (rule.auth_def_qos && rule.auth_def_qos->five_qi) {
      p.default_5qi = static_cast<std::uint8_t>(*rule.auth_def_qos->five_qi);
    }
    if (rule.auth_def_qos && rule.auth_def_qos->arp) {
      p.arp_priority = static_cast<std::uint8_t>(rule.auth_def_qos->arp->priority_level);
    }
    break;  // one session rule is all this SMF applies
  }
  return p;
}

async::task<expected<session_policy, peer_error>> pcf_client::create_policy(policy_request r) {
  sbi::sm_policy_context_data d;
  d.supi = r.supi;
  d.pdu_session_id = r.pdu_session_id;
  d.pdu_session_type = std::string(type_name(r.type));
  d.dnn = r.dnn;
  // Per session, so that the PCF's UpdateNotify names the SM context (TS 29.512 §4.2.3.2).
  d.notification_uri = notification_uri_ + "/" + sbi::percent_encode(r.sm_context_ref);
  d.slice_info = to_sbi(r.s);
  d.access_type = "3GPP_ACCESS";
  d.rat_type = "NR";
  if (r.ipv4) {
    d.ipv4_address = dotted(*r.ipv4);
  }
  if (r.subscribed.ambr_uplink_kbps != 0 && r.subscribed.ambr_downlink_kbps != 0) {
    d.subs_sess_ambr = sbi::ambr{sbi::bit_rate_from_kbps(r.subscribed.ambr_uplink_kbps),
                                 sbi::bit_rate_from_kbps(r.subscribed.ambr_downlink_kbps)};
  }
  sbi::subscribed_default_qos qos;
  qos.five_qi = r.subscribed.default_5qi;
  qos.arp.priority_level = r.subscribed.arp_priority;
  d.subs_def_qos = qos;
  auto answer = co_await home::peer_call(
      pcf_, alive_,
      home::json_request("POST", "/npcf-smpolicycontrol/v1/sm-policies", sbi::to_json(d).dump()));
  if (!home::is_success(answer)) {
    co_return fail(error_of(answer));
  }
  auto j = json_of(answer);
  auto decision = j ? sbi::decode_sm_policy_decision(*j) : fail(sbi::decode_error{});
  if (!decision) {
    co_return fail(peer_error::unavailable);
  }
  session_policy base;
  base.ambr_uplink_kbps = r.subscribed.ambr_uplink_kbps;
  base.ambr_downlink_kbps = r.subscribed.ambr_downlink_kbps;
  base.default_5qi = r.subscribed.default_5qi;
  base.arp_priority = r.subscribed.arp_priority;
  session_policy p = apply_decision(base, *decision);
  // The Location header names the policy association (TS 29.512 §5.3.2.3.1).
  if (auto id = home::created_id(*answer)) {
    p.policy_id = std::move(*id);
  }
  co_return p;
}

async::task<expected<void, peer_error>> pcf_client::delete_policy(std::string policy_id) {
  auto answer =
      co_await home::peer_call(pcf_, alive_,
                               home::json_request("POST",
                                                  "/npcf-smpolicycontrol/v1/sm-policies/" +
                                                      sbi::percent_encode(policy_id) + "/delete",
                                                  "{}"));
  if (!home::is_success(answer)) {
    co_return fail(error_of(answer));
  }
  co_return expected<void, peer_error>{};
}

// ---- AMF

async::task<expected<void, peer_error>> amf_client::n1n2_transfer(
    std::string amf_api_root, std::string supi, std::uint8_t pdu_session_id,
    std::optional<std::vector<std::uint8_t>> n1, std::optional<n2_sm_message> n2) {
  sbi::n1_n2_message_transfer_req_data d;
  d.pdu_session_id = pdu_session_id;
  std::vector<sbi::body_part> parts;
  if (n1) {
    sbi::n1_message_container container;
    container.n1_message_class = "SM";
    container.n1_message_content = sbi::ref_to_binary_data{"n1SmMsg"};
    d.n1_message_container = std::move(container);
    parts.push_back({std::string(sbi::content_type_5gnas), "n1SmMsg", std::move(*n1)});
  }
  if (n2) {
    sbi::n2_sm_information info;
    info.pdu_session_id = pdu_session_id;
    info.n2_info_content.ngap_ie_type = n2->type;
    info.n2_info_content.ngap_data = sbi::ref_to_binary_data{"n2SmMsg"};
    sbi::n2_info_container container;
    container.n2_information_class = "SM";
    container.sm_info = std::move(info);
    d.n2_info_container = std::move(container);
    parts.push_back({std::string(sbi::content_type_ngap), "n2SmMsg", std::move(n2->transfer)});
  }
  auto encoded = sbi::encode_json_with_parts(sbi::to_json(d), std::move(parts));
  auto req = home::json_request(
      "POST", "/namf-comm/v1/ue-contexts/" + sbi::percent_encode(supi) + "/n1-n2-messages",
      std::move(encoded.body), encoded.content_type);
  auto to_amf = to(std::move(amf_api_root));
  auto answer = co_await home::peer_call(to_amf, alive_, std::move(req));
  if (!home::is_success(answer)) {
    co_return fail(error_of(answer));
  }
  co_return expected<void, peer_error>{};
}

async::task<expected<void, peer_error>> amf_client::notify_released(std::string status_uri) {
  auto uri = sbi::parse_http_uri(status_uri);
  if (!uri) {
    co_return fail(peer_error::unavailable);
  }
  sbi::sm_context_status_notification n;
  n.status_info.resource_status = "RELEASED";
  auto to_amf = to(api_root_of(status_uri));
  auto answer = co_await home::peer_call(
      to_amf, alive_, home::json_request("POST", uri->path, sbi::to_json(n).dump()));
  if (!home::is_success(answer)) {
    co_return fail(error_of(answer));
  }
  co_return expected<void, peer_error>{};
}

}  // namespace glasscore::smf
