#pragma once
/// \file
/// Every 5GSM message of TS 24.501 Release 17 §8.3, each a plain struct and its IE table
/// (ie_layout.h) in the order of its §8.3 message table, plus the 5GSM header (§9.1.1:
/// extended protocol discriminator 0x2E, PDU session identity, PTI, message type).
/// Optional IEs the core only forwards are octet strings; the ones it reads or builds are
/// typed (ies_5gsm.h, ies_5gsm_qos.h, ies_common.h).
///
/// Lengths in the tables below are of the IE value, i.e. the "Length" column of the spec
/// minus the IEI and length octets.

#include <cstdint>
#include <optional>
#include <variant>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/ie_layout.h"
#include "glasscore/codec/nas/ies_5gsm.h"
#include "glasscore/codec/nas/ies_5gsm_qos.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::nas {

/// §9.2 extended protocol discriminator of 5GS session management messages.
inline constexpr std::uint8_t gsm_epd = 0x2E;

/// §9.7 Table 9.7.2 message types of 5GS session management.
enum class gsm_message_type : std::uint8_t {
  pdu_session_establishment_request = 0xC1,
  pdu_session_establishment_accept = 0xC2,
  pdu_session_establishment_reject = 0xC3,
  pdu_session_authentication_command = 0xC5,
  pdu_session_authentication_complete = 0xC6,
  pdu_session_authentication_result = 0xC7,
  pdu_session_modification_request = 0xC9,
  pdu_session_modification_reject = 0xCA,
  pdu_session_modification_command = 0xCB,
  pdu_session_modification_complete = 0xCC,
  pdu_session_modification_command_reject = 0xCD,
  pdu_session_release_request = 0xD1,
  pdu_session_release_reject = 0xD2,
  pdu_session_release_command = 0xD3,
  pdu_session_release_complete = 0xD4,
  gsm_status = 0xD6,
};

/// §8.3.1 PDU SESSION ESTABLISHMENT REQUEST (UE to network).
struct pdu_session_establishment_request {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_establishment_request;
  nas::integrity_protection_max_data_rate integrity_max_data_rate{};
  std::optional<nas::pdu_session_type> pdu_session_type;                    ///< 9- TV 1
  std::optional<nas::ssc_mode> ssc_mode;                                    ///< A- TV 1
  std::optional<nas::octet_string> gsm_capability;                          ///< 28 TLV 3-15
  std::optional<nas::max_supported_packet_filters> max_packet_filters;      ///< 55 TV 3
  std::optional<nas::always_on_pdu_session_requested> always_on_requested;  ///< B- TV 1
  std::optional<nas::octet_string> sm_pdu_dn_request_container;             ///< 39 TLV 3-255
  std::optional<nas::extended_pco> extended_pco;                            ///< 7B TLV-E 4-65538
  std::optional<nas::octet_string> ip_header_compression;                   ///< 66 TLV 5-257
  std::optional<nas::octet_string> ds_tt_ethernet_port_mac;                 ///< 6E TLV 8
  std::optional<nas::octet_string> ue_ds_tt_residence_time;                 ///< 6F TLV 10
  std::optional<nas::octet_string> port_management_info;                    ///< 74 TLV-E 4-65538
  std::optional<nas::octet_string> ethernet_header_compression;             ///< 1F TLV 3
  std::optional<nas::octet_string> suggested_interface_identifier;          ///< 29 TLV 11
  std::optional<nas::octet_string> service_level_aa_container;              ///< 72 TLV-E 6-n
  std::optional<nas::octet_string> requested_mbs_container;                 ///< 70 TLV-E 8-65538
  std::optional<nas::octet_string> pdu_session_pair_id;                     ///< 34 TLV 3
  std::optional<nas::octet_string> rsn;                                     ///< 35 TLV 3
  friend bool operator==(const pdu_session_establishment_request&,
                         const pdu_session_establishment_request&) = default;
};
template <>
struct message_layout<pdu_session_establishment_request> {
  using m = pdu_session_establishment_request;
  using type = layout<ie<&m::integrity_max_data_rate, ie_format::v, 0, 2, 2>,
                      ie<&m::pdu_session_type, ie_format::tv1, 0x90, 0, 0>,
                      ie<&m::ssc_mode, ie_format::tv1, 0xA0, 0, 0>,
                      ie<&m::gsm_capability, ie_format::tlv, 0x28, 1, 13>,
                      ie<&m::max_packet_filters, ie_format::tv, 0x55, 2, 2>,
                      ie<&m::always_on_requested, ie_format::tv1, 0xB0, 0, 0>,
                      ie<&m::sm_pdu_dn_request_container, ie_format::tlv, 0x39, 1, 253>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::ip_header_compression, ie_format::tlv, 0x66, 3, 255>,
                      ie<&m::ds_tt_ethernet_port_mac, ie_format::tlv, 0x6E, 6, 6>,
                      ie<&m::ue_ds_tt_residence_time, ie_format::tlv, 0x6F, 8, 8>,
                      ie<&m::port_management_info, ie_format::tlv_e, 0x74, 1, 65535>,
                      ie<&m::ethernet_header_compression, ie_format::tlv, 0x1F, 1, 1>,
                      ie<&m::suggested_interface_identifier, ie_format::tlv, 0x29, 9, 9>,
                      ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>,
                      ie<&m::requested_mbs_container, ie_format::tlv_e, 0x70, 5, 65535>,
                      ie<&m::pdu_session_pair_id, ie_format::tlv, 0x34, 1, 1>,
                      ie<&m::rsn, ie_format::tlv, 0x35, 1, 1>>;
};

/// §8.3.2 PDU SESSION ESTABLISHMENT ACCEPT (network to UE).
struct pdu_session_establishment_accept {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_establishment_accept;
  nas::pdu_session_type selected_pdu_session_type{};  ///< octet bits 1-4
  nas::ssc_mode selected_ssc_mode{};                  ///< octet bits 5-8
  nas::qos_rules authorized_qos_rules{};              ///< LV-E 6-65538
  nas::session_ambr session_ambr{};                   ///< LV 7
  std::optional<nas::gsm_cause_ie> cause;             ///< 59 TV 2
  std::optional<nas::pdu_address> pdu_address;        ///< 29 TLV 7-31
  std::optional<nas::gprs_timer_2> rq_timer;          ///< 56 TV 2 (GPRS timer, 9.11.2.3)
  std::optional<nas::s_nssai> s_nssai;                ///< 22 TLV 3-10
  std::optional<nas::always_on_pdu_session_indication> always_on_indication;   ///< 8- TV 1
  std::optional<nas::octet_string> mapped_eps_bearer_contexts;                 ///< 75 TLV-E 7-65538
  std::optional<nas::octet_string> eap_message;                                ///< 78 TLV-E 7-1503
  std::optional<nas::qos_flow_descriptions> authorized_qos_flow_descriptions;  ///< 79
  std::optional<nas::extended_pco> extended_pco;                               ///< 7B TLV-E 4-65538
  std::optional<nas::dnn> dnn;                                                 ///< 25 TLV 3-102
  std::optional<nas::octet_string> network_feature_support;                    ///< 17 TLV 3-15
  std::optional<nas::octet_string> serving_plmn_rate_control;                  ///< 18 TLV 4
  std::optional<nas::octet_string> atsss_container;                            ///< 77 TLV-E 3-65538
  std::optional<nas::nibble_value> control_plane_only_indication;              ///< C- TV 1
  std::optional<nas::octet_string> ip_header_compression;                      ///< 66 TLV 5-257
  std::optional<nas::octet_string> ethernet_header_compression;                ///< 1F TLV 3
  std::optional<nas::octet_string> service_level_aa_container;                 ///< 72 TLV-E 6-n
  std::optional<nas::octet_string> received_mbs_container;                     ///< 71 TLV-E 9-65538
  friend bool operator==(const pdu_session_establishment_accept&,
                         const pdu_session_establishment_accept&) = default;
};
template <>
struct message_layout<pdu_session_establishment_accept> {
  using m = pdu_session_establishment_accept;
  using type =
      layout<half_octets<&m::selected_pdu_session_type, &m::selected_ssc_mode>,
             ie<&m::authorized_qos_rules, ie_format::lv_e, 0, 4, 65535>,
             ie<&m::session_ambr, ie_format::lv, 0, 6, 6>, ie<&m::cause, ie_format::tv, 0x59, 1, 1>,
             ie<&m::pdu_address, ie_format::tlv, 0x29, 5, 29>,
             ie<&m::rq_timer, ie_format::tv, 0x56, 1, 1>,
             ie<&m::s_nssai, ie_format::tlv, 0x22, 1, 8>,
             ie<&m::always_on_indication, ie_format::tv1, 0x80, 0, 0>,
             ie<&m::mapped_eps_bearer_contexts, ie_format::tlv_e, 0x75, 4, 65535>,
             ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
             ie<&m::authorized_qos_flow_descriptions, ie_format::tlv_e, 0x79, 3, 65535>,
             ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
             ie<&m::dnn, ie_format::tlv, 0x25, 1, 100>,
             ie<&m::network_feature_support, ie_format::tlv, 0x17, 1, 13>,
             ie<&m::serving_plmn_rate_control, ie_format::tlv, 0x18, 2, 2>,
             ie<&m::atsss_container, ie_format::tlv_e, 0x77, 0, 65535>,
             ie<&m::control_plane_only_indication, ie_format::tv1, 0xC0, 0, 0>,
             ie<&m::ip_header_compression, ie_format::tlv, 0x66, 3, 255>,
             ie<&m::ethernet_header_compression, ie_format::tlv, 0x1F, 1, 1>,
             ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>,
             ie<&m::received_mbs_container, ie_format::tlv_e, 0x71, 6, 65535>>;
};

/// §8.3.3 PDU SESSION ESTABLISHMENT REJECT (network to UE).
struct pdu_session_establishment_reject {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_establishment_reject;
  nas::gsm_cause_ie cause{};                                    ///< V 1
  std::optional<nas::gprs_timer_3> back_off_timer;              ///< 37 TLV 3
  std::optional<nas::allowed_ssc_mode> allowed_ssc_mode;        ///< F- TV 1
  std::optional<nas::octet_string> eap_message;                 ///< 78 TLV-E 7-1503
  std::optional<nas::octet_value> congestion_reattempt;         ///< 61 TLV 3
  std::optional<nas::extended_pco> extended_pco;                ///< 7B TLV-E 4-65538
  std::optional<nas::octet_value> reattempt_indicator;          ///< 1D TLV 3
  std::optional<nas::octet_string> service_level_aa_container;  ///< 72 TLV-E 6-n
  friend bool operator==(const pdu_session_establishment_reject&,
                         const pdu_session_establishment_reject&) = default;
};
template <>
struct message_layout<pdu_session_establishment_reject> {
  using m = pdu_session_establishment_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::back_off_timer, ie_format::tlv, 0x37, 1, 1>,
                      ie<&m::allowed_ssc_mode, ie_format::tv1, 0xF0, 0, 0>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::congestion_reattempt, ie_format::tlv, 0x61, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::reattempt_indicator, ie_format::tlv, 0x1D, 1, 1>,
                      ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>>;
};

/// §8.3.4 PDU SESSION AUTHENTICATION COMMAND (network to UE).
struct pdu_session_authentication_command {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_authentication_command;
  nas::octet_string eap_message{};                ///< LV-E 6-1502
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_authentication_command&,
                         const pdu_session_authentication_command&) = default;
};
template <>
struct message_layout<pdu_session_authentication_command> {
  using m = pdu_session_authentication_command;
  using type = layout<ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.5 PDU SESSION AUTHENTICATION COMPLETE (UE to network).
struct pdu_session_authentication_complete {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_authentication_complete;
  nas::octet_string eap_message{};                ///< LV-E 6-1502
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_authentication_complete&,
                         const pdu_session_authentication_complete&) = default;
};
template <>
struct message_layout<pdu_session_authentication_complete> {
  using m = pdu_session_authentication_complete;
  using type = layout<ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.6 PDU SESSION AUTHENTICATION RESULT (network to UE).
struct pdu_session_authentication_result {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_authentication_result;
  std::optional<nas::octet_string> eap_message;   ///< 78 TLV-E 7-1503
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_authentication_result&,
                         const pdu_session_authentication_result&) = default;
};
template <>
struct message_layout<pdu_session_authentication_result> {
  using m = pdu_session_authentication_result;
  using type = layout<ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.7 PDU SESSION MODIFICATION REQUEST (UE to network).
struct pdu_session_modification_request {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_modification_request;
  std::optional<nas::octet_string> gsm_capability;                                 ///< 28 TLV 3-15
  std::optional<nas::gsm_cause_ie> cause;                                          ///< 59 TV 2
  std::optional<nas::max_supported_packet_filters> max_packet_filters;             ///< 55 TV 3
  std::optional<nas::always_on_pdu_session_requested> always_on_requested;         ///< B- TV 1
  std::optional<nas::integrity_protection_max_data_rate> integrity_max_data_rate;  ///< 13 TV 3
  std::optional<nas::qos_rules> requested_qos_rules;                          ///< 7A TLV-E 7-65538
  std::optional<nas::qos_flow_descriptions> requested_qos_flow_descriptions;  ///< 79
  std::optional<nas::octet_string> mapped_eps_bearer_contexts;                ///< 75 TLV-E 7-65538
  std::optional<nas::extended_pco> extended_pco;                              ///< 7B TLV-E 4-65538
  std::optional<nas::octet_string> port_management_info;                      ///< 74 TLV-E 4-65538
  std::optional<nas::octet_string> ip_header_compression;                     ///< 66 TLV 5-257
  std::optional<nas::octet_string> ethernet_header_compression;               ///< 1F TLV 3
  std::optional<nas::octet_string> requested_mbs_container;                   ///< 70 TLV-E 8-65538
  std::optional<nas::octet_string> service_level_aa_container;                ///< 72 TLV-E 6-n
  friend bool operator==(const pdu_session_modification_request&,
                         const pdu_session_modification_request&) = default;
};
template <>
struct message_layout<pdu_session_modification_request> {
  using m = pdu_session_modification_request;
  using type = layout<ie<&m::gsm_capability, ie_format::tlv, 0x28, 1, 13>,
                      ie<&m::cause, ie_format::tv, 0x59, 1, 1>,
                      ie<&m::max_packet_filters, ie_format::tv, 0x55, 2, 2>,
                      ie<&m::always_on_requested, ie_format::tv1, 0xB0, 0, 0>,
                      ie<&m::integrity_max_data_rate, ie_format::tv, 0x13, 2, 2>,
                      ie<&m::requested_qos_rules, ie_format::tlv_e, 0x7A, 4, 65535>,
                      ie<&m::requested_qos_flow_descriptions, ie_format::tlv_e, 0x79, 3, 65535>,
                      ie<&m::mapped_eps_bearer_contexts, ie_format::tlv_e, 0x75, 4, 65535>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::port_management_info, ie_format::tlv_e, 0x74, 1, 65535>,
                      ie<&m::ip_header_compression, ie_format::tlv, 0x66, 3, 255>,
                      ie<&m::ethernet_header_compression, ie_format::tlv, 0x1F, 1, 1>,
                      ie<&m::requested_mbs_container, ie_format::tlv_e, 0x70, 5, 65535>,
                      ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>>;
};

/// §8.3.8 PDU SESSION MODIFICATION REJECT (network to UE).
struct pdu_session_modification_reject {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_modification_reject;
  nas::gsm_cause_ie cause{};                             ///< V 1
  std::optional<nas::gprs_timer_3> back_off_timer;       ///< 37 TLV 3
  std::optional<nas::octet_value> congestion_reattempt;  ///< 61 TLV 3
  std::optional<nas::extended_pco> extended_pco;         ///< 7B TLV-E 4-65538
  std::optional<nas::octet_value> reattempt_indicator;   ///< 1D TLV 3
  friend bool operator==(const pdu_session_modification_reject&,
                         const pdu_session_modification_reject&) = default;
};
template <>
struct message_layout<pdu_session_modification_reject> {
  using m = pdu_session_modification_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::back_off_timer, ie_format::tlv, 0x37, 1, 1>,
                      ie<&m::congestion_reattempt, ie_format::tlv, 0x61, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::reattempt_indicator, ie_format::tlv, 0x1D, 1, 1>>;
};

/// §8.3.9 PDU SESSION MODIFICATION COMMAND (network to UE).
struct pdu_session_modification_command {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_modification_command;
  std::optional<nas::gsm_cause_ie> cause;         ///< 59 TV 2
  std::optional<nas::session_ambr> session_ambr;  ///< 2A TLV 8
  std::optional<nas::gprs_timer_2> rq_timer;      ///< 56 TV 2 (GPRS timer, 9.11.2.3)
  std::optional<nas::always_on_pdu_session_indication> always_on_indication;   ///< 8- TV 1
  std::optional<nas::qos_rules> authorized_qos_rules;                          ///< 7A TLV-E 7-65538
  std::optional<nas::octet_string> mapped_eps_bearer_contexts;                 ///< 75 TLV-E 7-65538
  std::optional<nas::qos_flow_descriptions> authorized_qos_flow_descriptions;  ///< 79
  std::optional<nas::extended_pco> extended_pco;                               ///< 7B TLV-E 4-65538
  std::optional<nas::octet_string> atsss_container;                            ///< 77 TLV-E 3-65538
  std::optional<nas::octet_string> ip_header_compression;                      ///< 66 TLV 5-257
  std::optional<nas::octet_string> port_management_info;                       ///< 74 TLV-E 4-65538
  std::optional<nas::octet_string> serving_plmn_rate_control;                  ///< 1E TLV 4
  std::optional<nas::octet_string> ethernet_header_compression;                ///< 1F TLV 3
  std::optional<nas::octet_string> received_mbs_container;                     ///< 71 TLV-E 9-65538
  std::optional<nas::octet_string> service_level_aa_container;                 ///< 72 TLV-E 6-n
  friend bool operator==(const pdu_session_modification_command&,
                         const pdu_session_modification_command&) = default;
};
template <>
struct message_layout<pdu_session_modification_command> {
  using m = pdu_session_modification_command;
  using type = layout<ie<&m::cause, ie_format::tv, 0x59, 1, 1>,
                      ie<&m::session_ambr, ie_format::tlv, 0x2A, 6, 6>,
                      ie<&m::rq_timer, ie_format::tv, 0x56, 1, 1>,
                      ie<&m::always_on_indication, ie_format::tv1, 0x80, 0, 0>,
                      ie<&m::authorized_qos_rules, ie_format::tlv_e, 0x7A, 4, 65535>,
                      ie<&m::mapped_eps_bearer_contexts, ie_format::tlv_e, 0x75, 4, 65535>,
                      ie<&m::authorized_qos_flow_descriptions, ie_format::tlv_e, 0x79, 3, 65535>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::atsss_container, ie_format::tlv_e, 0x77, 0, 65535>,
                      ie<&m::ip_header_compression, ie_format::tlv, 0x66, 3, 255>,
                      ie<&m::port_management_info, ie_format::tlv_e, 0x74, 1, 65535>,
                      ie<&m::serving_plmn_rate_control, ie_format::tlv, 0x1E, 2, 2>,
                      ie<&m::ethernet_header_compression, ie_format::tlv, 0x1F, 1, 1>,
                      ie<&m::received_mbs_container, ie_format::tlv_e, 0x71, 6, 65535>,
                      ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>>;
};

/// §8.3.10 PDU SESSION MODIFICATION COMPLETE (UE to network).
struct pdu_session_modification_complete {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_modification_complete;
  std::optional<nas::extended_pco> extended_pco;          ///< 7B TLV-E 4-65538
  std::optional<nas::octet_string> port_management_info;  ///< 74 TLV-E 4-65538
  friend bool operator==(const pdu_session_modification_complete&,
                         const pdu_session_modification_complete&) = default;
};
template <>
struct message_layout<pdu_session_modification_complete> {
  using m = pdu_session_modification_complete;
  using type = layout<ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::port_management_info, ie_format::tlv_e, 0x74, 1, 65535>>;
};

/// §8.3.11 PDU SESSION MODIFICATION COMMAND REJECT (UE to network).
struct pdu_session_modification_command_reject {
  static constexpr gsm_message_type type =
      gsm_message_type::pdu_session_modification_command_reject;
  nas::gsm_cause_ie cause{};                      ///< V 1
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_modification_command_reject&,
                         const pdu_session_modification_command_reject&) = default;
};
template <>
struct message_layout<pdu_session_modification_command_reject> {
  using m = pdu_session_modification_command_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.12 PDU SESSION RELEASE REQUEST (UE to network).
struct pdu_session_release_request {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_release_request;
  std::optional<nas::gsm_cause_ie> cause;         ///< 59 TV 2
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_release_request&,
                         const pdu_session_release_request&) = default;
};
template <>
struct message_layout<pdu_session_release_request> {
  using m = pdu_session_release_request;
  using type = layout<ie<&m::cause, ie_format::tv, 0x59, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.13 PDU SESSION RELEASE REJECT (network to UE).
struct pdu_session_release_reject {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_release_reject;
  nas::gsm_cause_ie cause{};                      ///< V 1
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_release_reject&,
                         const pdu_session_release_reject&) = default;
};
template <>
struct message_layout<pdu_session_release_reject> {
  using m = pdu_session_release_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.14 PDU SESSION RELEASE COMMAND (network to UE).
struct pdu_session_release_command {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_release_command;
  nas::gsm_cause_ie cause{};                             ///< V 1
  std::optional<nas::gprs_timer_3> back_off_timer;       ///< 37 TLV 3
  std::optional<nas::octet_string> eap_message;          ///< 78 TLV-E 7-1503
  std::optional<nas::octet_value> congestion_reattempt;  ///< 61 TLV 3
  std::optional<nas::extended_pco> extended_pco;         ///< 7B TLV-E 4-65538
  /// D- TV 1, §9.11.2.1A access type (bits 1-2: 1 = 3GPP, 2 = non-3GPP).
  std::optional<nas::nibble_value> access_type;
  std::optional<nas::octet_string> service_level_aa_container;  ///< 72 TLV-E 6-n
  friend bool operator==(const pdu_session_release_command&,
                         const pdu_session_release_command&) = default;
};
template <>
struct message_layout<pdu_session_release_command> {
  using m = pdu_session_release_command;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::back_off_timer, ie_format::tlv, 0x37, 1, 1>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::congestion_reattempt, ie_format::tlv, 0x61, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::access_type, ie_format::tv1, 0xD0, 0, 0>,
                      ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>>;
};

/// §8.3.15 PDU SESSION RELEASE COMPLETE (UE to network).
struct pdu_session_release_complete {
  static constexpr gsm_message_type type = gsm_message_type::pdu_session_release_complete;
  std::optional<nas::gsm_cause_ie> cause;         ///< 59 TV 2
  std::optional<nas::extended_pco> extended_pco;  ///< 7B TLV-E 4-65538
  friend bool operator==(const pdu_session_release_complete&,
                         const pdu_session_release_complete&) = default;
};
template <>
struct message_layout<pdu_session_release_complete> {
  using m = pdu_session_release_complete;
  using type = layout<ie<&m::cause, ie_format::tv, 0x59, 1, 1>,
                      ie<&m::extended_pco, ie_format::tlv_e, 0x7B, 1, 65535>>;
};

/// §8.3.16 5GSM STATUS (both directions).
struct gsm_status {
  static constexpr gsm_message_type type = gsm_message_type::gsm_status;
  nas::gsm_cause_ie cause{};  ///< V 1
  friend bool operator==(const gsm_status&, const gsm_status&) = default;
};
template <>
struct message_layout<gsm_status> {
  using m = gsm_status;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>>;
};

/// Any 5GSM message.
using gsm_message =
    std::variant<pdu_session_establishment_request, pdu_session_establishment_accept,
                 pdu_session_establishment_reject, pdu_session_authentication_command,
                 pdu_session_authentication_complete, pdu_session_authentication_result,
                 pdu_session_modification_request, pdu_session_modification_reject,
                 pdu_session_modification_command, pdu_session_modification_complete,
                 pdu_session_modification_command_reject, pdu_session_release_request,
                 pdu_session_release_reject, pdu_session_release_command,
                 pdu_session_release_complete, gsm_status>;

/// The message type of whichever message `m` holds.
[[nodiscard]] gsm_message_type type_of(const gsm_message& m);

/// A plain 5GSM message: §9.1.1 header fields and the message.
struct gsm_pdu {
  std::uint8_t pdu_session_id = 0;  ///< §9.4 PDU session identity (0 = none assigned)
  std::uint8_t pti = 0;             ///< §9.6 procedure transaction identity (0 = none)
  gsm_message body;
  friend bool operator==(const gsm_pdu&, const gsm_pdu&) = default;
};

/// Decodes a plain 5GSM message starting at its EPD octet (0x2E). Errors: truncated
/// header, unknown_protocol (EPD not 0x2E), unknown_message_type, or what the IE decoding
/// reports (ie_layout.h). Never reads past `plain_5gsm_message`.
[[nodiscard]] expected<gsm_pdu, nas_error> decode_gsm(byte_span plain_5gsm_message);

/// Appends the encoded message to `w`; fails with invalid_value if an IE does not fit its
/// length bounds (then `w` may hold a partial message).
[[nodiscard]] expected<void, nas_error> encode_gsm(const gsm_pdu& pdu, byte_writer& w);

}  // namespace glasscore::nas
