// AUSF runtime: HTTP/2 server + router + ausf_service, expiry timer, HTTP/2 client to the UDM.
#include "glasscore/nf/ausf/ausf.h"

#include <asio/steady_timer.hpp>

namespace glasscore::ausf {

namespace {

class steady_clock_source final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return async::clock_type::now(); }
};

}  // namespace

struct ausf::impl {
  impl(asio::io_context& io, ausf_options& o)
      : interval(o.expiry_check_interval),
        udm(io, std::move(o.udm_locator), o.udm_timeout),
        service(o.clock != nullptr ? *o.clock : own_clock, o.service, udm.requester()),
        timer(io) {}

  void arm() {
    timer.expires_after(interval);
    timer.async_wait([this, alive = std::weak_ptr<bool>(alive_flag)](const asio::error_code& ec) {
      if (ec || alive.expired()) {
        return;
      }
      service.expire();
      arm();
    });
  }

  std::chrono::milliseconds interval;
  steady_clock_source own_clock;
  home::http_peer udm;
  ausf_service service;
  sbi::router router;
  asio::steady_timer timer;
  std::unique_ptr<http2::server> server;
  std::shared_ptr<bool> alive_flag = std::make_shared<bool>(true);
};

ausf::ausf(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

ausf::~ausf() {
  impl_->alive_flag.reset();
  impl_->timer.cancel();
  impl_->server.reset();
}

expected<std::unique_ptr<ausf>, std::string> ausf::start(asio::io_context& io,
                                                         ausf_options options) {
  if (!options.udm_locator) {
    return unexpected<std::string>("AUSF: no way to find the UDM");
  }
  auto i = std::make_unique<impl>(io, options);
  i->service.add_routes(i->router);
  auto* router = &i->router;
  auto server = http2::server::start(
      io, options.server, [router](const http2::request& req, http2::responder r) {
        router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
      });
  if (!server) {
    return unexpected<std::string>("AUSF: " + server.error());
  }
  i->server = std::move(*server);
  if (options.service.api_root.empty()) {
    i->service.set_api_root("http://" + options.server.address + ":" +
                            std::to_string(i->server->port()));
  }
  i->arm();
  return std::unique_ptr<ausf>(new ausf(std::move(i)));
}

std::uint16_t ausf::port() const {
  return impl_->server->port();
}
ausf_service& ausf::service() {
  return impl_->service;
}

}  // namespace glasscore::ausf
