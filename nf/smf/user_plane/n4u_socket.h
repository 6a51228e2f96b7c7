#pragma once
/// \file
/// The SMF's N4-u endpoint on Asio: a UDP socket on the SMF's N4 address, port 2152 (TS
/// 29.281 §4.4.2.3; TS 29.244 §5.2.1A.2A user plane between CP and UP function), feeding
/// received datagrams to the router advertiser and sending what it emits to the UPF.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/transport/readable_watch.h"
#include "glasscore/transport/socket_address.h"
#include "glasscore/transport/udp_socket.h"
#include "smf/user_plane/router_advertiser.h"

namespace glasscore::smf {

class n4u_socket {
 public:
  /// Binds `local` (IPv4; port 0 lets the kernel choose, as unit tests do). `peer_port` is
  /// where the UPF's GTP-U endpoint listens (2152).
  [[nodiscard]] static expected<std::unique_ptr<n4u_socket>, std::string> open(
      asio::io_context& io, const transport::socket_address& local, std::uint16_t peer_port = 2152);
  ~n4u_socket();
  n4u_socket(const n4u_socket&) = delete;
  n4u_socket& operator=(const n4u_socket&) = delete;

  /// The advertiser's sender: `router_advertiser{socket.sender()}`.
  [[nodiscard]] router_advertiser::sender sender();
  /// Starts delivering received datagrams to `ra`.
  void attach(router_advertiser& ra);

  [[nodiscard]] transport::socket_address local_address() const;
  [[nodiscard]] std::uint64_t send_errors() const { return send_errors_; }

 private:
  n4u_socket(asio::io_context& io, transport::udp_socket socket, std::uint16_t peer_port);
  void drain();

  asio::io_context& io_;
  transport::udp_socket socket_;
  std::uint16_t peer_port_;
  router_advertiser* ra_ = nullptr;
  std::optional<transport::readable_watch> watch_;  ///< from attach(); before the socket goes
  std::vector<std::uint8_t> buffer_ = std::vector<std::uint8_t>(65536);
  std::uint64_t send_errors_ = 0;
};

}  // namespace glasscore::smf
