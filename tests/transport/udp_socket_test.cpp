#include "glasscore/transport/udp_socket.h"

#include <poll.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <asio/io_context.hpp>

#include "glasscore/transport/readable_watch.h"

namespace glasscore::transport {
namespace {

static_assert(!std::is_copy_constructible_v<udp_socket>);
static_assert(std::is_nothrow_move_constructible_v<udp_socket>);

// Bounded wait: true when `fd` becomes readable within `timeout_ms` (at most 1 s).
bool wait_readable(int fd, int timeout_ms = 1000) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN) != 0;
}

udp_socket open_on(const char* ip, const udp_options& options = {}) {
  auto sock = udp_socket::open(socket_address::parse(ip, 0).value(), options);
  EXPECT_TRUE(sock) << (sock ? "" : to_string(sock.error()));
  return std::move(sock).value();
}

// Payload of datagram `index`: `size` bytes of a pattern that depends on both.
std::vector<std::uint8_t> payload(std::size_t index, std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<std::uint8_t>(index * 31 + i);
  }
  return bytes;
}

// Receives until `want` datagrams are collected or one bounded wait times out. Returns
// their payloads and sources in delivery order.
struct collected {
  std::vector<std::vector<std::uint8_t>> payloads;
  std::vector<socket_address> sources;
};
collected receive_all(udp_socket& rx, packet_buffer_pool& pool, std::size_t want,
                      std::size_t batch_size = 32) {
  collected out;
  datagram_batch batch(batch_size);
  // Bounded: each wait is at most 1 s, and the number of calls is capped.
  for (int calls = 0; calls < 1000 && out.payloads.size() < want && wait_readable(rx.fd());
       ++calls) {
    auto n = rx.receive_batch(pool, batch);
    if (!n) {
      EXPECT_EQ(n.error(), transport_errc::would_block) << to_string(n.error());
      if (n.error() != transport_errc::would_block) {
        break;
      }
      continue;
    }
    for (std::size_t i = 0; i < *n; ++i) {
      const byte_span data = batch[i].buffer->data();
      out.payloads.emplace_back(data.begin(), data.end());
      out.sources.push_back(batch[i].peer);
    }
  }
  return out;
}

class udp_socket_family : public ::testing::TestWithParam<const char*> {};

TEST_P(udp_socket_family, binds_port_zero_and_reports_the_chosen_port) {
  udp_socket sock = open_on(GetParam());
  auto local = sock.local_address();
  ASSERT_TRUE(local);
  EXPECT_NE(local->port(), 0);
  EXPECT_EQ(local->family(), socket_address::parse(GetParam(), 0)->family());
}

TEST_P(udp_socket_family, reports_would_block_when_nothing_is_queued) {
  udp_socket sock = open_on(GetParam());
  packet_buffer_pool pool(8, 2048, 128);
  datagram_batch batch(8);
  auto n = sock.receive_batch(pool, batch);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), transport_errc::would_block);
  EXPECT_EQ(pool.available(), 8U);  // nothing kept on failure
  std::array<std::uint8_t, 16> buf{};
  auto one = sock.receive_from(buf);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error(), transport_errc::would_block);
}

TEST_P(udp_socket_family, batch_of_various_sizes_arrives_intact_in_order_with_sources) {
  udp_socket rx = open_on(GetParam());
  udp_socket tx_a = open_on(GetParam());
  udp_socket tx_b = open_on(GetParam());
  const socket_address to = rx.local_address().value();
  const socket_address from_a = tx_a.local_address().value();
  const socket_address from_b = tx_b.local_address().value();

  const std::vector<std::size_t> sizes = {0, 1, 7, 64, 100, 512, 1400, 1500, 1800, 3, 999, 20};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    udp_socket& tx = i % 2 == 0 ? tx_a : tx_b;
    auto sent = tx.send_to(payload(i, sizes[i]), to);
    ASSERT_TRUE(sent) << to_string(sent.error());
    EXPECT_EQ(*sent, sizes[i]);
  }

  packet_buffer_pool pool(64, 2048, 128);
  collected got = receive_all(rx, pool, sizes.size(), 5);  // several calls of a small batch
  ASSERT_EQ(got.payloads.size(), sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ(got.payloads[i], payload(i, sizes[i])) << "datagram " << i;
    EXPECT_EQ(got.sources[i], i % 2 == 0 ? from_a : from_b) << got.sources[i].to_string();
  }
  EXPECT_EQ(rx.counters().truncated_dropped, 0U);
  EXPECT_EQ(pool.available(), pool.capacity());  // receive_all's batch gave every buffer back
}

TEST_P(udp_socket_family, received_data_sits_after_the_headroom_so_headers_prepend_in_place) {
  udp_socket rx = open_on(GetParam());
  udp_socket tx = open_on(GetParam());
  ASSERT_TRUE(tx.send_to(payload(1, 100), rx.local_address().value()));
  ASSERT_TRUE(wait_readable(rx.fd()));

  packet_buffer_pool pool(4, 2048, 128);
  datagram_batch batch(4);
  auto n = rx.receive_batch(pool, batch);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 1U);
  packet_buffer& buf = *batch[0].buffer;
  EXPECT_EQ(buf.headroom(), 128U);
  EXPECT_EQ(buf.size(), 100U);
  const std::uint8_t* at = buf.data().data();
  ASSERT_TRUE(buf.prepend(8));  // e.g. a GTP-U header
  EXPECT_EQ(buf.data().data() + 8, at);
  EXPECT_EQ(pool.available(), 3U);
  batch.clear();
  EXPECT_EQ(pool.available(), 4U);
}

TEST_P(udp_socket_family, oversize_datagram_is_dropped_and_counted_not_delivered_cut) {
  udp_socket rx = open_on(GetParam());
  udp_socket tx = open_on(GetParam());
  const socket_address to = rx.local_address().value();
  // Buffers of 256 bytes with 64 of headroom: 192 bytes of room per datagram.
  ASSERT_TRUE(tx.send_to(payload(0, 100), to));
  ASSERT_TRUE(tx.send_to(payload(1, 193), to));
  ASSERT_TRUE(tx.send_to(payload(2, 192), to));

  packet_buffer_pool pool(8, 256, 64);
  collected got = receive_all(rx, pool, 2);
  ASSERT_EQ(got.payloads.size(), 2U);
  EXPECT_EQ(got.payloads[0], payload(0, 100));
  EXPECT_EQ(got.payloads[1], payload(2, 192));
  EXPECT_EQ(rx.counters().truncated_dropped, 1U);
  EXPECT_EQ(pool.available(), pool.capacity());

  // The single-datagram path drops and reports it the same way.
  ASSERT_TRUE(tx.send_to(payload(3, 50), to));
  ASSERT_TRUE(wait_readable(rx.fd()));
  std::array<std::uint8_t, 20> small{};
  auto one = rx.receive_from(small);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error(), transport_errc::message_too_long);
  EXPECT_EQ(rx.counters().truncated_dropped, 2U);
  auto again = rx.receive_from(small);  // consumed, not left half-read
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), transport_errc::would_block);
}

TEST_P(udp_socket_family, send_batch_of_64_goes_out_in_one_call) {
  udp_socket rx = open_on(GetParam(), udp_options{.receive_buffer_bytes = 1 << 20});
  udp_socket tx = open_on(GetParam(), udp_options{.send_buffer_bytes = 1 << 20});
  const socket_address to = rx.local_address().value();

  packet_buffer_pool tx_pool(64, 2048, 128);
  datagram_batch out(64);
  for (std::size_t i = 0; i < 64; ++i) {
    packet_buffer buf = tx_pool.acquire().value();
    const std::vector<std::uint8_t> bytes = payload(i, 16 + i * 20);
    auto room = buf.append(bytes.size());
    ASSERT_TRUE(room);
    std::copy(bytes.begin(), bytes.end(), room->begin());
    ASSERT_TRUE(out.push_back(std::move(buf), to));
  }
  EXPECT_TRUE(out.full());
  packet_buffer_pool extra(1, 256, 32);
  auto overfull = out.push_back(extra.acquire().value(), to);
  ASSERT_FALSE(overfull);
  EXPECT_EQ(overfull.error(), transport_errc::invalid_argument);
  EXPECT_EQ(extra.available(), 1U);  // the rejected buffer went back to its pool
  auto sent = tx.send_batch(out);
  ASSERT_TRUE(sent) << to_string(sent.error());
  EXPECT_EQ(*sent, 64U);
  out.clear();
  EXPECT_EQ(tx_pool.available(), 64U);

  packet_buffer_pool rx_pool(64, 2048, 128);
  collected got = receive_all(rx, rx_pool, 64);
  ASSERT_EQ(got.payloads.size(), 64U);
  for (std::size_t i = 0; i < 64; ++i) {
    EXPECT_EQ(got.payloads[i], payload(i, 16 + i * 20)) << "datagram " << i;
  }
}

TEST_P(udp_socket_family, partial_send_reports_how_many_went_out) {
  udp_socket rx = open_on(GetParam());
  udp_socket tx = open_on(GetParam());
  const socket_address to = rx.local_address().value();
  // A destination of the other family cannot be sent on this socket; sendmmsg stops there
  // and reports the two before it.
  const bool v4 = to.family() == AF_INET;
  const socket_address wrong = socket_address::parse(v4 ? "::1" : "127.0.0.1", 9).value();

  packet_buffer_pool pool(4, 256, 32);
  datagram_batch out(4);
  for (std::size_t i = 0; i < 4; ++i) {
    packet_buffer buf = pool.acquire().value();
    ASSERT_TRUE(buf.append(10));
    ASSERT_TRUE(out.push_back(std::move(buf), i == 2 ? wrong : to));
  }
  auto sent = tx.send_batch(out);
  ASSERT_TRUE(sent);
  EXPECT_EQ(*sent, 2U);
  auto rest = tx.send_batch(out, 2);  // the failing one first: now the error shows
  ASSERT_FALSE(rest);
  EXPECT_NE(rest.error().sys_errno, 0);
  auto last = tx.send_batch(out, 3);
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, 1U);
  EXPECT_EQ(*tx.send_batch(out, 4), 0U);
  packet_buffer_pool rx_pool(8, 256, 32);
  EXPECT_EQ(receive_all(rx, rx_pool, 3).payloads.size(), 3U);
}

TEST_P(udp_socket_family, receives_only_as_many_as_the_pool_has_buffers) {
  udp_socket rx = open_on(GetParam());
  udp_socket tx = open_on(GetParam());
  const socket_address to = rx.local_address().value();
  for (std::size_t i = 0; i < 10; ++i) {
    ASSERT_TRUE(tx.send_to(payload(i, 40), to));
  }
  ASSERT_TRUE(wait_readable(rx.fd()));

  packet_buffer_pool pool(4, 512, 64);
  datagram_batch first(32);
  auto n = rx.receive_batch(pool, first);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 4U);
  EXPECT_EQ(pool.available(), 0U);

  datagram_batch second(32);
  auto none = rx.receive_batch(pool, second);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), transport_errc::no_buffers);

  // Nothing was lost: the rest stayed queued in the kernel.
  first.clear();
  collected got = receive_all(rx, pool, 6);
  ASSERT_EQ(got.payloads.size(), 6U);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(got.payloads[i], payload(i + 4, 40));
  }
}

TEST_P(udp_socket_family, second_bind_to_a_used_port_is_address_in_use) {
  udp_socket first = open_on(GetParam());
  const socket_address taken = first.local_address().value();
  auto second = udp_socket::open(taken);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(), transport_errc::address_in_use);
  EXPECT_EQ(second.error().sys_errno, EADDRINUSE);
}

// SO_REUSEPORT: two sockets share one port and the kernel spreads senders over them, each
// datagram delivered to exactly one of them.
TEST_P(udp_socket_family, reuse_port_shares_a_port_and_spreads_the_senders) {
  const udp_options shared{.reuse_port = true};
  udp_socket a = open_on(GetParam(), shared);
  const socket_address port = a.local_address().value();
  auto b = udp_socket::open(port, shared);
  ASSERT_TRUE(b) << to_string(b.error());
  constexpr std::size_t senders = 64;
  for (std::size_t i = 0; i < senders; ++i) {
    udp_socket tx = open_on(GetParam());  // a new source port each: a new flow
    ASSERT_TRUE(tx.send_to(payload(i, 20), port));
  }
  std::vector<bool> seen(senders, false);
  std::size_t at_a = 0;
  std::size_t at_b = 0;
  std::array<std::uint8_t, 64> buf{};
  for (udp_socket* s : {&a, &*b}) {
    while (wait_readable(s->fd(), 200)) {
      auto got = s->receive_from(buf);
      ASSERT_TRUE(got);
      ASSERT_EQ(got->size, 20U);
      std::size_t index = 0;
      while (index < senders &&
             !std::equal(buf.begin(), buf.begin() + 20, payload(index, 20).begin())) {
        ++index;
      }
      ASSERT_LT(index, senders) << "a datagram nobody sent";
      EXPECT_FALSE(seen[index]) << "delivered twice";
      seen[index] = true;
      ++(s == &a ? at_a : at_b);
    }
  }
  EXPECT_EQ(at_a + at_b, senders);
  // A hash of 64 distinct source ports: both sockets get some (all on one has odds 2^-63).
  EXPECT_GT(at_a, 0U);
  EXPECT_GT(at_b, 0U);
  // Without the option the port stays exclusive.
  auto other = udp_socket::open(port);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error(), transport_errc::address_in_use);
}

TEST_P(udp_socket_family, moved_socket_keeps_working) {
  udp_socket rx = open_on(GetParam(), udp_options{.reuse_address = true});
  udp_socket moved = std::move(rx);
  udp_socket tx = open_on(GetParam());
  ASSERT_TRUE(tx.send_to(payload(5, 30), moved.local_address().value()));
  ASSERT_TRUE(wait_readable(moved.fd()));
  std::array<std::uint8_t, 64> buf{};
  auto got = moved.receive_from(buf);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->size, 30U);
  EXPECT_EQ(got->source, tx.local_address().value());
}

std::string family_name(const ::testing::TestParamInfo<const char*>& param) {
  return std::string(param.param) == "::1" ? "ipv6" : "ipv4";
}

INSTANTIATE_TEST_SUITE_P(loopback, udp_socket_family, ::testing::Values("127.0.0.1", "::1"),
                         family_name);

}  // namespace
}  // namespace glasscore::transport

namespace glasscore::transport {
namespace {

// The readiness loop the PFCP node, the SMF's N4-u and the simulated gNB's N3 share: one
// call per readable turn, and none after the watch is gone, even when the callback itself
// destroys it.
TEST(readable_watch, calls_back_while_readable_and_never_after_it_is_gone) {
  asio::io_context io;
  auto receiver = open_on("127.0.0.1");
  auto sender = open_on("127.0.0.1");
  const auto to = receiver.local_address().value();
  std::array<std::uint8_t, 64> buffer{};
  int calls = 0;
  std::optional<readable_watch> watch;
  watch.emplace(io, receiver.fd(), [&] {
    ++calls;
    while (receiver.receive_from(buffer)) {
    }
    if (calls == 2) {
      watch.reset();  // from inside its own callback
    }
  });
  const std::array<std::uint8_t, 1> datagram{7};
  for (int round = 1; round <= 3; ++round) {
    ASSERT_TRUE(sender.send_to(datagram, to));
    ASSERT_TRUE(wait_readable(receiver.fd()));
    io.restart();
    io.run_for(std::chrono::milliseconds(50));
    EXPECT_EQ(calls, std::min(round, 2));
  }
  EXPECT_FALSE(watch.has_value());
}

}  // namespace
}  // namespace glasscore::transport
