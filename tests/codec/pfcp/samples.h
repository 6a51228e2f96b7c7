#pragma once
// One PFCP message of every type this codec knows, with its IEs filled, for the round trip
// and tshark tests. Values are arbitrary but distinct so a misplaced field shows.

#include <string>
#include <utility>
#include <vector>

#include "glasscore/codec/pfcp/messages.h"

namespace glasscore::pfcp::test {

struct named_message {
  std::string name;
  message msg;
};

inline node_id smf_node() {
  return node_id{ipv4_address{10, 0, 0, 1}};
}
inline node_id upf_node() {
  return node_id{std::string("upf1.example.org")};
}

inline create_pdr sample_create_pdr() {
  create_pdr p;
  p.pdr_id = 1;
  p.precedence = 255;
  p.pdi_ie.source_interface = 0;
  f_teid ft;
  ft.choose = true;
  ft.choose_v4 = true;
  ft.choose_id = 5;
  p.pdi_ie.local_f_teid = ft;
  p.pdi_ie.network_instance = std::string("\x08internet", 9);
  ue_ip_address ue;
  ue.ipv4 = ipv4_address{10, 45, 0, 2};
  p.pdi_ie.ue_ip = ue;
  sdf_filter sdf;
  sdf.flow_description = "permit out ip from any to assigned";
  sdf.filter_id = 7;
  sdf.bid = true;
  p.pdi_ie.sdf_filters.push_back(sdf);
  p.pdi_ie.qfis.push_back(9);
  p.pdi_ie.source_interface_type = 11;
  p.outer_header_removal_ie = outer_header_removal{0, std::nullopt};
  p.far_id = 1;
  p.urr_ids = {1, 2};
  p.qer_ids = {3};
  return p;
}

inline create_far sample_create_far() {
  create_far f;
  f.far_id = 2;
  f.action.flags = apply_action::forw;
  forwarding_parameters fp;
  fp.destination_interface = 0;
  fp.network_instance = std::string("\x08internet", 9);
  outer_header_creation ohc;
  ohc.description = outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = 0x1234;
  ohc.ipv4 = ipv4_address{192, 168, 1, 2};
  fp.outer_header_creation_ie = ohc;
  f.forwarding = fp;
  f.bar_id = 1;
  return f;
}

inline usage_report sample_usage_report() {
  usage_report u;
  u.urr_id = 1;
  u.ur_seqn = 3;
  u.usage_report_trigger.set(5, 1);  // PERIO... any bit: octet 5 bit 1
  u.usage_report_trigger.octets.resize(3);
  u.start_time = 3900000000U;
  u.end_time = 3900000060U;
  volume v;
  v.total = 3000;
  v.uplink = 1000;
  v.downlink = 2000;
  u.volume_measurement = v;
  u.duration_measurement = 60;
  return u;
}

inline std::vector<named_message> all_samples() {
  std::vector<named_message> out;
  auto add = [&](std::string name, message_body body, std::optional<std::uint64_t> seid) {
    message m;
    m.hdr.sequence = static_cast<std::uint32_t>(out.size() + 100);
    m.hdr.seid = seid;
    m.body = std::move(body);
    m.hdr.type = static_cast<std::uint8_t>(
        std::visit([](const auto& b) { return std::decay_t<decltype(b)>::type; }, m.body));
    out.push_back({std::move(name), std::move(m)});
  };
  add("heartbeat_request", heartbeat_request{3900000000U, std::nullopt, {}}, std::nullopt);
  add("heartbeat_response", heartbeat_response{3900000001U, {}}, std::nullopt);
  {
    association_setup_request b;
    b.node = smf_node();
    b.recovery_time_stamp = 3900000000U;
    flag_octets cp;
    cp.octets = {0x01, 0x00};
    b.cp_function_features = cp;
    add("association_setup_request", b, std::nullopt);
  }
  {
    association_setup_response b;
    b.node = upf_node();
    b.cause = cause_value::request_accepted;
    b.recovery_time_stamp = 3900000002U;
    flag_octets up;
    up.octets = {0x10, 0x02, 0x00, 0x00};
    b.up_function_features = up;
    add("association_setup_response", b, std::nullopt);
  }
  {
    association_update_request b;
    b.node = smf_node();
    b.association_release_request = 1;
    b.graceful_release_period = 0x21;
    add("association_update_request", b, std::nullopt);
  }
  {
    association_update_response b;
    b.node = upf_node();
    add("association_update_response", b, std::nullopt);
  }
  add("association_release_request", association_release_request{smf_node(), {}}, std::nullopt);
  add("association_release_response",
      association_release_response{upf_node(), cause_value::request_accepted, {}}, std::nullopt);
  add("version_not_supported_response", version_not_supported_response{}, std::nullopt);
  {
    node_report_request b;
    b.node = upf_node();
    b.node_report_type.set(5, 1);  // UPFR
    user_plane_path_failure_report r;
    r.remote_gtpu_peers.push_back(octets{0x02, 192, 168, 1, 2});  // V4 flag, address
    b.path_failure_report = r;
    add("node_report_request", b, std::nullopt);
  }
  add("node_report_response",
      node_report_response{smf_node(), cause_value::request_accepted, std::nullopt, {}},
      std::nullopt);
  {
    session_establishment_request b;
    b.node = smf_node();
    b.cp_f_seid = f_seid{0x0F4E, ipv4_address{10, 0, 0, 1}, std::nullopt};
    b.create_pdrs.push_back(sample_create_pdr());
    b.create_fars.push_back(sample_create_far());
    create_urr u;
    u.urr_id = 1;
    u.measurement_method = 0x02;
    u.reporting_triggers.octets = {0x01, 0x00, 0x00};
    u.volume_threshold = volume{1000000, std::nullopt, std::nullopt, {}, {}, {}};
    u.time_threshold = 3600;
    b.create_urrs.push_back(u);
    create_qer q;
    q.qer_id = 3;
    q.gate_status = 0;
    q.mbr = bit_rate{100000, 200000};
    q.gbr = bit_rate{1000, 2000};
    q.qfi = 9;
    b.create_qers.push_back(q);
    b.create_bar_ie = create_bar{1, 0, 10, {}};
    b.pdn_type = 1;
    add("session_establishment_request", b, 0);
  }
  {
    session_establishment_response b;
    b.node = upf_node();
    b.up_f_seid = f_seid{0x6A, ipv4_address{10, 0, 0, 7}, std::nullopt};
    created_pdr c;
    c.pdr_id = 1;
    c.local_f_teid =
        f_teid{false, false, false, 0x33AE, ipv4_address{10, 0, 0, 7}, std::nullopt, std::nullopt};
    b.created_pdrs.push_back(c);
    add("session_establishment_response", b, 0x0F4E);
  }
  {
    session_modification_request b;
    b.remove_pdrs.push_back(remove_pdr{2, {}});
    b.remove_fars.push_back(remove_far{2, {}});
    b.remove_urrs.push_back(remove_urr{2, {}});
    b.remove_qers.push_back(remove_qer{2, {}});
    b.remove_bar_ie = remove_bar{1, {}};
    b.create_pdrs.push_back(sample_create_pdr());
    update_pdr up;
    up.pdr_id = 1;
    up.precedence = 100;
    up.far_id = 1;
    b.update_pdrs.push_back(up);
    update_far uf;
    uf.far_id = 1;
    uf.action = apply_action{apply_action::forw, true};
    update_forwarding_parameters ufp;
    ufp.destination_interface = 0;
    outer_header_creation ohc;
    ohc.description = outer_header_creation::gtpu_udp_ipv4;
    ohc.teid = 0x55;
    ohc.ipv4 = ipv4_address{192, 168, 1, 3};
    ufp.outer_header_creation_ie = ohc;
    ufp.pfcpsmreq_flags = 0x02;
    uf.forwarding = ufp;
    b.update_fars.push_back(uf);
    update_urr uu;
    uu.urr_id = 1;
    uu.volume_threshold = volume{5000, std::nullopt, std::nullopt, {}, {}, {}};
    b.update_urrs.push_back(uu);
    update_qer uq;
    uq.qer_id = 3;
    uq.gate_status = 0x05;
    uq.mbr = bit_rate{1, 2};
    b.update_qers.push_back(uq);
    add("session_modification_request", b, 0x6A);
  }
  {
    session_modification_response b;
    b.usage_reports.push_back(sample_usage_report());
    add("session_modification_response", b, 0x0F4E);
  }
  add("session_deletion_request", session_deletion_request{}, 0x6A);
  {
    session_deletion_response b;
    b.usage_reports.push_back(sample_usage_report());
    add("session_deletion_response", b, 0x0F4E);
  }
  {
    session_report_request b;
    b.report_type = 0x01;
    downlink_data_report d;
    d.pdr_ids.push_back(2);
    d.service_information.push_back(downlink_data_service_information{std::nullopt, 9});
    b.downlink_data = d;
    add("session_report_request", b, 0x0F4E);
  }
  {
    session_report_request b;
    b.report_type = 0x02;
    b.usage_reports.push_back(sample_usage_report());
    add("session_report_request_usage", b, 0x0F4E);
  }
  {
    session_report_response b;
    update_bar_report_response ub;
    ub.bar_id = 1;
    ub.downlink_data_notification_delay = 2;
    b.update_bar_ie = ub;
    add("session_report_response", b, 0x6A);
  }
  {
    session_establishment_response b;
    b.node = upf_node();
    b.cause = cause_value::rule_creation_modification_failure;
    b.offending_ie = ie_type::create_far;
    b.failed_rule = failed_rule_id{failed_rule_id::rule::far, 9};
    add("session_establishment_response_rejected", b, 0x0F4E);
  }
  return out;
}

}  // namespace glasscore::pfcp::test
