// Every GTP-U datagram in ../shared/spec/captures (Open5GS's gNB simulator and UPF) decodes;
// every G-PDU re-encodes to the same octets; known frames decode to the TEID, QFI, direction
// and inner packet tshark shows for them; the captured Error Indications carry the TEID and
// peer address tshark shows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"
#include "support/vectors.h"
#include "udp_capture.h"

namespace glasscore::gtpu {
namespace {

const char* const captures[] = {
    "registration-dereg.pcapng",      "registration-guti.pcapng",  "registration-idle.pcapng",
    "registration-multi-ue.pcapng",   "registration-reset.pcapng", "registration-simple.pcapng",
    "registration-ue-context.pcapng", "slice-paging.pcapng",       "slice-same-dnn.pcapng",
};

std::vector<test::udp_payload> load(const std::string& name) {
  auto path = test::shared_file("spec/captures/" + name);
  if (!path)
    return {};
  std::string error;
  auto payloads = test::read_udp_payloads(*path, udp_port, &error);
  EXPECT_TRUE(payloads) << name << ": " << error;
  return payloads ? *payloads : std::vector<test::udp_payload>{};
}

TEST(gtpu_capture, every_datagram_decodes_and_every_g_pdu_reencodes_identically) {
  if (!test::shared_file("spec/captures/registration-simple.pcapng")) {
    GTEST_SKIP() << "shared/spec/captures not found";
  }
  std::size_t g_pdus = 0;
  std::size_t error_indications = 0;
  for (const char* name : captures) {
    for (const auto& p : load(name)) {
      auto v = decode(p.bytes);
      ASSERT_TRUE(v) << name << " frame " << p.frame << ": " << to_string(v.error());
      if (v->hdr.type == message_type::error_indication) {
        ++error_indications;
        EXPECT_TRUE(decode_error_indication(v->payload)) << name << " frame " << p.frame;
        continue;
      }
      ASSERT_EQ(v->hdr.type, message_type::g_pdu) << name << " frame " << p.frame;
      ++g_pdus;
      // The T-PDU is a whole IPv4 or IPv6 packet whose own length field gives its size.
      ASSERT_GE(v->payload.size(), 20u);
      const std::size_t field = std::size_t{v->payload[2]} << 8 | v->payload[3];
      const std::size_t ip6_field = std::size_t{v->payload[4]} << 8 | v->payload[5];
      if ((v->payload[0] >> 4) == 4) {
        EXPECT_EQ(field, v->payload.size());
      } else {
        ASSERT_EQ(v->payload[0] >> 4, 6);
        ASSERT_GE(v->payload.size(), 40u);
        EXPECT_EQ(40 + ip6_field, v->payload.size());
      }
      std::vector<std::uint8_t> again(header_size(v->hdr) + v->payload.size());
      const std::size_t n = encode_header(v->hdr, v->payload.size(), again);
      ASSERT_EQ(n, header_size(v->hdr));
      std::copy(v->payload.begin(), v->payload.end(), again.begin() + n);
      EXPECT_EQ(again, p.bytes) << name << " frame " << p.frame;
    }
  }
  // tshark -Y gtp over these files: 206 G-PDUs and 3 Error Indications.
  EXPECT_EQ(g_pdus, 206u);
  EXPECT_EQ(error_indications, 3u);
}

const test::udp_payload* frame(const std::vector<test::udp_payload>& all, std::size_t n) {
  for (const auto& p : all) {
    if (p.frame == n)
      return &p;
  }
  return nullptr;
}

TEST(gtpu_capture, known_frames_decode_to_what_tshark_shows) {
  if (!test::shared_file("spec/captures/registration-simple.pcapng")) {
    GTEST_SKIP() << "shared/spec/captures not found";
  }
  const auto all = load("registration-simple.pcapng");
  // Frame 1662: uplink, TEID 0x33ae, PDU Session Container UL with QFI 1, ICMP echo request
  // 10.45.0.2 -> 10.45.0.1 (28 octets).
  const auto* up = frame(all, 1662);
  ASSERT_NE(up, nullptr);
  auto v = decode(up->bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->hdr.teid, 0x33aeu);
  EXPECT_FALSE(v->hdr.sequence);
  ASSERT_TRUE(v->hdr.pdu_session);
  EXPECT_EQ(v->hdr.pdu_session->type, pdu_session_container::direction::uplink);
  EXPECT_EQ(v->hdr.pdu_session->qfi, 1);
  ASSERT_EQ(v->payload.size(), 28u);
  EXPECT_EQ(v->payload[9], 1);  // ICMP
  EXPECT_EQ(v->payload[12], 10);
  EXPECT_EQ(v->payload[15], 2);
  // Frame 1673: downlink, TEID 1, DL PDU Session Container with QFI 1.
  const auto* down = frame(all, 1673);
  ASSERT_NE(down, nullptr);
  v = decode(down->bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->hdr.teid, 1u);
  ASSERT_TRUE(v->hdr.pdu_session);
  EXPECT_EQ(v->hdr.pdu_session->type, pdu_session_container::direction::downlink);
  EXPECT_EQ(v->hdr.pdu_session->qfi, 1);
  EXPECT_FALSE(v->hdr.pdu_session->rqi);
  // Frame 1681: downlink, TEID 1, no extension header at all (flags 0x30).
  const auto* plain = frame(all, 1681);
  ASSERT_NE(plain, nullptr);
  v = decode(plain->bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(plain->bytes[0], 0x30);
  EXPECT_EQ(v->hdr.teid, 1u);
  EXPECT_FALSE(v->hdr.pdu_session);
}

TEST(gtpu_capture, error_indication_carries_teid_and_peer) {
  if (!test::shared_file("spec/captures/slice-paging.pcapng")) {
    GTEST_SKIP() << "shared/spec/captures not found";
  }
  const auto all = load("slice-paging.pcapng");
  // Frame 1702: TEID Data I 3, GTP-U Peer Address 127.0.0.2, behind a PDU Session Container
  // and a UDP Port extension header (0x40, comprehension not required, skipped).
  const auto* p = frame(all, 1702);
  ASSERT_NE(p, nullptr);
  auto v = decode(p->bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->hdr.type, message_type::error_indication);
  EXPECT_EQ(v->hdr.teid, 0u);
  EXPECT_EQ(v->hdr.sequence, std::optional<std::uint16_t>(0));
  auto ies = decode_error_indication(v->payload);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->teid, 3u);
  EXPECT_EQ(ies->peer, config::ip_address::v4(127, 0, 0, 2));
}

}  // namespace
}  // namespace glasscore::gtpu
