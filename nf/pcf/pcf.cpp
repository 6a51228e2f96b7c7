// PCF runtime: HTTP/2 server + router + pcf_service, metrics, NRF registration.
#include "glasscore/nf/pcf/pcf.h"

#include <fmt/format.h>

#include <map>

#include "glasscore/core/log.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/sbi/uri.h"

namespace glasscore::pcf {

namespace {

/// The NfInstanceId used when none is configured: a fixed UUID ending in the PCF's
/// default loopback octet, as the AUSF's default does.
constexpr std::string_view default_instance_id = "00000000-0000-4000-8000-000000000013";

}  // namespace

struct pcf::impl {
  impl(asio::io_context& context, pcf_service_options o, pcf_metrics m)
      : io(context), service(std::move(o), m) {}

  // Npcf_SMPolicyControl_UpdateNotify towards the SMF that gave `uri` (its
  // notificationUri): one HTTP/2 peer per apiRoot, made on first use.
  void notify(const std::string& uri, std::string body) {
    auto u = sbi::parse_http_uri(uri);
    if (!u || u->scheme != "http") {
      log->warn("SM policy notification to {} not sent: not an http URI", uri);
      return;
    }
    const std::string root = u->host + ":" + std::to_string(u->port);
    auto it = peers.find(root);
    if (it == peers.end()) {
      it = peers
               .emplace(root, std::make_unique<home::http_peer>(
                                  io, home::fixed_locator({u->host, u->port}), notify_timeout))
               .first;
    }
    it->second->send(home::json_request("POST", u->path, std::move(body)),
                     [log = log, uri](const home::peer_result& r) {
                       if (!home::is_success(r)) {
                         log->warn("SM policy notification to {} failed: {}", uri,
                                   r ? std::to_string(r->status) : r.error());
                       }
                     });
  }

  static constexpr std::chrono::milliseconds notify_timeout{5000};
  asio::io_context& io;
  std::shared_ptr<spdlog::logger> log = log::get("pcf");
  std::map<std::string, std::unique_ptr<home::http_peer>> peers;
  pcf_service service;
  sbi::router router;
  std::unique_ptr<http2::server> server;
};

pcf_options pcf_options_from_config(const config::glasscore_config& config, bool ephemeral_port) {
  pcf_options o;
  o.server.address = config.pcf.sbi.address.to_string();
  o.server.port = ephemeral_port ? 0 : config.pcf.sbi.port;
  o.service.dnns = config.dnns;
  for (const auto& plmn : config.plmns) {
    o.plmns.push_back({plmn.mcc, plmn.mnc});
  }
  for (const auto& s : config.slices) {
    o.slices.push_back(
        {s.sst, s.sd ? std::optional<std::string>(fmt::format("{:06x}", *s.sd)) : std::nullopt});
  }
  return o;
}

sbi::nf_profile pcf_profile(const pcf_options& options, const std::string& address,
                            std::uint16_t port) {
  sbi::nf_profile p;
  p.nf_instance_id =
      options.nf_instance_id.empty() ? std::string(default_instance_id) : options.nf_instance_id;
  p.type = sbi::nf_type::pcf;
  p.ipv4_addresses = {address};
  p.plmn_list = options.plmns;
  p.s_nssais = options.slices;
  int n = 0;
  // TS 29.510 §6.1.6.3.11 ServiceName values of the two services (TS 29.512 §5.1,
  // TS 29.507 §5.1).
  for (const char* name : {"npcf-smpolicycontrol", "npcf-am-policy-control"}) {
    sbi::nf_service svc;
    svc.service_instance_id = std::to_string(++n);
    svc.service_name = name;
    svc.versions = {{"v1", "1.0.0", {}}};
    svc.ip_end_points = {{address, {}, "TCP", port}};
    p.nf_services.push_back(std::move(svc));
  }
  return p;
}

pcf::pcf(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

pcf::~pcf() {
  impl_->server.reset();
  impl_->peers.clear();
}

expected<std::unique_ptr<pcf>, std::string> pcf::start(asio::io_context& io, pcf_options options) {
  pcf_metrics m;
  if (options.registry != nullptr) {
    auto sm = options.registry->add_gauge("pcf_sm_policy_associations",
                                          "SM policy associations held (in memory)");
    auto am = options.registry->add_gauge("pcf_am_policy_associations",
                                          "AM policy associations held (in memory)");
    auto req = options.registry->add_counter("pcf_requests_total",
                                             "Npcf requests answered, by operation and HTTP status",
                                             {"operation", "status"});
    if (!sm || !am || !req) {
      return unexpected<std::string>("PCF metrics: " +
                                     std::string(metrics::to_string(!sm   ? sm.error()
                                                                    : !am ? am.error()
                                                                          : req.error())));
    }
    m.sm_associations = &(*sm)->with({});
    m.am_associations = &(*am)->with({});
    m.requests = *req;
  }
  auto i = std::make_unique<impl>(io, options.service, m);
  i->service.add_routes(i->router);
  i->service.set_notifier(
      [raw = i.get()](std::string uri, std::string body) { raw->notify(uri, std::move(body)); });
  auto* router = &i->router;
  auto server = http2::server::start(
      io, options.server, [router](const http2::request& req, http2::responder r) {
        router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
      });
  if (!server) {
    return unexpected<std::string>("PCF: " + server.error());
  }
  i->server = std::move(*server);
  if (options.service.api_root.empty()) {
    i->service.set_api_root("http://" + options.server.address + ":" +
                            std::to_string(i->server->port()));
  }
  if (options.nrf != nullptr) {
    options.nrf->start_registration(pcf_profile(options, options.server.address, i->server->port()),
                                    std::move(options.on_registration_state));
  }
  return std::unique_ptr<pcf>(new pcf(std::move(i)));
}

std::uint16_t pcf::port() const {
  return impl_->server->port();
}
pcf_service& pcf::service() {
  return impl_->service;
}

}  // namespace glasscore::pcf
