// SMF runtime: HTTP/2 server + routes, PFCP node on UDP, the SBI clients, the procedures.
#include "glasscore/nf/smf/smf.h"

#include <chrono>
#include <map>
#include <random>

#include <fmt/format.h>

#include "glasscore/async/asio_executor.h"
#include "glasscore/core/log.h"
#include "glasscore/nf/udm/http_peer.h"
#include "glasscore/pfcp/asio_node.h"
#include "glasscore/sbi/uri.h"
#include "smf/n4_pfcp/pfcp_user_plane.h"
#include "smf/procedures/pdu_session.h"
#include "smf/sbi/pdu_session_routes.h"
#include "smf/sbi/policy_notify_routes.h"
#include "smf/sbi/sbi_peers.h"
#include "smf/user_plane/n4u_socket.h"

namespace glasscore::smf {

class smf_runtime {
 public:
  smf_runtime(asio::io_context& io, std::chrono::milliseconds amf_timeout)
      : io_(io), executor(io), timers(io), amf_timeout_(amf_timeout) {}

  // One HTTP/2 peer per AMF apiRoot, made on first use.
  void send_to_amf(const std::string& root, home::peer_request r, home::peer_callback cb) {
    auto it = amf_peers_.find(root);
    if (it == amf_peers_.end()) {
      // h2c only: this HTTP/2 client has no TLS towards an AMF's apiRoot yet.
      auto uri = sbi::parse_http_uri(root);
      if (!uri || uri->scheme != "http") {
        cb(fail("not an http apiRoot: " + root));
        return;
      }
      it = amf_peers_
               .emplace(root, std::make_unique<home::http_peer>(
                                  io_, home::fixed_locator({uri->host, uri->port}), amf_timeout_))
               .first;
    }
    it->second->send(std::move(r), std::move(cb));
  }

  // The N4 session (at a PSA or an I-UPF) whose CP SEID is `local_seid`, if one of ours
  // has it.
  [[nodiscard]] std::optional<n4_leg> n4_session(std::uint64_t local_seid) const {
    for (const auto& c : contexts.all()) {
      if (auto leg = c->n4 ? c->n4->leg(local_seid) : std::nullopt) {
        return leg;
      }
    }
    return std::nullopt;
  }

  asio::io_context& io_;
  async::asio_executor executor;
  async::asio_timer_service timers;
  std::chrono::milliseconds amf_timeout_;
  std::map<std::string, std::unique_ptr<home::http_peer>> amf_peers_;
  sm_context_registry contexts;
  std::optional<dnn_pools> pools;
  std::unique_ptr<udm_sm_data_client> udm;
  std::unique_ptr<pcf_client> pcf;
  std::unique_ptr<amf_client> amf;
  std::unique_ptr<pfcp::asio_node> n4;
  std::unique_ptr<n4u_socket> n4u;
  std::unique_ptr<router_advertiser> advertiser;
  std::unique_ptr<pfcp_user_plane> upfs;
  std::unique_ptr<smf_environment> env;
  sbi::router router;
  std::unique_ptr<http2::server> server;
};

smf::smf(std::unique_ptr<smf_runtime> r) : runtime_(std::move(r)) {}

smf::~smf() {
  auto& r = *runtime_;
  r.server.reset();
  r.env.reset();  // drops queued procedures
  r.upfs.reset();
  r.n4u.reset();
  r.advertiser.reset();
  r.n4.reset();
  r.amf.reset();
  r.pcf.reset();
  r.udm.reset();
}

expected<std::unique_ptr<smf>, std::string> smf::start(asio::io_context& io,
                                                       const config::glasscore_config& config,
                                                       smf_options options,
                                                       metrics::registry& registry) {
  auto r = std::make_unique<smf_runtime>(io, options.amf_timeout);
  auto log = log::get("smf");
  auto pools = dnn_pools::create(config.dnns);
  if (!pools) {
    return fail("SMF: " + pools.error());
  }
  r->pools.emplace(std::move(*pools));
  auto metrics = smf_metrics::create(registry);
  if (!metrics) {
    return fail(std::string("SMF: metrics registration failed"));
  }
  // TS 29.244 §8.2.38: the Node ID and the CP F-SEID carry the N4 address; IPv4 here.
  const auto n4_ipv4 = options.n4_local.ipv4();
  if (!n4_ipv4) {
    return fail("SMF: the N4 address must be IPv4: " + options.n4_local.to_string());
  }
  r->udm = std::make_unique<udm_sm_data_client>(std::move(options.udm));
  const std::string api_root =
      "http://" + options.server.address + ":";  // completed once the port is known
  r->amf = std::make_unique<amf_client>(
      [rt = r.get()](std::string root, home::peer_request req, home::peer_callback cb) {
        rt->send_to_amf(root, std::move(req), std::move(cb));
      });

  pfcp::node_config pfcp_config;
  pfcp_config.self.value = *n4_ipv4;
  pfcp_config.recovery_time_stamp = pfcp::recovery_time_stamp_now();
  pfcp_config.t1 = options.pfcp_t1;
  pfcp_config.n1 = options.pfcp_n1;
  // The SMF answers the UPF's heartbeats; session reports of its sessions are acknowledged
  // (usage reporting to charging is not built).
  auto n4 = pfcp::asio_node::start(
      io, r->executor, r->timers, options.n4_local, pfcp_config,
      [rt = r.get(), recovery = pfcp_config.recovery_time_stamp, self = pfcp_config.self](
          const pfcp::message& m,
          const transport::socket_address&) -> std::optional<pfcp::message> {
        if (std::holds_alternative<pfcp::heartbeat_request>(m.body)) {
          pfcp::heartbeat_response hb;
          hb.recovery_time_stamp = recovery;
          return pfcp::message{{}, hb};
        }
        if (std::holds_alternative<pfcp::session_report_request>(m.body)) {
          // TS 29.244 §7.2.2.4.2: the answer carries the UPF's SEID of the session; a
          // request for no session of ours gets SEID 0 and cause 65 (§7.5.9.1).
          pfcp::session_report_response rsp;
          pfcp::message answer;
          answer.hdr.seid = 0;
          const auto n4_session = rt->n4_session(m.hdr.seid.value_or(0));
          if (n4_session) {
            answer.hdr.seid = n4_session->remote_seid;
          } else {
            rsp.cause = pfcp::cause_value::session_context_not_found;
          }
          answer.body = rsp;
          return answer;
        }
        if (std::holds_alternative<pfcp::association_release_request>(m.body)) {
          pfcp::association_release_response a;
          a.node = self;
          return pfcp::message{{}, a};
        }
        return std::nullopt;
      });
  if (!n4) {
    return fail("SMF: N4 socket " + options.n4_local.to_string() + ": " +
                std::string(transport::to_string(n4.error())));
  }
  r->n4 = std::move(*n4);
  std::vector<upf_peer_config> upfs;
  for (auto& u : options.upfs) {
    std::vector<slice> slices;
    for (const auto& s : u.slices) {
      slices.push_back(slice{s.sst, s.sd});
    }
    upfs.push_back({u.name, u.n4, u.dnns, std::move(slices), u.tacs, u.anchor});
  }
  // N4-u for IPv6 router advertisements (TS 23.501 §5.8.2.2.3), on the N4 address.
  const auto& v4 = *n4_ipv4;
  const auto n4u_local = transport::socket_address::parse(
      fmt::format("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]), options.n4u_port);
  auto n4u = n4u_local ? n4u_socket::open(io, *n4u_local)
                       : fail(std::string("no N4-u address for ") + options.n4_local.to_string());
  if (!n4u) {
    return fail("SMF: " + n4u.error());
  }
  r->n4u = std::move(*n4u);
  r->advertiser = std::make_unique<router_advertiser>(r->n4u->sender());
  r->n4u->attach(*r->advertiser);
  n4_options n4o;
  n4o.self = *n4_ipv4;
  n4o.heartbeat_interval = options.heartbeat_interval;
  n4o.router_advertisements = r->advertiser.get();
  for (const auto& d : config.dnns) {
    n4o.link_mtus[d.name] = d.mtu;
  }
  r->upfs = std::make_unique<pfcp_user_plane>(r->executor, r->timers, r->n4->get(), n4o,
                                              std::move(upfs), log);

  auto server = http2::server::start(
      io, options.server, [router = &r->router](const http2::request& req, http2::responder resp) {
        router->dispatch(req,
                         [resp](http2::response answer) { (void)resp.send(std::move(answer)); });
      });
  if (!server) {
    return fail("SMF: " + server.error());
  }
  r->server = std::move(*server);
  const std::string root = api_root + std::to_string(r->server->port());
  r->pcf =
      std::make_unique<pcf_client>(std::move(options.pcf), root + std::string(policy_notify_base));
  r->env.reset(new smf_environment{r->executor, r->contexts, *r->pools, *r->udm, *r->pcf, *r->upfs,
                                   *r->amf, *metrics, log});
  // TS 29.244 §5.2.1: SEIDs unique per node; random start so a restarted SMF does not
  // collide with SEIDs its previous life left at the UPFs.
  r->env->next_seid = (std::random_device{}() & 0xffffffU) << 16U | 1U;
  r->env->timers = &r->timers;  // T3591 of network-requested modifications
  add_pdu_session_routes(r->router, *r->env, root);
  // A restarted UPF (PSA or I-UPF) lost its sessions: release them towards the UEs
  // (TS 23.527 §4.4); what the other UPF of a session holds is deleted by the release.
  r->upfs->on_restarted = [env = r->env.get(),
                           advertiser = r->advertiser.get()](const std::string& upf) {
    for (const auto& c : env->contexts.all()) {
      if (!c->n4 || !c->n4->uses(upf)) {
        continue;
      }
      if (c->n4->upf == upf && c->n4->router_advertisement_teid != 0) {
        advertiser->close(c->n4->router_advertisement_teid);
      }
      c->n4 = without_upf(*c->n4, upf);
      glasscore::smf::release_session(*env, c->supi, c->pdu_session_id,
                                      nas::gsm_cause::reactivation_requested);
    }
  };
  r->upfs->start();
  return std::unique_ptr<smf>(new smf(std::move(r)));
}

std::uint16_t smf::port() const {
  return runtime_->server->port();
}

transport::socket_address smf::n4_address() const {
  return runtime_->n4->local_address();
}

bool smf::busy() const {
  return runtime_->env && procedures_running(*runtime_->env);
}

std::size_t smf::sessions() const {
  return runtime_->contexts.size();
}

std::size_t smf::active_sessions() const {
  std::size_t n = 0;
  for (const auto& c : runtime_->contexts.all()) {
    n += c->state == sm_state::active ? 1 : 0;
  }
  return n;
}

std::size_t smf::upf_associations() const {
  return runtime_->upfs->associations();
}

transport::socket_address smf::n4u_address() const {
  return runtime_->n4u->local_address();
}

std::uint64_t smf::router_solicitations() const {
  return runtime_->advertiser->counters().solicitations;
}

std::uint64_t smf::router_advertisements() const {
  return runtime_->advertiser->counters().advertisements_sent;
}

std::optional<std::array<std::uint8_t, 8>> smf::ipv6_prefix(const std::string& supi,
                                                            std::uint8_t pdu_session_id) const {
  const auto c = runtime_->contexts.find(supi, pdu_session_id);
  return c ? c->ipv6_prefix : std::nullopt;
}

bool smf::release_session(const std::string& supi, std::uint8_t pdu_session_id) {
  return glasscore::smf::release_session(*runtime_->env, supi, pdu_session_id);
}

}  // namespace glasscore::smf
