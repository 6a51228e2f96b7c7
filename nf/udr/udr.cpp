// UDR runtime: HTTP/2 server + router + udr_service over the subscriber store.
#include "glasscore/nf/udr/udr.h"

namespace glasscore::udr {

struct udr::impl {
  explicit impl(std::unique_ptr<store::subscriber_store> s) : db(std::move(s)), service(*db) {}
  std::unique_ptr<store::subscriber_store> db;
  udr_service service;
  sbi::router router;
  std::unique_ptr<http2::server> server;
};

udr::udr(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

udr::~udr() {
  impl_->server.reset();
}

expected<std::unique_ptr<udr>, std::string> udr::start(
    asio::io_context& io, udr_options options, std::unique_ptr<store::subscriber_store> db) {
  if (!db) {
    return unexpected<std::string>("UDR: no subscriber store");
  }
  auto i = std::make_unique<impl>(std::move(db));
  i->service.add_routes(i->router);
  auto* router = &i->router;
  auto server = http2::server::start(
      io, options.server, [router](const http2::request& req, http2::responder r) {
        router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
      });
  if (!server) {
    return unexpected<std::string>("UDR: " + server.error());
  }
  i->server = std::move(*server);
  return std::unique_ptr<udr>(new udr(std::move(i)));
}

std::uint16_t udr::port() const {
  return impl_->server->port();
}
store::subscriber_store& udr::subscribers() {
  return *impl_->db;
}
udr_service& udr::service() {
  return impl_->service;
}

}  // namespace glasscore::udr
