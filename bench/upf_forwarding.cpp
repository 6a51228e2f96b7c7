// UPF forwarding rate (not a Google Benchmark program, not a test): the data path of
// nf/upf moving G-PDUs N3 -> N6 (uplink) and IP packets N6 -> N3 (downlink) for 10,000
// sessions, with 1 and 2 worker threads, 64- and 1,400-octet UDP payloads, measured in a
// private network namespace (root needed): N3 on loopback, N6 a TUN device holding
// 10.70.0.1/16 (the UE pool 10.70.0.0/16 is routed into it), the "data network" a socket
// on 10.70.0.1. Reported per case: the maximum rate (packets/s and Gbit/s of inner IP
// packets) and, at a fixed offered rate, loss and p50/p99 latency. As the ceiling, in the
// same run, the same traffic through a plain UDP relay built from the same udp_socket and
// datagram_batch (recvmmsg -> sendmmsg, no GTP-U, no TUN), and the ratio UPF / relay.
//
//   upf_forwarding [seconds per case, default 0.5] [fixed rate in packets/s, default 20000]
//   upf_forwarding [seconds per case] [ignored] pdrs
//
// The second form compares PDR classification costs instead (1 worker, 64-octet payloads,
// maximum rate): sessions with one PDR per direction and no SDF filter against sessions
// with four PDRs per direction, each with an SDF filter, the traffic matching only the last
// (the worst case of the linear scan, TS 29.244 §5.2.1), twice in alternation.
#include <fmt/core.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/datapath.h"
#include "glasscore/transport/udp_socket.h"

namespace {

using namespace glasscore;
using transport::socket_address;
using transport::udp_socket;

constexpr std::size_t session_count = 10000;
constexpr std::size_t batch = 32;
constexpr std::size_t timestamp_size = 8;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool interface_ioctl(const char* name, unsigned long request, int value) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return false;
  ifreq req{};
  std::snprintf(req.ifr_name, sizeof(req.ifr_name), "%s", name);
  bool ok = true;
  if (request == SIOCSIFFLAGS) {
    ok = ::ioctl(fd, SIOCGIFFLAGS, &req) == 0;
    req.ifr_flags = static_cast<short>(req.ifr_flags | value);
  } else {
    req.ifr_qlen = value;
  }
  ok = ok && ::ioctl(fd, request, &req) == 0;
  ::close(fd);
  return ok;
}

std::array<std::uint8_t, 4> ue_ip(std::size_t i) {
  const std::size_t n = 256 + i;  // 10.70.1.0 upwards
  return {10, 70, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
}
std::string dotted(std::array<std::uint8_t, 4> a) {
  return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

void store_be16(std::uint8_t* p, std::size_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

// The inner packet a UE sends: IPv4/UDP to 10.70.0.1:9000, `payload` octets.
std::vector<std::uint8_t> inner_packet(std::size_t ue, std::size_t payload) {
  std::vector<std::uint8_t> p(28 + payload, 0);
  p[0] = 0x45;
  store_be16(&p[2], p.size());
  p[6] = 0x40;
  p[8] = 64;
  p[9] = 17;
  const auto src = ue_ip(ue);
  std::copy(src.begin(), src.end(), p.begin() + 12);
  p[16] = 10, p[17] = 70, p[18] = 0, p[19] = 1;
  std::uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2)
    sum += std::uint32_t{p[i]} << 8 | p[i + 1];
  while ((sum >> 16) != 0)
    sum = (sum & 0xFFFF) + (sum >> 16);
  store_be16(&p[10], static_cast<std::uint16_t>(~sum));
  store_be16(&p[20], 4000);
  store_be16(&p[22], 9000);
  store_be16(&p[24], 8 + payload);
  return p;
}

// CPU seconds used so far by this process's threads whose name starts with `prefix`
// (/proc/self/task/*/stat fields 14 and 15, utime and stime in clock ticks; proc(5)).
// CPU time is charged only while a thread runs, so unlike packets/s it is not distorted by
// other processes competing for the CPUs.
double thread_cpu_seconds(std::string_view prefix) {
  double ticks = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (!name.starts_with(prefix))
      continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos)
      continue;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14 || i == 15)
        ticks += std::atof(field.c_str());
    }
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Counts what arrives on a socket; records one-way latency from the timestamp at `offset`.
class sink {
 public:
  sink(udp_socket& s, std::size_t offset) : socket_(s), offset_(offset) {
    latencies_.reserve(1 << 22);
  }
  void start(bool record) {
    record_ = record;
    since_ = INT64_MAX;
    received_ = 0;
    bytes_ = 0;
    latencies_.clear();
    stop_ = false;
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    stop_ = true;
    thread_.join();
  }
  /// Latencies are recorded only for packets stamped from now on.
  void record_from_now() { since_.store(now_ns(), std::memory_order_relaxed); }
  std::uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  std::vector<std::int64_t>& latencies() { return latencies_; }

 private:
  void run() {
    packet_buffer_pool pool(256, 2048, 0);
    transport::datagram_batch rx(batch);
    pollfd p{socket_.fd(), POLLIN, 0};
    while (!stop_.load(std::memory_order_relaxed)) {
      auto n = socket_.receive_batch(pool, rx);
      if (!n) {
        ::poll(&p, 1, 5);
        continue;
      }
      const std::int64_t t = now_ns();
      for (std::size_t i = 0; i < rx.size(); ++i) {
        const byte_span d = rx[i].buffer->data();
        received_.fetch_add(1, std::memory_order_relaxed);
        bytes_ += d.size();
        if (record_ && d.size() >= offset_ + timestamp_size && latencies_.size() < (1u << 22)) {
          std::int64_t sent = 0;
          std::memcpy(&sent, d.data() + offset_, sizeof(sent));
          if (sent >= since_.load(std::memory_order_relaxed))
            latencies_.push_back(t - sent);
        }
      }
      rx.clear();
    }
  }

  udp_socket& socket_;
  std::size_t offset_;
  bool record_ = false;
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> since_{INT64_MAX};
  std::atomic<std::uint64_t> received_{0};
  std::uint64_t bytes_ = 0;
  std::vector<std::int64_t> latencies_;
  std::thread thread_;
};

// Sends prebuilt datagrams round-robin over `templates`/`peers` as fast as possible or at
// `rate` packets/s, stamping the send time at `ts_offset` of each.
struct traffic {
  std::vector<std::vector<std::uint8_t>> templates;  // one per session
  std::vector<socket_address> peers;                 // one per session (or one for all)
  std::size_t ts_offset = 0;
};

// Each batch goes out on the next of `from` (several gNBs: several UDP flows).
std::uint64_t generate(const std::vector<udp_socket*>& from, const traffic& t, double seconds,
                       double rate) {
  packet_buffer_pool pool(batch * 2, 2048, 0);
  transport::datagram_batch tx(batch);
  std::uint64_t sent = 0;
  std::size_t k = 0;
  const std::int64_t start = now_ns();
  const auto end = start + static_cast<std::int64_t>(seconds * 1e9);
  for (;;) {
    const std::int64_t now = now_ns();
    if (now >= end)
      break;
    if (rate > 0) {
      const auto due = static_cast<std::uint64_t>(static_cast<double>(now - start) * rate / 1e9);
      if (sent >= due) {
        // Ahead of schedule: yield the CPU briefly (a busy wait would steal it from the
        // forwarder on a machine with few CPUs). A batch of 32 at 20,000/s is due every 1.6 ms.
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        continue;
      }
    }
    tx.clear();
    for (std::size_t i = 0; i < batch; ++i, ++k) {
      const auto& tmpl = t.templates[k % t.templates.size()];
      auto b = pool.acquire();
      (void)b->append(tmpl.size());
      std::memcpy(b->data().data(), tmpl.data(), tmpl.size());
      const std::int64_t stamp = now_ns();
      std::memcpy(b->data().data() + t.ts_offset, &stamp, sizeof(stamp));
      (void)tx.push_back(std::move(*b), t.peers[k % t.peers.size()]);
    }
    udp_socket& s = *from[(k / batch) % from.size()];
    std::size_t first = 0;
    while (first < tx.size()) {
      auto n = s.send_batch(tx, first);
      if (!n || *n == 0)
        break;  // socket buffer full: what was not sent is not counted
      first += *n;
    }
    sent += first;
  }
  tx.clear();
  return sent;
}

// The ceiling: recvmmsg a batch, re-address it, sendmmsg it; no parsing, no TUN.
class relay {
 public:
  relay(udp_socket& in, udp_socket& out, socket_address to) : in_(in), out_(out), to_(to) {
    thread_ = std::thread([this] { run(); });
  }
  ~relay() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run() {
    ::pthread_setname_np(::pthread_self(), "relay");
    packet_buffer_pool pool(1024, 2048, 64);
    transport::datagram_batch rx(batch);
    pollfd p{in_.fd(), POLLIN, 0};
    while (!stop_.load(std::memory_order_relaxed)) {
      auto n = in_.receive_batch(pool, rx);
      if (!n) {
        ::poll(&p, 1, 5);
        continue;
      }
      for (std::size_t i = 0; i < rx.size(); ++i)
        rx[i].peer = to_;
      std::size_t first = 0;
      while (first < rx.size()) {
        auto s = out_.send_batch(rx, first);
        if (!s || *s == 0)
          break;
        first += *s;
      }
      rx.clear();
    }
  }
  udp_socket& in_;
  udp_socket& out_;
  socket_address to_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct result {
  double pps = 0;
  double gbps = 0;
  double loss = 0;
  double p50_us = 0;
  double p99_us = 0;
  double cpu_us_per_packet = 0;  ///< forwarding threads' CPU time per packet delivered
};

// Waits until nothing has arrived for 100 ms (at most 3 s): the queues of the previous
// case must be empty before the next starts, or its packets count twice.
void drain(const sink& s) {
  std::uint64_t last = s.received();
  for (int i = 0; i < 30; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::uint64_t now = s.received();
    if (now == last)
      return;
    last = now;
  }
}

result measure(const std::vector<udp_socket*>& from, const traffic& t, sink& to,
               std::size_t inner_size, double seconds, double rate, std::string_view forwarder) {
  to.start(rate > 0);
  drain(to);  // leftovers of the previous case, not counted below
  const std::uint64_t before = to.received();
  const double cpu_before = thread_cpu_seconds(forwarder);
  to.record_from_now();
  const std::uint64_t sent = generate(from, t, seconds, rate);
  const std::uint64_t in_window = to.received() - before;
  drain(to);
  const std::uint64_t total = to.received() - before;
  const double cpu = thread_cpu_seconds(forwarder) - cpu_before;
  to.stop();
  result r;
  r.cpu_us_per_packet = total == 0 ? 0 : cpu * 1e6 / static_cast<double>(total);
  r.pps = static_cast<double>(in_window) / seconds;
  r.gbps = r.pps * static_cast<double>(inner_size) * 8 / 1e9;
  r.loss =
      sent == 0 ? 0 : std::max(0.0, 1.0 - static_cast<double>(total) / static_cast<double>(sent));
  auto& l = to.latencies();
  if (!l.empty()) {
    std::sort(l.begin(), l.end());
    r.p50_us = static_cast<double>(l[l.size() / 2]) / 1e3;
    r.p99_us = static_cast<double>(l[l.size() * 99 / 100]) / 1e3;
  }
  return r;
}

udp_socket open_socket(const char* ip, std::uint16_t port) {
  transport::udp_options o;
  o.receive_buffer_bytes = 8 << 20;
  o.send_buffer_bytes = 8 << 20;
  auto s = udp_socket::open(*socket_address::parse(ip, port), o);
  if (!s) {
    fmt::print(stderr, "cannot open {}:{}: {}\n", ip, port, transport::to_string(s.error()));
    std::exit(1);
  }
  return std::move(*s);
}

// Session `i`'s rules: one PDR per direction without SDF filter (`filtered` 0), or
// `filtered` PDRs per direction with one each, of which only the last in precedence order
// matches the benchmark's traffic (UDP between the UE's port 4000 or 9000 and 10.70.0.1,
// port 9000 uplink): the others name ports 1000, 1001, ...
upf::session_rules bench_session(std::size_t i, std::size_t filtered) {
  upf::session_rules r;
  r.seid = pfcp_seid{i + 1};
  r.uplink.teid = gtpu_teid{static_cast<std::uint32_t>(0x1000 + i)};
  r.uplink.apply = upf::uplink_rule::action::forward_to_n6;
  const auto a = ue_ip(i);
  r.downlink.ue_ipv4 = config::ip_address::v4(a[0], a[1], a[2], a[3]);
  r.downlink.apply = upf::downlink_rule::action::forward_to_gnb;
  r.downlink.gnb_address = config::ip_address::v4(127, 0, 0, 2);
  r.downlink.gnb_teid = gtpu_teid{static_cast<std::uint32_t>(0x80000 + i)};
  r.downlink.qfi = qos_flow_id{9};
  const config::ip_prefix dn{config::ip_address::v4(10, 70, 0, 1), 32};
  for (std::size_t k = 0; k < filtered; ++k) {
    const bool last = k + 1 == filtered;
    const auto port = static_cast<std::uint16_t>(last ? 9000 : 1000 + k);
    upf::uplink_rule up = r.uplink;
    up.precedence = static_cast<std::uint32_t>(k + 1);
    up.filters = {upf::packet_filter{17, dn, std::nullopt, {{port, port}}, {}}};
    upf::downlink_rule down = r.downlink;
    down.precedence = up.precedence;
    down.filters = {upf::packet_filter{17, dn, std::nullopt, {}, {{port, port}}}};
    if (k == 0) {
      r.uplink = up;
      r.downlink = down;
    } else {
      r.other_uplink.push_back(up);
      r.other_downlink.push_back(down);
    }
  }
  return r;
}

std::unique_ptr<upf::datapath> start_upf(std::size_t workers, std::size_t filtered) {
  upf::datapath_config c;
  c.n3_address = config::ip_address::v4(127, 0, 0, 1);
  c.n3_port = gtpu::udp_port;
  c.tun_name = "upfbench0";
  c.tun_ipv4 = config::ip_prefix{config::ip_address::v4(10, 70, 0, 1), 16};
  c.workers = workers;
  c.max_sessions = session_count;
  auto dp = upf::datapath::start(c);
  if (!dp) {
    fmt::print(stderr, "datapath: {}\n", upf::to_string(dp.error()));
    std::exit(1);
  }
  (void)interface_ioctl("upfbench0", SIOCSIFTXQLEN, 10000);
  for (std::size_t i = 0; i < session_count; ++i) {
    if (!(*dp)->install(bench_session(i, filtered))) {
      fmt::print(stderr, "cannot install session {}\n", i);
      std::exit(1);
    }
  }
  return std::move(*dp);
}

// Uplink: G-PDUs from the gNB, one template per session (its TEID, its UE source).
traffic uplink_traffic(std::size_t payload) {
  traffic up;
  up.ts_offset = 16 + 28;
  for (std::size_t i = 0; i < session_count; ++i) {
    gtpu::header h;
    h.teid = static_cast<std::uint32_t>(0x1000 + i);
    h.pdu_session =
        gtpu::pdu_session_container{gtpu::pdu_session_container::direction::uplink, 9, false};
    const auto ip = inner_packet(i, payload);
    std::vector<std::uint8_t> d(gtpu::header_size(h) + ip.size());
    const std::size_t n = gtpu::encode_header(h, ip.size(), d);
    std::copy(ip.begin(), ip.end(), d.begin() + static_cast<std::ptrdiff_t>(n));
    up.templates.push_back(d);
  }
  return up;
}

// Downlink: UDP from the data network to each UE's port 9000 (the kernel routes it into
// the TUN device).
traffic downlink_traffic(std::size_t payload) {
  traffic down;
  down.templates = {std::vector<std::uint8_t>(payload, 0)};
  down.ts_offset = 0;
  for (std::size_t i = 0; i < session_count; ++i) {
    down.peers.push_back(*socket_address::parse(dotted(ue_ip(i)), 9000));
  }
  return down;
}

// The "pdrs" mode: one unfiltered PDR per direction against four filtered ones (the last
// matching), 1 worker, 64-octet payloads, maximum rate; CPU time per packet of the worker.
void compare_pdr_counts(double seconds, const std::vector<udp_socket*>& gnbs, udp_socket& gnb) {
  constexpr std::size_t payload = 64;
  fmt::print("{:<9} {:>5} | {:>10} {:>6} | {:>10} {:>6} | {:>5} {:>6}\n", "direction", "round",
             "1 PDR pkt/s", "us/pkt", "4 PDR pkt/s", "us/pkt", "ratio", "cpu x");
  const traffic up = uplink_traffic(payload);
  const traffic down = downlink_traffic(payload);
  for (int round = 1; round <= 2; ++round) {
    result res[2][2];  // [filtered?][uplink?]
    for (std::size_t f = 0; f < 2; ++f) {
      auto dp = start_upf(1, f == 0 ? 0 : 4);
      udp_socket dn = open_socket("10.70.0.1", 9000);
      udp_socket app = open_socket("10.70.0.1", 0);
      traffic to_upf = up;
      to_upf.peers = {dp->n3_local_address()};
      for (bool uplink : {true, false}) {
        sink s(uplink ? dn : gnb, uplink ? 0 : 16 + 28);
        const std::vector<udp_socket*> from = uplink ? gnbs : std::vector<udp_socket*>{&app};
        res[f][uplink ? 1 : 0] =
            measure(from, uplink ? to_upf : down, s, 28 + payload, seconds, 0, "upf-worker");
      }
      const auto t = dp->totals();
      if (t.unmatched_dropped != 0 || t.rule_dropped != 0)
        fmt::print("  (round {}: {} packets matched no PDR)\n", round, t.unmatched_dropped);
    }
    for (bool uplink : {true, false}) {
      const result& one = res[0][uplink ? 1 : 0];
      const result& four = res[1][uplink ? 1 : 0];
      fmt::print("{:<9} {:>5} | {:>10.0f} {:>6.2f} | {:>10.0f} {:>6.2f} | {:>5.2f} {:>6.2f}\n",
                 uplink ? "uplink" : "downlink", round, one.pps, one.cpu_us_per_packet, four.pps,
                 four.cpu_us_per_packet, one.pps > 0 ? four.pps / one.pps : 0.0,
                 one.cpu_us_per_packet > 0 ? four.cpu_us_per_packet / one.cpu_us_per_packet : 0.0);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
  const double fixed_rate = argc > 2 ? std::atof(argv[2]) : 20000;
  if (::geteuid() != 0 || ::unshare(CLONE_NEWNET) != 0 ||
      !interface_ioctl("lo", SIOCSIFFLAGS, IFF_UP)) {
    fmt::print(stderr, "upf_forwarding needs root: it runs in its own network namespace\n");
    return 1;
  }
  fmt::print(
      "UPF forwarding, {} sessions, {:.1f} s per case, fixed rate {:.0f} packets/s, "
      "{} CPUs online\n",
      session_count, seconds, fixed_rate, std::thread::hardware_concurrency());
  udp_socket gnb = open_socket("127.0.0.2", gtpu::udp_port);
  // Uplink comes from four gNBs (127.0.0.2, .4, .5, .6, each from port 2152): four UDP
  // flows, which SO_REUSEPORT can spread over the UPF's N3 sockets (one gNB is one flow).
  udp_socket gnb4 = open_socket("127.0.0.4", gtpu::udp_port);
  udp_socket gnb5 = open_socket("127.0.0.5", gtpu::udp_port);
  udp_socket gnb6 = open_socket("127.0.0.6", gtpu::udp_port);
  const std::vector<udp_socket*> gnbs{&gnb, &gnb4, &gnb5, &gnb6};
  if (argc > 3 && std::string_view(argv[3]) == "pdrs") {
    compare_pdr_counts(seconds, gnbs, gnb);
    return 0;
  }
  fmt::print(
      "{:<9} {:>3} {:>5} | {:>10} {:>7} {:>6} | {:>10} {:>7} {:>6} | {:>5} {:>6} | {:>18} | "
      "{:>18}\n",
      "direction", "wk", "size", "UPF pkt/s", "Gbit/s", "us/pkt", "relay pkt/s", "Gbit/s", "us/pkt",
      "ratio", "cpu x", "UPF loss p50/p99us", "relay loss p50/p99");
  for (std::size_t workers : {std::size_t{1}, std::size_t{2}}) {
    auto dp = start_upf(workers, 0);
    udp_socket dn = open_socket("10.70.0.1", 9000);  // data network sink
    udp_socket app = open_socket("10.70.0.1", 0);    // data network sender
    udp_socket relay_up_in = open_socket("127.0.0.3", gtpu::udp_port);
    udp_socket relay_down_in = open_socket("127.0.0.3", 7000);
    udp_socket relay_out = open_socket("127.0.0.3", 0);
    for (std::size_t payload : {std::size_t{64}, std::size_t{1400}}) {
      const std::size_t inner = 28 + payload;
      traffic up = uplink_traffic(payload);
      traffic up_relay = up;
      up.peers = {dp->n3_local_address()};
      up_relay.peers = {*relay_up_in.local_address()};
      traffic down = downlink_traffic(payload);
      traffic down_relay = down;
      down_relay.peers = {*relay_down_in.local_address()};

      for (bool uplink : {true, false}) {
        const std::vector<udp_socket*> from = uplink ? gnbs : std::vector<udp_socket*>{&app};
        udp_socket& to_socket = uplink ? dn : gnb;
        // UPF: the sink sees the inner UDP payload (uplink) or the whole G-PDU (downlink).
        sink upf_sink(to_socket, uplink ? 0 : 16 + 28);
        const traffic& t = uplink ? up : down;
        const result max = measure(from, t, upf_sink, inner, seconds, 0, "upf-worker");
        const result fixed = measure(from, t, upf_sink, inner, seconds, fixed_rate, "upf-worker");
        // Relay: the sink sees exactly what was sent.
        result relay_max;
        result relay_fixed;
        {
          relay r(uplink ? relay_up_in : relay_down_in, relay_out,
                  uplink ? *dn.local_address() : *gnb.local_address());
          sink relay_sink(to_socket, uplink ? 16 + 28 : 0);
          const traffic& rt = uplink ? up_relay : down_relay;
          relay_max = measure(from, rt, relay_sink, inner, seconds, 0, "relay");
          relay_fixed = measure(from, rt, relay_sink, inner, seconds, fixed_rate, "relay");
        }
        fmt::print(
            "{:<9} {:>3} {:>5} | {:>10.0f} {:>7.3f} {:>6.2f} | {:>10.0f} {:>7.3f} {:>6.2f} | "
            "{:>5.2f} {:>6.2f} | {:>5.1f}% {:>5.0f}/{:<6.0f} | {:>5.1f}% {:>5.0f}/{:<6.0f}\n",
            uplink ? "uplink" : "downlink", workers, payload, max.pps, max.gbps,
            max.cpu_us_per_packet, relay_max.pps, relay_max.gbps, relay_max.cpu_us_per_packet,
            relay_max.pps > 0 ? max.pps / relay_max.pps : 0.0,
            relay_max.cpu_us_per_packet > 0 ? max.cpu_us_per_packet / relay_max.cpu_us_per_packet
                                            : 0.0,
            fixed.loss * 100, fixed.p50_us, fixed.p99_us, relay_fixed.loss * 100,
            relay_fixed.p50_us, relay_fixed.p99_us);
      }
    }
    const auto t = dp->totals();
    fmt::print(
        "  datapath totals ({} workers): uplink {} downlink {} malformed {} unknown TEID {} "
        "unknown UE {} send failed {}\n",
        workers, t.uplink_forwarded, t.downlink_forwarded, t.malformed_dropped,
        t.unknown_teid_dropped, t.unknown_ue_dropped, t.send_failed_dropped);
  }
  return 0;
}
