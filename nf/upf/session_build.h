#pragma once
// Internal: a session's rules (session_rules.h) made into the immutable entry the workers
// read (session_entry.h), on the control side (datapath.cpp): each PDR's match fields into
// the direction's classifier and its FAR and QERs into actions, in precedence order (TS
// 29.244 §5.2.1), and the QERs' token buckets.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "glasscore/core/expected.h"
#include "glasscore/nf/upf/datapath.h"
#include "session_entry.h"

namespace glasscore::upf::detail {

/// (QER ID, uplink?) -> index of its token bucket in session_usage::buckets.
using rate_slots = std::map<std::pair<std::uint32_t, bool>, std::size_t>;

/// The token bucket of each (QER ID, direction) with an MBR in `r`: the slot it had in
/// `previous` (a modification keeps a QER's bucket), else a free one, reset.
[[nodiscard]] expected<rate_slots, datapath_error> assign_rate_slots(const session_rules& r,
                                                                     const rate_slots& previous,
                                                                     session_usage& usage);

/// The entry for `r`, whose counters and buckets are `usage` (with `slots` from
/// assign_rate_slots), or invalid_rules: more PDRs than max_pdrs_per_direction, uplink PDRs
/// on different TEIDs, downlink PDRs with different UE addresses, a tunnel without address,
/// a QFI above 63, a downlink TEID equal to the uplink one.
[[nodiscard]] expected<std::unique_ptr<session_entry>, datapath_error> build_entry(
    const session_rules& r, session_usage* usage, const rate_slots& slots);

}  // namespace glasscore::upf::detail
