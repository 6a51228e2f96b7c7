#pragma once
/// \file
/// A TUN device per UE PDU session, inside a network namespace of its own, so that ordinary
/// tools run over the session: `ip netns exec gc-ue-001010000000001-1 ping 10.200.0.2`.
///
/// The namespace is a named one (`ip netns add`, a bind mount under /run/netns), so users
/// and tests reach it by name. In it, the TUN device `gc-ue<PSI>` carries the UE's IPv4
/// address (/32), the global IPv6 address once a Router Advertisement gave the prefix
/// (/64), and the default routes. What the kernel writes to the device goes up the
/// session's tunnel through `user_plane::send_uplink` (the generator's G-PDU encapsulation,
/// with the UL PDU Session Container and the session's QFI); downlink packets for the UE
/// are written to the device (user_plane's `ue_packet_sink`).
///
/// The TUN descriptor is opened by a short-lived thread that enters the namespace
/// (setns(2) acts on the calling thread only) and ends there; the descriptor stays bound to
/// the device in that namespace and is read and written from the Asio loop's thread, which
/// never leaves its own namespace. Readiness comes from `transport::readable_watch`, with a
/// bounded number of packets per wake-up.
///
/// Setting a namespace up runs iproute2 (`ip netns add`, `ip -n ... route`) and waits for
/// it: a few milliseconds per session, on the loop, once. A namespace left by a previous run
/// that crashed has the same name and is deleted first. Needs root (CAP_SYS_ADMIN for
/// setns and the /run/netns mount, CAP_NET_ADMIN for the device), /dev/net/tun and `ip`.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/core/packet_buffer.h"
#include "glasscore/sim/scenario.h"
#include "glasscore/sim/user_plane.h"
#include "glasscore/transport/readable_watch.h"
#include "glasscore/transport/tun_device.h"

namespace glasscore::sim {

/// The network namespace of one UE session: `<prefix><IMSI digits>-<PDU session ID>`.
/// Nothing when the prefix is empty or has characters other than letters, digits, '-',
/// '_' and '.' (the name becomes a file under /run/netns), or the SUPI is not "imsi-"
/// followed by digits.
[[nodiscard]] std::optional<std::string> ue_namespace_name(std::string_view prefix,
                                                           std::string_view supi,
                                                           std::uint8_t pdu_session_id);

/// The TUN device inside that namespace, "gc-ue<PSI>": unique there, as the namespace is
/// the session's own, and within the 15 characters of an interface name.
[[nodiscard]] std::string ue_tun_device_name(std::uint8_t pdu_session_id);

struct ue_tun_counters {
  std::uint64_t uplink_packets = 0;    ///< read from the device, sent up the tunnel
  std::uint64_t uplink_dropped = 0;    ///< read while the session had no tunnel
  std::uint64_t downlink_packets = 0;  ///< written to the device
  std::uint64_t downlink_dropped = 0;  ///< the device refused the write
  std::uint64_t read_errors = 0;       ///< other than "nothing queued"
};

/// One session's namespace and TUN device; destroying it removes both.
class ue_tun final : public ue_packet_sink {
 public:
  /// Creates the namespace `namespace_name` (deleting a stale one of that name first), the
  /// device with `ipv4`/32 when given and the default route, and attaches to `up` as the
  /// session's packet sink. The session must have been given its address in `up`
  /// (`set_ue_address`).
  [[nodiscard]] static expected<std::unique_ptr<ue_tun>, std::string> create(
      asio::io_context& io, user_plane& up, const gnb_ue_link& ue, std::uint8_t pdu_session_id,
      std::string namespace_name, std::optional<std::array<std::uint8_t, 4>> ipv4);
  ue_tun(const ue_tun&) = delete;
  ue_tun& operator=(const ue_tun&) = delete;
  ~ue_tun() override;

  void on_downlink_packet(byte_span ip_packet) override;
  void on_ipv6_address(const std::array<std::uint8_t, 16>& address) override;

  [[nodiscard]] const std::string& namespace_name() const { return namespace_; }
  [[nodiscard]] const std::string& device_name() const { return device_; }
  [[nodiscard]] const ue_tun_counters& counters() const { return counters_; }

 private:
  ue_tun(user_plane& up, const gnb_ue_link& ue, std::uint8_t pdu_session_id,
         std::string namespace_name);
  void drain();

  user_plane& up_;
  const gnb_ue_link& ue_;
  std::uint8_t pdu_session_id_;
  std::string namespace_;
  std::string device_;
  bool namespace_created_ = false;
  std::optional<transport::tun_device> tun_;
  std::optional<transport::readable_watch> watch_;  ///< reset before the device closes
  packet_buffer_pool buffers_{2, 65536, 0};         ///< one to read into, one to write from
  ue_tun_counters counters_;
};

struct ue_tun_config {
  /// Start of every namespace name (ue_namespace_name). Namespaces are global to the
  /// machine: processes running side by side (parallel tests) need distinct prefixes.
  std::string namespace_prefix = "gc-ue-";
};

/// The TUN devices of every UE session of one user plane, following the UEs' session
/// events. Destroying it removes every namespace it created.
class ue_tun_manager {
 public:
  /// Checks what every session will need: root, /dev/net/tun and a valid prefix; the error
  /// says what is missing.
  [[nodiscard]] static expected<std::unique_ptr<ue_tun_manager>, std::string> create(
      asio::io_context& io, user_plane& up, ue_tun_config config);
  ue_tun_manager(const ue_tun_manager&) = delete;
  ue_tun_manager& operator=(const ue_tun_manager&) = delete;
  ~ue_tun_manager();

  /// One session event of `ue`, after the driver gave `up` the session's address:
  /// `established` with an address sets the session's namespace and device up (again, for
  /// a session established anew); `released`, `failed` and `rejected` remove them.
  expected<void, std::string> handle_session_event(sim_ue& ue, const session_event& event);

  [[nodiscard]] const ue_tun* find(const gnb_ue_link& ue, std::uint8_t pdu_session_id) const;
  [[nodiscard]] std::size_t size() const { return tuns_.size(); }

 private:
  ue_tun_manager(asio::io_context& io, user_plane& up, ue_tun_config config)
      : io_(io), up_(up), config_(std::move(config)) {}

  asio::io_context& io_;
  user_plane& up_;
  ue_tun_config config_;
  std::map<std::pair<const gnb_ue_link*, std::uint8_t>, std::unique_ptr<ue_tun>> tuns_;
};

}  // namespace glasscore::sim
