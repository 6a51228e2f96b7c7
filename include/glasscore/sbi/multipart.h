#pragma once
/// \file
/// multipart/related bodies (RFC 2387 over the RFC 2046 §5.1 multipart syntax) as the SBI
/// uses them to carry binary N1/N2 payloads next to the JSON (TS 29.500 §6.1.2.4,
/// TS 29.502 §6.1.2.4, TS 29.518 §6.1.2.4): the first part is the JSON root
/// (Content-Type application/json), the others are binary parts with a Content-Id and a
/// Content-Type of application/vnd.3gpp.5gnas (NAS, TS 29.502 §6.1.2.4) or
/// application/vnd.3gpp.ngap (NGAP), referenced from the JSON by RefToBinaryData.
///
/// Sans-I/O and never throws: malformed input gives a decode_error, never a crash.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

inline constexpr std::string_view content_type_json = "application/json";
inline constexpr std::string_view content_type_5gnas = "application/vnd.3gpp.5gnas";
inline constexpr std::string_view content_type_ngap = "application/vnd.3gpp.ngap";

/// One part. `content_id` is empty when the part has no Content-Id header (the JSON root).
struct body_part {
  std::string content_type;
  std::string content_id;
  std::vector<std::uint8_t> data;
  bool operator==(const body_part&) const = default;
};

struct multipart_body {
  std::vector<body_part> parts;
  bool operator==(const multipart_body&) const = default;
};

/// Limits applied by decode_multipart (a body is bounded by the HTTP/2 server already; this
/// bounds the number of parts and header lines so a hostile body costs little).
inline constexpr std::size_t max_multipart_parts = 16;
inline constexpr std::size_t max_part_header_lines = 16;

/// A boundary (RFC 2046 §5.1.1: 1..70 characters) that occurs in no part's data, derived
/// from the content so encoding is deterministic.
[[nodiscard]] std::string choose_boundary(const multipart_body& body);

/// The Content-Type header value for a body encoded with `boundary`:
/// `multipart/related; boundary=<b>; type="application/json"` (the boundary is quoted when
/// it contains characters outside RFC 2045 tokens).
[[nodiscard]] std::string multipart_content_type(std::string_view boundary);

/// Encodes the parts in order with CRLF line endings: `--b CRLF headers CRLF CRLF data CRLF
/// ... --b-- CRLF`. The caller picks a boundary absent from the data (choose_boundary).
[[nodiscard]] std::vector<std::uint8_t> encode_multipart(const multipart_body& body,
                                                         std::string_view boundary);

/// True if the Content-Type header value is multipart/related (parameters ignored,
/// case-insensitive).
[[nodiscard]] bool is_multipart_related(std::string_view content_type_header);

/// The boundary parameter of a multipart Content-Type header value, quoted or not.
[[nodiscard]] std::optional<std::string> multipart_boundary(std::string_view content_type_header);

/// Decodes a multipart body whose boundary comes from `content_type_header`. Parts are
/// delimited by CRLF "--boundary" (RFC 2046 §5.1.1), so binary data may contain any bytes,
/// CR LF and "--" included. Part headers are matched case-insensitively; a part without
/// Content-Type gets "text/plain" (RFC 2046 §5.1). Preamble and epilogue are ignored.
/// Errors have kind syntax (a 400 INVALID_MSG_FORMAT through sbi::bad_body), an empty
/// pointer and a reason starting "multipart: " that names the part by index ("part 1: ...")
/// for: not multipart, no or bad boundary, no delimiter, a part without closing delimiter,
/// malformed part headers, more than max_multipart_parts parts or max_part_header_lines
/// header lines, no parts at all.
[[nodiscard]] expected<multipart_body, decode_error> decode_multipart(
    std::string_view content_type_header, std::span<const std::uint8_t> body);

/// The part whose Content-Id equals `content_id` (angle brackets "<...>" on either side are
/// ignored, RFC 2392), or nullptr.
[[nodiscard]] const body_part* find_part(const multipart_body& body, std::string_view content_id);

/// The JSON root part: the first part whose type is application/json (RFC 2387 `type`
/// parameter says the root is of that type; TS 29.500 §6.1.2.4 puts it first), or nullptr.
[[nodiscard]] const body_part* json_part(const multipart_body& body);

/// A JSON body and the binary parts that came with it (none for application/json).
struct json_with_parts {
  nlohmann::json json;
  multipart_body parts;
};

/// Reads a body that is either JSON or multipart/related with a JSON root part (the form
/// of every SBI operation that carries N1/N2 messages, TS 29.500 §6.1.2.4); the content type
/// decides. The error names what is wrong (syntax, or a missing JSON part).
[[nodiscard]] expected<json_with_parts, decode_error> read_json_with_parts(
    std::string_view content_type_header, std::string_view body);

/// A body to send: JSON alone as application/json, or, with binary parts, multipart/related
/// with the JSON part first.
struct encoded_body {
  std::string content_type;
  std::string body;
};
[[nodiscard]] encoded_body encode_json_with_parts(const nlohmann::json& json,
                                                  std::vector<body_part> binary_parts);

}  // namespace glasscore::sbi
