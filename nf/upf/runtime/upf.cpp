// UPF runtime: the data path, the N4 handler on a PFCP node over UDP, and the usage-report
// timer, all but the data path's workers on the io_context's thread.
#include "glasscore/nf/upf/upf.h"

#include <chrono>

#include "glasscore/async/asio_executor.h"
#include "glasscore/core/log.h"
#include "glasscore/pfcp/asio_node.h"
#include "n4_handler.h"

namespace glasscore::upf {

class upf_runtime {
 public:
  explicit upf_runtime(asio::io_context& io) : executor(io), timers(io) {}

  void schedule_usage_check() {
    usage_timer = timers.schedule_at(timers.now() + usage_interval, [this] {
      usage_timer.reset();
      for (auto& report : n4->usage_reports_due()) {
        async::spawn(executor, send_report(std::move(report)));
      }
      schedule_usage_check();
    });
  }

  // Downlink Data Reports (NOCP) on their own, shorter period: the SMF pages the UE on
  // them. Cheap when none is due (datapath::take_downlink_data_arrivals).
  void schedule_downlink_data_check() {
    downlink_data_timer = timers.schedule_at(timers.now() + downlink_data_interval, [this] {
      downlink_data_timer.reset();
      for (auto& report : n4->downlink_data_reports()) {
        async::spawn(executor, send_report(std::move(report)));
      }
      schedule_downlink_data_check();
    });
  }

  // A Session Report Request to the SMF; its answer acknowledges (§7.5.9; an Update BAR in
  // it is not applied).
  async::task<void> send_report(n4::outgoing_report report) {
    auto alive = alive_;
    auto answer = co_await node->get().request(std::move(report.request), report.peer);
    if (*alive && !answer) {
      log->warn("session report to {} not acknowledged: {}", report.peer.to_string(),
                pfcp::to_string(answer.error()));
    }
  }

  async::asio_executor executor;
  async::asio_timer_service timers;
  std::shared_ptr<spdlog::logger> log = log::get("upf");
  std::unique_ptr<datapath> path;
  std::unique_ptr<n4::datapath_sink> sink;
  std::unique_ptr<n4::n4_handler> n4;
  std::unique_ptr<pfcp::asio_node> node;
  std::optional<async::timer_id> usage_timer;
  async::duration usage_interval{};
  std::optional<async::timer_id> downlink_data_timer;
  async::duration downlink_data_interval{};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

upf::upf(std::unique_ptr<upf_runtime> r) : runtime_(std::move(r)) {}

upf::~upf() {
  auto& r = *runtime_;
  *r.alive_ = false;
  if (r.usage_timer) {
    r.timers.cancel(*r.usage_timer);
  }
  if (r.downlink_data_timer) {
    r.timers.cancel(*r.downlink_data_timer);
  }
  r.node.reset();
  r.n4.reset();
  r.sink.reset();
  r.path.reset();
}

expected<std::unique_ptr<upf>, std::string> upf::start(asio::io_context& io, upf_options options) {
  auto r = std::make_unique<upf_runtime>(io);
  auto path = datapath::start(options.datapath);
  if (!path) {
    return fail("UPF data path: " + std::string(to_string(path.error())));
  }
  r->path = std::move(*path);
  r->sink = std::make_unique<n4::datapath_sink>(*r->path);

  n4::n4_config n4c;
  const auto& n3 = options.datapath.n3_address;
  if (options.datapath.n3_address.family == config::ip_family::v4) {
    n4c.n3_ipv4 = pfcp::ipv4_address{n3.bytes[0], n3.bytes[1], n3.bytes[2], n3.bytes[3]};
  }
  // TS 29.244 §8.2.38: the Node ID carries the N4 address; IPv4 here.
  const auto self = options.n4_local.ipv4();
  if (!self) {
    return fail("UPF: the N4 address must be IPv4: " + options.n4_local.to_string());
  }
  n4c.self.value = *self;
  n4c.recovery_time_stamp = pfcp::recovery_time_stamp_now();
  n4c.clock = &r->timers;
  r->n4 = std::make_unique<n4::n4_handler>(n4c, *r->sink);

  pfcp::node_config pc;
  pc.self = n4c.self;
  pc.recovery_time_stamp = n4c.recovery_time_stamp;
  auto node = pfcp::asio_node::start(
      io, r->executor, r->timers, options.n4_local, pc,
      [handler = r->n4.get()](const pfcp::message& m, const transport::socket_address& from) {
        return handler->handle(m, from);
      });
  if (!node) {
    return fail("UPF: N4 socket " + options.n4_local.to_string() + ": " +
                std::string(transport::to_string(node.error())));
  }
  r->node = std::move(*node);
  r->node->get().set_seid_resolver(
      [handler = r->n4.get()](std::uint64_t local) { return handler->peer_seid(local); });
  r->usage_interval = options.usage_check_interval;
  r->schedule_usage_check();
  r->downlink_data_interval = options.downlink_data_check_interval;
  r->schedule_downlink_data_check();
  r->log->info("UPF: N3 {}, N4 {}, N6 {}", r->path->n3_local_address().to_string(),
               r->node->local_address().to_string(), r->path->tun_name());
  return std::unique_ptr<upf>(new upf(std::move(r)));
}

transport::socket_address upf::n4_address() const {
  return runtime_->node->local_address();
}

const transport::socket_address& upf::n3_address() const {
  return runtime_->path->n3_local_address();
}

std::size_t upf::sessions() const {
  return runtime_->path->session_count();
}

datapath_counters upf::totals() const {
  return runtime_->path->totals();
}

const std::string& upf::tun_name() const {
  return runtime_->path->tun_name();
}

}  // namespace glasscore::upf
