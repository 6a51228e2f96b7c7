#pragma once
/// \file
/// The simulated gNB's N3 socket on Asio: one non-blocking UDP socket (normally the gNB's
/// N3 address, port 2152, TS 29.281 §4.4.2.3) that feeds every received datagram to a
/// `user_plane` and sends what the user plane emits. The runtime's part; the user plane
/// itself stays sans-I/O.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/sim/user_plane.h"
#include "glasscore/transport/readable_watch.h"
#include "glasscore/transport/socket_address.h"
#include "glasscore/transport/udp_socket.h"

namespace glasscore::sim {

class n3_socket final : public user_plane_notifier {
 public:
  /// Binds `local` (IPv4; port 0 lets the kernel choose, as tests do).
  [[nodiscard]] static expected<std::unique_ptr<n3_socket>, std::string> open(
      asio::io_context& io, const transport::socket_address& local);
  ~n3_socket() override;
  n3_socket(const n3_socket&) = delete;
  n3_socket& operator=(const n3_socket&) = delete;

  /// Starts delivering received datagrams to `up` (constructed with this notifier).
  void attach(user_plane& up);
  void on_send(byte_span datagram, const n3_peer& to) override;

  [[nodiscard]] transport::socket_address local_address() const;
  [[nodiscard]] std::uint64_t send_errors() const { return send_errors_; }

 private:
  n3_socket(asio::io_context& io, transport::udp_socket socket);
  void drain();

  asio::io_context& io_;
  transport::udp_socket socket_;
  user_plane* up_ = nullptr;
  std::optional<transport::readable_watch> watch_;  ///< from attach(); before the socket goes
  std::vector<std::uint8_t> buffer_ = std::vector<std::uint8_t>(65536);
  std::uint64_t send_errors_ = 0;
};

}  // namespace glasscore::sim
