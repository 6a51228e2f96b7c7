#include "glasscore/nf/core/core_network.h"

#include <fmt/format.h>

#include <random>

#include "amf/sbi/home_network_client.h"
#include "glasscore/async/asio_executor.h"
#include "glasscore/nf/ausf/ausf.h"
#include "glasscore/nf/nrf/nrf.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/nf/udm/nrf_locator.h"
#include "glasscore/nf/udm/udm.h"
#include "glasscore/nf/udr/udr.h"
#include "glasscore/sbi/nrf_client.h"
#include "glasscore/store/sqlite_store.h"

namespace glasscore::core_network {

namespace {

constexpr std::chrono::milliseconds sbi_timeout{3000};

// A random (version 4) UUID for an NfInstanceId (TS 29.571 §5.3.2: NfInstanceId is a
// UUID, RFC 4122).
std::string new_uuid(std::mt19937_64& rng) {
  const std::uint64_t hi = (rng() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (rng() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32U, (hi >> 16U) & 0xffffU,
                     hi & 0xffffU, lo >> 48U, lo & 0xffffffffffffULL);
}

http2::server_options server_on(const config::sbi_server& s, bool ephemeral) {
  http2::server_options o;
  o.address = s.address.to_string();
  o.port = ephemeral ? 0 : s.port;
  return o;
}

sbi::nf_profile profile(std::mt19937_64& rng, sbi::nf_type type, const std::string& address,
                        std::uint16_t port, std::initializer_list<std::string_view> services,
                        const config::glasscore_config& c) {
  sbi::nf_profile p;
  p.nf_instance_id = new_uuid(rng);
  p.type = type;
  p.ipv4_addresses = {address};
  for (const auto& plmn : c.plmns) {
    p.plmn_list.push_back({plmn.mcc, plmn.mnc});
  }
  for (const auto& s : c.slices) {
    p.s_nssais.push_back(
        {s.sst, s.sd ? std::optional<std::string>(fmt::format("{:06x}", *s.sd)) : std::nullopt});
  }
  int n = 0;
  for (auto name : services) {
    sbi::nf_service svc;
    svc.service_instance_id = std::to_string(++n);
    svc.service_name = std::string(name);
    svc.versions = {{"v1", "1.0.0", {}}};
    svc.ip_end_points = {{address, {}, "TCP", port}};
    p.nf_services.push_back(std::move(svc));
  }
  return p;
}

sbi::discovery_query query(sbi::nf_type target, sbi::nf_type requester, std::string service) {
  sbi::discovery_query q;
  q.target_nf_type = target;
  q.requester_nf_type = requester;
  q.service_names = {std::move(service)};
  return q;
}

}  // namespace

/// Everything the core owns, in start order (destroyed in reverse).
class core {
 public:
  explicit core(asio::io_context& io) : timers(io) {}

  async::asio_timer_service timers;
  std::mt19937_64 rng{std::random_device{}()};
  std::unique_ptr<nrf::nrf> nrf;
  std::vector<std::unique_ptr<sbi::nrf_client>> nrf_clients;
  std::unique_ptr<udr::udr> udr;
  std::unique_ptr<udm::udm> udm;
  std::unique_ptr<ausf::ausf> ausf;
  std::unique_ptr<home::http_peer> ausf_peer;
  std::unique_ptr<home::http_peer> udm_peer;
  std::unique_ptr<amf::home_network_client> home;
  std::unique_ptr<amf::amf> amf;
  std::string description;
};

core_network::core_network(std::unique_ptr<core> c) : core_(std::move(c)) {}
core_network::~core_network() = default;

expected<std::unique_ptr<core_network>, std::string> core_network::start(
    asio::io_context& io, const config::glasscore_config& config, core_options options,
    metrics::registry& registry) {
  auto c = std::make_unique<core>(io);
  const bool eph = options.ephemeral_sbi_ports;

  auto nrf = nrf::nrf::start(io, nrf::nrf_options{server_on(config.nrf.sbi, eph), {}, {}, {}, {}});
  if (!nrf) {
    return fail("NRF: " + nrf.error());
  }
  c->nrf = std::move(*nrf);
  const std::string nrf_host = config.nrf.sbi.address.to_string();
  auto nrf_client = [&]() -> expected<sbi::nrf_client*, std::string> {
    sbi::nrf_client_options o;
    o.nrf.host = nrf_host;
    o.nrf.port = c->nrf->port();
    auto client = sbi::nrf_client::create(io, c->timers, o);
    if (!client) {
      return fail("NRF client: " + client.error());
    }
    c->nrf_clients.push_back(std::move(*client));
    return c->nrf_clients.back().get();
  };

  // UDR over the subscriber store in the data directory.
  const std::string data_dir =
      options.data_directory.empty() ? config.udr.data_directory : options.data_directory;
  auto db = store::open_sqlite_store(data_dir);
  if (!db) {
    return fail("UDR data directory " + data_dir + ": " + db.error().message);
  }
  auto udr = udr::udr::start(io, udr::udr_options{server_on(config.udr.sbi, eph)}, std::move(*db));
  if (!udr) {
    return fail("UDR: " + udr.error());
  }
  c->udr = std::move(*udr);

  auto udm_nrf = nrf_client();
  auto ausf_nrf = nrf_client();
  auto amf_nrf = nrf_client();
  auto udr_nrf = nrf_client();
  if (!udm_nrf || !ausf_nrf || !amf_nrf || !udr_nrf) {
    return fail(!udm_nrf    ? udm_nrf.error()
                : !ausf_nrf ? ausf_nrf.error()
                : !amf_nrf  ? amf_nrf.error()
                            : udr_nrf.error());
  }

  udm::udm_options udm_options;
  udm_options.server = server_on(config.udm.sbi, eph);
  udm_options.service.home_network_keys = config.udm.home_network_keys;
  udm_options.service.allow_null_scheme = config.udm.allow_null_scheme;
  udm_options.service.home_plmn = {config.plmns.at(0).mcc, config.plmns.at(0).mnc};
  udm_options.udr_locator = home::nrf_locator(
      **udm_nrf, query(sbi::nf_type::udr, sbi::nf_type::udm, "nudr-dr"), "nudr-dr");
  udm_options.udr_timeout = sbi_timeout;
  auto udm = udm::udm::start(io, std::move(udm_options));
  if (!udm) {
    return fail("UDM: " + udm.error());
  }
  c->udm = std::move(*udm);

  ausf::ausf_options ausf_options;
  ausf_options.server = server_on(config.ausf.sbi, eph);
  ausf_options.udm_locator = home::nrf_locator(
      **ausf_nrf, query(sbi::nf_type::udm, sbi::nf_type::ausf, "nudm-ueau"), "nudm-ueau");
  ausf_options.udm_timeout = sbi_timeout;
  auto ausf = ausf::ausf::start(io, std::move(ausf_options));
  if (!ausf) {
    return fail("AUSF: " + ausf.error());
  }
  c->ausf = std::move(*ausf);

  // The AMF's clients towards the AUSF and the UDM.
  c->ausf_peer = std::make_unique<home::http_peer>(
      io,
      home::nrf_locator(**amf_nrf, query(sbi::nf_type::ausf, sbi::nf_type::amf, "nausf-auth"),
                        "nausf-auth"),
      sbi_timeout);
  c->udm_peer = std::make_unique<home::http_peer>(
      io,
      home::nrf_locator(**amf_nrf, query(sbi::nf_type::udm, sbi::nf_type::amf, "nudm-uecm"),
                        "nudm-uecm"),
      sbi_timeout);
  const auto& plmn = config.plmns.at(0);
  const std::string amf_instance = new_uuid(c->rng);
  const std::string amf_sbi =
      fmt::format("http://{}:{}", config.amf.sbi.address.to_string(), config.amf.sbi.port);
  c->home = std::make_unique<amf::home_network_client>(
      c->ausf_peer->requester(), c->udm_peer->requester(),
      amf::home_network_client_options{
          amf_instance, amf_sbi + "/namf-callback/v1/deregistration",
          sbi::guami{{plmn.mcc, plmn.mnc},
                     fmt::format("{:02x}{:04x}", config.amf.region_id,
                                 (config.amf.set_id << 6U) | config.amf.pointer)}});
  amf::amf_options amf_options;
  amf_options.n2 = options.n2;
  auto amf = amf::amf::start(io, config, std::move(amf_options), registry, *c->home, *c->home);
  if (!amf) {
    return fail("AMF: " + amf.error());
  }
  c->amf = std::move(*amf);

  // NRF registrations (TS 29.510 §5.2.2.2), with the ports actually bound.
  const auto addr = [](const config::sbi_server& s) { return s.address.to_string(); };
  (*udr_nrf)->start_registration(profile(c->rng, sbi::nf_type::udr, addr(config.udr.sbi),
                                         c->udr->port(), {"nudr-dr"}, config));
  (*udm_nrf)->start_registration(profile(c->rng, sbi::nf_type::udm, addr(config.udm.sbi),
                                         c->udm->port(), {"nudm-ueau", "nudm-sdm", "nudm-uecm"},
                                         config));
  (*ausf_nrf)->start_registration(profile(c->rng, sbi::nf_type::ausf, addr(config.ausf.sbi),
                                          c->ausf->port(), {"nausf-auth"}, config));
  auto amf_profile = profile(c->rng, sbi::nf_type::amf, addr(config.amf.sbi), config.amf.sbi.port,
                             {"namf-comm"}, config);
  amf_profile.nf_instance_id = amf_instance;
  (*amf_nrf)->start_registration(std::move(amf_profile));

  c->description = fmt::format("NRF {}:{}  UDR {}:{}  UDM {}:{}  AUSF {}:{}  AMF N2 {} (SCTP)",
                               nrf_host, c->nrf->port(), addr(config.udr.sbi), c->udr->port(),
                               addr(config.udm.sbi), c->udm->port(), addr(config.ausf.sbi),
                               c->ausf->port(), c->amf->n2_address().to_string());
  return std::unique_ptr<core_network>(new core_network(std::move(c)));
}

transport::socket_address core_network::n2_address() const {
  return core_->amf->n2_address();
}

amf::amf_status core_network::amf_status() const {
  return core_->amf->status();
}

amf::amf& core_network::amf() {
  return *core_->amf;
}

std::size_t core_network::registered_with_nrf() const {
  std::size_t n = 0;
  for (const auto& client : core_->nrf_clients) {
    n += client->state() == sbi::registration_state::registered ? 1 : 0;
  }
  return n;
}

std::string core_network::describe() const {
  return core_->description;
}

void core_network::stop() {
  core_->amf->stop();
}

bool core_network::busy() const {
  return core_->amf->busy();
}

}  // namespace glasscore::core_network
