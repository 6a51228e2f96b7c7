#pragma once
/// \file
/// The IE tables of every grouped IE and message (TS 29.244 V17 §7.4, §7.5), in the order
/// of the 3GPP tables. Only the IEs this codec types are listed; any other IE is carried in
/// `unknown_ies` (table_codec.h).

#include "table_codec.h"

namespace glasscore::pfcp::detail {

namespace t = ie_type;

#define GLASSCORE_PFCP_TABLE(S, ...)                             \
  template <>                                                    \
  struct table<S> {                                              \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__); \
  }

// §7.5.2.2-2
GLASSCORE_PFCP_TABLE(pdi, m(t::source_interface, &pdi::source_interface),
                     o(t::f_teid, &pdi::local_f_teid),
                     o(t::network_instance, &pdi::network_instance),
                     o(t::ue_ip_address, &pdi::ue_ip), o(t::sdf_filter, &pdi::sdf_filters),
                     o(t::application_id, &pdi::application_id), o(t::qfi, &pdi::qfis),
                     o(t::interface_type, &pdi::source_interface_type));
// §7.5.2.2-1
GLASSCORE_PFCP_TABLE(create_pdr, m(t::pdr_id, &create_pdr::pdr_id),
                     m(t::precedence, &create_pdr::precedence), m(t::pdi, &create_pdr::pdi_ie),
                     o(t::outer_header_removal, &create_pdr::outer_header_removal_ie),
                     o(t::far_id, &create_pdr::far_id), o(t::urr_id, &create_pdr::urr_ids),
                     o(t::qer_id, &create_pdr::qer_ids));
// §7.5.2.3-2
GLASSCORE_PFCP_TABLE(forwarding_parameters,
                     m(t::destination_interface, &forwarding_parameters::destination_interface),
                     o(t::network_instance, &forwarding_parameters::network_instance),
                     o(t::outer_header_creation, &forwarding_parameters::outer_header_creation_ie),
                     o(t::interface_type, &forwarding_parameters::destination_interface_type));
// §7.5.2.3-1
GLASSCORE_PFCP_TABLE(create_far, m(t::far_id, &create_far::far_id),
                     m(t::apply_action, &create_far::action),
                     o(t::forwarding_parameters, &create_far::forwarding),
                     o(t::bar_id, &create_far::bar_id));
// §7.5.2.4-1
GLASSCORE_PFCP_TABLE(create_urr, m(t::urr_id, &create_urr::urr_id),
                     m(t::measurement_method, &create_urr::measurement_method),
                     m(t::reporting_triggers, &create_urr::reporting_triggers),
                     o(t::measurement_period, &create_urr::measurement_period),
                     o(t::volume_threshold, &create_urr::volume_threshold),
                     o(t::time_threshold, &create_urr::time_threshold));
// §7.5.2.5-1
GLASSCORE_PFCP_TABLE(create_qer, m(t::qer_id, &create_qer::qer_id),
                     o(t::qer_correlation_id, &create_qer::qer_correlation_id),
                     m(t::gate_status, &create_qer::gate_status), o(t::mbr, &create_qer::mbr),
                     o(t::gbr, &create_qer::gbr), o(t::qfi, &create_qer::qfi));
// §7.5.2.6-1, §7.5.4.11-1
GLASSCORE_PFCP_TABLE(create_bar, m(t::bar_id, &create_bar::bar_id),
                     o(t::downlink_data_notification_delay,
                       &create_bar::downlink_data_notification_delay),
                     o(t::suggested_buffering_packets_count,
                       &create_bar::suggested_buffering_packets_count));
// §7.5.3.2-1
GLASSCORE_PFCP_TABLE(created_pdr, m(t::pdr_id, &created_pdr::pdr_id),
                     o(t::f_teid, &created_pdr::local_f_teid),
                     o(t::ue_ip_address, &created_pdr::ue_ip));
// §7.5.4.2-1
GLASSCORE_PFCP_TABLE(update_pdr, m(t::pdr_id, &update_pdr::pdr_id),
                     o(t::outer_header_removal, &update_pdr::outer_header_removal_ie),
                     o(t::precedence, &update_pdr::precedence), o(t::pdi, &update_pdr::pdi_ie),
                     o(t::far_id, &update_pdr::far_id), o(t::urr_id, &update_pdr::urr_ids),
                     o(t::qer_id, &update_pdr::qer_ids));
// §7.5.4.3-2
GLASSCORE_PFCP_TABLE(
    update_forwarding_parameters,
    o(t::destination_interface, &update_forwarding_parameters::destination_interface),
    o(t::network_instance, &update_forwarding_parameters::network_instance),
    o(t::outer_header_creation, &update_forwarding_parameters::outer_header_creation_ie),
    o(t::pfcpsmreq_flags, &update_forwarding_parameters::pfcpsmreq_flags),
    o(t::interface_type, &update_forwarding_parameters::destination_interface_type));
// §7.5.4.3-1
GLASSCORE_PFCP_TABLE(update_far, m(t::far_id, &update_far::far_id),
                     o(t::apply_action, &update_far::action),
                     o(t::update_forwarding_parameters, &update_far::forwarding),
                     o(t::bar_id, &update_far::bar_id));
// §7.5.4.4-1
GLASSCORE_PFCP_TABLE(update_urr, m(t::urr_id, &update_urr::urr_id),
                     o(t::measurement_method, &update_urr::measurement_method),
                     o(t::reporting_triggers, &update_urr::reporting_triggers),
                     o(t::measurement_period, &update_urr::measurement_period),
                     o(t::volume_threshold, &update_urr::volume_threshold),
                     o(t::time_threshold, &update_urr::time_threshold));
// §7.5.4.5-1
GLASSCORE_PFCP_TABLE(update_qer, m(t::qer_id, &update_qer::qer_id),
                     o(t::qer_correlation_id, &update_qer::qer_correlation_id),
                     o(t::gate_status, &update_qer::gate_status), o(t::mbr, &update_qer::mbr),
                     o(t::gbr, &update_qer::gbr), o(t::qfi, &update_qer::qfi));
// §7.5.4.6-1 .. §7.5.4.12-1: Remove PDR/FAR/URR/QER/BAR
template <std::uint16_t IdType, class Id>
struct table<remove_rule<IdType, Id>> {
  static constexpr auto fields = std::make_tuple(m(IdType, &remove_rule<IdType, Id>::id));
};
// §7.5.5.2-1 (and §7.5.7.2-1, §7.5.8.3-1)
GLASSCORE_PFCP_TABLE(usage_report, m(t::urr_id, &usage_report::urr_id),
                     m(t::ur_seqn, &usage_report::ur_seqn),
                     m(t::usage_report_trigger, &usage_report::usage_report_trigger),
                     o(t::start_time, &usage_report::start_time),
                     o(t::end_time, &usage_report::end_time),
                     o(t::volume_measurement, &usage_report::volume_measurement),
                     o(t::duration_measurement, &usage_report::duration_measurement),
                     o(t::time_of_first_packet, &usage_report::time_of_first_packet),
                     o(t::time_of_last_packet, &usage_report::time_of_last_packet));
// §7.5.8.2-1
GLASSCORE_PFCP_TABLE(downlink_data_report, m(t::pdr_id, &downlink_data_report::pdr_ids),
                     o(t::downlink_data_service_information,
                       &downlink_data_report::service_information));
// §7.5.8.4-1
GLASSCORE_PFCP_TABLE(error_indication_report,
                     m(t::f_teid, &error_indication_report::remote_f_teids));
// §7.5.9.2-1
GLASSCORE_PFCP_TABLE(update_bar_report_response, m(t::bar_id, &update_bar_report_response::bar_id),
                     o(t::downlink_data_notification_delay,
                       &update_bar_report_response::downlink_data_notification_delay),
                     o(t::dl_buffering_duration,
                       &update_bar_report_response::dl_buffering_duration),
                     o(t::dl_buffering_suggested_packet_count,
                       &update_bar_report_response::dl_buffering_suggested_packet_count),
                     o(t::suggested_buffering_packets_count,
                       &update_bar_report_response::suggested_buffering_packets_count));
// §7.4.5.1.2-1
GLASSCORE_PFCP_TABLE(user_plane_path_failure_report,
                     m(t::remote_gtpu_peer, &user_plane_path_failure_report::remote_gtpu_peers));

// --- messages ---------------------------------------------------------------------------

GLASSCORE_PFCP_TABLE(heartbeat_request,
                     m(t::recovery_time_stamp, &heartbeat_request::recovery_time_stamp),
                     o(t::source_ip_address, &heartbeat_request::source_ip_address));
GLASSCORE_PFCP_TABLE(heartbeat_response,
                     m(t::recovery_time_stamp, &heartbeat_response::recovery_time_stamp));
GLASSCORE_PFCP_TABLE(association_setup_request, m(t::node_id, &association_setup_request::node),
                     m(t::recovery_time_stamp, &association_setup_request::recovery_time_stamp),
                     o(t::up_function_features, &association_setup_request::up_function_features),
                     o(t::cp_function_features, &association_setup_request::cp_function_features));
GLASSCORE_PFCP_TABLE(association_setup_response, m(t::node_id, &association_setup_response::node),
                     m(t::cause, &association_setup_response::cause),
                     m(t::recovery_time_stamp, &association_setup_response::recovery_time_stamp),
                     o(t::up_function_features, &association_setup_response::up_function_features),
                     o(t::cp_function_features, &association_setup_response::cp_function_features));
GLASSCORE_PFCP_TABLE(association_update_request, m(t::node_id, &association_update_request::node),
                     o(t::up_function_features, &association_update_request::up_function_features),
                     o(t::cp_function_features, &association_update_request::cp_function_features),
                     o(t::association_release_request,
                       &association_update_request::association_release_request),
                     o(t::graceful_release_period,
                       &association_update_request::graceful_release_period));
GLASSCORE_PFCP_TABLE(association_update_response, m(t::node_id, &association_update_response::node),
                     m(t::cause, &association_update_response::cause),
                     o(t::up_function_features, &association_update_response::up_function_features),
                     o(t::cp_function_features,
                       &association_update_response::cp_function_features));
GLASSCORE_PFCP_TABLE(association_release_request,
                     m(t::node_id, &association_release_request::node));
GLASSCORE_PFCP_TABLE(association_release_response,
                     m(t::node_id, &association_release_response::node),
                     m(t::cause, &association_release_response::cause));
template <>
struct table<version_not_supported_response> {
  static constexpr auto fields = std::tuple<>();
};
GLASSCORE_PFCP_TABLE(node_report_request, m(t::node_id, &node_report_request::node),
                     m(t::node_report_type, &node_report_request::node_report_type),
                     o(t::user_plane_path_failure_report,
                       &node_report_request::path_failure_report));
GLASSCORE_PFCP_TABLE(node_report_response, m(t::node_id, &node_report_response::node),
                     m(t::cause, &node_report_response::cause),
                     o(t::offending_ie, &node_report_response::offending_ie));
GLASSCORE_PFCP_TABLE(session_establishment_request,
                     m(t::node_id, &session_establishment_request::node),
                     m(t::f_seid, &session_establishment_request::cp_f_seid),
                     m(t::create_pdr, &session_establishment_request::create_pdrs),
                     m(t::create_far, &session_establishment_request::create_fars),
                     o(t::create_urr, &session_establishment_request::create_urrs),
                     o(t::create_qer, &session_establishment_request::create_qers),
                     o(t::create_bar, &session_establishment_request::create_bar_ie),
                     o(t::pdn_type, &session_establishment_request::pdn_type),
                     o(t::user_id, &session_establishment_request::user_id),
                     o(t::apn_dnn, &session_establishment_request::apn_dnn),
                     o(t::s_nssai, &session_establishment_request::s_nssai));
GLASSCORE_PFCP_TABLE(session_establishment_response,
                     m(t::node_id, &session_establishment_response::node),
                     m(t::cause, &session_establishment_response::cause),
                     o(t::offending_ie, &session_establishment_response::offending_ie),
                     o(t::f_seid, &session_establishment_response::up_f_seid),
                     o(t::created_pdr, &session_establishment_response::created_pdrs),
                     o(t::failed_rule_id, &session_establishment_response::failed_rule));
GLASSCORE_PFCP_TABLE(session_modification_request,
                     o(t::f_seid, &session_modification_request::cp_f_seid),
                     o(t::remove_pdr, &session_modification_request::remove_pdrs),
                     o(t::remove_far, &session_modification_request::remove_fars),
                     o(t::remove_urr, &session_modification_request::remove_urrs),
                     o(t::remove_qer, &session_modification_request::remove_qers),
                     o(t::remove_bar, &session_modification_request::remove_bar_ie),
                     o(t::create_pdr, &session_modification_request::create_pdrs),
                     o(t::create_far, &session_modification_request::create_fars),
                     o(t::create_urr, &session_modification_request::create_urrs),
                     o(t::create_qer, &session_modification_request::create_qers),
                     o(t::create_bar, &session_modification_request::create_bar_ie),
                     o(t::update_pdr, &session_modification_request::update_pdrs),
                     o(t::update_far, &session_modification_request::update_fars),
                     o(t::update_urr, &session_modification_request::update_urrs),
                     o(t::update_qer, &session_modification_request::update_qers),
                     o(t::update_bar, &session_modification_request::update_bar_ie),
                     o(t::pfcpsmreq_flags, &session_modification_request::flags));
GLASSCORE_PFCP_TABLE(session_modification_response,
                     m(t::cause, &session_modification_response::cause),
                     o(t::offending_ie, &session_modification_response::offending_ie),
                     o(t::created_pdr, &session_modification_response::created_pdrs),
                     o(t::usage_report_modification_response,
                       &session_modification_response::usage_reports),
                     o(t::failed_rule_id, &session_modification_response::failed_rule));
template <>
struct table<session_deletion_request> {
  static constexpr auto fields = std::tuple<>();
};
GLASSCORE_PFCP_TABLE(session_deletion_response, m(t::cause, &session_deletion_response::cause),
                     o(t::offending_ie, &session_deletion_response::offending_ie),
                     o(t::usage_report_deletion_response,
                       &session_deletion_response::usage_reports));
GLASSCORE_PFCP_TABLE(session_report_request,
                     m(t::report_type, &session_report_request::report_type),
                     o(t::downlink_data_report, &session_report_request::downlink_data),
                     o(t::usage_report_report_request, &session_report_request::usage_reports),
                     o(t::error_indication_report, &session_report_request::error_indication));
GLASSCORE_PFCP_TABLE(session_report_response, m(t::cause, &session_report_response::cause),
                     o(t::offending_ie, &session_report_response::offending_ie),
                     o(t::update_bar_report_response, &session_report_response::update_bar_ie),
                     o(t::pfcpsrrsp_flags, &session_report_response::flags));

#undef GLASSCORE_PFCP_TABLE

}  // namespace glasscore::pfcp::detail
