#pragma once
/// \file
/// Decoding and encoding errors of the NAS codec, and the 5GMM/5GSM causes a receiver
/// answers them with (TS 24.501 §7: handling of unknown, unforeseen and erroneous data).

#include <cstdint>
#include <string_view>

#include "glasscore/core/expected.h"

namespace glasscore::nas {

enum class nas_error : std::uint8_t {
  truncated,                  ///< the message ends inside a field (§7.2: too short)
  unknown_protocol,           ///< extended protocol discriminator is neither 5GMM nor 5GSM
  unknown_message_type,       ///< message type not defined for this protocol (§7.4)
  invalid_mandatory_ie,       ///< a mandatory IE missing or with a wrong length/value (§7.5)
  comprehension_required_ie,  ///< an unknown IE the spec says must be understood (§7.6.1)
  invalid_value,              ///< an IE value that cannot be encoded or decoded as typed
  bad_security_header,        ///< security header type not valid where it appears (§4.4.4)
  mac_failure,                ///< integrity check failed (§4.4.3)
  replayed,                   ///< NAS COUNT already used (TS 33.501 §6.4.3.1)
  no_security_context,        ///< a protected message and no security context to check it
};

[[nodiscard]] std::string_view to_string(nas_error e);

/// §9.11.3.2 5GMM cause.
enum class gmm_cause : std::uint8_t {
  illegal_ue = 3,
  pei_not_accepted = 5,
  illegal_me = 6,
  services_not_allowed_5gs = 7,
  ue_identity_cannot_be_derived = 9,
  implicitly_deregistered = 10,
  plmn_not_allowed = 11,
  tracking_area_not_allowed = 12,
  roaming_not_allowed_in_this_tracking_area = 13,
  no_suitable_cells_in_tracking_area = 15,
  mac_failure = 20,
  synch_failure = 21,
  congestion = 22,
  ue_security_capabilities_mismatch = 23,
  security_mode_rejected_unspecified = 24,
  non_5g_authentication_unacceptable = 26,
  n1_mode_not_allowed = 27,
  restricted_service_area = 28,
  redirection_to_epc_required = 31,
  ladn_not_available = 43,
  no_network_slices_available = 62,
  maximum_pdu_sessions_reached = 65,
  insufficient_resources_for_slice_and_dnn = 67,
  insufficient_resources_for_slice = 69,
  ngksi_already_in_use = 71,
  non_3gpp_access_to_5gcn_not_allowed = 72,
  serving_network_not_authorized = 73,
  temporarily_not_authorized_for_this_snpn = 74,
  permanently_not_authorized_for_this_snpn = 75,
  not_authorized_for_this_cag = 76,
  wireline_access_area_not_allowed = 77,
  plmn_not_allowed_at_present_ue_location = 78,
  uas_services_not_allowed = 79,
  disaster_roaming_not_allowed = 80,
  payload_was_not_forwarded = 90,
  dnn_not_supported_in_slice = 91,
  insufficient_user_plane_resources = 92,
  semantically_incorrect_message = 95,
  invalid_mandatory_information = 96,
  message_type_non_existent = 97,
  message_type_not_compatible = 98,
  ie_non_existent = 99,
  conditional_ie_error = 100,
  message_not_compatible = 101,
  protocol_error_unspecified = 111,
};

/// The cause a 5GMM or 5GSM STATUS (or reject) carries for a decoding error; the numeric
/// values coincide for 5GMM (§9.11.3.2) and 5GSM (§9.11.4.2) protocol errors.
[[nodiscard]] gmm_cause protocol_cause_for(nas_error e);

}  // namespace glasscore::nas
