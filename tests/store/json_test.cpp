// The import/export format: exact round trips and errors that name the record and field.
#include <gtest/gtest.h>

#include "glasscore/store/json.h"
#include "store_fixtures.h"

namespace glasscore::store {
namespace {

using test::sample_subscriber;

constexpr std::string_view minimal = R"({
  "format": "glasscore-subscribers", "version": 1,
  "subscribers": [
    {"imsi": "001010000000001",
     "authentication": {"k": "465b5ce8b199b49faa5f0a2ee238a6bc",
                        "opc": "e8ed289deba952e4283b54e88e6183ca"},
     "slices": [{"sst": 1, "default": true, "dnns": [{"dnn": "internet"}]}]}
  ]
})";

// The first subscriber of `minimal` with one key/value replaced textually.
std::string with(std::string_view from, std::string_view to) {
  std::string text(minimal);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

json_error error_of(const std::string& text) {
  auto parsed = import_json(text);
  EXPECT_FALSE(parsed) << "accepted:\n" << text;
  return parsed ? json_error{} : parsed.error();
}

TEST(store_json, export_then_import_round_trips_every_field) {
  const std::vector<subscriber> all = {sample_subscriber("001010000000001"),
                                       sample_subscriber("001010000000002", false)};
  const std::string text = export_json(all);
  auto back = import_json(text);
  ASSERT_TRUE(back) << back.error().field << ": " << back.error().message;
  EXPECT_EQ(*back, all);
  EXPECT_EQ(export_json(*back), text);  // byte-identical
  // OP stays OP, OPc stays OPc.
  EXPECT_NE(text.find("\"op\": \"cdcc"), std::string::npos) << text;
  EXPECT_NE(text.find("\"opc\": \"cdcc"), std::string::npos) << text;
  EXPECT_NE(text.find("\"sqn\": \"abcdef012345\""), std::string::npos);
}

TEST(store_json, minimal_record_takes_documented_defaults) {
  auto parsed = import_json(minimal);
  ASSERT_TRUE(parsed) << parsed.error().field << ": " << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1U);
  const subscriber& s = parsed->front();
  EXPECT_EQ(s.auth.method, auth_method::five_g_aka);
  EXPECT_EQ(s.auth.opc.kind, operator_key_kind::opc);
  EXPECT_EQ(s.auth.amf, (amf16{0x80, 0x00}));
  EXPECT_EQ(s.auth.sqn, 0U);
  EXPECT_EQ(s.auth.k[0], 0x46);
  EXPECT_EQ(s.slices.at(0).default_dnn, "internet");
  EXPECT_EQ(s.slices[0].dnns.at(0).pdu_session_types,
            std::vector<pdu_session_type>{pdu_session_type::ipv4});
  EXPECT_EQ(s.slices[0].dnns[0].default_5qi, 9);
  EXPECT_FALSE(s.msisdn);
}

TEST(store_json, sqn_may_be_a_number) {
  auto parsed = import_json(with(R"("opc": )", R"("sqn": 4096, "opc": )"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->at(0).auth.sqn, 4096U);
}

TEST(store_json, key_length_error_names_field_and_counts_digits) {
  const auto e =
      error_of(with("465b5ce8b199b49faa5f0a2ee238a6bc", "465b5ce8b199b49faa5f0a2ee238a6"));
  EXPECT_EQ(e.field, "subscribers[0].authentication.k");
  EXPECT_EQ(e.message, "expected 32 hex digits (128-bit key), got 30");
  EXPECT_EQ(e.index, 0U);
}

TEST(store_json, non_hex_key_reports_position_not_the_key) {
  const auto e =
      error_of(with("465b5ce8b199b49faa5f0a2ee238a6bc", "465b5ce8b199b49faa5f0a2ee238a6bx"));
  EXPECT_EQ(e.message, "expected 32 hex digits (128-bit key), character 32 is not a hex digit");
}

TEST(store_json, each_mistake_names_its_field) {
  EXPECT_EQ(error_of(with("\"imsi\": \"001010000000001\"", "\"imsi\": \"0010\"")).field,
            "subscribers[0].imsi");
  EXPECT_EQ(error_of(with("\"imsi\": \"001010000000001\",", "")).field, "subscribers[0].imsi");
  EXPECT_EQ(error_of(with("\"opc\"", "\"oops\"")).field, "subscribers[0].authentication.oops");
  EXPECT_EQ(error_of(with("\"opc\": \"e8ed289deba952e4283b54e88e6183ca\"",
                          "\"op\": \"e8ed289deba952e4283b54e88e6183ca\", "
                          "\"opc\": \"e8ed289deba952e4283b54e88e6183ca\""))
                .field,
            "subscribers[0].authentication.opc");
  EXPECT_EQ(error_of(with("\"sst\": 1", "\"sst\": 256")).field, "subscribers[0].slices[0].sst");
  EXPECT_EQ(error_of(with("\"sst\": 1", "\"sst\": 1, \"sd\": \"12\"")).field,
            "subscribers[0].slices[0].sd");
  EXPECT_EQ(
      error_of(with("\"dnn\": \"internet\"", "\"dnn\": \"internet\", \"ssc_modes\": [4]")).field,
      "subscribers[0].slices[0].dnns[0].ssc_modes[0]");
  EXPECT_EQ(error_of(with("\"dnn\": \"internet\"",
                          "\"dnn\": \"internet\", \"pdu_session_types\": [\"IP\"]"))
                .field,
            "subscribers[0].slices[0].dnns[0].pdu_session_types[0]");
  EXPECT_EQ(error_of(with("\"default\": true", "\"default\": false")).field,
            "subscribers[0].slices");
  EXPECT_EQ(error_of(with("\"format\": \"glasscore-subscribers\"", "\"format\": \"x\"")).field,
            "format");
  EXPECT_EQ(error_of(with("\"version\": 1", "\"version\": 2")).field, "version");
}

TEST(store_json, bad_record_reports_its_index) {
  std::string text =
      export_json({sample_subscriber("001010000000001"), sample_subscriber("001010000000002"),
                   sample_subscriber("001010000000003")});
  const auto at = text.find("001010000000003");
  text.replace(at, 15, "00101000000000X");
  const auto e = error_of(text);
  EXPECT_EQ(e.index, 2U);
  EXPECT_EQ(e.field, "subscribers[2].imsi");
}

TEST(store_json, syntax_error_gives_byte_position) {
  const auto e = error_of("{\"format\": ");
  EXPECT_EQ(e.field, "");
  EXPECT_NE(e.message.find("not valid JSON at byte"), std::string::npos) << e.message;
  EXPECT_FALSE(e.index);
}

TEST(store_json, wrong_types_are_errors_not_crashes) {
  // Each of these would throw inside nlohmann if accessed carelessly.
  for (const char* text :
       {"[]", "null", "42", R"({"format": 1})",
        R"({"format":"glasscore-subscribers","version":1,"subscribers":{}})",
        R"({"format":"glasscore-subscribers","version":1,"subscribers":[1]})",
        R"({"format":"glasscore-subscribers","version":1,"subscribers":[{"imsi":1}]})",
        R"({"format":"glasscore-subscribers","version":-1,"subscribers":[]})"}) {
    EXPECT_FALSE(import_json(text)) << text;
  }
  EXPECT_FALSE(import_json(with("\"sst\": 1", "\"sst\": 1.5")));
  EXPECT_FALSE(import_json(with("\"sst\": 1", "\"sst\": -1")));
  EXPECT_FALSE(import_json(with("\"default\": true", "\"default\": \"yes\"")));
  EXPECT_FALSE(import_json(with("\"dnns\": [", "\"dnns\": [1, ")));
}

TEST(store_json, empty_document_is_valid) {
  auto parsed = import_json(export_json({}));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->empty());
}

TEST(store_json, slices_column_round_trips) {
  const auto s = sample_subscriber("001010000000001");
  auto back = slices_from_json(slices_to_json(s.slices));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s.slices);
}

TEST(store_json, hex_helper) {
  EXPECT_EQ(parse_hex_exact("0x8000", 2, "16-bit AMF").value(),
            (std::vector<std::uint8_t>{0x80, 0x00}));
  EXPECT_EQ(parse_hex_exact("800", 2, "16-bit AMF").error(),
            "expected 4 hex digits (16-bit AMF), got 3");
}

}  // namespace
}  // namespace glasscore::store
