// The convenience layer: IE helpers against their spec encodings, and readers.
#include "glasscore/codec/ngap/messages.h"

#include <gtest/gtest.h>

#include "glasscore/core/hex.h"

namespace glasscore::ngap {
namespace {

TEST(ngap_messages, plmn_identity_follows_ts_24_008) {
  // §10.5.1.3: 999/70 -> 99 f9 07; 001/001 -> 00 11 00.
  EXPECT_EQ(make_plmn("999", "70"), (plmn_identity{0x99, 0xf9, 0x07}));
  EXPECT_EQ(make_plmn("001", "001"), (plmn_identity{0x00, 0x11, 0x00}));
  EXPECT_EQ(plmn_to_string({0x99, 0xf9, 0x07}), "999-70");
  EXPECT_EQ(plmn_to_string({0x00, 0x11, 0x00}), "001-001");
  EXPECT_FALSE(make_plmn("99", "70"));
  EXPECT_FALSE(make_plmn("999", "7a"));
}

TEST(ngap_messages, numbers_to_fixed_size_fields_and_back) {
  EXPECT_EQ(make_tac(0xabcdef), (tac{0xab, 0xcd, 0xef}));
  EXPECT_EQ(tac_value(make_tac(0x000001)), 1U);
  EXPECT_EQ(nr_cell_identity_value(make_nr_cell_identity(0x123456789)), 0x123456789U);
  EXPECT_EQ(make_nr_cell_identity(0xfffffffff).bytes.back(), 0xf0) << "36 bits, left-aligned";
  const auto g = make_guami(*make_plmn("999", "70"), 0xca, 0x3fe, 0x2b);
  EXPECT_EQ(g.amf_set_id.bytes, (std::array<std::uint8_t, 2>{0xff, 0x80}));
  EXPECT_EQ(g.amf_pointer.bytes, (std::array<std::uint8_t, 1>{0xac}));
}

TEST(ngap_messages, readers_find_ids_nas_and_cause_in_any_message) {
  const ue_ids ids{glasscore::amf_ue_ngap_id{77}, glasscore::ran_ue_ngap_id{5}};
  const std::vector<std::uint8_t> nas{0x7e, 0x00, 0x5b, 0x01};
  const auto dl = build_downlink_nas_transport(ids, nas);
  EXPECT_EQ(procedure_code_of(dl), 4);
  EXPECT_EQ(ue_ids_of(dl).amf, ids.amf);
  EXPECT_EQ(ue_ids_of(dl).ran, ids.ran);
  ASSERT_TRUE(nas_pdu_of(dl));
  EXPECT_TRUE(std::equal(nas_pdu_of(dl)->begin(), nas_pdu_of(dl)->end(), nas.begin(), nas.end()));
  EXPECT_EQ(cause_of(dl), nullptr);

  const auto release = build_ue_context_release_command(ids, make_cause(cause_nas::deregister));
  EXPECT_EQ(ue_ids_of(release).amf, ids.amf) << "from the UE-NGAP-IDs pair";
  ASSERT_NE(cause_of(release), nullptr);
  EXPECT_EQ(std::get<cause::nas_index>(cause_of(release)->value), cause_nas::deregister);

  const auto setup = build_ng_setup_request(make_gnb_id(*make_plmn("999", "70"), 1), "gnb",
                                            {{1, *make_plmn("999", "70"), {make_s_nssai(1)}}});
  EXPECT_FALSE(ue_ids_of(setup).amf);
  EXPECT_FALSE(nas_pdu_of(setup));
}

TEST(ngap_messages, built_messages_round_trip) {
  const ue_ids ids{glasscore::amf_ue_ngap_id{1}, glasscore::ran_ue_ngap_id{2}};
  const auto pdu = build_initial_ue_message(ids.ran, std::vector<std::uint8_t>{0x7e, 0x00, 0x41},
                                            nr_location(*make_plmn("001", "01"), 7, 0x10),
                                            rrc_establishment_cause::mo_signalling);
  const auto bytes = encode(pdu);
  ASSERT_TRUE(bytes);
  const auto back = decode<ngap_pdu>(*bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->value == pdu);
  const auto* m = message_of<initial_ue_message>(back->value);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->ran_ue_ngap_id, 2U);
  EXPECT_EQ(message_of<uplink_nas_transport>(back->value), nullptr);
}

}  // namespace
}  // namespace glasscore::ngap
