// What tshark's PFCP dissector (an independent decoder) says about our encodings: every
// message type, with its IEs, must dissect with no malformed packet and no expert warning
// or error, and show the field values we set (DESIGN.md §5, "interop").
#include <gtest/gtest.h>

#include "glasscore/codec/pfcp/messages.h"
#include "pfcp_fields.h"
#include "samples.h"
#include "support/tshark.h"

namespace {

using namespace glasscore;
using namespace glasscore::pfcp;

std::string describe(const glasscore::test::tshark_packet& p) {
  std::string out;
  for (const auto& e : p.problems()) {
    out += e + "; ";
  }
  return out;
}

std::vector<glasscore::test::tshark_packet> dissect(
    const std::vector<std::vector<std::uint8_t>>& pdus) {
  std::string error;
  auto packets = glasscore::test::run_tshark(pdus, "pfcp", pfcp::test::compared_fields, &error);
  EXPECT_TRUE(packets) << error;
  return packets ? *packets : std::vector<glasscore::test::tshark_packet>{};
}

TEST(pfcp_tshark, every_message_type_dissects_cleanly_and_as_encoded) {
  GLASSCORE_TSHARK_OR_SKIP();
  const auto samples = pfcp::test::all_samples();
  std::vector<std::vector<std::uint8_t>> pdus;
  for (const auto& s : samples) {
    pdus.push_back(encode(s.msg));
  }
  const auto packets = dissect(pdus);
  ASSERT_EQ(packets.size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& p = packets[i];
    EXPECT_FALSE(p.malformed) << samples[i].name;
    EXPECT_TRUE(p.problems().empty()) << samples[i].name << ": " << describe(p);
    const auto ours = pfcp::test::fields_of(samples[i].msg);
    for (const auto& field : pfcp::test::compared_fields) {
      const auto it = ours.find(field);
      const std::vector<std::string> mine =
          it == ours.end() ? std::vector<std::string>{} : it->second;
      EXPECT_EQ(p.values(field), mine) << samples[i].name << " " << field;
    }
  }
}

// Rejections built by make_rejection for every request type read as their response type,
// with the cause we chose.
TEST(pfcp_tshark, rejections_dissect_with_their_cause) {
  GLASSCORE_TSHARK_OR_SKIP();
  std::vector<std::vector<std::uint8_t>> pdus;
  for (std::uint8_t t : {1, 5, 7, 9, 12, 50, 52, 54, 56}) {
    header h;
    h.type = t;
    h.sequence = 5;
    auto m = make_rejection(h, cause_value::mandatory_ie_missing, ie_type::node_id,
                            node_id{ipv4_address{127, 0, 0, 7}}, 3900000000U, 0x42);
    ASSERT_TRUE(m);
    pdus.push_back(encode(*m));
  }
  const auto packets = dissect(pdus);
  ASSERT_EQ(packets.size(), pdus.size());
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_FALSE(packets[i].malformed) << i;
    EXPECT_TRUE(packets[i].problems().empty()) << i << ": " << describe(packets[i]);
    if (i > 0) {  // the Heartbeat Response has no Cause
      EXPECT_EQ(packets[i].values("pfcp.cause"), std::vector<std::string>{"66"}) << i;
    }
  }
}

// The check above can fail: tshark does report a message we cut short.
TEST(pfcp_tshark, a_broken_message_is_reported) {
  GLASSCORE_TSHARK_OR_SKIP();
  auto bytes = encode(pfcp::test::all_samples()[0].msg);
  bytes.resize(bytes.size() - 2);
  const auto packets = dissect({bytes});
  ASSERT_EQ(packets.size(), 1U);
  EXPECT_TRUE(packets[0].malformed || !packets[0].problems().empty());
}

}  // namespace

namespace {

// Flag bits whose positions a swapped constant would get wrong: tshark must read each
// flag we set, and only those.
TEST(pfcp_tshark, flag_bits_are_where_tshark_reads_them) {
  GLASSCORE_TSHARK_OR_SKIP();
  using namespace glasscore::pfcp;
  session_establishment_request r;
  r.node = node_id{ipv4_address{10, 0, 0, 1}};
  r.cp_f_seid = f_seid{1, ipv4_address{10, 0, 0, 1}, std::nullopt};
  create_pdr p = pfcp::test::sample_create_pdr();
  ue_ip_address ue;
  ue.destination = true;
  ue.choose_v4 = true;
  ue.ipv6_prefix_length = 64;
  p.pdi_ie.ue_ip = ue;
  r.create_pdrs.push_back(p);
  create_far f = pfcp::test::sample_create_far();
  f.action.flags = apply_action::buff | apply_action::nocp | apply_action::ddpn;
  r.create_fars.push_back(f);
  message m;
  m.hdr.seid = 0;
  m.body = r;
  std::string error;
  const std::vector<std::string> fields = {
      "pfcp.ue_ip_address_flag.sd", "pfcp.ue_ip_address_flag.chv4", "pfcp.ue_ip_address_flag.chv6",
      "pfcp.ue_ip_address_flag.v4", "pfcp.ue_ip_address_flag.v6pl", "pfcp.f_teid_flags.ch",
      "pfcp.f_teid_flags.ch_id",    "pfcp.f_teid_flags.v4",         "pfcp.f_teid.choose_id",
      "pfcp.apply_action.buff",     "pfcp.apply_action.nocp",       "pfcp.apply_action.ddpn",
      "pfcp.apply_action.forw",     "pfcp.apply_action.drop"};
  auto packets = glasscore::test::run_tshark({encode(m)}, "pfcp", fields, &error);
  ASSERT_TRUE(packets) << error;
  ASSERT_EQ(packets->size(), 1U);
  const auto& pk = (*packets)[0];
  EXPECT_FALSE(pk.malformed);
  EXPECT_TRUE(pk.problems().empty()) << describe(pk);
  auto flag = [&](const std::string& name) {
    const auto& v = pk.values(name);
    return v.size() == 1 && (v[0] == "1" || v[0] == "True");
  };
  EXPECT_TRUE(flag("pfcp.ue_ip_address_flag.sd"));
  EXPECT_TRUE(flag("pfcp.ue_ip_address_flag.chv4"));
  EXPECT_FALSE(flag("pfcp.ue_ip_address_flag.chv6"));
  EXPECT_FALSE(flag("pfcp.ue_ip_address_flag.v4"));
  EXPECT_TRUE(flag("pfcp.ue_ip_address_flag.v6pl"));
  EXPECT_TRUE(flag("pfcp.f_teid_flags.ch"));
  EXPECT_TRUE(flag("pfcp.f_teid_flags.ch_id"));
  EXPECT_TRUE(flag("pfcp.f_teid_flags.v4"));
  ASSERT_EQ(pk.values("pfcp.f_teid.choose_id").size(), 1U);
  EXPECT_EQ(std::stoi(pk.values("pfcp.f_teid.choose_id")[0]), 5);  // tshark prints "05"
  EXPECT_TRUE(flag("pfcp.apply_action.buff"));
  EXPECT_TRUE(flag("pfcp.apply_action.nocp"));
  EXPECT_TRUE(flag("pfcp.apply_action.ddpn"));
  EXPECT_FALSE(flag("pfcp.apply_action.forw"));
  EXPECT_FALSE(flag("pfcp.apply_action.drop"));
}

}  // namespace
