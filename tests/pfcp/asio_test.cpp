// Two PFCP nodes on one io_context with the runtime's executor and timers: a request and
// its response travel through asio_endpoint's readiness loop. No timer expires (the answer
// arrives within T1), so the test does not depend on wall-clock timing.
#include <gtest/gtest.h>

#include "glasscore/async/asio_executor.h"
#include "glasscore/pfcp/asio_endpoint.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;

TEST(pfcp_asio, request_and_response_over_the_io_context) {
  asio::io_context io;
  async::asio_executor ex(io);
  async::asio_timer_service timers(io);
  auto any = *transport::socket_address::parse("127.0.0.1", 0);
  auto a_ep = udp_endpoint::open(any);
  auto b_ep = udp_endpoint::open(any);
  ASSERT_TRUE(a_ep && b_ep);
  node_config cfg;
  cfg.recovery_time_stamp = 77;
  cfg.t1 = std::chrono::seconds(5);
  node a(ex, timers, cfg, a_ep->sender(), {});
  node b(ex, timers, cfg, b_ep->sender(), {});
  asio_endpoint a_io(io, *a_ep, a);
  asio_endpoint b_io(io, *b_ep, b);
  std::optional<expected<message, request_error>> out;
  message hb;
  hb.body = heartbeat_request{1, std::nullopt, {}};
  async::spawn(ex, a.request(hb, *b_ep->socket().local_address()),
               [&](expected<message, request_error> r) {
                 out = std::move(r);
                 io.stop();
               });
  io.run_for(std::chrono::seconds(4));  // a bound, not a wait: stop() ends it at the answer
  ASSERT_TRUE(out.has_value());
  ASSERT_TRUE(*out);
  EXPECT_EQ(std::get<heartbeat_response>((*out)->body).recovery_time_stamp, 77U);
  EXPECT_EQ(a.counters().retransmissions, 0U);
}

}  // namespace
