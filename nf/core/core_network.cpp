#include "glasscore/nf/core/core_network.h"

#include <fmt/format.h>

#include <random>

#include "amf/sbi/access_policy_client.h"
#include "amf/sbi/home_network_client.h"
#include "amf/sbi/smf_client.h"
#include "glasscore/async/asio_executor.h"
#include "glasscore/core/log.h"
#include "glasscore/nf/ausf/ausf.h"
#include "glasscore/nf/nrf/nrf.h"
#include "glasscore/nf/pcf/pcf.h"
#include "glasscore/nf/smf/smf.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/nf/udm/nrf_locator.h"
#include "glasscore/nf/udm/udm.h"
#include "glasscore/nf/udr/udr.h"
#include "glasscore/nf/upf/upf.h"
#include "glasscore/sbi/nrf_client.h"
#include "glasscore/store/sqlite_store.h"
#include "smf/context/ue_address_pool.h"

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

// An HTTP/2 client of `requester` towards the producer of `service`, found through `nrf`.
std::unique_ptr<home::http_peer> peer_for(asio::io_context& io, sbi::nrf_client& nrf,
                                          sbi::nf_type target, sbi::nf_type requester,
                                          const std::string& service) {
  return std::make_unique<home::http_peer>(
      io, home::nrf_locator(nrf, query(target, requester, service), service), sbi_timeout);
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
  std::unique_ptr<home::http_peer> amf_smf_peer;
  std::unique_ptr<home::http_peer> amf_pcf_peer;
  std::unique_ptr<amf::access_policy_client> amf_pcf;
  std::unique_ptr<amf::smf_client> amf_smf;
  std::unique_ptr<amf::amf> amf;
  std::unique_ptr<pcf::pcf> pcf;
  std::unique_ptr<upf::upf> upf;
  std::unique_ptr<home::http_peer> smf_udm_peer;
  std::unique_ptr<home::http_peer> smf_pcf_peer;
  std::unique_ptr<smf::smf> smf;
  std::string user_plane_note;  ///< why the UPF is not running, when it is not
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
  c->ausf_peer = peer_for(io, **amf_nrf, sbi::nf_type::ausf, sbi::nf_type::amf, "nausf-auth");
  c->udm_peer = peer_for(io, **amf_nrf, sbi::nf_type::udm, sbi::nf_type::amf, "nudm-uecm");
  const auto& plmn = config.plmns.at(0);
  const std::string amf_instance = new_uuid(c->rng);
  const std::string amf_sbi =
      fmt::format("http://{}:{}", config.amf.sbi.address.to_string(), config.amf.sbi.port);
  const sbi::guami guami{{plmn.mcc, plmn.mnc},
                         fmt::format("{:02x}{:04x}", config.amf.region_id,
                                     (config.amf.set_id << 6U) | config.amf.pointer)};
  c->home = std::make_unique<amf::home_network_client>(
      c->ausf_peer->requester(), c->udm_peer->requester(),
      amf::home_network_client_options{amf_instance, amf_sbi + "/namf-callback/v1/deregistration",
                                       guami});
  // The AMF's client towards the SMF (Nsmf_PDUSession), and its own SBI server for the
  // SMF's N1N2MessageTransfer and status notifications.
  c->amf_smf_peer =
      peer_for(io, **amf_nrf, sbi::nf_type::smf, sbi::nf_type::amf, "nsmf-pdusession");
  c->amf_smf = std::make_unique<amf::smf_client>(c->amf_smf_peer->requester(),
                                                 amf::smf_client_options{amf_instance, amf_sbi});
  // The AMF's client towards the PCF (Npcf_AMPolicyControl, TS 23.502 §4.16.1.2).
  c->amf_pcf_peer =
      peer_for(io, **amf_nrf, sbi::nf_type::pcf, sbi::nf_type::amf, "npcf-am-policy-control");
  c->amf_pcf = std::make_unique<amf::access_policy_client>(
      c->amf_pcf_peer->requester(), amf::access_policy_client_options{guami, amf_sbi});
  amf::amf_options amf_options;
  amf_options.n2 = options.n2;
  amf_options.sbi = server_on(config.amf.sbi, eph);
  amf_options.pcf = c->amf_pcf.get();
  auto amf = amf::amf::start(io, config, std::move(amf_options), registry, *c->home, *c->home,
                             *c->amf_smf);
  if (!amf) {
    return fail("AMF: " + amf.error());
  }
  c->amf = std::move(*amf);
  const auto amf_api_root =
      fmt::format("http://{}:{}", config.amf.sbi.address.to_string(), c->amf->sbi_port());
  c->amf_smf->set_api_root(amf_api_root);
  c->amf_pcf->set_api_root(amf_api_root);

  // PCF, registered with the NRF by itself.
  auto pcf_nrf = nrf_client();
  auto smf_nrf = nrf_client();
  if (!pcf_nrf || !smf_nrf) {
    return fail(!pcf_nrf ? pcf_nrf.error() : smf_nrf.error());
  }
  auto pcf_options = pcf::pcf_options_from_config(config, eph);
  pcf_options.nrf = *pcf_nrf;
  pcf_options.registry = &registry;
  auto pcf = pcf::pcf::start(io, std::move(pcf_options));
  if (!pcf) {
    return fail("PCF: " + pcf.error());
  }
  c->pcf = std::move(*pcf);

  // The UPF: its data path needs a TUN device (root). Without it the core still runs,
  // and PDU sessions are refused for want of a UPF.
  const auto pfcp_local = [&](const config::ip_address& a) {
    return transport::socket_address::parse(a.to_string(), eph ? 0 : 8805).value();
  };
  if (options.user_plane) {
    upf::upf_options upf_options;
    upf_options.datapath.n3_address = config.upf.n3_address;
    upf_options.datapath.n3_port = 2152;  // TS 29.281 §4.4.2.3: the gNB sends only to 2152
    upf_options.datapath.tun_name =
        options.tun_device.empty() ? config.upf.tun_device : options.tun_device;
    upf_options.datapath.workers = config.upf.worker_threads;
    upf_options.datapath.metrics = &registry;
    // The TUN device numbers the first DNN's gateway, the address the SMF's pool keeps out
    // of UE use (ue_address_pool.h), so the kernel routes the UE pool into it.
    for (const auto& d : config.dnns) {
      if (!d.ipv4_pool) {
        continue;
      }
      if (auto pool = smf::ipv4_pool::create(*d.ipv4_pool)) {
        const auto g = pool->gateway();
        upf_options.datapath.tun_ipv4 =
            config::ip_prefix{config::ip_address::v4(g[0], g[1], g[2], g[3]), d.ipv4_pool->length};
        break;
      }
    }
    upf_options.n4_local = pfcp_local(config.upf.n4_address);
    auto upf = upf::upf::start(io, std::move(upf_options));
    if (upf) {
      c->upf = std::move(*upf);
    } else {
      c->user_plane_note = upf.error();
      log::get("core")->warn("no user plane: {}", upf.error());
    }
  } else {
    c->user_plane_note = "the user plane was not asked for";
  }

  // The SMF: UDM and PCF through NRF discovery, the UPFs of the configuration.
  c->smf_udm_peer = peer_for(io, **smf_nrf, sbi::nf_type::udm, sbi::nf_type::smf, "nudm-sdm");
  c->smf_pcf_peer =
      peer_for(io, **smf_nrf, sbi::nf_type::pcf, sbi::nf_type::smf, "npcf-smpolicycontrol");
  smf::smf_options smf_options;
  smf_options.server = server_on(config.smf.sbi, eph);
  smf_options.udm = c->smf_udm_peer->requester();
  smf_options.pcf = c->smf_pcf_peer->requester();
  smf_options.n4_local = pfcp_local(config.smf.n4_address);
  // N4-u: the UPF's FAR sends Router Solicitations to port 2152 (TS 29.281 §4.4.2.3). Tests
  // without a UPF share one namespace, so they let the kernel choose.
  smf_options.n4u_port = eph && !c->upf ? 0 : 2152;
  std::vector<config::upf_peer> upf_peers = config.smf.upfs;
  if (upf_peers.empty()) {
    upf_peers.push_back({"upf", config.upf.n4_address, {}, {}, {}, true});
  }
  for (const auto& u : upf_peers) {
    // The UPF of this process is reached at the port it actually bound.
    auto n4 = c->upf && u.n4_address == config.upf.n4_address
                  ? c->upf->n4_address()
                  : transport::socket_address::parse(u.n4_address.to_string(), 8805).value();
    smf_options.upfs.push_back({u.name, n4, u.dnns, u.slices, u.tacs, u.anchor});
  }
  auto smf = smf::smf::start(io, config, std::move(smf_options), registry);
  if (!smf) {
    return fail(smf.error());
  }
  c->smf = std::move(*smf);

  // NRF registrations (TS 29.510 §5.2.2.2), with the ports actually bound.
  const auto addr = [](const config::sbi_server& s) { return s.address.to_string(); };
  (*udr_nrf)->start_registration(profile(c->rng, sbi::nf_type::udr, addr(config.udr.sbi),
                                         c->udr->port(), {"nudr-dr"}, config));
  (*udm_nrf)->start_registration(profile(c->rng, sbi::nf_type::udm, addr(config.udm.sbi),
                                         c->udm->port(), {"nudm-ueau", "nudm-sdm", "nudm-uecm"},
                                         config));
  (*ausf_nrf)->start_registration(profile(c->rng, sbi::nf_type::ausf, addr(config.ausf.sbi),
                                          c->ausf->port(), {"nausf-auth"}, config));
  auto amf_profile = profile(c->rng, sbi::nf_type::amf, addr(config.amf.sbi), c->amf->sbi_port(),
                             {"namf-comm"}, config);
  amf_profile.nf_instance_id = amf_instance;
  (*amf_nrf)->start_registration(std::move(amf_profile));
  (*smf_nrf)->start_registration(profile(c->rng, sbi::nf_type::smf, addr(config.smf.sbi),
                                         c->smf->port(), {"nsmf-pdusession"}, config));

  c->description = fmt::format(
      "NRF {}:{}  UDR {}:{}  UDM {}:{}  AUSF {}:{}  AMF N2 {} (SCTP)  PCF {}:{}  SMF {}:{} N4 {}  "
      "UPF {}",
      nrf_host, c->nrf->port(), addr(config.udr.sbi), c->udr->port(), addr(config.udm.sbi),
      c->udm->port(), addr(config.ausf.sbi), c->ausf->port(), c->amf->n2_address().to_string(),
      addr(config.pcf.sbi), c->pcf->port(), addr(config.smf.sbi), c->smf->port(),
      c->smf->n4_address().to_string(),
      c->upf ? fmt::format("N3 {} N4 {} N6 {}", c->upf->n3_address().to_string(),
                           c->upf->n4_address().to_string(), c->upf->tun_name())
             : "not running: " + c->user_plane_note);
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

smf::smf& core_network::smf() {
  return *core_->smf;
}

upf::upf* core_network::upf() {
  return core_->upf.get();
}

pcf::pcf& core_network::pcf() {
  return *core_->pcf;
}

const std::string& core_network::user_plane_note() const {
  return core_->user_plane_note;
}

std::size_t core_network::registered_with_nrf() const {
  std::size_t n = 0;
  for (const auto& client : core_->nrf_clients) {
    n += client->state() == sbi::registration_state::registered ? 1 : 0;
  }
  return n;
}

std::size_t core_network::registering_with_nrf() const {
  return core_->nrf_clients.size();
}

std::string core_network::describe() const {
  return core_->description;
}

void core_network::stop() {
  core_->amf->stop();
}

bool core_network::busy() const {
  return core_->amf->busy() || (core_->smf && core_->smf->busy());
}

}  // namespace glasscore::core_network
