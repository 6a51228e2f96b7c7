#pragma once
/// \file
/// The NGAP "transfer" containers the SMF builds and reads (TS 38.413 §9.3.4): opaque to
/// the AMF, which relays them between the SMF and the gNB (TS 29.502 N2 SM information).

#include <cstdint>
#include <string>
#include <vector>

#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/expected.h"
#include "smf/context/sm_context.h"

namespace glasscore::smf {

/// §9.3.4.1 PDU Session Resource Setup Request Transfer: the UPF's uplink tunnel, the
/// session type, the session-AMBR and the default QoS flow with its 5QI and ARP.
[[nodiscard]] expected<std::vector<std::uint8_t>, std::string> encode_setup_request_transfer(
    const sm_context& c);

/// §9.3.4.2 PDU Session Resource Setup Response Transfer: the gNB's downlink tunnel (an
/// IPv4 transport layer address and TEID; §9.3.2.4). Anything else is an error naming it.
[[nodiscard]] expected<tunnel_end, std::string> decode_setup_response_transfer(byte_span transfer);

/// §9.3.4.3 PDU Session Resource Modify Request Transfer after a policy change: the new
/// PDU Session Aggregate Maximum Bit Rate when `ambr_changed`, the default QoS flow with
/// its new 5QI and ARP in the QoS Flow Add or Modify Request List when `qos_changed`.
[[nodiscard]] expected<std::vector<std::uint8_t>, std::string> encode_modify_request_transfer(
    const sm_context& c, bool ambr_changed, bool qos_changed);

/// §9.3.4.4 PDU Session Resource Modify Response Transfer: checked to decode (its QoS flow
/// lists are not needed: the one flow of a session is never added or removed here).
[[nodiscard]] expected<void, std::string> check_modify_response_transfer(byte_span transfer);

/// §9.3.4.11 PDU Session Resource Release Command Transfer with `cause`.
[[nodiscard]] expected<std::vector<std::uint8_t>, std::string> encode_release_command_transfer(
    const ngap::cause& cause);

}  // namespace glasscore::smf
