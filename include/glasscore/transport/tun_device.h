#pragma once
/// \file
/// A Linux TUN device (layer 3, IFF_TUN | IFF_NO_PI), the UPF's N6 side: it writes
/// decapsulated uplink IP packets into it and reads out the IP packets the kernel routes
/// towards UE addresses.
///
/// Each read(2)/write(2) on the descriptor is exactly one IP packet (Documentation/
/// networking/tuntap.rst). The device is not persistent: closing the descriptor removes
/// the interface. Opening it, bringing it up and addressing it need CAP_NET_ADMIN.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "glasscore/core/expected.h"
#include "glasscore/core/packet_buffer.h"
#include "glasscore/transport/transport_error.h"
#include "glasscore/transport/unique_fd.h"

namespace glasscore::transport {

struct tun_options {
  /// IFF_MULTI_QUEUE (Documentation/networking/tuntap.rst, "Multiqueue tuntap interface"):
  /// the interface gets one queue per descriptor (open_queue() adds one); the kernel sends
  /// each flow's packets to one queue, chosen by a hash of the flow, so one reader per
  /// queue sees its flows in order. The interface lives until its last queue is closed.
  bool multi_queue = false;
};

class tun_device {
 public:
  /// Opens /dev/net/tun and creates the interface `name` (at most 15 characters), or a
  /// kernel-chosen "tunN" when `name` is empty. The descriptor is non-blocking.
  [[nodiscard]] static expected<tun_device, transport_error> open(std::string_view name = {},
                                                                  const tun_options& options = {});

  /// One more queue (descriptor) on this multi-queue interface; invalid_argument for a
  /// device opened without tun_options::multi_queue.
  [[nodiscard]] expected<tun_device, transport_error> open_queue() const;

  tun_device(tun_device&&) noexcept = default;
  tun_device& operator=(tun_device&&) noexcept = default;
  tun_device(const tun_device&) = delete;
  tun_device& operator=(const tun_device&) = delete;
  ~tun_device() = default;

  /// The interface name the kernel assigned.
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] int fd() const { return fd_.get(); }

  /// Assigns the IPv4 address `address` ("10.45.0.1") with a `prefix_length` netmask and
  /// sets the interface up, with the SIOCSIFADDR / SIOCSIFNETMASK / SIOCSIFFLAGS ioctls
  /// (netdevice(7)); the kernel then adds the connected route. IPv6 addressing would need
  /// rtnetlink and comes when the UPF serves IPv6 PDU sessions.
  [[nodiscard]] expected<void, transport_error> set_ipv4_address_and_up(std::string_view address,
                                                                        int prefix_length);

  /// Reads one IP packet into `buffer`, after its current data (normally an empty buffer
  /// with headroom). A packet longer than the buffer's tailroom is dropped and reported as
  /// message_too_long; would_block when no packet is queued.
  [[nodiscard]] expected<std::size_t, transport_error> read(packet_buffer& buffer);

  /// Writes `buffer`'s data as one IP packet.
  [[nodiscard]] expected<std::size_t, transport_error> write(const packet_buffer& buffer);

 private:
  tun_device(unique_fd fd, std::string name, bool multi_queue)
      : fd_(std::move(fd)), name_(std::move(name)), multi_queue_(multi_queue) {}

  unique_fd fd_;
  std::string name_;
  bool multi_queue_ = false;
};

}  // namespace glasscore::transport
