#pragma once
// Shared bodies of the generated encode<T>/decode<T> specialisations.

#include "glasscore/codec/aper/aper.h"
#include "glasscore/codec/ngap/codec.h"

namespace glasscore::ngap::detail {

template <class T>
expected<std::vector<std::uint8_t>, aper::error> run_encode(const T& value,
                                                            void (*enc)(aper::encoder&, const T&)) {
  aper::encoder e;
  enc(e, value);
  if (!e.ok()) {
    return fail(aper::error{e.failure(), e.bit_size()});
  }
  return e.finish();
}

template <class T>
expected<decoded<T>, aper::error> run_decode(byte_span bytes, void (*dec)(aper::decoder&, T&)) {
  decoded<T> out;
  aper::decoder d(bytes, &out.diagnostics);
  dec(d, out.value);
  if (!d.ok()) {
    return fail(d.failure());
  }
  return out;
}

}  // namespace glasscore::ngap::detail
