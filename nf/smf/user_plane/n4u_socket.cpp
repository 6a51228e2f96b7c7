// The SMF's N4-u UDP socket on Asio (see n4u_socket.h).
#include "smf/user_plane/n4u_socket.h"

#include <fmt/format.h>

namespace glasscore::smf {

expected<std::unique_ptr<n4u_socket>, std::string> n4u_socket::open(
    asio::io_context& io, const transport::socket_address& local, std::uint16_t peer_port) {
  auto socket = transport::udp_socket::open(local);
  if (!socket) {
    return fail("N4-u socket on " + local.to_string() + ": " +
                std::string(transport::to_string(socket.error())));
  }
  return std::unique_ptr<n4u_socket>(new n4u_socket(io, std::move(*socket), peer_port));
}

n4u_socket::n4u_socket(asio::io_context& io, transport::udp_socket socket, std::uint16_t peer_port)
    : io_(io), socket_(std::move(socket)), peer_port_(peer_port) {}

n4u_socket::~n4u_socket() {
  watch_.reset();  // stop waiting before udp_socket closes the descriptor
}

transport::socket_address n4u_socket::local_address() const {
  return socket_.local_address().value_or(transport::socket_address{});
}

router_advertiser::sender n4u_socket::sender() {
  return [this](byte_span datagram, const ipv4_address& to) {
    const auto peer = transport::socket_address::parse(
        fmt::format("{}.{}.{}.{}", to[0], to[1], to[2], to[3]), peer_port_);
    if (!peer || !socket_.send_to(datagram, *peer)) {
      ++send_errors_;
    }
  };
}

void n4u_socket::attach(router_advertiser& ra) {
  ra_ = &ra;
  watch_.emplace(io_, socket_.fd(), [this] { drain(); });
}

void n4u_socket::drain() {
  // Bounded so that a flood on N4-u cannot starve the SMF's loop.
  for (int i = 0; i < 64; ++i) {
    auto got = socket_.receive_from(buffer_);
    if (!got) {
      return;  // would_block, or a datagram too long for GTP-U (counted by the socket)
    }
    ra_->handle_datagram(byte_span(buffer_.data(), got->size));
  }
}

}  // namespace glasscore::smf
