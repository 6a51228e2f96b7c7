// N9 between two UPF data paths in one process, in a private network namespace (root): an
// intermediate UPF (I-UPF) on 127.0.0.7:2152 without N6, which the fake gNB on
// 127.0.0.2:2152 talks to, and a PDU Session Anchor (PSA) on 127.0.0.8:2152 with N6 on a TUN
// device holding 10.61.0.1/16 and a "data network" socket on 10.61.0.1:5000 (TS 23.501
// §5.6.4; TS 23.502 §4.3.2.2.1). A socket on 127.0.0.9:2152 stands in for a UPF whose
// G-PDUs the tests inspect or forge. The last case drives both UPFs through their N4
// handlers with the PFCP messages an SMF sends.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "glasscore/codec/gtpu/gtpu.h"
#include "glasscore/nf/upf/datapath.h"
#include "n4/n9_sessions.h"
#include "n4_handler.h"
#include "support/eventually.h"
#include "upf_test_support.h"

namespace glasscore::upf {
namespace {

using config::ip_address;
using bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t iupf_n3_teid = 0x100;  // I-UPF, uplink from the gNB
constexpr std::uint32_t iupf_n9_teid = 0x101;  // I-UPF, downlink from the PSA
constexpr std::uint32_t psa_n9_teid = 0x200;   // PSA, uplink from the I-UPF
constexpr std::uint32_t gnb_teid = 0x300;
const std::array<std::uint8_t, 4> ue{10, 61, 1, 1};

// A G-PDU carrying `inner`, with a PDU Session Container of `direction` and `qfi` if given.
bytes g_pdu(std::uint32_t teid, const bytes& inner, std::optional<std::uint8_t> qfi,
            gtpu::pdu_session_container::direction direction =
                gtpu::pdu_session_container::direction::uplink) {
  gtpu::header h;
  h.teid = teid;
  if (qfi)
    h.pdu_session = gtpu::pdu_session_container{direction, *qfi, false};
  bytes out(gtpu::header_size(h) + inner.size());
  const std::size_t n = gtpu::encode_header(h, inner.size(), out);
  std::copy(inner.begin(), inner.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

using glasscore::test::eventually;

// The I-UPF's session: uplink on its N3 TEID on to the PSA's N9 F-TEID, downlink on its N9
// TEID to the gNB with QFI 5 for G-PDUs that come without a container.
session_rules iupf_rules(ip_address psa = ip_address::v4(127, 0, 0, 8)) {
  session_rules r;
  r.seid = pfcp_seid{1};
  r.uplink.teid = gtpu_teid{iupf_n3_teid};
  r.uplink.apply = uplink_rule::action::forward_to_tunnel;
  r.uplink.next_hop = gtpu_tunnel{psa, gtpu_teid{psa_n9_teid}};
  r.downlink.apply = downlink_rule::action::forward_to_gnb;
  r.downlink.gnb_address = ip_address::v4(127, 0, 0, 2);
  r.downlink.gnb_teid = gtpu_teid{gnb_teid};
  r.downlink.qfi = qos_flow_id{5};
  r.downlink_teid = gtpu_teid{iupf_n9_teid};
  return r;
}

// The PSA's session: uplink on its N9 TEID to N6, downlink for the UE to the I-UPF's N9
// F-TEID with QFI 9.
session_rules psa_rules() {
  session_rules r;
  r.seid = pfcp_seid{2};
  r.uplink.teid = gtpu_teid{psa_n9_teid};
  r.uplink.apply = uplink_rule::action::forward_to_n6;
  r.downlink.ue_ipv4 = ip_address::v4(ue[0], ue[1], ue[2], ue[3]);
  r.downlink.apply = downlink_rule::action::forward_to_gnb;
  r.downlink.gnb_address = ip_address::v4(127, 0, 0, 7);
  r.downlink.gnb_teid = gtpu_teid{iupf_n9_teid};
  r.downlink.qfi = qos_flow_id{9};
  return r;
}

class upf_n9 : public ::testing::TestWithParam<std::size_t> {
 protected:
  void SetUp() override {
    if (!test::enter_private_netns()) {
      GTEST_SKIP() << "needs root to create a network namespace and a TUN device";
    }
    datapath_config psa;
    psa.n3_address = ip_address::v4(127, 0, 0, 8);
    psa.tun_name = "upfn9psa";
    psa.tun_ipv4 = config::ip_prefix{ip_address::v4(10, 61, 0, 1), 16};
    psa.workers = GetParam();
    psa.max_sessions = 64;
    auto p = datapath::start(psa);
    if (!p && p.error() == datapath_error::tun_failed) {
      GTEST_SKIP() << "cannot create a TUN device (CAP_NET_ADMIN, /dev/net/tun)";
    }
    ASSERT_TRUE(p) << to_string(p.error());
    psa_ = std::move(*p);
    datapath_config iupf = psa;
    iupf.n3_address = ip_address::v4(127, 0, 0, 7);
    iupf.tun_name.clear();  // no N6: the I-UPF only relays between N3 and N9
    iupf.tun_ipv4.reset();
    auto i = datapath::start(iupf);
    ASSERT_TRUE(i) << to_string(i.error());
    iupf_ = std::move(*i);
    gnb_ = open("127.0.0.2", gtpu::udp_port);
    peer_ = open("127.0.0.9", gtpu::udp_port);
    app_ = open("10.61.0.1", 5000);
  }

  static std::optional<transport::udp_socket> open(std::string_view ip, std::uint16_t port) {
    auto s = transport::udp_socket::open(*transport::socket_address::parse(ip, port));
    EXPECT_TRUE(s);
    return s ? std::optional(std::move(*s)) : std::nullopt;
  }

  // The next datagram `s` gets that decodes as GTP-U of `type`.
  static std::optional<std::pair<gtpu::header, bytes>> next(transport::udp_socket& s,
                                                            gtpu::message_type type) {
    for (int i = 0; i < 64; ++i) {
      auto d = test::receive(s);
      if (!d)
        return std::nullopt;
      auto v = gtpu::decode(*d);
      if (v && v->hdr.type == type)
        return std::pair{v->hdr, bytes(v->payload.begin(), v->payload.end())};
    }
    return std::nullopt;
  }

  std::optional<bytes> at_app(transport::socket_address* from = nullptr) {
    if (!test::readable(app_->fd()))
      return std::nullopt;
    bytes buf(2048);
    auto r = app_->receive_from(buf);
    if (!r)
      return std::nullopt;
    if (from != nullptr)
      *from = r->source;
    buf.resize(r->size);
    return buf;
  }

  bytes uplink_packet(const bytes& payload) const {
    return test::ipv4_udp(ue, {10, 61, 0, 1}, 4000, 5000, payload);
  }

  std::unique_ptr<datapath> psa_;
  std::unique_ptr<datapath> iupf_;
  std::optional<transport::udp_socket> gnb_;
  std::optional<transport::udp_socket> peer_;
  std::optional<transport::udp_socket> app_;
};

TEST_P(upf_n9, uplink_from_the_gnb_leaves_the_psa_on_n6) {
  ASSERT_TRUE(iupf_->install(iupf_rules()));
  ASSERT_TRUE(psa_->install(psa_rules()));
  const bytes payload{'n', '9', 'u', 'p'};
  const bytes inner = uplink_packet(payload);
  ASSERT_TRUE(gnb_->send_to(g_pdu(iupf_n3_teid, inner, 9), iupf_->n3_local_address()));
  transport::socket_address from;
  auto got = at_app(&from);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, payload);
  EXPECT_EQ(from.to_string(), "10.61.1.1:4000");
  ASSERT_TRUE(eventually([&] { return psa_->totals().uplink_forwarded == 1; }));
  EXPECT_EQ(iupf_->totals().uplink_forwarded, 1u);
  // The QER/URR side of the I-UPF session counts the inner packet.
  EXPECT_EQ(iupf_->counters(pfcp_seid{1})->uplink_bytes, inner.size());
  EXPECT_EQ(psa_->counters(pfcp_seid{2})->uplink_bytes, inner.size());
}

TEST_P(upf_n9, iupf_sends_the_inner_packet_with_the_psa_teid_and_the_received_qfi) {
  ASSERT_TRUE(iupf_->install(iupf_rules(ip_address::v4(127, 0, 0, 9))));
  const bytes inner = uplink_packet({1, 2, 3});
  ASSERT_TRUE(gnb_->send_to(g_pdu(iupf_n3_teid, inner, 6), iupf_->n3_local_address()));
  auto g = next(*peer_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, psa_n9_teid);
  ASSERT_TRUE(g->first.pdu_session);
  EXPECT_EQ(g->first.pdu_session->type, gtpu::pdu_session_container::direction::uplink);
  EXPECT_EQ(g->first.pdu_session->qfi, 6);
  EXPECT_EQ(g->second, inner);
  // Without a container from the gNB, none on N9 either (the I-UPF has no QFI to claim).
  ASSERT_TRUE(gnb_->send_to(g_pdu(iupf_n3_teid, inner, std::nullopt), iupf_->n3_local_address()));
  g = next(*peer_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->first.pdu_session);
  EXPECT_EQ(g->second, inner);
  // A closed uplink gate (QER) drops at the I-UPF.
  session_rules closed = iupf_rules(ip_address::v4(127, 0, 0, 9));
  closed.uplink.qer.gate_open = false;
  ASSERT_TRUE(iupf_->modify(closed));
  ASSERT_TRUE(gnb_->send_to(g_pdu(iupf_n3_teid, inner, 6), iupf_->n3_local_address()));
  ASSERT_TRUE(eventually([&] { return iupf_->totals().rule_dropped == 1; }));
  EXPECT_FALSE(test::readable(peer_->fd(), 100));
}

TEST_P(upf_n9, downlink_from_n6_reaches_the_gnb_through_the_iupf_with_the_psa_qfi) {
  ASSERT_TRUE(iupf_->install(iupf_rules()));
  ASSERT_TRUE(psa_->install(psa_rules()));
  const bytes payload{'d', 'o', 'w', 'n'};
  ASSERT_TRUE(app_->send_to(payload, *transport::socket_address::parse("10.61.1.1", 7000)));
  auto g = next(*gnb_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, gnb_teid);
  ASSERT_TRUE(g->first.pdu_session);
  EXPECT_EQ(g->first.pdu_session->type, gtpu::pdu_session_container::direction::downlink);
  EXPECT_EQ(g->first.pdu_session->qfi, 9);  // the PSA's, not the I-UPF rule's 5
  const bytes& ip = g->second;
  ASSERT_EQ(ip.size(), 28u + payload.size());
  EXPECT_EQ(bytes(ip.begin() + 16, ip.begin() + 20), bytes(ue.begin(), ue.end()));
  EXPECT_EQ(bytes(ip.begin() + 28, ip.end()), payload);
  ASSERT_TRUE(eventually([&] { return iupf_->totals().downlink_from_tunnel == 1; }));
  EXPECT_EQ(psa_->totals().downlink_forwarded, 1u);
  EXPECT_EQ(iupf_->counters(pfcp_seid{1})->downlink_bytes, ip.size());
}

TEST_P(upf_n9, a_downlink_g_pdu_without_container_gets_the_rule_qfi) {
  ASSERT_TRUE(iupf_->install(iupf_rules()));
  const bytes inner = test::ipv4_udp({10, 61, 0, 1}, ue, 5000, 7000, {7});
  ASSERT_TRUE(peer_->send_to(g_pdu(iupf_n9_teid, inner, std::nullopt), iupf_->n3_local_address()));
  auto g = next(*gnb_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, gnb_teid);
  ASSERT_TRUE(g->first.pdu_session);
  EXPECT_EQ(g->first.pdu_session->qfi, 5);
  EXPECT_EQ(g->second, inner);
  // Not IP: dropped by rule, nothing sent.
  ASSERT_TRUE(peer_->send_to(g_pdu(iupf_n9_teid, bytes{0x00, 1, 2}, 9), iupf_->n3_local_address()));
  ASSERT_TRUE(eventually([&] { return iupf_->totals().rule_dropped == 1; }));
}

TEST_P(upf_n9, unknown_teid_on_n9_gets_an_error_indication) {
  ASSERT_TRUE(iupf_->install(iupf_rules()));
  ASSERT_TRUE(psa_->install(psa_rules()));
  const bytes inner = test::ipv4_udp({10, 61, 0, 1}, ue, 5000, 7000, {7});
  ASSERT_TRUE(
      peer_->send_to(g_pdu(0xDEAD, inner, 9, gtpu::pdu_session_container::direction::downlink),
                     iupf_->n3_local_address()));
  auto ei = next(*peer_, gtpu::message_type::error_indication);
  ASSERT_TRUE(ei);
  auto ies = gtpu::decode_error_indication(ei->second);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->teid, 0xDEADu);
  EXPECT_EQ(ies->peer, ip_address::v4(127, 0, 0, 7));
  // The I-UPF lost the session: the PSA's next downlink G-PDU is answered the same way.
  ASSERT_TRUE(iupf_->remove(pfcp_seid{1}));
  ASSERT_TRUE(app_->send_to(bytes{1}, *transport::socket_address::parse("10.61.1.1", 7000)));
  ASSERT_TRUE(eventually([&] { return psa_->totals().error_indications_received == 1; }));
  EXPECT_EQ(iupf_->totals().unknown_teid_dropped, 2u);
  EXPECT_EQ(iupf_->totals().error_indications_sent, 2u);
}

TEST_P(upf_n9, end_marker_from_the_psa_reaches_the_gnb_through_the_old_iupf) {
  ASSERT_TRUE(iupf_->install(iupf_rules()));
  ASSERT_TRUE(psa_->install(psa_rules()));
  // I-UPF relocation (TS 23.502 §4.9.1.3.3): the PSA's downlink moves to a new I-UPF (the
  // stand-in on 127.0.0.9); the old I-UPF gets an End Marker on its N9 TEID and passes it
  // to the gNB on the session's tunnel (TS 29.281 §7.3.2).
  session_rules moved = psa_rules();
  moved.downlink.gnb_address = ip_address::v4(127, 0, 0, 9);
  moved.downlink.gnb_teid = gtpu_teid{0x900};
  ASSERT_TRUE(psa_->modify(moved, true));
  auto m = next(*gnb_, gtpu::message_type::end_marker);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first.teid, gnb_teid);
  EXPECT_EQ(iupf_->totals().end_markers_forwarded, 1u);
  ASSERT_TRUE(app_->send_to(bytes{1}, *transport::socket_address::parse("10.61.1.1", 7000)));
  auto g = next(*peer_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, 0x900u);
}

TEST_P(upf_n9, a_data_path_without_n6_refuses_uplink_to_n6) {
  EXPECT_TRUE(iupf_->tun_name().empty());
  session_rules r = iupf_rules();
  r.uplink.apply = uplink_rule::action::forward_to_n6;
  EXPECT_EQ(iupf_->install(r).error(), datapath_error::invalid_rules);
  // A tunnel next hop needs an address.
  r = iupf_rules(ip_address{});
  EXPECT_EQ(iupf_->install(r).error(), datapath_error::invalid_rules);
  // One TEID cannot be both directions' key.
  r = iupf_rules();
  r.downlink_teid = r.uplink.teid;
  EXPECT_EQ(iupf_->install(r).error(), datapath_error::invalid_rules);
  EXPECT_EQ(iupf_->session_count(), 0u);
}

// Both UPFs set up through their N4 handlers with the messages of n4/n9_sessions.h, in the
// SMF's order (TS 23.502 §4.3.2.2.1 steps 10a/10b with an I-UPF): PSA, I-UPF, PSA update.
TEST_P(upf_n9, n4_sessions_from_the_smf_carry_traffic_both_ways) {
  using namespace n4::test;
  auto handler = [](pfcp::ipv4_address n3, std::uint32_t first_teid, n4::rules_sink& sink) {
    n4::n4_config c;
    c.self = pfcp::node_id{n3};
    c.n3_ipv4 = n3;
    c.first_teid = first_teid;
    return std::make_unique<n4::n4_handler>(c, sink);
  };
  n4::datapath_sink psa_sink(*psa_);
  n4::datapath_sink iupf_sink(*iupf_);
  auto psa = handler({127, 0, 0, 8}, 0x2000, psa_sink);
  auto iupf = handler({127, 0, 0, 7}, 0x1000, iupf_sink);
  const auto smf = *transport::socket_address::parse("127.0.0.4", 8805);
  pfcp::association_setup_request association;
  association.node = pfcp::node_id{pfcp::ipv4_address{127, 0, 0, 4}};
  pfcp::message setup;
  setup.body = association;
  ASSERT_TRUE(psa->handle(setup, smf));
  ASSERT_TRUE(iupf->handle(setup, smf));

  auto established = [&](n4::n4_handler& h, const pfcp::message& m) {
    auto rsp = h.handle(m, smf);
    EXPECT_TRUE(rsp);
    auto body = rsp ? std::get<pfcp::session_establishment_response>(rsp->body)
                    : pfcp::session_establishment_response{};
    EXPECT_EQ(body.cause, pfcp::cause_value::request_accepted);
    return body;
  };
  const auto at_psa = established(*psa, psa_establishment({10, 61, 1, 1}, 9));
  ASSERT_EQ(at_psa.created_pdrs.size(), 1u);
  const auto psa_teid = at_psa.created_pdrs[0].local_f_teid->teid;
  const auto at_iupf =
      established(*iupf, iupf_establishment({127, 0, 0, 8}, psa_teid, {127, 0, 0, 2}, gnb_teid, 9));
  ASSERT_EQ(at_iupf.created_pdrs.size(), 2u);
  const auto n3_teid = at_iupf.created_pdrs[0].local_f_teid->teid;
  const auto n9_teid = at_iupf.created_pdrs[1].local_f_teid->teid;
  auto mod = psa->handle(psa_downlink_to(at_psa.up_f_seid->seid, {127, 0, 0, 7}, n9_teid), smf);
  ASSERT_TRUE(mod);
  EXPECT_EQ(std::get<pfcp::session_modification_response>(mod->body).cause,
            pfcp::cause_value::request_accepted);

  const bytes up{'u', 'p'};
  const bytes inner = uplink_packet(up);
  ASSERT_TRUE(gnb_->send_to(g_pdu(n3_teid, inner, 9), iupf_->n3_local_address()));
  auto got = at_app();
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, up);
  ASSERT_TRUE(app_->send_to(bytes{'d', 'n'}, *transport::socket_address::parse("10.61.1.1", 7000)));
  auto g = next(*gnb_, gtpu::message_type::g_pdu);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->first.teid, gnb_teid);
  EXPECT_EQ(g->first.pdu_session->qfi, 9);

  // Deletion at both: each reports the volume its own data path forwarded.
  ASSERT_TRUE(eventually([&] { return iupf_->totals().downlink_forwarded == 1; }));
  for (auto* h : {iupf.get(), psa.get()}) {
    pfcp::message del;
    del.hdr.type = static_cast<std::uint8_t>(pfcp::session_deletion_request::type);
    del.hdr.seid = h == iupf.get() ? at_iupf.up_f_seid->seid : at_psa.up_f_seid->seid;
    del.body = pfcp::session_deletion_request{};
    auto rsp = h->handle(del, smf);
    ASSERT_TRUE(rsp);
    const auto& body = std::get<pfcp::session_deletion_response>(rsp->body);
    ASSERT_EQ(body.usage_reports.size(), 1u);
    ASSERT_TRUE(body.usage_reports[0].volume_measurement);
    EXPECT_EQ(body.usage_reports[0].volume_measurement->uplink, inner.size());
    EXPECT_EQ(body.usage_reports[0].volume_measurement->downlink, 28u + 2);
  }
  EXPECT_EQ(iupf_->session_count(), 0u);
  EXPECT_EQ(psa_->session_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(workers, upf_n9, ::testing::Values(1, 2),
                         [](const auto& p) { return std::to_string(p.param) + "_workers"; });

}  // namespace
}  // namespace glasscore::upf
