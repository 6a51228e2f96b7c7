#include "glasscore/transport/tun_device.h"

#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/transport/udp_socket.h"

namespace glasscore::transport {
namespace {

bool wait_readable(int fd, int timeout_ms = 1000) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN) != 0;
}

std::uint16_t read_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// RFC 791 header checksum: ones' complement of the ones' complement sum of 16-bit words.
std::uint16_t ipv4_checksum(const std::uint8_t* header, std::size_t length) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < length; i += 2) {
    sum += read_u16(header + i);
  }
  while ((sum >> 16) != 0) {
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

// A test-unique /30 on this machine's own tun interface: 10.200.a.b, from the pid, so
// parallel test runs do not share a subnet. `.1` is the interface, `.2` the far end.
struct tun_subnet {
  std::string local;
  std::string peer;
};
tun_subnet subnet_for_this_process() {
  const auto pid = static_cast<unsigned>(::getpid());
  const unsigned c = (pid >> 6) & 0xff;
  const unsigned d = (pid & 0x3f) << 2;
  const std::string base = "10.200." + std::to_string(c) + ".";
  return {base + std::to_string(d + 1), base + std::to_string(d + 2)};
}

// Opens a tun device for the test, or says why the test must be skipped.
std::optional<tun_device> open_test_tun(std::string& skip_reason) {
  const std::string name = "gctest" + std::to_string(::getpid() % 1000000);
  auto tun = tun_device::open(name);
  if (!tun) {
    skip_reason = "cannot create a TUN device (" + to_string(tun.error()) +
                  "): needs /dev/net/tun and CAP_NET_ADMIN";
    return std::nullopt;
  }
  return std::move(*tun);
}

TEST(tun_device, rejects_a_name_longer_than_the_kernel_allows) {
  auto tun = tun_device::open("a-name-far-too-long-for-ifnamsiz");
  ASSERT_FALSE(tun);
  EXPECT_EQ(tun.error(), transport_errc::invalid_argument);
}

TEST(tun_device, udp_sent_into_its_subnet_comes_out_as_one_ip_packet) {
  std::string why;
  std::optional<tun_device> tun = open_test_tun(why);
  if (!tun) {
    GTEST_SKIP() << why;
  }
  EXPECT_EQ(tun->name().rfind("gctest", 0), 0U);
  const tun_subnet net = subnet_for_this_process();
  auto up = tun->set_ipv4_address_and_up(net.local, 30);
  ASSERT_TRUE(up) << to_string(up.error());

  // Would-block before anything is routed there (the kernel may already have queued an
  // IPv6 packet such as a router solicitation, which is equally fine).
  packet_buffer_pool pool(8, 2048, 128);

  auto sender = udp_socket::open(socket_address::parse(net.local, 0).value());
  ASSERT_TRUE(sender) << to_string(sender.error());
  const std::uint16_t src_port = sender->local_address().value().port();
  const std::string text = "glasscore tun test";
  const byte_span msg(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  auto sent = sender->send_to(msg, socket_address::parse(net.peer, 9999).value());
  ASSERT_TRUE(sent) << to_string(sent.error());

  std::array<std::uint8_t, 4> want_src{};
  std::array<std::uint8_t, 4> want_dst{};
  ASSERT_EQ(inet_pton(AF_INET, net.local.c_str(), want_src.data()), 1);
  ASSERT_EQ(inet_pton(AF_INET, net.peer.c_str(), want_dst.data()), 1);

  // Other traffic (IPv6 solicitations) may come first: skip it, within a bounded time.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<std::uint8_t> found;
  while (found.empty() && std::chrono::steady_clock::now() < deadline && wait_readable(tun->fd())) {
    packet_buffer buf = pool.acquire().value();
    auto n = tun->read(buf);
    if (!n) {
      ASSERT_EQ(n.error(), transport_errc::would_block) << to_string(n.error());
      continue;
    }
    EXPECT_EQ(buf.headroom(), 128U);
    const byte_span p = buf.data();
    if (p.size() >= 28 && (p[0] >> 4) == 4 && p[9] == 17 &&
        std::memcmp(&p[16], want_dst.data(), 4) == 0) {
      found.assign(p.begin(), p.end());
    }
  }
  ASSERT_FALSE(found.empty()) << "no IPv4 UDP packet to " << net.peer << " came out of "
                              << tun->name();

  const std::uint8_t* ip = found.data();
  ASSERT_EQ(ip[0], 0x45);  // IPv4, 20-byte header (no options)
  EXPECT_EQ(read_u16(ip + 2), 20 + 8 + text.size());
  EXPECT_EQ(ipv4_checksum(ip, 20), 0);  // a valid header sums to 0xffff
  EXPECT_EQ(std::memcmp(ip + 12, want_src.data(), 4), 0);
  const std::uint8_t* udp = ip + 20;
  EXPECT_EQ(read_u16(udp), src_port);
  EXPECT_EQ(read_u16(udp + 2), 9999);
  EXPECT_EQ(read_u16(udp + 4), 8 + text.size());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(udp + 8), found.size() - 28), text);
}

// IFF_MULTI_QUEUE: a second queue on the same interface; the kernel spreads flows over the
// queues, each packet coming out of exactly one of them.
TEST(tun_device, multi_queue_spreads_flows_over_its_queues) {
  const std::string name = "gcmq" + std::to_string(::getpid() % 1000000);
  auto first = tun_device::open(name, tun_options{.multi_queue = true});
  if (!first) {
    GTEST_SKIP() << "cannot create a TUN device (" << to_string(first.error()) << ")";
  }
  auto second = first->open_queue();
  ASSERT_TRUE(second) << to_string(second.error());
  EXPECT_EQ(second->name(), first->name());
  EXPECT_NE(second->fd(), first->fd());
  const tun_subnet net = subnet_for_this_process();
  // A /24 around the test's /30, so that 64 far ends are routed into the device.
  const std::string base = net.local.substr(0, net.local.rfind('.') + 1);
  auto up = first->set_ipv4_address_and_up(base + "1", 24);
  ASSERT_TRUE(up) << to_string(up.error());
  auto sender = udp_socket::open(socket_address::parse(base + "1", 0).value());
  ASSERT_TRUE(sender);
  constexpr int flows = 64;
  for (int i = 0; i < flows; ++i) {
    const std::uint8_t one = static_cast<std::uint8_t>(i);
    ASSERT_TRUE(sender->send_to(byte_span(&one, 1),
                                socket_address::parse(base + std::to_string(2 + i), 9999).value()));
  }
  packet_buffer_pool pool(8, 2048, 128);
  std::vector<int> seen(flows, 0);
  std::array<int, 2> per_queue{};
  const std::array<const tun_device*, 2> queues{&*first, &*second};
  for (std::size_t q = 0; q < queues.size(); ++q) {
    while (wait_readable(queues[q]->fd(), 200)) {
      packet_buffer buf = pool.acquire().value();
      auto n = const_cast<tun_device*>(queues[q])->read(buf);
      if (!n) {
        continue;
      }
      const byte_span p = buf.data();
      if (p.size() != 29 || (p[0] >> 4) != 4 || p[9] != 17) {
        continue;  // IPv6 solicitations and the like
      }
      ++seen.at(p[28]);
      ++per_queue[q];
    }
  }
  for (int i = 0; i < flows; ++i) {
    EXPECT_EQ(seen[i], 1) << "flow " << i;
  }
  EXPECT_GT(per_queue[0], 0);
  EXPECT_GT(per_queue[1], 0);
  auto single = tun_device::open();
  if (single) {
    EXPECT_FALSE(single->open_queue());  // not a multi-queue device
  }
}

TEST(tun_device, ip_packet_written_into_it_reaches_a_local_socket) {
  std::string why;
  std::optional<tun_device> tun = open_test_tun(why);
  if (!tun) {
    GTEST_SKIP() << why;
  }
  const tun_subnet net = subnet_for_this_process();
  ASSERT_TRUE(tun->set_ipv4_address_and_up(net.local, 30));
  auto rx = udp_socket::open(socket_address::parse(net.local, 0).value());
  ASSERT_TRUE(rx);
  const std::uint16_t port = rx->local_address().value().port();

  // A hand-built IPv4/UDP packet from the far end of the /30 to the socket (RFC 791,
  // RFC 768; UDP checksum 0 means "none" over IPv4).
  const std::string text = "downlink via n6";
  packet_buffer_pool pool(2, 2048, 128);
  packet_buffer pkt = pool.acquire().value();
  auto room = pkt.append(28 + text.size());
  ASSERT_TRUE(room);
  std::uint8_t* p = room->data();
  const auto total = static_cast<std::uint16_t>(28 + text.size());
  const std::array<std::uint8_t, 12> fixed = {0x45,
                                              0,
                                              static_cast<std::uint8_t>(total >> 8),
                                              static_cast<std::uint8_t>(total & 0xff),
                                              0x12,
                                              0x34,
                                              0x40,
                                              0,
                                              64,
                                              17,
                                              0,
                                              0};
  std::memcpy(p, fixed.data(), fixed.size());
  ASSERT_EQ(inet_pton(AF_INET, net.peer.c_str(), p + 12), 1);
  ASSERT_EQ(inet_pton(AF_INET, net.local.c_str(), p + 16), 1);
  const std::uint16_t sum = ipv4_checksum(p, 20);
  p[10] = static_cast<std::uint8_t>(sum >> 8);
  p[11] = static_cast<std::uint8_t>(sum & 0xff);
  const std::uint16_t udp_length = static_cast<std::uint16_t>(8 + text.size());
  const std::array<std::uint8_t, 8> udp = {0x9c,
                                           0x40,  // source port 40000
                                           static_cast<std::uint8_t>(port >> 8),
                                           static_cast<std::uint8_t>(port & 0xff),
                                           static_cast<std::uint8_t>(udp_length >> 8),
                                           static_cast<std::uint8_t>(udp_length & 0xff),
                                           0,
                                           0};
  std::memcpy(p + 20, udp.data(), udp.size());
  std::memcpy(p + 28, text.data(), text.size());

  auto written = tun->write(pkt);
  ASSERT_TRUE(written) << to_string(written.error());
  EXPECT_EQ(*written, pkt.size());

  ASSERT_TRUE(wait_readable(rx->fd()))
      << "the packet written into " << tun->name() << " did not reach " << net.local;
  std::array<std::uint8_t, 64> buf{};
  auto got = rx->receive_from(buf);
  ASSERT_TRUE(got) << to_string(got.error());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf.data()), got->size), text);
  EXPECT_EQ(got->source, socket_address::parse(net.peer, 40000).value());
}

TEST(tun_device, packet_longer_than_the_buffer_is_dropped_not_cut) {
  std::string why;
  std::optional<tun_device> tun = open_test_tun(why);
  if (!tun) {
    GTEST_SKIP() << why;
  }
  const tun_subnet net = subnet_for_this_process();
  ASSERT_TRUE(tun->set_ipv4_address_and_up(net.local, 30));
  auto sender = udp_socket::open(socket_address::parse(net.local, 0).value());
  ASSERT_TRUE(sender);
  const std::vector<std::uint8_t> big(600, 0x5a);
  ASSERT_TRUE(sender->send_to(big, socket_address::parse(net.peer, 9999).value()));

  // 256-byte buffers with 64 of headroom: every packet over 192 bytes is too long.
  packet_buffer_pool pool(2, 256, 64);
  bool dropped = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!dropped && std::chrono::steady_clock::now() < deadline && wait_readable(tun->fd())) {
    packet_buffer buf = pool.acquire().value();
    auto n = tun->read(buf);
    if (!n && n.error() == transport_errc::message_too_long) {
      dropped = true;
      EXPECT_EQ(buf.size(), 0U);  // nothing half-delivered
    }
  }
  EXPECT_TRUE(dropped);
}

}  // namespace
}  // namespace glasscore::transport
