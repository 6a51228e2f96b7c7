#pragma once
/// \file
/// The UPF data path's view of one PDU session: what the N4 side (nf/upf/n4_pfcp/) makes of
/// the session's PDRs, FARs and QERs (TS 29.244 §5.2) and hands to upf::datapath. Plain
/// values, no PFCP types: the data path knows tunnels and UE addresses, not PFCP IEs.
///
/// One session = one uplink and one downlink path, each with one or more PDRs (uplink_rule,
/// downlink_rule) the data path classifies packets by: among the PDRs whose match fields
/// (QFI, SDF filters) fit a packet, the lowest Precedence value wins (TS 29.244 §5.2.1); a
/// packet no PDR matches is dropped. Uplink packets arrive on the local F-TEID
/// and leave on N6 without their outer header or, at an intermediate UPF (I-UPF, TS 23.501
/// §5.6.4; TS 23.502 §4.3.2.2.1), go on over N9 in a G-PDU to the PDU Session Anchor's
/// F-TEID. Downlink packets are found by the UE's IPv4 address or IPv6 /64 prefix (from N6)
/// and/or by a local TEID (G-PDUs from a PSA over N9, or from the CP function), and leave in
/// a G-PDU with a PDU Session Container carrying the QFI towards the next hop: the gNB, or at
/// a PSA the I-UPF's N9 F-TEID. IPv6 sessions may add a tunnel pair with the CP function
/// (the SMF) for Router Solicitations and Advertisements (TS 23.501 §5.8.2.2.3): see
/// cp_function_diversion and session_rules::downlink_teid.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/ids.h"

namespace glasscore::upf {

/// PDRs per direction a session may have (the Router Solicitation PDR counts): the data
/// path scans them linearly per packet, so the number is bounded.
inline constexpr std::size_t max_pdrs_per_direction = 16;
/// Token buckets a session has: one per QER with an MBR and direction, enough for two QERs
/// on every PDR of both directions, so a session within max_pdrs_per_direction never runs out.
inline constexpr std::size_t max_rate_limits = 2 * 2 * max_pdrs_per_direction;

/// QoS enforcement for one direction (TS 29.244 §5.2.1.11, QER): gate status and maximum
/// bit rate. The MBR is enforced with a token bucket whose depth is `burst_bytes`, one per
/// QER `id` and direction: the PDRs of a session naming the same QER share it.
struct qos_enforcement {
  std::uint32_t id = 0;                   ///< the QER ID (TS 29.244 §8.2.75)
  bool gate_open = true;                  ///< Gate Status (TS 29.244 §8.2.7): closed -> drop
  std::uint64_t max_bit_rate = 0;         ///< MBR in bit/s (TS 29.244 §8.2.8); 0 = unlimited
  std::uint32_t burst_bytes = 64 * 1024;  ///< bucket depth when max_bit_rate > 0
  friend bool operator==(const qos_enforcement&, const qos_enforcement&) = default;
};

/// The far end of a GTP-U tunnel the UPF sends G-PDUs into (FAR Outer Header Creation
/// GTP-U/UDP/IPv4 or IPv6, TS 29.244 §8.2.56), UDP port 2152: the CP function's N4-u end
/// (Destination Interface CP-function, §8.2.24) or a PSA's N9 F-TEID (TS 23.501 §5.8.2.11.6).
struct gtpu_tunnel {
  config::ip_address address;  ///< the peer's IPv4 or IPv6 address
  gtpu_teid teid{};            ///< the peer's TEID
  friend bool operator==(const gtpu_tunnel&, const gtpu_tunnel&) = default;
};

/// A port range of an SDF filter, inclusive.
struct port_range {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  friend bool operator==(const port_range&, const port_range&) = default;
};

/// One SDF filter (TS 29.244 §5.2.1A.2A, the Flow Description of §8.2.5) in data path terms,
/// matched against the inner IP packet. The remote end is the packet's destination on the
/// uplink and its source on the downlink; the local end is the UE. Unset parts match any
/// packet. Ports are those of TCP, UDP and SCTP; a filter with ports matches no other
/// protocol and no IPv4 or IPv6 fragment but the first (which alone carries them).
struct packet_filter {
  std::optional<std::uint8_t> protocol;  ///< IPv4 Protocol / IPv6 upper-layer Next Header
  std::optional<config::ip_prefix> remote;
  std::optional<config::ip_prefix> local;  ///< "to assigned" and "to any" leave it unset
  std::vector<port_range> remote_ports;    ///< empty: any; else any of the ranges
  std::vector<port_range> local_ports;
  friend bool operator==(const packet_filter&, const packet_filter&) = default;
};

/// Uplink packets that go to the CP function instead of N6: IPv6 packets whose upper-layer
/// protocol (Next Header, after the extension headers) is `protocol` and whose destination
/// is `destination`, compared in full (the SDF filter "from <destination>/128"), when no
/// uplink PDR of lower Precedence value matches them first. The N4 side makes it from an
/// Access PDR on the uplink F-TEID with the SDF filter "permit out 58 from ff02::2 to
/// assigned" and a FAR forwarding to the CP function: the UE's Router Solicitations
/// (ICMPv6 to all-routers, RFC 4861 §6.3.7), which the SMF answers (TS 23.501 §5.8.2.2.3).
/// They pass unchanged, re-encapsulated in a G-PDU without extension header; the uplink
/// rule's action, QFI, anti-spoofing and QER checks do not apply to them (a Router
/// Solicitation comes from the UE's link-local address, not from its prefix).
struct cp_function_diversion {
  std::uint8_t protocol = 0;
  config::ip_address destination;  ///< family v6
  gtpu_tunnel tunnel;              ///< IPv4 (the data path sends from its N3 address)
  /// The RS PDR's Precedence (TS 29.244 §5.2.1): classified with the uplink PDRs; at equal
  /// values the diversion comes first.
  std::uint32_t precedence = 0;
  friend bool operator==(const cp_function_diversion&, const cp_function_diversion&) = default;
};

/// Uplink: PDR with source interface Access and the local F-TEID (N3 from the gNB, or N9
/// from an I-UPF at a PSA: to the data path both are G-PDUs on a local TEID), with its FAR
/// and QER(s). All uplink PDRs of a session share the local TEID.
struct uplink_rule {
  enum class action : std::uint8_t {
    forward_to_n6,  ///< FAR FORW, Outer Header Removal GTP-U/UDP/IP (TS 29.244 §8.2.64)
    drop,           ///< FAR DROP
    /// FAR FORW with Outer Header Creation GTP-U (TS 29.244 §8.2.56) to `next_hop`: the
    /// I-UPF's N9 uplink to the PSA (TS 23.501 §5.6.4). The inner packet goes on unchanged,
    /// with an UL PDU Session Container carrying the received container's QFI (TS 29.281
    /// §5.2.2.7, TS 38.415: the container is carried on N9 too), or none if none came.
    forward_to_tunnel,
  };
  gtpu_teid teid{};  ///< the UPF's local TEID (F-TEID chosen by the SMF or the UPF)
  action apply = action::forward_to_n6;
  gtpu_tunnel next_hop;  ///< for forward_to_tunnel: the PSA's N9 F-TEID
  /// When set, only G-PDUs whose PDU Session Container carries this QFI match the PDR (a
  /// QFI in its PDI, TS 29.244 §5.2.1A); others are left to the session's other PDRs.
  std::optional<qos_flow_id> required_qfi;
  qos_enforcement qer;
  /// Precedence (TS 29.244 §8.2.11): the lowest value among the matching PDRs wins.
  std::uint32_t precedence = 0;
  /// SDF filters of the PDI: the PDR matches a packet any of them matches; none: every packet.
  std::vector<packet_filter> filters;
  /// A second QER the PDR names (TS 29.244 §5.2.1.11: e.g. the QoS flow's MBR and the
  /// session AMBR): a packet passes only if both let it.
  std::optional<qos_enforcement> second_qer;
  /// The session's Router Solicitation PDR (session_rules::uplink only): one more uplink
  /// PDR, classified with the others by its precedence.
  std::optional<cp_function_diversion> to_cp_function;
  friend bool operator==(const uplink_rule&, const uplink_rule&) = default;
};

/// Downlink: PDR with source interface Core and the UE IP address (packets from N6) and/or
/// session_rules::downlink_teid (G-PDUs from a PSA or the CP function), with its FAR and
/// QER(s). The UE address is the session's: all downlink PDRs of a session carry the same.
/// Packets on the downlink TEID are classified by the same downlink PDRs as those from N6.
/// At a PSA behind an I-UPF, the "gNB" tunnel below is the I-UPF's N9 F-TEID: the data path
/// does not tell N3 from N9 (TS 23.501 §5.8.2.11.6).
struct downlink_rule {
  enum class action : std::uint8_t {
    forward_to_gnb,  ///< FAR FORW with Outer Header Creation GTP-U/UDP/IPv4|IPv6
    drop,            ///< FAR DROP
    /// FAR BUFF (UE idle, TS 23.502 §4.2.3.3; TS 29.244 §5.2.3): packets are held, in
    /// order, up to `buffer_packets` and `buffer_bytes` (more are counted as overflow).
    /// A later modify to forward_to_gnb sends them to the gNB first; to drop, or removing
    /// the session, discards them (counted).
    buffer,
  };
  std::optional<config::ip_address> ue_ipv4;  ///< UE IPv4 address (family v4)
  /// UE IPv6 /64 prefix (family v6; only the first 8 octets are used, TS 23.501 §5.8.2.2.3).
  std::optional<config::ip_address> ue_ipv6_prefix;
  action apply = action::drop;
  config::ip_address gnb_address;  ///< Outer Header Creation IPv4/IPv6 address (gNB or I-UPF)
  gtpu_teid gnb_teid{};            ///< Outer Header Creation TEID
  /// Put in the DL PDU Session Container (TS 38.415) of packets from N6 or the CP function;
  /// a G-PDU from a PSA keeps the QFI of its own container.
  qos_flow_id qfi{};
  qos_enforcement qer;
  /// Buffering limits: packets from the BAR's Suggested Buffering Packets Count (TS 29.244
  /// §7.5.2.6, §8.2.67) when the SMF gave one, else 64; octets of the IP packets, a fixed
  /// cap so a session cannot hold more than this much memory.
  std::uint32_t buffer_packets = 64;
  std::uint32_t buffer_bytes = 128 * 1024;
  /// Apply Action NOCP with BUFF (TS 29.244 §5.2.3.1, §8.2.26): the first packet buffered
  /// is announced to the N4 side (datapath::take_downlink_data_arrivals), once until the
  /// downlink rule changes, for a Session Report Request with a Downlink Data Report.
  bool notify_cp = false;
  std::uint32_t precedence = 0;               ///< as uplink_rule::precedence
  std::vector<packet_filter> filters;         ///< as uplink_rule::filters (remote end = source)
  std::optional<qos_enforcement> second_qer;  ///< as uplink_rule::second_qer
  friend bool operator==(const downlink_rule&, const downlink_rule&) = default;
};

/// Everything the data path needs for one PDU session.
struct session_rules {
  pfcp_seid seid{};  ///< the UPF's local SEID, the session's key for install/modify/remove
  /// The session's uplink and downlink PDRs: `uplink` and `downlink` and those in
  /// `other_uplink` / `other_downlink` (several PDRs, e.g. one per QoS flow, TS 23.501
  /// §5.7.1). The data path sorts them by precedence; `uplink.teid` and the UE address of
  /// `downlink` key the session. At most max_pdrs_per_direction each way.
  uplink_rule uplink;
  downlink_rule downlink;
  std::vector<uplink_rule> other_uplink;
  std::vector<downlink_rule> other_downlink;
  /// The local TEID on which downlink G-PDUs for the UE arrive: from the PSA over N9 at an
  /// I-UPF (PDR with Source Interface Core and a local F-TEID, TS 29.244 §8.2.2; TS 23.502
  /// §4.3.2.2.1), or from the CP function (Source Interface CP-function: the SMF's Router
  /// Advertisements, TS 23.501 §5.8.2.2.3). After Outer Header Removal the inner packet goes
  /// down as if it had come from N6 for this session (the downlink rule applies), without a
  /// UE address lookup. One per session: the data path keeps one such key per session.
  std::optional<gtpu_teid> downlink_teid;
  friend bool operator==(const session_rules&, const session_rules&) = default;
};

/// Usage of one session as the workers counted it (TS 29.244 §5.2.2.2, volume
/// measurement). Packets and octets are those forwarded; drops are counted apart.
struct session_counters {
  std::uint64_t uplink_packets = 0;
  std::uint64_t uplink_bytes = 0;  ///< octets of the inner (T-PDU) IP packets
  std::uint64_t downlink_packets = 0;
  std::uint64_t downlink_bytes = 0;  ///< octets of the IP packets before encapsulation
  /// FAR drop, gate closed, MBR exceeded, no PDR matched (wrong QFI, no SDF filter fits)
  std::uint64_t uplink_dropped = 0;
  std::uint64_t downlink_dropped = 0;
  /// Buffered packets discarded: the FAR changed to DROP or the session was removed.
  std::uint64_t downlink_buffer_dropped = 0;
  std::uint64_t downlink_buffer_overflow = 0;  ///< FAR BUFF packets refused: buffer full
  std::uint64_t downlink_buffered = 0;         ///< packets held at the time of the snapshot
  /// Packets no PDR of the session matched (TS 29.244 §5.2.1), also in *_dropped above.
  std::uint64_t uplink_unmatched = 0;
  std::uint64_t downlink_unmatched = 0;
};

}  // namespace glasscore::upf
