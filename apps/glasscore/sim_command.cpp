// `glasscore sim`: simulated gNBs on real SCTP associations to an AMF and simulated UEs
// registering (and de-registering) through them (DESIGN.md §1), with a progress line every
// second and the scenario's report at the end. Exit codes: 0 every UE succeeded, 1 a
// failure (configuration, gNB setup, or any UE procedure), 2 usage.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include "commands.h"
#include "glasscore/async/asio_executor.h"
#include "glasscore/config/config.h"
#include "glasscore/core/hex.h"
#include "glasscore/core/log.h"
#include "glasscore/sim/home_network_key.h"
#include "glasscore/sim/scenario.h"
#include "glasscore/sim/sctp_gnb.h"
#include "glasscore/sim/ue_tun.h"
#include "runtime_options.h"

namespace glasscore::app {
namespace {

constexpr std::string_view sim_usage =
    R"(usage: glasscore sim [-c FILE] [--amf ADDR:PORT] [--gnbs N] [--ues M]
                     [--first-imsi DIGITS] [--scheme null|a|b] [--k HEX] [--opc HEX]
                     [--no-dereg] [--sctp-udp LOCALPORT:REMOTEPORT] [--timeout SECONDS]
                     [--ue-tun [--ue-netns-prefix PREFIX] [--session-type ipv4|ipv6|ipv4v6]]
  -c, --config FILE   PLMN, TAC, AMF address and SUCI keys (default: config/glasscore.yaml)
  --amf ADDR:PORT     the AMF's N2 address (default: amf.n2_address:amf.n2_port)
  --gnbs N            gNBs, each with its own SCTP association (default 1)
  --ues M             UEs, spread over the gNBs (default 10)
  --first-imsi DIGITS IMSI of the first UE; the others follow (default MCC MNC 0000000001)
  --scheme null|a|b   SUCI protection scheme (TS 33.501 Annex C; default a)
  --k HEX, --opc HEX  the UEs' K and OPc (default: the lab keys of `glasscore demo`)
  --no-dereg          stay registered (default: de-register each UE after registering)
  --sctp-udp L:R      usrsctp with UDP encapsulation (RFC 6951): local UDP port L, the
                      AMF's UDP port R (as given to `glasscore run --sctp-udp R`)
  --timeout SECONDS   give up after this long (default 120; with --ue-tun: run until
                      interrupted)
  --ue-tun            after registering, each UE establishes PDU session 1 (first DNN and
                      slice of the configuration) and gets a TUN device gc-ue1 in a network
                      namespace PREFIX<IMSI>-1 with its address and default route, so that
                      `ip netns exec gc-ue-<IMSI>-1 ping 10.45.0.1` runs over the session.
                      Needs root; implies --no-dereg; the namespaces go when the sim stops.
                      The gNBs' N3 (GTP-U) addresses are 127.0.0.1, 127.0.0.2, ...
  --ue-netns-prefix P start of the namespace names (default gc-ue-)
  --session-type T    ipv4 (default), ipv6 or ipv4v6
The subscribers must exist: provision them with `glasscore subscriber add` or `import`.
)";

// The lab subscriber keys `glasscore demo` uses (TS 35.207 test set 1 K and its OPc).
constexpr std::string_view lab_k = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr std::string_view lab_opc = "cd63cb71954a9f4e48a5994e37a02baf";

/// Local UDP port of the encapsulation when raw IP is unusable and --sctp-udp is not given;
/// the AMF's is `glasscore run`'s default, 9899.
constexpr std::uint16_t default_udp_port = 9898;
constexpr std::uint16_t default_amf_udp_port = 9899;

struct sim_args {
  std::string config_path = "config/glasscore.yaml";
  std::optional<std::string> amf;
  std::size_t gnbs = 1;
  std::size_t ues = 10;
  std::optional<std::string> first_imsi;
  crypto::protection_scheme scheme = crypto::protection_scheme::profile_a;
  std::string k{lab_k};
  std::string opc{lab_opc};
  bool deregister = true;
  std::optional<std::pair<std::uint16_t, std::uint16_t>> sctp_udp;
  std::optional<std::chrono::seconds> timeout;  ///< default 120 s; none with --ue-tun
  bool ue_tun = false;
  std::string ue_netns_prefix = "gc-ue-";
  nas::pdu_session_type_value session_type = nas::pdu_session_type_value::ipv4;
};

int usage_error(const std::string& message) {
  fmt::print(stderr, "glasscore sim: {}\n{}", message, sim_usage);
  return 2;
}

void flush() {
  std::fflush(stdout);
}

// Parses the command line; an int is the exit code to return at once.
std::variant<sim_args, int> parse(std::span<char*> args) {
  sim_args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> value;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg.resize(arg.find('='));
    }
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", sim_usage);
      return 0;
    }
    if (arg == "--no-dereg" && !value) {
      out.deregister = false;
      continue;
    }
    if (arg == "--ue-tun" && !value) {
      out.ue_tun = true;
      out.deregister = false;
      continue;
    }
    static constexpr std::array<std::string_view, 13> with_value = {
        "-c",           "--config",          "--amf",         "--gnbs", "--ues",
        "--first-imsi", "--scheme",          "--k",           "--opc",  "--sctp-udp",
        "--timeout",    "--ue-netns-prefix", "--session-type"};
    if (std::find(with_value.begin(), with_value.end(), arg) == with_value.end()) {
      return usage_error(fmt::format("unexpected argument '{}'", arg));
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        return usage_error(fmt::format("{} needs a value", arg));
      }
      value = args[++i];
    }
    const std::string& v = *value;
    if (arg == "-c" || arg == "--config") {
      out.config_path = v;
    } else if (arg == "--amf") {
      out.amf = v;
    } else if (arg == "--gnbs" || arg == "--ues") {
      const auto n = parse_number(v, 1, arg == "--gnbs" ? 1000 : 1'000'000);
      if (!n) {
        return usage_error(fmt::format("{}: '{}' is not a count", arg, v));
      }
      (arg == "--gnbs" ? out.gnbs : out.ues) = static_cast<std::size_t>(*n);
    } else if (arg == "--first-imsi") {
      // TS 23.003 §2.2: MCC (3) + MNC (2-3) + MSIN, at most 15 digits.
      if (v.size() < 6 || v.size() > 15 ||
          !std::ranges::all_of(v, [](char c) { return c >= '0' && c <= '9'; })) {
        return usage_error(fmt::format("--first-imsi: '{}' is not 6-15 digits", v));
      }
      out.first_imsi = v;
    } else if (arg == "--scheme") {
      if (v == "null") {
        out.scheme = crypto::protection_scheme::null_scheme;
      } else if (v == "a") {
        out.scheme = crypto::protection_scheme::profile_a;
      } else if (v == "b") {
        out.scheme = crypto::protection_scheme::profile_b;
      } else {
        return usage_error(fmt::format("--scheme: '{}' is not null, a or b", v));
      }
    } else if (arg == "--k") {
      out.k = v;
    } else if (arg == "--opc") {
      out.opc = v;
    } else if (arg == "--sctp-udp") {
      const auto colon = v.find(':');
      const auto local = parse_port(std::string_view(v).substr(0, colon));
      const auto remote = colon == std::string::npos
                              ? std::nullopt
                              : parse_port(std::string_view(v).substr(colon + 1));
      if (!local || !remote) {
        return usage_error(fmt::format("--sctp-udp: '{}' is not LOCALPORT:REMOTEPORT", v));
      }
      out.sctp_udp = std::pair(*local, *remote);
    } else if (arg == "--timeout") {
      const auto n = parse_number(v, 1, 86400);
      if (!n) {
        return usage_error(fmt::format("--timeout: '{}' is not 1-86400 seconds", v));
      }
      out.timeout = std::chrono::seconds(*n);
    } else if (arg == "--ue-netns-prefix") {
      out.ue_netns_prefix = v;
    } else if (arg == "--session-type") {
      if (v == "ipv4") {
        out.session_type = nas::pdu_session_type_value::ipv4;
      } else if (v == "ipv6") {
        out.session_type = nas::pdu_session_type_value::ipv6;
      } else if (v == "ipv4v6") {
        out.session_type = nas::pdu_session_type_value::ipv4v6;
      } else {
        return usage_error(fmt::format("--session-type: '{}' is not ipv4, ipv6 or ipv4v6", v));
      }
    }
  }
  if (out.ue_tun && out.gnbs > 254) {
    return usage_error("--ue-tun: at most 254 gNBs (N3 on 127.0.0.1 to 127.0.0.254)");
  }
  return out;
}

expected<transport::socket_address, std::string> amf_address(const sim_args& a,
                                                             const config::glasscore_config& c) {
  if (!a.amf) {
    auto addr = transport::socket_address::parse(c.amf.n2_address.to_string(), c.amf.n2_port);
    if (!addr) {
      return fail("amf.n2_address " + c.amf.n2_address.to_string() + " is not usable");
    }
    return *addr;
  }
  const auto colon = a.amf->rfind(':');
  const auto port = colon == std::string::npos
                        ? std::nullopt
                        : parse_port(std::string_view(*a.amf).substr(colon + 1));
  std::string host = a.amf->substr(0, colon == std::string::npos ? 0 : colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port) {
    if (auto addr = transport::socket_address::parse(host, *port)) {
      return *addr;
    }
  }
  return fail("--amf: '" + *a.amf + "' is not ADDRESS:PORT");
}

// IMSI number `index` after `first`, keeping its width; nothing when it would overflow.
std::optional<std::string> nth_imsi(const std::string& first, std::size_t index) {
  const std::size_t msin_digits = std::min<std::size_t>(first.size(), 10);
  const std::string head = first.substr(0, first.size() - msin_digits);
  const auto base = parse_number(first.substr(head.size()), 0, UINT64_MAX);
  std::uint64_t limit = 1;
  for (std::size_t i = 0; i < msin_digits; ++i) {
    limit *= 10;
  }
  if (!base || *base + index >= limit) {
    return std::nullopt;
  }
  return fmt::format("{}{:0{}}", head, *base + index, msin_digits);
}

// --ue-tun: PDU session 1 for every UE, each with its TUN device in a namespace of its own
// (ue_tun.h), then serving them until interrupted or timed out. True when every session was
// established with its namespace.
bool serve_ue_tuns(const sim_args& a, const config::glasscore_config& cfg,
                   const std::vector<std::unique_ptr<sim::sim_ue>>& ues,
                   const std::vector<std::unique_ptr<sim::sctp_gnb>>& gnbs,
                   const std::vector<std::unique_ptr<sim::ue_tun_manager>>& tuns,
                   const std::function<bool(const std::function<bool()>&)>& run_until) {
  const std::string dnn = cfg.dnns.empty() ? "internet" : cfg.dnns.front().name;
  nas::s_nssai slice{1, {}, {}, {}};
  if (!cfg.slices.empty()) {
    slice.sst = cfg.slices.front().sst;
    slice.sd = cfg.slices.front().sd;
  }
  std::size_t answered = 0;
  std::size_t ready = 0;
  for (std::size_t i = 0; i < ues.size(); ++i) {
    const auto& ue = ues[i];
    const std::size_t gi = i % gnbs.size();  // the scenario's round robin over the gNBs
    ue->set_session_handler([&, gi](sim::sim_ue& u, const sim::session_event& e) {
      if (e.type == sim::session_event_type::established) {
        gnbs[gi]->user_plane()->set_ue_address(u, e.pdu_session_id, e.ipv4, e.ipv6_interface_id);
      }
      auto handled = tuns[gi]->handle_session_event(u, e);
      if (e.type == sim::session_event_type::established && handled) {
        const auto* t = tuns[gi]->find(u, e.pdu_session_id);
        const std::string v4 =
            e.ipv4 ? fmt::format(" {}.{}.{}.{}", (*e.ipv4)[0], (*e.ipv4)[1], (*e.ipv4)[2],
                                 (*e.ipv4)[3])
                   : std::string(e.ipv6_interface_id ? " (IPv6 once the RA came)" : "");
        fmt::print("{} PDU session {}:{} on {} in namespace {}\n", u.card().supi(),
                   e.pdu_session_id, v4, t != nullptr ? t->device_name() : "-",
                   t != nullptr ? t->namespace_name() : "-");
        ++ready;
      } else if (!handled) {
        fmt::print(stderr, "{} PDU session {}: {}\n", u.card().supi(), e.pdu_session_id,
                   handled.error());
      } else if (e.type != sim::session_event_type::released) {
        fmt::print(stderr, "{} PDU session {}: {}\n", u.card().supi(), e.pdu_session_id,
                   sim::to_string(e.type));
      }
      ++answered;
      flush();
    });
    if (!ue->nas().start_pdu_session(1, dnn, slice, a.session_type)) {
      fmt::print(stderr, "{}: cannot start PDU session 1 (not registered?)\n", ue->card().supi());
      ++answered;
    }
  }
  run_until([&] { return answered >= ues.size(); });
  // The handlers refer to this frame's counters: none runs once it returns.
  const auto detach = [&] {
    for (const auto& ue : ues) {
      ue->set_session_handler({});
    }
  };
  if (ready != ues.size()) {
    detach();
    return false;
  }
  fmt::print(
      "{} UE{} with a TUN device; try `ip netns exec {}{}-1 ping 10.45.0.1`. Ctrl-C stops.\n",
      ready, ready == 1 ? "" : "s", a.ue_netns_prefix,
      ues.front()->card().supi().substr(std::string_view("imsi-").size()));
  flush();
  run_until([] { return false; });  // until interrupted or --timeout
  detach();
  return true;
}

}  // namespace

int sim_command(std::span<char*> args) {
  auto parsed_or_exit = parse(args);
  if (const int* code = std::get_if<int>(&parsed_or_exit)) {
    return *code;
  }
  const sim_args a = std::get<sim_args>(std::move(parsed_or_exit));

  auto loaded = config::load_config(a.config_path);
  if (!loaded) {
    fmt::print(stderr, "{}: {} problem{}\n{}", a.config_path, loaded.error().size(),
               loaded.error().size() == 1 ? "" : "s", config::format_problems(loaded.error()));
    return 1;
  }
  const config::glasscore_config& cfg = *loaded;
  if (auto logging = log::configure(cfg.logging.level); !logging) {
    fmt::print(stderr, "{}: logging.level: {}\n", a.config_path, log::to_string(logging.error()));
    return 1;
  }
  log::set_redaction(cfg.logging.redaction);
  const auto& plmn = cfg.plmns.at(0);  // load_config guarantees at least one PLMN

  auto amf = amf_address(a, cfg);
  if (!amf) {
    fmt::print(stderr, "glasscore sim: {}\n", amf.error());
    return a.amf ? 2 : 1;
  }
  auto k = from_hex(a.k);
  auto opc = from_hex(a.opc);
  if (!k || k->size() != 16 || !opc || opc->size() != 16) {
    return usage_error("--k and --opc need 32 hex digits (128 bits) each");
  }
  const std::string first = a.first_imsi.value_or(plmn.mcc + plmn.mnc + "0000000001");
  const auto last_imsi = nth_imsi(first, a.ues - 1);
  if (!last_imsi) {
    return usage_error(fmt::format("--ues {} from IMSI {} runs out of digits", a.ues, first));
  }
  sim::usim_config model;
  model.mnc_length = plmn.mnc.size();
  std::copy(k->begin(), k->end(), model.k.begin());
  model.opc.emplace();
  std::copy(opc->begin(), opc->end(), model.opc->begin());
  model.scheme = a.scheme;
  if (auto key = sim::set_home_network_key(model, cfg.udm.home_network_keys); !key) {
    fmt::print(stderr, "glasscore sim: --scheme {}: {}\n",
               a.scheme == crypto::protection_scheme::profile_a ? "a" : "b", key.error());
    return 1;
  }

  const sctp_choice sctp = a.sctp_udp ? udp_sctp(a.sctp_udp->first, a.sctp_udp->second)
                                      : automatic_sctp(default_udp_port, default_amf_udp_port);
  if (sctp.options.backend == transport::sctp_backend::userspace &&
      sctp.options.userspace_mode == transport::sctp_userspace_mode::raw_ip) {
    // Two raw-IP usrsctp stacks in one network namespace ABORT each other's associations
    // (../shared/tools/sctp-vm/README.md).
    fmt::print(
        "N2: usrsctp on raw IP. If the AMF is another usrsctp process on this machine, use UDP "
        "encapsulation on both sides instead: glasscore run --sctp-udp R, glasscore sim "
        "--sctp-udp L:R.\n");
  }
  if (sctp.fell_back_to_udp) {
    fmt::print(
        "N2: this kernel has no SCTP and usrsctp's raw-IP mode needs root (CAP_NET_RAW); "
        "using SCTP over UDP (RFC 6951) from UDP port {} to the AMF's UDP port {}.\n",
        default_udp_port, default_amf_udp_port);
  }
  if (!a.amf) {
    // `glasscore run` listens on 127.0.0.1 when usrsctp cannot bind amf.n2_address.
    if (auto substitute = usrsctp_loopback_substitute(sctp.options, *amf)) {
      amf = *substitute;
    }
  }
  fmt::print("glasscore sim: {} gNB{} to AMF {} ({}), {} UE{} from IMSI {} to {}\n", a.gnbs,
             a.gnbs == 1 ? "" : "s", amf->to_string(), sctp.description, a.ues,
             a.ues == 1 ? "" : "s", first, *last_imsi);
  flush();

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  async::asio_timer_service timers(io);
  bool interrupted = false;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int) { interrupted = !ec; });

  // With --ue-tun the simulator serves the UEs' namespaces until interrupted.
  const auto deadline =
      std::chrono::steady_clock::now() +
      a.timeout.value_or(a.ue_tun ? std::chrono::hours(24 * 365) : std::chrono::seconds(120));
  const auto run_until = [&](const std::function<bool()>& done) {
    while (!done() && !interrupted && std::chrono::steady_clock::now() < deadline) {
      io.run_for(std::chrono::milliseconds(5));
    }
    return done();
  };

  std::vector<std::unique_ptr<sim::sctp_gnb>> gnbs;
  std::vector<std::unique_ptr<sim::ue_tun_manager>> tuns;  ///< --ue-tun: one per gNB
  std::unique_ptr<sim::scenario> run;
  // Everything is destroyed here, on the io_context's thread, before the io_context; the
  // UEs' namespaces first, while the user planes they are attached to still exist.
  const auto finish = [&](int code) {
    tuns.clear();
    run.reset();
    gnbs.clear();
    work.reset();
    io.run_for(std::chrono::milliseconds(100));
    return code;
  };

  // Only a loopback AMF gets a loopback source address; otherwise the stack picks one.
  transport::sctp_options local = sctp.options;
  if (amf->to_string().starts_with("127.")) {
    local.local = *transport::socket_address::parse("127.0.0.1", 0);
  }
  const std::uint32_t tac = cfg.tacs.empty() ? 1 : cfg.tacs.front();
  for (std::size_t i = 0; i < a.gnbs; ++i) {
    sim::gnb_config g;
    g.gnb_id = static_cast<std::uint32_t>(0x100 + i);
    g.name = fmt::format("glasscore-sim-gnb-{}", i);
    g.mcc = plmn.mcc;
    g.mnc = plmn.mnc;
    g.tac = tac;
    g.nr_cell_id = 0x10 + (static_cast<std::uint64_t>(i) << 4U);
    g.streams = 4;
    // Each gNB's N3 socket on an address of its own (port 2152 each).
    g.n3_ipv4 = {127, 0, 0, static_cast<std::uint8_t>(1 + i)};
    auto gnb = sim::sctp_gnb::connect(io, timers, g, local, *amf);
    if (!gnb) {
      fmt::print(stderr, "glasscore sim: gNB {}: {}\n", i, gnb.error());
      return finish(1);
    }
    if (a.ue_tun) {
      if (auto up = (*gnb)->enable_user_plane(io, g.n3_ipv4); !up) {
        fmt::print(stderr, "glasscore sim: --ue-tun: gNB {}: {}\n", i, up.error());
        return finish(1);
      }
      auto m = sim::ue_tun_manager::create(io, *(*gnb)->user_plane(),
                                           {.namespace_prefix = a.ue_netns_prefix});
      if (!m) {
        fmt::print(stderr, "glasscore sim: --ue-tun: {}\n", m.error());
        return finish(1);
      }
      tuns.push_back(std::move(*m));
    }
    gnbs.push_back(std::move(*gnb));
  }
  const bool all_ready = run_until([&] {
    return std::ranges::all_of(gnbs, [](const auto& g) { return g->ready() || g->lost(); });
  });
  const auto ready = std::ranges::count_if(gnbs, [](const auto& g) { return g->ready(); });
  if (!all_ready || static_cast<std::size_t>(ready) != gnbs.size()) {
    fmt::print(stderr,
               "glasscore sim: NG Setup succeeded for {} of {} gNBs. Is the AMF running at {} "
               "with the same SCTP mode ({})? A core started with `glasscore run --sctp-udp R` "
               "needs `glasscore sim --sctp-udp L:R`.\n",
               ready, gnbs.size(), amf->to_string(), sctp.description);
    return finish(1);
  }
  fmt::print("{} gNB{} connected (NG Setup done)\n", gnbs.size(), gnbs.size() == 1 ? "" : "s");
  flush();

  sim::scenario_config sc;
  sc.ue_count = a.ues;
  sc.deregister = a.deregister;
  std::vector<sim::gnb*> cells;
  for (auto& g : gnbs) {
    cells.push_back(&g->cell());
  }
  sim::ue_nas_config ue;
  ue.mcc = plmn.mcc;
  ue.mnc = plmn.mnc;
  run = std::make_unique<sim::scenario>(
      sc, cells, ue,
      [&](std::size_t index) {
        sim::usim_config card = model;
        card.supi = "imsi-" + nth_imsi(first, index).value_or(first);
        return card;
      },
      timers,
      [](const std::string& line) {
        fmt::print("{}\n", line);
        flush();
      });
  run->start();
  const bool finished = run_until([&] { return run->finished(); });
  const auto report = run->report();
  fmt::print("{}\n", report.format());
  if (!finished) {
    fmt::print(stderr, "glasscore sim: {} before every UE finished\n",
               interrupted ? "interrupted" : "timed out");
  }
  for (const auto& [outcome, count] : report.registration.failures) {
    if (outcome.ends_with(" #7")) {
      // TS 24.501 §5.5.1.2.5 / Annex A: #7 "5GS services not allowed": the UDM does not
      // know the subscriber.
      fmt::print(stderr,
                 "hint: {} registration{} rejected with cause #7 (5GS services not allowed): "
                 "the core does not know these subscribers. Provision IMSIs {} to {} with "
                 "`glasscore subscriber add --imsi ... --k ... --opc ...` or `glasscore "
                 "subscriber import FILE`, with the same K and OPc as the simulated USIMs.\n",
                 count, count == 1 ? " was" : "s were", first, *last_imsi);
    }
  }
  bool ok = finished && report.registration.succeeded == a.ues &&
            (!a.deregister || report.deregistration.succeeded == a.ues);
  if (ok && a.ue_tun) {
    ok = serve_ue_tuns(a, cfg, run->ues(), gnbs, tuns, run_until);
  }
  fmt::print("{}\n", ok ? "sim: every UE succeeded" : "sim: FAILED");
  flush();
  return finish(ok ? 0 : 1);
}

}  // namespace glasscore::app
