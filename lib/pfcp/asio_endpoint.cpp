// Readiness-driven receive loop of a PFCP node on Asio (see asio_endpoint.h).
#include "glasscore/pfcp/asio_endpoint.h"

#include <asio/posix/stream_descriptor.hpp>

namespace glasscore::pfcp {

struct asio_endpoint::state : std::enable_shared_from_this<state> {
  state(asio::io_context& io, udp_endpoint& e, node& nd)
      : descriptor(io, e.socket().fd()), endpoint(e), n(nd) {}
  ~state() {
    // The descriptor belongs to the udp_socket: let go of it without closing it.
    (void)descriptor.release();
  }

  void arm() {
    std::weak_ptr<state> weak = shared_from_this();
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                          [weak](const asio::error_code& ec) {
                            auto self = weak.lock();
                            if (!self || ec) {
                              return;  // stopped (operation_aborted) or gone
                            }
                            self->endpoint.poll(self->n);
                            self->arm();
                          });
  }

  asio::posix::stream_descriptor descriptor;
  udp_endpoint& endpoint;
  node& n;
};

asio_endpoint::asio_endpoint(asio::io_context& io, udp_endpoint& endpoint, node& n)
    : state_(std::make_shared<state>(io, endpoint, n)) {
  state_->arm();
}

asio_endpoint::~asio_endpoint() {
  asio::error_code ignored;
  state_->descriptor.cancel(ignored);
}

}  // namespace glasscore::pfcp
