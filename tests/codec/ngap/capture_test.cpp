// Every NGAP message in ../shared/spec/captures (another core's traffic, see its README)
// decodes, has no §10 findings, and re-encodes to the identical bytes: APER is canonical
// (X.691 §11.1), so any difference is a codec bug on one side.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <variant>

#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/gen/api.h"
#include "pcapng.h"
#include "support/vectors.h"

namespace glasscore::ngap {
namespace {

constexpr std::uint32_t ngap_ppid = 60;  // TS 38.412 §7

struct capture_pdu {
  std::string where;
  std::vector<std::uint8_t> bytes;
};

std::vector<capture_pdu> capture_pdus(std::string& error) {
  std::vector<capture_pdu> out;
  const auto dir = test::shared_file("spec/captures");
  if (!dir) {
    return out;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() == ".pcapng") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto payloads = test::read_sctp_payloads(file, ngap_ppid, &error);
    if (!payloads) {
      error = file.string() + ": " + error;
      return {};
    }
    for (const auto& p : *payloads) {
      out.push_back({file.filename().string() + " frame " + std::to_string(p.frame), p.bytes});
    }
  }
  return out;
}

std::uint8_t procedure_code(const ngap_pdu& pdu) {
  return std::visit([](const auto& m) { return static_cast<std::uint8_t>(m.procedure_code); },
                    pdu.value);
}

TEST(ngap_captures, every_message_decodes_and_re_encodes_to_the_same_bytes) {
  std::string error;
  const auto pdus = capture_pdus(error);
  ASSERT_TRUE(error.empty()) << error;
  if (pdus.empty()) {
    GTEST_SKIP() << "../shared/spec/captures not found: set GLASSCORE_SHARED_DIR";
  }
  std::set<std::pair<std::size_t, int>> kinds;
  for (const auto& p : pdus) {
    SCOPED_TRACE(p.where);
    const auto decoded_pdu = decode<ngap_pdu>(p.bytes);
    ASSERT_TRUE(decoded_pdu) << aper::to_string(decoded_pdu.error().code) << " at bit "
                             << decoded_pdu.error().bit_offset;
    EXPECT_TRUE(decoded_pdu->diagnostics.empty());
    const auto again = encode(decoded_pdu->value);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, p.bytes);
    kinds.insert({decoded_pdu->value.value.index(), procedure_code(decoded_pdu->value)});
  }
  // The captures' README: 24 distinct NGAP messages across the suites.
  EXPECT_EQ(kinds.size(), 24U);
  EXPECT_GT(pdus.size(), 1000U);
}

// Every truncation and single-bit flip of every distinct captured message decodes to a
// value or an error, never a crash or a read past the end (ASan in the asan preset).
TEST(ngap_captures, truncations_and_bit_flips_never_crash) {
  std::string error;
  const auto pdus = capture_pdus(error);
  ASSERT_TRUE(error.empty()) << error;
  if (pdus.empty()) {
    GTEST_SKIP() << "../shared/spec/captures not found: set GLASSCORE_SHARED_DIR";
  }
  std::set<std::vector<std::uint8_t>> distinct;
  for (const auto& p : pdus) {
    distinct.insert(p.bytes);
  }
  std::size_t errors = 0;
  for (const auto& bytes : distinct) {
    for (std::size_t len = 0; len < bytes.size(); ++len) {
      // An exact-size copy, so ASan sees any read past the end.
      const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(len));
      errors += decode<ngap_pdu>(cut) ? 0 : 1;
    }
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
      auto flipped = bytes;
      flipped[bit / 8] ^= static_cast<std::uint8_t>(0x80U >> (bit % 8));
      errors += decode<ngap_pdu>(flipped) ? 0 : 1;
    }
  }
  EXPECT_GT(errors, distinct.size()) << "truncated messages must be rejected";
}

}  // namespace
}  // namespace glasscore::ngap
