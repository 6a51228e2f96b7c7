// The SMF's N4-u endpoint (TS 23.501 §5.8.2.2.3): Router Advertisements to the UPF's
// F-TEID, unsolicited and in answer to a valid Router Solicitation on the session's TEID;
// everything else counted and dropped. And the same over a real UDP socket.
#include "smf/user_plane/router_advertiser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"
#include "smf/user_plane/n4u_socket.h"

namespace glasscore::smf {
namespace {

using bytes = std::vector<std::uint8_t>;

constexpr nd::prefix64 prefix = {0x20, 0x01, 0x0d, 0xb8, 0xca, 0xfe, 0x00, 0x07};
constexpr nd::interface_id ue_id = {0, 0, 0, 0, 0, 0, 0, 1};
const tunnel_end upf{{127, 0, 0, 7}, 0x5000};

bytes g_pdu(std::uint32_t teid, const bytes& inner) {
  gtpu::header h;
  h.teid = teid;
  std::array<std::uint8_t, gtpu::max_header_size> header{};
  const auto n = gtpu::encode_header(h, inner.size(), header);
  bytes out(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(n));
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

bytes solicitation(const nd::ipv6_address& source) {
  nd::router_solicitation rs;
  rs.source = source;
  return nd::encode(rs);
}

class router_advertiser_test : public ::testing::Test {
 protected:
  struct sent {
    bytes datagram;
    ipv4_address to;
  };
  // The RA inside the last datagram sent, after checking its G-PDU header.
  std::optional<nd::router_advertisement> last_ra() {
    if (out.empty()) {
      return std::nullopt;
    }
    EXPECT_EQ(out.back().to, upf.address);
    auto p = gtpu::decode(out.back().datagram);
    EXPECT_TRUE(p.has_value());
    if (!p) {
      return std::nullopt;
    }
    EXPECT_EQ(p->hdr.type, gtpu::message_type::g_pdu);
    EXPECT_EQ(p->hdr.teid, upf.teid);
    return nd::decode_router_advertisement(p->payload);
  }

  std::vector<sent> out;
  router_advertiser ra{[this](byte_span d, const ipv4_address& to) {
    out.push_back({{d.begin(), d.end()}, to});
  }};
};

TEST_F(router_advertiser_test, unsolicited_advertisement_once_the_upf_tunnel_is_known) {
  const auto teid = ra.open({prefix, ue_id, 1400});
  EXPECT_NE(teid, 0U);
  ra.advertise(teid);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(ra.counters().no_upf_tunnel, 1U);
  ra.set_upf_tunnel(teid, upf);
  ra.advertise(teid);
  auto a = last_ra();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->destination, nd::all_nodes);
  // The UE has interface identifier ::1, so the router takes fe80::2.
  EXPECT_EQ(a->source, nd::link_local({0, 0, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(a->prefix, prefix);
  EXPECT_TRUE(a->autonomous);
  EXPECT_FALSE(a->on_link);
  EXPECT_FALSE(a->managed);
  EXPECT_FALSE(a->other);
  EXPECT_NE(a->router_lifetime, 0);
  EXPECT_EQ(a->mtu, std::optional<std::uint32_t>(1400));
  EXPECT_EQ(ra.counters().advertisements_sent, 1U);
}

TEST_F(router_advertiser_test, router_address_differs_from_the_ue) {
  EXPECT_EQ(router_advertiser::router_address({0, 0, 0, 0, 0, 0, 0, 1}),
            nd::link_local({0, 0, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(router_advertiser::router_address({9, 9, 9, 9, 9, 9, 9, 9}),
            nd::link_local({0, 0, 0, 0, 0, 0, 0, 1}));
}

TEST_F(router_advertiser_test, solicitation_is_answered_to_its_source) {
  const auto teid = ra.open({prefix, ue_id, std::nullopt});
  ra.set_upf_tunnel(teid, upf);
  const auto ue_link_local = nd::link_local(ue_id);
  ra.handle_datagram(g_pdu(teid, solicitation(ue_link_local)));
  auto a = last_ra();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->destination, ue_link_local);
  EXPECT_FALSE(a->mtu.has_value());
  // From the unspecified address: to all nodes (RFC 4861 §6.2.6).
  ra.handle_datagram(g_pdu(teid, solicitation({})));
  a = last_ra();
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->destination, nd::all_nodes);
  EXPECT_EQ(ra.counters().solicitations, 2U);
  EXPECT_EQ(ra.counters().advertisements_sent, 2U);
}

TEST_F(router_advertiser_test, bad_input_is_counted_and_dropped) {
  const auto teid = ra.open({prefix, ue_id, std::nullopt});
  ra.set_upf_tunnel(teid, upf);
  auto rs = solicitation(nd::link_local(ue_id));
  auto forwarded = rs;
  forwarded[7] = 64;  // hop limit: not from the link
  ra.handle_datagram(g_pdu(teid, forwarded));
  auto broken = rs;
  broken[43] ^= 0xff;  // checksum
  ra.handle_datagram(g_pdu(teid, broken));
  ra.handle_datagram(g_pdu(teid, {0x45, 0, 0}));  // no IPv6
  EXPECT_EQ(ra.counters().not_solicitation, 3U);
  ra.handle_datagram(g_pdu(teid + 1, rs));
  EXPECT_EQ(ra.counters().unknown_teid, 1U);
  ra.handle_datagram(bytes{0x30, 0xff, 0x00});  // not even a GTP-U header
  ra.handle_datagram({});
  EXPECT_EQ(ra.counters().malformed, 2U);
  std::array<std::uint8_t, 16> echo{};
  const auto n = gtpu::encode_echo_request(1, echo);
  ra.handle_datagram(byte_span(echo.data(), n));
  EXPECT_EQ(ra.counters().not_g_pdu, 1U);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(ra.counters().datagrams_received, 7U);
  // Every truncation of a valid datagram is dropped without a crash.
  const auto good = g_pdu(teid, rs);
  for (std::size_t len = 0; len < good.size(); ++len) {
    ra.handle_datagram(byte_span(good.data(), len));
  }
  EXPECT_TRUE(out.empty());
}

TEST_F(router_advertiser_test, closed_sessions_are_unknown_and_teids_are_distinct) {
  const auto a = ra.open({prefix, ue_id, std::nullopt});
  const auto b = ra.open({prefix, ue_id, std::nullopt});
  EXPECT_NE(a, b);
  ra.set_upf_tunnel(a, upf);
  ra.close(a);
  EXPECT_EQ(ra.sessions(), 1U);
  ra.handle_datagram(g_pdu(a, solicitation({})));
  EXPECT_EQ(ra.counters().unknown_teid, 1U);
  ra.advertise(a);
  EXPECT_TRUE(out.empty());
  EXPECT_NE(ra.open({prefix, ue_id, std::nullopt}), a) << "a closed TEID is not reused at once";
}

// The runtime's socket: a solicitation sent to it over UDP is answered to the UPF's
// address and port.
TEST(n4u_socket, answers_over_udp) {
  asio::io_context io;
  auto upf_socket =
      transport::udp_socket::open(transport::socket_address::parse("127.0.0.1", 0).value());
  ASSERT_TRUE(upf_socket);
  const auto upf_port = upf_socket->local_address()->port();
  auto smf =
      n4u_socket::open(io, transport::socket_address::parse("127.0.0.1", 0).value(), upf_port);
  ASSERT_TRUE(smf) << smf.error();
  router_advertiser ra((*smf)->sender());
  (*smf)->attach(ra);
  const auto teid = ra.open({prefix, ue_id, std::nullopt});
  ra.set_upf_tunnel(teid, tunnel_end{{127, 0, 0, 1}, 0x77});
  const auto rs = g_pdu(teid, solicitation({}));
  ASSERT_TRUE(upf_socket->send_to(rs, (*smf)->local_address()));
  std::array<std::uint8_t, 2048> buffer{};
  std::optional<std::size_t> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!got && std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(10));
    if (auto r = upf_socket->receive_from(buffer)) {
      got = r->size;
    }
  }
  ASSERT_TRUE(got.has_value());
  auto p = gtpu::decode(byte_span(buffer.data(), *got));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->hdr.teid, 0x77U);
  EXPECT_TRUE(nd::decode_router_advertisement(p->payload).has_value());
  EXPECT_EQ(ra.counters().solicitations, 1U);
}

}  // namespace
}  // namespace glasscore::smf
