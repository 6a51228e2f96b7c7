// Round trip of every NGAP message of TS 38.413 (every object of NGAP-ELEMENTARY-PROCEDURES,
// each of its initiating/successful/unsuccessful messages) and every transfer carried in an
// OCTET STRING (CONTAINING ...): once with every optional field and IE extension present,
// once with none. Sample values come from the generator (tests/codec/ngap/gen/).
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <type_traits>

#include "gen/samples.h"
#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/gen/api.h"

namespace glasscore::ngap {
namespace {

std::string describe(const aper::error& e) {
  return std::string(aper::to_string(e.code)) + " at bit " + std::to_string(e.bit_offset);
}

void round_trip_every_pdu(bool full) {
  const auto pdus = samples::all_pdus(full);
  // 76 elementary procedures; 120 messages (TS 38.413 §9.4.3, V17.3.0).
  EXPECT_EQ(pdus.size(), 120U);
  std::set<std::string> names;
  for (const auto& [name, pdu] : pdus) {
    SCOPED_TRACE(name);
    names.insert(name);
    const auto bytes = encode(pdu);
    ASSERT_TRUE(bytes) << describe(bytes.error());
    const auto back = decode<ngap_pdu>(*bytes);
    ASSERT_TRUE(back) << describe(back.error());
    EXPECT_TRUE(back->diagnostics.empty());
    EXPECT_TRUE(back->value == pdu) << "decoded value differs from the encoded one";
    const auto again = encode(back->value);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *bytes) << "re-encoding is not canonical";
  }
  EXPECT_EQ(names.size(), pdus.size()) << "each message type once";
}

TEST(ngap_round_trip, every_message_with_every_optional_ie) {
  round_trip_every_pdu(true);
}

TEST(ngap_round_trip, every_message_with_only_mandatory_ies) {
  round_trip_every_pdu(false);
}

void round_trip_every_transfer(bool full) {
  std::size_t count = 0;
  samples::for_each_transfer(full, [&count](const char* name, const auto& value) {
    using T = std::decay_t<decltype(value)>;
    SCOPED_TRACE(name);
    ++count;
    const auto bytes = encode<T>(value);
    ASSERT_TRUE(bytes) << describe(bytes.error());
    const auto back = decode<T>(*bytes);
    ASSERT_TRUE(back) << describe(back.error());
    EXPECT_TRUE(back->diagnostics.empty());
    EXPECT_TRUE(back->value == value);
    const auto again = encode<T>(back->value);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *bytes);
  });
  EXPECT_EQ(count, 40U);  // 37 CONTAINING types + 3 transparent containers (§9.3.1.29-31)
}

TEST(ngap_round_trip, every_transfer_with_every_optional_ie) {
  round_trip_every_transfer(true);
}

TEST(ngap_round_trip, every_transfer_with_only_mandatory_ies) {
  round_trip_every_transfer(false);
}

// Every truncation and every single-bit flip of every minimal message decodes to a value
// or an error; under the asan preset any read past the input fails the test.
TEST(ngap_robustness, truncations_and_bit_flips_of_every_message) {
  std::size_t decoded_ok = 0;
  std::size_t rejected = 0;
  for (const auto& [name, pdu] : samples::all_pdus(false)) {
    SCOPED_TRACE(name);
    const auto bytes = encode(pdu);
    ASSERT_TRUE(bytes);
    for (std::size_t len = 0; len < bytes->size(); ++len) {
      const std::vector<std::uint8_t> cut(bytes->begin(), bytes->begin() + static_cast<long>(len));
      const auto r = decode<ngap_pdu>(cut);
      (r ? decoded_ok : rejected) += 1;
    }
    for (std::size_t bit = 0; bit < bytes->size() * 8; ++bit) {
      auto flipped = *bytes;
      flipped[bit / 8] ^= static_cast<std::uint8_t>(0x80U >> (bit % 8));
      const auto r = decode<ngap_pdu>(flipped);
      (r ? decoded_ok : rejected) += 1;
    }
  }
  EXPECT_GT(rejected, 0U);
  EXPECT_GT(decoded_ok, 0U);
}

}  // namespace
}  // namespace glasscore::ngap
