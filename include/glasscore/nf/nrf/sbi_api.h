#pragma once
/// \file
/// The NRF's SBI resources (TS 29.510 §6.1.3, §6.2.3) as routes on an `sbi::router`:
/// request validation and answers, over a `registry`. Asio-free, so the whole request path
/// is testable and fuzzable without sockets.
///
/// | method | resource | operation |
/// |---|---|---|
/// | PUT | /nnrf-nfm/v1/nf-instances/{nfInstanceID} | NFRegister (201 + Location) / replace (200) |
/// | PATCH | /nnrf-nfm/v1/nf-instances/{nfInstanceID} | NFUpdate, heartbeat (204 or 200) |
/// | DELETE | /nnrf-nfm/v1/nf-instances/{nfInstanceID} | NFDeregister (204) |
/// | GET | /nnrf-nfm/v1/nf-instances/{nfInstanceID} | NFProfileRetrieval (200) |
/// | POST | /nnrf-nfm/v1/subscriptions | NFStatusSubscribe (201 + Location) |
/// | DELETE | /nnrf-nfm/v1/subscriptions/{subscriptionID} | NFStatusUnSubscribe (204) |
/// | GET | /nnrf-disc/v1/nf-instances | NFDiscover (200 SearchResult) |

#include "glasscore/nf/nrf/registry.h"
#include "glasscore/sbi/router.h"

namespace glasscore::nrf {

/// Adds the routes above; `reg` must outlive `r`.
void add_routes(sbi::router& r, registry& reg);

}  // namespace glasscore::nrf
