#pragma once
/// \file
/// Where the AMF's N2 logic meets the SCTP layer. The logic is sans-I/O (DESIGN.md §4): it
/// receives decoded events with the association they came on and sends NGAP PDUs through
/// this notifier; the runtime adapts both to the SCTP endpoint.

#include <cstdint>
#include <vector>

namespace glasscore::amf {

/// One SCTP association with one NG-RAN node (TS 38.412 §7: a gNB uses one association
/// towards an AMF), as numbered by the transport.
enum class n2_association : std::uint64_t {};

/// TS 38.412 §7: one stream of the association is reserved for non-UE-associated
/// signalling; Glasscore (like the gNBs it talks to) uses stream 0.
inline constexpr std::uint16_t non_ue_associated_stream = 0;

/// Outbound N2: the runtime sends the PDU with PPID 60 (TS 38.412 §7).
class n2_notifier {
 public:
  virtual ~n2_notifier() = default;
  virtual void on_n2_send(n2_association association, std::uint16_t stream,
                          std::vector<std::uint8_t> pdu) = 0;
};

}  // namespace glasscore::amf
