// Registration load (not a Google Benchmark program; scripts/run-benchmarks runs it):
// N UEs over G simulated gNBs register through the whole core of one process (AMF, AUSF,
// UDM, UDR with SQLite, NRF; SCTP for N2, HTTP/2 for the SBI). The core and the simulator
// run on two threads with their own io_contexts, so their CPU time is measured apart
// (usrsctp's own threads are the rest of the process). Reported: registrations per second,
// p50/p99 latency, CPU per registration for core / simulator / SCTP stack, resident memory
// growth per registered UE, and, as the baseline measured in the same run, the CPU time of
// the cryptography one registration needs (its floor).
#include <fmt/core.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "glasscore/async/asio_executor.h"
#include "glasscore/config/config.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/nf/core/core_network.h"
#include "glasscore/sim/scenario.h"
#include "glasscore/sim/sctp_gnb.h"
#include "glasscore/store/sqlite_store.h"
#include "glasscore/transport/sctp_isolation.h"

namespace {

using namespace glasscore;
using namespace std::chrono_literals;

constexpr crypto::key128 k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                              0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
constexpr crypto::key128 opc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                                0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};

std::string imsi(std::size_t i) {
  return fmt::format("00101{:010}", i + 1);
}

double thread_cpu_seconds(pthread_t t) {
  clockid_t id{};
  timespec ts{};
  if (pthread_getcpuclockid(t, &id) != 0 || clock_gettime(id, &ts) != 0) {
    return 0;
  }
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

// Runs `fn` on the thread running `io` and waits for its result.
template <class F>
auto on(asio::io_context& io, F fn) {
  std::promise<decltype(fn())> done;
  asio::post(io, [&] { done.set_value(fn()); });
  return done.get_future().get();
}

// The cryptography of one 5G AKA registration (null-scheme SUCI), UE and network side:
// the floor no implementation can go under. CPU seconds per registration.
double crypto_floor_seconds() {
  const auto m = crypto::milenage::create(k, opc).value();
  const std::string sn = crypto::serving_network_name("001", "01").value();
  const std::array<std::uint8_t, 16> rand{1, 2, 3};
  const std::array<std::uint8_t, 6> sqn{0, 0, 0, 0, 0, 32};
  const std::array<std::uint8_t, 2> amf{0x80, 0x00};
  constexpr int rounds = 2000;
  const double t0 = process_cpu_seconds();
  for (int i = 0; i < rounds; ++i) {
    auto av = crypto::generate_he_auth_vector(m, rand, sqn, amf, sn).value();
    auto hx = crypto::derive_hres_star(av.rand, av.xres_star).value();
    auto opened = crypto::open_autn(m, av.rand, av.autn).value();
    auto res =
        crypto::derive_res_star(opened.keys.ck, opened.keys.ik, sn, av.rand, opened.keys.res);
    auto h = crypto::derive_hres_star(av.rand, res.value()).value();
    for (int side = 0; side < 2; ++side) {
      auto kseaf = crypto::derive_kseaf(av.kausf, sn).value();
      auto kamf = crypto::derive_kamf(kseaf, "imsi-001010000000001", amf).value();
      (void)crypto::derive_algorithm_key(kamf, crypto::algorithm_type::nas_int, 2);
      (void)crypto::derive_algorithm_key(kamf, crypto::algorithm_type::nas_enc, 2);
      (void)crypto::derive_kgnb(kamf, 0, crypto::access_type::three_gpp);
    }
    (void)crypto::derive_kausf(opened.keys.ck, opened.keys.ik, sn, byte_span(av.autn).first(6));
    if (h != hx) {
      return 0;
    }
  }
  return (process_cpu_seconds() - t0) / rounds;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ues = 10000;
  std::size_t gnbs = 4;
  // UEs start at this interval: a fixed offered load. A burst of thousands at once makes
  // SBI requests wait past their 3 s deadline, and the AMF rejects with #22 (congestion).
  std::chrono::microseconds interval{4000};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view opt = argv[i];
    if (opt == "--ues") {
      ues = std::stoul(argv[i + 1]);
    } else if (opt == "--gnbs") {
      gnbs = std::stoul(argv[i + 1]);
    } else if (opt == "--interval-us") {
      interval = std::chrono::microseconds(std::stoul(argv[i + 1]));
    }
  }
  (void)log::configure("error");
  std::string how;
  const auto sctp = transport::self_contained_userspace_sctp(how);
  const double floor = crypto_floor_seconds();

  auto config = config::load_config(GLASSCORE_SOURCE_DIR "/config/glasscore.yaml");
  if (!config) {
    fmt::print(stderr, "config/glasscore.yaml does not load\n");
    return 1;
  }
  const auto data_dir =
      std::filesystem::temp_directory_path() / fmt::format("glasscore-load-{}", ::getpid());
  std::filesystem::remove_all(data_dir);
  {
    auto db = store::open_sqlite_store(data_dir).value();
    std::vector<store::subscriber> batch;
    for (std::size_t i = 0; i < ues; ++i) {
      store::subscriber s;
      s.imsi = imsi(i);
      s.auth.k = k;
      s.auth.opc.value = opc;
      store::slice_subscription slice;
      slice.is_default = true;
      s.slices.push_back(slice);
      batch.push_back(std::move(s));
    }
    if (!db->import_all(batch, false)) {
      fmt::print(stderr, "provisioning failed\n");
      return 1;
    }
  }

  asio::io_context core_io;
  asio::io_context sim_io;
  auto core_work = asio::make_work_guard(core_io);
  auto sim_work = asio::make_work_guard(sim_io);
  metrics::registry registry;
  core_network::core_options options;
  options.ephemeral_sbi_ports = true;
  options.data_directory = data_dir.string();
  options.n2 = sctp;
  options.n2.local = *transport::socket_address::parse("127.0.0.1", transport::ngap_sctp_port);
  auto core = core_network::core_network::start(core_io, *config, options, registry);
  if (!core) {
    fmt::print(stderr, "core: {}\n", core.error());
    return 1;
  }
  std::thread core_thread([&] { core_io.run(); });
  while (on(core_io, [&] { return (*core)->registered_with_nrf(); }) < 4) {
    std::this_thread::sleep_for(10ms);
  }

  async::asio_timer_service timers(sim_io);
  std::vector<std::unique_ptr<sim::sctp_gnb>> cells;
  for (std::size_t g = 0; g < gnbs; ++g) {
    sim::gnb_config gc;
    gc.gnb_id = static_cast<std::uint32_t>(0x200 + g);
    gc.name = fmt::format("load-gnb-{}", g);
    gc.streams = 8;
    auto local = sctp;
    local.local = *transport::socket_address::parse("127.0.0.1", 0);
    cells.push_back(
        sim::sctp_gnb::connect(sim_io, timers, gc, local, (*core)->n2_address()).value());
  }
  std::thread sim_thread([&] { sim_io.run(); });
  while (!on(sim_io, [&] {
    return std::ranges::all_of(cells, [](const auto& c) { return c->ready(); });
  })) {
    std::this_thread::sleep_for(10ms);
  }

  sim::scenario_config sc;
  sc.ue_count = ues;
  sc.start_interval = std::chrono::duration_cast<std::chrono::milliseconds>(interval);
  sc.deregister = false;
  std::vector<sim::gnb*> cell_ptrs;
  for (auto& c : cells) {
    cell_ptrs.push_back(&c->cell());
  }
  std::unique_ptr<sim::scenario> run;
  const double rss0 = resident_mib();
  const double core0 = thread_cpu_seconds(core_thread.native_handle());
  const double sim0 = thread_cpu_seconds(sim_thread.native_handle());
  const double all0 = process_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  on(sim_io, [&] {
    run = std::make_unique<sim::scenario>(
        sc, cell_ptrs, sim::ue_nas_config{},
        [](std::size_t i) {
          sim::usim_config c;
          c.supi = "imsi-" + imsi(i);
          c.k = k;
          c.opc = opc;
          return c;
        },
        timers);
    run->start();
    return true;
  });
  while (!on(sim_io, [&] { return run->finished(); })) {
    std::this_thread::sleep_for(20ms);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double core_cpu = thread_cpu_seconds(core_thread.native_handle()) - core0;
  const double sim_cpu = thread_cpu_seconds(sim_thread.native_handle()) - sim0;
  const double all_cpu = process_cpu_seconds() - all0;
  const double rss1 = resident_mib();
  const auto report = on(sim_io, [&] { return run->report(); });
  const auto registered = on(core_io, [&] { return (*core)->amf_status().registered; });

  const auto n = static_cast<double>(report.registration.succeeded);
  fmt::print("registration load: {} UEs over {} gNBs, one starting every {} us, {}\n", ues, gnbs,
             interval.count(), how);
  fmt::print("  registered            {} of {} (AMF holds {})\n", report.registration.succeeded,
             ues, registered);
  fmt::print("  rate                  {:.0f} registrations/s ({:.2f} s)\n", n / seconds, seconds);
  fmt::print("  latency               p50 {:.1f} ms  p99 {:.1f} ms\n",
             report.registration.percentile(50).count() / 1000.0,
             report.registration.percentile(99).count() / 1000.0);
  fmt::print(
      "  CPU per registration  core {:.0f} us  simulator {:.0f} us  SCTP stack/other {:.0f} us\n",
      core_cpu / n * 1e6, sim_cpu / n * 1e6, (all_cpu - core_cpu - sim_cpu) / n * 1e6);
  fmt::print(
      "  baseline: crypto of one registration (UE + network) {:.1f} us; core CPU is {:.1f}x it\n",
      floor * 1e6, core_cpu / n / floor);
  if (report.registration.succeeded != ues) {
    fmt::print("{}", report.format());
  }
  fmt::print(
      "  resident memory       +{:.1f} MiB, {:.2f} KiB per registered UE (core + simulator)\n",
      rss1 - rss0, (rss1 - rss0) * 1024.0 / n);

  on(sim_io, [&] {
    run.reset();
    cells.clear();
    return true;
  });
  sim_work.reset();
  sim_io.stop();
  sim_thread.join();
  on(core_io, [&] {
    (*core)->stop();
    return true;
  });
  for (int i = 0; i < 200 && on(core_io, [&] { return (*core)->busy(); }); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  on(core_io, [&] {
    core->reset();
    return true;
  });
  core_work.reset();
  core_io.stop();
  core_thread.join();
  std::filesystem::remove_all(data_dir);
  return report.registration.succeeded == ues ? 0 : 1;
}
