#pragma once
/// \file
/// Opening a listening TCP socket on an Asio acceptor: the HTTP/2 server (the SBI) and the
/// metrics exporter listen the same way. SO_REUSEADDR is set so that a restarted process
/// can listen again while connections of the previous one are in TIME_WAIT.

#include <cstdint>
#include <string>

#include <asio/ip/tcp.hpp>

#include "glasscore/core/expected.h"

namespace glasscore::transport {

/// Opens `acceptor` on `address` (an IPv4 or IPv6 literal) and `port` (0: the kernel
/// chooses), binds and listens. The error says what failed: "address 'x' is not an IP address"
/// or "endpoint 127.0.0.1:80: Permission denied".
[[nodiscard]] expected<void, std::string> listen_tcp(asio::ip::tcp::acceptor& acceptor,
                                                     const std::string& address,
                                                     std::uint16_t port);

}  // namespace glasscore::transport
