// NRF runtime: HTTP/2 server + router + registry + expiry timer + notification clients.
#include "glasscore/nf/nrf/nrf.h"

#include <map>

#include <asio/steady_timer.hpp>

#include "glasscore/core/log.h"
#include "glasscore/http2/client.h"
#include "glasscore/nf/nrf/sbi_api.h"
#include "glasscore/sbi/uri.h"

namespace glasscore::nrf {

namespace {

class steady_clock_source final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return async::clock_type::now(); }
};

// NFStatusNotify over HTTP/2: one client (one connection) per subscriber host:port.
class http_notifier final : public status_notifier {
 public:
  http_notifier(asio::io_context& io, std::chrono::milliseconds timeout)
      : io_(io), timeout_(timeout), stats_(std::make_shared<notify_stats>()) {}

  void on_status_notify(const std::string& notification_uri, const std::string& body) override {
    auto uri = sbi::parse_http_uri(notification_uri);
    if (!uri || uri->scheme != "http") {
      ++stats_->failed;  // https needs the TLS client (not in lib/http2 yet)
      log::get("nrf")->warn("NFStatusNotify to {} not sent: only http is supported",
                            notification_uri);
      return;
    }
    const auto key = uri->host + "|" + std::to_string(uri->port);
    auto it = clients_.find(key);
    if (it == clients_.end()) {
      http2::client_options o;
      o.host = uri->host;
      o.port = uri->port;
      auto c = http2::client::create(io_, o);
      if (!c) {
        ++stats_->failed;
        return;
      }
      it = clients_.emplace(key, std::move(*c)).first;
    }
    // The stats live in a shared_ptr: a response may arrive after the NRF is gone.
    it->second->request(
        "POST", uri->path, {{"content-type", "application/json"}}, body, timeout_,
        [stats = stats_, notification_uri](expected<http2::response, http2::client_error> r) {
          if (r && r->status >= 200 && r->status < 300) {
            ++stats->sent;
            return;
          }
          ++stats->failed;
          log::get("nrf")->warn(
              "NFStatusNotify to {} failed: {}", notification_uri,
              r ? "HTTP " + std::to_string(r->status) : std::string(http2::to_string(r.error())));
        });
  }

  [[nodiscard]] notify_stats stats() const { return *stats_; }

 private:
  asio::io_context& io_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<notify_stats> stats_;
  std::map<std::string, std::unique_ptr<http2::client>> clients_;
};

}  // namespace

struct nrf::impl {
  impl(asio::io_context& io, nrf_options o)
      : options(std::move(o)),
        clock(options.clock != nullptr ? options.clock : &own_clock),
        notifier(io, options.notify_timeout),
        reg(*clock, options.registry, notifier),
        timer(io) {}

  void arm() {
    timer.expires_after(options.expiry_check_interval);
    timer.async_wait([this, alive = std::weak_ptr<bool>(alive_flag)](const asio::error_code& ec) {
      if (ec || alive.expired()) {
        return;
      }
      reg.check_expiry();
      arm();
    });
  }

  nrf_options options;
  steady_clock_source own_clock;
  const async::clock* clock;
  http_notifier notifier;
  registry reg;
  sbi::router router;
  asio::steady_timer timer;
  std::unique_ptr<http2::server> server;
  std::shared_ptr<bool> alive_flag = std::make_shared<bool>(true);
};

nrf::nrf(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

nrf::~nrf() {
  impl_->alive_flag.reset();
  impl_->timer.cancel();
  impl_->server.reset();
}

expected<std::unique_ptr<nrf>, std::string> nrf::start(asio::io_context& io, nrf_options options) {
  auto i = std::make_unique<impl>(io, std::move(options));
  add_routes(i->router, i->reg);
  auto* router = &i->router;
  auto server = http2::server::start(
      io, i->options.server, [router](const http2::request& req, http2::responder r) {
        router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
      });
  if (!server) {
    return unexpected<std::string>("NRF: " + server.error());
  }
  i->server = std::move(*server);
  if (i->options.registry.api_root.empty()) {
    i->reg.set_api_root("http://" + i->options.server.address + ":" +
                        std::to_string(i->server->port()));
  }
  i->arm();
  return std::unique_ptr<nrf>(new nrf(std::move(i)));
}

std::uint16_t nrf::port() const {
  return impl_->server->port();
}
registry& nrf::get_registry() {
  return impl_->reg;
}
void nrf::check_expiry() {
  impl_->reg.check_expiry();
}
notify_stats nrf::notifications() const {
  return impl_->notifier.stats();
}

}  // namespace glasscore::nrf
