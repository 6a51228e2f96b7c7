// 5GMM and common IEs (TS 24.501 §9.11.2, §9.11.3) as typed values: the codings the core
// builds and reads, checked against bytes written out from the spec's figures.
#include <gtest/gtest.h>

#include "glasscore/codec/nas/ies_5gmm.h"
#include "glasscore/codec/nas/mobile_identity.h"
#include "glasscore/core/hex.h"

namespace glasscore::nas {
namespace {

template <class T>
std::string encoded(const T& value) {
  byte_writer w;
  if constexpr (std::is_void_v<decltype(value.encode(w))>) {
    value.encode(w);
  } else {
    EXPECT_TRUE(value.encode(w));
  }
  return to_hex(w.view());
}

template <class T>
T decoded(std::string_view hex) {
  auto v = T::decode(from_hex(hex).value());
  EXPECT_TRUE(v) << hex;
  return v.value_or(T{});
}

TEST(nas_ies, gprs_timers) {
  // TS 24.008 §10.5.7.4a: 54 minutes = 0b000 (10 min) ... rounds up to 6 x 10 min.
  const auto t3512 = gprs_timer_3::from_seconds(54 * 60);
  EXPECT_EQ(encoded(t3512), "06");
  EXPECT_EQ(t3512.seconds(), 3600U);
  EXPECT_EQ(encoded(gprs_timer_3::from_seconds(30)), "6f");  // 15 x 2 s
  EXPECT_EQ(decoded<gprs_timer_3>("e0").seconds(), std::nullopt) << "deactivated";
  EXPECT_EQ(encoded(gprs_timer_2::from_seconds(12 * 60)), "2c");  // 12 x 1 min
  EXPECT_EQ(decoded<gprs_timer_2>("e0").seconds(), std::nullopt);
  EXPECT_EQ(decoded<gprs_timer_2>("45").seconds(), 5U * 360);  // decihours
}

TEST(nas_ies, s_nssai_lengths) {
  EXPECT_EQ(encoded(s_nssai{1, std::nullopt, std::nullopt, std::nullopt}), "01");
  EXPECT_EQ(encoded(s_nssai{1, 0x000080, std::nullopt, std::nullopt}), "01000080");
  EXPECT_EQ(encoded(s_nssai{1, 0x000080, 2, 0x123456}), "0100008002123456");
  EXPECT_EQ(decoded<s_nssai>("0102").mapped_sst, 2);
  for (const char* bad : {"", "010000", "01000080021234", "010000800212345678"}) {
    EXPECT_FALSE(s_nssai::decode(from_hex(bad).value())) << bad;
  }
  EXPECT_EQ(encoded(decoded<nssai>("01010401000080")), "01010401000080");
}

TEST(nas_ies, dnn_is_the_apn_label_encoding) {
  EXPECT_EQ(encoded(dnn{"internet"}), "08696e7465726e6574");
  EXPECT_EQ(encoded(dnn{"ims.mnc001.mcc001.gprs"}),
            "03696d73066d6e63303031066d636330303104"
            "67707273");
  EXPECT_EQ(decoded<dnn>("03696d730467707273").name, "ims.gprs");
  EXPECT_FALSE(dnn::decode(from_hex("0a696d73").value())) << "label longer than the rest";
  EXPECT_FALSE(dnn::decode(from_hex("00").value())) << "empty label";
  // A label holding a dot could not survive the dotted form (found by fuzz_nas).
  EXPECT_FALSE(dnn::decode(from_hex("03612e62").value()));
  byte_writer w;
  EXPECT_FALSE(dnn{"a..b"}.encode(w));
  EXPECT_FALSE(dnn{"caf\xc3\xa9"}.encode(w));
  EXPECT_FALSE(dnn{std::string(64, 'a')}.encode(w));
  EXPECT_EQ(w.size(), 0U) << "nothing written on error";
}

TEST(nas_ies, tai_list_of_every_type) {
  // Type 00: PLMN 001/01 with TACs 1 and 2; type 01: 3 consecutive TACs from 7; type 10:
  // two TAIs of different PLMNs.
  const std::string bytes =
      "0100f110000001000002"
      "2200f110000007"
      "4100f110000001130054000002";
  const auto list = decoded<tai_list>(bytes);
  ASSERT_EQ(list.lists.size(), 3U);
  EXPECT_EQ(encoded(list), bytes);
  const auto all = list.all();
  ASSERT_EQ(all.size(), 2U + 3U + 2U);
  EXPECT_EQ(all[4].tac, 9U);
  EXPECT_EQ(all[6].plmn.mcc, "310");
  EXPECT_EQ(all[6].plmn.mnc, "450");
  EXPECT_FALSE(tai_list::decode(from_hex("6000f110000001").value())) << "type 11 is reserved";
  EXPECT_FALSE(tai_list::decode(from_hex("0100f110000001").value())) << "one TAC short";
}

TEST(nas_ies, psi_bitmap_bit_order) {
  // §9.11.3.44: octet 3 bit 6 = PSI 5, octet 4 bit 2 = PSI 9.
  const auto status = decoded<psi_bitmap>("2002");
  EXPECT_TRUE(status.has(5));
  EXPECT_TRUE(status.has(9));
  EXPECT_FALSE(status.has(1));
  psi_bitmap built;
  built.set(5);
  built.set(9);
  EXPECT_EQ(encoded(built), "2002");
}

TEST(nas_ies, plmn_digits) {
  EXPECT_EQ(encoded(tai_ie{{{"310", "410"}, 0x123456}}), "130014123456");
  byte_writer w;
  EXPECT_FALSE((tai_ie{{{"31", "410"}, 1}}.encode(w)));
  EXPECT_FALSE(plmn_id::decode(from_hex("1a0014").value())) << "non-BCD digit";
}

TEST(nas_ies, mobile_identities_of_every_type_round_trip) {
  const std::vector<std::string> samples = {
      "0199f907f0ff00000000203190",  // SUCI, null scheme (another core's Identity response)
      // SUCI, Profile A, with the TS 33.501 C.4.3 scheme output
      "0100f110f0ff0101b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb0235"
      "2410cddd9e730ef3fa87",
      "f200f110caffc112345678",  // 5G-GUTI
      "f4ffc112345678",          // 5G-S-TMSI
      "4b09512430325781",        // IMEI 490154203237518 (15 digits: odd)
      "4573806121856151f1",      // IMEISV 4370816125816151 (16 digits: even, filler)
      "0e001122334455",          // MAC address, usage restricted
      "070011223344556677",      // EUI-64
      "00",                      // no identity
  };
  for (const auto& hex : samples) {
    SCOPED_TRACE(hex);
    auto id = mobile_identity::decode(from_hex(hex).value());
    if (!id) {
      ADD_FAILURE() << to_string(id.error());
      continue;
    }
    EXPECT_EQ(encoded(*id), hex);
  }
}

TEST(nas_ies, mobile_identity_fields) {
  const auto guti = std::get<guti_5g>(decoded<mobile_identity>("f200f110caffc112345678").value);
  EXPECT_EQ(guti.plmn.mnc, "01");
  EXPECT_EQ(guti.amf_region_id, 0xCA);
  EXPECT_EQ(guti.amf_set_id, 0x3FF);
  EXPECT_EQ(guti.amf_pointer, 1);
  EXPECT_EQ(guti.tmsi, 0x12345678U);
  const auto imei_value = std::get<imei>(decoded<mobile_identity>("4b09512430325781").value);
  EXPECT_EQ(imei_value.digits, "490154203237518");
  const auto imeisv_value = std::get<imeisv>(decoded<mobile_identity>("4573806121856151f1").value);
  EXPECT_EQ(imeisv_value.digits, "4370816125816151");
  // Empty; short GUTI; IMEI flagged even with 15 digits; short S-TMSI; short SUCI.
  for (const char* bad : {"", "f200f110", "4309512430325781", "f4ffc1123456", "010000"}) {
    EXPECT_FALSE(mobile_identity::decode(from_hex(bad).value())) << bad;
  }
}

TEST(nas_ies, multiple_payloads) {
  std::vector<payload_entry> entries(2);
  entries[0].type = payload_type::n1_sm;
  entries[0].optional_ie_count = 1;
  entries[0].optional_ies = {0x12, 0x05};  // PDU session ID 5
  entries[0].contents = {0x2e, 0x05, 0x01, 0xc1};
  entries[1].type = payload_type::sms;
  entries[1].contents = {0x09, 0x01};
  const auto bytes = encode_multiple_payloads(entries).value();
  EXPECT_EQ(to_hex(bytes),
            "02"
            "0007"
            "11"
            "1205"
            "2e0501c1"
            "0003"
            "02"
            "0901");
  EXPECT_EQ(decode_multiple_payloads(bytes).value(), entries);
  EXPECT_FALSE(decode_multiple_payloads(from_hex("020007111205").value()));
  EXPECT_FALSE(decode_multiple_payloads(from_hex("00").value()));
}

TEST(nas_ies, ue_security_capability_bits) {
  const auto caps = decoded<ue_security_capability>("e060");
  EXPECT_TRUE(caps.supports_nea(0));
  EXPECT_TRUE(caps.supports_nea(2));
  EXPECT_FALSE(caps.supports_nea(3));
  EXPECT_FALSE(caps.supports_nia(0));
  EXPECT_TRUE(caps.supports_nia(1));
  EXPECT_TRUE(caps.supports_nia(2));
  EXPECT_FALSE(caps.supports_nia(8));
  EXPECT_EQ(encoded(decoded<ue_security_capability>("f0f0f0f000")), "f0f0f0f000");
}

}  // namespace
}  // namespace glasscore::nas
