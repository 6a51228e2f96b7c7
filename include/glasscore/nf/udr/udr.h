#pragma once
/// \file
/// The UDR network function (TS 29.504): the entry object the runtime starts. It owns the
/// subscriber store, the HTTP/2 server and the Nudr_DataRepository routes (udr_service.h).
/// Public headers: include/glasscore/nf/udr/.

#include <cstdint>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/server.h"
#include "glasscore/nf/udr/udr_service.h"
#include "glasscore/store/subscriber_store.h"

namespace glasscore::udr {

struct udr_options {
  http2::server_options server;  ///< address/port of the SBI endpoint (port 0 allowed)
};

class udr {
 public:
  /// Starts the SBI server on `io` over `db` (e.g. store::open_sqlite_store(data_directory)).
  /// Call on the io_context thread (or before it runs).
  [[nodiscard]] static expected<std::unique_ptr<udr>, std::string> start(
      asio::io_context& io, udr_options options, std::unique_ptr<store::subscriber_store> db);
  udr(const udr&) = delete;
  udr& operator=(const udr&) = delete;
  ~udr();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] store::subscriber_store& subscribers();
  [[nodiscard]] udr_service& service();

  struct impl;

 private:
  explicit udr(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
};

}  // namespace glasscore::udr
