// The gNB's N3 UDP socket on Asio (see n3_socket.h).
#include "glasscore/sim/n3_socket.h"

#include <cstring>

#include <netinet/in.h>

#include "glasscore/core/log.h"

namespace glasscore::sim {

namespace {

transport::socket_address to_address(const n3_peer& p) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(p.port);
  std::memcpy(&sa.sin_addr, p.ipv4.data(), 4);
  return transport::socket_address::from_sockaddr(reinterpret_cast<const sockaddr*>(&sa),
                                                  sizeof(sa))
      .value_or(transport::socket_address{});
}

std::optional<n3_peer> to_peer(const transport::socket_address& a) {
  if (a.family() != AF_INET) {
    return std::nullopt;  // the simulator's N3 is IPv4
  }
  sockaddr_in sa{};
  std::memcpy(&sa, a.native(), sizeof(sa));
  n3_peer p;
  std::memcpy(p.ipv4.data(), &sa.sin_addr, 4);
  p.port = ntohs(sa.sin_port);
  return p;
}

}  // namespace

expected<std::unique_ptr<n3_socket>, std::string> n3_socket::open(
    asio::io_context& io, const transport::socket_address& local) {
  auto socket = transport::udp_socket::open(local);
  if (!socket) {
    return fail("N3 socket on " + local.to_string() + ": " + transport::to_string(socket.error()));
  }
  return std::unique_ptr<n3_socket>(new n3_socket(io, std::move(*socket)));
}

n3_socket::n3_socket(asio::io_context& io, transport::udp_socket socket)
    : io_(io), socket_(std::move(socket)) {}

n3_socket::~n3_socket() {
  watch_.reset();  // stop waiting before udp_socket closes the descriptor
}

transport::socket_address n3_socket::local_address() const {
  return socket_.local_address().value_or(transport::socket_address{});
}

void n3_socket::attach(user_plane& up) {
  up_ = &up;
  watch_.emplace(io_, socket_.fd(), [this] { drain(); });
}

void n3_socket::drain() {
  // Bounded so one busy socket cannot starve the loop's other work.
  for (int i = 0; i < 256; ++i) {
    auto got = socket_.receive_from(buffer_);
    if (!got) {
      return;  // would_block, or a datagram too long for any GTP-U (counted by the socket)
    }
    if (auto peer = to_peer(got->source); peer && up_ != nullptr) {
      up_->handle_datagram(byte_span(buffer_.data(), got->size), *peer);
    }
  }
}

void n3_socket::on_send(byte_span datagram, const n3_peer& to) {
  if (!socket_.send_to(datagram, to_address(to))) {
    ++send_errors_;
  }
}

}  // namespace glasscore::sim
