#pragma once
/// \file
/// Every 5GMM message of TS 24.501 Release 17 §8.2, each a plain struct and its IE table
/// (ie_layout.h) in the order of the §8.2 message tables. Optional IEs the core only
/// forwards are octet strings; the ones it reads or builds are typed (ies_5gmm.h,
/// ies_common.h, mobile_identity.h).

#include <cstdint>
#include <optional>
#include <variant>

#include "glasscore/codec/nas/ie_layout.h"
#include "glasscore/codec/nas/ies_5gmm.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/codec/nas/mobile_identity.h"

namespace glasscore::nas {

/// §9.7 message types of 5GS mobility management.
enum class gmm_message_type : std::uint8_t {
  registration_request = 0x41,
  registration_accept = 0x42,
  registration_complete = 0x43,
  registration_reject = 0x44,
  deregistration_request_ue_originating = 0x45,
  deregistration_accept_ue_originating = 0x46,
  deregistration_request_ue_terminated = 0x47,
  deregistration_accept_ue_terminated = 0x48,
  service_request = 0x4C,
  service_reject = 0x4D,
  service_accept = 0x4E,
  control_plane_service_request = 0x4F,
  nssa_command = 0x50,
  nssa_complete = 0x51,
  nssa_result = 0x52,
  configuration_update_command = 0x54,
  configuration_update_complete = 0x55,
  authentication_request = 0x56,
  authentication_response = 0x57,
  authentication_reject = 0x58,
  authentication_failure = 0x59,
  authentication_result = 0x5A,
  identity_request = 0x5B,
  identity_response = 0x5C,
  security_mode_command = 0x5D,
  security_mode_complete = 0x5E,
  security_mode_reject = 0x5F,
  gmm_status = 0x64,
  notification = 0x65,
  notification_response = 0x66,
  ul_nas_transport = 0x67,
  dl_nas_transport = 0x68,
};

/// §8.2.6 Registration request (UE to network).
struct registration_request {
  static constexpr gmm_message_type type = gmm_message_type::registration_request;
  nas::registration_type registration_type_value{};
  nas::key_set_identifier ng_ksi{};
  nas::mobile_identity mobile_identity{};  ///< 5GS mobile identity
  std::optional<nas::key_set_identifier>
      non_current_ng_ksi;  ///< C- Non-current native NAS key set identifier
  std::optional<nas::octet_string> gmm_capability;                    ///< 10 5GMM capability
  std::optional<nas::ue_security_capability> ue_security_capability;  ///< 2E UE security capability
  std::optional<nas::nssai> requested_nssai;                          ///< 2F Requested NSSAI
  std::optional<nas::tai_ie> last_visited_tai;                 ///< 52 Last visited registered TAI
  std::optional<nas::octet_string> s1_ue_network_capability;   ///< 17 S1 UE network capability
  std::optional<nas::psi_bitmap> uplink_data_status;           ///< 40 Uplink data status
  std::optional<nas::psi_bitmap> pdu_session_status;           ///< 50 PDU session status
  std::optional<nas::nibble_value> mico_indication;            ///< B- MICO indication
  std::optional<nas::octet_string> ue_status;                  ///< 2B UE status
  std::optional<nas::mobile_identity> additional_guti;         ///< 77 Additional GUTI
  std::optional<nas::psi_bitmap> allowed_pdu_session_status;   ///< 25 Allowed PDU session status
  std::optional<nas::octet_string> ue_usage_setting;           ///< 18 UE's usage setting
  std::optional<nas::octet_value> requested_drx_parameters;    ///< 51 Requested DRX parameters
  std::optional<nas::octet_string> eps_nas_message_container;  ///< 70 EPS NAS message container
  std::optional<nas::octet_string> ladn_indication;            ///< 74 LADN indication
  std::optional<nas::payload_container_type> payload_container_type;  ///< 8- Payload container type
  std::optional<nas::octet_string> payload_container;                 ///< 7B Payload container
  std::optional<nas::nibble_value> network_slicing_indication;  ///< 9- Network slicing indication
  std::optional<nas::octet_string> update_type;                 ///< 53 5GS update type
  std::optional<nas::octet_string> ms_classmark_2;              ///< 41 Mobile station classmark 2
  std::optional<nas::octet_string> supported_codecs;            ///< 42 Supported codecs
  std::optional<nas::octet_string> nas_message_container;       ///< 71 NAS message container
  std::optional<nas::octet_string> eps_bearer_context_status;   ///< 60 EPS bearer context status
  std::optional<nas::octet_string>
      requested_extended_drx_parameters;         ///< 6E Requested extended DRX parameters
  std::optional<nas::gprs_timer_3> t3324_value;  ///< 6A T3324 value
  std::optional<nas::octet_string> ue_radio_capability_id;  ///< 67 UE radio capability ID
  std::optional<nas::octet_string> requested_mapped_nssai;  ///< 35 Requested mapped NSSAI
  std::optional<nas::octet_string>
      additional_information_requested;  ///< 48 Additional information requested
  std::optional<nas::octet_string>
      requested_wus_assistance_information;          ///< 1A Requested WUS assistance information
  std::optional<nas::nibble_value> n5gc_indication;  ///< A- N5GC indication
  std::optional<nas::octet_string>
      requested_nb_n1_mode_drx_parameters;              ///< 30 Requested NB-N1 mode DRX parameters
  std::optional<nas::octet_string> ue_request_type;     ///< 29 UE request type
  std::optional<nas::octet_string> paging_restriction;  ///< 28 Paging restriction
  std::optional<nas::octet_string> service_level_aa_container;  ///< 72 Service-level-AA container
  std::optional<nas::octet_string> nid;                         ///< 32 NID
  std::optional<nas::octet_string>
      ms_determined_plmn_with_disaster_condition;  ///< 16 MS determined PLMN with disaster
                                                   ///< condition
  std::optional<nas::octet_string>
      requested_peips_assistance_information;  ///< 2A Requested PEIPS assistance information
  std::optional<nas::gprs_timer_3> requested_t3512_value;  ///< 3B Requested T3512 value
  friend bool operator==(const registration_request&, const registration_request&) = default;
};
template <>
struct message_layout<registration_request> {
  using m = registration_request;
  using type =
      layout<half_octets<&m::registration_type_value, &m::ng_ksi>,
             ie<&m::mobile_identity, ie_format::lv_e, 0, 1, 65535>,
             ie<&m::non_current_ng_ksi, ie_format::tv1, 0xC0, 0, 0>,
             ie<&m::gmm_capability, ie_format::tlv, 0x10, 1, 13>,
             ie<&m::ue_security_capability, ie_format::tlv, 0x2E, 2, 8>,
             ie<&m::requested_nssai, ie_format::tlv, 0x2F, 2, 72>,
             ie<&m::last_visited_tai, ie_format::tv, 0x52, 6, 6>,
             ie<&m::s1_ue_network_capability, ie_format::tlv, 0x17, 2, 13>,
             ie<&m::uplink_data_status, ie_format::tlv, 0x40, 2, 32>,
             ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
             ie<&m::mico_indication, ie_format::tv1, 0xB0, 0, 0>,
             ie<&m::ue_status, ie_format::tlv, 0x2B, 1, 1>,
             ie<&m::additional_guti, ie_format::tlv_e, 0x77, 11, 11>,
             ie<&m::allowed_pdu_session_status, ie_format::tlv, 0x25, 2, 32>,
             ie<&m::ue_usage_setting, ie_format::tlv, 0x18, 1, 1>,
             ie<&m::requested_drx_parameters, ie_format::tlv, 0x51, 1, 1>,
             ie<&m::eps_nas_message_container, ie_format::tlv_e, 0x70, 1, 65535>,
             ie<&m::ladn_indication, ie_format::tlv_e, 0x74, 0, 808>,
             ie<&m::payload_container_type, ie_format::tv1, 0x80, 0, 0>,
             ie<&m::payload_container, ie_format::tlv_e, 0x7B, 1, 65535>,
             ie<&m::network_slicing_indication, ie_format::tv1, 0x90, 0, 0>,
             ie<&m::update_type, ie_format::tlv, 0x53, 1, 1>,
             ie<&m::ms_classmark_2, ie_format::tlv, 0x41, 3, 3>,
             ie<&m::supported_codecs, ie_format::tlv, 0x42, 3, 255>,
             ie<&m::nas_message_container, ie_format::tlv_e, 0x71, 1, 65535>,
             ie<&m::eps_bearer_context_status, ie_format::tlv, 0x60, 2, 2>,
             ie<&m::requested_extended_drx_parameters, ie_format::tlv, 0x6E, 1, 2>,
             ie<&m::t3324_value, ie_format::tlv, 0x6A, 1, 1>,
             ie<&m::ue_radio_capability_id, ie_format::tlv, 0x67, 1, 255>,
             ie<&m::requested_mapped_nssai, ie_format::tlv, 0x35, 1, 40>,
             ie<&m::additional_information_requested, ie_format::tlv, 0x48, 1, 1>,
             ie<&m::requested_wus_assistance_information, ie_format::tlv, 0x1A, 1, 255>,
             ie<&m::n5gc_indication, ie_format::tv1, 0xA0, 0, 0>,
             ie<&m::requested_nb_n1_mode_drx_parameters, ie_format::tlv, 0x30, 1, 1>,
             ie<&m::ue_request_type, ie_format::tlv, 0x29, 1, 1>,
             ie<&m::paging_restriction, ie_format::tlv, 0x28, 1, 33>,
             ie<&m::service_level_aa_container, ie_format::tlv_e, 0x72, 3, 65535>,
             ie<&m::nid, ie_format::tlv, 0x32, 6, 6>,
             ie<&m::ms_determined_plmn_with_disaster_condition, ie_format::tlv, 0x16, 3, 3>,
             ie<&m::requested_peips_assistance_information, ie_format::tlv, 0x2A, 1, 255>,
             ie<&m::requested_t3512_value, ie_format::tlv, 0x3B, 1, 1>>;
};

/// §8.2.7 Registration accept (network to UE).
struct registration_accept {
  static constexpr gmm_message_type type = gmm_message_type::registration_accept;
  nas::registration_result result{};                  ///< 5GS registration result
  std::optional<nas::mobile_identity> guti;           ///< 77 5G-GUTI
  std::optional<nas::octet_string> equivalent_plmns;  ///< 4A Equivalent PLMNs
  std::optional<nas::tai_list> tai_list;              ///< 54 TAI list
  std::optional<nas::nssai> allowed_nssai;            ///< 15 Allowed NSSAI
  std::optional<nas::rejected_nssai> rejected_nssai;  ///< 11 Rejected NSSAI
  std::optional<nas::nssai> configured_nssai;         ///< 31 Configured NSSAI
  std::optional<nas::network_feature_support>
      network_feature_support;                        ///< 21 5GS network feature support
  std::optional<nas::psi_bitmap> pdu_session_status;  ///< 50 PDU session status
  std::optional<nas::psi_bitmap>
      pdu_session_reactivation_result;  ///< 26 PDU session reactivation result
  std::optional<nas::reactivation_error_causes>
      pdu_session_reactivation_error_cause;  ///< 72 PDU session reactivation result error cause
  std::optional<nas::octet_string> ladn_information;            ///< 79 LADN information
  std::optional<nas::nibble_value> mico_indication;             ///< B- MICO indication
  std::optional<nas::nibble_value> network_slicing_indication;  ///< 9- Network slicing indication
  std::optional<nas::octet_string> service_area_list;           ///< 27 Service area list
  std::optional<nas::gprs_timer_3> t3512_value;                 ///< 5E T3512 value
  std::optional<nas::gprs_timer_2>
      non_3gpp_deregistration_timer;             ///< 5D Non-3GPP de-registration timer value
  std::optional<nas::gprs_timer_2> t3502_value;  ///< 16 T3502 value
  std::optional<nas::octet_string> emergency_number_list;  ///< 34 Emergency number list
  std::optional<nas::octet_string>
      extended_emergency_number_list;  ///< 7A Extended emergency number list
  std::optional<nas::octet_string> sor_transparent_container;  ///< 73 SOR transparent container
  std::optional<nas::octet_string> eap_message;                ///< 78 EAP message
  std::optional<nas::nibble_value> nssai_inclusion_mode;       ///< A- NSSAI inclusion mode
  std::optional<nas::octet_string>
      operator_defined_access_categories;  ///< 76 Operator-defined access category definitions
  std::optional<nas::octet_value> negotiated_drx_parameters;   ///< 51 Negotiated DRX parameters
  std::optional<nas::nibble_value> non_3gpp_nw_policies;       ///< D- Non-3GPP NW provided policies
  std::optional<nas::octet_string> eps_bearer_context_status;  ///< 60 EPS bearer context status
  std::optional<nas::octet_string>
      negotiated_extended_drx_parameters;        ///< 6E Negotiated extended DRX parameters
  std::optional<nas::gprs_timer_3> t3447_value;  ///< 6C T3447 value
  std::optional<nas::gprs_timer_3> t3448_value;  ///< 6B T3448 value
  std::optional<nas::gprs_timer_3> t3324_value;  ///< 6A T3324 value
  std::optional<nas::octet_string> ue_radio_capability_id;  ///< 67 UE radio capability ID
  std::optional<nas::nibble_value>
      ue_radio_capability_id_deletion;      ///< E- UE radio capability ID deletion indication
  std::optional<nas::nssai> pending_nssai;  ///< 39 Pending NSSAI
  std::optional<nas::octet_string> ciphering_key_data;    ///< 74 Ciphering key data
  std::optional<nas::octet_string> cag_information_list;  ///< 75 CAG information list
  std::optional<nas::octet_string>
      truncated_s_tmsi_configuration;  ///< 1B Truncated 5G-S-TMSI configuration
  std::optional<nas::octet_string>
      negotiated_wus_assistance_information;  ///< 1C Negotiated WUS assistance information
  std::optional<nas::octet_string>
      negotiated_nb_n1_mode_drx_parameters;  ///< 29 Negotiated NB-N1 mode DRX parameters
  std::optional<nas::octet_string> extended_rejected_nssai;     ///< 68 Extended rejected NSSAI
  std::optional<nas::octet_string> service_level_aa_container;  ///< 7B Service-level-AA container
  std::optional<nas::octet_string>
      negotiated_peips_assistance_information;  ///< 33 Negotiated PEIPS assistance information
  std::optional<nas::octet_string> additional_request_result;  ///< 35 5GS additional request result
  std::optional<nas::octet_string> nssrg_information;          ///< 70 NSSRG information
  std::optional<nas::octet_string> disaster_roaming_wait_range;  ///< 14 Disaster roaming wait range
  std::optional<nas::octet_string> disaster_return_wait_range;   ///< 2C Disaster return wait range
  std::optional<nas::octet_string>
      disaster_plmn_list;  ///< 13 List of PLMNs to be used in disaster condition
  std::optional<nas::tai_list>
      forbidden_tais_roaming;  ///< 1D Forbidden TAI(s) for the list of "5GS
                               ///< forbidden tracking areas for roaming"
  std::optional<nas::tai_list>
      forbidden_tais_regional;  ///< 1E Forbidden TAI(s) for the list of "5GS forbidden tracking
                                ///< areas for regional provision of service"
  std::optional<nas::octet_string>
      extended_cag_information_list;                  ///< 71 Extended CAG information list
  std::optional<nas::octet_string> nsag_information;  ///< 7C NSAG information
  friend bool operator==(const registration_accept&, const registration_accept&) = default;
};
template <>
struct message_layout<registration_accept> {
  using m = registration_accept;
  using type =
      layout<ie<&m::result, ie_format::lv, 0, 1, 1>, ie<&m::guti, ie_format::tlv_e, 0x77, 11, 11>,
             ie<&m::equivalent_plmns, ie_format::tlv, 0x4A, 3, 45>,
             ie<&m::tai_list, ie_format::tlv, 0x54, 7, 112>,
             ie<&m::allowed_nssai, ie_format::tlv, 0x15, 2, 72>,
             ie<&m::rejected_nssai, ie_format::tlv, 0x11, 2, 40>,
             ie<&m::configured_nssai, ie_format::tlv, 0x31, 2, 144>,
             ie<&m::network_feature_support, ie_format::tlv, 0x21, 1, 3>,
             ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
             ie<&m::pdu_session_reactivation_result, ie_format::tlv, 0x26, 2, 32>,
             ie<&m::pdu_session_reactivation_error_cause, ie_format::tlv_e, 0x72, 2, 512>,
             ie<&m::ladn_information, ie_format::tlv_e, 0x79, 12, 1712>,
             ie<&m::mico_indication, ie_format::tv1, 0xB0, 0, 0>,
             ie<&m::network_slicing_indication, ie_format::tv1, 0x90, 0, 0>,
             ie<&m::service_area_list, ie_format::tlv, 0x27, 4, 112>,
             ie<&m::t3512_value, ie_format::tlv, 0x5E, 1, 1>,
             ie<&m::non_3gpp_deregistration_timer, ie_format::tlv, 0x5D, 1, 1>,
             ie<&m::t3502_value, ie_format::tlv, 0x16, 1, 1>,
             ie<&m::emergency_number_list, ie_format::tlv, 0x34, 3, 48>,
             ie<&m::extended_emergency_number_list, ie_format::tlv_e, 0x7A, 4, 65535>,
             ie<&m::sor_transparent_container, ie_format::tlv_e, 0x73, 17, 65535>,
             ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
             ie<&m::nssai_inclusion_mode, ie_format::tv1, 0xA0, 0, 0>,
             ie<&m::operator_defined_access_categories, ie_format::tlv_e, 0x76, 0, 65535>,
             ie<&m::negotiated_drx_parameters, ie_format::tlv, 0x51, 1, 1>,
             ie<&m::non_3gpp_nw_policies, ie_format::tv1, 0xD0, 0, 0>,
             ie<&m::eps_bearer_context_status, ie_format::tlv, 0x60, 2, 2>,
             ie<&m::negotiated_extended_drx_parameters, ie_format::tlv, 0x6E, 1, 2>,
             ie<&m::t3447_value, ie_format::tlv, 0x6C, 1, 1>,
             ie<&m::t3448_value, ie_format::tlv, 0x6B, 1, 1>,
             ie<&m::t3324_value, ie_format::tlv, 0x6A, 1, 1>,
             ie<&m::ue_radio_capability_id, ie_format::tlv, 0x67, 1, 255>,
             ie<&m::ue_radio_capability_id_deletion, ie_format::tv1, 0xE0, 0, 0>,
             ie<&m::pending_nssai, ie_format::tlv, 0x39, 2, 72>,
             ie<&m::ciphering_key_data, ie_format::tlv_e, 0x74, 31, 65535>,
             ie<&m::cag_information_list, ie_format::tlv_e, 0x75, 0, 65535>,
             ie<&m::truncated_s_tmsi_configuration, ie_format::tlv, 0x1B, 1, 1>,
             ie<&m::negotiated_wus_assistance_information, ie_format::tlv, 0x1C, 1, 255>,
             ie<&m::negotiated_nb_n1_mode_drx_parameters, ie_format::tlv, 0x29, 1, 1>,
             ie<&m::extended_rejected_nssai, ie_format::tlv, 0x68, 3, 88>,
             ie<&m::service_level_aa_container, ie_format::tlv_e, 0x7B, 3, 65535>,
             ie<&m::negotiated_peips_assistance_information, ie_format::tlv, 0x33, 1, 255>,
             ie<&m::additional_request_result, ie_format::tlv, 0x35, 1, 1>,
             ie<&m::nssrg_information, ie_format::tlv_e, 0x70, 4, 4096>,
             ie<&m::disaster_roaming_wait_range, ie_format::tlv, 0x14, 2, 2>,
             ie<&m::disaster_return_wait_range, ie_format::tlv, 0x2C, 2, 2>,
             ie<&m::disaster_plmn_list, ie_format::tlv, 0x13, 0, 255>,
             ie<&m::forbidden_tais_roaming, ie_format::tlv, 0x1D, 7, 112>,
             ie<&m::forbidden_tais_regional, ie_format::tlv, 0x1E, 7, 112>,
             ie<&m::extended_cag_information_list, ie_format::tlv_e, 0x71, 0, 65535>,
             ie<&m::nsag_information, ie_format::tlv_e, 0x7C, 6, 3140>>;
};

/// §8.2.8 Registration complete (UE to network).
struct registration_complete {
  static constexpr gmm_message_type type = gmm_message_type::registration_complete;
  std::optional<nas::octet_string> sor_transparent_container;  ///< 73 SOR transparent container
  friend bool operator==(const registration_complete&, const registration_complete&) = default;
};
template <>
struct message_layout<registration_complete> {
  using m = registration_complete;
  using type = layout<ie<&m::sor_transparent_container, ie_format::tlv_e, 0x73, 17, 65535>>;
};

/// §8.2.9 Registration reject (network to UE).
struct registration_reject {
  static constexpr gmm_message_type type = gmm_message_type::registration_reject;
  nas::gmm_cause_ie cause{};                                    ///< 5GMM cause
  std::optional<nas::gprs_timer_2> t3346_value;                 ///< 5F T3346 value
  std::optional<nas::gprs_timer_2> t3502_value;                 ///< 16 T3502 value
  std::optional<nas::octet_string> eap_message;                 ///< 78 EAP message
  std::optional<nas::rejected_nssai> rejected_nssai;            ///< 69 Rejected NSSAI
  std::optional<nas::octet_string> cag_information_list;        ///< 75 CAG information list
  std::optional<nas::octet_string> extended_rejected_nssai;     ///< 68 Extended rejected NSSAI
  std::optional<nas::octet_string> disaster_return_wait_range;  ///< 2C Disaster return wait range
  std::optional<nas::octet_string>
      extended_cag_information_list;                         ///< 71 Extended CAG information list
  std::optional<nas::gprs_timer_3> lower_bound_timer_value;  ///< 3A Lower bound timer value
  std::optional<nas::tai_list> forbidden_tais_roaming;       ///< 1D Forbidden TAI(s) for roaming
  std::optional<nas::tai_list>
      forbidden_tais_regional;  ///< 1E Forbidden TAI(s) for regional provision of service
  friend bool operator==(const registration_reject&, const registration_reject&) = default;
};
template <>
struct message_layout<registration_reject> {
  using m = registration_reject;
  using type =
      layout<ie<&m::cause, ie_format::v, 0, 1, 1>, ie<&m::t3346_value, ie_format::tlv, 0x5F, 1, 1>,
             ie<&m::t3502_value, ie_format::tlv, 0x16, 1, 1>,
             ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
             ie<&m::rejected_nssai, ie_format::tlv, 0x69, 2, 40>,
             ie<&m::cag_information_list, ie_format::tlv_e, 0x75, 0, 65535>,
             ie<&m::extended_rejected_nssai, ie_format::tlv, 0x68, 3, 88>,
             ie<&m::disaster_return_wait_range, ie_format::tlv, 0x2C, 2, 2>,
             ie<&m::extended_cag_information_list, ie_format::tlv_e, 0x71, 0, 65535>,
             ie<&m::lower_bound_timer_value, ie_format::tlv, 0x3A, 1, 1>,
             ie<&m::forbidden_tais_roaming, ie_format::tlv, 0x1D, 7, 112>,
             ie<&m::forbidden_tais_regional, ie_format::tlv, 0x1E, 7, 112>>;
};

/// §8.2.10 UL NAS transport (UE to network).
struct ul_nas_transport {
  static constexpr gmm_message_type type = gmm_message_type::ul_nas_transport;
  nas::payload_container_type payload_type{};
  nas::octet_string payload_container{};                        ///< Payload container
  std::optional<nas::octet_value> pdu_session_id;               ///< 12 PDU session ID
  std::optional<nas::octet_value> old_pdu_session_id;           ///< 59 Old PDU session ID
  std::optional<nas::nibble_value> request_type;                ///< 8- Request type
  std::optional<nas::s_nssai> s_nssai;                          ///< 22 S-NSSAI
  std::optional<nas::dnn> dnn;                                  ///< 25 DNN
  std::optional<nas::octet_string> additional_information;      ///< 24 Additional information
  std::optional<nas::nibble_value> ma_pdu_session_information;  ///< A- MA PDU session information
  std::optional<nas::nibble_value>
      release_assistance_indication;  ///< F- Release assistance indication
  friend bool operator==(const ul_nas_transport&, const ul_nas_transport&) = default;
};
template <>
struct message_layout<ul_nas_transport> {
  using m = ul_nas_transport;
  using type =
      layout<half_octets<&m::payload_type, nullptr>,
             ie<&m::payload_container, ie_format::lv_e, 0, 1, 65535>,
             ie<&m::pdu_session_id, ie_format::tv, 0x12, 1, 1>,
             ie<&m::old_pdu_session_id, ie_format::tv, 0x59, 1, 1>,
             ie<&m::request_type, ie_format::tv1, 0x80, 0, 0>,
             ie<&m::s_nssai, ie_format::tlv, 0x22, 1, 8>, ie<&m::dnn, ie_format::tlv, 0x25, 1, 100>,
             ie<&m::additional_information, ie_format::tlv, 0x24, 1, 255>,
             ie<&m::ma_pdu_session_information, ie_format::tv1, 0xA0, 0, 0>,
             ie<&m::release_assistance_indication, ie_format::tv1, 0xF0, 0, 0>>;
};

/// §8.2.11 DL NAS transport (network to UE).
struct dl_nas_transport {
  static constexpr gmm_message_type type = gmm_message_type::dl_nas_transport;
  nas::payload_container_type payload_type{};
  nas::octet_string payload_container{};                     ///< Payload container
  std::optional<nas::octet_value> pdu_session_id;            ///< 12 PDU session ID
  std::optional<nas::octet_string> additional_information;   ///< 24 Additional information
  std::optional<nas::gmm_cause_ie> cause;                    ///< 58 5GMM cause
  std::optional<nas::gprs_timer_3> back_off_timer_value;     ///< 37 Back-off timer value
  std::optional<nas::gprs_timer_3> lower_bound_timer_value;  ///< 3A Lower bound timer value
  friend bool operator==(const dl_nas_transport&, const dl_nas_transport&) = default;
};
template <>
struct message_layout<dl_nas_transport> {
  using m = dl_nas_transport;
  using type = layout<half_octets<&m::payload_type, nullptr>,
                      ie<&m::payload_container, ie_format::lv_e, 0, 1, 65535>,
                      ie<&m::pdu_session_id, ie_format::tv, 0x12, 1, 1>,
                      ie<&m::additional_information, ie_format::tlv, 0x24, 1, 255>,
                      ie<&m::cause, ie_format::tv, 0x58, 1, 1>,
                      ie<&m::back_off_timer_value, ie_format::tlv, 0x37, 1, 1>,
                      ie<&m::lower_bound_timer_value, ie_format::tlv, 0x3A, 1, 1>>;
};

/// §8.2.12 De-registration request, UE originating.
struct deregistration_request_ue_originating {
  static constexpr gmm_message_type type = gmm_message_type::deregistration_request_ue_originating;
  nas::deregistration_type deregistration{};
  nas::key_set_identifier ng_ksi{};
  nas::mobile_identity mobile_identity{};  ///< 5GS mobile identity
  friend bool operator==(const deregistration_request_ue_originating&,
                         const deregistration_request_ue_originating&) = default;
};
template <>
struct message_layout<deregistration_request_ue_originating> {
  using m = deregistration_request_ue_originating;
  using type = layout<half_octets<&m::deregistration, &m::ng_ksi>,
                      ie<&m::mobile_identity, ie_format::lv_e, 0, 1, 65535>>;
};

/// §8.2.13 De-registration accept, UE originating (network to UE).
struct deregistration_accept_ue_originating {
  static constexpr gmm_message_type type = gmm_message_type::deregistration_accept_ue_originating;
  friend bool operator==(const deregistration_accept_ue_originating&,
                         const deregistration_accept_ue_originating&) = default;
};
template <>
struct message_layout<deregistration_accept_ue_originating> {
  using m = deregistration_accept_ue_originating;
  using type = layout<>;
};

/// §8.2.14 De-registration request, UE terminated (network to UE).
struct deregistration_request_ue_terminated {
  static constexpr gmm_message_type type = gmm_message_type::deregistration_request_ue_terminated;
  nas::deregistration_type deregistration{};
  std::optional<nas::gmm_cause_ie> cause;                       ///< 58 5GMM cause
  std::optional<nas::gprs_timer_2> t3346_value;                 ///< 5F T3346 value
  std::optional<nas::rejected_nssai> rejected_nssai;            ///< 6D Rejected NSSAI
  std::optional<nas::octet_string> cag_information_list;        ///< 75 CAG information list
  std::optional<nas::octet_string> extended_rejected_nssai;     ///< 68 Extended rejected NSSAI
  std::optional<nas::octet_string> disaster_return_wait_range;  ///< 2C Disaster return wait range
  std::optional<nas::octet_string>
      extended_cag_information_list;                         ///< 71 Extended CAG information list
  std::optional<nas::gprs_timer_3> lower_bound_timer_value;  ///< 3A Lower bound timer value
  std::optional<nas::tai_list> forbidden_tais_roaming;       ///< 1D Forbidden TAI(s) for roaming
  std::optional<nas::tai_list>
      forbidden_tais_regional;  ///< 1E Forbidden TAI(s) for regional provision of service
  friend bool operator==(const deregistration_request_ue_terminated&,
                         const deregistration_request_ue_terminated&) = default;
};
template <>
struct message_layout<deregistration_request_ue_terminated> {
  using m = deregistration_request_ue_terminated;
  using type =
      layout<half_octets<&m::deregistration, nullptr>, ie<&m::cause, ie_format::tv, 0x58, 1, 1>,
             ie<&m::t3346_value, ie_format::tlv, 0x5F, 1, 1>,
             ie<&m::rejected_nssai, ie_format::tlv, 0x6D, 2, 40>,
             ie<&m::cag_information_list, ie_format::tlv_e, 0x75, 0, 65535>,
             ie<&m::extended_rejected_nssai, ie_format::tlv, 0x68, 3, 88>,
             ie<&m::disaster_return_wait_range, ie_format::tlv, 0x2C, 2, 2>,
             ie<&m::extended_cag_information_list, ie_format::tlv_e, 0x71, 0, 65535>,
             ie<&m::lower_bound_timer_value, ie_format::tlv, 0x3A, 1, 1>,
             ie<&m::forbidden_tais_roaming, ie_format::tlv, 0x1D, 7, 112>,
             ie<&m::forbidden_tais_regional, ie_format::tlv, 0x1E, 7, 112>>;
};

/// §8.2.15 De-registration accept, UE terminated (UE to network).
struct deregistration_accept_ue_terminated {
  static constexpr gmm_message_type type = gmm_message_type::deregistration_accept_ue_terminated;
  friend bool operator==(const deregistration_accept_ue_terminated&,
                         const deregistration_accept_ue_terminated&) = default;
};
template <>
struct message_layout<deregistration_accept_ue_terminated> {
  using m = deregistration_accept_ue_terminated;
  using type = layout<>;
};

/// §8.2.16 Service request (UE to network).
struct service_request {
  static constexpr gmm_message_type type = gmm_message_type::service_request;
  nas::key_set_identifier ng_ksi{};
  nas::nibble_value service_type{};
  nas::mobile_identity s_tmsi{};                              ///< 5G-S-TMSI
  std::optional<nas::psi_bitmap> uplink_data_status;          ///< 40 Uplink data status
  std::optional<nas::psi_bitmap> pdu_session_status;          ///< 50 PDU session status
  std::optional<nas::psi_bitmap> allowed_pdu_session_status;  ///< 25 Allowed PDU session status
  std::optional<nas::octet_string> nas_message_container;     ///< 71 NAS message container
  friend bool operator==(const service_request&, const service_request&) = default;
};
template <>
struct message_layout<service_request> {
  using m = service_request;
  using type =
      layout<half_octets<&m::ng_ksi, &m::service_type>, ie<&m::s_tmsi, ie_format::lv_e, 0, 7, 7>,
             ie<&m::uplink_data_status, ie_format::tlv, 0x40, 2, 32>,
             ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
             ie<&m::allowed_pdu_session_status, ie_format::tlv, 0x25, 2, 32>,
             ie<&m::nas_message_container, ie_format::tlv_e, 0x71, 1, 65535>>;
};

/// §8.2.18 Service reject (network to UE).
struct service_reject {
  static constexpr gmm_message_type type = gmm_message_type::service_reject;
  nas::gmm_cause_ie cause{};                              ///< 5GMM cause
  std::optional<nas::psi_bitmap> pdu_session_status;      ///< 50 PDU session status
  std::optional<nas::gprs_timer_2> t3346_value;           ///< 5F T3346 value
  std::optional<nas::octet_string> eap_message;           ///< 78 EAP message
  std::optional<nas::gprs_timer_3> t3448_value;           ///< 6B T3448 value
  std::optional<nas::octet_string> cag_information_list;  ///< 75 CAG information list
  friend bool operator==(const service_reject&, const service_reject&) = default;
};
template <>
struct message_layout<service_reject> {
  using m = service_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>,
                      ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
                      ie<&m::t3346_value, ie_format::tlv, 0x5F, 1, 1>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::t3448_value, ie_format::tlv, 0x6B, 1, 1>,
                      ie<&m::cag_information_list, ie_format::tlv_e, 0x75, 0, 65535>>;
};

/// §8.2.17 Service accept (network to UE).
struct service_accept {
  static constexpr gmm_message_type type = gmm_message_type::service_accept;
  std::optional<nas::psi_bitmap> pdu_session_status;  ///< 50 PDU session status
  std::optional<nas::psi_bitmap>
      pdu_session_reactivation_result;  ///< 26 PDU session reactivation result
  std::optional<nas::reactivation_error_causes>
      pdu_session_reactivation_error_cause;      ///< 72 PDU session reactivation result error cause
  std::optional<nas::octet_string> eap_message;  ///< 78 EAP message
  std::optional<nas::gprs_timer_3> t3448_value;  ///< 6B T3448 value
  friend bool operator==(const service_accept&, const service_accept&) = default;
};
template <>
struct message_layout<service_accept> {
  using m = service_accept;
  using type = layout<ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
                      ie<&m::pdu_session_reactivation_result, ie_format::tlv, 0x26, 2, 32>,
                      ie<&m::pdu_session_reactivation_error_cause, ie_format::tlv_e, 0x72, 2, 512>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::t3448_value, ie_format::tlv, 0x6B, 1, 1>>;
};

/// §8.2.29 Control plane service request (UE to network).
struct control_plane_service_request {
  static constexpr gmm_message_type type = gmm_message_type::control_plane_service_request;
  nas::nibble_value service_type{};
  nas::key_set_identifier ng_ksi{};
  std::optional<nas::octet_string> ciot_small_data_container;  ///< 6F CIoT small data container
  std::optional<nas::payload_container_type> payload_container_type;  ///< 8- Payload container type
  std::optional<nas::octet_string> payload_container;                 ///< 7B Payload container
  std::optional<nas::octet_value> pdu_session_id;                     ///< 12 PDU session ID
  std::optional<nas::psi_bitmap> pdu_session_status;                  ///< 50 PDU session status
  std::optional<nas::nibble_value>
      release_assistance_indication;                        ///< F- Release assistance indication
  std::optional<nas::psi_bitmap> uplink_data_status;        ///< 40 Uplink data status
  std::optional<nas::octet_string> nas_message_container;   ///< 71 NAS message container
  std::optional<nas::octet_string> additional_information;  ///< 24 Additional information
  friend bool operator==(const control_plane_service_request&,
                         const control_plane_service_request&) = default;
};
template <>
struct message_layout<control_plane_service_request> {
  using m = control_plane_service_request;
  using type = layout<half_octets<&m::service_type, &m::ng_ksi>,
                      ie<&m::ciot_small_data_container, ie_format::tlv, 0x6F, 2, 254>,
                      ie<&m::payload_container_type, ie_format::tv1, 0x80, 0, 0>,
                      ie<&m::payload_container, ie_format::tlv_e, 0x7B, 1, 65535>,
                      ie<&m::pdu_session_id, ie_format::tv, 0x12, 1, 1>,
                      ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>,
                      ie<&m::release_assistance_indication, ie_format::tv1, 0xF0, 0, 0>,
                      ie<&m::uplink_data_status, ie_format::tlv, 0x40, 2, 32>,
                      ie<&m::nas_message_container, ie_format::tlv_e, 0x71, 1, 65535>,
                      ie<&m::additional_information, ie_format::tlv, 0x24, 1, 255>>;
};

/// §8.2.30 Network slice-specific authentication command (network to UE).
struct nssa_command {
  static constexpr gmm_message_type type = gmm_message_type::nssa_command;
  nas::s_nssai s_nssai{};           ///< S-NSSAI
  nas::octet_string eap_message{};  ///< EAP message
  friend bool operator==(const nssa_command&, const nssa_command&) = default;
};
template <>
struct message_layout<nssa_command> {
  using m = nssa_command;
  using type = layout<ie<&m::s_nssai, ie_format::lv, 0, 1, 4>,
                      ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>>;
};

/// §8.2.31 Network slice-specific authentication complete (UE to network).
struct nssa_complete {
  static constexpr gmm_message_type type = gmm_message_type::nssa_complete;
  nas::s_nssai s_nssai{};           ///< S-NSSAI
  nas::octet_string eap_message{};  ///< EAP message
  friend bool operator==(const nssa_complete&, const nssa_complete&) = default;
};
template <>
struct message_layout<nssa_complete> {
  using m = nssa_complete;
  using type = layout<ie<&m::s_nssai, ie_format::lv, 0, 1, 4>,
                      ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>>;
};

/// §8.2.32 Network slice-specific authentication result (network to UE).
struct nssa_result {
  static constexpr gmm_message_type type = gmm_message_type::nssa_result;
  nas::s_nssai s_nssai{};           ///< S-NSSAI
  nas::octet_string eap_message{};  ///< EAP message
  friend bool operator==(const nssa_result&, const nssa_result&) = default;
};
template <>
struct message_layout<nssa_result> {
  using m = nssa_result;
  using type = layout<ie<&m::s_nssai, ie_format::lv, 0, 1, 4>,
                      ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>>;
};

/// §8.2.19 Configuration update command (network to UE).
struct configuration_update_command {
  static constexpr gmm_message_type type = gmm_message_type::configuration_update_command;
  std::optional<nas::nibble_value> update_indication;       ///< D- Configuration update indication
  std::optional<nas::mobile_identity> guti;                 ///< 77 5G-GUTI
  std::optional<nas::tai_list> tai_list;                    ///< 54 TAI list
  std::optional<nas::nssai> allowed_nssai;                  ///< 15 Allowed NSSAI
  std::optional<nas::octet_string> service_area_list;       ///< 27 Service area list
  std::optional<nas::octet_string> full_name_for_network;   ///< 43 Full name for network
  std::optional<nas::octet_string> short_name_for_network;  ///< 45 Short name for network
  std::optional<nas::octet_value> local_time_zone;          ///< 46 Local time zone
  std::optional<nas::octet_string>
      universal_time_and_local_time_zone;  ///< 47 Universal time and local time zone
  std::optional<nas::octet_value>
      network_daylight_saving_time;                             ///< 49 Network daylight saving time
  std::optional<nas::octet_string> ladn_information;            ///< 79 LADN information
  std::optional<nas::nibble_value> mico_indication;             ///< B- MICO indication
  std::optional<nas::nibble_value> network_slicing_indication;  ///< 9- Network slicing indication
  std::optional<nas::nssai> configured_nssai;                   ///< 31 Configured NSSAI
  std::optional<nas::rejected_nssai> rejected_nssai;            ///< 11 Rejected NSSAI
  std::optional<nas::octet_string>
      operator_defined_access_categories;  ///< 76 Operator-defined access category definitions
  std::optional<nas::nibble_value> sms_indication;          ///< F- SMS indication
  std::optional<nas::gprs_timer_3> t3447_value;             ///< 6C T3447 value
  std::optional<nas::octet_string> cag_information_list;    ///< 75 CAG information list
  std::optional<nas::octet_string> ue_radio_capability_id;  ///< 67 UE radio capability ID
  std::optional<nas::nibble_value>
      ue_radio_capability_id_deletion;  ///< A- UE radio capability ID deletion indication
  std::optional<nas::registration_result> registration_result;  ///< 44 5GS registration result
  std::optional<nas::octet_string>
      truncated_s_tmsi_configuration;  ///< 1B Truncated 5G-S-TMSI configuration
  std::optional<nas::nibble_value>
      additional_configuration_indication;  ///< C- Additional configuration indication
  friend bool operator==(const configuration_update_command&,
                         const configuration_update_command&) = default;
};
template <>
struct message_layout<configuration_update_command> {
  using m = configuration_update_command;
  using type = layout<ie<&m::update_indication, ie_format::tv1, 0xD0, 0, 0>,
                      ie<&m::guti, ie_format::tlv_e, 0x77, 11, 11>,
                      ie<&m::tai_list, ie_format::tlv, 0x54, 7, 112>,
                      ie<&m::allowed_nssai, ie_format::tlv, 0x15, 2, 72>,
                      ie<&m::service_area_list, ie_format::tlv, 0x27, 4, 112>,
                      ie<&m::full_name_for_network, ie_format::tlv, 0x43, 1, 255>,
                      ie<&m::short_name_for_network, ie_format::tlv, 0x45, 1, 255>,
                      ie<&m::local_time_zone, ie_format::tv, 0x46, 1, 1>,
                      ie<&m::universal_time_and_local_time_zone, ie_format::tv, 0x47, 7, 7>,
                      ie<&m::network_daylight_saving_time, ie_format::tlv, 0x49, 1, 1>,
                      ie<&m::ladn_information, ie_format::tlv_e, 0x79, 0, 1712>,
                      ie<&m::mico_indication, ie_format::tv1, 0xB0, 0, 0>,
                      ie<&m::network_slicing_indication, ie_format::tv1, 0x90, 0, 0>,
                      ie<&m::configured_nssai, ie_format::tlv, 0x31, 2, 144>,
                      ie<&m::rejected_nssai, ie_format::tlv, 0x11, 2, 40>,
                      ie<&m::operator_defined_access_categories, ie_format::tlv_e, 0x76, 0, 65535>,
                      ie<&m::sms_indication, ie_format::tv1, 0xF0, 0, 0>,
                      ie<&m::t3447_value, ie_format::tlv, 0x6C, 1, 1>,
                      ie<&m::cag_information_list, ie_format::tlv_e, 0x75, 0, 65535>,
                      ie<&m::ue_radio_capability_id, ie_format::tlv, 0x67, 1, 255>,
                      ie<&m::ue_radio_capability_id_deletion, ie_format::tv1, 0xA0, 0, 0>,
                      ie<&m::registration_result, ie_format::tlv, 0x44, 1, 1>,
                      ie<&m::truncated_s_tmsi_configuration, ie_format::tlv, 0x1B, 1, 1>,
                      ie<&m::additional_configuration_indication, ie_format::tv1, 0xC0, 0, 0>>;
};

/// §8.2.20 Configuration update complete (UE to network).
struct configuration_update_complete {
  static constexpr gmm_message_type type = gmm_message_type::configuration_update_complete;
  friend bool operator==(const configuration_update_complete&,
                         const configuration_update_complete&) = default;
};
template <>
struct message_layout<configuration_update_complete> {
  using m = configuration_update_complete;
  using type = layout<>;
};

/// §8.2.1 Authentication request (network to UE).
struct authentication_request {
  static constexpr gmm_message_type type = gmm_message_type::authentication_request;
  nas::key_set_identifier ng_ksi{};
  nas::octet_string abba{};                      ///< ABBA
  std::optional<nas::fixed_octets<16>> rand;     ///< 21 Authentication parameter RAND
  std::optional<nas::fixed_octets<16>> autn;     ///< 20 Authentication parameter AUTN
  std::optional<nas::octet_string> eap_message;  ///< 78 EAP message
  friend bool operator==(const authentication_request&, const authentication_request&) = default;
};
template <>
struct message_layout<authentication_request> {
  using m = authentication_request;
  using type =
      layout<half_octets<&m::ng_ksi, nullptr>, ie<&m::abba, ie_format::lv, 0, 2, 255>,
             ie<&m::rand, ie_format::tv, 0x21, 16, 16>, ie<&m::autn, ie_format::tlv, 0x20, 16, 16>,
             ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>>;
};

/// §8.2.2 Authentication response (UE to network).
struct authentication_response {
  static constexpr gmm_message_type type = gmm_message_type::authentication_response;
  std::optional<nas::fixed_octets<16>> res_star;  ///< 2D Authentication response parameter (RES*)
  std::optional<nas::octet_string> eap_message;   ///< 78 EAP message
  friend bool operator==(const authentication_response&, const authentication_response&) = default;
};
template <>
struct message_layout<authentication_response> {
  using m = authentication_response;
  using type = layout<ie<&m::res_star, ie_format::tlv, 0x2D, 16, 16>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>>;
};

/// §8.2.5 Authentication reject (network to UE).
struct authentication_reject {
  static constexpr gmm_message_type type = gmm_message_type::authentication_reject;
  std::optional<nas::octet_string> eap_message;  ///< 78 EAP message
  friend bool operator==(const authentication_reject&, const authentication_reject&) = default;
};
template <>
struct message_layout<authentication_reject> {
  using m = authentication_reject;
  using type = layout<ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>>;
};

/// §8.2.4 Authentication failure (UE to network).
struct authentication_failure {
  static constexpr gmm_message_type type = gmm_message_type::authentication_failure;
  nas::gmm_cause_ie cause{};                  ///< 5GMM cause
  std::optional<nas::fixed_octets<14>> auts;  ///< 30 Authentication failure parameter (AUTS)
  friend bool operator==(const authentication_failure&, const authentication_failure&) = default;
};
template <>
struct message_layout<authentication_failure> {
  using m = authentication_failure;
  using type =
      layout<ie<&m::cause, ie_format::v, 0, 1, 1>, ie<&m::auts, ie_format::tlv, 0x30, 14, 14>>;
};

/// §8.2.3 Authentication result (network to UE).
struct authentication_result {
  static constexpr gmm_message_type type = gmm_message_type::authentication_result;
  nas::key_set_identifier ng_ksi{};
  nas::octet_string eap_message{};        ///< EAP message
  std::optional<nas::octet_string> abba;  ///< 38 ABBA
  friend bool operator==(const authentication_result&, const authentication_result&) = default;
};
template <>
struct message_layout<authentication_result> {
  using m = authentication_result;
  using type =
      layout<half_octets<&m::ng_ksi, nullptr>, ie<&m::eap_message, ie_format::lv_e, 0, 4, 1500>,
             ie<&m::abba, ie_format::tlv, 0x38, 2, 255>>;
};

/// §8.2.21 Identity request (network to UE).
struct identity_request {
  static constexpr gmm_message_type type = gmm_message_type::identity_request;
  nas::requested_identity_type identity_type{};
  friend bool operator==(const identity_request&, const identity_request&) = default;
};
template <>
struct message_layout<identity_request> {
  using m = identity_request;
  using type = layout<half_octets<&m::identity_type, nullptr>>;
};

/// §8.2.22 Identity response (UE to network).
struct identity_response {
  static constexpr gmm_message_type type = gmm_message_type::identity_response;
  nas::mobile_identity mobile_identity{};  ///< Mobile identity
  friend bool operator==(const identity_response&, const identity_response&) = default;
};
template <>
struct message_layout<identity_response> {
  using m = identity_response;
  using type = layout<ie<&m::mobile_identity, ie_format::lv_e, 0, 1, 65535>>;
};

/// §8.2.25 Security mode command (network to UE).
struct security_mode_command {
  static constexpr gmm_message_type type = gmm_message_type::security_mode_command;
  nas::security_algorithms algorithms{};  ///< Selected NAS security algorithms
  nas::key_set_identifier ng_ksi{};
  nas::ue_security_capability
      replayed_ue_security_capability{};            ///< Replayed UE security capabilities
  std::optional<nas::nibble_value> imeisv_request;  ///< E- IMEISV request
  std::optional<nas::octet_value>
      selected_eps_algorithms;  ///< 57 Selected EPS NAS security algorithms
  std::optional<nas::octet_value>
      additional_security_information;           ///< 36 Additional 5G security information
  std::optional<nas::octet_string> eap_message;  ///< 78 EAP message
  std::optional<nas::octet_string> abba;         ///< 38 ABBA
  std::optional<nas::octet_string>
      replayed_s1_ue_security_capability;  ///< 19 Replayed S1 UE security capabilities
  friend bool operator==(const security_mode_command&, const security_mode_command&) = default;
};
template <>
struct message_layout<security_mode_command> {
  using m = security_mode_command;
  using type = layout<ie<&m::algorithms, ie_format::v, 0, 1, 1>, half_octets<&m::ng_ksi, nullptr>,
                      ie<&m::replayed_ue_security_capability, ie_format::lv, 0, 2, 8>,
                      ie<&m::imeisv_request, ie_format::tv1, 0xE0, 0, 0>,
                      ie<&m::selected_eps_algorithms, ie_format::tv, 0x57, 1, 1>,
                      ie<&m::additional_security_information, ie_format::tlv, 0x36, 1, 1>,
                      ie<&m::eap_message, ie_format::tlv_e, 0x78, 4, 1500>,
                      ie<&m::abba, ie_format::tlv, 0x38, 2, 255>,
                      ie<&m::replayed_s1_ue_security_capability, ie_format::tlv, 0x19, 2, 5>>;
};

/// §8.2.26 Security mode complete (UE to network).
struct security_mode_complete {
  static constexpr gmm_message_type type = gmm_message_type::security_mode_complete;
  std::optional<nas::mobile_identity> imeisv;              ///< 77 IMEISV
  std::optional<nas::octet_string> nas_message_container;  ///< 71 NAS message container
  std::optional<nas::mobile_identity> non_imeisv_pei;      ///< 78 non-IMEISV PEI
  friend bool operator==(const security_mode_complete&, const security_mode_complete&) = default;
};
template <>
struct message_layout<security_mode_complete> {
  using m = security_mode_complete;
  using type = layout<ie<&m::imeisv, ie_format::tlv_e, 0x77, 9, 9>,
                      ie<&m::nas_message_container, ie_format::tlv_e, 0x71, 1, 65535>,
                      ie<&m::non_imeisv_pei, ie_format::tlv_e, 0x78, 1, 65535>>;
};

/// §8.2.27 Security mode reject (UE to network).
struct security_mode_reject {
  static constexpr gmm_message_type type = gmm_message_type::security_mode_reject;
  nas::gmm_cause_ie cause{};  ///< 5GMM cause
  friend bool operator==(const security_mode_reject&, const security_mode_reject&) = default;
};
template <>
struct message_layout<security_mode_reject> {
  using m = security_mode_reject;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>>;
};

/// §8.2.28 5GMM status (both directions).
struct gmm_status {
  static constexpr gmm_message_type type = gmm_message_type::gmm_status;
  nas::gmm_cause_ie cause{};  ///< 5GMM cause
  friend bool operator==(const gmm_status&, const gmm_status&) = default;
};
template <>
struct message_layout<gmm_status> {
  using m = gmm_status;
  using type = layout<ie<&m::cause, ie_format::v, 0, 1, 1>>;
};

/// §8.2.23 Notification (network to UE).
struct notification {
  static constexpr gmm_message_type type = gmm_message_type::notification;
  nas::nibble_value access_type{};
  friend bool operator==(const notification&, const notification&) = default;
};
template <>
struct message_layout<notification> {
  using m = notification;
  using type = layout<half_octets<&m::access_type, nullptr>>;
};

/// §8.2.24 Notification response (UE to network).
struct notification_response {
  static constexpr gmm_message_type type = gmm_message_type::notification_response;
  std::optional<nas::psi_bitmap> pdu_session_status;  ///< 50 PDU session status
  friend bool operator==(const notification_response&, const notification_response&) = default;
};
template <>
struct message_layout<notification_response> {
  using m = notification_response;
  using type = layout<ie<&m::pdu_session_status, ie_format::tlv, 0x50, 2, 32>>;
};

using gmm_message =
    std::variant<registration_request, registration_accept, registration_complete,
                 registration_reject, deregistration_request_ue_originating,
                 deregistration_accept_ue_originating, deregistration_request_ue_terminated,
                 deregistration_accept_ue_terminated, service_request, service_reject,
                 service_accept, control_plane_service_request, nssa_command, nssa_complete,
                 nssa_result, configuration_update_command, configuration_update_complete,
                 authentication_request, authentication_response, authentication_reject,
                 authentication_failure, authentication_result, identity_request, identity_response,
                 security_mode_command, security_mode_complete, security_mode_reject, gmm_status,
                 notification, notification_response, ul_nas_transport, dl_nas_transport>;

/// A plain 5GMM message from its extended protocol discriminator (TS 24.501 §9.1.1) on:
/// EPD 0x7E, security header type 0, message type, IEs.
[[nodiscard]] expected<gmm_message, nas_error> decode_gmm(byte_span plain);

/// Encodes a plain 5GMM message (security header type 0).
[[nodiscard]] expected<void, nas_error> encode_gmm(const gmm_message& message, byte_writer& w);

/// The message type of a 5GMM message.
[[nodiscard]] gmm_message_type type_of(const gmm_message& message);

}  // namespace glasscore::nas
