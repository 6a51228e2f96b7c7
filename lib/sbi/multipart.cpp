// multipart/related bodies (RFC 2387, RFC 2046 §5.1) for SBI binary parts (TS 29.500
// §6.1.2.4). Parsing works on the raw bytes as a string_view; nothing allocates per byte
// and every search is bounded by the body size.
#include "glasscore/sbi/multipart.h"

#include "glasscore/sbi/common.h"

#include <algorithm>
#include <cstdio>

namespace glasscore::sbi {

namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::size_t max_boundary_length = 70;  // RFC 2046 §5.1.1

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

/// RFC 2045 §5.1 tspecials, plus space and controls: characters a token cannot hold.
bool needs_quoting(std::string_view s) {
  return s.empty() || std::any_of(s.begin(), s.end(), [](char c) {
           return std::string_view("()<>@,;:\\\"/[]?= \t").find(c) != std::string_view::npos ||
                  static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f;
         });
}

/// RFC 2046 §5.1.1 bchars: what a boundary may be made of (space not as the last one).
bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > max_boundary_length || b.back() == ' ') {
    return false;
  }
  return std::all_of(b.begin(), b.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
  });
}

unexpected<decode_error> syntax_error(std::string reason) {
  return unexpected<decode_error>(
      decode_error{decode_error_kind::syntax, "", "multipart: " + std::move(reason)});
}

/// If a delimiter line starts at `pos` (pos points at "--boundary"), the position after it
/// and whether it is the close delimiter; nullopt if what follows "--boundary" is neither
/// "--" nor optional transport padding then CRLF (RFC 2046 §5.1.1).
struct delimiter_end {
  std::size_t next = 0;
  bool close = false;
};
std::optional<delimiter_end> delimiter_at(std::string_view body, std::size_t pos,
                                          std::string_view dash_boundary) {
  if (body.substr(pos, dash_boundary.size()) != dash_boundary) {
    return std::nullopt;
  }
  std::size_t p = pos + dash_boundary.size();
  if (body.substr(p, 2) == "--") {
    return delimiter_end{p + 2, true};
  }
  while (p < body.size() && (body[p] == ' ' || body[p] == '\t')) {
    ++p;
  }
  if (body.substr(p, 2) != crlf) {
    return std::nullopt;
  }
  return delimiter_end{p + 2, false};
}

/// The next CRLF "--boundary" at or after `from` that really is a delimiter line: returns
/// the position of the CRLF, or npos.
std::size_t find_delimiter(std::string_view body, std::size_t from,
                           std::string_view crlf_dash_boundary) {
  while (true) {
    const auto at = body.find(crlf_dash_boundary, from);
    if (at == std::string_view::npos) {
      return at;
    }
    if (delimiter_at(body, at + 2, crlf_dash_boundary.substr(2))) {
      return at;
    }
    from = at + 1;
  }
}

/// Parses the header block of one part into `part`; returns an error reason or "".
std::string parse_part_headers(std::string_view block, body_part& part) {
  std::vector<std::pair<std::string_view, std::string>> headers;
  while (!block.empty()) {
    const auto eol = block.find(crlf);
    const auto line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    if (line.empty()) {
      return "empty header line";
    }
    if (line.front() == ' ' || line.front() == '\t') {
      // Obsolete line folding (RFC 5322 §2.2.3): a continuation of the previous header.
      if (headers.empty()) {
        return "continuation line without a header";
      }
      headers.back().second += ' ';
      headers.back().second += trim(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return "header line without a name and ':'";
    }
    if (headers.size() == max_part_header_lines) {
      return "too many header lines";
    }
    headers.emplace_back(trim(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  for (auto& [name, value] : headers) {
    if (iequals(name, "content-type")) {
      part.content_type = std::move(value);
    } else if (iequals(name, "content-id")) {
      part.content_id = std::move(value);
    }
  }
  return "";
}

/// Splits "a=b; c=\"d\"" parameters; calls f(name, value) for each; false if malformed.
template <class F>
bool for_each_parameter(std::string_view params, F f) {
  std::size_t i = 0;
  while (i < params.size()) {
    while (i < params.size() && (params[i] == ';' || params[i] == ' ' || params[i] == '\t')) {
      ++i;
    }
    if (i == params.size()) {
      break;
    }
    const auto eq = params.find('=', i);
    if (eq == std::string_view::npos) {
      return false;
    }
    const auto name = trim(params.substr(i, eq - i));
    i = eq + 1;
    while (i < params.size() && (params[i] == ' ' || params[i] == '\t')) {
      ++i;
    }
    std::string value;
    if (i < params.size() && params[i] == '"') {
      ++i;
      bool closed = false;
      while (i < params.size()) {
        const char c = params[i++];
        if (c == '\\' && i < params.size()) {
          value += params[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) {
        return false;
      }
    } else {
      const auto end = params.find(';', i);
      value = std::string(trim(params.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end == std::string_view::npos ? params.size() : end;
    }
    if (name.empty()) {
      return false;
    }
    f(name, std::move(value));
  }
  return true;
}

std::string_view strip_angle_brackets(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

std::string choose_boundary(const multipart_body& body) {
  // Candidates differ in a counter; each part can contain only finitely many of them, so
  // the loop ends after at most (total data size + 1) candidates.
  for (unsigned long long n = 0;; ++n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "glasscore-part-boundary-%llx", n);
    const std::string_view candidate(buf);
    const bool clash = std::any_of(body.parts.begin(), body.parts.end(), [&](const body_part& p) {
      const std::string_view data(reinterpret_cast<const char*>(p.data.data()), p.data.size());
      return data.find(candidate) != std::string_view::npos;
    });
    if (!clash) {
      return std::string(candidate);
    }
  }
}

std::string multipart_content_type(std::string_view boundary) {
  std::string out = "multipart/related; boundary=";
  if (needs_quoting(boundary)) {
    out += '"';
    for (char c : boundary) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
  } else {
    out += boundary;
  }
  out += "; type=\"application/json\"";
  return out;
}

std::vector<std::uint8_t> encode_multipart(const multipart_body& body, std::string_view boundary) {
  std::string out;
  std::size_t size = 8 + boundary.size();
  for (const auto& p : body.parts) {
    size += p.data.size() + p.content_type.size() + p.content_id.size() + boundary.size() + 40;
  }
  out.reserve(size);
  for (const auto& p : body.parts) {
    out += "--";
    out += boundary;
    out += crlf;
    out += "Content-Type: ";
    out += p.content_type;
    out += crlf;
    if (!p.content_id.empty()) {
      out += "Content-Id: ";
      out += p.content_id;
      out += crlf;
    }
    out += crlf;
    out.append(reinterpret_cast<const char*>(p.data.data()), p.data.size());
    out += crlf;
  }
  out += "--";
  out += boundary;
  out += "--";
  out += crlf;
  return {out.begin(), out.end()};
}

bool is_multipart_related(std::string_view content_type_header) {
  const auto semi = content_type_header.find(';');
  return iequals(trim(content_type_header.substr(0, semi)), "multipart/related");
}

std::optional<std::string> multipart_boundary(std::string_view content_type_header) {
  const auto semi = content_type_header.find(';');
  if (semi == std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<std::string> boundary;
  const bool ok = for_each_parameter(content_type_header.substr(semi + 1),
                                     [&](std::string_view name, std::string value) {
                                       if (iequals(name, "boundary") && !boundary) {
                                         boundary = std::move(value);
                                       }
                                     });
  if (!ok) {
    return std::nullopt;
  }
  return boundary;
}

expected<multipart_body, decode_error> decode_multipart(std::string_view content_type_header,
                                                        std::span<const std::uint8_t> bytes) {
  const auto semi = content_type_header.find(';');
  const auto media = trim(content_type_header.substr(0, semi));
  if (media.size() < 10 || !iequals(media.substr(0, 10), "multipart/")) {
    return syntax_error("Content-Type '" + std::string(media) + "' is not multipart");
  }
  const auto boundary = multipart_boundary(content_type_header);
  if (!boundary) {
    return syntax_error("no boundary parameter in Content-Type");
  }
  if (!valid_boundary(*boundary)) {
    return syntax_error("invalid boundary (RFC 2046 §5.1.1: 1 to 70 characters of bchars)");
  }
  const std::string_view body(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const std::string crlf_dash_boundary = "\r\n--" + *boundary;
  const std::string_view dash_boundary = std::string_view(crlf_dash_boundary).substr(2);

  // The first delimiter may open the body (no preamble) or follow a preamble and CRLF.
  std::size_t pos = 0;
  if (!delimiter_at(body, 0, dash_boundary)) {
    const auto at = find_delimiter(body, 0, crlf_dash_boundary);
    if (at == std::string_view::npos) {
      return syntax_error("no boundary delimiter line");
    }
    pos = at + 2;
  }
  multipart_body out;
  while (true) {
    const auto delim = delimiter_at(body, pos, dash_boundary);
    if (!delim) {
      // find_delimiter only stops at real delimiter lines; kept as a guard.
      return syntax_error("malformed boundary delimiter line");
    }
    if (delim->close) {
      break;
    }
    if (out.parts.size() == max_multipart_parts) {
      return syntax_error("more than " + std::to_string(max_multipart_parts) + " parts");
    }
    const auto start = delim->next;
    const auto end = find_delimiter(body, start, crlf_dash_boundary);
    const auto index = std::to_string(out.parts.size());
    if (end == std::string_view::npos) {
      return syntax_error("part " + index + " has no closing boundary delimiter");
    }
    // body-part := MIME-part-headers [CRLF *OCTET] (RFC 2046 §5.1.1): the headers end with
    // CRLF, and the CRLF that separates them from the content may be missing when there is
    // no content.
    const auto part_text = body.substr(start, end - start);
    body_part part;
    part.content_type = "text/plain";  // RFC 2046 §5.1: the default
    std::string_view data;
    std::string_view header_block;
    if (part_text.empty()) {
      // neither headers nor content
    } else if (part_text.starts_with(crlf)) {
      data = part_text.substr(2);  // no headers
    } else if (const auto blank = part_text.find("\r\n\r\n"); blank != std::string_view::npos) {
      header_block = part_text.substr(0, blank);
      data = part_text.substr(blank + 4);
    } else if (part_text.ends_with(crlf)) {
      header_block = part_text.substr(0, part_text.size() - 2);  // headers, no content
    } else {
      return syntax_error("part " + index + ": headers not ended by CRLF");
    }
    if (!header_block.empty()) {
      const auto reason = parse_part_headers(header_block, part);
      if (!reason.empty()) {
        return syntax_error("part " + index + ": " + reason);
      }
    }
    part.data.assign(data.begin(), data.end());
    out.parts.push_back(std::move(part));
    pos = end + 2;
  }
  if (out.parts.empty()) {
    return syntax_error("no body parts");
  }
  return out;
}

const body_part* find_part(const multipart_body& body, std::string_view content_id) {
  const auto wanted = strip_angle_brackets(content_id);
  for (const auto& p : body.parts) {
    if (!p.content_id.empty() && strip_angle_brackets(p.content_id) == wanted) {
      return &p;
    }
  }
  return nullptr;
}

const body_part* json_part(const multipart_body& body) {
  for (const auto& p : body.parts) {
    const auto semi = p.content_type.find(';');
    if (iequals(trim(std::string_view(p.content_type).substr(0, semi)), content_type_json)) {
      return &p;
    }
  }
  return nullptr;
}

expected<json_with_parts, decode_error> read_json_with_parts(std::string_view content_type_header,
                                                             std::string_view body) {
  if (!is_multipart_related(content_type_header)) {
    auto json = parse_json(body);
    if (!json) {
      return fail(json.error());
    }
    return json_with_parts{std::move(*json), {}};
  }
  auto parts =
      decode_multipart(content_type_header,
                       std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
  if (!parts) {
    return fail(parts.error());
  }
  const body_part* root = json_part(*parts);
  if (root == nullptr) {
    return fail(
        decode_error{decode_error_kind::missing, "", "multipart: no application/json part"});
  }
  auto json = parse_json(
      std::string_view(reinterpret_cast<const char*>(root->data.data()), root->data.size()));
  if (!json) {
    return fail(json.error());
  }
  return json_with_parts{std::move(*json), std::move(*parts)};
}

encoded_body encode_json_with_parts(const nlohmann::json& json,
                                    std::vector<body_part> binary_parts) {
  std::string text = json.dump();
  if (binary_parts.empty()) {
    return {std::string(content_type_json), std::move(text)};
  }
  multipart_body m;
  m.parts.push_back({std::string(content_type_json), {}, {text.begin(), text.end()}});
  for (auto& p : binary_parts) {
    m.parts.push_back(std::move(p));
  }
  const std::string boundary = choose_boundary(m);
  const auto bytes = encode_multipart(m, boundary);
  return {multipart_content_type(boundary), std::string(bytes.begin(), bytes.end())};
}

}  // namespace glasscore::sbi
