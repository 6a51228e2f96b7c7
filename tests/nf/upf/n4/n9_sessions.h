#pragma once
// The N4 sessions an SMF sends for one PDU session through an intermediate UPF and a PDU
// Session Anchor (TS 23.502 §4.3.2.2.1 with an I-UPF; TS 23.501 §5.6.4), in the order it
// sends them, with the header's message type set (so n4_handler::handle takes them as they
// come out of pfcp::node): PSA establishment (the PSA chooses its N9 F-TEID), I-UPF establishment
// (the I-UPF chooses its N3 and N9 F-TEIDs and forwards uplink to the PSA's), then a PSA
// modification pointing the downlink at the I-UPF's N9 F-TEID.

#include <cstdint>

#include "glasscore/codec/pfcp/messages.h"

namespace glasscore::upf::n4::test {

inline pfcp::f_teid choose(std::uint8_t id) {
  pfcp::f_teid ch;
  ch.choose = true;
  ch.choose_v4 = true;
  ch.choose_id = id;
  return ch;
}

inline pfcp::create_far gtpu_far(std::uint32_t id, std::uint8_t destination, pfcp::ipv4_address to,
                                 std::uint32_t teid) {
  pfcp::create_far f;
  f.far_id = id;
  f.action.flags = pfcp::apply_action::forw;
  pfcp::forwarding_parameters fp;
  fp.destination_interface = destination;
  pfcp::outer_header_creation ohc;
  ohc.description = pfcp::outer_header_creation::gtpu_udp_ipv4;
  ohc.teid = teid;
  ohc.ipv4 = to;
  fp.outer_header_creation_ie = ohc;
  f.forwarding = fp;
  return f;
}

inline pfcp::message establishment_message(pfcp::session_establishment_request r,
                                           std::uint64_t cp_seid) {
  r.node = pfcp::node_id{pfcp::ipv4_address{127, 0, 0, 4}};
  r.cp_f_seid = pfcp::f_seid{cp_seid, pfcp::ipv4_address{127, 0, 0, 4}, std::nullopt};
  pfcp::message m;
  m.hdr.type = static_cast<std::uint8_t>(pfcp::session_establishment_request::type);
  m.hdr.seid = 0;
  m.body = std::move(r);
  return m;
}

/// QER 1: gate open, QFI `qfi` (the QoS flow's, for the DL PDU Session Container).
inline pfcp::create_qer flow_qer(std::uint8_t qfi) {
  pfcp::create_qer q;
  q.qer_id = 1;
  q.gate_status = 0;
  q.qfi = qfi;
  return q;
}

/// URR 1: volume measurement (reported at deletion).
inline pfcp::create_urr volume_urr() {
  pfcp::create_urr u;
  u.urr_id = 1;
  u.measurement_method = 0x02;
  return u;
}

/// At the PSA: PDR 1 Source Interface Access (N9 uplink from the I-UPF, §8.2.2 NOTE 1: the
/// uplink direction) on a chosen F-TEID, FAR 1 to Core (N6); PDR 2 Source Interface Core
/// with the UE address, FAR 2 buffering until the I-UPF's N9 F-TEID is known.
inline pfcp::message psa_establishment(pfcp::ipv4_address ue, std::uint8_t qfi) {
  pfcp::session_establishment_request r;
  pfcp::create_pdr ul;
  ul.pdr_id = 1;
  ul.precedence = 200;
  ul.pdi_ie.source_interface = 0;
  ul.pdi_ie.local_f_teid = choose(1);
  ul.pdi_ie.network_instance = "internet";
  ul.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  ul.far_id = 1;
  ul.qer_ids = {1};
  ul.urr_ids = {1};
  pfcp::create_pdr dl;
  dl.pdr_id = 2;
  dl.precedence = 200;
  dl.pdi_ie.source_interface = 1;
  pfcp::ue_ip_address a;
  a.destination = true;
  a.ipv4 = ue;
  dl.pdi_ie.ue_ip = a;
  dl.far_id = 2;
  dl.qer_ids = {1};
  dl.urr_ids = {1};
  r.create_pdrs = {ul, dl};
  pfcp::create_far core;
  core.far_id = 1;
  core.action.flags = pfcp::apply_action::forw;
  core.forwarding = pfcp::forwarding_parameters{};
  core.forwarding->destination_interface = 1;
  pfcp::create_far buffer;
  buffer.far_id = 2;
  buffer.action.flags = pfcp::apply_action::buff;
  r.create_fars = {core, buffer};
  r.create_qers = {flow_qer(qfi)};
  r.create_urrs = {volume_urr()};
  return establishment_message(std::move(r), 0x5A);
}

/// At the I-UPF: PDR 1 Source Interface Access on the chosen N3 F-TEID, FAR 1 to Core with
/// Outer Header Creation to the PSA's N9 F-TEID; PDR 2 Source Interface Core on another
/// chosen F-TEID (the I-UPF's N9 downlink end), Outer Header Removal, FAR 2 to Access with
/// Outer Header Creation to the gNB. No UE address: traffic is matched by TEID both ways.
inline pfcp::message iupf_establishment(pfcp::ipv4_address psa, std::uint32_t psa_teid,
                                        pfcp::ipv4_address gnb, std::uint32_t gnb_teid,
                                        std::uint8_t qfi) {
  pfcp::session_establishment_request r;
  pfcp::create_pdr ul;
  ul.pdr_id = 1;
  ul.precedence = 200;
  ul.pdi_ie.source_interface = 0;
  ul.pdi_ie.local_f_teid = choose(1);
  ul.pdi_ie.qfis = {qfi};
  ul.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  ul.far_id = 1;
  ul.qer_ids = {1};
  ul.urr_ids = {1};
  pfcp::create_pdr dl;
  dl.pdr_id = 2;
  dl.precedence = 200;
  dl.pdi_ie.source_interface = 1;
  dl.pdi_ie.local_f_teid = choose(2);
  dl.outer_header_removal_ie = pfcp::outer_header_removal{0, std::nullopt};
  dl.far_id = 2;
  dl.qer_ids = {1};
  dl.urr_ids = {1};
  r.create_pdrs = {ul, dl};
  r.create_fars = {gtpu_far(1, 1, psa, psa_teid), gtpu_far(2, 0, gnb, gnb_teid)};
  r.create_qers = {flow_qer(qfi)};
  r.create_urrs = {volume_urr()};
  return establishment_message(std::move(r), 0x1A);
}

/// At the PSA, once the I-UPF chose its N9 F-TEID: FAR 2 forwards to it (Update FAR).
inline pfcp::message psa_downlink_to(std::uint64_t psa_seid, pfcp::ipv4_address iupf,
                                     std::uint32_t teid, bool send_end_marker = false) {
  pfcp::session_modification_request r;
  pfcp::update_far u;
  u.far_id = 2;
  pfcp::apply_action forward;
  forward.flags = pfcp::apply_action::forw;
  u.action = forward;
  pfcp::update_forwarding_parameters fp;
  fp.destination_interface = 0;
  fp.outer_header_creation_ie = gtpu_far(2, 0, iupf, teid).forwarding->outer_header_creation_ie;
  if (send_end_marker) {
    fp.pfcpsmreq_flags = 0x02;  // SNDEM (§8.2.31)
  }
  u.forwarding = fp;
  r.update_fars = {u};
  pfcp::message m;
  m.hdr.type = static_cast<std::uint8_t>(pfcp::session_modification_request::type);
  m.hdr.seid = psa_seid;
  m.body = std::move(r);
  return m;
}

}  // namespace glasscore::upf::n4::test
