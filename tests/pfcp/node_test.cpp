// Two PFCP nodes on loopback UDP sockets (port 0) with a manual clock (TS 29.244 §6.4,
// §7.6): requests and responses matched by sequence number, retransmission after T1, a
// duplicate request answered from the cache without being handled twice, timeout after N1
// retransmissions, Version Not Supported, and rejection of a malformed request.
#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/pfcp/node.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using namespace std::chrono_literals;

transport::socket_address loopback() {
  return *transport::socket_address::parse("127.0.0.1", 0);
}

struct side {
  udp_endpoint endpoint;
  transport::socket_address address;
  int handled = 0;
  int drop_next_sends = 0;  // simulate loss of this side's next datagrams
  std::unique_ptr<node> n;
};

std::unique_ptr<side> make_side(async::manual_loop& loop, std::uint32_t recovery,
                                async::duration t1 = 100ms, int n1 = 2) {
  auto ep = udp_endpoint::open(loopback());
  EXPECT_TRUE(ep);
  auto s = std::unique_ptr<side>(new side{std::move(*ep), {}, 0, 0, nullptr});
  s->address = *s->endpoint.socket().local_address();
  node_config cfg;
  cfg.self = node_id{ipv4_address{127, 0, 0, 1}};
  cfg.recovery_time_stamp = recovery;
  cfg.t1 = t1;
  cfg.n1 = n1;
  auto raw_send = s->endpoint.sender();
  side* self = s.get();
  s->n = std::make_unique<node>(
      loop, loop, cfg,
      [self, raw_send](byte_span d, const transport::socket_address& to) {
        if (self->drop_next_sends > 0) {
          --self->drop_next_sends;
          return true;  // "sent", lost on the way
        }
        return raw_send(d, to);
      },
      [self](const message& req, const transport::socket_address&) -> std::optional<message> {
        ++self->handled;
        if (std::holds_alternative<association_setup_request>(req.body)) {
          association_setup_response rsp;
          rsp.node = node_id{ipv4_address{127, 0, 0, 7}};
          rsp.recovery_time_stamp = 7;
          message m;
          m.body = rsp;
          return m;
        }
        return std::nullopt;  // heartbeats: the node answers
      });
  return s;
}

// Delivers whatever is queued on both sockets, and posted work, until quiet.
void pump(async::manual_loop& loop, side& a, side& b) {
  for (int i = 0; i < 20; ++i) {
    const auto n = a.endpoint.poll(*a.n) + b.endpoint.poll(*b.n) + loop.run_pending();
    if (n == 0) {
      return;
    }
  }
}

message setup_request() {
  association_setup_request req;
  req.node = node_id{ipv4_address{127, 0, 0, 4}};
  req.recovery_time_stamp = 4;
  message m;
  m.body = req;
  return m;
}

struct outcome {
  std::optional<expected<message, request_error>> result;
};

void start(async::manual_loop& loop, side& from, message m, const transport::socket_address& to,
           outcome& out) {
  async::spawn(loop, from.n->request(std::move(m), to),
               [&out](expected<message, request_error> r) { out.result = std::move(r); });
}

// 2026 in NTP seconds is about 3.98e9; the value must be past 2024-01-01 (3913056000) and
// before the 2036 wrap.
TEST(pfcp_node, recovery_time_stamp_is_ntp_seconds) {
  const auto now = recovery_time_stamp_now();
  EXPECT_GT(now, 3913056000U);
  EXPECT_LT(now, 4294967295U);
}

TEST(pfcp_node, request_gets_its_response) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  outcome out;
  start(loop, *a, setup_request(), b->address, out);
  pump(loop, *a, *b);
  ASSERT_TRUE(out.result.has_value());
  ASSERT_TRUE(*out.result) << to_string(out.result->error());
  EXPECT_TRUE(std::holds_alternative<association_setup_response>((*out.result)->body));
  EXPECT_EQ(b->handled, 1);
  EXPECT_EQ(a->n->counters().retransmissions, 0U);
}

TEST(pfcp_node, heartbeat_is_answered_with_the_recovery_time_stamp) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 0xEEB6BD24);
  outcome out;
  message hb;
  hb.body = heartbeat_request{1, std::nullopt, {}};
  start(loop, *a, hb, b->address, out);
  pump(loop, *a, *b);
  ASSERT_TRUE(out.result && *out.result);
  EXPECT_EQ(std::get<heartbeat_response>((*out.result)->body).recovery_time_stamp, 0xEEB6BD24U);
}

TEST(pfcp_node, a_lost_first_request_is_retransmitted_after_t1) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  a->drop_next_sends = 1;
  outcome out;
  start(loop, *a, setup_request(), b->address, out);
  pump(loop, *a, *b);
  EXPECT_FALSE(out.result.has_value());
  loop.advance(99ms);
  pump(loop, *a, *b);
  EXPECT_FALSE(out.result.has_value()) << "retransmitted before T1";
  loop.advance(1ms);
  pump(loop, *a, *b);
  ASSERT_TRUE(out.result && *out.result);
  EXPECT_EQ(a->n->counters().retransmissions, 1U);
  EXPECT_EQ(b->handled, 1);
}

// The response is lost: the peer retransmits and must get the cached answer, the request
// is not handled twice.
TEST(pfcp_node, a_duplicate_request_is_answered_from_the_cache) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  b->drop_next_sends = 1;
  outcome out;
  start(loop, *a, setup_request(), b->address, out);
  pump(loop, *a, *b);
  EXPECT_FALSE(out.result.has_value());
  EXPECT_EQ(b->handled, 1);
  loop.advance(100ms);
  pump(loop, *a, *b);
  ASSERT_TRUE(out.result && *out.result);
  EXPECT_EQ(b->handled, 1);
  EXPECT_EQ(b->n->counters().duplicates_answered, 1U);
}

TEST(pfcp_node, no_answer_times_out_after_n1_retransmissions) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  a->drop_next_sends = 100;
  outcome out;
  start(loop, *a, setup_request(), b->address, out);
  pump(loop, *a, *b);
  for (int i = 0; i < 2; ++i) {
    loop.advance(100ms);
    pump(loop, *a, *b);
    EXPECT_FALSE(out.result.has_value()) << "after " << i + 1 << " T1";
  }
  loop.advance(100ms);
  pump(loop, *a, *b);
  ASSERT_TRUE(out.result.has_value());
  ASSERT_FALSE(*out.result);
  EXPECT_EQ(out.result->error(), request_error::timeout);
  EXPECT_EQ(a->n->counters().retransmissions, 2U);
  EXPECT_EQ(a->n->counters().timeouts, 1U);
}

TEST(pfcp_node, other_version_gets_version_not_supported) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  // A heartbeat request claiming PFCP version 2, sent raw from a's socket.
  std::vector<std::uint8_t> v2 = {0x40, 0x01, 0x00, 0x0c, 0x00, 0x00, 0x09, 0x00,
                                  0x00, 0x60, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01};
  ASSERT_TRUE(a->endpoint.socket().send_to(v2, b->address));
  b->endpoint.poll(*b->n);
  EXPECT_EQ(b->n->counters().version_not_supported_sent, 1U);
  std::array<std::uint8_t, 256> buf{};
  auto got = a->endpoint.socket().receive_from(buf);
  ASSERT_TRUE(got);
  auto m = decode_message(std::span(buf.data(), got->size));
  ASSERT_TRUE(m);
  EXPECT_TRUE(std::holds_alternative<version_not_supported_response>(m->body));
  EXPECT_EQ(m->hdr.sequence, 9U);
  EXPECT_EQ(b->handled, 0);
}

TEST(pfcp_node, malformed_request_is_rejected_with_its_cause) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  // Association Setup Request without Node ID (only a Recovery Time Stamp), sequence 5.
  std::vector<std::uint8_t> bad = {0x20, 0x05, 0x00, 0x0c, 0x00, 0x00, 0x05, 0x00,
                                   0x00, 0x60, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01};
  ASSERT_TRUE(a->endpoint.socket().send_to(bad, b->address));
  b->endpoint.poll(*b->n);
  std::array<std::uint8_t, 256> buf{};
  auto got = a->endpoint.socket().receive_from(buf);
  ASSERT_TRUE(got);
  auto m = decode_message(std::span(buf.data(), got->size));
  ASSERT_TRUE(m);
  const auto& rsp = std::get<association_setup_response>(m->body);
  EXPECT_EQ(rsp.cause, cause_value::mandatory_ie_missing);
  EXPECT_EQ(m->hdr.sequence, 5U);
  EXPECT_EQ(b->handled, 0);
  EXPECT_EQ(b->n->counters().rejections_sent, 1U);
}

TEST(pfcp_node, garbage_and_unmatched_responses_are_dropped_and_counted) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  ASSERT_TRUE(a->endpoint.socket().send_to(std::vector<std::uint8_t>{0x20, 0x01}, b->address));
  // A Heartbeat Response nobody asked for.
  ASSERT_TRUE(a->endpoint.socket().send_to(
      std::vector<std::uint8_t>{0x20, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x07, 0x00, 0x00, 0x60, 0x00,
                                0x04, 0x00, 0x00, 0x00, 0x01},
      b->address));
  b->endpoint.poll(*b->n);
  EXPECT_EQ(b->n->counters().dropped, 2U);
  EXPECT_EQ(b->handled, 0);
}

TEST(pfcp_node, destroying_the_node_cancels_a_waiting_request) {
  async::manual_loop loop;
  auto a = make_side(loop, 1);
  auto b = make_side(loop, 2);
  a->drop_next_sends = 100;
  outcome out;
  start(loop, *a, setup_request(), b->address, out);
  loop.run_pending();
  a->n.reset();
  loop.run_pending();
  ASSERT_TRUE(out.result.has_value());
  EXPECT_EQ(out.result->error(), request_error::cancelled);
}

}  // namespace
