// Broken PFCP messages and what the receiver answers (TS 29.244 V17 §7.6): the decoder
// names the Cause (Table 8.2.1-1) and Offending IE, and keeps the header so the answer can
// carry the request's sequence number and SEID.
#include <gtest/gtest.h>

#include "glasscore/codec/pfcp/messages.h"
#include "support/vectors.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;
using bytes = std::vector<std::uint8_t>;
using glasscore::test::hex;

bytes ie(std::uint16_t type, const bytes& value) {
  bytes out{static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type),
            static_cast<std::uint8_t>(value.size() >> 8), static_cast<std::uint8_t>(value.size())};
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

bytes cat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// A message with a correct length field (§7.2.2.1).
bytes pdu(std::uint8_t type, std::optional<std::uint64_t> seid, std::uint32_t seq,
          const bytes& body) {
  bytes out{static_cast<std::uint8_t>(0x20 | (seid ? 1 : 0)), type, 0, 0};
  if (seid) {
    for (int s = 56; s >= 0; s -= 8) {
      out.push_back(static_cast<std::uint8_t>(*seid >> s));
    }
  }
  out.push_back(static_cast<std::uint8_t>(seq >> 16));
  out.push_back(static_cast<std::uint8_t>(seq >> 8));
  out.push_back(static_cast<std::uint8_t>(seq));
  out.push_back(0);
  out.insert(out.end(), body.begin(), body.end());
  const auto len = out.size() - 4;
  out[2] = static_cast<std::uint8_t>(len >> 8);
  out[3] = static_cast<std::uint8_t>(len);
  return out;
}

const bytes node = ie(ie_type::node_id, hex("000a000001"));
const bytes cp_seid = ie(ie_type::f_seid, hex("020000000000000f4e0a000001"));
const bytes far =
    ie(ie_type::create_far,
       cat({ie(ie_type::far_id, hex("00000001")), ie(ie_type::apply_action, hex("0200"))}));

bytes create_pdr_with_pdi(const bytes& pdi_body) {
  return ie(ie_type::create_pdr,
            cat({ie(ie_type::pdr_id, hex("0001")), ie(ie_type::precedence, hex("000000ff")),
                 ie(ie_type::pdi, pdi_body)}));
}

void expect_reject(const expected<message, decode_failure>& r, cause_value cause,
                   std::optional<std::uint16_t> offending) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, decode_failure::action::reject);
  EXPECT_EQ(r.error().cause, cause);
  EXPECT_EQ(r.error().offending_ie, offending);
  ASSERT_TRUE(r.error().hdr.has_value());
}

TEST(pfcp_errors, the_well_formed_base_message_decodes) {
  const auto good =
      pdu(50, 0, 7,
          cat({node, cp_seid, create_pdr_with_pdi(ie(ie_type::source_interface, hex("00"))), far}));
  auto m = decode_message(good);
  ASSERT_TRUE(m) << static_cast<int>(m.error().cause);
  EXPECT_EQ(std::get<session_establishment_request>(m->body).cp_f_seid.seid, 0x0F4EU);
}

// §7.6.5 (missing IE): Node ID is mandatory in Association Setup Request (§7.4.4.1).
TEST(pfcp_errors, missing_node_id_is_mandatory_ie_missing) {
  const auto r = decode_message(
      pdu(5, std::nullopt, 0x123456, ie(ie_type::recovery_time_stamp, hex("eeb6bd24"))));
  expect_reject(r, cause_value::mandatory_ie_missing, ie_type::node_id);
  EXPECT_EQ(r.error().hdr->sequence, 0x123456U);
}

// F-TEID with the V4 flag but only two octets of TEID: too short for what its flags say.
TEST(pfcp_errors, bad_f_teid_length_is_invalid_length_with_the_cp_seid_kept) {
  const auto pdi_body =
      cat({ie(ie_type::source_interface, hex("00")), ie(ie_type::f_teid, hex("010000"))});
  const auto r =
      decode_message(pdu(50, 0, 9, cat({node, cp_seid, create_pdr_with_pdi(pdi_body), far})));
  expect_reject(r, cause_value::invalid_length, ie_type::f_teid);
  EXPECT_EQ(r.error().cp_seid, 0x0F4EU);
  EXPECT_EQ(r.error().hdr->seid, 0U);
  EXPECT_EQ(r.error().hdr->sequence, 9U);
}

// A grouped IE whose length runs past the end of the message.
TEST(pfcp_errors, truncated_grouped_ie_is_invalid_length) {
  auto pdr = create_pdr_with_pdi(ie(ie_type::source_interface, hex("00")));
  pdr[3] = static_cast<std::uint8_t>(pdr[3] + 40);  // Create PDR claims 40 more octets
  const auto r = decode_message(pdu(50, 0, 1, cat({node, cp_seid, pdr})));
  expect_reject(r, cause_value::invalid_length, ie_type::create_pdr);
}

TEST(pfcp_errors, missing_ie_inside_a_grouped_ie_names_the_inner_ie) {
  const auto urr =
      ie(ie_type::create_urr,
         cat({ie(ie_type::urr_id, hex("00000001")), ie(ie_type::reporting_triggers, hex("0100"))}));
  const auto r = decode_message(
      pdu(50, 0, 1,
          cat({node, cp_seid, create_pdr_with_pdi(ie(ie_type::source_interface, hex("00"))), far,
               urr})));
  expect_reject(r, cause_value::mandatory_ie_missing, ie_type::measurement_method);
}

TEST(pfcp_errors, missing_create_far_is_mandatory_ie_missing) {
  const auto r = decode_message(
      pdu(50, 0, 1,
          cat({node, cp_seid, create_pdr_with_pdi(ie(ie_type::source_interface, hex("00")))})));
  expect_reject(r, cause_value::mandatory_ie_missing, ie_type::create_far);
}

// Node ID type 5 does not exist (§8.2.38): a mandatory IE with an incorrect value.
TEST(pfcp_errors, unknown_node_id_type_is_mandatory_ie_incorrect) {
  const auto r = decode_message(pdu(5, std::nullopt, 1,
                                    cat({ie(ie_type::node_id, hex("050a000001")),
                                         ie(ie_type::recovery_time_stamp, hex("eeb6bd24"))})));
  expect_reject(r, cause_value::mandatory_ie_incorrect, ie_type::node_id);
}

// §7.6: an incorrect optional IE is discarded and the message processed. CHID without CH
// is not a valid F-TEID (§8.2.3).
TEST(pfcp_errors, incorrect_optional_ie_is_discarded) {
  const auto pdi_body = cat(
      {ie(ie_type::source_interface, hex("00")), ie(ie_type::f_teid, hex("09000000010a000001"))});
  auto m = decode_message(pdu(50, 0, 1, cat({node, cp_seid, create_pdr_with_pdi(pdi_body), far})));
  ASSERT_TRUE(m);
  EXPECT_FALSE(std::get<session_establishment_request>(m->body)
                   .create_pdrs[0]
                   .pdi_ie.local_f_teid.has_value());
}

TEST(pfcp_errors, length_field_beyond_the_datagram_is_invalid_length) {
  auto p = pdu(1, std::nullopt, 3, ie(ie_type::recovery_time_stamp, hex("eeb6bd24")));
  p[3] = static_cast<std::uint8_t>(p[3] + 1);
  expect_reject(decode_message(p), cause_value::invalid_length, std::nullopt);
}

TEST(pfcp_errors, other_version_asks_for_version_not_supported) {
  auto p = pdu(1, std::nullopt, 3, ie(ie_type::recovery_time_stamp, hex("eeb6bd24")));
  p[0] = 0x40;  // version 2
  const auto r = decode_message(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, decode_failure::action::version_not_supported);
  EXPECT_EQ(r.error().hdr->sequence, 3U);
}

TEST(pfcp_errors, too_short_for_a_header_is_dropped_without_header) {
  const auto r = decode_message(hex("200100"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, decode_failure::action::drop);
  EXPECT_FALSE(r.error().hdr.has_value());
}

TEST(pfcp_errors, unknown_message_type_is_dropped) {
  const auto r = decode_message(pdu(99, std::nullopt, 3, {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, decode_failure::action::drop);
  EXPECT_EQ(r.error().hdr->type, 99);
}

// A broken response cannot be answered, but its header still lets the node match it to
// the outstanding request and stop retransmitting (§7.6.1).
TEST(pfcp_errors, broken_response_is_dropped_with_its_header) {
  const auto r = decode_message(pdu(2, std::nullopt, 42, {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, decode_failure::action::drop);
  EXPECT_EQ(r.error().cause, cause_value::mandatory_ie_missing);
  EXPECT_EQ(r.error().hdr->sequence, 42U);
}

TEST(pfcp_errors, rejection_answers_with_sequence_seid_cause_and_offending_ie) {
  header req;
  req.type = 50;
  req.seid = 0;
  req.sequence = 77;
  auto rsp = make_rejection(req, cause_value::mandatory_ie_missing, ie_type::create_far,
                            node_id{ipv4_address{127, 0, 0, 7}}, 1, 0x0F4E);
  ASSERT_TRUE(rsp);
  auto back = decode_message(encode(*rsp));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->hdr.sequence, 77U);
  EXPECT_EQ(back->hdr.seid, 0x0F4EU);
  const auto& body = std::get<session_establishment_response>(back->body);
  EXPECT_EQ(body.cause, cause_value::mandatory_ie_missing);
  EXPECT_EQ(body.offending_ie, ie_type::create_far);
  EXPECT_FALSE(make_rejection(header{1, false, std::nullopt, 2, std::nullopt, 1},
                              cause_value::request_rejected, std::nullopt, node_id{}, 0)
                   .has_value());
}

}  // namespace
