// APER runtime against expectations worked out by hand from X.691 (02/2021), ALIGNED
// variant; the clause each expectation follows is named in the test.
#include "glasscore/codec/aper/aper.h"

#include <gtest/gtest.h>

#include <vector>

namespace glasscore::aper {
namespace {

using bytes = std::vector<std::uint8_t>;

constexpr int_range amf_ue_ngap_id_range{0, (std::int64_t{1} << 40) - 1, true, true, false};
constexpr int_range ran_ue_ngap_id_range{0, 4294967295, true, true, false};

TEST(aper_encoder, constrained_whole_number_bit_field_case) {
  // §11.5.7.1: range 8 -> 3 bits, no alignment.
  encoder e;
  e.constrained_whole(5, 7);
  EXPECT_EQ(e.finish(), (bytes{0xa0}));
  encoder e2;  // range 3 -> 2 bits (Criticality)
  e2.constrained_whole(1, 2);
  e2.constrained_whole(2, 2);
  EXPECT_EQ(e2.finish(), (bytes{0x60}));
}

TEST(aper_encoder, constrained_whole_number_octet_cases_are_aligned) {
  encoder e;  // §11.5.7.2: range 256 -> one aligned octet
  e.put_bit(true);
  e.constrained_whole(0x12, 255);
  EXPECT_EQ(e.finish(), (bytes{0x80, 0x12}));
  encoder e2;  // §11.5.7.3: range 65536 -> two aligned octets (ProtocolIE-ID)
  e2.put_bit(true);
  e2.constrained_whole(0x0102, 65535);
  EXPECT_EQ(e2.finish(), (bytes{0x80, 0x01, 0x02}));
}

TEST(aper_encoder, constrained_whole_number_indefinite_length_case) {
  // §11.5.7.4: AMF-UE-NGAP-ID, 5 octets max -> length 1..5 in 3 bits, then aligned octets.
  encoder e;
  e.integer(1, amf_ue_ngap_id_range);
  EXPECT_EQ(e.finish(), (bytes{0x00, 0x01}));
  encoder e2;
  e2.integer(0x0102030405, amf_ue_ngap_id_range);
  EXPECT_EQ(e2.finish(), (bytes{0x80, 0x01, 0x02, 0x03, 0x04, 0x05}));
  encoder e3;  // RAN-UE-NGAP-ID: 4 octets max -> 2 length bits
  e3.integer(0x100, ran_ue_ngap_id_range);
  EXPECT_EQ(e3.finish(), (bytes{0x40, 0x01, 0x00}));
}

TEST(aper_encoder, extensible_integer_outside_root_is_unconstrained) {
  // §13.1 and §13.2.4: extension bit, then length octet and 2's complement octets.
  encoder e;
  e.integer(61, int_range{1, 60, true, true, true});
  EXPECT_EQ(e.finish(), (bytes{0x80, 0x01, 0x3d}));
  encoder e2;
  e2.integer(60, int_range{1, 60, true, true, true});  // in root: 0 + 6 bits of 59
  EXPECT_EQ(e2.finish(), (bytes{0x76}));
}

TEST(aper_encoder, semi_constrained_and_unconstrained_integers) {
  encoder e;  // §13.2.3: lb 10, value 10 + 256 -> 2 octets
  e.integer(266, int_range{10, 0, true, false, false});
  EXPECT_EQ(e.finish(), (bytes{0x02, 0x01, 0x00}));
  encoder e2;  // §13.2.4: -1 is one octet 0xff
  e2.integer(-1, int_range{0, 0, false, false, false});
  EXPECT_EQ(e2.finish(), (bytes{0x01, 0xff}));
  encoder e3;  // 128 needs two octets in 2's complement
  e3.integer(128, int_range{0, 0, false, false, false});
  EXPECT_EQ(e3.finish(), (bytes{0x02, 0x00, 0x80}));
}

TEST(aper_encoder, normally_small_numbers) {
  encoder e;  // §11.6.1: 0 + 6 bits
  e.normally_small(5);
  EXPECT_EQ(e.finish(), (bytes{0x0a}));
  encoder e2;  // §11.6.2: 1, then semi-constrained: length 1, aligned octet
  e2.normally_small(64);
  EXPECT_EQ(e2.finish(), (bytes{0x80, 0x01, 0x40}));
}

TEST(aper_encoder, unconstrained_length_forms) {
  encoder e;  // §11.9.3.6 and §11.9.3.7
  e.length(5, 0, size_range::unbounded);
  e.length(200, 0, size_range::unbounded);
  EXPECT_EQ(e.finish(), (bytes{0x05, 0x80, 0xc8}));
}

TEST(aper_encoder, enumerated_root_and_extension) {
  encoder e;  // §14.2: 3 root values, no marker -> 2 bits
  e.enumerated(2, 3, false);
  EXPECT_EQ(e.finish(), (bytes{0x80}));
  encoder e2;  // §14.3: extensible, root index 1 of 2 -> 0 then 1 bit
  e2.enumerated(1, 2, true);
  EXPECT_EQ(e2.finish(), (bytes{0x40}));
  encoder e3;  // first extension value: 1, then normally small 0
  e3.enumerated(2, 2, true);
  EXPECT_EQ(e3.finish(), (bytes{0x80}));
}

TEST(aper_encoder, octet_string_size_forms) {
  const bytes three{0xaa, 0xbb, 0xcc};
  encoder e;  // §17.7: fixed 3 octets -> aligned, no length
  e.put_bit(true);
  e.octet_string(three, size_range{3, 3, false});
  EXPECT_EQ(e.finish(), (bytes{0x80, 0xaa, 0xbb, 0xcc}));
  encoder e2;  // §17.6: fixed 2 octets -> not aligned
  e2.put_bit(true);
  e2.octet_string(bytes{0xff, 0x00}, size_range{2, 2, false});
  EXPECT_EQ(e2.finish(), (bytes{0xff, 0x80, 0x00}));
  encoder e3;  // §17.8: SIZE(1..8) -> 3-bit length, then aligned octets
  e3.octet_string(three, size_range{1, 8, false});
  EXPECT_EQ(e3.finish(), (bytes{0x40, 0xaa, 0xbb, 0xcc}));
  encoder e4;  // unconstrained -> length octet
  e4.octet_string(three, size_range{});
  EXPECT_EQ(e4.finish(), (bytes{0x03, 0xaa, 0xbb, 0xcc}));
}

TEST(aper_encoder, bit_string_size_forms) {
  encoder e;  // §16.11: SIZE(22..32), 22 bits -> 4-bit length 0, aligned bits
  e.bit_string(bytes{0x12, 0x34, 0x54}, 22, size_range{22, 32, false});
  EXPECT_EQ(e.finish(), (bytes{0x00, 0x12, 0x34, 0x54}));
  encoder e2;  // §16.9: fixed 10 bits, not aligned
  e2.put_bit(true);
  e2.bit_string(bytes{0xff, 0xc0}, 10, size_range{10, 10, false});
  EXPECT_EQ(e2.finish(), (bytes{0xff, 0xe0}));
  encoder e3;  // §16.10: fixed 36 bits, aligned
  e3.put_bit(true);
  e3.bit_string(bytes{1, 2, 3, 4, 0x50}, 36, size_range{36, 36, false});
  EXPECT_EQ(e3.finish(), (bytes{0x80, 1, 2, 3, 4, 0x50}));
}

TEST(aper_encoder, printable_string_with_extensible_size) {
  // §30: 8 bits per character (ALIGNED); ext bit, 8-bit length-1, aligned characters.
  encoder e;
  e.char_string("amf", size_range{1, 150, true});
  EXPECT_EQ(e.finish(), (bytes{0x01, 0x00, 'a', 'm', 'f'}));
}

TEST(aper_encoder, fragmented_octets) {
  // §11.9.3.8: 20000 octets = one 16K fragment (0xc1) + 3616 octets (0x8e20).
  const bytes big(20000, 0x5a);
  encoder e;
  e.unconstrained_octets(big);
  const auto out = e.finish();
  ASSERT_EQ(out.size(), 1 + 16384 + 2 + 3616);
  EXPECT_EQ(out[0], 0xc1);
  EXPECT_EQ(out[16385], 0x8e);
  EXPECT_EQ(out[16386], 0x20);
  decoder d(out);
  bytes back;
  d.unconstrained_octets(back);
  EXPECT_TRUE(d.ok());
  EXPECT_EQ(back, big);
  const bytes exact(16384, 1);  // an exact multiple ends with a zero length octet
  encoder e2;
  e2.unconstrained_octets(exact);
  const auto out2 = e2.finish();
  ASSERT_EQ(out2.size(), 16386U);
  EXPECT_EQ(out2.back(), 0x00);
}

TEST(aper_encoder, empty_complete_encoding_is_one_zero_octet) {
  encoder e;  // §11.1
  EXPECT_EQ(e.finish(), (bytes{0x00}));
}

TEST(aper_encoder, constraint_violations_fail_and_stick) {
  encoder e;
  e.integer(70, int_range{1, 60, true, true, false});
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.failure(), error_code::value_out_of_range);
  e.octet_string(bytes{1}, size_range{3, 3, false});
  EXPECT_EQ(e.failure(), error_code::value_out_of_range) << "first failure sticks";
  encoder e2;
  e2.count(0, size_range{1, 16, false});
  EXPECT_EQ(e2.failure(), error_code::size_out_of_range);
}

// Every primitive written then read back, and every truncation of the result fails
// cleanly without reading past the end.
bytes sample_stream() {
  encoder e;
  e.integer(0x0102030405, amf_ue_ngap_id_range);
  e.integer(7, int_range{1, 60, true, true, true});
  e.enumerated(4, 3, true);
  e.octet_string(bytes{1, 2, 3, 4, 5}, size_range{});
  e.bit_string(bytes{0xab, 0xcd, 0xe0}, 20, size_range{1, 160, false});
  e.char_string("gnb-1", size_range{1, 150, true});
  e.normally_small(100);
  e.count(3, size_range{1, 256, false});
  encoder inner;
  inner.integer(-5, int_range{0, 0, false, false, false});
  e.open_type(inner);
  e.integer(300, int_range{0, 65535, true, true, false});
  return e.finish();
}

void read_sample(decoder& d) {
  EXPECT_EQ(d.integer(amf_ue_ngap_id_range), 0x0102030405);
  EXPECT_EQ(d.integer(int_range{1, 60, true, true, true}), 7);
  EXPECT_EQ(d.enumerated(3, true), 4U);
  bytes os;
  d.octet_string(os, size_range{});
  EXPECT_EQ(os, (bytes{1, 2, 3, 4, 5}));
  bytes bs;
  std::size_t bits = 0;
  d.bit_string(bs, bits, size_range{1, 160, false});
  EXPECT_EQ(bits, 20U);
  EXPECT_EQ(bs, (bytes{0xab, 0xcd, 0xe0}));
  std::string text;
  d.char_string(text, size_range{1, 150, true});
  EXPECT_EQ(text, "gnb-1");
  EXPECT_EQ(d.normally_small(), 100U);
  EXPECT_EQ(d.count(size_range{1, 256, false}), 3U);
  bytes scratch;
  decoder sub = d.open_type(scratch);
  EXPECT_EQ(sub.integer(int_range{0, 0, false, false, false}), -5);
  d.merge(sub);
  EXPECT_EQ(d.integer(int_range{0, 65535, true, true, false}), 300);
}

TEST(aper_decoder, reads_back_what_the_encoder_wrote) {
  const bytes stream = sample_stream();
  decoder d(stream);
  read_sample(d);
  EXPECT_TRUE(d.ok());
}

TEST(aper_decoder, every_truncation_fails_without_reading_past_the_end) {
  const bytes stream = sample_stream();
  for (std::size_t len = 0; len < stream.size(); ++len) {
    SCOPED_TRACE(len);
    const bytes cut(stream.begin(), stream.begin() + static_cast<long>(len));
    decoder d(cut);
    // Values read after the failure are zeros; only the failure matters here.
    (void)d.integer(amf_ue_ngap_id_range);
    (void)d.integer(int_range{1, 60, true, true, true});
    (void)d.enumerated(3, true);
    bytes os;
    d.octet_string(os, size_range{});
    bytes bs;
    std::size_t bits = 0;
    d.bit_string(bs, bits, size_range{1, 160, false});
    std::string text;
    d.char_string(text, size_range{1, 150, true});
    (void)d.normally_small();
    (void)d.count(size_range{1, 256, false});
    bytes scratch;
    decoder sub = d.open_type(scratch);
    (void)sub.integer(int_range{0, 0, false, false, false});
    d.merge(sub);
    (void)d.integer(int_range{0, 65535, true, true, false});
    EXPECT_FALSE(d.ok());
    EXPECT_EQ(d.failure().code, error_code::truncated);
    EXPECT_LE(d.failure().bit_offset, len * 8);
  }
}

TEST(aper_decoder, rejects_out_of_range_values) {
  const bytes seven{0xe0};  // 3 bits = 7 for a range of 6 values
  decoder d(seven);
  (void)d.constrained_whole(5);
  EXPECT_EQ(d.failure().code, error_code::value_out_of_range);
  const bytes long_length{0x05};  // an unconstrained length 5 against a lower bound of 6
  decoder d2(long_length);
  (void)d2.length(6, size_range::unbounded);
  EXPECT_EQ(d2.failure().code, error_code::size_out_of_range);
}

TEST(aper_decoder, huge_count_is_checked_against_the_input) {
  const bytes claim{0x7f, 0xff};  // SIZE(0..65535): 32767 elements in one octet of input
  decoder d(claim);
  EXPECT_EQ(d.count(size_range{0, 65535, false}), 0U);
  EXPECT_EQ(d.failure().code, error_code::truncated);
}

}  // namespace
}  // namespace glasscore::aper
