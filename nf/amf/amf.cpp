#include "glasscore/nf/amf/amf.h"

#include <random>

#include "amf/n2_ngap/n2_dispatcher.h"
#include "amf/n2_ngap/ue_associated.h"
#include "amf/procedures/deregistration.h"
#include "amf/sbi/namf_comm_routes.h"
#include "glasscore/async/asio_executor.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/http2/server.h"

namespace glasscore::amf {

/// Owns the AMF's parts, in construction order, and adapts the SCTP endpoint to the
/// sans-I/O N2 logic: association ids become n2_associations one to one, and only PPID 60
/// (NGAP, TS 38.412 §7) is taken.
class amf_runtime final : public transport::sctp_notifier, public n2_notifier {
 public:
  amf_runtime(asio::io_context& io, const config::glasscore_config& config, served_area area,
              ngap::amf_identity identity, std::string sn_name, gmm_metrics gmm, n2_metrics n2m,
              std::function<std::uint32_t()> random32, ue_authentication& ausf,
              subscriber_data& udm, session_management& smf, access_policy* pcf)
      : config_(config),
        executor_(io),
        timers_(io),
        ues_(executor_, timers_),
        log_(log::get("amf")),
        n1_(*this, *log_),
        env_{executor_,
             timers_,
             ues_,
             gnbs_,
             n1_,
             *this,
             ausf,
             udm,
             smf,
             config_.amf,
             nas::plmn_id{config.plmns.at(0).mcc, config.plmns.at(0).mnc},
             std::move(sn_name),
             std::move(random32),
             gmm,
             log_,
             dnn_names(config),
             pcf},
        ue_side_(env_),
        interface_(std::move(area), std::move(identity), gnbs_, *this, ue_side_, n2m),
        dispatcher_(interface_, gnbs_, *this, ue_side_, n2m) {}

  void on_association_up(const transport::sctp_association_info& info) override {
    log_->info("N2 association {} up from {} ({} in / {} out streams)",
               static_cast<std::uint32_t>(info.id), info.peer.to_string(), info.inbound_streams,
               info.outbound_streams);
  }
  void on_message(const transport::sctp_message& m) override {
    if (m.ppid != transport::ngap_ppid) {
      log_->warn("N2 association {}: message with PPID {} dropped",
                 static_cast<std::uint32_t>(m.association), m.ppid);
      return;
    }
    dispatcher_.handle_n2_message(to_n2(m.association), m.stream, m.data);
  }
  void on_association_down(transport::sctp_association_id id,
                           transport::sctp_down_reason reason) override {
    log_->info("N2 association {} down ({})", static_cast<std::uint32_t>(id),
               transport::to_string(reason));
    dispatcher_.handle_association_down(to_n2(id));
  }
  void on_association_restarted(const transport::sctp_association_info& info) override {
    // RFC 9260 §5.2.2: the peer restarted; its NGAP state is gone.
    dispatcher_.handle_association_down(to_n2(info.id));
  }

  void on_n2_send(n2_association association, std::uint16_t stream,
                  std::vector<std::uint8_t> pdu) override {
    if (!endpoint_) {
      return;
    }
    const auto id = static_cast<transport::sctp_association_id>(association);
    if (auto sent = endpoint_->send(id, stream, transport::ngap_ppid, pdu); !sent) {
      log_->warn("N2 association {}: send failed ({})", static_cast<std::uint32_t>(id),
                 transport::to_string(sent.error()));
    }
  }

  bool deregister(const std::string& supi, bool reregistration_required) {
    auto ue = ues_.find_by_supi(supi);
    if (!ue || ue->state != gmm_state::registered) {
      return false;
    }
    env_.procedures.enqueue(ue->amf_id,
                            deregister_by_network(env_, ue, {reregistration_required, {}}));
    return true;
  }

  std::size_t update_identity(std::string name, std::uint8_t relative_capacity) {
    ngap::amf_identity identity = interface_.amf_identity();
    identity.name = std::move(name);
    identity.relative_capacity = relative_capacity;
    return interface_.update_amf_configuration(std::move(identity));
  }

  void stop() { ue_side_.stop(); }
  [[nodiscard]] bool busy() const { return ue_side_.busy(); }

  [[nodiscard]] amf_status status() const {
    return {gnbs_.size(), ues_.size(), ues_.count(gmm_state::registered)};
  }

  std::unique_ptr<transport::sctp_endpoint> endpoint_;

  // The SBI producer on its own HTTP/2 server (namf_comm_routes.h).
  expected<void, std::string> serve_sbi(asio::io_context& io, const http2::server_options& o) {
    add_namf_routes(router_, env_);
    auto server = http2::server::start(
        io, o, [router = &router_](const http2::request& req, http2::responder r) {
          router->dispatch(req, [r](http2::response resp) { (void)r.send(std::move(resp)); });
        });
    if (!server) {
      return fail("AMF SBI: " + server.error());
    }
    sbi_server_ = std::move(*server);
    return {};
  }
  [[nodiscard]] std::uint16_t sbi_port() const { return sbi_server_ ? sbi_server_->port() : 0; }

 private:
  static n2_association to_n2(transport::sctp_association_id id) {
    return n2_association{static_cast<std::uint64_t>(id)};
  }
  static std::vector<std::string> dnn_names(const config::glasscore_config& config) {
    std::vector<std::string> names;
    for (const auto& d : config.dnns) {
      names.push_back(d.name);
    }
    return names;
  }

  config::glasscore_config config_;
  async::asio_executor executor_;
  async::asio_timer_service timers_;
  gnb_registry gnbs_;
  ue_registry ues_;
  std::shared_ptr<spdlog::logger> log_;
  n1_sender n1_;
  amf_environment env_;
  ue_associated_handler ue_side_;
  interface_management interface_;
  n2_dispatcher dispatcher_;
  // The SBI producer (namf_comm_routes.h); last, so it goes first.
  sbi::router router_;
  std::unique_ptr<http2::server> sbi_server_;
};

amf::amf(std::unique_ptr<amf_runtime> runtime) : runtime_(std::move(runtime)) {}

amf::~amf() = default;

expected<std::unique_ptr<amf>, std::string> amf::start(
    asio::io_context& io, const config::glasscore_config& config, amf_options options,
    metrics::registry& registry, ue_authentication& ausf, subscriber_data& udm,
    session_management& smf) {
  if (config.plmns.empty()) {
    return fail(std::string("no PLMN configured"));
  }
  auto area = served_area::from_config(config);
  if (!area) {
    return fail(area.error());
  }
  auto gmm = gmm_metrics::create(registry);
  auto n2m = n2_metrics::create(registry);
  if (!gmm || !n2m) {
    return fail(std::string("AMF metrics could not be registered (already registered?)"));
  }
  const auto& plmn = config.plmns.front();
  auto sn_name = crypto::serving_network_name(plmn.mcc, plmn.mnc);
  if (!sn_name) {
    return fail("serving network name for " + plmn.to_string());
  }
  ngap::amf_identity identity;
  identity.name = config.amf.name;
  identity.relative_capacity = config.amf.relative_capacity;
  identity.plmn = area->plmns.front();
  identity.guamis = {
      ngap::make_guami(identity.plmn, config.amf.region_id, config.amf.set_id, config.amf.pointer)};
  identity.slices = area->slices;
  if (!options.random32) {
    options.random32 = [engine = std::mt19937(std::random_device{}())]() mutable {
      return static_cast<std::uint32_t>(engine());
    };
  }
  auto runtime = std::make_unique<amf_runtime>(
      io, config, std::move(*area), std::move(identity), std::move(*sn_name), *gmm, *n2m,
      std::move(options.random32), ausf, udm, smf, options.pcf);
  if (options.n2.local.empty()) {
    auto local =
        transport::socket_address::parse(config.amf.n2_address.to_string(), config.amf.n2_port);
    if (!local) {
      return fail("amf.n2_address " + config.amf.n2_address.to_string() + " is not usable");
    }
    options.n2.local = *local;
  }
  options.n2.listen = true;
  auto endpoint = transport::sctp_endpoint::create(io, options.n2, *runtime);
  if (!endpoint) {
    return fail("N2 (SCTP) on " + options.n2.local.to_string() + ": " + endpoint.error());
  }
  runtime->endpoint_ = std::move(*endpoint);
  if (options.sbi) {
    if (auto served = runtime->serve_sbi(io, *options.sbi); !served) {
      return fail(served.error());
    }
  }
  return std::unique_ptr<amf>(new amf(std::move(runtime)));
}

std::uint16_t amf::sbi_port() const {
  return runtime_->sbi_port();
}

transport::socket_address amf::n2_address() const {
  return runtime_->endpoint_->local_address().value_or(transport::socket_address{});
}

amf_status amf::status() const {
  return runtime_->status();
}

bool amf::deregister(const std::string& supi, bool reregistration_required) {
  return runtime_->deregister(supi, reregistration_required);
}

std::size_t amf::update_identity(std::string name, std::uint8_t relative_capacity) {
  return runtime_->update_identity(std::move(name), relative_capacity);
}

void amf::stop() {
  runtime_->stop();
}

bool amf::busy() const {
  return runtime_->busy();
}

}  // namespace glasscore::amf
