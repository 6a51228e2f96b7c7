// Every PFCP message of the shared captures (Open5GS SMF and UPF, ../shared/spec/captures)
// must decode, agree with tshark's reading of the same packet on the key fields, and
// re-encode to the captured bytes; every truncation and single-bit flip of them must
// decode or fail cleanly (DESIGN.md §5, "unit").
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "glasscore/codec/pfcp/messages.h"
#include "pfcp_fields.h"
#include "support/tshark.h"
#include "support/vectors.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;

struct captured {
  std::string where;  // file:frame
  std::vector<std::uint8_t> bytes;
  pfcp::test::field_values tshark;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

// Reads every PFCP packet of every capture with tshark: its UDP payload and the compared
// fields, as tshark decodes them.
const std::vector<captured>& captures() {
  static const std::vector<captured> all = [] {
    std::vector<captured> out;
    auto dir = glasscore::test::shared_file("spec/captures");
    if (!dir || !glasscore::test::tshark_path()) {
      return out;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(*dir)) {
      if (e.path().extension() == ".pcapng") {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ostringstream cmd;
      cmd << "/usr/bin/tshark -n -r '" << f.string()
          << "' -Y pfcp -T fields -E separator=/t -E occurrence=a -E 'aggregator=|' "
             "-e frame.number -e udp.payload";
      for (const auto& field : pfcp::test::compared_fields) {
        cmd << " -e " << field;
      }
      cmd << " 2>/dev/null";
      FILE* p = popen(cmd.str().c_str(), "r");
      if (p == nullptr) {
        continue;
      }
      std::string text;
      char buf[65536];
      std::size_t n = 0;
      while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        text.append(buf, n);
      }
      pclose(p);
      for (const auto& line : split(text, '\n')) {
        if (line.empty()) {
          continue;
        }
        const auto cols = split(line, '\t');
        if (cols.size() != 2 + pfcp::test::compared_fields.size()) {
          continue;
        }
        captured c;
        c.where = f.filename().string() + ":" + cols[0];
        c.bytes = glasscore::test::hex(cols[1]);
        for (std::size_t i = 0; i < pfcp::test::compared_fields.size(); ++i) {
          const auto& v = cols[2 + i];
          c.tshark[pfcp::test::compared_fields[i]] =
              v.empty() ? std::vector<std::string>{} : split(v, '|');
        }
        out.push_back(std::move(c));
      }
    }
    return out;
  }();
  return all;
}

#define CAPTURES_OR_SKIP()                                              \
  if (captures().empty()) {                                             \
    GTEST_SKIP() << "no captures or no tshark: capture checks not run"; \
  }

TEST(pfcp_captures, there_are_many_and_of_twelve_message_types) {
  CAPTURES_OR_SKIP();
  std::set<std::uint8_t> types;
  for (const auto& c : captures()) {
    ASSERT_GE(c.bytes.size(), 2U);
    types.insert(c.bytes[1]);
  }
  EXPECT_GE(captures().size(), 800U);
  EXPECT_EQ(types.size(), 12U);  // the captures' README: 12 PFCP message types
}

TEST(pfcp_captures, every_message_decodes_agrees_with_tshark_and_reencodes_identically) {
  CAPTURES_OR_SKIP();
  std::map<std::string, std::size_t> compared;
  for (const auto& c : captures()) {
    auto m = decode_message(c.bytes);
    ASSERT_TRUE(m) << c.where << " cause " << static_cast<int>(m.error().cause) << " ie "
                   << m.error().offending_ie.value_or(0);
    const auto ours = glasscore::pfcp::test::fields_of(*m);
    for (const auto& field : pfcp::test::compared_fields) {
      const auto it = ours.find(field);
      const std::vector<std::string> mine =
          it == ours.end() ? std::vector<std::string>{} : it->second;
      EXPECT_EQ(mine, c.tshark.at(field)) << c.where << " " << field;
      compared[field] += mine.size();
    }
    EXPECT_EQ(encode(*m), c.bytes) << c.where;
  }
  // The comparison is only worth something if tshark and we both reported these fields.
  for (const auto& field : glasscore::pfcp::test::compared_fields) {
    EXPECT_GT(compared[field], 0U) << field << " was never compared";
  }
  EXPECT_GT(compared["pfcp.f_teid.teid"], 200U);
  EXPECT_GT(compared["pfcp.pdr_id"], 500U);
}

TEST(pfcp_captures, no_unknown_ie_is_left_in_the_session_establishment_requests) {
  CAPTURES_OR_SKIP();
  int seen = 0;
  for (const auto& c : captures()) {
    auto m = decode_message(c.bytes);
    ASSERT_TRUE(m);
    if (const auto* req = std::get_if<session_establishment_request>(&m->body)) {
      ++seen;
      EXPECT_TRUE(req->unknown_ies.empty()) << c.where;
      ASSERT_FALSE(req->create_pdrs.empty());
      EXPECT_TRUE(req->create_pdrs[0].unknown_ies.empty()) << c.where;
      EXPECT_TRUE(req->create_pdrs[0].pdi_ie.unknown_ies.empty()) << c.where;
      EXPECT_TRUE(req->apn_dnn.has_value()) << c.where;
    }
  }
  EXPECT_GT(seen, 50);
}

// Every truncation and every single-bit flip either fails with a decode_failure or decodes
// to a message that survives its own encode/decode round trip. Run under ASan/UBSan in the
// asan build; here it also proves no input reaches an assert.
TEST(pfcp_captures, every_truncation_and_bit_flip_decodes_or_fails_cleanly) {
  CAPTURES_OR_SKIP();
  std::set<std::string> seen_kinds;  // one sample per message type and length keeps it fast
  std::size_t tried = 0;
  for (const auto& c : captures()) {
    const auto key = std::to_string(c.bytes[1]) + "/" + std::to_string(c.bytes.size());
    if (!seen_kinds.insert(key).second) {
      continue;
    }
    for (std::size_t n = 0; n < c.bytes.size(); ++n) {
      auto m = decode_message(std::span(c.bytes.data(), n));
      if (m) {
        auto again = decode_message(encode(*m));
        ASSERT_TRUE(again) << c.where << " truncated to " << n;
        EXPECT_EQ(*again, *m) << c.where << " truncated to " << n;
      }
      ++tried;
    }
    for (std::size_t bit = 0; bit < c.bytes.size() * 8; ++bit) {
      auto flipped = c.bytes;
      flipped[bit / 8] = static_cast<std::uint8_t>(flipped[bit / 8] ^ (1U << (bit % 8)));
      auto m = decode_message(flipped);
      if (m) {
        auto again = decode_message(encode(*m));
        ASSERT_TRUE(again) << c.where << " bit " << bit;
        EXPECT_EQ(*again, *m) << c.where << " bit " << bit;
      }
      ++tried;
    }
  }
  EXPECT_GT(tried, 10000U);
}

}  // namespace
