#pragma once
// Internal: the state behind upf::datapath, shared by the control side (datapath.cpp) and
// the worker threads (worker.cpp).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "glasscore/core/packet_buffer.h"
#include "glasscore/nf/upf/datapath.h"
#include "glasscore/transport/tun_device.h"
#include "glasscore/transport/udp_socket.h"
#include "lookup_table.h"
#include "quiescence.h"
#include "session_build.h"
#include "session_entry.h"

namespace glasscore::upf {

namespace detail {

/// Per-worker totals; relaxed atomics written by one worker, read by the control thread.
struct alignas(64) worker_counters {
  std::atomic<std::uint64_t> n3_received{0};
  std::atomic<std::uint64_t> n6_received{0};
  std::atomic<std::uint64_t> uplink_forwarded{0};
  std::atomic<std::uint64_t> downlink_forwarded{0};
  std::atomic<std::uint64_t> malformed_dropped{0};
  std::atomic<std::uint64_t> unknown_teid_dropped{0};
  std::atomic<std::uint64_t> unknown_ue_dropped{0};
  std::atomic<std::uint64_t> rule_dropped{0};
  std::atomic<std::uint64_t> send_failed_dropped{0};
  std::atomic<std::uint64_t> unsupported_dropped{0};
  std::atomic<std::uint64_t> echo_requests{0};
  std::atomic<std::uint64_t> error_indications_sent{0};
  std::atomic<std::uint64_t> error_indications_suppressed{0};
  std::atomic<std::uint64_t> error_indications_received{0};
  std::atomic<std::uint64_t> end_markers_forwarded{0};
  std::atomic<std::uint64_t> supported_extension_notifications_sent{0};
  std::atomic<std::uint64_t> uplink_to_cp_function{0};
  std::atomic<std::uint64_t> downlink_from_tunnel{0};
  std::atomic<std::uint64_t> unmatched_dropped{0};
};

/// Registry series one worker updates (null when no registry was configured).
struct worker_metrics {
  metrics::counter* uplink_packets = nullptr;
  metrics::counter* uplink_bytes = nullptr;
  metrics::counter* downlink_packets = nullptr;
  metrics::counter* downlink_bytes = nullptr;
  metrics::counter* malformed = nullptr;
  metrics::counter* unknown_teid = nullptr;
  metrics::counter* unknown_ue = nullptr;
  metrics::counter* rule = nullptr;
  metrics::counter* send_failed = nullptr;
  metrics::counter* unsupported = nullptr;
  metrics::counter* echo_requests = nullptr;
  metrics::counter* error_indications_sent = nullptr;
  metrics::counter* error_indications_received = nullptr;
  metrics::counter* end_markers = nullptr;
};

class worker;

}  // namespace detail

class datapath::impl {
 public:
  explicit impl(const datapath_config& c);
  ~impl();

  datapath_config config_;
  transport::socket_address n3_local_;
  config::ip_address n3_ip_;  ///< put in Error Indications as the GTP-U Peer Address
  /// N3 sockets: one per worker, all bound to one port with SO_REUSEPORT (docs/upf.md,
  /// "Threads"). The control thread sends its few datagrams (End Marker, buffer flush) on
  /// the first; a sendto next to a worker's sendmmsg on it is safe.
  std::vector<std::unique_ptr<transport::udp_socket>> n3_sockets_;
  /// N6: one queue of the TUN device per worker (IFF_MULTI_QUEUE when there are several
  /// workers: the kernel gives each downlink flow to one queue, so one worker, in order).
  /// Empty when the data path has no N6 (datapath_config::tun_name empty).
  std::vector<std::unique_ptr<transport::tun_device>> tun_queues_;

  detail::quiescence quiescence_;
  detail::lookup_table<detail::teid_traits> by_teid_;
  detail::lookup_table<detail::downlink_teid_traits> by_downlink_teid_;
  detail::lookup_table<detail::ipv4_traits> by_ipv4_;
  detail::lookup_table<detail::ipv6_traits> by_ipv6_;

  std::vector<std::unique_ptr<detail::worker>> workers_;
  std::atomic<bool> running_{false};
  /// Raised by a worker that marked a session's NOCP announcement pending: the control
  /// side scans the sessions only when it is non-zero (take_downlink_data_arrivals).
  std::atomic<std::uint64_t> downlink_reports_pending_{0};
  metrics::gauge* sessions_gauge_ = nullptr;

  // Control side only (under control_mutex_, never touched by workers).
  struct record {
    std::unique_ptr<detail::session_entry> entry;
    std::unique_ptr<detail::session_usage> usage;
    detail::rate_slots slots;  ///< its QERs' token buckets (session_build.h)
  };
  mutable std::mutex control_mutex_;
  std::unordered_map<std::uint64_t, record> sessions_;
  std::unordered_map<std::uint32_t, std::uint64_t> teid_owner_;  ///< uplink and downlink TEIDs
  std::unordered_map<std::uint32_t, std::uint64_t> ipv4_owner_;
  std::unordered_map<std::uint64_t, std::uint64_t> ipv6_owner_;

  void stop_workers();
  /// False for rules this data path cannot carry out: an uplink PDR to N6 without a TUN
  /// device.
  [[nodiscard]] bool can_apply(const session_rules& r) const;
};

}  // namespace glasscore::upf
