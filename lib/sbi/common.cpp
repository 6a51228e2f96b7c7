// TS 29.571 common data types and the TS 29.510 NF type/status enums: validation, JSON
// decoding and encoding.
#include "glasscore/sbi/common.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <utility>

#include "json_util.h"

namespace glasscore::sbi {

namespace {

using detail::json;
using detail::reader;

// TS 29.510 §6.1.6.3.3 (Rel-17), in the OpenAPI's order; the enum follows the same order.
constexpr std::array<std::string_view, 56> nf_type_names = {
    "NRF",   "UDM",    "AMF",    "SMF",      "AUSF",      "NEF",      "PCF",   "SMSF",
    "NSSF",  "UDR",    "LMF",    "GMLC",     "5G_EIR",    "SEPP",     "UPF",   "N3IWF",
    "AF",    "UDSF",   "BSF",    "CHF",      "NWDAF",     "PCSCF",    "CBCF",  "HSS",
    "UCMF",  "SOR_AF", "SPAF",   "MME",      "SCSAS",     "SCEF",     "SCP",   "NSSAAF",
    "ICSCF", "SCSCF",  "DRA",    "IMS_AS",   "AANF",      "5G_DDNMF", "NSACF", "MFAF",
    "EASDF", "DCCF",   "MB_SMF", "TSCTSF",   "ADRF",      "GBA_BSF",  "CEF",   "MB_UPF",
    "NSWOF", "PKMF",   "MNPF",   "SMS_GMSC", "SMS_IWMSC", "MBSF",     "MBSTF", "PANF",
};
static_assert(static_cast<std::size_t>(nf_type::panf) + 1 == nf_type_names.size());

constexpr std::array<std::string_view, 3> nf_status_names = {"REGISTERED", "SUSPENDED",
                                                             "UNDISCOVERABLE"};

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string decode_error::to_string() const {
  if (pointer.empty()) {
    return reason;
  }
  return pointer.substr(1) + ": " + reason;
}

std::string_view to_string(nf_type t) {
  const auto i = static_cast<std::size_t>(t);
  return i < nf_type_names.size() ? nf_type_names[i] : std::string_view("?");
}

std::optional<nf_type> parse_nf_type(std::string_view s) {
  for (std::size_t i = 0; i < nf_type_names.size(); ++i) {
    if (nf_type_names[i] == s) {
      return static_cast<nf_type>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(nf_status s) {
  const auto i = static_cast<std::size_t>(s);
  return i < nf_status_names.size() ? nf_status_names[i] : std::string_view("?");
}

std::optional<nf_status> parse_nf_status(std::string_view s) {
  for (std::size_t i = 0; i < nf_status_names.size(); ++i) {
    if (nf_status_names[i] == s) {
      return static_cast<nf_status>(i);
    }
  }
  return std::nullopt;
}

bool is_mcc(std::string_view s) {
  return s.size() == 3 && all_digits(s);
}
bool is_mnc(std::string_view s) {
  return (s.size() == 2 || s.size() == 3) && all_digits(s);
}

bool is_hex(std::string_view s, std::size_t min_len, std::size_t max_len) {
  return s.size() >= min_len && s.size() <= max_len &&
         std::all_of(s.begin(), s.end(), is_hex_digit);
}

bool is_uuid(std::string_view s) {
  // 8-4-4-4-12 hex digits.
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex_digit(s[i])) {
      return false;
    }
  }
  return true;
}

bool nesting_within(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return false;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

expected<nlohmann::json, decode_error> parse_json(std::string_view text) {
  // Nesting is bounded before parsing: nlohmann parses iteratively, but comparing, copying
  // and dumping a value recurse, so a 1 MiB body of '[' would overflow the stack later.
  if (!nesting_within(text, max_json_depth)) {
    return unexpected<decode_error>(
        decode_error{decode_error_kind::syntax, "",
                     "JSON nested deeper than " + std::to_string(max_json_depth) + " levels"});
  }
  // The non-throwing overload: a parse error yields a "discarded" value.
  auto j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return unexpected<decode_error>(
        decode_error{decode_error_kind::syntax, "", "body is not valid JSON"});
  }
  return j;
}

std::string to_text(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace detail {

bool is_ipv4(const std::string& s) {
  in_addr a{};
  return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr a{};
  return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

bool is_ipv6_prefix(std::string_view s) {
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) {
    return false;
  }
  const auto length = s.substr(slash + 1);
  if (length.empty() || length.size() > 3 ||
      !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int bits = 0;
  for (char c : length) {
    bits = bits * 10 + (c - '0');
  }
  return bits <= 128 && is_ipv6(std::string(s.substr(0, slash)));
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

void read(reader& r, const json& j, const std::string& p, std::string& out) {
  if (r.failed()) {
    return;
  }
  if (!j.is_string()) {
    r.incorrect(p, "must be a string");
    return;
  }
  out = j.get_ref<const std::string&>();
}

void read(reader& r, const json& j, const std::string& p, bool& out) {
  if (r.failed()) {
    return;
  }
  if (!j.is_boolean()) {
    r.incorrect(p, "must be a boolean");
    return;
  }
  out = j.get<bool>();
}

bool read_integer(reader& r, const json& j, const std::string& p, std::int64_t min,
                  std::int64_t max, std::int64_t& out) {
  if (r.failed()) {
    return false;
  }
  if (!j.is_number_integer()) {
    r.incorrect(p, "must be an integer");
    return false;
  }
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    r.incorrect(p, "out of range");
    return false;
  }
  const auto v = j.get<std::int64_t>();
  if (v < min || v > max) {
    r.incorrect(p, "out of range " + std::to_string(min) + ".." + std::to_string(max));
    return false;
  }
  out = v;
  return true;
}

void read(reader& r, const json& j, const std::string& p, nf_type& out) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  auto t = parse_nf_type(s);
  if (!t) {
    r.incorrect(p, "unknown value '" + s + "'");
    return;
  }
  out = *t;
}

void read(reader& r, const json& j, const std::string& p, nf_status& out) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  auto t = parse_nf_status(s);
  if (!t) {
    r.incorrect(p, "unknown value '" + s + "'");
    return;
  }
  out = *t;
}

void read(reader& r, const json& j, const std::string& p, plmn_id& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "mcc", out.mcc);
  req(r, j, p, "mnc", out.mnc);
  if (!r.failed() && !is_mcc(out.mcc)) {
    r.incorrect(child(p, "mcc"), "must be 3 digits");
  }
  if (!r.failed() && !is_mnc(out.mnc)) {
    r.incorrect(child(p, "mnc"), "must be 2 or 3 digits");
  }
}

void read(reader& r, const json& j, const std::string& p, snssai& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "sst", out.sst);
  opt(r, j, p, "sd", out.sd);
  if (!r.failed() && out.sd) {
    if (!is_hex(*out.sd, 6, 6)) {
      r.incorrect(child(p, "sd"), "must be 6 hex digits");
      return;
    }
    out.sd = lower(*out.sd);
  }
}

void read(reader& r, const json& j, const std::string& p, tai& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "plmnId", out.plmn);
  req(r, j, p, "tac", out.tac);
  opt(r, j, p, "nid", out.nid);
  if (!r.failed()) {
    if (!is_hex(out.tac, 4, 4) && !is_hex(out.tac, 6, 6)) {
      r.incorrect(child(p, "tac"), "must be 4 or 6 hex digits");
      return;
    }
    out.tac = lower(out.tac);
  }
}

void read(reader& r, const json& j, const std::string& p, guami& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "plmnId", out.plmn);
  req(r, j, p, "amfId", out.amf_id);
  if (!r.failed()) {
    if (!is_hex(out.amf_id, 6, 6)) {
      r.incorrect(child(p, "amfId"), "must be 6 hex digits");
      return;
    }
    out.amf_id = lower(out.amf_id);
  }
}

void read(reader& r, const json& j, const std::string& p, invalid_param& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "param", out.param);
  opt(r, j, p, "reason", out.reason);
}

void read(reader& r, const json& j, const std::string& p, problem_details& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "type", out.type);
  opt(r, j, p, "title", out.title);
  opt(r, j, p, "status", out.status);
  opt(r, j, p, "detail", out.detail);
  opt(r, j, p, "instance", out.instance);
  opt(r, j, p, "cause", out.cause);
  opt(r, j, p, "invalidParams", out.invalid_params);
  opt(r, j, p, "supportedFeatures", out.supported_features);
}

}  // namespace detail

expected<plmn_id, decode_error> decode_plmn_id(const json& j, const std::string& pointer) {
  return detail::decode_with<plmn_id>(j, pointer);
}
expected<snssai, decode_error> decode_snssai(const json& j, const std::string& pointer) {
  return detail::decode_with<snssai>(j, pointer);
}
expected<tai, decode_error> decode_tai(const json& j, const std::string& pointer) {
  return detail::decode_with<tai>(j, pointer);
}
expected<guami, decode_error> decode_guami(const json& j, const std::string& pointer) {
  return detail::decode_with<guami>(j, pointer);
}
expected<problem_details, decode_error> decode_problem_details(const json& j,
                                                               const std::string& pointer) {
  return detail::decode_with<problem_details>(j, pointer);
}

using detail::put;

json to_json(const plmn_id& v) {
  return json{{"mcc", v.mcc}, {"mnc", v.mnc}};
}

json to_json(const snssai& v) {
  json j = json::object();
  put(j, "sst", v.sst);
  put(j, "sd", v.sd);
  return j;
}

json to_json(const tai& v) {
  json j = json::object();
  put(j, "plmnId", v.plmn);
  put(j, "tac", v.tac);
  put(j, "nid", v.nid);
  return j;
}

json to_json(const guami& v) {
  json j = json::object();
  put(j, "plmnId", v.plmn);
  put(j, "amfId", v.amf_id);
  return j;
}

json to_json(const invalid_param& v) {
  json j = json::object();
  put(j, "param", v.param);
  put(j, "reason", v.reason);
  return j;
}

json to_json(const problem_details& v) {
  json j = json::object();
  put(j, "type", v.type);
  put(j, "title", v.title);
  put(j, "status", v.status);
  put(j, "detail", v.detail);
  put(j, "instance", v.instance);
  put(j, "cause", v.cause);
  put(j, "invalidParams", v.invalid_params);
  put(j, "supportedFeatures", v.supported_features);
  return j;
}

}  // namespace glasscore::sbi
