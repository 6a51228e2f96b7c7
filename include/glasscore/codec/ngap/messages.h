#pragma once
/// \file
/// Building and reading the NGAP messages the AMF and the gNB exchange, on top of the
/// generated types: identifiers as strong IDs, PLMN/TAC/cell identity from numbers, causes
/// from their enumerations, and every message already wrapped in its NGAP-PDU with the
/// procedure code and criticality of TS 38.413 §9.4.3. Optional IEs not covered by a
/// builder's parameters can be set on the message (`message_of`) before encoding.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/gen/api.h"
#include "glasscore/core/ids.h"

namespace glasscore::ngap {

// ---- Information element helpers

/// PLMN Identity (§9.3.3.5, coded as TS 24.008 §10.5.1.3) from MCC and 2- or 3-digit MNC;
/// nullopt if the digits are not digits or have the wrong count.
[[nodiscard]] std::optional<plmn_identity> make_plmn(std::string_view mcc, std::string_view mnc);
/// "mcc-mnc" digits of a PLMN Identity, e.g. "999-70".
[[nodiscard]] std::string plmn_to_string(const plmn_identity& plmn);
/// TAC (§9.3.3.10): 24 bits, big-endian.
[[nodiscard]] tac make_tac(std::uint32_t value);
[[nodiscard]] std::uint32_t tac_value(const tac& t);
/// NR Cell Identity (§9.3.1.7): 36 bits.
[[nodiscard]] nr_cell_identity make_nr_cell_identity(std::uint64_t value);
[[nodiscard]] std::uint64_t nr_cell_identity_value(const nr_cell_identity& id);
/// S-NSSAI (§9.3.1.24) from SST and an optional 24-bit SD.
[[nodiscard]] s_nssai make_s_nssai(std::uint8_t slice_type,
                                   std::optional<std::uint32_t> differentiator = {});
/// User Location Information (§9.3.1.16) of an NR cell.
[[nodiscard]] user_location_information nr_location(const plmn_identity& plmn,
                                                    std::uint32_t tac_code, std::uint64_t cell);
/// Global RAN Node ID (§9.3.1.5) of a gNB whose gNB ID has `bits` (22..32) bits.
[[nodiscard]] global_ran_node_id make_gnb_id(const plmn_identity& plmn, std::uint32_t gnb,
                                             unsigned bits = 22);
/// Transport Layer Address (§9.3.2.4) of an IPv4 address.
[[nodiscard]] transport_layer_address make_ipv4_address(std::array<std::uint8_t, 4> ipv4);
/// UP Transport Layer Information (§9.3.2.2): a GTP tunnel endpoint.
[[nodiscard]] up_transport_layer_information make_gtp_tunnel(std::array<std::uint8_t, 4> ipv4,
                                                             glasscore::gtpu_teid teid);
/// Cause (§9.3.1.2) from any of its groups.
[[nodiscard]] cause make_cause(cause_radio_network c);
[[nodiscard]] cause make_cause(cause_transport c);
[[nodiscard]] cause make_cause(cause_nas c);
[[nodiscard]] cause make_cause(cause_protocol c);
[[nodiscard]] cause make_cause(cause_misc c);
/// GUAMI (§9.3.3.3): region (8 bits), set (10 bits), pointer (6 bits).
[[nodiscard]] guami make_guami(const plmn_identity& plmn, std::uint8_t region, std::uint16_t set,
                               std::uint8_t pointer);
/// UE NGAP IDs (§9.3.3.21) as the pair.
[[nodiscard]] ue_ngap_ids make_ue_ngap_ids(glasscore::amf_ue_ngap_id amf,
                                           glasscore::ran_ue_ngap_id ran);

/// The two UE NGAP IDs of a UE-associated message.
struct ue_ids {
  glasscore::amf_ue_ngap_id amf{};
  glasscore::ran_ue_ngap_id ran{};
};

// ---- Interface management (§8.7)

/// One Supported TA Item (§9.2.6.1): a TAC broadcast for one PLMN with its slices.
struct supported_ta {
  std::uint32_t tac = 0;
  plmn_identity plmn{};
  std::vector<s_nssai> slices;
};
[[nodiscard]] ngap_pdu build_ng_setup_request(const global_ran_node_id& gnb,
                                              std::optional<std::string> name,
                                              const std::vector<supported_ta>& tas,
                                              paging_drx drx = paging_drx::v128);
/// An AMF's identity for NG Setup Response / AMF Configuration Update.
struct amf_identity {
  std::string name;
  std::vector<guami> guamis;
  std::uint8_t relative_capacity = 255;
  plmn_identity plmn{};
  std::vector<s_nssai> slices;
};
[[nodiscard]] ngap_pdu build_ng_setup_response(const amf_identity& amf);
[[nodiscard]] ngap_pdu build_ng_setup_failure(const cause& c,
                                              std::optional<time_to_wait> wait = {});
[[nodiscard]] ngap_pdu build_ran_configuration_update(std::optional<std::string> name,
                                                      const std::vector<supported_ta>& tas);
[[nodiscard]] ngap_pdu build_ran_configuration_update_acknowledge();
[[nodiscard]] ngap_pdu build_amf_configuration_update(const amf_identity& amf);
[[nodiscard]] ngap_pdu build_amf_configuration_update_acknowledge();
/// NG Reset (§8.7.4) of the whole interface, or of the listed UE-associated connections.
[[nodiscard]] ngap_pdu build_ng_reset(const cause& c, const std::vector<ue_ids>& only = {});
[[nodiscard]] ngap_pdu build_ng_reset_acknowledge(const std::vector<ue_ids>& reset = {});
[[nodiscard]] ngap_pdu build_error_indication(std::optional<ue_ids> ids, std::optional<cause> c);

// ---- NAS transport (§8.6) and paging (§8.5)

[[nodiscard]] ngap_pdu build_initial_ue_message(glasscore::ran_ue_ngap_id ran, byte_span nas,
                                                const user_location_information& location,
                                                rrc_establishment_cause establishment,
                                                std::optional<five_g_s_tmsi> s_tmsi = {});
[[nodiscard]] ngap_pdu build_uplink_nas_transport(ue_ids ids, byte_span nas,
                                                  const user_location_information& location);
[[nodiscard]] ngap_pdu build_downlink_nas_transport(ue_ids ids, byte_span nas);
[[nodiscard]] ngap_pdu build_paging(const five_g_s_tmsi& s_tmsi, const std::vector<tai>& tais);

// ---- PDU session resources (§8.2)

/// What the SMF asks for one PDU session: the UPF's uplink tunnel and the QoS flows.
struct pdu_session_setup {
  glasscore::pdu_session_id id{};
  s_nssai slice{};
  std::optional<std::vector<std::uint8_t>> nas;  ///< per-session NAS PDU
  std::array<std::uint8_t, 4> upf_ipv4{};
  glasscore::gtpu_teid ul_teid{};
  pdu_session_type type = pdu_session_type::ipv4;
  std::vector<std::pair<glasscore::qos_flow_id, std::uint16_t>> flows;  ///< QFI and non-dynamic 5QI
  /// PDU Session Aggregate Maximum Bit Rate in bit/s (§9.3.1.102); §9.3.4.1 requires it
  /// when a non-GBR QoS flow is set up, which every default flow here is.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> session_ambr_ul_dl;
  std::uint8_t arp_priority = 8;  ///< ARP priority level of the flows (§9.3.1.19, 1 highest)
};
/// PDU Session Resource Setup Request Transfer (§9.3.4.1) for `s`.
[[nodiscard]] expected<std::vector<std::uint8_t>, aper::error> encode_setup_request_transfer(
    const pdu_session_setup& s);
/// PDU Session Resource Setup Response Transfer (§9.3.4.2): the gNB's downlink tunnel.
[[nodiscard]] expected<std::vector<std::uint8_t>, aper::error> encode_setup_response_transfer(
    std::array<std::uint8_t, 4> gnb_ipv4, glasscore::gtpu_teid dl_teid,
    const std::vector<glasscore::qos_flow_id>& qfis);
[[nodiscard]] expected<ngap_pdu, aper::error> build_pdu_session_resource_setup_request(
    ue_ids ids, const std::vector<pdu_session_setup>& sessions,
    std::optional<std::vector<std::uint8_t>> nas = {});
/// One set-up session in a response: its id and encoded response transfer.
using session_transfer = std::pair<glasscore::pdu_session_id, std::vector<std::uint8_t>>;
[[nodiscard]] ngap_pdu build_pdu_session_resource_setup_response(
    ue_ids ids, const std::vector<session_transfer>& sessions);
[[nodiscard]] ngap_pdu build_pdu_session_resource_modify_request(
    ue_ids ids, const std::vector<session_transfer>& sessions);
[[nodiscard]] ngap_pdu build_pdu_session_resource_modify_response(
    ue_ids ids, const std::vector<session_transfer>& sessions);
/// Release Command: every session with the same cause (in its release command transfer).
[[nodiscard]] expected<ngap_pdu, aper::error> build_pdu_session_resource_release_command(
    ue_ids ids, const std::vector<glasscore::pdu_session_id>& sessions, const cause& c,
    std::optional<std::vector<std::uint8_t>> nas = {});
[[nodiscard]] ngap_pdu build_pdu_session_resource_release_response(
    ue_ids ids, const std::vector<session_transfer>& sessions);

// ---- UE context management (§8.3)

/// What the AMF sends to set up the UE context after registration.
struct ue_context_setup {
  guami serving_guami{};
  std::vector<s_nssai> allowed_nssai;
  std::uint16_t nr_encryption = 0xe000;  ///< NEA1-3 (16-bit masks of §9.3.1.86)
  std::uint16_t nr_integrity = 0xe000;
  std::uint16_t eutra_encryption = 0xe000;
  std::uint16_t eutra_integrity = 0xe000;
  std::array<std::uint8_t, 32> kgnb{};
  /// Index to RAT/Frequency Selection Priority (§9.3.1.61, 1..256), from the PCF.
  std::optional<std::uint16_t> index_to_rfsp;
  std::optional<std::vector<std::uint8_t>> nas;
};
[[nodiscard]] ngap_pdu build_initial_context_setup_request(ue_ids ids, const ue_context_setup& c);
[[nodiscard]] ngap_pdu build_initial_context_setup_response(ue_ids ids);
[[nodiscard]] ngap_pdu build_initial_context_setup_failure(ue_ids ids, const cause& c);
[[nodiscard]] ngap_pdu build_ue_context_release_request(ue_ids ids, const cause& c);
[[nodiscard]] ngap_pdu build_ue_context_release_command(ue_ids ids, const cause& c);
[[nodiscard]] ngap_pdu build_ue_context_release_complete(ue_ids ids);

// ---- Mobility (§8.4)

[[nodiscard]] ngap_pdu build_handover_required(ue_ids ids, const cause& c,
                                               const global_ran_node_id& target, const tai& tai,
                                               const std::vector<session_transfer>& sessions,
                                               byte_span source_to_target);
[[nodiscard]] ngap_pdu build_handover_command(ue_ids ids,
                                              const std::vector<session_transfer>& sessions,
                                              byte_span target_to_source);
[[nodiscard]] ngap_pdu build_handover_preparation_failure(ue_ids ids, const cause& c);
/// Handover Request to the target gNB; `sessions` carry encoded setup request transfers.
[[nodiscard]] ngap_pdu build_handover_request(
    glasscore::amf_ue_ngap_id amf, const cause& c, const ue_context_setup& context,
    std::uint8_t nh_chaining_count,
    const std::vector<std::pair<session_transfer, s_nssai>>& sessions, byte_span source_to_target);
[[nodiscard]] ngap_pdu build_handover_request_acknowledge(
    ue_ids ids, const std::vector<session_transfer>& admitted, byte_span target_to_source);
[[nodiscard]] ngap_pdu build_handover_notify(ue_ids ids, const user_location_information& loc);
[[nodiscard]] ngap_pdu build_path_switch_request(glasscore::ran_ue_ngap_id ran,
                                                 glasscore::amf_ue_ngap_id source_amf,
                                                 const user_location_information& loc,
                                                 const ue_context_setup& security,
                                                 const std::vector<session_transfer>& sessions);
[[nodiscard]] ngap_pdu build_path_switch_request_acknowledge(
    ue_ids ids, std::uint8_t nh_chaining_count, const std::array<std::uint8_t, 32>& nh,
    const std::vector<session_transfer>& sessions, const std::vector<s_nssai>& allowed_nssai);

// ---- Reading

/// TS 38.413 §9.4.3 procedure code of the message in `pdu`.
[[nodiscard]] std::uint8_t procedure_code_of(const ngap_pdu& pdu);
/// The UE NGAP IDs a UE-associated message carries (either may be absent).
struct ue_id_fields {
  std::optional<glasscore::amf_ue_ngap_id> amf;
  std::optional<glasscore::ran_ue_ngap_id> ran;
};
[[nodiscard]] ue_id_fields ue_ids_of(const ngap_pdu& pdu);
/// The NAS-PDU IE of the message (Initial UE Message, Uplink/Downlink NAS Transport, ...).
[[nodiscard]] std::optional<byte_span> nas_pdu_of(const ngap_pdu& pdu);
/// The Cause IE of the message, if it has one.
[[nodiscard]] const cause* cause_of(const ngap_pdu& pdu);
/// Criticality Diagnostics (§9.3.1.3) for the IE-level findings made decoding `pdu`
/// (§10.3): its procedure code, triggering message and procedure criticality, and one item
/// per finding (at most maxnoofErrors). TypeOfError has only "not understood" and "missing",
/// so IEs out of order or repeated are reported as not understood.
[[nodiscard]] criticality_diagnostics make_criticality_diagnostics(
    const ngap_pdu& pdu, const std::vector<aper::ie_diagnostic>& findings);

}  // namespace glasscore::ngap
