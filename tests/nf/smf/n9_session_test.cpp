// The SMF's N4 for a session through an intermediate UPF (TS 23.502 §4.3.2.2.1 with an
// I-UPF, TS 23.501 §5.6.4, docs/upf.md "N9") against two real UPF N4 handlers over PFCP
// nodes on a manual loop: UPF selection by slice and TAC (TS 23.501 §6.3.3), the rules sent
// to each UPF and their order, the clean-up when the I-UPF refuses, the release of both N4
// sessions, and the loss or restart of either UPF.
#include <gtest/gtest.h>

#include <map>

#include "glasscore/async/manual_loop.h"
#include "glasscore/core/log.h"
#include "nf/smf/n4_test_support.h"
#include "smf/n4_pfcp/pfcp_user_plane.h"

namespace glasscore::smf {
namespace {

using namespace std::chrono_literals;
using test::addr;

constexpr pfcp::ipv4_address psa_ip{127, 0, 0, 7};
constexpr pfcp::ipv4_address iupf_ip{127, 0, 0, 8};

// One UPF: its N4 handler (the real one) on a PFCP node, rules recorded.
struct upf_end {
  std::string name;
  transport::socket_address address;
  test::recording_sink sink;
  std::unique_ptr<upf::n4::n4_handler> handler;
  std::unique_ptr<pfcp::node> node;
  bool link_up = true;
};

class smf_n9 : public ::testing::Test {
 protected:
  smf_n9() {
    psa.name = "psa";
    psa.address = addr("127.0.0.7");
    iupf.name = "iupf";
    iupf.address = addr("127.0.0.8");
    start_upf(psa, psa_ip, 1000);
    start_upf(iupf, iupf_ip, 3000);
    pfcp::node_config smf_config;
    smf_config.self.value = pfcp::ipv4_address{127, 0, 0, 4};
    smf_config.recovery_time_stamp = 500;
    smf_config.t1 = 1s;
    smf_config.n1 = 2;
    smf_node = std::make_unique<pfcp::node>(
        loop, loop, smf_config,
        [this](byte_span bytes, const transport::socket_address& to) {
          upf_end& u = to == psa.address ? psa : iupf;
          if (auto m = pfcp::decode_message(bytes); m && !is_node_message(*m)) {
            sent.emplace_back(u.name, *m);
          }
          if (u.link_up) {
            loop.post([this, &u, d = std::vector<std::uint8_t>(bytes.begin(), bytes.end())] {
              u.node->handle_datagram(d, smf_address);
            });
          }
          return true;
        },
        [](const pfcp::message&, const transport::socket_address&) {
          return std::optional<pfcp::message>{};
        });
    // The PSA serves TAC 1 and has N6; the I-UPF serves TAC 2, slice 1 only, no N6.
    use_upfs({{"psa", psa.address, {"internet"}, {}, {1}, true},
              {"iupf", iupf.address, {}, {slice{1, std::nullopt}}, {2}, false}});
  }

  // The SMF's N4 side with these UPFs (at the two UPF ends), associated.
  void use_upfs(std::vector<upf_peer_config> upfs) {
    n4_options o;
    o.self = {127, 0, 0, 4};
    o.router_advertisements = &advertiser;
    user_plane.reset();
    user_plane = std::make_unique<pfcp_user_plane>(loop, loop, *smf_node, o, std::move(upfs),
                                                   log::get("smf"));
    user_plane->on_restarted = [this](const std::string& name) { restarted.push_back(name); };
    user_plane->start();
    loop.run_pending();
  }

  static bool is_node_message(const pfcp::message& m) {
    return std::holds_alternative<pfcp::association_setup_request>(m.body) ||
           std::holds_alternative<pfcp::heartbeat_request>(m.body);
  }

  // A UPF (node + handler) with this Recovery Time Stamp; replaces the previous one.
  void start_upf(upf_end& u, pfcp::ipv4_address ip, std::uint32_t recovery) {
    u.node.reset();
    u.handler.reset();
    upf::n4::n4_config c;
    c.self.value = ip;
    c.recovery_time_stamp = recovery;
    c.n3_ipv4 = ip;
    u.handler = std::make_unique<upf::n4::n4_handler>(c, u.sink);
    pfcp::node_config nc;
    nc.self = c.self;
    nc.recovery_time_stamp = recovery;
    u.node = std::make_unique<pfcp::node>(
        loop, loop, nc,
        [this, &u](byte_span bytes, const transport::socket_address&) {
          if (u.link_up) {
            loop.post([this, &u, d = std::vector<std::uint8_t>(bytes.begin(), bytes.end())] {
              smf_node->handle_datagram(d, u.address);
            });
          }
          return true;
        },
        [&u](const pfcp::message& m, const transport::socket_address& from) {
          return u.handler->handle(m, from);
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

  static up_session_request request(bool ipv6 = false) {
    up_session_request r;
    r.local_seid = 77;
    r.dnn = "internet";
    if (ipv6) {
      r.ue_ipv6_prefix = ipv6_prefix64{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1};
    } else {
      r.ue_ipv4 = ipv4_address{10, 45, 0, 2};
    }
    r.ambr_uplink_kbps = 100'000;
    r.ambr_downlink_kbps = 200'000;
    r.intermediate_upf = "iupf";
    r.intermediate_seid = 78;
    return r;
  }

  // The only session installed at `u`.
  static const upf::session_rules& rules_at(const upf_end& u) {
    EXPECT_EQ(u.sink.sessions.size(), 1U);
    return u.sink.sessions.begin()->second;
  }

  // The PFCP session requests the SMF sent, as "upf:message" in order.
  std::vector<std::string> sequence() const {
    std::vector<std::string> out;
    for (const auto& [upf, m] : sent) {
      const char* what =
          std::holds_alternative<pfcp::session_establishment_request>(m.body)  ? "establishment"
          : std::holds_alternative<pfcp::session_modification_request>(m.body) ? "modification"
          : std::holds_alternative<pfcp::session_deletion_request>(m.body)     ? "deletion"
                                                                               : "other";
      out.push_back(upf + ":" + what);
    }
    return out;
  }

  router_advertiser advertiser{[](byte_span, const ipv4_address&) {}};
  async::manual_loop loop;
  transport::socket_address smf_address = addr("127.0.0.4");
  upf_end psa;
  upf_end iupf;
  std::unique_ptr<pfcp::node> smf_node;
  std::unique_ptr<pfcp_user_plane> user_plane;
  std::vector<std::pair<std::string, pfcp::message>> sent;
  std::vector<std::string> restarted;
};

// TS 23.501 §6.3.3: the PSA by DNN and slice; an I-UPF only where the PSA does not serve
// the UE's TAC and the I-UPF does, in the session's slice.
TEST_F(smf_n9, selection_by_slice_and_tac) {
  const slice one{1, std::nullopt};
  const slice two{2, std::nullopt};
  using sel = upf_selection;
  EXPECT_EQ(user_plane->select_upfs("internet", one, 1), std::optional(sel{"psa", std::nullopt}));
  EXPECT_EQ(user_plane->select_upfs("internet", one, 2), std::optional(sel{"psa", "iupf"}));
  EXPECT_EQ(user_plane->select_upfs("internet", one, 3), std::optional(sel{"psa", std::nullopt}));
  EXPECT_EQ(user_plane->select_upfs("internet", one, std::nullopt),
            std::optional(sel{"psa", std::nullopt}));
  // The I-UPF does not serve slice 2: the gNB reaches the PSA directly.
  EXPECT_EQ(user_plane->select_upfs("internet", two, 2), std::optional(sel{"psa", std::nullopt}));
  // An anchor: false UPF is never a PSA, even for a DNN it would serve (dnns empty).
  EXPECT_FALSE(user_plane->select_upfs("ims", one, 2).has_value());
  psa.link_up = false;
  loop.advance(9s);  // heartbeat at 5 s, retransmitted at 6 and 7 s, given up at 8 s
  ASSERT_FALSE(user_plane->associated("psa"));
  ASSERT_TRUE(user_plane->associated("iupf"));
  EXPECT_FALSE(user_plane->select_upfs("internet", one, 2).has_value());
}

// Two UPFs with N6: the one whose service area holds the UE's TAC is the PSA, whatever the
// configuration order; otherwise the first. Each slice goes to the UPF configured for it.
TEST_F(smf_n9, psa_of_the_tac_is_preferred_and_slices_select_their_upf) {
  use_upfs({{"psa", psa.address, {}, {}, {1}, true}, {"iupf", iupf.address, {}, {}, {2}, true}});
  const slice one{1, std::nullopt};
  using sel = upf_selection;
  EXPECT_EQ(user_plane->select_upfs("internet", one, 2), std::optional(sel{"iupf", std::nullopt}));
  EXPECT_EQ(user_plane->select_upfs("internet", one, 1), std::optional(sel{"psa", std::nullopt}));
  EXPECT_EQ(user_plane->select_upfs("internet", one, 3), std::optional(sel{"psa", std::nullopt}));

  const slice sd1{1, 0x000001};
  use_upfs(
      {{"psa", psa.address, {}, {one}, {}, true}, {"iupf", iupf.address, {}, {sd1}, {}, true}});
  EXPECT_EQ(user_plane->select_upfs("internet", one, 1), std::optional(sel{"psa", std::nullopt}));
  EXPECT_EQ(user_plane->select_upfs("internet", sd1, 1), std::optional(sel{"iupf", std::nullopt}));
  EXPECT_FALSE(user_plane->select_upfs("internet", slice{2, std::nullopt}, 1).has_value());
}

// TS 23.502 §4.3.2.2.1 with an I-UPF: PSA establishment, I-UPF establishment, PSA
// modification; then the gNB's tunnel, AN release and the AMBR.
TEST_F(smf_n9, session_through_an_iupf_gets_the_rules_of_each_upf_in_order) {
  auto s = run(user_plane->establish("psa", request()));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(sequence(), (std::vector<std::string>{"psa:establishment", "iupf:establishment",
                                                  "psa:modification"}));
  ASSERT_TRUE(s->intermediate.has_value());
  EXPECT_EQ(s->intermediate->upf, "iupf");
  EXPECT_EQ(s->intermediate->local_seid, 78U);
  EXPECT_EQ(s->local_seid, 77U);

  const auto& at_psa = rules_at(psa);
  const auto& at_iupf = rules_at(iupf);
  // The N3 tunnel ends at the I-UPF (its chosen F-TEID), which forwards uplink over N9 to
  // the PSA's chosen F-TEID.
  EXPECT_EQ(s->uplink.address, iupf_ip);
  EXPECT_EQ(static_cast<std::uint32_t>(at_iupf.uplink.teid), s->uplink.teid);
  EXPECT_EQ(at_iupf.uplink.apply, upf::uplink_rule::action::forward_to_tunnel);
  EXPECT_EQ(at_iupf.uplink.next_hop.address, config::ip_address::v4(127, 0, 0, 7));
  EXPECT_EQ(at_iupf.uplink.next_hop.teid, at_psa.uplink.teid);
  EXPECT_FALSE(at_iupf.downlink.ue_ipv4.has_value());
  EXPECT_EQ(at_iupf.downlink.apply, upf::downlink_rule::action::buffer);
  ASSERT_TRUE(at_iupf.downlink_teid.has_value());
  // The PSA: N6 uplink, downlink by UE address to the I-UPF's N9 F-TEID, the AMBR.
  EXPECT_EQ(at_psa.uplink.apply, upf::uplink_rule::action::forward_to_n6);
  EXPECT_EQ(at_psa.downlink.ue_ipv4, std::optional(config::ip_address::v4(10, 45, 0, 2)));
  EXPECT_EQ(at_psa.downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(at_psa.downlink.gnb_address, config::ip_address::v4(127, 0, 0, 8));
  EXPECT_EQ(at_psa.downlink.gnb_teid, *at_iupf.downlink_teid);
  EXPECT_EQ(at_psa.downlink.qer.max_bit_rate, 200'000'000U);

  // What was asked of the I-UPF (docs/upf.md "N9"): CHOOSE with two CHOOSE IDs, no UE
  // address, FAR 1 to Core with Outer Header Creation, FAR 2 buffering, no MBR.
  const auto& est = std::get<pfcp::session_establishment_request>(sent[1].second.body);
  EXPECT_EQ(est.cp_f_seid.seid, 78U);
  ASSERT_EQ(est.create_pdrs.size(), 2U);
  EXPECT_EQ(est.create_pdrs[0].pdi_ie.source_interface, 0);  // §8.2.2 Access
  EXPECT_EQ(est.create_pdrs[1].pdi_ie.source_interface, 1);  // Core
  ASSERT_TRUE(est.create_pdrs[0].pdi_ie.local_f_teid && est.create_pdrs[1].pdi_ie.local_f_teid);
  EXPECT_NE(est.create_pdrs[0].pdi_ie.local_f_teid->choose_id,
            est.create_pdrs[1].pdi_ie.local_f_teid->choose_id);
  EXPECT_FALSE(est.create_pdrs[0].pdi_ie.ue_ip.has_value());
  EXPECT_FALSE(est.create_pdrs[1].pdi_ie.ue_ip.has_value());
  ASSERT_EQ(est.create_fars.size(), 2U);
  ASSERT_TRUE(est.create_fars[0].forwarding);
  EXPECT_EQ(est.create_fars[0].forwarding->destination_interface, 1);  // §8.2.24 Core
  EXPECT_EQ(est.create_fars[1].action.flags, pfcp::apply_action::buff);
  ASSERT_EQ(est.create_qers.size(), 1U);
  EXPECT_FALSE(est.create_qers[0].mbr.has_value());

  // The gNB's tunnel, AN release (BUFF) and service request (FORW) act at the I-UPF only.
  sent.clear();
  ASSERT_TRUE(run(user_plane->set_downlink(*s, tunnel_end{{192, 168, 1, 9}, 0xabcd})));
  EXPECT_EQ(sequence(), std::vector<std::string>{"iupf:modification"});
  EXPECT_EQ(rules_at(iupf).downlink.apply, upf::downlink_rule::action::forward_to_gnb);
  EXPECT_EQ(rules_at(iupf).downlink.gnb_address, config::ip_address::v4(192, 168, 1, 9));
  EXPECT_EQ(static_cast<std::uint32_t>(rules_at(iupf).downlink.gnb_teid), 0xabcdU);
  EXPECT_EQ(rules_at(psa).downlink.gnb_address, config::ip_address::v4(127, 0, 0, 8));
  ASSERT_TRUE(run(user_plane->set_downlink(*s, std::nullopt)));
  EXPECT_EQ(rules_at(iupf).downlink.apply, upf::downlink_rule::action::buffer);
  EXPECT_EQ(rules_at(psa).downlink.apply, upf::downlink_rule::action::forward_to_gnb);

  // The session-AMBR is at the PSA alone.
  sent.clear();
  ASSERT_TRUE(run(user_plane->set_session_ambr(*s, 50'000, 70'000)));
  EXPECT_EQ(sequence(), std::vector<std::string>{"psa:modification"});
  EXPECT_EQ(rules_at(psa).downlink.qer.max_bit_rate, 70'000'000U);
}

TEST_F(smf_n9, release_deletes_both_sessions_and_reports_the_psa_usage) {
  iupf.sink.reported = upf::session_counters{1, 11, 2, 22, 0, 0, 0};
  auto s = run(user_plane->establish("psa", request()));
  ASSERT_TRUE(s.has_value());
  sent.clear();
  auto u = run(user_plane->release(*s));
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(sequence(), (std::vector<std::string>{"iupf:deletion", "psa:deletion"}));
  EXPECT_EQ(u->uplink_octets, 1000U);
  EXPECT_EQ(u->downlink_octets, 2000U);
  EXPECT_TRUE(psa.sink.sessions.empty());
  EXPECT_TRUE(iupf.sink.sessions.empty());
}

// A failure half-way leaves nothing behind: the PSA's session is deleted, and an IPv6
// session's router advertisement endpoint closed.
TEST_F(smf_n9, iupf_refusal_deletes_the_psa_session) {
  iupf.sink.refuse = true;
  auto s = run(user_plane->establish("psa", request(true)));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error(), peer_error::rejected);
  EXPECT_EQ(sequence(),
            (std::vector<std::string>{"psa:establishment", "iupf:establishment", "psa:deletion"}));
  EXPECT_TRUE(psa.sink.sessions.empty());
  EXPECT_TRUE(iupf.sink.sessions.empty());
  EXPECT_EQ(advertiser.sessions(), 0U);
}

TEST_F(smf_n9, lost_iupf_fails_the_establishment_without_leaving_the_psa_session) {
  iupf.link_up = false;
  loop.advance(9s);
  ASSERT_FALSE(user_plane->associated("iupf"));
  auto s = run(user_plane->establish("psa", request()));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error(), peer_error::unavailable);
  EXPECT_TRUE(psa.sink.sessions.empty());
}

// TS 29.244 §6.2.6: a restarted UPF lost its sessions; the SMF releases the PDU session,
// deleting what the other UPF still holds and nothing at the restarted one.
TEST_F(smf_n9, restart_of_either_upf_leaves_only_the_other_session_to_delete) {
  auto s = run(user_plane->establish("psa", request()));
  ASSERT_TRUE(s.has_value());
  start_upf(psa, psa_ip, 2000);
  loop.advance(6s);
  loop.advance(6s);
  EXPECT_EQ(restarted, std::vector<std::string>{"psa"});
  auto rest = without_upf(*s, "psa");
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->anchor(), *s->intermediate);
  EXPECT_FALSE(rest->intermediate.has_value());
  sent.clear();
  ASSERT_TRUE(run(user_plane->release(*rest)).has_value());
  EXPECT_EQ(sequence(), std::vector<std::string>{"iupf:deletion"});
  EXPECT_TRUE(iupf.sink.sessions.empty());

  // The other way round: the I-UPF restarts, the PSA's session is deleted.
  auto again = run(user_plane->establish("psa", request()));
  ASSERT_TRUE(again.has_value());
  start_upf(iupf, iupf_ip, 4000);
  loop.advance(6s);
  loop.advance(6s);
  EXPECT_EQ(restarted, (std::vector<std::string>{"psa", "iupf"}));
  auto left = without_upf(*again, "iupf");
  ASSERT_TRUE(left.has_value());
  EXPECT_EQ(left->anchor(), again->anchor());
  EXPECT_FALSE(left->intermediate.has_value());
  sent.clear();
  ASSERT_TRUE(run(user_plane->release(*left)).has_value());
  EXPECT_EQ(sequence(), std::vector<std::string>{"psa:deletion"});
  EXPECT_TRUE(psa.sink.sessions.empty());
  EXPECT_FALSE(without_upf(*left, "psa").has_value());
}

}  // namespace
}  // namespace glasscore::smf
