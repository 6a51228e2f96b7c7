// UDM runtime: HTTP/2 server + router + udm_service, HTTP/2 client to the UDR.
#include "glasscore/nf/udm/udm.h"

namespace glasscore::udm {

struct udm::impl {
  impl(asio::io_context& io, udm_options& o) : udr(io, std::move(o.udr_locator), o.udr_timeout) {}
  home::http_peer udr;
  std::unique_ptr<udm_service> service;
  sbi::router router;
  std::unique_ptr<http2::server> server;
};

udm::udm(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

udm::~udm() {
  impl_->server.reset();
  impl_->service.reset();  // before the client, whose cancelled requests call back
}

expected<std::unique_ptr<udm>, std::string> udm::start(asio::io_context& io, udm_options options) {
  if (!options.udr_locator) {
    return unexpected<std::string>("UDM: no way to find the UDR");
  }
  auto i = std::make_unique<impl>(io, options);
  auto service = udm_service::create(options.service, i->udr.requester());
  if (!service) {
    return unexpected<std::string>(service.error());
  }
  i->service = std::move(*service);
  i->service->add_routes(i->router);
  auto* router = &i->router;
  auto server = http2::server::start(
      io, options.server, [router](const http2::request& req, http2::responder r) {
        router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
      });
  if (!server) {
    return unexpected<std::string>("UDM: " + server.error());
  }
  i->server = std::move(*server);
  if (options.service.api_root.empty()) {
    i->service->set_api_root("http://" + options.server.address + ":" +
                             std::to_string(i->server->port()));
  }
  return std::unique_ptr<udm>(new udm(std::move(i)));
}

std::uint16_t udm::port() const {
  return impl_->server->port();
}
udm_service& udm::service() {
  return *impl_->service;
}

}  // namespace glasscore::udm
