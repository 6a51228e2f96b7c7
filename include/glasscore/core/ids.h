#pragma once
/// \file
/// Strong identifier types shared across network functions (DESIGN.md §4: never raw ints).
/// Each is an enum class over the width its protocol defines, so an AMF UE NGAP ID cannot be
/// passed where a RAN UE NGAP ID or a TEID is expected.

#include <cstdint>
#include <type_traits>

namespace glasscore {

/// TS 38.413 §9.3.3.1: INTEGER (0..2^40-1).
enum class amf_ue_ngap_id : std::uint64_t {};
/// TS 38.413 §9.3.3.2: INTEGER (0..2^32-1).
enum class ran_ue_ngap_id : std::uint32_t {};
/// TS 29.281 §5.1: 32-bit Tunnel Endpoint Identifier.
enum class gtpu_teid : std::uint32_t {};
/// TS 29.244 §8.2.37: 64-bit Session Endpoint Identifier.
enum class pfcp_seid : std::uint64_t {};
/// TS 24.501 §9.4: PDU session identity, 1..15.
enum class pdu_session_id : std::uint8_t {};
/// TS 38.415 §5.5.3.3: QoS Flow Identifier, 6 bits.
enum class qos_flow_id : std::uint8_t {};

/// The wire value of a strong ID.
template <class Id>
requires std::is_enum_v<Id>
[[nodiscard]] constexpr std::underlying_type_t<Id> value_of(Id id) {
  return static_cast<std::underlying_type_t<Id>>(id);
}

/// Largest valid values where the protocol field is narrower than the C++ type.
inline constexpr std::uint64_t max_amf_ue_ngap_id = (std::uint64_t{1} << 40) - 1;
inline constexpr std::uint8_t max_qos_flow_id = 63;

}  // namespace glasscore
