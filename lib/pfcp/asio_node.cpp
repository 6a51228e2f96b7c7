#include "glasscore/pfcp/asio_node.h"

#include "glasscore/pfcp/asio_endpoint.h"

namespace glasscore::pfcp {

expected<std::unique_ptr<asio_node>, transport::transport_error> asio_node::start(
    asio::io_context& io, async::executor& ex, async::timer_service& timers,
    const transport::socket_address& local, node_config config, request_handler handler) {
  auto endpoint = udp_endpoint::open(local);
  if (!endpoint) {
    return fail(endpoint.error());
  }
  std::unique_ptr<asio_node> n(new asio_node());
  n->endpoint_ = std::make_unique<udp_endpoint>(std::move(*endpoint));
  n->node_ = std::make_unique<node>(ex, timers, std::move(config), n->endpoint_->sender(),
                                    std::move(handler));
  n->reader_ = std::make_unique<asio_endpoint>(io, *n->endpoint_, *n->node_);
  return n;
}

asio_node::~asio_node() {
  reader_.reset();  // stops reading before the node and the socket go
  node_.reset();
}

transport::socket_address asio_node::local_address() const {
  auto a = endpoint_->socket().local_address();
  return a ? *a : transport::socket_address{};
}

}  // namespace glasscore::pfcp
