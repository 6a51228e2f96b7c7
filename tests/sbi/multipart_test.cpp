// multipart/related bodies (RFC 2387 / RFC 2046 §5.1, TS 29.500 §6.1.2.4): the bodies
// another core sent (tests/sbi/data/session), checked part by part with our NAS and NGAP
// codecs; round trips with hostile binary content; truncation and malformed input; and
// tshark's multipart dissector reading what we encode.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "glasscore/codec/nas/messages_5gsm.h"
#include "glasscore/codec/ngap/codec.h"
#include "glasscore/codec/ngap/gen/ies.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/multipart.h"
#include "support/tshark.h"

namespace glasscore::sbi {
namespace {

std::string load(const std::string& name) {
  std::ifstream in(std::string(GLASSCORE_SBI_TEST_DATA) + "/session/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

expected<multipart_body, decode_error> decode_capture(const std::string& name) {
  const auto body = bytes(load(name + ".multipart"));
  return decode_multipart(load(name + ".content-type"), body);
}

/// The NGAP transfer in `data` decodes as T and re-encodes to exactly `data` (APER is
/// canonical), which proves the part boundaries were cut at the right bytes.
template <class T>
void expect_exact_ngap(const std::vector<std::uint8_t>& data) {
  auto v = ngap::decode<T>(data);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->must_reject());
  auto again = ngap::encode(v->value);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, data);
}

TEST(sbi_multipart, decodes_open5gs_sm_context_create) {
  auto m = decode_capture("open5gs_sm_context_create");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->parts.size(), 2U);
  EXPECT_EQ(m->parts[0].content_type, "application/json");
  EXPECT_EQ(m->parts[0].content_id, "");
  EXPECT_EQ(json_part(*m), &m->parts[0]);
  const auto* nas = find_part(*m, "5gnas-sm");
  ASSERT_NE(nas, nullptr);
  EXPECT_EQ(nas->content_type, "application/vnd.3gpp.5gnas");
  // The NAS part is exactly a PDU Session Establishment Request for session 10
  // (TS 24.501 §8.3.1): our NAS codec reads it whole.
  auto gsm = nas::decode_gsm(nas->data);
  ASSERT_TRUE(gsm);
  EXPECT_EQ(gsm->pdu_session_id, 10);
  EXPECT_EQ(nas::type_of(gsm->body), nas::gsm_message_type::pdu_session_establishment_request);
  EXPECT_EQ(nas->data.front(), 0x2e);           // EPD 5GSM
  EXPECT_EQ(find_part(*m, "<5gnas-sm>"), nas);  // RFC 2392 angle brackets ignored
  EXPECT_EQ(find_part(*m, "ngap-sm"), nullptr);
  // The JSON root parses.
  const std::string_view text(reinterpret_cast<const char*>(m->parts[0].data.data()),
                              m->parts[0].data.size());
  EXPECT_TRUE(parse_json(text));
  EXPECT_EQ(text.back(), '}');
}

TEST(sbi_multipart, decodes_open5gs_n1_n2_transfers_and_update) {
  auto m = decode_capture("open5gs_n1n2_setup");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->parts.size(), 3U);
  const auto* nas = find_part(*m, "5gnas-sm");
  ASSERT_NE(nas, nullptr);
  auto gsm = nas::decode_gsm(nas->data);
  ASSERT_TRUE(gsm);
  EXPECT_EQ(nas::type_of(gsm->body), nas::gsm_message_type::pdu_session_establishment_accept);
  const auto* n2 = find_part(*m, "ngap-sm");
  ASSERT_NE(n2, nullptr);
  EXPECT_EQ(n2->content_type, "application/vnd.3gpp.ngap");
  expect_exact_ngap<ngap::pdu_session_resource_setup_request_transfer>(n2->data);

  auto u = decode_capture("open5gs_sm_context_update_setup_rsp");
  ASSERT_TRUE(u) << u.error().to_string();
  ASSERT_EQ(u->parts.size(), 2U);
  ASSERT_NE(find_part(*u, "ngap-sm"), nullptr);
  expect_exact_ngap<ngap::pdu_session_resource_setup_response_transfer>(
      find_part(*u, "ngap-sm")->data);

  auto r = decode_capture("open5gs_n1n2_release_cmd");
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->parts.size(), 2U);
  ASSERT_NE(find_part(*r, "ngap-sm"), nullptr);
  expect_exact_ngap<ngap::pdu_session_resource_release_command_transfer>(
      find_part(*r, "ngap-sm")->data);
}

/// Parts whose data look like multipart syntax: delimiters of the boundary the encoder
/// would pick first, CRLFs and "--" at the edges, every byte value, an empty part.
multipart_body awkward_body() {
  multipart_body b;
  b.parts.push_back({"application/json", "", bytes(R"({"n1SmMsg":{"contentId":"n1"}})")});
  b.parts.push_back({"application/vnd.3gpp.5gnas", "n1",
                     bytes("\r\n--glasscore-part-boundary-0\r\n--\r\n\r\n--")});
  std::vector<std::uint8_t> all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<std::uint8_t>(i));
  }
  all.insert(all.end(), {'\r', '\n', '-', '-'});
  b.parts.push_back({"application/vnd.3gpp.ngap", "n2", all});
  b.parts.push_back({"application/vnd.3gpp.ngap", "empty", {}});
  b.parts.push_back({"application/vnd.3gpp.5gnas", "crlf", bytes("\r\n\r\n")});
  return b;
}

TEST(sbi_multipart, round_trips_awkward_binary) {
  const auto body = awkward_body();
  const auto boundary = choose_boundary(body);
  EXPECT_NE(boundary, "glasscore-part-boundary-0");  // that one occurs in part 1
  const auto encoded = encode_multipart(body, boundary);
  const auto ct = multipart_content_type(boundary);
  EXPECT_TRUE(is_multipart_related(ct));
  EXPECT_EQ(multipart_boundary(ct), boundary);
  auto decoded = decode_multipart(ct, encoded);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, body);

  // Every truncation: an error until the close delimiter is complete (the final CRLF is
  // optional), and never a crash.
  for (std::size_t n = 0; n < encoded.size(); ++n) {
    auto t = decode_multipart(ct, std::span(encoded).first(n));
    if (n + 2 < encoded.size()) {
      EXPECT_FALSE(t) << n;
    } else {
      ASSERT_TRUE(t) << n;
      EXPECT_EQ(*t, body);
    }
  }
}

TEST(sbi_multipart, encodes_the_ts29500_layout) {
  multipart_body b;
  b.parts.push_back({"application/json", "", bytes("{}")});
  b.parts.push_back({"application/vnd.3gpp.5gnas", "n1msg", {0x2e, 0x01}});
  const auto out = encode_multipart(b, "B");
  EXPECT_EQ(std::string(out.begin(), out.end()),
            "--B\r\nContent-Type: application/json\r\n\r\n{}\r\n"
            "--B\r\nContent-Type: application/vnd.3gpp.5gnas\r\nContent-Id: n1msg\r\n\r\n"
            "\x2e\x01\r\n--B--\r\n");
  EXPECT_EQ(multipart_content_type("B"),
            "multipart/related; boundary=B; type=\"application/json\"");
  EXPECT_EQ(multipart_content_type("=-abc/d=="),
            "multipart/related; boundary=\"=-abc/d==\"; type=\"application/json\"");
}

TEST(sbi_multipart, accepts_what_rfc2046_allows) {
  // Preamble, transport padding after the boundary, an epilogue, headers in any case and
  // order, a part without headers, a header-only part, an unquoted boundary.
  const std::string body =
      "preamble text\r\n"
      "--xyz  \r\n"
      "content-ID: <a>\r\n"
      "CONTENT-TYPE: application/json\r\n"
      "X-Other: 1\r\n"
      "\r\n"
      "{}\r\n"
      "--xyz\r\n"
      "\r\n"
      "no headers\r\n"
      "--xyz\r\n"
      "Content-Type: application/vnd.3gpp.ngap\r\n"
      "Content-Id: h\r\n"
      "\r\n"
      "--xyz--\r\n"
      "epilogue";
  auto m =
      decode_multipart("Multipart/Related;type=\"application/json\";boundary=xyz", bytes(body));
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->parts.size(), 3U);
  EXPECT_EQ(m->parts[0].content_type, "application/json");
  EXPECT_EQ(m->parts[0].content_id, "<a>");
  EXPECT_NE(find_part(*m, "a"), nullptr);
  EXPECT_EQ(m->parts[1].content_type, "text/plain");  // RFC 2046 §5.1 default
  EXPECT_EQ(m->parts[1].data, bytes("no headers"));
  EXPECT_EQ(m->parts[2].content_id, "h");
  EXPECT_TRUE(m->parts[2].data.empty());
  // A delimiter-looking line that continues the boundary is data, not a delimiter.
  auto d = decode_multipart("multipart/related; boundary=b",
                            bytes("--b\r\n\r\nx\r\n--bc\r\ny\r\n--b--"));
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_EQ(d->parts.size(), 1U);
  EXPECT_EQ(d->parts[0].data, bytes("x\r\n--bc\r\ny"));
}

TEST(sbi_multipart, refuses_malformed_input_with_a_reason) {
  struct bad_case {
    const char* content_type;
    std::string body;
    const char* reason;
  };
  std::string many;
  for (int i = 0; i <= 16; ++i) {
    many += "--b\r\n\r\nx\r\n";
  }
  many += "--b--";
  std::string long_headers = "--b\r\n";
  for (int i = 0; i <= 16; ++i) {
    long_headers += "X-H: 1\r\n";
  }
  long_headers += "\r\nx\r\n--b--";
  for (const auto& c : std::initializer_list<bad_case>{
           {"application/json", "--b\r\n\r\nx\r\n--b--", "not multipart"},
           {"multipart/related", "--b\r\n\r\nx\r\n--b--", "no boundary"},
           {"multipart/related; boundary=\"b", "--b\r\n\r\nx\r\n--b--", "no boundary"},
           {"multipart/related; boundary=\"\"", "--\r\n\r\nx\r\n----", "invalid boundary"},
           {"multipart/related; boundary=b\x01", "x", "invalid boundary"},
           {"multipart/related; boundary=b", "", "no boundary delimiter"},
           {"multipart/related; boundary=b", "--c\r\n\r\nx\r\n--c--", "no boundary delimiter"},
           {"multipart/related; boundary=b", "--b\r\n\r\nx", "no closing boundary"},
           {"multipart/related; boundary=b", "--b\r\n\r\nx\r\n--b", "no closing boundary"},
           {"multipart/related; boundary=b", "--b--", "no body parts"},
           {"multipart/related; boundary=b", "--b\r\nContent-Type x\r\n\r\nx\r\n--b--",
            "without a name"},
           {"multipart/related; boundary=b", "--b\r\nContent-Type: x\r\n--b--",
            "headers not ended"},
           {"multipart/related; boundary=b", "--b\r\n Content-Type: x\r\n\r\n\r\n--b--",
            "continuation"},
           {"multipart/related; boundary=b", many, "more than 16 parts"},
           {"multipart/related; boundary=b", long_headers, "too many header lines"},
       }) {
    auto m = decode_multipart(c.content_type, bytes(c.body));
    ASSERT_FALSE(m) << c.reason;
    EXPECT_EQ(m.error().kind, decode_error_kind::syntax);
    EXPECT_NE(m.error().reason.find(c.reason), std::string::npos)
        << "got '" << m.error().reason << "', want '" << c.reason << "'";
  }
  std::string boundary71(71, 'a');
  EXPECT_FALSE(decode_multipart("multipart/related; boundary=" + boundary71,
                                bytes("--" + boundary71 + "\r\n\r\nx\r\n--" + boundary71 + "--")));
}

TEST(sbi_multipart, tshark_reads_ours) {
  GLASSCORE_TSHARK_OR_SKIP();
  // An HTTP/1.1 framing around our body, so tshark's HTTP dissector hands the Content-Type
  // (with the boundary) to its multipart dissector, as HTTP/2 does for the SBI.
  const auto body = awkward_body();
  const auto boundary = choose_boundary(body);
  const auto encoded = encode_multipart(body, boundary);
  std::string head =
      "POST /nsmf-pdusession/v1/sm-contexts HTTP/1.1\r\nHost: smf\r\nContent-Type: " +
      multipart_content_type(boundary) + "\r\nContent-Length: " + std::to_string(encoded.size()) +
      "\r\n\r\n";
  std::vector<std::uint8_t> pdu(head.begin(), head.end());
  pdu.insert(pdu.end(), encoded.begin(), encoded.end());
  std::string error;
  auto packets = test::run_tshark(
      {pdu}, "http",
      {"mime_multipart.header.content-id", "mime_multipart.header.content-type",
       "mime_multipart.first_boundary", "mime_multipart.boundary", "mime_multipart.last_boundary"},
      &error);
  ASSERT_TRUE(packets) << error;
  ASSERT_EQ(packets->size(), 1U);
  const auto& p = (*packets)[0];
  EXPECT_FALSE(p.malformed);
  EXPECT_EQ(p.values("mime_multipart.header.content-id"),
            (std::vector<std::string>{"n1", "n2", "empty", "crlf"}));
  EXPECT_EQ(p.values("mime_multipart.header.content-type"),
            (std::vector<std::string>{"application/json", "application/vnd.3gpp.5gnas",
                                      "application/vnd.3gpp.ngap", "application/vnd.3gpp.ngap",
                                      "application/vnd.3gpp.5gnas"}));
  // tshark prints the delimiters with escaped CR LF: one first, one between parts, one last.
  EXPECT_EQ(p.values("mime_multipart.first_boundary"),
            std::vector<std::string>{"--" + boundary + "\\r\\n"});
  EXPECT_EQ(p.values("mime_multipart.boundary"),
            std::vector<std::string>(4, "\\r\\n--" + boundary + "\\r\\n"));
  EXPECT_EQ(p.values("mime_multipart.last_boundary"),
            std::vector<std::string>{"\\r\\n--" + boundary + "--\\r\\n"});
}

}  // namespace
}  // namespace glasscore::sbi
