#pragma once
/// \file
/// The SMF's side of IPv6 stateless address autoconfiguration for PDU sessions (TS 23.501
/// §5.8.2.2.3): the SMF is the UE's first-hop router; its Router Advertisements and the
/// UE's Router Solicitations travel between SMF and UPF as G-PDUs on N4-u (TS 29.244
/// §5.2.1A.2A), and between UPF and UE on the session's N3 tunnel.
///
/// Sans-I/O: `open` gives each IPv6 session an SMF TEID (the UPF's FAR for solicitations
/// tunnels them to it), `set_upf_tunnel` records the F-TEID the UPF chose for
/// advertisements from the SMF, `advertise` sends the unsolicited RA once the UPF can
/// deliver it, and `handle_datagram` answers solicitations. Datagrams go out through the
/// injected sender (the runtime's UDP socket, n4u_socket.h). Every received datagram is
/// untrusted: what is not a valid solicitation for a known TEID is counted and dropped.

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include "glasscore/codec/ip/neighbor_discovery.h"
#include "glasscore/core/bytes.h"
#include "smf/context/sm_context.h"

namespace glasscore::smf {

/// What an advertisement for one session says.
struct ra_session {
  nd::prefix64 prefix{};
  nd::interface_id
      ue_interface_id{};  ///< the one in the accept's PDU address (TS 24.501 §9.11.4.10)
  std::optional<std::uint32_t> mtu;  ///< the DNN's link MTU (RFC 4861 §4.6.4)
};

struct n4u_counters {
  std::uint64_t datagrams_received = 0;
  std::uint64_t malformed = 0;         ///< not GTP-U
  std::uint64_t not_g_pdu = 0;         ///< GTP-U signalling: nothing to do for it here
  std::uint64_t unknown_teid = 0;      ///< G-PDU for no session of ours
  std::uint64_t not_solicitation = 0;  ///< T-PDU that is no valid Router Solicitation
  std::uint64_t solicitations = 0;     ///< answered
  std::uint64_t advertisements_sent = 0;
  std::uint64_t no_upf_tunnel = 0;  ///< RA not sent: the UPF's F-TEID is not known yet
};

class router_advertiser {
 public:
  /// Sends one GTP-U datagram to the UPF's address, UDP port 2152.
  using sender = std::function<void(byte_span datagram, const ipv4_address& to)>;

  explicit router_advertiser(sender send) : send_(std::move(send)) {}

  /// A session with an IPv6 prefix; returns its SMF TEID (never 0, unique among the open
  /// sessions).
  std::uint32_t open(const ra_session& s);
  /// The F-TEID of the UPF's PDR for packets from the CP function (Created PDR).
  void set_upf_tunnel(std::uint32_t teid, const tunnel_end& upf);
  /// The unsolicited advertisement to all nodes (RFC 4861 §6.2.4, TS 23.501 §5.8.2.2.3).
  void advertise(std::uint32_t teid);
  void close(std::uint32_t teid);

  /// One datagram received on N4-u.
  void handle_datagram(byte_span datagram);

  /// The SMF's link-local address on the session's link: fe80::1, or fe80::2 when the UE
  /// was given interface identifier 1 (TS 23.501 §5.8.2.2.2: the network's interface
  /// identifier must differ from the UE's).
  [[nodiscard]] static nd::ipv6_address router_address(const nd::interface_id& ue);
  /// The advertisement for `s` to `destination` (TS 29.061 §11.2.1.3.1 values).
  [[nodiscard]] static nd::router_advertisement advertisement_for(
      const ra_session& s, const nd::ipv6_address& destination);

  [[nodiscard]] const n4u_counters& counters() const { return counters_; }
  [[nodiscard]] std::size_t sessions() const { return sessions_.size(); }

 private:
  struct entry {
    ra_session session;
    std::optional<tunnel_end> upf;
  };
  void send_advertisement(entry& e, const nd::ipv6_address& destination);

  sender send_;
  std::unordered_map<std::uint32_t, entry> sessions_;
  std::uint32_t next_teid_ = 1;
  n4u_counters counters_;
};

}  // namespace glasscore::smf
