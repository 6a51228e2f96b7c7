// GTP-U codec: header round trips, the octets TS 29.281 fixes for the whole messages,
// every truncation rejected, the extension header chain rules of TS 29.281 §5.2.1.
#include <gtest/gtest.h>

#include <vector>

#include "glasscore/codec/gtpu/gtpu.h"

namespace glasscore::gtpu {
namespace {

using bytes = std::vector<std::uint8_t>;

bytes encode(const header& h, const bytes& payload) {
  bytes out(header_size(h) + payload.size());
  const std::size_t n = encode_header(h, payload.size(), out);
  EXPECT_EQ(n, header_size(h));
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

std::vector<header> sample_headers() {
  std::vector<header> all;
  header plain;
  plain.teid = 0x01020304;
  all.push_back(plain);
  header seq = plain;
  seq.sequence = 0xBEEF;
  all.push_back(seq);
  header ul = plain;
  ul.pdu_session = pdu_session_container{pdu_session_container::direction::uplink, 9, false};
  all.push_back(ul);
  header dl = plain;
  dl.pdu_session = pdu_session_container{pdu_session_container::direction::downlink, 63, true};
  dl.sequence = 7;
  all.push_back(dl);
  return all;
}

TEST(gtpu_header, round_trips) {
  const bytes payload{0x45, 0, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  for (const header& h : sample_headers()) {
    const bytes wire = encode(h, payload);
    auto v = decode(wire);
    ASSERT_TRUE(v) << to_string(v.error());
    EXPECT_EQ(v->hdr, h);
    EXPECT_EQ(bytes(v->payload.begin(), v->payload.end()), payload);
  }
}

TEST(gtpu_header, layout_is_the_one_ts_29_281_fixes) {
  header h;
  h.teid = 0xAABBCCDD;
  h.pdu_session = pdu_session_container{pdu_session_container::direction::downlink, 5, true};
  // §5.1: flags 0x34 (version 1, PT 1, E), type 255, Length 8 + 2 (optional part, container,
  // payload), TEID; sequence 0, N-PDU 0, next 0x85; container (TS 38.415 §5.5.2.1): length
  // 1, PDU type 0, RQI bit 0x40 | QFI 5, next 0.
  const bytes expected{0x34, 0xFF, 0x00, 0x0A, 0xAA, 0xBB, 0xCC, 0xDD, 0x00,
                       0x00, 0x00, 0x85, 0x01, 0x00, 0x45, 0x00, 0xEE, 0xFF};
  EXPECT_EQ(encode(h, {0xEE, 0xFF}), expected);
  h.pdu_session = pdu_session_container{pdu_session_container::direction::uplink, 5, true};
  // UL (§5.5.2.2): PDU type 1 in the high nibble; no RQI in the UL form.
  const bytes ul{0x34, 0xFF, 0x00, 0x08, 0xAA, 0xBB, 0xCC, 0xDD,
                 0x00, 0x00, 0x00, 0x85, 0x01, 0x10, 0x05, 0x00};
  EXPECT_EQ(encode(h, {}), ul);
}

TEST(gtpu_header, too_small_output_or_oversize_length_writes_nothing) {
  header h;
  h.sequence = 1;
  bytes small(11);
  EXPECT_EQ(encode_header(h, 0, small), 0u);
  bytes enough(12);
  EXPECT_EQ(encode_header(h, 0xFFFF - 4, enough), 12u);
  EXPECT_EQ(encode_header(h, 0xFFFF - 3, enough), 0u);
}

TEST(gtpu_messages, echo_request_and_response_octets) {
  bytes out(32);
  // §7.2.1: S flag (0x32), type 1, Length 4, TEID 0, sequence.
  ASSERT_EQ(encode_echo_request(0x1234, out), 12u);
  EXPECT_EQ(bytes(out.begin(), out.begin() + 12),
            (bytes{0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x12, 0x34, 0x00, 0x00}));
  // §7.2.2: type 2 plus Recovery (type 14, restart counter 0), Length 6.
  ASSERT_EQ(encode_echo_response(0x1234, out), 14u);
  EXPECT_EQ(bytes(out.begin(), out.begin() + 14),
            (bytes{0x32, 0x02, 0x00, 0x06, 0, 0, 0, 0, 0x12, 0x34, 0x00, 0x00, 0x0E, 0x00}));
  auto v = decode(std::span(out.data(), 14));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->hdr.type, message_type::echo_response);
  EXPECT_EQ(v->hdr.sequence, std::optional<std::uint16_t>(0x1234));
  bytes tiny(13);
  EXPECT_EQ(encode_echo_response(1, tiny), 0u);
}

TEST(gtpu_messages, error_indication_and_end_marker_octets) {
  bytes out(64);
  config::ip_address peer;
  peer.bytes = {192, 0, 2, 7};
  const std::size_t n = encode_error_indication(0xCAFEF00D, peer, out);
  // §7.3.1: S flag, TEID 0, TEID Data I (16) and GTP-U Peer Address (133, length 4).
  const bytes expected{0x32, 0x1A, 0x00, 0x10, 0,    0,    0,    0,    0,   0, 0, 0,
                       0x10, 0xCA, 0xFE, 0xF0, 0x0D, 0x85, 0x00, 0x04, 192, 0, 2, 7};
  ASSERT_EQ(n, expected.size());
  EXPECT_EQ(bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)), expected);
  auto v = decode(std::span(out.data(), n));
  ASSERT_TRUE(v);
  auto ies = decode_error_indication(v->payload);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->teid, 0xCAFEF00Du);
  EXPECT_EQ(ies->peer, peer);
  // IPv6 peer: 16 octets.
  config::ip_address v6;
  v6.family = config::ip_family::v6;
  v6.bytes[0] = 0x20;
  v6.bytes[15] = 1;
  const std::size_t n6 = encode_error_indication(1, v6, out);
  ASSERT_EQ(n6, 12u + 5 + 3 + 16);
  v = decode(std::span(out.data(), n6));
  ASSERT_TRUE(v);
  ies = decode_error_indication(v->payload);
  ASSERT_TRUE(ies);
  EXPECT_EQ(ies->peer, v6);
  // §7.3.2: End Marker is the 8-octet header with the tunnel's TEID.
  ASSERT_EQ(encode_end_marker(0x00000102, out), 8u);
  EXPECT_EQ(bytes(out.begin(), out.begin() + 8),
            (bytes{0x30, 0xFE, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02}));
}

TEST(gtpu_messages, supported_extension_headers_notification_lists_what_decode_accepts) {
  bytes out(64);
  const std::size_t n = encode_supported_extension_headers_notification(0x0102, out);
  ASSERT_GT(n, 14u);
  auto v = decode(std::span(out.data(), n));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->hdr.type, message_type::supported_extension_headers_notification);
  EXPECT_EQ(v->hdr.sequence, std::optional<std::uint16_t>(0x0102));
  // §8.5: type 141, one-octet count, the types.
  ASSERT_GE(v->payload.size(), 2u);
  EXPECT_EQ(v->payload[0], ie_extension_header_type_list);
  ASSERT_EQ(v->payload.size(), 2u + v->payload[1]);
  bool has_container = false;
  for (std::size_t i = 2; i < v->payload.size(); ++i) {
    const std::uint8_t type = v->payload[i];
    has_container |= type == ext_pdu_session_container;
    // Every listed type is one decode() does not reject, even with its comprehension bits.
    bytes wire{0x34, 0xFF, 0, 10, 0, 0, 0, 1, 0, 0, 0, type, 1, 0x10, 0x01, 0, 0xAB, 0xCD};
    EXPECT_TRUE(decode(wire)) << "type " << int{type};
  }
  EXPECT_TRUE(has_container);
  bytes tiny(10);
  EXPECT_EQ(encode_supported_extension_headers_notification(1, tiny), 0u);
}

TEST(gtpu_decode, every_truncation_is_rejected) {
  std::vector<bytes> valid;
  for (const header& h : sample_headers())
    valid.push_back(encode(h, {1, 2, 3, 4, 5}));
  bytes buf(64);
  valid.emplace_back(buf.begin(), buf.begin() + encode_echo_response(9, buf));
  config::ip_address peer;
  valid.emplace_back(buf.begin(), buf.begin() + encode_error_indication(5, peer, buf));
  for (const bytes& wire : valid) {
    ASSERT_TRUE(decode(wire));
    for (std::size_t n = 0; n < wire.size(); ++n) {
      auto v = decode(std::span(wire.data(), n));
      ASSERT_FALSE(v) << "prefix of " << n << " of " << wire.size() << " accepted";
    }
  }
}

TEST(gtpu_decode, trailing_octets_versions_and_gtp_prime_are_rejected) {
  bytes wire = encode(sample_headers()[0], {1, 2});
  wire.push_back(0);
  EXPECT_EQ(decode(wire).error(), gtpu_error::bad_length);
  bytes v2 = encode(sample_headers()[0], {1, 2});
  v2[0] = 0x48;  // GTPv2-C flags
  EXPECT_EQ(decode(v2).error(), gtpu_error::unsupported_version);
  bytes prime = encode(sample_headers()[0], {1, 2});
  prime[0] &= ~0x10;  // PT 0: GTP'
  EXPECT_EQ(decode(prime).error(), gtpu_error::not_gtp);
  // E/S/PN set but Length too short for the 4 optional octets.
  const bytes short_optional{0x32, 0xFF, 0x00, 0x02, 0, 0, 0, 1, 0, 0};
  EXPECT_EQ(decode(short_optional).error(), gtpu_error::bad_length);
}

// A G-PDU with the given extension headers (each: type, content of 4n-2 octets), then a
// 2-octet payload.
bytes with_extensions(const std::vector<std::pair<std::uint8_t, bytes>>& extensions) {
  bytes wire{0x34, 0xFF, 0, 0, 0, 0,
             0,    0x42, 0, 0, 0, extensions.empty() ? std::uint8_t{0} : extensions[0].first};
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    const bytes& content = extensions[i].second;
    wire.push_back(static_cast<std::uint8_t>((content.size() + 2) / 4));
    wire.insert(wire.end(), content.begin(), content.end());
    wire.push_back(i + 1 < extensions.size() ? extensions[i + 1].first : 0);
  }
  wire.push_back(0xAB);
  wire.push_back(0xCD);
  wire[3] = static_cast<std::uint8_t>(wire.size() - 8);
  return wire;
}

TEST(gtpu_extensions, unknown_not_required_are_skipped) {
  // 0x40 UDP Port (known), 0x01 and 0x7F (unknown, bits 8-7 = 00 / 01: not required), then
  // a PDU Session Container: all skipped and the container still read.
  const bytes wire = with_extensions(
      {{0x40, {0x08, 0x68}}, {0x01, {1, 2, 3, 4, 5, 6}}, {0x7F, {0, 0}}, {0x85, {0x10, 0x07}}});
  auto v = decode(wire);
  ASSERT_TRUE(v) << to_string(v.error());
  ASSERT_TRUE(v->hdr.pdu_session);
  EXPECT_EQ(v->hdr.pdu_session->qfi, 7);
  EXPECT_EQ(v->hdr.teid, 0x42u);
  EXPECT_EQ(bytes(v->payload.begin(), v->payload.end()), (bytes{0xAB, 0xCD}));
}

TEST(gtpu_extensions, unknown_comprehension_required_are_rejected) {
  // TS 29.281 §5.2.1: bit 8 set ("10", "11") means the endpoint must comprehend it.
  for (std::uint8_t type : {std::uint8_t{0x8F}, std::uint8_t{0xC5}, std::uint8_t{0xFE}}) {
    const bytes wire = with_extensions({{0x85, {0x10, 0x01}}, {type, {0, 0}}});
    auto v = decode(wire);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error(), gtpu_error::unknown_comprehension_required_extension);
  }
  // A known comprehension-required type (0xC0 PDCP PDU Number) is accepted.
  EXPECT_TRUE(decode(with_extensions({{0xC0, {0, 1}}})));
}

TEST(gtpu_extensions, malformed_chains_are_rejected) {
  // Zero extension length.
  bytes zero = with_extensions({{0x85, {0x10, 0x01}}});
  zero[12] = 0;
  EXPECT_EQ(decode(zero).error(), gtpu_error::bad_extension_header);
  // Length overrunning the packet.
  bytes overrun = with_extensions({{0x85, {0x10, 0x01}}});
  overrun[12] = 5;
  EXPECT_EQ(decode(overrun).error(), gtpu_error::bad_extension_header);
  // Chain says another header follows but the packet ends.
  bytes dangling{0x34, 0xFF, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x85};
  EXPECT_EQ(decode(dangling).error(), gtpu_error::bad_extension_header);
  // PDU Session Container with a spare PDU type (TS 38.415 §5.5.3.1).
  EXPECT_EQ(decode(with_extensions({{0x85, {0x20, 0x01}}})).error(),
            gtpu_error::bad_extension_header);
  // Two PDU Session Containers.
  EXPECT_EQ(decode(with_extensions({{0x85, {0x10, 0x01}}, {0x85, {0x10, 0x02}}})).error(),
            gtpu_error::bad_extension_header);
  // Without the E flag the next-type octet is ignored (§5.1).
  bytes no_e{0x32, 0xFF, 0, 4, 0, 0, 0, 1, 0, 9, 0, 0xFF};
  EXPECT_TRUE(decode(no_e));
}

TEST(gtpu_decode, error_indication_without_mandatory_ies_is_rejected) {
  EXPECT_FALSE(decode_error_indication(bytes{0x10, 0, 0, 0, 1}));        // no peer address
  EXPECT_FALSE(decode_error_indication(bytes{0x85, 0, 4, 1, 2, 3, 4}));  // no TEID
  EXPECT_FALSE(decode_error_indication(bytes{0x10, 0, 0, 0, 1, 0x85, 0, 5, 1, 2, 3, 4, 5}));
  EXPECT_FALSE(decode_error_indication(bytes{0x33, 0}));  // unknown TV IE: length unknowable
}

}  // namespace
}  // namespace glasscore::gtpu
