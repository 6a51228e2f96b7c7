// Datagrams per second over loopback (127.0.0.1): batched send_batch/receive_batch
// (sendmmsg/recvmmsg, 32 per call) against one sendto/recvfrom per datagram, the baseline,
// in the same run. Figures only: nothing here passes or fails on timing.

#include <poll.h>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "glasscore/core/packet_buffer.h"
#include "glasscore/transport/udp_socket.h"

namespace {

using glasscore::packet_buffer_pool;
using glasscore::transport::datagram_batch;
using glasscore::transport::socket_address;
using glasscore::transport::udp_options;
using glasscore::transport::udp_socket;

constexpr std::size_t batch_size = 32;

bool wait_readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 1000) == 1;
}

struct loopback_pair {
  udp_socket rx;
  udp_socket tx;
  socket_address to;
};

loopback_pair make_pair() {
  const udp_options options{.receive_buffer_bytes = 4 << 20, .send_buffer_bytes = 4 << 20};
  auto any = socket_address::parse("127.0.0.1", 0).value();
  udp_socket rx = udp_socket::open(any, options).value();
  udp_socket tx = udp_socket::open(any, options).value();
  socket_address to = rx.local_address().value();
  return {std::move(rx), std::move(tx), to};
}

void bm_batched(benchmark::State& state) {
  const auto payload = static_cast<std::size_t>(state.range(0));
  loopback_pair p = make_pair();
  packet_buffer_pool tx_pool(batch_size, 2048, 128);
  packet_buffer_pool rx_pool(batch_size, 2048, 128);
  datagram_batch out(batch_size);
  for (std::size_t i = 0; i < batch_size; ++i) {
    auto buf = tx_pool.acquire().value();
    (void)buf.append(payload);
    (void)out.push_back(std::move(buf), p.to);
  }
  datagram_batch in(batch_size);
  std::int64_t lost = 0;
  for (auto _ : state) {
    std::size_t sent = 0;
    while (sent < batch_size) {
      auto n = p.tx.send_batch(out, sent);
      if (!n) {
        state.SkipWithError("send_batch failed");
        return;
      }
      sent += *n;
    }
    std::size_t received = 0;
    while (received < batch_size) {
      auto n = p.rx.receive_batch(rx_pool, in);
      if (n) {
        received += *n;
        in.clear();
      } else if (!wait_readable(p.rx.fd())) {
        lost += static_cast<std::int64_t>(batch_size - received);
        break;
      }
    }
  }
  out.clear();
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch_size));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(batch_size * payload));
  state.counters["lost"] = static_cast<double>(lost);
}

void bm_single(benchmark::State& state) {
  const auto payload = static_cast<std::size_t>(state.range(0));
  loopback_pair p = make_pair();
  std::vector<std::uint8_t> data(payload, 0x42);
  std::array<std::uint8_t, 2048> buf{};
  std::int64_t lost = 0;
  for (auto _ : state) {
    if (!p.tx.send_to(data, p.to)) {
      state.SkipWithError("send_to failed");
      return;
    }
    auto got = p.rx.receive_from(buf);
    if (!got && !(wait_readable(p.rx.fd()) && p.rx.receive_from(buf))) {
      ++lost;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(payload));
  state.counters["lost"] = static_cast<double>(lost);
}

}  // namespace

BENCHMARK(bm_batched)->Arg(64)->Arg(1400);
BENCHMARK(bm_single)->Arg(64)->Arg(1400);
