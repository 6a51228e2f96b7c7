// `glasscore run [-c FILE] [--nf all] [--data-dir DIR] [--sctp-udp PORT]`: the network
// functions of one configuration in this process (DESIGN.md §1), until SIGINT or SIGTERM;
// SIGHUP applies a changed AMF name and relative capacity.
// Exit codes: 0 stopped by a signal, 1 bad configuration or a start failure, 2 usage.
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include "commands.h"
#include "glasscore/config/config.h"
#include "glasscore/core/log.h"
#include "glasscore/metrics/http_exporter.h"
#include "glasscore/metrics/metrics.h"
#include "glasscore/nf/core/core_network.h"
#include "runtime_options.h"

namespace glasscore::app {
namespace {

constexpr std::string_view run_usage =
    R"(usage: glasscore run [-c FILE] [--nf all] [--data-dir DIR] [--sctp-udp PORT]
                     [--no-user-plane]
  -c, --config FILE   configuration (default: config/glasscore.yaml)
  --nf all            the network functions to run; this build runs NRF, UDR, UDM, AUSF,
                      AMF, PCF, SMF and UPF together in one process ("all"); splitting them
                      over processes is not in this build
  --no-user-plane     do not start the UPF's data path (its TUN device and N3 socket),
                      e.g. on a host whose network must not change; PDU sessions are then
                      refused for want of a UPF
  --data-dir DIR      subscriber store directory (overrides udr.data_directory)
  --sctp-udp PORT     N2 over usrsctp with UDP encapsulation (RFC 6951) on local UDP PORT,
                      e.g. for a `glasscore sim` on the same machine
)";

/// Default local UDP port of the userspace stack's encapsulation when raw IP is unusable.
constexpr std::uint16_t default_udp_port = 9899;

struct run_args {
  std::string config_path = "config/glasscore.yaml";
  std::string data_dir;
  std::optional<std::uint16_t> sctp_udp;
  bool user_plane = true;
};

int usage_error(const std::string& message) {
  fmt::print(stderr, "glasscore run: {}\n{}", message, run_usage);
  return 2;
}

void flush() {
  std::fflush(stdout);
}

}  // namespace

int run_command(std::span<char*> args) {
  run_args parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> value;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg.resize(arg.find('='));
    }
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", run_usage);
      return 0;
    }
    if (arg == "--no-user-plane") {
      parsed.user_plane = false;
      continue;
    }
    const bool takes_value = arg == "-c" || arg == "--config" || arg == "--data-dir" ||
                             arg == "--sctp-udp" || arg == "--nf";
    if (!takes_value) {
      return usage_error(fmt::format("unexpected argument '{}'", arg));
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        return usage_error(fmt::format("{} needs a value", arg));
      }
      value = args[++i];
    }
    if (arg == "-c" || arg == "--config") {
      parsed.config_path = *value;
    } else if (arg == "--data-dir") {
      if (value->empty()) {
        return usage_error("--data-dir needs a directory");
      }
      parsed.data_dir = *value;
    } else if (arg == "--sctp-udp") {
      parsed.sctp_udp = parse_port(*value);
      if (!parsed.sctp_udp) {
        return usage_error(fmt::format("--sctp-udp: '{}' is not a port (1-65535)", *value));
      }
    } else if (*value != "all") {
      fmt::print(stderr,
                 "glasscore run: --nf {}: this build runs every network function (NRF, UDR, "
                 "UDM, AUSF, AMF, PCF, SMF, UPF) in one process; splitting NFs over processes is "
                 "not in this "
                 "build. Use --nf all or leave --nf out.\n",
                 *value);
      return 2;
    }
  }

  auto loaded = config::load_config(parsed.config_path);
  if (!loaded) {
    fmt::print(stderr, "{}: {} problem{}\n{}", parsed.config_path, loaded.error().size(),
               loaded.error().size() == 1 ? "" : "s", config::format_problems(loaded.error()));
    return 1;
  }
  const config::glasscore_config& cfg = *loaded;
  if (auto logging = log::configure(cfg.logging.level); !logging) {
    fmt::print(stderr, "{}: logging.level: {}: {}\n", parsed.config_path, cfg.logging.level,
               log::to_string(logging.error()));
    return 1;
  }
  log::set_redaction(cfg.logging.redaction);

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  // SIGINT/SIGTERM stop the core; installed first, so that a signal during start-up does
  // not kill the process. The handler runs on this (the io_context's) thread, so every NF
  // is destroyed on the thread it runs on, as core_network requires.
  bool stop = false;
  int stop_signal = 0;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signal) {
    if (!ec) {
      stop = true;
      stop_signal = signal;
    }
  });

  metrics::registry registry;
  std::unique_ptr<metrics::http_exporter> exporter;
  if (cfg.metrics.enabled) {
    metrics::http_exporter_options o;
    o.address = cfg.metrics.address.to_string();
    o.port = cfg.metrics.port;
    auto started = metrics::http_exporter::start(io, registry, o);
    if (!started) {
      fmt::print(stderr, "glasscore run: metrics exporter (metrics.address/metrics.port): {}\n",
                 started.error());
      return 1;
    }
    exporter = std::move(*started);
  }

  const sctp_choice sctp =
      parsed.sctp_udp ? udp_sctp(*parsed.sctp_udp, 0) : automatic_sctp(default_udp_port, 0);
  if (sctp.fell_back_to_udp) {
    fmt::print(
        "N2: this kernel has no SCTP and usrsctp's raw-IP mode needs root (CAP_NET_RAW); "
        "falling back to SCTP over UDP (RFC 6951) on UDP port {}. gNBs must use UDP "
        "encapsulation too (glasscore sim --sctp-udp LOCAL:{}).\n",
        default_udp_port, default_udp_port);
  }
  core_network::core_options options;
  options.n2 = sctp.options;
  if (auto configured =
          transport::socket_address::parse(cfg.amf.n2_address.to_string(), cfg.amf.n2_port)) {
    if (auto substitute = usrsctp_loopback_substitute(options.n2, *configured)) {
      fmt::print(
          "N2: usrsctp can bind only addresses assigned to an interface, and {} is not; "
          "listening on {} instead (or: ip addr add {}/8 dev lo)\n",
          cfg.amf.n2_address.to_string(), substitute->to_string(), cfg.amf.n2_address.to_string());
      options.n2.local = *substitute;
    }
  }
  options.data_directory = parsed.data_dir;
  options.user_plane = parsed.user_plane;
  auto core = core_network::core_network::start(io, cfg, options, registry);
  if (!core) {
    fmt::print(stderr, "glasscore run: {}\n", core.error());
    return 1;
  }
  std::unique_ptr<core_network::core_network> running = std::move(*core);

  // SIGHUP re-reads the configuration file. What can change without a restart is what an
  // AMF Configuration Update carries to the gNBs (TS 38.413 §8.7.3): the AMF name and its
  // Relative AMF Capacity (0 drains this AMF of new UEs before maintenance).
  asio::signal_set reload(io, SIGHUP);
  std::function<void()> wait_for_reload = [&] {
    reload.async_wait([&](const asio::error_code& ec, int /*signal*/) {
      if (ec) {
        return;
      }
      if (auto again = config::load_config(parsed.config_path); !again) {
        fmt::print(stderr, "glasscore run: SIGHUP: {} has {} problem(s), nothing changed\n{}",
                   parsed.config_path, again.error().size(),
                   config::format_problems(again.error()));
      } else {
        const std::size_t told =
            running->amf().update_identity(again->amf.name, again->amf.relative_capacity);
        fmt::print(
            "glasscore run: SIGHUP: AMF name '{}', relative capacity {} sent to {} gNB(s) "
            "(AMF Configuration Update); other settings take effect at the next start\n",
            again->amf.name, again->amf.relative_capacity, told);
      }
      flush();
      wait_for_reload();
    });
  };
  wait_for_reload();

  fmt::print("glasscore run: {}\n  N2: {}\n", running->describe(), sctp.description);
  if (exporter) {
    fmt::print("  metrics: http://{}:{}/metrics\n", cfg.metrics.address.to_string(),
               exporter->port());
  }
  flush();

  bool ready = false;
  const auto began = std::chrono::steady_clock::now();
  bool warned = false;
  while (!stop) {
    io.run_for(std::chrono::milliseconds(20));
    if (!ready && running->registered_with_nrf() == running->registering_with_nrf()) {
      ready = true;
      fmt::print(
          "ready: NRF, UDR, UDM, AUSF, AMF, PCF, SMF (and the UPF if running) are up and "
          "registered with the NRF\n");
      flush();
    } else if (!ready && !warned &&
               std::chrono::steady_clock::now() - began > std::chrono::seconds(10)) {
      warned = true;
      fmt::print(stderr,
                 "glasscore run: only {} of {} NFs registered with the NRF after 10 s; still "
                 "trying\n",
                 running->registered_with_nrf(), running->registering_with_nrf());
    }
  }

  fmt::print("glasscore run: {} received, stopping\n",
             stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
  flush();
  reload.cancel();  // its handler uses `running`
  // Procedures end at their next step; give answers in flight a moment (amf::stop).
  running->stop();
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
       running->busy() && std::chrono::steady_clock::now() < until;) {
    io.run_for(std::chrono::milliseconds(10));
  }
  running.reset();
  exporter.reset();
  // Let the handlers the teardown queued (closed sockets, cancelled timers) run out.
  work.reset();
  io.run_for(std::chrono::milliseconds(200));
  fmt::print("glasscore run: stopped\n");
  return 0;
}

}  // namespace glasscore::app
