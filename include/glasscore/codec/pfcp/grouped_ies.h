#pragma once
/// \file
/// PFCP grouped IEs (TS 29.244 V17 §7.5). Members follow their table's order; rule IDs
/// are the plain integers of §8.2.36 (PDR ID, 16 bits), §8.2.74 (FAR ID), §8.2.54 (URR ID),
/// §8.2.75 (QER ID), §8.2.57 (BAR ID, 8 bits).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/codec/pfcp/ies.h"

namespace glasscore::pfcp {

/// §7.5.2.2-2 PDI.
struct pdi {
  std::uint8_t source_interface = 0;  ///< §8.2.2: 0 access, 1 core, 2 SGi-LAN/N6-LAN, 3 CP
  std::optional<f_teid> local_f_teid;
  std::optional<std::string> network_instance;  ///< §8.2.4 octets as sent (often DNN labels)
  std::optional<ue_ip_address> ue_ip;
  std::vector<sdf_filter> sdf_filters;
  std::optional<std::string> application_id;
  std::vector<std::uint8_t> qfis;
  std::optional<std::uint8_t> source_interface_type;  ///< 3GPP Interface Type (IE type 160)
  std::vector<raw_ie> unknown_ies;
  bool operator==(const pdi&) const = default;
};

/// §7.5.2.2-1 Create PDR.
struct create_pdr {
  std::uint16_t pdr_id = 0;
  std::uint32_t precedence = 0;
  pdi pdi_ie;
  std::optional<outer_header_removal> outer_header_removal_ie;
  std::optional<std::uint32_t> far_id;
  std::vector<std::uint32_t> urr_ids;
  std::vector<std::uint32_t> qer_ids;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const create_pdr&) const = default;
};

/// §7.5.2.3-2 Forwarding Parameters.
struct forwarding_parameters {
  std::uint8_t destination_interface = 0;  ///< §8.2.24
  std::optional<std::string> network_instance;
  std::optional<outer_header_creation> outer_header_creation_ie;
  std::optional<std::uint8_t> destination_interface_type;  ///< 3GPP Interface Type (IE type 160)
  std::vector<raw_ie> unknown_ies;
  bool operator==(const forwarding_parameters&) const = default;
};

/// §7.5.2.3-1 Create FAR.
struct create_far {
  std::uint32_t far_id = 0;
  apply_action action;
  std::optional<forwarding_parameters> forwarding;
  std::optional<std::uint8_t> bar_id;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const create_far&) const = default;
};

/// §7.5.2.4-1 Create URR.
struct create_urr {
  std::uint32_t urr_id = 0;
  std::uint8_t measurement_method = 0;  ///< §8.2.40 DURAT 1, VOLUM 2, EVENT 4
  flag_octets reporting_triggers;
  std::optional<std::uint32_t> measurement_period;  ///< §8.2.14, seconds
  std::optional<volume> volume_threshold;
  std::optional<std::uint32_t> time_threshold;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const create_urr&) const = default;
};

/// §7.5.2.5-1 Create QER.
struct create_qer {
  std::uint32_t qer_id = 0;
  std::optional<std::uint32_t> qer_correlation_id;
  std::uint8_t gate_status = 0;  ///< §8.2.7 UL gate bits 4-3, DL gate bits 2-1; 0 open
  std::optional<bit_rate> mbr;
  std::optional<bit_rate> gbr;
  std::optional<std::uint8_t> qfi;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const create_qer&) const = default;
};

/// §7.5.2.6-1 Create BAR and §7.5.4.11-1 Update BAR (Session Modification Request).
struct create_bar {
  std::uint8_t bar_id = 0;
  std::optional<std::uint8_t> downlink_data_notification_delay;
  std::optional<std::uint8_t> suggested_buffering_packets_count;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const create_bar&) const = default;
};
using update_bar = create_bar;

/// §7.5.3.2-1 Created PDR.
struct created_pdr {
  std::uint16_t pdr_id = 0;
  std::optional<f_teid> local_f_teid;
  std::optional<ue_ip_address> ue_ip;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const created_pdr&) const = default;
};

/// §7.5.4.2-1 Update PDR.
struct update_pdr {
  std::uint16_t pdr_id = 0;
  std::optional<outer_header_removal> outer_header_removal_ie;
  std::optional<std::uint32_t> precedence;
  std::optional<pdi> pdi_ie;
  std::optional<std::uint32_t> far_id;
  std::vector<std::uint32_t> urr_ids;
  std::vector<std::uint32_t> qer_ids;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_pdr&) const = default;
};

/// §7.5.4.3-2 Update Forwarding Parameters.
struct update_forwarding_parameters {
  std::optional<std::uint8_t> destination_interface;
  std::optional<std::string> network_instance;
  std::optional<outer_header_creation> outer_header_creation_ie;
  std::optional<std::uint8_t> pfcpsmreq_flags;  ///< §8.2.31 (SNDEM bit 2 asks an End Marker)
  std::optional<std::uint8_t> destination_interface_type;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_forwarding_parameters&) const = default;
};

/// §7.5.4.3-1 Update FAR.
struct update_far {
  std::uint32_t far_id = 0;
  std::optional<apply_action> action;
  std::optional<update_forwarding_parameters> forwarding;
  std::optional<std::uint8_t> bar_id;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_far&) const = default;
};

/// §7.5.4.4-1 Update URR.
struct update_urr {
  std::uint32_t urr_id = 0;
  std::optional<std::uint8_t> measurement_method;
  std::optional<flag_octets> reporting_triggers;
  std::optional<std::uint32_t> measurement_period;  ///< §8.2.14, seconds
  std::optional<volume> volume_threshold;
  std::optional<std::uint32_t> time_threshold;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_urr&) const = default;
};

/// §7.5.4.5-1 Update QER.
struct update_qer {
  std::uint32_t qer_id = 0;
  std::optional<std::uint32_t> qer_correlation_id;
  std::optional<std::uint8_t> gate_status;
  std::optional<bit_rate> mbr;
  std::optional<bit_rate> gbr;
  std::optional<std::uint8_t> qfi;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_qer&) const = default;
};

/// §7.5.4.6-1.. Remove PDR/FAR/URR/QER/BAR: the rule ID alone; `IdType` is the IE type
/// of the rule ID inside (PDR ID 56, FAR ID 108, URR ID 81, QER ID 109, BAR ID 88).
template <std::uint16_t IdType, class Id>
struct remove_rule {
  Id id{};
  std::vector<raw_ie> unknown_ies;
  bool operator==(const remove_rule&) const = default;
};

/// §7.5.5.2-1 Usage Report (the same members in the Modification Response, Deletion
/// Response and Report Request; only the IE type differs: 78, 79, 80).
struct usage_report {
  std::uint32_t urr_id = 0;
  std::uint32_t ur_seqn = 0;
  flag_octets usage_report_trigger;
  std::optional<std::uint32_t> start_time;  ///< NTP seconds (§8.2.52)
  std::optional<std::uint32_t> end_time;
  std::optional<volume> volume_measurement;
  std::optional<std::uint32_t> duration_measurement;  ///< seconds
  std::optional<std::uint32_t> time_of_first_packet;
  std::optional<std::uint32_t> time_of_last_packet;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const usage_report&) const = default;
};

/// §7.5.8.2-1 Downlink Data Report.
struct downlink_data_report {
  std::vector<std::uint16_t> pdr_ids;
  std::vector<downlink_data_service_information> service_information;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const downlink_data_report&) const = default;
};

/// §7.5.8.4-1 Error Indication Report.
struct error_indication_report {
  std::vector<f_teid> remote_f_teids;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const error_indication_report&) const = default;
};

/// §7.5.9.2-1 Update BAR (Session Report Response).
struct update_bar_report_response {
  std::uint8_t bar_id = 0;
  std::optional<std::uint8_t> downlink_data_notification_delay;
  std::optional<std::uint8_t> dl_buffering_duration;
  std::optional<octets> dl_buffering_suggested_packet_count;  ///< 1 or 2 octets (§8.2.30)
  std::optional<std::uint8_t> suggested_buffering_packets_count;
  std::vector<raw_ie> unknown_ies;
  bool operator==(const update_bar_report_response&) const = default;
};

/// §7.4.5.1.2-1 User Plane Path Failure Report.
struct user_plane_path_failure_report {
  std::vector<octets> remote_gtpu_peers;  ///< §8.2.70, kept as sent
  std::vector<raw_ie> unknown_ies;
  bool operator==(const user_plane_path_failure_report&) const = default;
};

using remove_pdr = remove_rule<ie_type::pdr_id, std::uint16_t>;
using remove_far = remove_rule<ie_type::far_id, std::uint32_t>;
using remove_urr = remove_rule<ie_type::urr_id, std::uint32_t>;
using remove_qer = remove_rule<ie_type::qer_id, std::uint32_t>;
using remove_bar = remove_rule<ie_type::bar_id, std::uint8_t>;

}  // namespace glasscore::pfcp
