// The SMF's N4 side against the UPF's N4 handler over PFCP nodes on a manual loop: the
// association comes up, sessions become data-path rules, a silent UPF is detected by its
// missing heartbeats and re-associated when it answers again, and a restarted UPF (new
// Recovery Time Stamp) makes the SMF release the sessions it lost (TS 29.244 §6.2.2,
// §6.2.6, §6.3).
#include <gtest/gtest.h>

#include <map>

#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/core/log.h"
#include "nf/smf/n4_test_support.h"
#include "smf/n4_pfcp/pfcp_user_plane.h"

namespace glasscore::smf {
namespace {

using namespace std::chrono_literals;
using test::addr;

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
          if (auto m = pfcp::decode_message(bytes)) {
            if (auto* req = std::get_if<pfcp::session_establishment_request>(&m->body)) {
              last_establishment = *req;
            }
          }
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
    o.router_advertisements = &advertiser;
    o.link_mtus["internet"] = 1400;
    user_plane = std::make_unique<pfcp_user_plane>(
        loop, loop, *smf_node, o,
        std::vector<upf_peer_config>{{"upf1", upf_address, {"internet"}, {}, {}, true}},
        log::get("smf"));
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

  // The SMF's N4-u: what it sends to the UPF.
  struct sent_gpdu {
    std::vector<std::uint8_t> datagram;
    ipv4_address to;
  };
  std::vector<sent_gpdu> n4u_sent;
  router_advertiser advertiser{[this](byte_span d, const ipv4_address& to) {
    n4u_sent.push_back({{d.begin(), d.end()}, to});
  }};
  std::optional<pfcp::session_establishment_request> last_establishment;

  async::manual_loop loop;
  transport::socket_address smf_address = addr("127.0.0.4");
  transport::socket_address upf_address = addr("127.0.0.7");
  bool link_up = true;
  test::recording_sink sink;
  std::unique_ptr<upf::n4::n4_handler> handler;
  std::unique_ptr<pfcp::node> upf_node;
  std::unique_ptr<pfcp::node> smf_node;
  std::unique_ptr<pfcp_user_plane> user_plane;
  std::vector<std::string> restarted;
};

TEST_F(smf_n4, association_comes_up_and_the_upf_is_selected_for_its_dnn_only) {
  EXPECT_FALSE(user_plane->select_upfs("internet", {}, std::nullopt).has_value());
  user_plane->start();
  loop.run_pending();
  EXPECT_TRUE(user_plane->associated("upf1"));
  EXPECT_TRUE(handler->associated());
  EXPECT_EQ(user_plane->select_upfs("internet", {}, std::nullopt),
            std::optional(upf_selection{"upf1", std::nullopt}));
  EXPECT_FALSE(user_plane->select_upfs("ims", {}, std::nullopt).has_value());
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

// TS 23.501 §5.8.2.2.3 with the rules of TS 29.244 §5.2.1A.2A: an IPv6 session's Router
// Solicitations go to the SMF over N4-u, its Router Advertisements come back that way.
TEST_F(smf_n4, ipv6_session_gets_router_solicitation_and_advertisement_rules) {
  user_plane->start();
  loop.run_pending();
  auto r = request();
  r.ue_ipv4.reset();
  r.ue_ipv6_prefix = ipv6_prefix64{0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0, 1};
  r.ue_ipv6_interface_id = {0, 0, 0, 0, 0, 0, 0, 9};
  auto s = run(user_plane->establish("upf1", r));
  ASSERT_TRUE(s.has_value());
  ASSERT_NE(s->router_advertisement_teid, 0U);
  EXPECT_EQ(advertiser.sessions(), 1U);

  // What the SMF asked for.
  ASSERT_TRUE(last_establishment.has_value());
  const auto& req = *last_establishment;
  ASSERT_EQ(req.create_pdrs.size(), 4U);
  const auto& pdr1 = req.create_pdrs[0];
  const auto& pdr3 = req.create_pdrs[2];
  const auto& pdr4 = req.create_pdrs[3];
  EXPECT_EQ(pdr1.precedence, 255U);
  ASSERT_TRUE(pdr1.pdi_ie.local_f_teid && pdr1.pdi_ie.local_f_teid->choose_id);
  EXPECT_EQ(pdr3.pdr_id, 3);
  EXPECT_EQ(pdr3.precedence, 100U);
  EXPECT_EQ(pdr3.pdi_ie.source_interface, 0);
  ASSERT_TRUE(pdr3.pdi_ie.local_f_teid.has_value());
  EXPECT_TRUE(pdr3.pdi_ie.local_f_teid->choose);
  EXPECT_EQ(pdr3.pdi_ie.local_f_teid->choose_id, pdr1.pdi_ie.local_f_teid->choose_id);
  EXPECT_EQ(pdr3.pdi_ie.network_instance, pdr1.pdi_ie.network_instance);
  ASSERT_TRUE(pdr3.pdi_ie.ue_ip && pdr3.pdi_ie.ue_ip->ipv6);
  EXPECT_EQ((*pdr3.pdi_ie.ue_ip->ipv6)[5], 0xfe);
  EXPECT_FALSE(pdr3.pdi_ie.ue_ip->ipv4.has_value());
  ASSERT_EQ(pdr3.pdi_ie.sdf_filters.size(), 1U);
  EXPECT_EQ(pdr3.pdi_ie.sdf_filters[0].flow_description,
            std::optional<std::string>("permit out 58 from ff02::2 to assigned"));
  ASSERT_TRUE(pdr3.outer_header_removal_ie.has_value());
  EXPECT_EQ(pdr3.outer_header_removal_ie->description, 0);
  EXPECT_EQ(pdr3.far_id, std::optional<std::uint32_t>(3));
  EXPECT_EQ(pdr4.pdr_id, 4);
  EXPECT_EQ(pdr4.precedence, 100U);
  EXPECT_EQ(pdr4.pdi_ie.source_interface, 3);  // §8.2.2 CP-function
  ASSERT_TRUE(pdr4.pdi_ie.local_f_teid.has_value());
  EXPECT_TRUE(pdr4.pdi_ie.local_f_teid->choose);
  EXPECT_FALSE(pdr4.pdi_ie.local_f_teid->choose_id.has_value());
  EXPECT_EQ(pdr4.far_id, std::optional<std::uint32_t>(2));
  ASSERT_EQ(req.create_fars.size(), 3U);
  const auto& far3 = req.create_fars[2];
  EXPECT_EQ(far3.far_id, 3U);
  EXPECT_EQ(far3.action.flags, pfcp::apply_action::forw);
  ASSERT_TRUE(far3.forwarding && far3.forwarding->outer_header_creation_ie);
  EXPECT_EQ(far3.forwarding->destination_interface, 3);  // §8.2.24 CP-function
  EXPECT_EQ(far3.forwarding->outer_header_creation_ie->teid,
            std::optional<std::uint32_t>(s->router_advertisement_teid));
  EXPECT_EQ(far3.forwarding->outer_header_creation_ie->ipv4,
            std::optional<pfcp::ipv4_address>(pfcp::ipv4_address{127, 0, 0, 4}));

  // What the UPF made of it.
  ASSERT_EQ(sink.sessions.size(), 1U);
  const auto& rules = sink.sessions.begin()->second;
  ASSERT_TRUE(rules.uplink.to_cp_function.has_value());
  EXPECT_EQ(rules.uplink.to_cp_function->protocol, 58);
  EXPECT_EQ(static_cast<std::uint32_t>(rules.uplink.to_cp_function->tunnel.teid),
            s->router_advertisement_teid);
  EXPECT_EQ(rules.uplink.to_cp_function->tunnel.address, config::ip_address::v4(127, 0, 0, 4));
  ASSERT_TRUE(rules.downlink_teid.has_value());

  // No RA before the gNB's tunnel; the unsolicited one once it is installed, to the F-TEID
  // the UPF chose for PDR 4.
  EXPECT_TRUE(n4u_sent.empty());
  ASSERT_TRUE(run(user_plane->set_downlink(*s, tunnel_end{{192, 168, 1, 9}, 0xabcd})).has_value());
  ASSERT_EQ(n4u_sent.size(), 1U);
  EXPECT_EQ(n4u_sent[0].to, (ipv4_address{127, 0, 0, 7}));
  auto gpdu = gtpu::decode(n4u_sent[0].datagram);
  ASSERT_TRUE(gpdu.has_value());
  EXPECT_EQ(gpdu->hdr.type, gtpu::message_type::g_pdu);
  EXPECT_EQ(gpdu->hdr.teid, static_cast<std::uint32_t>(*rules.downlink_teid));
  auto ra = nd::decode_router_advertisement(gpdu->payload);
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->prefix, *r.ue_ipv6_prefix);
  EXPECT_EQ(ra->mtu, std::optional<std::uint32_t>(1400));

  ASSERT_TRUE(run(user_plane->release(*s)).has_value());
  EXPECT_EQ(advertiser.sessions(), 0U);
}

TEST_F(smf_n4, ipv4_session_has_no_router_rules) {
  user_plane->start();
  loop.run_pending();
  auto s = run(user_plane->establish("upf1", request()));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->router_advertisement_teid, 0U);
  ASSERT_TRUE(last_establishment.has_value());
  EXPECT_EQ(last_establishment->create_pdrs.size(), 2U);
  EXPECT_EQ(advertiser.sessions(), 0U);
}

TEST_F(smf_n4, session_ambr_becomes_the_qer_mbr) {
  user_plane->start();
  loop.run_pending();
  auto s = run(user_plane->establish("upf1", request()));
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE(run(user_plane->set_session_ambr(*s, 50'000, 70'000)).has_value());
  EXPECT_EQ(sink.sessions.begin()->second.downlink.qer.max_bit_rate, 70'000'000U);
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
  EXPECT_FALSE(user_plane->select_upfs("internet", {}, std::nullopt).has_value());
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
