// Fuzz target for the SIDF entry point: a SUCI string as it arrives from a UE through the
// AMF and AUSF (TS 29.509 supiOrSuci), parsed and de-concealed with real Profile A/B keys.
// Properties checked besides "no crash": a SUCI that parses formats back to a string that
// parses to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/suci.h"

namespace {

using namespace glasscore::crypto;

// TS 33.501 C.4.3 / C.4.4 home network private keys, with key ids 1 and 2.
const auto profile_a_key = glasscore::from_hex_array<32>(
                               "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d")
                               .value();
const auto profile_b_key = glasscore::from_hex_array<32>(
                               "f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda")
                               .value();

std::optional<glasscore::byte_span> lookup(protection_scheme scheme, std::uint8_t key_id) {
  if (scheme == protection_scheme::profile_a && key_id == 1) {
    return profile_a_key;
  }
  if (scheme == protection_scheme::profile_b && key_id == 2) {
    return profile_b_key;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_suci(text);
  if (!parsed) {
    return 0;
  }
  auto formatted = format_suci(*parsed);
  if (!formatted || parse_suci(*formatted) != parsed) {
    __builtin_trap();  // parse and format disagree: a bug, not bad input
  }
  (void)deconceal(*parsed, lookup, null_scheme_policy::allow);
  return 0;
}
