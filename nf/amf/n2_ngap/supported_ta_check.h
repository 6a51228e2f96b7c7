#pragma once
/// \file
/// Which of a gNB's Supported TAs this AMF serves (NG Setup, TS 38.413 §8.7.1, and RAN
/// Configuration Update, §8.7.2). A TA counts when its PLMN and TAC are in the AMF's
/// tracking areas and at least one of its slices is one the AMF serves (TS 23.501 §5.15.8:
/// the AMF learns per-TA slice support from these procedures). The gNB is accepted when at
/// least one TA counts; the others are ignored, as a gNB broadcasting several PLMNs may
/// share only some of them with this AMF.

#include <cstdint>
#include <string>
#include <vector>

#include "amf/context/served_area.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/expected.h"

namespace glasscore::amf {

/// A TA of the gNB that this AMF serves, with the slices both support there.
struct common_ta {
  ngap::plmn_identity plmn{};
  std::uint32_t tac = 0;
  std::vector<ngap::s_nssai> slices;
};

/// Why no TA is in common, from the most basic mismatch to the most specific.
enum class ta_mismatch : std::uint8_t {
  unknown_plmn,    ///< none of the gNB's broadcast PLMNs is served
  unknown_tac,     ///< a PLMN matches but none of its TACs is served
  no_common_slice  ///< served TAs, but none with a served slice
};

struct ta_rejection {
  ta_mismatch reason = ta_mismatch::unknown_plmn;
  std::string detail;  ///< for the log: what the gNB sent and what the AMF serves
};

[[nodiscard]] expected<std::vector<common_ta>, ta_rejection> check_supported_tas(
    const served_area& area, const ngap::supported_ta_list& tas);

/// The NGAP cause for a mismatch. TS 38.413 §9.3.1.2 has "unknown PLMN or SNPN" (misc) and
/// "slice not supported" (radio network) but no cause for an unknown TAC; the AMF uses
/// unknown-PLMN-or-SNPN for it (the TAI, PLMN and TAC together, is unknown) and logs and
/// counts the precise reason.
[[nodiscard]] ngap::cause cause_for(ta_mismatch reason);
[[nodiscard]] std::string_view to_string(ta_mismatch reason);

}  // namespace glasscore::amf
