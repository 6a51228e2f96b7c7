// Round trips of every PFCP message type with its IEs (TS 29.244 V17 §7.4, §7.5), and the
// exact bytes of IEs whose layout the spec fixes (§8.2).
#include <gtest/gtest.h>

#include "../../../lib/codec/pfcp/ie_values.h"
#include "glasscore/codec/pfcp/messages.h"
#include "samples.h"
#include "support/vectors.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using glasscore::test::hex;

TEST(pfcp_codec, every_sample_round_trips) {
  for (const auto& s : pfcp::test::all_samples()) {
    const auto bytes = encode(s.msg);
    auto back = decode_message(bytes);
    ASSERT_TRUE(back) << s.name << " cause " << static_cast<int>(back.error().cause) << " ie "
                      << back.error().offending_ie.value_or(0);
    EXPECT_EQ(*back, s.msg) << s.name;
    EXPECT_EQ(encode(*back), bytes) << s.name;
  }
}

// §7.2.2: version 1, S flag and SEID, 24-bit sequence number, message priority nibble.
TEST(pfcp_codec, header_layout) {
  message m;
  m.hdr.seid = 0x0102030405060708ULL;
  m.hdr.sequence = 0xABCDEF;
  m.hdr.priority = 0x0C;
  m.body = session_deletion_request{};
  EXPECT_EQ(encode(m), hex("2336000c0102030405060708abcdefc0"));
  message n;
  n.hdr.sequence = 1;
  n.body = heartbeat_request{0xEEB6BD24, std::nullopt, {}};
  // Frame 224 of registration-simple.pcapng.
  EXPECT_EQ(encode(n), hex("2001000c0000010000600004eeb6bd24"));
}

TEST(pfcp_codec, f_teid_choose_encodes_flags_and_choose_id_only) {
  f_teid ft;
  ft.choose = true;
  ft.choose_v4 = true;
  ft.choose_id = 7;
  byte_writer w;
  detail::encode_value(ft, w);
  EXPECT_EQ(std::vector<std::uint8_t>(w.view().begin(), w.view().end()), hex("0d07"));
  f_teid back;
  ASSERT_TRUE(detail::decode_value(w.view(), back));
  EXPECT_EQ(back, ft);
}

TEST(pfcp_codec, ue_ip_address_flags_and_prefix_fields) {
  ue_ip_address ue;
  ue.destination = true;
  ue.ipv6 = ipv6_address{0x20, 0x01, 0x0d, 0xb8};
  ue.ipv6_prefix_delegation_bits = 8;
  ue.ipv6_prefix_length = 64;
  byte_writer w;
  detail::encode_value(ue, w);
  EXPECT_EQ(std::vector<std::uint8_t>(w.view().begin(), w.view().end()),
            hex("4d20010db8000000000000000000000000"
                "0840"));
  ue_ip_address back;
  ASSERT_TRUE(detail::decode_value(w.view(), back));
  EXPECT_EQ(back, ue);
}

TEST(pfcp_codec, apply_action_bits_across_both_octets) {
  apply_action a;
  a.flags = apply_action::buff | apply_action::nocp | apply_action::ddpn;
  byte_writer w;
  detail::encode_value(a, w);
  EXPECT_EQ(std::vector<std::uint8_t>(w.view().begin(), w.view().end()), hex("0c04"));
  apply_action one_octet;
  ASSERT_TRUE(detail::decode_value(hex("02"), one_octet));
  EXPECT_TRUE(one_octet.has(apply_action::forw));
  EXPECT_FALSE(one_octet.two_octets);
}

TEST(pfcp_codec, node_id_fqdn_is_label_encoded) {
  node_id n{std::string("upf.example")};
  byte_writer w;
  detail::encode_value(n, w);
  EXPECT_EQ(std::vector<std::uint8_t>(w.view().begin(), w.view().end()),
            hex("0203757066076578616d706c65"));
  node_id back;
  ASSERT_TRUE(detail::decode_value(w.view(), back));
  EXPECT_EQ(back, n);
}

TEST(pfcp_codec, vendor_and_unknown_ies_are_kept_and_re_encoded) {
  // Heartbeat Request with an unknown 3GPP IE (type 999) and a vendor IE (type 0x8001,
  // Enterprise ID 0x1234) after the Recovery Time Stamp.
  auto fixed =
      hex("20010000000001000060000400000001"
          "03e7000100"
          "8001000312340a");
  fixed[3] = static_cast<std::uint8_t>(fixed.size() - 4);  // message length (§7.2.2.1)
  auto m = decode_message(fixed);
  ASSERT_TRUE(m);
  const auto& hb = std::get<heartbeat_request>(m->body);
  ASSERT_EQ(hb.unknown_ies.size(), 2U);
  EXPECT_EQ(hb.unknown_ies[0].type, 999);
  EXPECT_EQ(hb.unknown_ies[1].enterprise_id, 0x1234);
  EXPECT_EQ(hb.unknown_ies[1].value, hex("0a"));
  EXPECT_EQ(encode(*m), fixed);
}

TEST(pfcp_codec, request_and_response_types) {
  EXPECT_TRUE(is_request(1));
  EXPECT_FALSE(is_request(2));
  EXPECT_TRUE(is_request(12));
  EXPECT_FALSE(is_request(11));
  EXPECT_TRUE(is_request(16));  // Session Set Modification Request (Release 17)
  EXPECT_FALSE(is_request(17));
  EXPECT_FALSE(is_request(99));  // unassigned: never answered
  EXPECT_TRUE(is_request(50));
  EXPECT_FALSE(is_request(51));
  EXPECT_EQ(response_type_for(52), message_type::session_modification_response);
  EXPECT_FALSE(response_type_for(53).has_value());
}

}  // namespace
