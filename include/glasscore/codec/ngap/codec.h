#pragma once
/// \file
/// NGAP (TS 38.413) encode/decode entry points. The types are generated from the spec's
/// ASN.1 by tools/asn1gen into glasscore/codec/ngap/gen/; see docs/ngap-codec.md.
///
/// `encode<T>` and `decode<T>` exist for `ngap_pdu` and for every transfer carried in an
/// OCTET STRING (CONTAINING ...), e.g. `pdu_session_resource_setup_request_transfer`.

#include <cstdint>
#include <vector>

#include "glasscore/codec/aper/aper.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::ngap {

/// A decoded value and the IE-level findings of TS 38.413 §10.3 made while decoding it:
/// unknown IEs with criticality reject or notify, missing mandatory IEs, IEs out of order
/// or repeated. A transfer-syntax error (§10.2) is an `aper::error` instead.
template <class T>
struct decoded {
  T value{};
  std::vector<aper::ie_diagnostic> diagnostics;

  /// True if a finding requires rejecting the procedure (§10.3.4.2, §10.3.5: reject
  /// criticality, or any falsely constructed message).
  [[nodiscard]] bool must_reject() const {
    for (const auto& d : diagnostics) {
      if (d.ie_criticality == aper::criticality::reject ||
          d.problem == aper::ie_problem::wrong_order || d.problem == aper::ie_problem::duplicated) {
        return true;
      }
    }
    return false;
  }
};

/// APER encoding of `value` (X.691 ALIGNED, TS 38.413 §9.4.1). Fails if a value breaks a
/// constraint (an out-of-range integer, a list longer than its SIZE, an empty CHOICE).
template <class T>
[[nodiscard]] expected<std::vector<std::uint8_t>, aper::error> encode(const T& value);

/// Decodes a T from `bytes`. Never reads outside `bytes`; never allocates more than the
/// input can describe.
template <class T>
[[nodiscard]] expected<decoded<T>, aper::error> decode(byte_span bytes);

}  // namespace glasscore::ngap
