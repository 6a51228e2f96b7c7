#pragma once
/// \file
/// The simulator's user plane: the gNB side of N3 (GTP-U, TS 29.281) for every UE's PDU
/// sessions, and a traffic generator per session (ICMP echo per RFC 792 / RFC 4443, and
/// UDP) measuring round-trip times and loss.
///
/// `user_plane` is sans-I/O: it learns tunnels from the gNB (it is a gnb_session_handler),
/// UE addresses from the driver (`set_ue_address`, after the UE's session_event), takes
/// received datagrams in `handle_datagram` and sends through `user_plane_notifier`. Time
/// comes from the injected timer service. `n3_socket` (n3_socket.h) wires it to a UDP
/// socket on Asio.
///
/// Every datagram is untrusted: undecodable ones, unknown TEIDs and packets addressed to
/// another UE are counted and dropped, never asserted on.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "glasscore/async/timer.h"
#include "glasscore/core/bytes.h"
#include "glasscore/sim/gnb.h"

namespace glasscore::sim {

/// An IPv4 address and UDP port of a GTP-U peer.
struct n3_peer {
  std::array<std::uint8_t, 4> ipv4{};
  std::uint16_t port = 2152;
  friend bool operator==(const n3_peer&, const n3_peer&) = default;
};

/// Outbound interface: datagrams to send from the gNB's N3 socket.
class user_plane_notifier {
 public:
  virtual ~user_plane_notifier() = default;
  virtual void on_send(byte_span datagram, const n3_peer& to) = 0;

 protected:
  user_plane_notifier() = default;
  user_plane_notifier(const user_plane_notifier&) = default;
  user_plane_notifier& operator=(const user_plane_notifier&) = default;
};

/// Where one session's downlink IP packets go besides the built-in generator: the UE's TUN
/// device (ue_tun.h), so the kernel of a UE network namespace sees them.
class ue_packet_sink {
 public:
  virtual ~ue_packet_sink() = default;
  /// A downlink IP packet addressed to this UE (its IPv4 address or interface identifier).
  virtual void on_downlink_packet(byte_span ip_packet) = 0;
  /// The session's global IPv6 address: the /64 of a Router Advertisement with the
  /// interface identifier from the PDU address (TS 23.501 §5.8.2.2.3).
  virtual void on_ipv6_address(const std::array<std::uint8_t, 16>& address) = 0;

 protected:
  ue_packet_sink() = default;
  ue_packet_sink(const ue_packet_sink&) = default;
  ue_packet_sink& operator=(const ue_packet_sink&) = default;
};

struct user_plane_config {
  /// UDP port the UPF listens on (TS 29.281 §4.4.2.3: 2152; tests use a free port).
  std::uint16_t upf_port = 2152;
  /// Our own N3 address, for the GTP-U Peer Address of Error Indications (§7.3.1).
  std::array<std::uint8_t, 4> n3_ipv4{127, 0, 0, 1};
  /// Answer a G-PDU for an unknown TEID with Error Indication (TS 29.281 §7.3.1).
  bool send_error_indication = true;
  /// IPv6 sessions solicit a Router Advertisement until one arrives (RFC 4861 §6.3.7,
  /// §10: RTR_SOLICITATION_INTERVAL, MAX_RTR_SOLICITATIONS).
  std::chrono::milliseconds router_solicitation_interval{4000};
  std::uint32_t max_router_solicitations = 3;
};

/// ICMP echo (IPv4, RFC 792; or ICMPv6, RFC 4443) from one UE session.
struct ping_config {
  std::array<std::uint8_t, 4> target_ipv4{};
  /// When set, ICMPv6 echo to this address from the session's global IPv6 address (the
  /// prefix learnt from the Router Advertisement with the network's interface identifier).
  std::optional<std::array<std::uint8_t, 16>> target_ipv6;
  std::chrono::milliseconds interval{100};
  std::size_t payload_size = 56;  ///< octets after the ICMP header
  std::uint32_t count = 10;       ///< requests per start_ping; 0 = until stopped
  /// A request with no reply after this long is counted lost.
  std::chrono::milliseconds timeout{1000};
};

/// UDP datagrams from one UE session at a fixed rate.
struct udp_flow_config {
  std::array<std::uint8_t, 4> target_ipv4{};
  std::uint16_t source_port = 40000;
  std::uint16_t target_port = 9;  ///< discard
  std::chrono::microseconds interval{1000};
  std::size_t payload_size = 512;
  std::uint32_t count = 100;  ///< datagrams per start_udp; 0 = until stopped
};

struct ping_stats {
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t lost = 0;        ///< timed out
  std::uint64_t duplicates = 0;  ///< replies to a request already answered or unknown
  std::vector<std::chrono::microseconds> rtts;
  [[nodiscard]] std::chrono::microseconds min() const;
  [[nodiscard]] std::chrono::microseconds avg() const;
  /// Nearest-rank percentile, 0 when there is no sample.
  [[nodiscard]] std::chrono::microseconds percentile(double p) const;
};

struct udp_stats {
  std::uint64_t sent = 0;
  std::uint64_t sent_bytes = 0;
  std::uint64_t received = 0;  ///< UDP datagrams delivered to this UE
  std::uint64_t received_bytes = 0;
};

/// Per-session counters of what arrived on the downlink.
struct session_traffic {
  std::uint64_t uplink_packets = 0;
  std::uint64_t uplink_bytes = 0;
  std::uint64_t downlink_packets = 0;
  std::uint64_t downlink_bytes = 0;
  /// Downlink packets whose destination was not this UE's address (the acceptance test
  /// checks traffic reaches only its own UE).
  std::uint64_t wrong_destination = 0;
  std::optional<std::uint8_t> last_downlink_qfi;
  /// IPv6 address autoconfiguration (TS 23.501 §5.8.2.2.3, RFC 4862 with RFC 4861 router
  /// messages): the /64 of the last valid Router Advertisement.
  std::optional<std::array<std::uint8_t, 8>> ipv6_prefix;
  std::uint64_t router_solicitations_sent = 0;
  std::uint64_t router_advertisements = 0;          ///< valid, with an autonomous /64
  std::uint64_t invalid_router_advertisements = 0;  ///< dropped (RFC 4861 §6.1.2)
  ping_stats ping;
  udp_stats udp;
};

struct user_plane_counters {
  std::uint64_t datagrams_received = 0;
  std::uint64_t decode_errors = 0;  ///< not GTP-U, or malformed
  std::uint64_t unknown_teid = 0;   ///< G-PDU for no tunnel of ours: dropped
  std::uint64_t not_ip = 0;         ///< T-PDU that is neither IPv4 nor IPv6
  std::uint64_t echo_requests = 0;  ///< answered with Echo Response
  std::uint64_t echo_responses = 0;
  std::uint64_t error_indications_received = 0;
  std::uint64_t error_indications_sent = 0;
  std::uint64_t end_markers = 0;
  std::uint64_t other_messages = 0;
  std::uint64_t no_address = 0;  ///< traffic asked of a session without an address
};

enum class user_plane_error : std::uint8_t { no_session, no_address, no_tunnel };

class user_plane final : public gnb_session_handler {
 public:
  user_plane(user_plane_config config, user_plane_notifier& notifier, async::timer_service& timers);
  ~user_plane() override;
  user_plane(const user_plane&) = delete;
  user_plane& operator=(const user_plane&) = delete;

  // gnb_session_handler: the gNB's tunnels.
  void on_session_setup(gnb_ue_link& ue, const gnb_pdu_session& session) override;
  void on_session_released(gnb_ue_link& ue, const gnb_pdu_session& session) override;

  /// The UE's addresses for one session (from its session_event `established`): the
  /// source of its uplink packets and what its downlink packets must be addressed to.
  void set_ue_address(const gnb_ue_link& ue, std::uint8_t pdu_session_id,
                      std::optional<std::array<std::uint8_t, 4>> ipv4,
                      std::optional<std::array<std::uint8_t, 8>> ipv6_interface_id = {});

  /// Also hands the session's downlink packets to `sink` (nullptr: no more), except echo
  /// replies for the session's ping generator once it was started. Tells `sink` the IPv6
  /// address at once when the prefix is known already, and on each new prefix.
  void set_packet_sink(const gnb_ue_link& ue, std::uint8_t pdu_session_id, ue_packet_sink* sink);

  /// One received N3 datagram and its source.
  void handle_datagram(byte_span datagram, const n3_peer& from);

  /// Sends one IP packet from the UE on the session's tunnel (G-PDU with UL PDU SESSION
  /// INFORMATION, TS 38.415 §5.5.2.2, carrying the session's first QFI).
  expected<void, user_plane_error> send_uplink(const gnb_ue_link& ue, std::uint8_t pdu_session_id,
                                               byte_span ip_packet);

  /// Starts (or restarts) the session's ping / UDP generator.
  expected<void, user_plane_error> start_ping(const gnb_ue_link& ue, std::uint8_t pdu_session_id,
                                              const ping_config& config);
  expected<void, user_plane_error> start_udp(const gnb_ue_link& ue, std::uint8_t pdu_session_id,
                                             const udp_flow_config& config);
  void stop_traffic(const gnb_ue_link& ue, std::uint8_t pdu_session_id);
  /// Whether every started generator has sent its count and every request is answered or
  /// lost.
  [[nodiscard]] bool traffic_done() const;

  /// Sends an Echo Request to a peer (TS 29.281 §7.2.1).
  void send_echo_request(const n3_peer& to);

  [[nodiscard]] const session_traffic* traffic(const gnb_ue_link& ue,
                                               std::uint8_t pdu_session_id) const;
  [[nodiscard]] const user_plane_counters& counters() const { return counters_; }
  [[nodiscard]] std::size_t tunnel_count() const { return by_teid_.size(); }

 private:
  struct session;
  using key = std::pair<const gnb_ue_link*, std::uint8_t>;
  session* find(const gnb_ue_link& ue, std::uint8_t id);
  session& slot(const gnb_ue_link& ue, std::uint8_t id);
  void send_g_pdu(session& s, byte_span ip_packet);
  /// Starts soliciting a Router Advertisement when the session has its tunnel and an
  /// interface identifier but no prefix yet.
  void solicit_router(session& s);
  void solicitation_tick(session& s);
  /// Takes a downlink Router Advertisement (true when the packet was one, valid or not).
  bool on_router_advertisement(session& s, byte_span ip_packet);
  void on_downlink(session& s, byte_span ip_packet, std::optional<std::uint8_t> qfi);
  void ping_tick(session& s);
  void udp_tick(session& s);
  void expire_pings(session& s);

  user_plane_config config_;
  user_plane_notifier& notifier_;
  async::timer_service& timers_;
  std::map<key, std::unique_ptr<session>> sessions_;
  std::map<std::uint32_t, session*> by_teid_;  ///< downlink TEID -> session
  std::uint16_t echo_sequence_ = 0;
  user_plane_counters counters_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace glasscore::sim
