// SCTP on loopback with the userspace stack (usrsctp, raw IP in a private network
// namespace when root, else UDP encapsulation): messages per second on one association
// (100-byte and 4 KiB messages, 256 in flight per iteration) and ping-pong round trips
// (p50/p99), against the same exchanges over a UDP socket pair on 127.0.0.1 measured in the
// same run. Wall-clock time (usrsctp works on its own threads). Figures only.

#include <sys/socket.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "../tests/transport/sctp_test_support.h"
#include "glasscore/transport/sctp.h"
#include "glasscore/transport/udp_socket.h"

namespace {

using namespace glasscore::transport;
using clock_type = std::chrono::steady_clock;
constexpr int in_flight = 256;

// One server and one client endpoint with an association, shared by every benchmark.
struct sctp_pair {
  test::loop loop;
  test::recorder server_events;
  test::recorder client_events;
  std::unique_ptr<sctp_endpoint> server;
  std::unique_ptr<sctp_endpoint> client;
  std::uint64_t server_received = 0;
  std::uint64_t client_received = 0;
  bool echo = false;

  static sctp_pair* get() {
    static sctp_pair* pair = [] {
      auto* p = new sctp_pair;
      return p->start() ? p : nullptr;
    }();
    return pair;
  }

  bool start() {
    auto o = test::userspace_options();
    o.heartbeat_interval = std::chrono::milliseconds(0);
    o.local = test::loopback(ngap_sctp_port);
    o.listen = true;
    server_events.on_msg = [this](const sctp_message& m) {
      ++server_received;
      if (echo) {
        (void)server->send(m.association, m.stream, m.ppid, m.data);
      }
    };
    client_events.on_msg = [this](const sctp_message&) { ++client_received; };
    auto s = sctp_endpoint::create(loop.io, o, server_events);
    o.local = test::loopback(0);
    o.listen = false;
    auto c = sctp_endpoint::create(loop.io, o, client_events);
    if (!s || !c || !(*c)->connect(test::loopback(ngap_sctp_port))) {
      return false;
    }
    server = std::move(*s);
    client = std::move(*c);
    // The recorder keeps copies of messages; the counters above are all the bench needs.
    return loop.run_until([&] { return !client_events.up.empty() && !server_events.up.empty(); });
  }
  sctp_association_id id() const { return client_events.up[0].id; }
};

void report_percentiles(benchmark::State& state, std::vector<double>& rtt_us) {
  if (rtt_us.empty()) {
    return;
  }
  std::sort(rtt_us.begin(), rtt_us.end());
  state.counters["p50_us"] = rtt_us[rtt_us.size() / 2];
  state.counters["p99_us"] = rtt_us[rtt_us.size() * 99 / 100];
}

void sctp_throughput(benchmark::State& state) {
  auto* p = sctp_pair::get();
  if (p == nullptr) {
    state.SkipWithError("no SCTP association (usrsctp raw mode needs root; see docs/sctp.md)");
    return;
  }
  p->echo = false;
  const std::vector<std::uint8_t> message(static_cast<std::size_t>(state.range(0)), 0x42);
  for (auto _ : state) {
    const auto target = p->server_received + in_flight;
    for (int i = 0; i < in_flight; ++i) {
      if (!p->client->send(p->id(), static_cast<std::uint16_t>(i % 2), ngap_ppid, message)) {
        state.SkipWithError("send failed");
        return;
      }
    }
    p->server_events.messages.clear();
    if (!p->loop.run_until([&] { return p->server_received >= target; })) {
      state.SkipWithError("messages not delivered within 10 s");
      return;
    }
    p->server_events.messages.clear();
  }
  state.SetItemsProcessed(state.iterations() * in_flight);
  state.SetBytesProcessed(state.iterations() * in_flight * state.range(0));
}

void sctp_pingpong(benchmark::State& state) {
  auto* p = sctp_pair::get();
  if (p == nullptr) {
    state.SkipWithError("no SCTP association (usrsctp raw mode needs root; see docs/sctp.md)");
    return;
  }
  p->echo = true;
  const std::vector<std::uint8_t> message(static_cast<std::size_t>(state.range(0)), 0x42);
  std::vector<double> rtt_us;
  for (auto _ : state) {
    const auto start = clock_type::now();
    const auto target = p->client_received + 1;
    if (!p->client->send(p->id(), 0, ngap_ppid, message)) {
      state.SkipWithError("send failed");
      return;
    }
    if (!p->loop.run_until([&] { return p->client_received >= target; })) {
      state.SkipWithError("no echo within 10 s");
      return;
    }
    rtt_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
    p->server_events.messages.clear();
    p->client_events.messages.clear();
  }
  p->echo = false;
  report_percentiles(state, rtt_us);
  state.SetItemsProcessed(state.iterations());
}

// Baseline: the same exchanges between two UDP sockets on 127.0.0.1, in one thread.
struct udp_pair {
  udp_socket a;
  udp_socket b;
  socket_address a_addr;
  socket_address b_addr;
};

std::unique_ptr<udp_pair> open_udp_pair() {
  udp_options options;
  options.receive_buffer_bytes = 8 * 1024 * 1024;
  auto a = udp_socket::open(test::loopback(0), options);
  auto b = udp_socket::open(test::loopback(0), options);
  if (!a || !b) {
    return nullptr;
  }
  auto aa = a->local_address();
  auto ba = b->local_address();
  return std::unique_ptr<udp_pair>(
      new udp_pair{std::move(*a), std::move(*b), std::move(*aa), std::move(*ba)});
}

bool receive_one(udp_socket& s, std::vector<std::uint8_t>& buffer) {
  for (;;) {
    auto r = s.receive_from(buffer);
    if (r) {
      return true;
    }
    if (r.error().code != transport_errc::would_block) {
      return false;
    }
  }
}

void baseline_udp_throughput(benchmark::State& state) {
  auto pair = open_udp_pair();
  if (!pair) {
    state.SkipWithError("udp sockets");
    return;
  }
  const std::vector<std::uint8_t> message(static_cast<std::size_t>(state.range(0)), 0x42);
  std::vector<std::uint8_t> buffer(65536);
  for (auto _ : state) {
    for (int i = 0; i < in_flight; ++i) {
      (void)pair->a.send_to(message, pair->b_addr);
    }
    for (int i = 0; i < in_flight; ++i) {
      if (!receive_one(pair->b, buffer)) {
        state.SkipWithError("receive");
        return;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * in_flight);
  state.SetBytesProcessed(state.iterations() * in_flight * state.range(0));
}

void baseline_udp_pingpong(benchmark::State& state) {
  auto pair = open_udp_pair();
  if (!pair) {
    state.SkipWithError("udp sockets");
    return;
  }
  const std::vector<std::uint8_t> message(static_cast<std::size_t>(state.range(0)), 0x42);
  std::vector<std::uint8_t> buffer(65536);
  std::vector<double> rtt_us;
  for (auto _ : state) {
    const auto start = clock_type::now();
    (void)pair->a.send_to(message, pair->b_addr);
    if (!receive_one(pair->b, buffer)) {
      state.SkipWithError("receive");
      return;
    }
    (void)pair->b.send_to(message, pair->a_addr);
    if (!receive_one(pair->a, buffer)) {
      state.SkipWithError("receive");
      return;
    }
    rtt_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
  }
  report_percentiles(state, rtt_us);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(sctp_throughput)->Arg(100)->Arg(4096)->UseRealTime();
BENCHMARK(baseline_udp_throughput)->Arg(100)->Arg(4096)->UseRealTime();
BENCHMARK(sctp_pingpong)->Arg(100)->UseRealTime();
BENCHMARK(baseline_udp_pingpong)->Arg(100)->UseRealTime();

}  // namespace
