#pragma once
/// \file
/// Sample 5GSM messages for the codec tests: every §8.3 message once with all its IEs
/// present (realistic values) and once with only its mandatory IEs.

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "glasscore/codec/nas/messages_5gsm.h"

namespace glasscore::nas::gsm_samples {

inline octet_string octets(std::initializer_list<std::uint8_t> b) {
  return octet_string{std::vector<std::uint8_t>(b)};
}

/// ePCO as a UE sends it: IPCP, requests for DNS/P-CSCF v4/v6, NAS IP allocation, MTU,
/// and a container this code does not know (0x0099).
inline extended_pco sample_pco_request() {
  extended_pco p;
  p.containers.push_back(
      {pco_id::ipcp, {0x01, 0x00, 0x00, 0x10, 0x81, 0x06, 0, 0, 0, 0, 0x83, 0x06, 0, 0, 0, 0}});
  p.add_request(pco_id::p_cscf_ipv6);
  p.add_request(pco_id::dns_server_ipv6);
  p.add_request(pco_id::p_cscf_ipv4);
  p.add_request(pco_id::dns_server_ipv4);
  p.add_request(pco_id::ip_address_allocation_via_nas);
  p.add_request(pco_id::ipv4_link_mtu);
  p.containers.push_back({0x0099, {0xDE, 0xAD, 0xBE}});
  return p;
}

/// ePCO as an SMF answers: two IPv4 DNS servers, one IPv6 DNS server, P-CSCF v4 and v6,
/// IPv4 link MTU 1400, and an unknown container kept byte for byte.
inline extended_pco sample_pco_response() {
  extended_pco p;
  p.add_ipv4_address(pco_id::dns_server_ipv4, {8, 8, 8, 8});
  p.add_ipv4_address(pco_id::dns_server_ipv4, {8, 8, 4, 4});
  p.add_ipv6_address(pco_id::dns_server_ipv6,
                     {0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88});
  p.add_ipv4_address(pco_id::p_cscf_ipv4, {10, 45, 0, 1});
  p.add_ipv6_address(pco_id::p_cscf_ipv6,
                     {0xFD, 0x00, 0, 0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
  p.add_ipv4_link_mtu(1400);
  p.containers.push_back({0x0099, {0x01, 0x02}});
  return p;
}

/// Authorized QoS rules: the default rule (match-all), an IP rule with filters of every
/// IP component type, and an Ethernet rule with every Ethernet component type.
inline qos_rules sample_qos_rules() {
  qos_rules q;
  q.rules.push_back({1,
                     qos_rule_operation::create,
                     true,
                     {{packet_filter_direction::bidirectional, 1, {pf_match_all{}}}},
                     {},
                     255,
                     false,
                     1});
  qos_rule ip{2, qos_rule_operation::create, false, {}, {}, 10, true, 2};
  ip.filters.push_back(
      {packet_filter_direction::uplink_only,
       1,
       {pf_protocol{17}, pf_ipv4_remote_address{{10, 200, 136, 98}, {255, 255, 255, 0}},
        pf_ipv4_local_address{{10, 45, 0, 2}, {255, 255, 255, 255}},
        pf_remote_port_range{5060, 5070}, pf_local_port{40000}}});
  ip.filters.push_back(
      {packet_filter_direction::downlink_only,
       2,
       {pf_ipv6_remote_address{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 64},
        pf_ipv6_local_address{{0xfd, 0, 0, 0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 128},
        pf_remote_port{5060}, pf_local_port_range{1024, 65535}, pf_type_of_service{0xB8, 0xFC},
        pf_flow_label{0x12345}}});
  ip.filters.push_back({packet_filter_direction::bidirectional,
                        3,
                        {pf_protocol{50}, pf_security_parameter_index{0x0A0B0C0D}}});
  q.rules.push_back(ip);
  qos_rule eth{3, qos_rule_operation::create, false, {}, {}, 20, false, 3};
  eth.filters.push_back(
      {packet_filter_direction::bidirectional,
       4,
       {pf_destination_mac{{0x02, 0, 0, 0, 0, 0x01}}, pf_source_mac{{0x02, 0, 0, 0, 0, 0x02}},
        pf_c_tag_vid{100}, pf_s_tag_vid{200}, pf_c_tag_pcp_dei{5, true}, pf_s_tag_pcp_dei{3, false},
        pf_ethertype{0x88F7}}});
  q.rules.push_back(eth);
  return q;
}

/// QoS rules of a modification: every modify operation and a deletion.
inline qos_rules sample_qos_rule_changes() {
  qos_rules q;
  q.rules.push_back(
      {2,
       qos_rule_operation::modify_add_filters,
       false,
       {{packet_filter_direction::uplink_only, 4, {pf_protocol{6}, pf_remote_port{443}}}},
       {},
       10,
       false,
       2});
  q.rules.push_back({3,
                     qos_rule_operation::modify_replace_filters,
                     false,
                     {{packet_filter_direction::downlink_only, 5, {pf_ethertype{0x0800}}}},
                     {},
                     21,
                     false,
                     3});
  q.rules.push_back(
      {4, qos_rule_operation::modify_delete_filters, false, {}, {1, 2}, 30, false, 4});
  q.rules.push_back({5, qos_rule_operation::modify_without_filters, false, {}, {}, 40, true, 4});
  q.rules.push_back(
      {6, qos_rule_operation::remove, false, {}, {}, std::nullopt, false, std::nullopt});
  return q;
}

/// QoS flow descriptions: a non-GBR flow (5QI 9) and a GBR flow with every parameter.
inline qos_flow_descriptions sample_flows() {
  qos_flow_descriptions f;
  f.flows.push_back({1, qos_flow_operation::create, true, {qos_flow_parameter::five_qi(9)}});
  f.flows.push_back(
      {2,
       qos_flow_operation::create,
       true,
       {qos_flow_parameter::five_qi(1),
        qos_flow_parameter::rate(qos_parameter_id::gfbr_uplink, {1, 128}),
        qos_flow_parameter::rate(qos_parameter_id::gfbr_downlink, {1, 128}),
        qos_flow_parameter::rate(qos_parameter_id::mfbr_uplink, {6, 2}),
        qos_flow_parameter::rate(qos_parameter_id::mfbr_downlink, {6, 2}),
        qos_flow_parameter::averaging_window(2000), qos_flow_parameter::eps_bearer_identity(6)}});
  return f;
}

/// QoS flow descriptions of a modification: modify one flow, delete another.
inline qos_flow_descriptions sample_flow_changes() {
  qos_flow_descriptions f;
  f.flows.push_back({2,
                     qos_flow_operation::modify,
                     false,
                     {qos_flow_parameter::rate(qos_parameter_id::mfbr_downlink, {6, 10})}});
  f.flows.push_back({3, qos_flow_operation::remove, false, {}});
  return f;
}

inline session_ambr sample_ambr() {
  return session_ambr{bit_rate{6, 200}, bit_rate{6, 100}};  // 200 / 100 Mbps
}

inline pdu_address sample_pdu_address() {
  pdu_address a;
  a.type = pdu_session_type_value::ipv4v6;
  a.ipv4 = {10, 45, 0, 2};
  a.ipv6_interface_id = {0, 0, 0, 0, 0, 0, 0, 2};
  a.smf_ipv6_link_local = {0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return a;
}

// EAP-Request/Identity (RFC 3748): code 1, identifier 1, length 5, type 1.
inline octet_string sample_eap_request() {
  return octets({0x01, 0x01, 0x00, 0x05, 0x01});
}
// EAP-Response/Identity "user".
inline octet_string sample_eap_response() {
  return octets({0x02, 0x01, 0x00, 0x09, 0x01, 'u', 's', 'e', 'r'});
}
// EAP-Success.
inline octet_string sample_eap_success() {
  return octets({0x03, 0x01, 0x00, 0x04});
}

// §9.11.4.8 mapped EPS bearer contexts: EBI 5, create (op 01), E=1, 1 parameter: EPS QoS
// (id 1) of QCI 9.
inline octet_string sample_mapped_eps_bearers() {
  return octets({0x50, 0x00, 0x05, 0x61, 0x01, 0x01, 0x09});
}

/// A message holding only `cause`: for messages whose other IEs are all optional.
template <class Message>
Message with_cause(gsm_cause c) {
  Message m;
  m.cause = gsm_cause_ie{c};
  return m;
}

struct named_sample {
  std::string name;
  gsm_pdu pdu;
};

/// Every 5GSM message with all its IEs.
inline std::vector<named_sample> full_samples() {
  std::vector<named_sample> out;

  pdu_session_establishment_request req;
  req.integrity_max_data_rate = {integrity_max_rate::full, integrity_max_rate::full};
  req.pdu_session_type = nas::pdu_session_type{pdu_session_type_value::ipv4v6};
  req.ssc_mode = nas::ssc_mode{ssc_mode_value::mode_1};
  req.gsm_capability = octets({0x03});  // RqoS, MH6-PDU
  req.max_packet_filters = max_supported_packet_filters{1024};
  req.always_on_requested = always_on_pdu_session_requested{true};
  req.sm_pdu_dn_request_container = octets({'u', 's', 'e', 'r', '@', 'd', 'n'});
  req.extended_pco = sample_pco_request();
  req.ip_header_compression = octets({0x1F, 0x00, 0x0F});  // profiles, MAX_CID 15
  req.ds_tt_ethernet_port_mac = octets({0x02, 0x00, 0x00, 0x00, 0x00, 0x10});
  req.ue_ds_tt_residence_time = octets({0, 0, 0, 0, 0, 0, 0x10, 0});
  req.port_management_info = octets({0x01, 0x02, 0x03});
  req.ethernet_header_compression = octets({0x01});  // CID length 7 bits
  req.suggested_interface_identifier = octets({0x02, 0, 0, 0, 0, 0, 0, 0, 0x07});
  req.service_level_aa_container = octets({0x10, 0x01, 0x00});
  req.requested_mbs_container = octets({0x01, 0x00, 0x01, 0x00, 0xF1});
  req.pdu_session_pair_id = octets({0x01});
  req.rsn = octets({0x01});
  out.push_back({"establishment_request", {5, 1, req}});

  pdu_session_establishment_accept acc;
  acc.selected_pdu_session_type = {pdu_session_type_value::ipv4v6};
  acc.selected_ssc_mode = {ssc_mode_value::mode_1};
  acc.authorized_qos_rules = sample_qos_rules();
  acc.session_ambr = sample_ambr();
  acc.cause = gsm_cause_ie{gsm_cause::pdu_session_type_ipv4_only_allowed};
  acc.pdu_address = sample_pdu_address();
  acc.rq_timer = gprs_timer_2{1, 5};  // 5 minutes
  acc.s_nssai = nas::s_nssai{1, 0x000080, std::nullopt, std::nullopt};
  acc.always_on_indication = always_on_pdu_session_indication{true};
  acc.mapped_eps_bearer_contexts = sample_mapped_eps_bearers();
  acc.eap_message = sample_eap_success();
  acc.authorized_qos_flow_descriptions = sample_flows();
  acc.extended_pco = sample_pco_response();
  acc.dnn = nas::dnn{"internet"};
  acc.network_feature_support = octets({0x01});
  acc.serving_plmn_rate_control = octets({0x00, 0x0A});
  acc.atsss_container = octets({0x01, 0x02});
  acc.control_plane_only_indication = nibble_value{1};
  acc.ip_header_compression = octets({0x1F, 0x00, 0x0F});
  acc.ethernet_header_compression = octets({0x01});
  acc.service_level_aa_container = octets({0x10, 0x01, 0x00});
  acc.received_mbs_container = octets({0x01, 0x00, 0x01, 0x00, 0xF1, 0x00});
  out.push_back({"establishment_accept", {5, 1, acc}});

  pdu_session_establishment_reject rej;
  rej.cause = {gsm_cause::insufficient_resources_for_specific_slice_and_dnn};
  rej.back_off_timer = gprs_timer_3{5, 10};  // 10 minutes
  rej.allowed_ssc_mode = nas::allowed_ssc_mode{true, false, true};
  rej.eap_message = sample_eap_request();
  rej.congestion_reattempt = octet_value{0x01};
  rej.extended_pco = sample_pco_response();
  rej.reattempt_indicator = octet_value{0x01};
  rej.service_level_aa_container = octets({0x10, 0x01, 0x00});
  out.push_back({"establishment_reject", {5, 1, rej}});

  out.push_back(
      {"authentication_command",
       {5, 0, pdu_session_authentication_command{sample_eap_request(), sample_pco_response()}}});
  out.push_back(
      {"authentication_complete",
       {5, 0, pdu_session_authentication_complete{sample_eap_response(), sample_pco_request()}}});
  out.push_back(
      {"authentication_result",
       {5, 0, pdu_session_authentication_result{sample_eap_success(), sample_pco_response()}}});

  pdu_session_modification_request mreq;
  mreq.gsm_capability = octets({0x01});
  mreq.cause = gsm_cause_ie{gsm_cause::regular_deactivation};
  mreq.max_packet_filters = max_supported_packet_filters{17};
  mreq.always_on_requested = always_on_pdu_session_requested{true};
  mreq.integrity_max_data_rate =
      integrity_protection_max_data_rate{integrity_max_rate::kbps_64, integrity_max_rate::full};
  mreq.requested_qos_rules = sample_qos_rule_changes();
  mreq.requested_qos_flow_descriptions = sample_flow_changes();
  mreq.mapped_eps_bearer_contexts = sample_mapped_eps_bearers();
  mreq.extended_pco = sample_pco_request();
  mreq.port_management_info = octets({0x01, 0x02, 0x03});
  mreq.ip_header_compression = octets({0x1F, 0x00, 0x0F});
  mreq.ethernet_header_compression = octets({0x01});
  mreq.requested_mbs_container = octets({0x01, 0x00, 0x01, 0x00, 0xF1});
  mreq.service_level_aa_container = octets({0x10, 0x01, 0x00});
  out.push_back({"modification_request", {5, 2, mreq}});

  pdu_session_modification_reject mrej;
  mrej.cause = {gsm_cause::semantic_error_in_qos_operation};
  mrej.back_off_timer = gprs_timer_3{3, 20};  // 40 s
  mrej.congestion_reattempt = octet_value{0x01};
  mrej.extended_pco = sample_pco_response();
  mrej.reattempt_indicator = octet_value{0x02};
  out.push_back({"modification_reject", {5, 2, mrej}});

  pdu_session_modification_command cmd;
  cmd.cause = gsm_cause_ie{gsm_cause::reactivation_requested};
  cmd.session_ambr = sample_ambr();
  cmd.rq_timer = gprs_timer_2{0, 30};  // 60 s
  cmd.always_on_indication = always_on_pdu_session_indication{false};
  cmd.authorized_qos_rules = sample_qos_rule_changes();
  cmd.mapped_eps_bearer_contexts = sample_mapped_eps_bearers();
  cmd.authorized_qos_flow_descriptions = sample_flow_changes();
  cmd.extended_pco = sample_pco_response();
  cmd.atsss_container = octets({0x01, 0x02});
  cmd.ip_header_compression = octets({0x1F, 0x00, 0x0F});
  cmd.port_management_info = octets({0x01, 0x02, 0x03});
  cmd.serving_plmn_rate_control = octets({0x00, 0x0A});
  cmd.ethernet_header_compression = octets({0x01});
  cmd.received_mbs_container = octets({0x01, 0x00, 0x01, 0x00, 0xF1, 0x00});
  cmd.service_level_aa_container = octets({0x10, 0x01, 0x00});
  out.push_back({"modification_command", {5, 0, cmd}});

  out.push_back(
      {"modification_complete",
       {5, 0,
        pdu_session_modification_complete{sample_pco_request(), octets({0x01, 0x02, 0x03})}}});
  out.push_back({"modification_command_reject",
                 {5, 0,
                  pdu_session_modification_command_reject{
                      {gsm_cause::syntactical_error_in_packet_filters}, sample_pco_request()}}});
  out.push_back({"release_request",
                 {5, 3,
                  pdu_session_release_request{gsm_cause_ie{gsm_cause::regular_deactivation},
                                              sample_pco_request()}}});
  out.push_back({"release_reject",
                 {5, 3,
                  pdu_session_release_reject{{gsm_cause::pdu_session_does_not_exist},
                                             sample_pco_response()}}});

  pdu_session_release_command rel;
  rel.cause = {gsm_cause::regular_deactivation};
  rel.back_off_timer = gprs_timer_3{1, 2};  // 2 hours
  rel.eap_message = sample_eap_success();
  rel.congestion_reattempt = octet_value{0x01};
  rel.extended_pco = sample_pco_response();
  rel.access_type = nibble_value{1};  // 3GPP access
  rel.service_level_aa_container = octets({0x10, 0x01, 0x00});
  out.push_back({"release_command", {5, 3, rel}});

  out.push_back({"release_complete",
                 {5, 3,
                  pdu_session_release_complete{gsm_cause_ie{gsm_cause::regular_deactivation},
                                               sample_pco_request()}}});
  out.push_back(
      {"status", {5, 0, gsm_status{{gsm_cause::message_type_non_existent_or_not_implemented}}}});
  return out;
}

/// Every 5GSM message with only its mandatory IEs.
inline std::vector<named_sample> empty_samples() {
  std::vector<named_sample> out;
  pdu_session_establishment_request req;
  req.integrity_max_data_rate = {integrity_max_rate::kbps_64, integrity_max_rate::null};
  out.push_back({"establishment_request", {1, 1, req}});
  pdu_session_establishment_accept acc;
  acc.selected_pdu_session_type = {pdu_session_type_value::ipv4};
  acc.selected_ssc_mode = {ssc_mode_value::mode_1};
  acc.authorized_qos_rules.rules.push_back(
      {1,
       qos_rule_operation::create,
       true,
       {{packet_filter_direction::bidirectional, 1, {pf_match_all{}}}},
       {},
       255,
       false,
       1});
  acc.session_ambr = session_ambr{bit_rate::from_bits_per_second(1'000'000'000),
                                  bit_rate::from_bits_per_second(500'000'000)};
  out.push_back({"establishment_accept", {1, 1, acc}});
  out.push_back(
      {"establishment_reject",
       {1, 1, with_cause<pdu_session_establishment_reject>(gsm_cause::missing_or_unknown_dnn)}});
  out.push_back({"authentication_command",
                 {1, 0, pdu_session_authentication_command{sample_eap_request(), {}}}});
  out.push_back({"authentication_complete",
                 {1, 0, pdu_session_authentication_complete{sample_eap_response(), {}}}});
  out.push_back({"authentication_result", {1, 0, pdu_session_authentication_result{}}});
  out.push_back({"modification_request", {1, 2, pdu_session_modification_request{}}});
  out.push_back({"modification_reject",
                 {1, 2, with_cause<pdu_session_modification_reject>(gsm_cause::network_failure)}});
  out.push_back({"modification_command", {1, 0, pdu_session_modification_command{}}});
  out.push_back({"modification_complete", {1, 0, pdu_session_modification_complete{}}});
  out.push_back(
      {"modification_command_reject",
       {1, 0, pdu_session_modification_command_reject{{gsm_cause::invalid_pti_value}, {}}}});
  out.push_back({"release_request", {1, 3, pdu_session_release_request{}}});
  out.push_back(
      {"release_reject", {1, 3, pdu_session_release_reject{{gsm_cause::pti_already_in_use}, {}}}});
  out.push_back({"release_command",
                 {1, 3, with_cause<pdu_session_release_command>(gsm_cause::regular_deactivation)}});
  out.push_back({"release_complete", {1, 3, pdu_session_release_complete{}}});
  out.push_back({"status", {1, 0, gsm_status{{gsm_cause::invalid_pti_value}}}});
  return out;
}

}  // namespace glasscore::nas::gsm_samples
