#pragma once
/// \file
/// The 5GSM messages the SMF sends (TS 24.501 §8.3), built from an SM context: the
/// establishment accept with the UE's address, the default QoS rule and flow, the
/// session-AMBR and the DNS/MTU the UE asked for in its ePCO; rejects; the release command;
/// 5GSM STATUS. Each returns the encoded plain 5GSM message (the AMF protects it inside a
/// DL NAS TRANSPORT).

#include <cstdint>
#include <vector>

#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "smf/context/sm_context.h"

namespace glasscore::smf {

/// §8.3.2: `requested` is the UE's ePCO (DNS servers and the IPv4 link MTU are sent only
/// if asked for, TS 24.008 §10.5.6.3A); `dnn` gives the DNS servers and the MTU.
[[nodiscard]] expected<std::vector<std::uint8_t>, nas::nas_error> encode_establishment_accept(
    const sm_context& c, const std::optional<nas::extended_pco>& requested,
    const config::dnn_config& dnn);

/// What a PDU SESSION MODIFICATION COMMAND carries besides the session-AMBR, which it
/// always carries (the authorised value, whether or not it changed).
struct modification_content {
  bool five_qi_changed = false;  ///< the default flow's description, operation "modify"
  /// The Always-on PDU session indication (§6.4.2.3: answered when the UE asked).
  std::optional<bool> always_on;
};

/// §8.3.9 PDU SESSION MODIFICATION COMMAND from the context's policy; `pti` 0 when the
/// network starts the procedure (§6.3.2.2), else the UE's request's.
[[nodiscard]] expected<std::vector<std::uint8_t>, nas::nas_error> encode_modification_command(
    const sm_context& c, std::uint8_t pti, const modification_content& what);

/// §8.3.8 PDU SESSION MODIFICATION REJECT.
[[nodiscard]] std::vector<std::uint8_t> encode_modification_reject(std::uint8_t pdu_session_id,
                                                                   std::uint8_t pti,
                                                                   nas::gsm_cause cause);

/// §8.3.3 PDU SESSION ESTABLISHMENT REJECT.
[[nodiscard]] std::vector<std::uint8_t> encode_establishment_reject(std::uint8_t pdu_session_id,
                                                                    std::uint8_t pti,
                                                                    nas::gsm_cause cause);

/// §8.3.14 PDU SESSION RELEASE COMMAND; `pti` is the UE's release request's, or 0 when
/// the network releases (§6.3.3.2).
[[nodiscard]] std::vector<std::uint8_t> encode_release_command(std::uint8_t pdu_session_id,
                                                               std::uint8_t pti,
                                                               nas::gsm_cause cause);

/// §8.3.13 PDU SESSION RELEASE REJECT.
[[nodiscard]] std::vector<std::uint8_t> encode_release_reject(std::uint8_t pdu_session_id,
                                                              std::uint8_t pti,
                                                              nas::gsm_cause cause);

/// §8.3.16 5GSM STATUS.
[[nodiscard]] std::vector<std::uint8_t> encode_gsm_status(std::uint8_t pdu_session_id,
                                                          std::uint8_t pti, nas::gsm_cause cause);

/// The IPv6 interface identifier the SMF gives a UE (§9.11.4.10): derived from the PDU
/// session's SM context reference so that it is stable for the session and never the
/// all-zero identifier (RFC 4291 §2.5.1 leaves the choice to the network here).
[[nodiscard]] std::array<std::uint8_t, 8> interface_id_for(std::uint64_t n);

}  // namespace glasscore::smf
