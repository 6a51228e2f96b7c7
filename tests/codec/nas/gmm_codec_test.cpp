// 5GMM messages (TS 24.501 §8.2): every message round trips with all IEs and with only the
// mandatory ones; every message another core sent decodes and re-encodes to the same
// bytes; the receiving rules of §7 hold; malformed input never crashes.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/core/hex.h"
#include "gmm_samples.h"

namespace glasscore::nas {
namespace {

std::vector<std::uint8_t> encode(const gmm_message& m) {
  byte_writer w;
  auto ok = encode_gmm(m, w);
  EXPECT_TRUE(ok) << (ok ? "" : to_string(ok.error()));
  return w.release();
}

std::string name_of(const gmm_message& m) {
  return "message type 0x" +
         to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(type_of(m))});
}

TEST(gmm_codec, every_message_round_trips_with_all_ies_and_with_none) {
  for (bool optionals : {true, false}) {
    const auto messages = test_samples::every_gmm_message(
        optionals ? test_samples::optional_ies::all : test_samples::optional_ies::none);
    ASSERT_EQ(messages.size(), 32U);
    for (const gmm_message& m : messages) {
      SCOPED_TRACE(name_of(m) + (optionals ? " with all IEs" : " mandatory only"));
      const auto bytes = encode(m);
      auto decoded = decode_gmm(bytes);
      ASSERT_TRUE(decoded) << to_string(decoded.error()) << " " << to_hex(bytes);
      EXPECT_TRUE(*decoded == m);
      EXPECT_EQ(encode(*decoded), bytes);
    }
  }
}

TEST(gmm_codec, truncations_and_bit_flips_never_crash) {
  std::size_t decoded = 0;
  std::size_t rejected = 0;
  for (const gmm_message& m : test_samples::every_gmm_message(test_samples::optional_ies::all)) {
    const auto bytes = encode(m);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
      (decode_gmm(cut) ? decoded : rejected)++;
    }
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
      auto flipped = bytes;
      flipped[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
      (decode_gmm(flipped) ? decoded : rejected)++;
    }
  }
  // Both outcomes occur: truncation inside mandatory IEs must be rejected, flips inside
  // opaque values must still decode.
  EXPECT_GT(decoded, 0U);
  EXPECT_GT(rejected, 0U);
}

std::vector<std::vector<std::string>> capture_rows() {
  std::ifstream in(std::string(GLASSCORE_NAS_TEST_DATA) + "/capture_nas_pdus.txt");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::vector<std::string> row(3);
    fields >> row[0] >> row[1] >> row[2];
    rows.push_back(row);
  }
  return rows;
}

// The inner plain message of a NAS PDU: itself when plain, else after the security header
// (every protected message in the captures uses NEA0, so the inner message is in clear).
std::vector<std::uint8_t> inner_message(const std::vector<std::uint8_t>& pdu) {
  auto header = peek_security_header(pdu);
  if (header && *header != security_header_type::plain) {
    return {pdu.begin() + 7, pdu.end()};
  }
  return pdu;
}

TEST(gmm_codec, every_5gmm_message_of_the_captures_decodes_and_reencodes_identically) {
  const auto rows = capture_rows();
  ASSERT_GT(rows.size(), 500U);
  std::set<gmm_message_type> types;
  for (const auto& row : rows) {
    SCOPED_TRACE(row[0] + " frame " + row[1]);
    const auto inner = inner_message(from_hex(row[2]).value());
    auto decoded = decode_gmm(inner);
    ASSERT_TRUE(decoded) << to_string(decoded.error()) << " " << to_hex(inner);
    types.insert(type_of(*decoded));
    EXPECT_EQ(to_hex(encode(*decoded)), to_hex(inner));
  }
  EXPECT_GE(types.size(), 21U) << "the captures hold 21 distinct 5GMM message types";
}

TEST(gmm_codec, capture_values_are_read_as_typed_values) {
  // registration-simple frame 1322: Identity response with a null-scheme SUCI.
  auto decoded = decode_gmm(from_hex("7e005c000d0199f907f0ff00000000203190").value());
  ASSERT_TRUE(decoded);
  const auto& response = std::get<identity_response>(*decoded);
  const auto& suci = std::get<crypto::suci>(response.mobile_identity.value);
  EXPECT_EQ(crypto::format_suci(suci).value(), "suci-0-999-70-0-0-0-0000021309");

  // A Security Mode Command as sent: NIA2/NEA0, ngKSI 0, replayed capabilities, IMEISV
  // request, additional 5G security information.
  auto smc = decode_gmm(from_hex("7e005d020002f0f0e1360102").value());
  ASSERT_TRUE(smc);
  const auto& cmd = std::get<security_mode_command>(*smc);
  EXPECT_EQ(cmd.algorithms.integrity, 2);
  EXPECT_EQ(cmd.algorithms.ciphering, 0);
  // Replayed capabilities f0 f0: EA0-EA3 and IA0-IA3, nothing above.
  for (std::uint8_t alg = 0; alg < 4; ++alg) {
    EXPECT_TRUE(cmd.replayed_ue_security_capability.supports_nea(alg));
    EXPECT_TRUE(cmd.replayed_ue_security_capability.supports_nia(alg));
  }
  EXPECT_FALSE(cmd.replayed_ue_security_capability.supports_nia(4));
  ASSERT_TRUE(cmd.imeisv_request);
  EXPECT_EQ(cmd.imeisv_request->value, 1);
}

TEST(gmm_codec, receiving_rules_of_clause_7) {
  const auto base = from_hex(
                        "7e004501"
                        "000b"
                        "f2"
                        "00f110"
                        "ca"
                        "ffc1"
                        "12345678")
                        .value();
  // §7.4: unknown message type.
  EXPECT_EQ(decode_gmm(from_hex("7e00ff").value()).error(), nas_error::unknown_message_type);
  // §7.5: a mandatory IE missing.
  EXPECT_EQ(decode_gmm(from_hex("7e0045").value()).error(), nas_error::invalid_mandatory_ie);
  // Plain Deregistration request with a 5G-GUTI decodes.
  auto ok = decode_gmm(base);
  ASSERT_TRUE(ok) << to_string(ok.error());
  // §7.6: an unknown TLV IE is skipped, an unknown type 1 IE too; an unknown IE whose IEI
  // has the high nibble 0 is comprehension required.
  auto with_unknown = base;
  const auto unknown_ies = from_hex("3d0211229f").value();
  with_unknown.insert(with_unknown.end(), unknown_ies.begin(), unknown_ies.end());
  EXPECT_TRUE(decode_gmm(with_unknown));
  auto with_required = base;
  const auto required_ie = from_hex("0d0111").value();
  with_required.insert(with_required.end(), required_ie.begin(), required_ie.end());
  EXPECT_EQ(decode_gmm(with_required).error(), nas_error::comprehension_required_ie);
  // §7.6.3: a repeated IE keeps its first occurrence.
  auto dl = from_hex("7e0068010003aabbcc12051206").value();
  auto dl_decoded = decode_gmm(dl);
  ASSERT_TRUE(dl_decoded);
  EXPECT_EQ(std::get<dl_nas_transport>(*dl_decoded).pdu_session_id->value, 5);
  // §7.7.2: an optional IE with a wrong length is treated as absent.
  auto bad_length = decode_gmm(from_hex("7e0068010003aabbcc37020101").value());
  ASSERT_TRUE(bad_length);
  EXPECT_FALSE(std::get<dl_nas_transport>(*bad_length).back_off_timer_value);
  // An optional IE running past the end of the message is an error, not a guess.
  EXPECT_EQ(decode_gmm(from_hex("7e0068010003aabbcc3705").value()).error(), nas_error::truncated);
  // Protected PDUs are not plain messages.
  EXPECT_EQ(decode_gmm(from_hex("7e0200000000000000").value()).error(),
            nas_error::bad_security_header);
  EXPECT_EQ(decode_gmm(from_hex("2e0101c1").value()).error(), nas_error::unknown_protocol);
}

// The 5GMM STATUS cause answering each decoding error (TS 24.501 §7, Annex A).
TEST(gmm_codec, decoding_errors_map_to_protocol_causes) {
  EXPECT_EQ(protocol_cause_for(nas_error::unknown_message_type),
            gmm_cause::message_type_non_existent);
  EXPECT_EQ(protocol_cause_for(nas_error::invalid_mandatory_ie),
            gmm_cause::invalid_mandatory_information);
  EXPECT_EQ(protocol_cause_for(nas_error::truncated), gmm_cause::invalid_mandatory_information);
  EXPECT_EQ(protocol_cause_for(nas_error::comprehension_required_ie),
            gmm_cause::invalid_mandatory_information);
  EXPECT_EQ(protocol_cause_for(nas_error::mac_failure), gmm_cause::protocol_error_unspecified);
}

TEST(gmm_codec, encoding_rejects_values_that_do_not_fit) {
  registration_accept accept;
  accept.t3512_value = gprs_timer_3::from_seconds(60);
  mobile_identity bad;
  bad.value = guti_5g{{"001", "01"}, 1, 0x400, 0, 0};  // AMF set ID has 10 bits
  accept.guti = bad;
  byte_writer w;
  EXPECT_EQ(encode_gmm(gmm_message{accept}, w).error(), nas_error::invalid_value);
  tai_list empty_partial;
  empty_partial.lists.emplace_back();
  accept.guti.reset();
  accept.tai_list = empty_partial;
  EXPECT_EQ(encode_gmm(gmm_message{accept}, w).error(), nas_error::invalid_value);
}

}  // namespace
}  // namespace glasscore::nas
