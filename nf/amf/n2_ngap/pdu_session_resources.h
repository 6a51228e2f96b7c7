#pragma once
/// \file
/// The NGAP side of PDU sessions at the AMF (TS 38.413 §8.2): the requests that carry the
/// SMF's N2 SM information to the gNB, built around the transfer bytes the SMF encoded
/// (the AMF does not read them, TS 23.501 §5.4.5.2), and the per-session N2 SM information
/// the gNB's answers carry back for the SMF.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "amf/sbi/session_management.h"
#include "glasscore/codec/ngap/messages.h"

namespace glasscore::amf {

/// PDU Session Resource Setup Request (§8.2.1.2) for one session: `nas` is the PDU Session
/// NAS-PDU of the item (the DL NAS TRANSPORT with the SMF's N1 SM message, TS 23.502
/// §4.3.2.2.1 step 12); `ue_ambr_ul_dl` (bit/s) is sent when known.
[[nodiscard]] ngap::ngap_pdu build_session_setup_request(
    ngap::ue_ids ids, std::uint8_t pdu_session_id, const nas::s_nssai& slice,
    std::optional<std::vector<std::uint8_t>> nas, std::vector<std::uint8_t> transfer,
    std::optional<std::pair<std::uint64_t, std::uint64_t>> ue_ambr_ul_dl);

/// PDU Session Resource Release Command (§8.2.2.2) for one session; the NAS-PDU (PDU
/// SESSION RELEASE COMMAND in a DL NAS TRANSPORT) is message-level there.
[[nodiscard]] ngap::ngap_pdu build_session_release_command(
    ngap::ue_ids ids, std::uint8_t pdu_session_id, std::optional<std::vector<std::uint8_t>> nas,
    std::vector<std::uint8_t> transfer);

/// PDU Session Resource Modify Request (§8.2.3.2) for one session, with its NAS-PDU.
[[nodiscard]] ngap::ngap_pdu build_session_modify_request(
    ngap::ue_ids ids, std::uint8_t pdu_session_id, std::optional<std::vector<std::uint8_t>> nas,
    std::vector<std::uint8_t> transfer);

/// One session's N2 SM information in a gNB's answer.
struct session_n2_answer {
  std::uint8_t pdu_session_id = 0;
  n2_sm_info info;
};

/// The per-session N2 SM information of PDU Session Resource Setup Response (setup and
/// failed items), Release Response, Modify Response (modified and failed items) and Notify
/// (notified and released items), each with its N2SmInfoType (TS 29.502 §6.1.6.3.6). Null
/// if `pdu` is none of these messages.
[[nodiscard]] std::optional<std::vector<session_n2_answer>> session_answers_of(
    const ngap::ngap_pdu& pdu);

}  // namespace glasscore::amf
