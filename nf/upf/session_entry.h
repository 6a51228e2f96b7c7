#pragma once
// Internal: what a worker reads for one session. A session_entry is immutable once
// published; modify() publishes a new one and retires the old. The usage block (counters
// and token buckets) is shared by every version of a session, so counts survive a modify.

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "downlink_buffer.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/session_rules.h"
#include "glasscore/transport/socket_address.h"

namespace glasscore::upf::detail {

/// A shared token bucket in its "virtual scheduling" form (ITU-T I.371 GCRA): one atomic
/// holds the theoretical arrival time; a packet conforms if it would not push that time
/// more than the bucket depth past now. One CAS per packet, only when an MBR is set.
class token_bucket {
 public:
  /// `ns_per_byte` and `depth_ns` come from the QER (session_entry precomputes them).
  bool admit(std::size_t bytes, double ns_per_byte, std::int64_t depth_ns, std::int64_t now_ns) {
    const auto cost = static_cast<std::int64_t>(static_cast<double>(bytes) * ns_per_byte);
    std::int64_t tat = tat_ns_.load(std::memory_order_relaxed);
    for (;;) {
      const std::int64_t base = std::max(tat, now_ns);
      if (base + cost - now_ns > depth_ns)
        return false;
      if (tat_ns_.compare_exchange_weak(tat, base + cost, std::memory_order_relaxed))
        return true;
    }
  }

 private:
  std::atomic<std::int64_t> tat_ns_{0};
};

/// Mutable per-session state the workers update; relaxed atomics (counts, not ordering).
struct session_usage {
  std::atomic<std::uint64_t> uplink_packets{0};
  std::atomic<std::uint64_t> uplink_bytes{0};
  std::atomic<std::uint64_t> downlink_packets{0};
  std::atomic<std::uint64_t> downlink_bytes{0};
  std::atomic<std::uint64_t> uplink_dropped{0};
  std::atomic<std::uint64_t> downlink_dropped{0};
  std::atomic<std::uint64_t> downlink_buffer_dropped{0};
  std::atomic<std::uint64_t> downlink_buffer_overflow{0};
  token_bucket uplink_bucket;
  token_bucket downlink_bucket;
  downlink_buffer buffer;  ///< FAR BUFF (downlink_buffer.h)
  /// NOCP announcement (session_rules.h, downlink_rule::notify_cp): armed, then pending
  /// once a worker buffered the first packet, then taken by the control side; re-armed
  /// when the downlink rule changes.
  enum : std::uint8_t { report_armed, report_pending, report_taken };
  std::atomic<std::uint8_t> downlink_report{report_armed};

  [[nodiscard]] session_counters snapshot() const {
    constexpr auto r = std::memory_order_relaxed;
    return {uplink_packets.load(r),
            uplink_bytes.load(r),
            downlink_packets.load(r),
            downlink_bytes.load(r),
            uplink_dropped.load(r),
            downlink_dropped.load(r),
            downlink_buffer_dropped.load(r),
            downlink_buffer_overflow.load(r),
            buffer.queued()};
  }
};

/// MBR enforcement precomputed from a qos_enforcement.
struct rate_limit {
  bool enabled = false;
  double ns_per_byte = 0;
  std::int64_t depth_ns = 0;

  static rate_limit from(const qos_enforcement& q) {
    rate_limit r;
    if (q.max_bit_rate == 0)
      return r;
    r.enabled = true;
    r.ns_per_byte = 8e9 / static_cast<double>(q.max_bit_rate);
    const double depth = static_cast<double>(q.burst_bytes) * r.ns_per_byte;
    r.depth_ns =
        depth > 4e18 ? std::int64_t{4'000'000'000'000'000'000} : static_cast<std::int64_t>(depth);
    return r;
  }
};

struct session_entry {
  session_rules rules;
  std::uint32_t teid = 0;
  std::optional<std::uint32_t> ue_ipv4;         ///< host order
  std::optional<std::uint64_t> ue_ipv6_prefix;  ///< first 8 octets, host order
  transport::socket_address gnb;                ///< downlink destination (port 2152)
  gtpu::header downlink_header;                 ///< G-PDU header with the DL PDU Session Container
  std::size_t downlink_header_size = 0;
  rate_limit uplink_rate;
  rate_limit downlink_rate;
  session_usage* usage = nullptr;
  /// Key of the by-downlink-TEID table (session_rules::downlink_teid).
  std::optional<std::uint32_t> downlink_teid;
  /// Uplink forward_to_tunnel (N9 to the PSA): destination and G-PDU header with the PSA's
  /// TEID; the worker adds the received QFI's UL PDU Session Container per packet.
  transport::socket_address uplink_peer;
  gtpu::header uplink_header;
  // Router Solicitations diverted to the CP function (session_rules.h, cp_function_diversion).
  bool divert_to_cp = false;
  std::uint8_t divert_protocol = 0;
  std::array<std::uint8_t, 16> divert_destination{};
  transport::socket_address cp_function;  ///< the SMF's N4-u address, port 2152
  gtpu::header cp_header;                 ///< plain G-PDU header with the SMF's TEID
};

}  // namespace glasscore::upf::detail
