#include "glasscore/codec/nas/ie_layout.h"

namespace glasscore::nas::detail {

// TS 24.007 §11.2.4 and TS 24.501 §9.11: how to step over an IE this release does not know.
expected<void, nas_error> skip_unknown_ie(byte_reader& r, std::uint8_t iei) {
  (void)r.read_u8();
  if ((iei & 0x80) != 0) {
    return {};  // type 1 or 2: the IEI octet is the whole IE
  }
  if ((iei & 0xF0) == 0) {
    return fail(nas_error::comprehension_required_ie);
  }
  const ie_format format = (iei & 0xF0) == 0x70 ? ie_format::tlv_e : ie_format::tlv;
  return read_framed(r, format, 0).map([](byte_span) {});
}

}  // namespace glasscore::nas::detail
