// SCTP endpoints over loopback with the userspace stack (usrsctp): real SCTP packets, one
// stack per test process (see sctp_test_support.h for the namespace rules).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <numeric>
#include <vector>

#include "glasscore/transport/sctp.h"
#include "sctp_test_support.h"

namespace glasscore::transport {
namespace {

using namespace std::chrono_literals;
using test::loopback;
using test::recorder;

std::vector<std::uint8_t> pattern(std::size_t size, std::uint32_t seed) {
  std::vector<std::uint8_t> v(size);
  for (std::size_t i = 0; i < size; ++i) {
    v[i] = static_cast<std::uint8_t>((i * 131 + seed * 7 + (i >> 8)) & 0xff);
  }
  return v;
}

// Each test listens on a port of its own. usrsctp frees a closed endpoint's aborted
// associations, and with them its port, from its timer thread a little later, so a test
// that listened on the port the previous test (in the same process) just closed could find
// it still bound ("Address already in use") when the tests run in one process.
std::uint16_t next_server_port() {
  static std::uint16_t next = ngap_sctp_port;
  return next++;
}

class sctp_test : public ::testing::Test {
 protected:
  std::unique_ptr<sctp_endpoint> make_server(recorder& r, sctp_options o) {
    o.local = loopback(server_port_);
    o.listen = true;
    auto ep = sctp_endpoint::create(loop_.io, o, r);
    EXPECT_TRUE(ep.has_value()) << (ep ? "" : ep.error());
    return ep ? std::move(*ep) : nullptr;
  }
  std::unique_ptr<sctp_endpoint> make_client(recorder& r, sctp_options o,
                                             std::uint16_t local_port = 0) {
    o.local = loopback(local_port);
    auto ep = sctp_endpoint::create(loop_.io, o, r);
    EXPECT_TRUE(ep.has_value()) << (ep ? "" : ep.error());
    if (!ep) {
      return nullptr;
    }
    EXPECT_TRUE((*ep)->connect(loopback(server_port_)).has_value());
    return std::move(*ep);
  }
  // Server and one client, associated.
  void associate(const sctp_options& server_options = test::userspace_options(),
                 const sctp_options& client_options = test::userspace_options()) {
    server_ = make_server(server_events_, server_options);
    client_ = make_client(client_events_, client_options);
    ASSERT_TRUE(server_ && client_);
    ASSERT_TRUE(
        loop_.run_until([&] { return !server_events_.up.empty() && !client_events_.up.empty(); }));
    server_id_ = server_events_.up[0].id;
    client_id_ = client_events_.up[0].id;
  }

  const std::uint16_t server_port_ = next_server_port();
  test::loop loop_;
  recorder server_events_;
  recorder client_events_;
  std::unique_ptr<sctp_endpoint> server_;
  std::unique_ptr<sctp_endpoint> client_;
  sctp_association_id server_id_{};
  sctp_association_id client_id_{};
};

TEST_F(sctp_test, association_setup_reports_stream_counts_and_peer) {
  auto server_options = test::userspace_options();
  server_options.outbound_streams = 10;
  server_options.max_inbound_streams = 3;
  auto client_options = test::userspace_options();
  client_options.outbound_streams = 5;
  client_options.max_inbound_streams = 4;
  associate(server_options, client_options);
  EXPECT_EQ(server_->backend(), sctp_backend::userspace);
  // RFC 9260 §5.1.1: inbound = min(peer's OS, own MIS), outbound = min(own OS, peer's MIS).
  EXPECT_EQ(server_events_.up[0].inbound_streams, 3);
  EXPECT_EQ(server_events_.up[0].outbound_streams, 4);
  EXPECT_EQ(client_events_.up[0].inbound_streams, 4);
  EXPECT_EQ(client_events_.up[0].outbound_streams, 3);
  EXPECT_EQ(client_events_.up[0].peer, loopback(server_port_));
  const auto client_local = client_->local_address();
  ASSERT_TRUE(client_local.has_value());
  EXPECT_NE(client_local->port(), 0);
  EXPECT_EQ(server_events_.up[0].peer.port(), client_local->port());
  EXPECT_EQ(server_->association_count(), 1u);
  EXPECT_EQ(client_->association_count(), 1u);
}

TEST_F(sctp_test, streams_keep_boundaries_order_and_ppid) {
  associate();
  // Sizes chosen to straddle chunk bundling and fragmentation (PMTU on lo is 64 KiB-ish).
  const std::vector<std::size_t> sizes = {1, 7, 100, 1452, 1500, 3000, 9000, 20000};
  constexpr int per_stream = 40;
  constexpr std::uint16_t streams = 4;
  int sent = 0;
  for (int i = 0; i < per_stream; ++i) {
    for (std::uint16_t s = 0; s < streams; ++s) {
      auto bytes = pattern(sizes[static_cast<std::size_t>(i + s) % sizes.size()],
                           static_cast<std::uint32_t>(i * 16 + s));
      bytes[0] = static_cast<std::uint8_t>(i);              // per-stream sequence number
      const std::uint32_t ppid = s == 3 ? 46u : ngap_ppid;  // any PPID passes through
      ASSERT_TRUE(client_->send(client_id_, s, ppid, bytes).has_value());
      ++sent;
    }
  }
  ASSERT_TRUE(loop_.run_until(
      [&] { return server_events_.messages.size() == static_cast<std::size_t>(sent); }));
  std::map<std::uint16_t, int> next;
  for (const auto& m : server_events_.messages) {
    EXPECT_EQ(m.id, server_id_);
    ASSERT_LT(m.stream, streams);
    const int i = next[m.stream]++;
    EXPECT_EQ(m.bytes[0], static_cast<std::uint8_t>(i)) << "stream " << m.stream;
    auto expect = pattern(sizes[static_cast<std::size_t>(i + m.stream) % sizes.size()],
                          static_cast<std::uint32_t>(i * 16 + m.stream));
    expect[0] = static_cast<std::uint8_t>(i);
    EXPECT_EQ(m.bytes, expect) << "stream " << m.stream << " message " << i;
    EXPECT_EQ(m.ppid, m.stream == 3 ? 46u : ngap_ppid);
  }
  for (std::uint16_t s = 0; s < streams; ++s) {
    EXPECT_EQ(next[s], per_stream);
  }
  EXPECT_EQ(server_->counters().messages_received, static_cast<std::uint64_t>(sent));
}

TEST_F(sctp_test, large_messages_arrive_intact_both_ways) {
  associate();
  const auto k64 = pattern(64 * 1024, 1);
  const auto max = pattern(256 * 1024, 2);
  ASSERT_TRUE(client_->send(client_id_, 1, ngap_ppid, k64).has_value());
  ASSERT_TRUE(client_->send(client_id_, 1, ngap_ppid, max).has_value());
  ASSERT_TRUE(server_->send(server_id_, 0, ngap_ppid, k64).has_value());
  ASSERT_TRUE(loop_.run_until(
      [&] { return server_events_.messages.size() == 2 && client_events_.messages.size() == 1; }));
  EXPECT_EQ(server_events_.messages[0].bytes, k64);
  EXPECT_EQ(server_events_.messages[1].bytes, max);
  EXPECT_EQ(client_events_.messages[0].bytes, k64);
}

TEST_F(sctp_test, oversize_and_invalid_sends_are_rejected) {
  associate();
  const std::vector<std::uint8_t> too_big(256 * 1024 + 1, 0xab);
  auto r = client_->send(client_id_, 0, ngap_ppid, too_big);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, transport_errc::message_too_long);
  const std::vector<std::uint8_t> small(10, 1);
  r = client_->send(client_id_, 8, ngap_ppid, small);  // 8 streams: 0..7
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, transport_errc::invalid_argument);
  r = client_->send(static_cast<sctp_association_id>(999999), 0, ngap_ppid, small);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, transport_errc::invalid_argument);
  // Nothing of that reached the peer; a valid message still does.
  ASSERT_TRUE(client_->send(client_id_, 7, ngap_ppid, small).has_value());
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.messages.size() == 1; }));
  EXPECT_EQ(server_events_.messages[0].bytes, small);
  EXPECT_EQ(client_->counters().messages_sent, 1u);

  auto bad = test::userspace_options();
  bad.max_message_size = 1000;
  EXPECT_FALSE(validate(bad).has_value());
}

TEST_F(sctp_test, sends_beyond_the_socket_buffer_wait_in_order) {
  auto client_options = test::userspace_options();
  client_options.send_buffer_bytes = 256 * 1024;
  associate(test::userspace_options(), client_options);
  constexpr int count = 64;  // 4 MiB: sixteen times the send buffer
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(client_->send(client_id_, 0, ngap_ppid, pattern(64 * 1024, i)).has_value());
  }
  EXPECT_GT(client_->counters().send_queued, 0u);
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.messages.size() == count; }, 30s));
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(server_events_.messages[static_cast<std::size_t>(i)].bytes, pattern(64 * 1024, i));
  }
  EXPECT_EQ(client_->counters().messages_sent, static_cast<std::uint64_t>(count));
}

TEST_F(sctp_test, received_message_over_the_limit_is_dropped_and_counted) {
  auto client_options = test::userspace_options();
  client_options.max_message_size = 1024 * 1024;
  associate(test::userspace_options(), client_options);  // the server keeps 256 KiB
  ASSERT_TRUE(client_->send(client_id_, 0, ngap_ppid, pattern(300 * 1024, 1)).has_value());
  ASSERT_TRUE(client_->send(client_id_, 0, ngap_ppid, pattern(100, 2)).has_value());
  ASSERT_TRUE(loop_.run_until([&] { return !server_events_.messages.empty(); }));
  EXPECT_EQ(server_events_.messages[0].bytes, pattern(100, 2));
  EXPECT_EQ(server_->counters().oversize_dropped, 1u);
  EXPECT_EQ(server_->association_count(), 1u);
}

TEST_F(sctp_test, peer_abort_is_an_event_on_both_sides) {
  associate();
  const auto aborted = client_->abort(client_id_);
  ASSERT_TRUE(aborted.has_value()) << to_string(aborted.error());
  ASSERT_TRUE(loop_.run_until(
      [&] { return !server_events_.down.empty() && !client_events_.down.empty(); }));
  EXPECT_EQ(server_events_.down[0], std::make_pair(server_id_, sctp_down_reason::aborted));
  EXPECT_EQ(client_events_.down[0], std::make_pair(client_id_, sctp_down_reason::aborted));
  EXPECT_EQ(server_->association_count(), 0u);
  const std::vector<std::uint8_t> small(10, 1);
  EXPECT_FALSE(server_->send(server_id_, 0, ngap_ppid, small).has_value());
}

TEST_F(sctp_test, graceful_shutdown_delivers_queued_data_first) {
  associate();
  constexpr int count = 50;
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(client_->send(client_id_, 0, ngap_ppid, pattern(4000, i)).has_value());
  }
  const auto closing = client_->shutdown(client_id_);
  ASSERT_TRUE(closing.has_value()) << to_string(closing.error());
  ASSERT_TRUE(loop_.run_until(
      [&] { return !server_events_.down.empty() && !client_events_.down.empty(); }));
  EXPECT_EQ(server_events_.messages.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(server_events_.down[0].second, sctp_down_reason::shutdown);
  EXPECT_EQ(client_events_.down[0].second, sctp_down_reason::shutdown);
}

TEST_F(sctp_test, peer_restart_from_same_address_and_port_reassociates) {
  constexpr std::uint16_t gnb_port = 40123;
  server_ = make_server(server_events_, test::userspace_options());
  client_ = make_client(client_events_, test::userspace_options(), gnb_port);
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.up.size() == 1; }));
  // The gNB process dies: its endpoint is gone (the stack aborts what it had).
  client_.reset();
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.down.size() == 1; }));
  EXPECT_EQ(server_events_.down[0].second, sctp_down_reason::aborted);
  // ...and comes back on the same address and port.
  recorder again;
  client_ = make_client(again, test::userspace_options(), gnb_port);
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.up.size() == 2 && !again.up.empty(); }));
  EXPECT_EQ(server_events_.up[1].peer, server_events_.up[0].peer);
  EXPECT_EQ(server_events_.up[1].peer.port(), gnb_port);
  EXPECT_EQ(server_->association_count(), 1u);
  const std::vector<std::uint8_t> hello = {0x00, 0x15};
  ASSERT_TRUE(client_->send(again.up[0].id, 0, ngap_ppid, hello).has_value());
  ASSERT_TRUE(loop_.run_until([&] { return server_events_.messages.size() == 1; }));
  EXPECT_EQ(server_events_.messages[0].id, server_events_.up[1].id);
}

TEST_F(sctp_test, connect_without_listener_fails_within_bounded_time) {
  auto o = test::userspace_options();
  o.local = loopback(0);
  auto ep = sctp_endpoint::create(loop_.io, o, client_events_);
  ASSERT_TRUE(ep.has_value()) << ep.error();
  const auto start = std::chrono::steady_clock::now();
  // Below every server port the fixture hands out, so nothing listens there.
  ASSERT_TRUE((*ep)->connect(loopback(ngap_sctp_port - 1)).has_value());
  ASSERT_TRUE(loop_.run_until([&] { return !client_events_.down.empty(); }, 15s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
  EXPECT_EQ(client_events_.down[0].second, sctp_down_reason::cannot_start);
  EXPECT_TRUE(client_events_.up.empty());
}

TEST_F(sctp_test, two_hundred_concurrent_associations_exchange_messages) {
  constexpr int gnbs = 200;
  constexpr int messages_each = 5;
  server_ = make_server(server_events_, test::userspace_options());
  ASSERT_TRUE(server_);
  // The AMF echoes every message on the stream it came on.
  server_events_.on_msg = [&](const sctp_message& m) {
    ASSERT_TRUE(server_->send(m.association, m.stream, m.ppid, m.data).has_value());
  };
  std::vector<recorder> events(gnbs);
  std::vector<std::unique_ptr<sctp_endpoint>> clients;
  for (int i = 0; i < gnbs; ++i) {
    clients.push_back(make_client(events[static_cast<std::size_t>(i)], test::userspace_options()));
    ASSERT_TRUE(clients.back());
  }
  ASSERT_TRUE(loop_.run_until(
      [&] { return server_events_.up.size() == static_cast<std::size_t>(gnbs); }, 60s))
      << server_events_.up.size() << " of " << gnbs << " associations up";
  for (int i = 0; i < gnbs; ++i) {
    auto& e = events[static_cast<std::size_t>(i)];
    ASSERT_TRUE(loop_.run_until([&] { return !e.up.empty(); }));
    for (int k = 0; k < messages_each; ++k) {
      auto bytes = pattern(200, static_cast<std::uint32_t>(i * 100 + k));
      ASSERT_TRUE(clients[static_cast<std::size_t>(i)]
                      ->send(e.up[0].id, static_cast<std::uint16_t>(i % 2), ngap_ppid, bytes)
                      .has_value());
    }
  }
  auto all_echoed = [&] {
    return std::all_of(events.begin(), events.end(), [](const recorder& e) {
      return e.messages.size() == static_cast<std::size_t>(messages_each);
    });
  };
  ASSERT_TRUE(loop_.run_until(all_echoed, 60s));
  for (int i = 0; i < gnbs; ++i) {
    const auto& e = events[static_cast<std::size_t>(i)];
    for (int k = 0; k < messages_each; ++k) {
      EXPECT_EQ(e.messages[static_cast<std::size_t>(k)].bytes,
                pattern(200, static_cast<std::uint32_t>(i * 100 + k)));
    }
  }
  EXPECT_EQ(server_->association_count(), static_cast<std::size_t>(gnbs));
  EXPECT_EQ(server_->counters().messages_received,
            static_cast<std::uint64_t>(gnbs * messages_each));
}

TEST_F(sctp_test, heartbeat_loss_is_detected_as_lost) {
  if (!test::enter_private_netns()) {
    GTEST_SKIP() << "needs root: takes lo down in a private network namespace";
  }
  auto o = test::userspace_options();
  o.heartbeat_interval = 100ms;
  o.rto_initial = 200ms;
  o.rto_min = 100ms;
  o.rto_max = 300ms;
  o.max_retransmissions = 2;
  o.path_max_retransmissions = 2;
  associate(o, o);
  ASSERT_TRUE(test::set_link_up("lo", false));
  const bool lost = loop_.run_until(
      [&] { return !server_events_.down.empty() && !client_events_.down.empty(); }, 10s);
  ASSERT_TRUE(test::set_link_up("lo", true));
  ASSERT_TRUE(lost) << server_events_.down.size() << " " << client_events_.down.size();
  EXPECT_EQ(server_events_.down[0].second, sctp_down_reason::lost);
  EXPECT_EQ(client_events_.down[0].second, sctp_down_reason::lost);
}

TEST(sctp_options_test, validation_names_the_problem) {
  sctp_options o;
  EXPECT_TRUE(validate(o).has_value());
  o.outbound_streams = 0;
  EXPECT_FALSE(validate(o).has_value());
  o = {};
  o.listen = true;
  EXPECT_NE(validate(o).error().find("port"), std::string::npos);
  o = {};
  o.rto_min = std::chrono::milliseconds(2000);
  EXPECT_NE(validate(o).error().find("rto"), std::string::npos);
}

}  // namespace
}  // namespace glasscore::transport
