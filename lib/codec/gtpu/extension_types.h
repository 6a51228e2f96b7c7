#pragma once
// Internal: the extension header types this codec knows (TS 29.281 §5.2.1, Figure 5.2.1-3,
// Release 17), shared by the decoder (which must not reject them when their comprehension
// is required) and the Supported Extension Headers Notification (which lists them, §8.5).

#include <array>
#include <cstdint>

#include "glasscore/codec/gtpu/gtpu.h"

namespace glasscore::gtpu {

inline constexpr std::array<std::uint8_t, 9> known_extension_types{
    0x03,                       // Long PDCP PDU Number
    0x20,                       // Service Class Indicator
    ext_udp_port,               // UDP Port
    0x81,                       // RAN Container
    0x82,                       // Long PDCP PDU Number
    0x83,                       // Xw RAN Container
    0x84,                       // NR RAN Container
    ext_pdu_session_container,  // PDU Session Container
    0xC0,                       // PDCP PDU Number
};

}  // namespace glasscore::gtpu
