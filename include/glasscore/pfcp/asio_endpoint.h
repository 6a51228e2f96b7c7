#pragma once
/// \file
/// Runs a pfcp::node on an Asio io_context: waits for its UDP socket to become readable and
/// drains it into the node (udp_endpoint::poll). Runtime only (apps, NF wiring); the node
/// itself stays Asio-free (DESIGN.md §4, "Sans-I/O cores").

#include <asio/io_context.hpp>

#include "glasscore/pfcp/node.h"
#include "glasscore/transport/readable_watch.h"

namespace glasscore::pfcp {

class asio_endpoint {
 public:
  /// `endpoint` and `n` must outlive this object. Starts waiting at once.
  asio_endpoint(asio::io_context& io, udp_endpoint& endpoint, node& n);
  asio_endpoint(const asio_endpoint&) = delete;
  asio_endpoint& operator=(const asio_endpoint&) = delete;
  // Destroying it stops waiting; the socket stays open (udp_endpoint owns it).

 private:
  transport::readable_watch watch_;
};

}  // namespace glasscore::pfcp
