#pragma once
/// \file
/// S-NSSAI between the NAS form the AMF keeps (SD as a number) and the SBI form (Snssai,
/// TS 29.571 §5.4.4.2: SD as 6 hexadecimal digits).

#include <vector>

#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/sbi/common.h"

namespace glasscore::amf {

[[nodiscard]] sbi::snssai to_sbi(const nas::s_nssai& slice);
/// The SBI decoders accept only 6 hex digits as SD, so the conversion cannot fail.
[[nodiscard]] nas::s_nssai to_nas(const sbi::snssai& slice);
[[nodiscard]] std::vector<nas::s_nssai> to_nas(const std::vector<sbi::snssai>& slices);

}  // namespace glasscore::amf
