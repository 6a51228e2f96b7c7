#pragma once
/// \file
/// A PFCP node (node.h) with its UDP socket and its reader on an Asio io_context
/// (asio_endpoint.h), owned together: what the runtimes of the SMF and the UPF start;
/// tests of the logic use `node` directly.

#include <memory>

#include <asio/io_context.hpp>

#include "glasscore/pfcp/node.h"

namespace glasscore::pfcp {

class asio_endpoint;

class asio_node {
 public:
  /// Binds `local` (port pfcp_port in production, 0 in tests) and starts reading.
  [[nodiscard]] static expected<std::unique_ptr<asio_node>, transport::transport_error> start(
      asio::io_context& io, async::executor& ex, async::timer_service& timers,
      const transport::socket_address& local, node_config config, request_handler handler);
  asio_node(const asio_node&) = delete;
  asio_node& operator=(const asio_node&) = delete;
  ~asio_node();

  [[nodiscard]] node& get() { return *node_; }
  /// The bound address (with the port the kernel chose for port 0).
  [[nodiscard]] transport::socket_address local_address() const;

 private:
  asio_node() = default;
  std::unique_ptr<udp_endpoint> endpoint_;
  std::unique_ptr<node> node_;
  std::unique_ptr<asio_endpoint> reader_;
};

}  // namespace glasscore::pfcp
