#pragma once
/// \file
/// The UPF's user plane (DESIGN.md §2, "User plane"; docs/upf.md): worker threads that move
/// G-PDUs between N3 (GTP-U over UDP, TS 29.281) and N6 (a TUN device), or over N9 to and
/// from another UPF (as intermediate UPF or as PDU Session Anchor), looking sessions up by
/// TEID (uplink, and downlink from a PSA or the CP function) and UE address (downlink) in
/// lock-free tables, with no allocation and no lock per forwarded packet (buffered packets,
/// FAR BUFF, take a per-session lock).
///
/// Threads: install/modify/remove/counters are called by one control thread (the N4 side);
/// they never stop the workers. Rules are immutable objects published through atomic table
/// slots and reclaimed once every worker has passed a quiescent point (RCU-like), so a
/// worker sees either the old or the new rules of a session, never a mix.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/upf/session_rules.h"
#include "glasscore/transport/socket_address.h"

namespace glasscore::upf {

struct datapath_config {
  /// N3 bind address; port 0 lets the kernel choose (tests), 2152 otherwise. Also the
  /// GTP-U Peer Address of our Error Indications: use a specific address, not 0.0.0.0.
  config::ip_address n3_address = config::ip_address::v4(127, 0, 0, 1);
  std::uint16_t n3_port = 2152;
  /// N6 TUN device, created if missing (at most 15 characters). With several workers it is
  /// multi-queue (IFF_MULTI_QUEUE, one queue per worker), so a device of that name created
  /// beforehand must be multi-queue too. Empty: no N6 (an I-UPF that only relays between N3
  /// and N9); rules forwarding uplink to N6 are then refused (invalid_rules).
  std::string tun_name = "glasscore-n6";
  /// When set, the TUN device gets this IPv4 address/prefix and is brought up (the kernel
  /// then routes the UE pool into it); leave unset when the device is configured outside.
  std::optional<config::ip_prefix> tun_ipv4;
  std::size_t workers = 1;           ///< 1..64 worker threads
  std::size_t max_sessions = 65536;  ///< table capacity (sessions installed at once)
  std::size_t batch_size = 32;       ///< datagrams per recvmmsg/sendmmsg and TUN reads per turn
  std::size_t buffers_per_worker = 2048;
  /// Error Indications (and Supported Extension Headers Notifications) per second per
  /// worker, towards senders of G-PDUs to unknown TEIDs (or with unknown required headers).
  std::uint32_t error_indications_per_second = 100;
  /// When set, the data path registers its counters there (glasscore_upf_packets_total,
  /// _bytes_total, _dropped_total{reason}, _gtpu_messages_total{message}, one series per
  /// worker) and the sessions gauge. The registry must outlive the data path.
  metrics::registry* metrics = nullptr;
};

enum class datapath_error : std::uint8_t {
  invalid_config,
  n3_socket_failed,  ///< bind/open failed (address in use, no such address)
  tun_failed,        ///< opening or configuring the TUN device failed (needs CAP_NET_ADMIN)
  thread_failed,
  duplicate_seid,
  unknown_seid,
  teid_in_use,        ///< another session already has this uplink (or CP function) TEID
  ue_address_in_use,  ///< another session already has this UE IPv4 address or IPv6 prefix
  table_full,
  invalid_rules,  ///< e.g. forward_to_gnb without a gNB address, forward_to_n6 without N6
  not_running,
};

[[nodiscard]] std::string_view to_string(datapath_error e);

/// Data path totals, summed over workers (also exported as metrics when a registry is set).
struct datapath_counters {
  std::uint64_t n3_received = 0;           ///< datagrams read from N3
  std::uint64_t n6_received = 0;           ///< IP packets read from the TUN device
  std::uint64_t uplink_forwarded = 0;      ///< written to the TUN device or sent on over N9
  std::uint64_t downlink_forwarded = 0;    ///< sent as G-PDUs to a gNB
  std::uint64_t malformed_dropped = 0;     ///< GTP-U that did not decode (and bad IP on N6)
  std::uint64_t unknown_teid_dropped = 0;  ///< G-PDU or End Marker for no session
  std::uint64_t unknown_ue_dropped = 0;    ///< N6 packet for no UE address
  /// FAR drop, buffer overflow, gate closed, MBR, no PDR matched (unmatched_dropped)
  std::uint64_t rule_dropped = 0;
  std::uint64_t send_failed_dropped = 0;  ///< sendmmsg/TUN write refused
  std::uint64_t unsupported_dropped = 0;  ///< GTP-U message types a UPF ignores
  std::uint64_t echo_requests = 0;        ///< answered with Echo Response
  std::uint64_t error_indications_sent = 0;
  std::uint64_t error_indications_suppressed = 0;  ///< over the rate limit
  std::uint64_t error_indications_received = 0;
  std::uint64_t end_markers_forwarded = 0;
  /// Answers to unknown comprehension-required extension headers (TS 29.281 §5.2.1),
  /// under the same rate limit as Error Indications (also counted in malformed_dropped).
  std::uint64_t supported_extension_notifications_sent = 0;
  /// Uplink packets sent to the CP function (session_rules.h, cp_function_diversion).
  std::uint64_t uplink_to_cp_function = 0;
  /// G-PDUs on a session's downlink TEID (from a PSA over N9, or from the CP function)
  /// sent down (also in downlink_forwarded; session_rules::downlink_teid).
  std::uint64_t downlink_from_tunnel = 0;
  /// Packets of a known session that none of its PDRs matched (TS 29.244 §5.2.1: no QFI or
  /// SDF filter fitted); also counted in rule_dropped.
  std::uint64_t unmatched_dropped = 0;
};

class datapath {
 public:
  /// Opens N3 and the TUN device and starts the workers.
  [[nodiscard]] static expected<std::unique_ptr<datapath>, datapath_error> start(
      const datapath_config& config);

  datapath(const datapath&) = delete;
  datapath& operator=(const datapath&) = delete;
  /// Stops the workers (stop()) and frees every session.
  ~datapath();

  /// Adds a session. Takes effect for the next packet a worker looks up.
  [[nodiscard]] expected<void, datapath_error> install(const session_rules& rules);
  /// Replaces a session's rules (same SEID); its counters carry over. With
  /// `send_end_marker`, when the downlink gNB tunnel changed (handover, TS 23.502
  /// §4.9.1.2.2), an End Marker (TS 29.281 §7.3.2) goes to the old tunnel first.
  [[nodiscard]] expected<void, datapath_error> modify(const session_rules& rules,
                                                      bool send_end_marker = false);
  /// Removes a session and returns its final usage (for the usage report of a PFCP Session
  /// Deletion Response, TS 29.244 §7.5.7). Packets a worker is handling at that moment
  /// still complete and may count in the removed session; later ones are dropped and
  /// counted as unknown TEID / unknown UE.
  [[nodiscard]] expected<session_counters, datapath_error> remove(pfcp_seid seid);
  /// The session's current usage, or nullopt for an unknown SEID.
  [[nodiscard]] std::optional<session_counters> counters(pfcp_seid seid) const;
  [[nodiscard]] std::size_t session_count() const;
  /// Sessions whose downlink rule asks for NOCP (downlink_rule::notify_cp) and buffered
  /// their first packet since the last call: each is returned once until its downlink rule
  /// changes. Cheap when there is none (one atomic exchange, no scan).
  [[nodiscard]] std::vector<pfcp_seid> take_downlink_data_arrivals();

  [[nodiscard]] datapath_counters totals() const;
  /// The bound N3 address (the port chosen when configured as 0).
  [[nodiscard]] const transport::socket_address& n3_local_address() const;
  /// The N6 TUN device's name; empty when the data path has no N6.
  [[nodiscard]] const std::string& tun_name() const;

  /// Stops and joins the workers; idempotent. Sessions stay installed (and readable).
  void stop();

  class impl;

 private:
  explicit datapath(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::upf
