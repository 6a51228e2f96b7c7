// IE helpers, interface management, NAS transport and paging builders, and readers.
#include "glasscore/codec/ngap/messages.h"

#include <type_traits>
#include <variant>

#include "glasscore/codec/ngap/gen/constants.h"

namespace glasscore::ngap {

namespace {

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

template <std::size_t N>
aper::fixed_bit_string<N> bits_of(std::uint64_t value) {
  aper::fixed_bit_string<N> out;
  // Left-align the N bits: the first bit of the BIT STRING is the MSB of byte 0.
  const std::uint64_t aligned = value << (64 - N);
  for (std::size_t i = 0; i < out.bytes.size(); ++i) {
    out.bytes[i] = static_cast<std::uint8_t>(aligned >> (56 - 8 * i));
  }
  return out;
}

template <class Bytes>
std::uint64_t bits_value(const Bytes& bytes, std::size_t bits) {
  std::uint64_t v = 0;
  for (auto b : bytes) {
    v = (v << 8) | b;
  }
  return v >> (8 * bytes.size() - bits);
}

supported_ta_list make_supported_tas(const std::vector<supported_ta>& tas) {
  supported_ta_list out;
  for (const auto& ta : tas) {
    auto& item = out.emplace_back();
    item.tac = make_tac(ta.tac);
    auto& plmn = item.broadcast_plmn_list.emplace_back();
    plmn.plmn_identity = ta.plmn;
    for (const auto& s : ta.slices) {
      plmn.tai_slice_support_list.emplace_back().s_nssai = s;
    }
  }
  return out;
}

served_guami_list make_guamis(const amf_identity& amf) {
  served_guami_list out;
  for (const auto& g : amf.guamis) {
    out.emplace_back().guami = g;
  }
  return out;
}

plmn_support_list make_plmn_support(const amf_identity& amf) {
  plmn_support_list out;
  auto& item = out.emplace_back();
  item.plmn_identity = amf.plmn;
  for (const auto& s : amf.slices) {
    item.slice_support_list.emplace_back().s_nssai = s;
  }
  return out;
}

}  // namespace

std::optional<plmn_identity> make_plmn(std::string_view mcc, std::string_view mnc) {
  if (mcc.size() != 3 || (mnc.size() != 2 && mnc.size() != 3) || !all_digits(mcc) ||
      !all_digits(mnc)) {
    return std::nullopt;
  }
  auto d = [](char c) { return static_cast<std::uint8_t>(c - '0'); };
  // TS 24.008 §10.5.1.3: MCC2|MCC1, MNC3|MCC3 (0xf if 2-digit MNC), MNC2|MNC1.
  const std::uint8_t mnc3 = mnc.size() == 3 ? d(mnc[2]) : 0x0f;
  return plmn_identity{static_cast<std::uint8_t>((d(mcc[1]) << 4) | d(mcc[0])),
                       static_cast<std::uint8_t>((mnc3 << 4) | d(mcc[2])),
                       static_cast<std::uint8_t>((d(mnc[1]) << 4) | d(mnc[0]))};
}

std::string plmn_to_string(const plmn_identity& p) {
  auto c = [](unsigned nibble) { return static_cast<char>('0' + nibble); };
  std::string out{c(p[0] & 0xfU), c(p[0] >> 4), c(p[1] & 0xfU), '-', c(p[2] & 0xfU), c(p[2] >> 4)};
  if ((p[1] >> 4) != 0xf) {
    out.push_back(c(p[1] >> 4));
  }
  return out;
}

tac make_tac(std::uint32_t value) {
  return tac{static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 8),
             static_cast<std::uint8_t>(value)};
}

std::uint32_t tac_value(const tac& t) {
  return (std::uint32_t{t[0]} << 16) | (std::uint32_t{t[1]} << 8) | t[2];
}

nr_cell_identity make_nr_cell_identity(std::uint64_t value) {
  return bits_of<36>(value);
}

std::uint64_t nr_cell_identity_value(const nr_cell_identity& id) {
  return bits_value(id.bytes, 36);
}

s_nssai make_s_nssai(std::uint8_t slice_type, std::optional<std::uint32_t> differentiator) {
  s_nssai out;
  out.sst = {slice_type};
  if (differentiator) {
    const std::uint32_t d = *differentiator;
    out.sd = ngap::sd{static_cast<std::uint8_t>(d >> 16), static_cast<std::uint8_t>(d >> 8),
                      static_cast<std::uint8_t>(d)};
  }
  return out;
}

user_location_information nr_location(const plmn_identity& plmn, std::uint32_t tac_code,
                                      std::uint64_t cell) {
  user_location_information_nr nr;
  nr.nr_cgi.plmn_identity = plmn;
  nr.nr_cgi.nr_cell_identity = make_nr_cell_identity(cell);
  nr.tai.plmn_identity = plmn;
  nr.tai.tac = make_tac(tac_code);
  user_location_information out;
  out.value.emplace<user_location_information::user_location_information_nr_index>(std::move(nr));
  return out;
}

global_ran_node_id make_gnb_id(const plmn_identity& plmn, std::uint32_t gnb, unsigned bits) {
  global_gnb_id g;
  g.plmn_identity = plmn;
  aper::bit_string id;
  id.length = bits;
  const std::uint32_t aligned = gnb << (32 - bits);  // left-aligned, §9.3.1.6
  id.bytes = {static_cast<std::uint8_t>(aligned >> 24), static_cast<std::uint8_t>(aligned >> 16),
              static_cast<std::uint8_t>(aligned >> 8), static_cast<std::uint8_t>(aligned)};
  id.bytes.resize((bits + 7) / 8);
  g.gnb_id.value.emplace<gnb_id::gnb_id_index>(std::move(id));
  global_ran_node_id out;
  out.value.emplace<global_ran_node_id::global_gnb_id_index>(std::move(g));
  return out;
}

transport_layer_address make_ipv4_address(std::array<std::uint8_t, 4> ipv4) {
  return aper::bit_string{{ipv4.begin(), ipv4.end()}, 32};
}

up_transport_layer_information make_gtp_tunnel(std::array<std::uint8_t, 4> ipv4,
                                               glasscore::gtpu_teid teid) {
  gtp_tunnel t;
  t.transport_layer_address = make_ipv4_address(ipv4);
  store_be32(t.gtp_teid.data(), value_of(teid));
  up_transport_layer_information out;
  out.value.emplace<up_transport_layer_information::gtp_tunnel_index>(std::move(t));
  return out;
}

cause make_cause(cause_radio_network c) {
  cause out;
  out.value.emplace<cause::radio_network_index>(c);
  return out;
}
cause make_cause(cause_transport c) {
  cause out;
  out.value.emplace<cause::transport_index>(c);
  return out;
}
cause make_cause(cause_nas c) {
  cause out;
  out.value.emplace<cause::nas_index>(c);
  return out;
}
cause make_cause(cause_protocol c) {
  cause out;
  out.value.emplace<cause::protocol_index>(c);
  return out;
}
cause make_cause(cause_misc c) {
  cause out;
  out.value.emplace<cause::misc_index>(c);
  return out;
}

guami make_guami(const plmn_identity& plmn, std::uint8_t region, std::uint16_t set,
                 std::uint8_t pointer) {
  guami g;
  g.plmn_identity = plmn;
  g.amf_region_id = bits_of<8>(region);
  g.amf_set_id = bits_of<10>(set);
  g.amf_pointer = bits_of<6>(pointer);
  return g;
}

ue_ngap_ids make_ue_ngap_ids(glasscore::amf_ue_ngap_id amf, glasscore::ran_ue_ngap_id ran) {
  ue_ngap_id_pair pair;
  pair.amf_ue_ngap_id = value_of(amf);
  pair.ran_ue_ngap_id = value_of(ran);
  ue_ngap_ids out;
  out.value.emplace<ue_ngap_ids::ue_ngap_id_pair_index>(std::move(pair));
  return out;
}

// ---- Interface management

ngap_pdu build_ng_setup_request(const global_ran_node_id& gnb, std::optional<std::string> name,
                                const std::vector<supported_ta>& tas, paging_drx drx) {
  ng_setup_request m;
  m.global_ran_node_id = gnb;
  m.ran_node_name = std::move(name);
  m.supported_ta_list = make_supported_tas(tas);
  m.default_paging_drx = drx;
  return make_pdu(std::move(m));
}

ngap_pdu build_ng_setup_response(const amf_identity& amf) {
  ng_setup_response m;
  m.amf_name = amf.name;
  m.served_guami_list = make_guamis(amf);
  m.relative_amf_capacity = amf.relative_capacity;
  m.plmn_support_list = make_plmn_support(amf);
  return make_pdu(std::move(m));
}

ngap_pdu build_ng_setup_failure(const cause& c, std::optional<time_to_wait> wait) {
  ng_setup_failure m;
  m.cause = c;
  m.time_to_wait = wait;
  return make_pdu(std::move(m));
}

ngap_pdu build_ran_configuration_update(std::optional<std::string> name,
                                        const std::vector<supported_ta>& tas) {
  ran_configuration_update m;
  m.ran_node_name = std::move(name);
  if (!tas.empty()) {
    m.supported_ta_list = make_supported_tas(tas);
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_ran_configuration_update_acknowledge() {
  return make_pdu(ran_configuration_update_acknowledge{});
}

ngap_pdu build_amf_configuration_update(const amf_identity& amf) {
  amf_configuration_update m;
  m.amf_name = amf.name;
  m.served_guami_list = make_guamis(amf);
  m.relative_amf_capacity = amf.relative_capacity;
  m.plmn_support_list = make_plmn_support(amf);
  return make_pdu(std::move(m));
}

ngap_pdu build_amf_configuration_update_acknowledge() {
  return make_pdu(amf_configuration_update_acknowledge{});
}

namespace {
ue_associated_logical_ng_connection_list connections(const std::vector<ue_ids>& ids) {
  ue_associated_logical_ng_connection_list out;
  for (const auto& id : ids) {
    auto& item = out.emplace_back();
    item.amf_ue_ngap_id = value_of(id.amf);
    item.ran_ue_ngap_id = value_of(id.ran);
  }
  return out;
}
}  // namespace

ngap_pdu build_ng_reset(const cause& c, const std::vector<ue_ids>& only) {
  ng_reset m;
  m.cause = c;
  if (only.empty()) {
    m.reset_type.value.emplace<reset_type::ng_interface_index>(reset_all::reset_all);
  } else {
    m.reset_type.value.emplace<reset_type::part_of_ng_interface_index>(connections(only));
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_ng_reset_acknowledge(const std::vector<ue_ids>& reset) {
  ng_reset_acknowledge m;
  if (!reset.empty()) {
    m.ue_associated_logical_ng_connection_list = connections(reset);
  }
  return make_pdu(std::move(m));
}

ngap_pdu build_error_indication(std::optional<ue_ids> ids, std::optional<cause> c) {
  error_indication m;
  if (ids) {
    m.amf_ue_ngap_id = value_of(ids->amf);
    m.ran_ue_ngap_id = value_of(ids->ran);
  }
  m.cause = std::move(c);
  return make_pdu(std::move(m));
}

// ---- NAS transport and paging

ngap_pdu build_initial_ue_message(glasscore::ran_ue_ngap_id ran, byte_span nas,
                                  const user_location_information& location,
                                  rrc_establishment_cause establishment,
                                  std::optional<five_g_s_tmsi> s_tmsi) {
  initial_ue_message m;
  m.ran_ue_ngap_id = value_of(ran);
  m.nas_pdu.assign(nas.begin(), nas.end());
  m.user_location_information = location;
  m.rrc_establishment_cause = establishment;
  m.five_g_s_tmsi = std::move(s_tmsi);
  return make_pdu(std::move(m));
}

ngap_pdu build_uplink_nas_transport(ue_ids ids, byte_span nas,
                                    const user_location_information& location) {
  uplink_nas_transport m;
  m.amf_ue_ngap_id = value_of(ids.amf);
  m.ran_ue_ngap_id = value_of(ids.ran);
  m.nas_pdu.assign(nas.begin(), nas.end());
  m.user_location_information = location;
  return make_pdu(std::move(m));
}

ngap_pdu build_downlink_nas_transport(ue_ids ids, byte_span nas) {
  downlink_nas_transport m;
  m.amf_ue_ngap_id = value_of(ids.amf);
  m.ran_ue_ngap_id = value_of(ids.ran);
  m.nas_pdu.assign(nas.begin(), nas.end());
  return make_pdu(std::move(m));
}

ngap_pdu build_paging(const five_g_s_tmsi& s_tmsi, const std::vector<tai>& tais) {
  paging m;
  m.ue_paging_identity.value.emplace<ue_paging_identity::five_g_s_tmsi_index>(s_tmsi);
  for (const auto& t : tais) {
    m.tai_list_for_paging.emplace_back().tai = t;
  }
  return make_pdu(std::move(m));
}

// ---- Reading

std::uint8_t procedure_code_of(const ngap_pdu& pdu) {
  return std::visit([](const auto& m) { return static_cast<std::uint8_t>(m.procedure_code); },
                    pdu.value);
}

namespace {
// Visits the message inside any of the three PDU kinds.
template <class F>
auto visit_message(const ngap_pdu& pdu, F&& f) {
  return std::visit([&f](const auto& outer) { return std::visit(f, outer.value); }, pdu.value);
}
}  // namespace

ue_id_fields ue_ids_of(const ngap_pdu& pdu) {
  return visit_message(pdu, [](const auto& m) {
    ue_id_fields out;
    using M = std::decay_t<decltype(m)>;
    if constexpr (requires { m.amf_ue_ngap_id; }) {
      if constexpr (std::is_same_v<decltype(M::amf_ue_ngap_id), ngap::amf_ue_ngap_id>) {
        out.amf = glasscore::amf_ue_ngap_id{m.amf_ue_ngap_id};
      } else {
        if (m.amf_ue_ngap_id) {
          out.amf = glasscore::amf_ue_ngap_id{*m.amf_ue_ngap_id};
        }
      }
    }
    if constexpr (requires { m.ran_ue_ngap_id; }) {
      if constexpr (std::is_same_v<decltype(M::ran_ue_ngap_id), ngap::ran_ue_ngap_id>) {
        out.ran = glasscore::ran_ue_ngap_id{m.ran_ue_ngap_id};
      } else {
        if (m.ran_ue_ngap_id) {
          out.ran = glasscore::ran_ue_ngap_id{*m.ran_ue_ngap_id};
        }
      }
    }
    if constexpr (requires { m.ue_ngap_ids.value; }) {
      if (const auto* pair =
              std::get_if<ue_ngap_ids::ue_ngap_id_pair_index>(&m.ue_ngap_ids.value)) {
        out.amf = glasscore::amf_ue_ngap_id{pair->amf_ue_ngap_id};
        out.ran = glasscore::ran_ue_ngap_id{pair->ran_ue_ngap_id};
      } else if (const auto* amf =
                     std::get_if<ue_ngap_ids::amf_ue_ngap_id_index>(&m.ue_ngap_ids.value)) {
        out.amf = glasscore::amf_ue_ngap_id{*amf};
      }
    }
    return out;
  });
}

std::optional<byte_span> nas_pdu_of(const ngap_pdu& pdu) {
  return visit_message(pdu, [](const auto& m) -> std::optional<byte_span> {
    using M = std::decay_t<decltype(m)>;
    if constexpr (requires { m.nas_pdu; }) {
      if constexpr (std::is_same_v<decltype(M::nas_pdu), ngap::nas_pdu>) {
        return byte_span(m.nas_pdu);
      } else {
        if (m.nas_pdu) {
          return byte_span(*m.nas_pdu);
        }
      }
    }
    return std::nullopt;
  });
}

const cause* cause_of(const ngap_pdu& pdu) {
  return visit_message(pdu, [](const auto& m) -> const cause* {
    using M = std::decay_t<decltype(m)>;
    if constexpr (requires { m.cause; }) {
      if constexpr (std::is_same_v<decltype(M::cause), ngap::cause>) {
        return &m.cause;
      } else {
        return m.cause ? &*m.cause : nullptr;
      }
    }
    return nullptr;
  });
}

criticality_diagnostics make_criticality_diagnostics(
    const ngap_pdu& pdu, const std::vector<aper::ie_diagnostic>& findings) {
  // aper::criticality and ngap::criticality list reject, ignore, notify in the same order
  // (the ASN.1 Criticality type, §9.3.1.3); the casts rely on that.
  static_assert(static_cast<int>(aper::criticality::notify) ==
                static_cast<int>(criticality::notify));
  // The PDU's CHOICE alternatives are in TriggeringMessage's order.
  static_assert(ngap_pdu::unsuccessful_outcome_index ==
                static_cast<std::size_t>(triggering_message::unsuccessful_outcome));
  criticality_diagnostics d;
  d.procedure_code = procedure_code_of(pdu);
  d.triggering_message = static_cast<triggering_message>(pdu.value.index());
  d.procedure_criticality = std::visit([](const auto& m) { return m.criticality; }, pdu.value);
  if (!findings.empty()) {
    auto& items = d.ies_criticality_diagnostics.emplace();
    for (const auto& f : findings) {
      if (items.size() == static_cast<std::size_t>(maxnoof_errors)) {
        break;
      }
      items.push_back({static_cast<criticality>(f.ie_criticality),
                       static_cast<protocol_ie_id>(f.ie_id),
                       f.problem == aper::ie_problem::missing ? type_of_error::missing
                                                              : type_of_error::not_understood});
    }
  }
  return d;
}

}  // namespace glasscore::ngap
