// Runs inside the test VM (Debian's kernel, real kernel SCTP): our sctp_endpoint with the
// kernel backend, against our usrsctp backend on the host (sctp_vm_test.cpp).
//
//   sctp_vm_peer client HOST   gNB side: connect HOST:38412, send messages on every stream
//                              (PPID 60, up to 64 KiB), check the echoes, shut down
//   sctp_vm_peer server        AMF side: listen on 38412, echo every message
//
// Results are console lines starting with "=== " that the host test reads.

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "../sctp_test_support.h"
#include "glasscore/transport/sctp.h"

namespace {

using namespace glasscore::transport;
using namespace std::chrono_literals;

std::vector<std::uint8_t> message_bytes(int i) {
  static const std::size_t sizes[] = {20, 300, 1400, 3000, 9000, 65536};
  std::vector<std::uint8_t> v(sizes[static_cast<std::size_t>(i) % std::size(sizes)]);
  for (std::size_t k = 0; k < v.size(); ++k) {
    v[k] = static_cast<std::uint8_t>(k * 13 + static_cast<std::size_t>(i));
  }
  return v;
}

int run_client(const std::string& host) {
  test::loop loop;
  test::recorder events;
  sctp_options o;
  o.backend = sctp_backend::kernel;
  o.outbound_streams = 4;
  o.max_inbound_streams = 4;
  auto ep = sctp_endpoint::create(loop.io, o, events);
  if (!ep) {
    std::printf("=== client FAIL create: %s\n", ep.error().c_str());
    return 1;
  }
  const auto remote = socket_address::parse(host, ngap_sctp_port);
  if (!remote || !(*ep)->connect(*remote)) {
    std::printf("=== client FAIL connect\n");
    return 1;
  }
  if (!loop.run_until([&] { return !events.up.empty() || !events.down.empty(); }, 30s) ||
      events.up.empty()) {
    std::printf("=== client FAIL no association\n");
    return 1;
  }
  const auto& up = events.up[0];
  std::printf("=== client up backend=%s in=%u out=%u\n",
              (*ep)->backend() == sctp_backend::kernel ? "kernel" : "other", up.inbound_streams,
              up.outbound_streams);
  constexpr int count = 48;
  for (int i = 0; i < count; ++i) {
    const auto stream = static_cast<std::uint16_t>(i % up.outbound_streams);
    if (!(*ep)->send(up.id, stream, ngap_ppid, message_bytes(i))) {
      std::printf("=== client FAIL send %d\n", i);
      return 1;
    }
  }
  if (!loop.run_until([&] { return events.messages.size() == count; }, 30s)) {
    std::printf("=== client FAIL got %zu of %d echoes\n", events.messages.size(), count);
    return 1;
  }
  // Echoes come back in order per stream; check every byte and the PPID.
  std::map<std::uint16_t, int> next;
  for (const auto& m : events.messages) {
    int& i = next[m.stream];
    while (i < count && i % up.outbound_streams != m.stream) {
      ++i;
    }
    if (m.ppid != ngap_ppid || i >= count || m.bytes != message_bytes(i)) {
      std::printf("=== client FAIL echo mismatch on stream %u\n", m.stream);
      return 1;
    }
    ++i;
  }
  if (!(*ep)->shutdown(up.id) || !loop.run_until([&] { return !events.down.empty(); }, 10s) ||
      events.down[0].second != sctp_down_reason::shutdown) {
    std::printf("=== client FAIL shutdown\n");
    return 1;
  }
  std::printf("=== client ok: %d messages echoed, graceful shutdown\n", count);
  return 0;
}

int run_server() {
  test::loop loop;
  test::recorder events;
  sctp_options o;
  o.backend = sctp_backend::kernel;
  o.local = *socket_address::parse("0.0.0.0", ngap_sctp_port);
  o.listen = true;
  std::unique_ptr<sctp_endpoint> ep;
  events.on_up = [&](const sctp_association_info& info) {
    std::printf("=== server up peer=%s in=%u out=%u\n", info.peer.to_string().c_str(),
                info.inbound_streams, info.outbound_streams);
    std::fflush(stdout);
  };
  events.on_msg = [&](const sctp_message& m) {
    if (!ep->send(m.association, m.stream, m.ppid, m.data)) {
      std::printf("=== server FAIL echo\n");
    }
    events.messages.clear();
  };
  auto created = sctp_endpoint::create(loop.io, o, events);
  if (!created) {
    std::printf("=== server FAIL create: %s\n", created.error().c_str());
    return 1;
  }
  ep = std::move(*created);
  std::printf("=== server listening\n");
  std::fflush(stdout);
  std::size_t reported = 0;
  for (;;) {  // until the host powers the VM off
    loop.run_until([&] { return events.down.size() > reported; }, 1h);
    for (; reported < events.down.size(); ++reported) {
      std::printf("=== server down %s\n",
                  std::string(to_string(events.down[reported].second)).c_str());
      std::fflush(stdout);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "client" && argc > 2) {
    return run_client(argv[2]);
  }
  if (mode == "server") {
    return run_server();
  }
  std::fprintf(stderr, "usage: sctp_vm_peer client HOST | server\n");
  return 2;
}
