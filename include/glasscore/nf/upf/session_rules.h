#pragma once
/// \file
/// The UPF data path's view of one PDU session: what the N4 side (nf/upf/n4_pfcp/) makes of
/// the session's PDRs, FARs and QERs (TS 29.244 §5.2) and hands to upf::datapath. Plain
/// values, no PFCP types: the data path knows tunnels and UE addresses, not PFCP IEs.
///
/// One session = one N3 tunnel pair: uplink packets arrive on the local F-TEID and leave on
/// N6 without their outer header; downlink packets for the UE's IPv4 address or IPv6 /64
/// prefix leave on N3 to the gNB's F-TEID with a PDU Session Container carrying the QFI.

#include <cstdint>
#include <optional>

#include "glasscore/config/config_types.h"
#include "glasscore/core/ids.h"

namespace glasscore::upf {

/// QoS enforcement for one direction (TS 29.244 §5.2.1.11, QER): gate status and maximum
/// bit rate. Enforced per session with a token bucket whose depth is `burst_bytes`.
struct qos_enforcement {
  bool gate_open = true;                  ///< Gate Status (TS 29.244 §8.2.7): closed -> drop
  std::uint64_t max_bit_rate = 0;         ///< MBR in bit/s (TS 29.244 §8.2.8); 0 = unlimited
  std::uint32_t burst_bytes = 64 * 1024;  ///< bucket depth when max_bit_rate > 0
  friend bool operator==(const qos_enforcement&, const qos_enforcement&) = default;
};

/// Uplink (N3 -> N6): PDR with source interface Access and the local F-TEID.
struct uplink_rule {
  enum class action : std::uint8_t {
    forward_to_n6,  ///< FAR FORW, Outer Header Removal GTP-U/UDP/IP (TS 29.244 §8.2.64)
    drop,           ///< FAR DROP
  };
  gtpu_teid teid{};  ///< the UPF's local TEID (F-TEID chosen by the SMF or the UPF)
  action apply = action::forward_to_n6;
  /// When set, G-PDUs whose PDU Session Container QFI differs (or that carry none) are
  /// dropped (PDR with a QFI in its PDI, TS 29.244 §5.2.1A).
  std::optional<qos_flow_id> required_qfi;
  qos_enforcement qer;
  friend bool operator==(const uplink_rule&, const uplink_rule&) = default;
};

/// Downlink (N6 -> N3): PDR with source interface Core and the UE IP address.
struct downlink_rule {
  enum class action : std::uint8_t {
    forward_to_gnb,  ///< FAR FORW with Outer Header Creation GTP-U/UDP/IPv4|IPv6
    drop,            ///< FAR DROP
    /// FAR BUFF (UE idle, TS 23.502 §4.2.3.3). Not buffered yet: dropped and counted in
    /// session_counters::downlink_buffer_dropped, so the SMF's paging trigger can be added
    /// later on top of that counter.
    buffer,
  };
  std::optional<config::ip_address> ue_ipv4;  ///< UE IPv4 address (family v4)
  /// UE IPv6 /64 prefix (family v6; only the first 8 octets are used, TS 23.501 §5.8.2.2.3).
  std::optional<config::ip_address> ue_ipv6_prefix;
  action apply = action::drop;
  config::ip_address gnb_address;  ///< Outer Header Creation IPv4/IPv6 address
  gtpu_teid gnb_teid{};            ///< Outer Header Creation TEID
  qos_flow_id qfi{};               ///< put in the DL PDU Session Container (TS 38.415)
  qos_enforcement qer;
  friend bool operator==(const downlink_rule&, const downlink_rule&) = default;
};

/// Everything the data path needs for one PDU session.
struct session_rules {
  pfcp_seid seid{};  ///< the UPF's local SEID, the session's key for install/modify/remove
  uplink_rule uplink;
  downlink_rule downlink;
  friend bool operator==(const session_rules&, const session_rules&) = default;
};

/// Usage of one session as the workers counted it (TS 29.244 §5.2.2.2, volume
/// measurement). Packets and octets are those forwarded; drops are counted apart.
struct session_counters {
  std::uint64_t uplink_packets = 0;
  std::uint64_t uplink_bytes = 0;  ///< octets of the inner (T-PDU) IP packets
  std::uint64_t downlink_packets = 0;
  std::uint64_t downlink_bytes = 0;  ///< octets of the IP packets before encapsulation
  std::uint64_t uplink_dropped = 0;  ///< FAR drop, gate closed, MBR exceeded, wrong QFI
  std::uint64_t downlink_dropped = 0;
  std::uint64_t downlink_buffer_dropped = 0;  ///< FAR BUFF packets (not buffered yet)
};

}  // namespace glasscore::upf
