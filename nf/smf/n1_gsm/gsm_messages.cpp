#include "smf/n1_gsm/gsm_messages.h"

namespace glasscore::smf {

namespace {

std::vector<std::uint8_t> encode_or_empty(const nas::gsm_pdu& pdu) {
  byte_writer w;
  if (!nas::encode_gsm(pdu, w)) {
    return {};  // only IEs with fixed, small contents are used here: cannot happen
  }
  return w.release();
}

// §9.11.4.13: the default QoS rule matches every packet (match-all filter, precedence 255,
// the lowest) and maps it to the default QoS flow.
nas::qos_rules default_rules() {
  nas::qos_rule rule;
  rule.id = 1;
  rule.operation = nas::qos_rule_operation::create;
  rule.default_rule = true;
  nas::packet_filter all;
  all.direction = nas::packet_filter_direction::bidirectional;
  all.id = 1;
  all.components.emplace_back(nas::pf_match_all{});
  rule.filters.push_back(std::move(all));
  rule.precedence = 255;
  rule.qfi = default_qfi;
  return nas::qos_rules{{std::move(rule)}};
}

// §9.11.4.14: kbps in the policy, bit/s in the IE helper.
nas::session_ambr session_ambr_of(const session_policy& p) {
  nas::session_ambr a;
  a.uplink = nas::bit_rate::from_bits_per_second(p.ambr_uplink_kbps * 1000);
  a.downlink = nas::bit_rate::from_bits_per_second(p.ambr_downlink_kbps * 1000);
  return a;
}

// §9.11.4.12: the default flow's 5QI, so the UE knows the flow the default rule maps to.
// E bit 1: the parameters listed replace all the flow's parameters (create or modify).
nas::qos_flow_descriptions default_flow(std::uint8_t five_qi, nas::qos_flow_operation op) {
  nas::qos_flow_description flow;
  flow.qfi = default_qfi;
  flow.operation = op;
  flow.e_bit = true;
  flow.parameters.push_back(nas::qos_flow_parameter::five_qi(five_qi));
  return nas::qos_flow_descriptions{{std::move(flow)}};
}

std::optional<nas::extended_pco> answer_pco(const std::optional<nas::extended_pco>& requested,
                                            const config::dnn_config& dnn) {
  if (!requested) {
    return std::nullopt;
  }
  nas::extended_pco out;
  out.header = 0x80;  // ext 1, configuration protocol PPP (TS 24.008 §10.5.6.3)
  for (const auto& server : dnn.dns) {
    if (server.family == config::ip_family::v4 &&
        requested->requests(nas::pco_id::dns_server_ipv4)) {
      out.containers.push_back(
          {nas::pco_id::dns_server_ipv4,
           {server.bytes[0], server.bytes[1], server.bytes[2], server.bytes[3]}});
    } else if (server.family == config::ip_family::v6 &&
               requested->requests(nas::pco_id::dns_server_ipv6)) {
      out.containers.push_back(
          {nas::pco_id::dns_server_ipv6, {server.bytes.begin(), server.bytes.end()}});
    }
  }
  if (requested->requests(nas::pco_id::ipv4_link_mtu)) {
    out.containers.push_back(
        {nas::pco_id::ipv4_link_mtu,
         {static_cast<std::uint8_t>(dnn.mtu >> 8U), static_cast<std::uint8_t>(dnn.mtu)}});
  }
  if (out.containers.empty()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::array<std::uint8_t, 8> interface_id_for(std::uint64_t n) {
  std::array<std::uint8_t, 8> id{};
  const std::uint64_t v = n == 0 ? 1 : n;
  for (std::size_t i = 0; i < id.size(); ++i) {
    id[id.size() - 1 - i] = static_cast<std::uint8_t>(v >> (8U * i));
  }
  return id;
}

expected<std::vector<std::uint8_t>, nas::nas_error> encode_establishment_accept(
    const sm_context& c, const std::optional<nas::extended_pco>& requested,
    const config::dnn_config& dnn) {
  nas::pdu_session_establishment_accept a;
  a.selected_pdu_session_type.value = c.type;
  a.selected_ssc_mode.value = nas::ssc_mode_value::mode_1;
  a.authorized_qos_rules = default_rules();
  a.session_ambr = session_ambr_of(c.policy);
  nas::pdu_address address;
  address.type = c.type;
  address.ipv4 = c.ipv4;
  if (c.ipv6_prefix) {
    address.ipv6_interface_id = c.ipv6_interface_id;
  }
  a.pdu_address = address;
  a.s_nssai = nas::s_nssai{c.slice.sst, c.slice.sd, {}, {}};
  a.authorized_qos_flow_descriptions =
      default_flow(c.policy.default_5qi, nas::qos_flow_operation::create);
  if (c.type_cause) {
    a.cause = nas::gsm_cause_ie{*c.type_cause};
  }
  a.extended_pco = answer_pco(requested, dnn);
  a.dnn = nas::dnn{c.dnn};
  byte_writer w;
  if (auto ok = nas::encode_gsm(nas::gsm_pdu{c.pdu_session_id, c.pti, std::move(a)}, w); !ok) {
    return fail(ok.error());
  }
  return w.release();
}

expected<std::vector<std::uint8_t>, nas::nas_error> encode_modification_command(
    const sm_context& c, std::uint8_t pti, const modification_content& what) {
  nas::pdu_session_modification_command m;
  m.session_ambr = session_ambr_of(c.policy);
  if (what.five_qi_changed) {
    m.authorized_qos_flow_descriptions =
        default_flow(c.policy.default_5qi, nas::qos_flow_operation::modify);
  }
  if (what.always_on) {
    m.always_on_indication = nas::always_on_pdu_session_indication{*what.always_on};
  }
  byte_writer w;
  if (auto ok = nas::encode_gsm(nas::gsm_pdu{c.pdu_session_id, pti, std::move(m)}, w); !ok) {
    return fail(ok.error());
  }
  return w.release();
}

std::vector<std::uint8_t> encode_modification_reject(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                     nas::gsm_cause cause) {
  nas::pdu_session_modification_reject r;
  r.cause.value = cause;
  return encode_or_empty(nas::gsm_pdu{pdu_session_id, pti, std::move(r)});
}

std::vector<std::uint8_t> encode_establishment_reject(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                      nas::gsm_cause cause) {
  nas::pdu_session_establishment_reject r;
  r.cause.value = cause;
  return encode_or_empty(nas::gsm_pdu{pdu_session_id, pti, std::move(r)});
}

std::vector<std::uint8_t> encode_release_command(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                 nas::gsm_cause cause) {
  nas::pdu_session_release_command r;
  r.cause.value = cause;
  return encode_or_empty(nas::gsm_pdu{pdu_session_id, pti, std::move(r)});
}

std::vector<std::uint8_t> encode_release_reject(std::uint8_t pdu_session_id, std::uint8_t pti,
                                                nas::gsm_cause cause) {
  nas::pdu_session_release_reject r;
  r.cause.value = cause;
  return encode_or_empty(nas::gsm_pdu{pdu_session_id, pti, std::move(r)});
}

std::vector<std::uint8_t> encode_gsm_status(std::uint8_t pdu_session_id, std::uint8_t pti,
                                            nas::gsm_cause cause) {
  nas::gsm_status s;
  s.cause.value = cause;
  return encode_or_empty(nas::gsm_pdu{pdu_session_id, pti, std::move(s)});
}

}  // namespace glasscore::smf
