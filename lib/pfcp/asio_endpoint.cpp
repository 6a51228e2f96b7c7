// Readiness-driven receive loop of a PFCP node on Asio (see asio_endpoint.h).
#include "glasscore/pfcp/asio_endpoint.h"

namespace glasscore::pfcp {

asio_endpoint::asio_endpoint(asio::io_context& io, udp_endpoint& endpoint, node& n)
    : watch_(io, endpoint.socket().fd(), [&endpoint, &n] { endpoint.poll(n); }) {}

}  // namespace glasscore::pfcp
