#pragma once
// Internal: what a worker reads for one session. A session_entry is immutable once
// published; modify() publishes a new one and retires the old. The usage block (counters
// and token buckets) is shared by every version of a session, so counts survive a modify.
// The session's PDRs are, per direction, at most max_pdrs_per_direction in precedence order:
// their match fields in a pdr_classifier (scanned per packet, the first that fits wins, TS
// 29.244 §5.2.1) and, at the same index, what the PDR's FAR and QERs do.

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "downlink_buffer.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/session_rules.h"
#include "glasscore/transport/socket_address.h"
#include "packet_filter_match.h"

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

 public:
  /// A bucket handed to another QER starts full (datapath.cpp, rate slots).
  void reset() { tat_ns_.store(0, std::memory_order_relaxed); }
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
  std::atomic<std::uint64_t> uplink_unmatched{0};
  std::atomic<std::uint64_t> downlink_unmatched{0};
  /// One per (QER, direction) with an MBR; the control side hands out the slots.
  std::array<token_bucket, max_rate_limits> buckets;
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
            buffer.queued(),
            uplink_unmatched.load(r),
            downlink_unmatched.load(r)};
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

/// One QER of a PDR as the worker applies it: gate, then MBR with the QER's bucket.
struct qer_check {
  bool gate_open = true;
  rate_limit rate;
  token_bucket* bucket = nullptr;  ///< in the session's usage block, when rate.enabled
};

/// An uplink PDR's FAR and QERs, precomputed.
struct uplink_pdr {
  uplink_rule::action apply = uplink_rule::action::drop;
  /// The Router Solicitation PDR (cp_function_diversion): re-encapsulated to the CP
  /// function without the QER, anti-spoofing and volume counting.
  bool to_cp_function = false;
  std::array<qer_check, 2> qers{};
  std::uint8_t qer_count = 0;
  /// forward_to_tunnel (the PSA's N9 F-TEID) or to_cp_function (the SMF's N4-u end): the
  /// destination and a G-PDU header with the peer's TEID.
  transport::socket_address peer;
  gtpu::header header;
};

/// A downlink PDR's FAR and QERs, precomputed.
struct downlink_pdr {
  downlink_rule::action apply = downlink_rule::action::drop;
  std::array<qer_check, 2> qers{};
  std::uint8_t qer_count = 0;
  transport::socket_address gnb;  ///< forward_to_gnb: the destination (port 2152)
  gtpu::header header;            ///< G-PDU header with the DL PDU Session Container (QFI)
  std::size_t header_size = 0;
  std::uint32_t buffer_packets = 0;  ///< FAR BUFF limits and NOCP (downlink_rule)
  std::uint32_t buffer_bytes = 0;
  bool notify_cp = false;
};

/// A direction's PDR actions by classifier index. The first is held inline, so the common
/// session (one PDR per direction) costs no memory access beyond its entry; the others, in
/// a vector.
template <class Pdr>
class pdr_actions {
 public:
  void push_back(Pdr p) {
    if (size_++ == 0)
      first_ = std::move(p);
    else
      rest_.push_back(std::move(p));
  }
  [[nodiscard]] const Pdr& operator[](std::size_t k) const {
    return k == 0 ? first_ : rest_[k - 1];
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  Pdr first_;
  std::vector<Pdr> rest_;
  std::size_t size_ = 0;
};

struct session_entry {
  session_rules rules;
  std::uint32_t teid = 0;
  std::optional<std::uint32_t> ue_ipv4;         ///< host order
  std::optional<std::uint64_t> ue_ipv6_prefix;  ///< first 8 octets, host order
  transport::socket_address gnb;  ///< session_rules::downlink's gNB (End Markers go there)
  session_usage* usage = nullptr;
  /// Key of the by-downlink-TEID table (session_rules::downlink_teid).
  std::optional<std::uint32_t> downlink_teid;
  /// The PDRs by ascending precedence: match fields, and at the same index the actions.
  pdr_classifier uplink_match;
  pdr_classifier downlink_match;
  pdr_actions<uplink_pdr> uplink;
  pdr_actions<downlink_pdr> downlink;
};

}  // namespace glasscore::upf::detail
