// The SMF's N4 side against the UPF's N4 handler over PFCP nodes on a manual loop: the
// association comes up, sessions become data-path rules, a silent UPF is detected by its
// missing heartbeats and re-associated when it answers again, and a restarted UPF (new
// Recovery Time Stamp) makes the SMF release the sessions it lost (TS 29.244 §6.2.2,
// §6.2.6, §6.3).
#include <gtest/gtest.h>

#include <map>

#include "glasscore/async/manual_loop.h"
#include "glasscore/core/log.h"
#include "n4_handler.h"
#include "smf/n4_pfcp/pfcp_user_plane.h"

namespace glasscore::smf {
namespace {

using namespace std::chrono_literals;

// What the data path would be told.
class recording_sink final : public upf::n4::rules_sink {
 public:
  std::map<std::uint64_t, upf::session_rules> sessions;
  expected<void, upf::datapath_error> install(const upf::session_rules& r) override {
    sessions[static_cast<std::uint64_t>(r.seid)] = r;
    return {};
  }
  expected<void, upf::datapath_error> modify(const upf::session_rules& r, bool) override {
    sessions[static_cast<std::uint64_t>(r.seid)] = r;
    return {};
  }
  expected<upf::session_counters, upf::datapath_error> remove(pfcp_seid seid) override {
    if (sessions.erase(static_cast<std::uint64_t>(seid)) == 0) {
      return fail(upf::datapath_error::unknown_seid);
    }
    return upf::session_counters{10, 1000, 20, 2000, 0, 0, 0};
  }
  std::optional<upf::session_counters> counters(pfcp_seid) const override {
    return upf::session_counters{};
  }
};

transport::socket_address addr(std::string_view ip) {
  return transport::socket_address::parse(ip, pfcp::pfcp_port).value();
}

class smf_n4 : public ::testing::Test {
 protected:
  smf_n4() {
    start_upf(1000);
    pfcp::node_config smf_config;
    smf_config.self.value = pfcp::ipv4_address{127, 0, 0, 4};
    smf_config.recovery_time_stamp = 500;
    smf_config.t1 = 1s;
    smf_config.n1 = 2;
    smf_node = std::make_unique<pfcp::node>(
        loop, loop, smf_config,
        [this](byte_span bytes, const transport::socket_address&) {
          if (link_up) {
            loop.post([this, d = std::vector<std::uint8_t>(bytes.begin(), bytes.end())] {
              upf_node->handle_datagram(d, smf_address);
            });
          }
          return true;
        },
        [](const pfcp::message&, const transport::socket_address&) {
          return std::optional<pfcp::message>{};
        });
    n4_options o;
    o.self = {127, 0, 0, 4};
    o.heartbeat_interval = 5s;
    o.setup_retry = 2s;
    user_plane = std::make_unique<pfcp_user_plane>(
        loop, loop, *smf_node, o,
        std::vector<upf_peer_config>{{"upf1", upf_address, {"internet"}, {}}}, log::get("smf"));
    user_plane->on_restarted = [this](const std::string& name) { restarted.push_back(name); };
  }

  // A UPF (node + handler) with this Recovery Time Stamp; replaces the previous one.
  void start_upf(std::uint32_t recovery) {
    upf_node.reset();
    handler.reset();
    upf::n4::n4_config c;
    c.self.value = pfcp::ipv4_address{127, 0, 0, 7};
    c.recovery_time_stamp = recovery;
    c.n3_ipv4 = pfcp::ipv4_address{127, 0, 0, 7};
    handler = std::make_unique<upf::n4::n4_handler>(c, sink);
    pfcp::node_config nc;
    nc.self = c.self;
    nc.recovery_time_stamp = recovery;
    upf_node = std::make_unique<pfcp::node>(
        loop, loop, nc,
        [this](byte_span bytes, const transport::socket_address&) {
          if (link_up) {
            loop.post([this, d = std::vector<std::uint8_t>(bytes.begin(), bytes.end())] {
              smf_node->handle_datagram(d, upf_address);
            });
          }
          return true;
        },
        [this](const pfcp::message& m, const transport::socket_address& from) {
          return handler->handle(m, from);
        });
  }

  template <class T>
  T run(async::task<T> t) {
    std::optional<T> out;
    async::spawn(loop, std::move(t), [&out](T v) { out.emplace(std::move(v)); });
    loop.run_pending();
    EXPECT_TRUE(out.has_value());
    return std::move(*out);
  }

  up_session_request request() {
    up_session_request r;
    r.local_seid = 77;
    r.dnn = "internet";
    r.ue_ipv4 = ipv4_address{10, 45, 0, 2};
    r.ambr_uplink_kbps = 100'000;
    r.ambr_downlink_kbps = 200'000;
    return r;
  }

  async::manual_loop loop;
  transport::socket_address smf_address = addr("127.0.0.4");
  transport::socket_address upf_address = addr("127.0.0.7");
  bool link_up = true;
  recording_sink sink;
  std::unique_ptr<upf::n4::n4_handler> handler;
  std::unique_ptr<pfcp::node> upf_node;
  std::unique_ptr<pfcp::node> smf_node;
  std::unique_ptr<pfcp_user_plane> user_plane;
  std::vector<std::string> restarted;
};

TEST_F(smf_n4, association_comes_up_and_the_upf_is_selected_for_its_dnn_only) {
  EXPECT_FALSE(user_plane->select_upf("internet", {}).has_value());
  user_plane->start();
  loop.run_pending();
  EXPECT_TRUE(user_plane->associated("upf1"));
  EXPECT_TRUE(handler->associated());
  EXPECT_EQ(user_plane->select_upf("internet", {}), std::optional<std::string>("upf1"));
  EXPECT_FALSE(user_plane->select_upf("ims", {}).has_value());
}

TEST_F(smf_n4, session_becomes_data_path_rules_and_follows_the_gnb_tunnel) {
  user_plane->start();
  loop.run_pending();
  auto s = run(user_plane->establish("upf1", request()));
  ASSERT_TRUE(s.has_value());
  EXPECT_NE(s->uplink.teid, 0U);
  EXPECT_EQ(s->uplink.address, (ipv4_address{127, 0, 0, 7}));
  ASSERT_EQ(sink.sessions.size(), 1U);
  const auto& rules = sink.sessions.begin()->second;
  EXPECT_EQ(static_cast<std::uint32_t>(rules.uplink.teid), s->uplink.teid);
  EXPECT_EQ(rules.uplink.apply, upf::uplink_rule::action::forward_to_n6);
  EXPECT_EQ(rules.downlink.ue_ipv4, std::optional(config::ip_address::v4(10, 45, 0, 2)));
  EXPECT_EQ(rules.downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_EQ(rules.downlink.qer.max_bit_rate, 200'000'000U);

  ASSERT_TRUE(run(user_plane->set_downlink(*s, tunnel_end{{192, 168, 1, 9}, 0xabcd})).has_value());
  const auto& active = sink.sessions.begin()->second;
  EXPECT_EQ(active.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(active.downlink.gnb_address, config::ip_address::v4(192, 168, 1, 9));
  EXPECT_EQ(static_cast<std::uint32_t>(active.downlink.gnb_teid), 0xabcdU);
  EXPECT_EQ(static_cast<std::uint8_t>(active.downlink.qfi), 1);

  ASSERT_TRUE(run(user_plane->set_downlink(*s, std::nullopt)).has_value());
  EXPECT_EQ(sink.sessions.begin()->second.downlink.apply, upf::downlink_rule::action::buffer);

  auto u = run(user_plane->release(*s));
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->uplink_octets, 1000U);
  EXPECT_EQ(u->downlink_octets, 2000U);
  EXPECT_TRUE(sink.sessions.empty());
}

TEST_F(smf_n4, sessions_are_refused_without_an_association) {
  auto s = run(user_plane->establish("upf1", request()));
  EXPECT_FALSE(s.has_value());
  EXPECT_TRUE(sink.sessions.empty());
}

TEST_F(smf_n4, lost_heartbeats_end_the_association_and_it_comes_back_with_the_upf) {
  user_plane->start();
  loop.run_pending();
  ASSERT_TRUE(user_plane->associated("upf1"));
  link_up = false;
  // A heartbeat at 5 s, retransmitted at 6 s and 7 s (T1 1 s, N1 2), given up at 8 s.
  loop.advance(9s);
  EXPECT_FALSE(user_plane->associated("upf1"));
  EXPECT_FALSE(user_plane->select_upf("internet", {}).has_value());
  link_up = true;
  loop.advance(5s);
  EXPECT_TRUE(user_plane->associated("upf1"));
  EXPECT_TRUE(restarted.empty());  // same Recovery Time Stamp: the sessions survived
}

TEST_F(smf_n4, restarted_upf_is_reported_so_that_its_sessions_are_released) {
  user_plane->start();
  loop.run_pending();
  ASSERT_TRUE(run(user_plane->establish("upf1", request())).has_value());
  start_upf(2000);  // the UPF restarts: no association, no sessions, a new timestamp
  loop.advance(6s);
  loop.advance(6s);
  EXPECT_TRUE(user_plane->associated("upf1"));
  EXPECT_EQ(restarted, std::vector<std::string>{"upf1"});
}

}  // namespace
}  // namespace glasscore::smf
