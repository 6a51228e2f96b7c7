// TS 38.413 §10 error handling as seen by the decoder: unknown IEs by criticality, missing
// mandatory IEs, wrong order and repetition, unknown procedures and unknown extensions.
// The messages are assembled here field by field with the APER runtime, so each case
// differs from a valid DOWNLINK NAS TRANSPORT (§9.2.5.2) in exactly one way.
#include <gtest/gtest.h>

#include "glasscore/codec/aper/aper.h"
#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/gen/api.h"
#include "glasscore/codec/ngap/gen/constants.h"

namespace glasscore::ngap {
namespace {

using aper::criticality;
using aper::ie_problem;

struct raw_field {
  std::int64_t id;
  criticality crit;
  aper::encoder value;
};

raw_field amf_id() {
  raw_field f{id_amf_ue_ngap_id, criticality::reject, {}};
  f.value.integer(7, aper::int_range{0, (std::int64_t{1} << 40) - 1, true, true, false});
  return f;
}
raw_field ran_id() {
  raw_field f{id_ran_ue_ngap_id, criticality::reject, {}};
  f.value.integer(9, aper::int_range{0, 4294967295LL, true, true, false});
  return f;
}
raw_field nas() {
  raw_field f{id_nas_pdu, criticality::reject, {}};
  const std::uint8_t pdu[] = {0x7e, 0x00, 0x41};
  f.value.octet_string(pdu, aper::size_range{});
  return f;
}
raw_field unknown(criticality c) {
  raw_field f{4000, c, {}};  // not an NGAP IE id
  f.value.put_bits(0xab, 8);
  return f;
}

// NGAP-PDU: initiatingMessage, procedure code, criticality, open type of the message.
std::vector<std::uint8_t> downlink_nas(const std::vector<raw_field>& fields,
                                       std::int64_t procedure = id_downlink_nas_transport,
                                       bool unknown_extension = false) {
  aper::encoder msg;
  msg.put_bit(unknown_extension);  // DownlinkNASTransport's extension bit
  msg.count(fields.size(), aper::size_range{0, 65535, false});
  for (const auto& f : fields) {
    msg.constrained_whole(static_cast<std::uint64_t>(f.id), 65535);
    msg.enumerated(static_cast<std::size_t>(f.crit), 3, false);
    msg.open_type(f.value);
  }
  if (unknown_extension) {  // X.691 §19.7: one addition, present, as an open type
    msg.normally_small(0);
    msg.put_bit(true);
    aper::encoder addition;
    addition.put_bits(0x55, 8);
    msg.open_type(addition);
  }
  aper::encoder pdu;
  pdu.put_bit(false);           // NGAP-PDU extension bit
  pdu.constrained_whole(0, 2);  // initiatingMessage
  pdu.constrained_whole(static_cast<std::uint64_t>(procedure), 255);
  pdu.enumerated(1, 3, false);  // criticality ignore (§9.4.3 for this procedure)
  pdu.open_type(msg);
  return pdu.finish();
}

TEST(ngap_diagnostics, valid_message_has_no_findings) {
  const auto r = decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), nas()}));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->diagnostics.empty());
  const auto* m = message_of<downlink_nas_transport>(r->value);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->amf_ue_ngap_id, 7U);
  EXPECT_EQ(m->ran_ue_ngap_id, 9U);
  EXPECT_EQ(m->nas_pdu, (std::vector<std::uint8_t>{0x7e, 0x00, 0x41}));
}

TEST(ngap_diagnostics, missing_mandatory_ie_is_reported_with_its_criticality) {
  const auto r = decode<ngap_pdu>(downlink_nas({amf_id(), nas()}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->diagnostics.size(), 1U);
  EXPECT_EQ(r->diagnostics[0], (aper::ie_diagnostic{static_cast<std::uint32_t>(id_ran_ue_ngap_id),
                                                    criticality::reject, ie_problem::missing}));
  EXPECT_TRUE(r->must_reject());
}

TEST(ngap_diagnostics, unknown_ie_follows_its_criticality) {
  const auto ignore =
      decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), unknown(criticality::ignore), nas()}));
  ASSERT_TRUE(ignore);
  EXPECT_TRUE(ignore->diagnostics.empty()) << "§10.3.5: ignore means skip silently";
  EXPECT_NE(message_of<downlink_nas_transport>(ignore->value), nullptr);

  const auto notify =
      decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), unknown(criticality::notify), nas()}));
  ASSERT_TRUE(notify);
  ASSERT_EQ(notify->diagnostics.size(), 1U);
  EXPECT_EQ(notify->diagnostics[0],
            (aper::ie_diagnostic{4000, criticality::notify, ie_problem::not_understood}));
  EXPECT_FALSE(notify->must_reject());

  const auto reject =
      decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), unknown(criticality::reject), nas()}));
  ASSERT_TRUE(reject);
  ASSERT_EQ(reject->diagnostics.size(), 1U);
  EXPECT_EQ(reject->diagnostics[0].ie_criticality, criticality::reject);
  EXPECT_TRUE(reject->must_reject());
}

TEST(ngap_diagnostics, wrong_order_and_repetition_are_reported) {
  const auto swapped = decode<ngap_pdu>(downlink_nas({ran_id(), amf_id(), nas()}));
  ASSERT_TRUE(swapped);
  ASSERT_EQ(swapped->diagnostics.size(), 1U);
  EXPECT_EQ(swapped->diagnostics[0].problem, ie_problem::wrong_order);
  EXPECT_EQ(swapped->diagnostics[0].ie_id, static_cast<std::uint32_t>(id_amf_ue_ngap_id));

  const auto twice = decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), ran_id(), nas()}));
  ASSERT_TRUE(twice);
  ASSERT_EQ(twice->diagnostics.size(), 1U);
  EXPECT_EQ(twice->diagnostics[0].problem, ie_problem::duplicated);
  EXPECT_TRUE(twice->must_reject());
}

TEST(ngap_diagnostics, unknown_procedure_code_is_an_error) {
  const auto r = decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), nas()}, 250));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, aper::error_code::unknown_procedure);
}

TEST(ngap_diagnostics, unknown_extension_additions_are_skipped) {
  const auto r =
      decode<ngap_pdu>(downlink_nas({amf_id(), ran_id(), nas()}, id_downlink_nas_transport, true));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->diagnostics.empty());
  EXPECT_NE(message_of<downlink_nas_transport>(r->value), nullptr);
}

TEST(ngap_diagnostics, ie_value_breaking_its_constraint_is_a_transfer_syntax_error) {
  raw_field bad{id_ran_ue_ngap_id, criticality::reject, {}};
  bad.value.put_bits(0x00, 8);  // one octet: too short for the 2-bit length + value
  const auto r = decode<ngap_pdu>(downlink_nas({amf_id(), bad, nas()}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, aper::error_code::truncated);
}

}  // namespace
}  // namespace glasscore::ngap
