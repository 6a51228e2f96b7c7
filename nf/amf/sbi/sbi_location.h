#pragma once
/// \file
/// The UE's location from NGAP (User Location Information, TS 38.413 §9.3.1.16) as the SBI
/// carries it (UserLocation, TS 29.571 §5.4.4.7): the SMF selects UPFs by it (ueLocation of
/// SmContextCreateData, TS 29.502 §6.1.6.2.2) and the PCF receives it (userLoc of
/// PolicyAssociationRequest, TS 29.507 §5.6.2.3).

#include <optional>

#include "glasscore/codec/ngap/messages.h"
#include "glasscore/sbi/smf_models.h"

namespace glasscore::amf {

/// nrLocation with the TAI (TAC as 6 hexadecimal digits, TS 29.571 §5.4.2 Tac) and the
/// NCGI (NR Cell Identity as 9 hexadecimal digits, §5.4.2 NrCellId: its 36 bits); nullopt
/// when the gNB gave no NR location (an E-UTRA or non-3GPP one is not modelled).
[[nodiscard]] std::optional<sbi::user_location> to_sbi(const ngap::user_location_information& l);

}  // namespace glasscore::amf
