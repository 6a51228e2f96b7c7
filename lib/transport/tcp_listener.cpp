#include "glasscore/transport/tcp_listener.h"

namespace glasscore::transport {

expected<void, std::string> listen_tcp(asio::ip::tcp::acceptor& acceptor,
                                       const std::string& address, std::uint16_t port) {
  asio::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) {
    return fail("address '" + address + "' is not an IP address");
  }
  const asio::ip::tcp::endpoint endpoint(ip, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return fail("endpoint " + address + ":" + std::to_string(port) + ": " + ec.message());
  }
  return {};
}

}  // namespace glasscore::transport
