// The simulator's user plane on real UDP sockets (loopback, port 0) against a fake UPF
// written here with a UDP socket and the GTP-U codec: a reflector that answers ICMP echo
// by swapping addresses and recomputing checksums, and sends the reply down the gNB's
// tunnel. Asio runs the loop; the test stops as soon as the traffic is done.
#include <gtest/gtest.h>

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>

#include "glasscore/async/asio_executor.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/sim/ip_packets.h"
#include "glasscore/sim/n3_socket.h"

namespace glasscore::sim {
namespace {

struct fake_link final : gnb_ue_link {
  void on_downlink_nas(byte_span) override {}
  void on_rrc_release() override {}
};

/// A UPF that reflects ICMP echo: UL TEID -> (DL TEID, reply).
class fake_upf {
 public:
  explicit fake_upf(asio::io_context& io)
      : socket_(
            transport::udp_socket::open(transport::socket_address::parse("127.0.0.1", 0).value())
                .value()),
        descriptor_(io, socket_.fd()) {
    arm();
  }
  ~fake_upf() {
    asio::error_code ec;
    descriptor_.cancel(ec);
    (void)descriptor_.release();
  }
  fake_upf(const fake_upf&) = delete;
  fake_upf& operator=(const fake_upf&) = delete;

  [[nodiscard]] std::uint16_t port() const { return socket_.local_address().value().port(); }

  /// Sends a raw datagram to the gNB (once it has sent us something).
  void send(byte_span d) { (void)socket_.send_to(d, gnb_); }

  std::map<std::uint32_t, std::uint32_t> ul_to_dl;  ///< tunnels to reflect on
  std::vector<std::uint8_t> qfis_seen;
  std::uint64_t error_indications = 0;
  std::uint64_t echo_responses = 0;
  transport::socket_address gnb_;

 private:
  void arm() {
    descriptor_.async_wait(asio::posix::stream_descriptor::wait_read,
                           [this](const asio::error_code& ec) {
                             if (ec) {
                               return;
                             }
                             drain();
                             arm();
                           });
  }
  void drain() {
    std::vector<std::uint8_t> buffer(65536);
    for (;;) {
      auto got = socket_.receive_from(buffer);
      if (!got) {
        return;
      }
      gnb_ = got->source;
      auto p = gtpu::decode(byte_span(buffer.data(), got->size));
      if (!p) {
        continue;
      }
      if (p->hdr.type == gtpu::message_type::error_indication) {
        ++error_indications;
        continue;
      }
      if (p->hdr.type == gtpu::message_type::echo_response) {
        ++echo_responses;
        continue;
      }
      auto tunnel = ul_to_dl.find(p->hdr.teid);
      if (p->hdr.type != gtpu::message_type::g_pdu || tunnel == ul_to_dl.end()) {
        continue;
      }
      if (p->hdr.pdu_session) {
        qfis_seen.push_back(p->hdr.pdu_session->qfi);
      }
      auto reply = ip::echo_reply_for(p->payload);
      if (!reply) {
        continue;
      }
      gtpu::header h;
      h.teid = tunnel->second;
      h.pdu_session = gtpu::pdu_session_container{
          gtpu::pdu_session_container::direction::downlink,
          p->hdr.pdu_session ? p->hdr.pdu_session->qfi : std::uint8_t{0}, false};
      std::vector<std::uint8_t> out(gtpu::header_size(h) + reply->size());
      const auto n = gtpu::encode_header(h, reply->size(), out);
      std::copy(reply->begin(), reply->end(), out.begin() + static_cast<std::ptrdiff_t>(n));
      (void)socket_.send_to(out, gnb_);
    }
  }

  transport::udp_socket socket_;
  asio::posix::stream_descriptor descriptor_;
};

class user_plane_integration : public testing::Test {
 protected:
  void SetUp() override {
    auto opened = n3_socket::open(io, transport::socket_address::parse("127.0.0.1", 0).value());
    ASSERT_TRUE(opened.has_value()) << opened.error();
    n3 = std::move(*opened);
    user_plane_config c;
    c.upf_port = upf.port();
    up = std::make_unique<user_plane>(c, *n3, timers);
    n3->attach(*up);
  }
  void TearDown() override {
    up.reset();
    n3.reset();
  }

  void add_ue(fake_link& ue, std::uint32_t ul, std::uint32_t dl, ip::ipv4_address address) {
    gnb_pdu_session tunnel;
    tunnel.id = 1;
    tunnel.upf_ipv4 = {127, 0, 0, 1};
    tunnel.ul_teid = ul;
    tunnel.dl_teid = dl;
    tunnel.qfis = {9};
    up->on_session_setup(ue, tunnel);
    up->set_ue_address(ue, 1, address);
    upf.ul_to_dl[ul] = dl;
  }

  /// Runs the loop until `done` or a generous wall-clock limit (never a fixed sleep).
  template <class F>
  void run_until(F done) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < limit) {
      io.run_for(std::chrono::milliseconds(5));
    }
  }

  asio::io_context io;
  async::asio_timer_service timers{io};
  fake_upf upf{io};
  std::unique_ptr<n3_socket> n3;
  std::unique_ptr<user_plane> up;
};

TEST_F(user_plane_integration, ping_through_the_reflector_measures_rtts_and_carries_the_qfi) {
  fake_link ue;
  add_ue(ue, 0x100, 0x200, {10, 45, 0, 2});
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 20;
  p.interval = std::chrono::milliseconds(2);
  p.payload_size = 1000;
  ASSERT_TRUE(up->start_ping(ue, 1, p));
  run_until([&] { return up->traffic_done(); });
  const auto* t = up->traffic(ue, 1);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->ping.sent, 20U);
  EXPECT_EQ(t->ping.received, 20U);
  EXPECT_EQ(t->ping.lost, 0U);
  EXPECT_GT(t->ping.min().count(), 0);
  EXPECT_GE(t->ping.percentile(99), t->ping.avg());
  EXPECT_GE(t->ping.avg(), t->ping.min());
  ASSERT_EQ(upf.qfis_seen.size(), 20U);
  for (auto q : upf.qfis_seen) {
    EXPECT_EQ(q, 9);
  }
  EXPECT_EQ(t->last_downlink_qfi, std::optional<std::uint8_t>(9));
  EXPECT_EQ(t->wrong_destination, 0U);
}

TEST_F(user_plane_integration, traffic_reaches_only_its_own_ue) {
  fake_link a;
  fake_link b;
  add_ue(a, 0x101, 0x201, {10, 45, 0, 2});
  add_ue(b, 0x102, 0x202, {10, 45, 0, 3});
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 10;
  p.interval = std::chrono::milliseconds(1);
  ASSERT_TRUE(up->start_ping(a, 1, p));
  ASSERT_TRUE(up->start_ping(b, 1, p));
  run_until([&] { return up->traffic_done(); });
  EXPECT_EQ(up->traffic(a, 1)->ping.received, 10U);
  EXPECT_EQ(up->traffic(b, 1)->ping.received, 10U);
  EXPECT_EQ(up->traffic(a, 1)->wrong_destination, 0U);
  EXPECT_EQ(up->traffic(b, 1)->wrong_destination, 0U);
  // A reply for B sent down A's tunnel is caught and counted, not delivered.
  const auto stray = ip::icmp4_echo({8, 8, 8, 8}, {10, 45, 0, 3}, true, 1, 1, {});
  gtpu::header h;
  h.teid = 0x201;
  std::vector<std::uint8_t> out(gtpu::header_size(h) + stray.size());
  const auto n = gtpu::encode_header(h, stray.size(), out);
  std::copy(stray.begin(), stray.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  upf.send(out);
  run_until([&] { return up->traffic(a, 1)->wrong_destination == 1; });
  EXPECT_EQ(up->traffic(a, 1)->wrong_destination, 1U);
  EXPECT_EQ(up->traffic(b, 1)->downlink_packets, 10U);
}

TEST_F(user_plane_integration, unknown_teid_downlink_is_counted_dropped_and_reported) {
  fake_link ue;
  add_ue(ue, 0x100, 0x200, {10, 45, 0, 2});
  ping_config p;
  p.target_ipv4 = {8, 8, 8, 8};
  p.count = 1;
  ASSERT_TRUE(up->start_ping(ue, 1, p));
  run_until([&] { return up->traffic_done(); });  // the UPF now knows the gNB's address
  const auto reply = ip::icmp4_echo({8, 8, 8, 8}, {10, 45, 0, 2}, true, 1, 1, {});
  gtpu::header h;
  h.teid = 0xdead;
  std::vector<std::uint8_t> out(gtpu::header_size(h) + reply.size());
  const auto n = gtpu::encode_header(h, reply.size(), out);
  std::copy(reply.begin(), reply.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  upf.send(out);
  run_until([&] { return upf.error_indications == 1; });
  EXPECT_EQ(up->counters().unknown_teid, 1U);
  EXPECT_EQ(upf.error_indications, 1U);
  EXPECT_EQ(up->traffic(ue, 1)->downlink_packets, 1U);  // only the real reply
}

TEST_F(user_plane_integration, echo_request_from_the_upf_is_answered) {
  fake_link ue;
  add_ue(ue, 0x100, 0x200, {10, 45, 0, 2});
  up->send_echo_request(n3_peer{{127, 0, 0, 1}, upf.port()});
  run_until([&] { return up->counters().echo_responses == 0 && !upf.gnb_.empty(); });
  std::array<std::uint8_t, 32> echo{};
  const auto n = gtpu::encode_echo_request(5, echo);
  upf.send(byte_span(echo.data(), n));
  run_until([&] { return upf.echo_responses == 1; });
  EXPECT_EQ(upf.echo_responses, 1U);
  EXPECT_EQ(up->counters().echo_requests, 1U);
}

}  // namespace
}  // namespace glasscore::sim
