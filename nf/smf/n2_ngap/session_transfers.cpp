#include "smf/n2_ngap/session_transfers.h"

#include "glasscore/codec/ngap/codec.h"

namespace glasscore::smf {

namespace {

std::string aper_message(const aper::error& e) {
  return "NGAP encoding failed: " + std::string(aper::to_string(e.code));
}

}  // namespace

expected<std::vector<std::uint8_t>, std::string> encode_setup_request_transfer(
    const sm_context& c) {
  if (!c.n4) {
    return fail(std::string("no N4 session: the UPF's uplink tunnel is not known yet"));
  }
  ngap::pdu_session_setup s;
  s.id = static_cast<pdu_session_id>(c.pdu_session_id);
  s.upf_ipv4 = c.n4->uplink.address;
  s.ul_teid = static_cast<gtpu_teid>(c.n4->uplink.teid);
  switch (c.type) {
    case nas::pdu_session_type_value::ipv6:
      s.type = ngap::pdu_session_type::ipv6;
      break;
    case nas::pdu_session_type_value::ipv4v6:
      s.type = ngap::pdu_session_type::ipv4_v6;
      break;
    default:
      s.type = ngap::pdu_session_type::ipv4;
      break;
  }
  s.flows = {{static_cast<qos_flow_id>(default_qfi), c.policy.default_5qi}};
  s.session_ambr_ul_dl =
      std::make_pair(c.policy.ambr_uplink_kbps * 1000, c.policy.ambr_downlink_kbps * 1000);
  s.arp_priority = c.policy.arp_priority;
  auto bytes = ngap::encode_setup_request_transfer(s);
  if (!bytes) {
    return fail(aper_message(bytes.error()));
  }
  return std::move(*bytes);
}

expected<tunnel_end, std::string> decode_setup_response_transfer(byte_span transfer) {
  auto decoded = ngap::decode<ngap::pdu_session_resource_setup_response_transfer>(transfer);
  if (!decoded) {
    return fail("undecodable PDU Session Resource Setup Response Transfer: " +
                std::string(aper::to_string(decoded.error().code)));
  }
  const auto& info = decoded->value.dl_qos_flow_per_tnl_information.up_transport_layer_information;
  const auto* tunnel = std::get_if<ngap::gtp_tunnel>(&info.value);
  if (tunnel == nullptr) {
    return fail(std::string("the downlink UP transport layer information is not a GTP tunnel"));
  }
  // §9.3.2.4: 32 bits = IPv4, 128 = IPv6, 160 = both. Only IPv4 N3 is supported.
  const auto& address = tunnel->transport_layer_address;
  if ((address.length != 32 && address.length != 160) || address.bytes.size() < 4) {
    return fail("the gNB's N3 address is not IPv4 (" + std::to_string(address.length) +
                " bits): only IPv4 N3 is supported");
  }
  tunnel_end out;
  std::copy_n(address.bytes.begin(), 4, out.address.begin());
  out.teid = load_be32(tunnel->gtp_teid.data());
  return out;
}

expected<std::vector<std::uint8_t>, std::string> encode_modify_request_transfer(const sm_context& c,
                                                                                bool ambr_changed,
                                                                                bool qos_changed) {
  ngap::pdu_session_resource_modify_request_transfer t;
  if (ambr_changed) {
    // §9.3.1.102: bit/s.
    auto& ambr = t.pdu_session_aggregate_maximum_bit_rate.emplace();
    ambr.pdu_session_aggregate_maximum_bit_rate_ul =
        static_cast<ngap::bit_rate>(c.policy.ambr_uplink_kbps * 1000);
    ambr.pdu_session_aggregate_maximum_bit_rate_dl =
        static_cast<ngap::bit_rate>(c.policy.ambr_downlink_kbps * 1000);
  }
  if (qos_changed) {
    // §9.3.4.3: the flow's QoS Flow Level QoS Parameters replace the old ones (§8.2.3.2).
    auto& flow = t.qos_flow_add_or_modify_request_list.emplace().emplace_back();
    flow.qos_flow_identifier = default_qfi;
    auto& qos = flow.qos_flow_level_qos_parameters.emplace();
    ngap::non_dynamic5_qi_descriptor nd;
    nd.five_qi = c.policy.default_5qi;
    qos.qos_characteristics.value.emplace<ngap::qos_characteristics::non_dynamic5_qi_index>(
        std::move(nd));
    auto& arp = qos.allocation_and_retention_priority;
    arp.priority_level_arp = c.policy.arp_priority;
    arp.pre_emption_capability = ngap::pre_emption_capability::shall_not_trigger_pre_emption;
    arp.pre_emption_vulnerability = ngap::pre_emption_vulnerability::not_pre_emptable;
  }
  auto bytes = ngap::encode(t);
  if (!bytes) {
    return fail(aper_message(bytes.error()));
  }
  return std::move(*bytes);
}

expected<void, std::string> check_modify_response_transfer(byte_span transfer) {
  auto decoded = ngap::decode<ngap::pdu_session_resource_modify_response_transfer>(transfer);
  if (!decoded) {
    return fail("undecodable PDU Session Resource Modify Response Transfer: " +
                std::string(aper::to_string(decoded.error().code)));
  }
  return {};
}

expected<std::vector<std::uint8_t>, std::string> encode_release_command_transfer(
    const ngap::cause& cause) {
  ngap::pdu_session_resource_release_command_transfer t;
  t.cause = cause;
  auto bytes = ngap::encode(t);
  if (!bytes) {
    return fail(aper_message(bytes.error()));
  }
  return std::move(*bytes);
}

}  // namespace glasscore::smf
