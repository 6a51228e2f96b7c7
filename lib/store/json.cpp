// The subscriber import/export format (docs/subscriber-store.md). Reading goes through a
// small cursor that records the first problem with its JSON path and otherwise returns
// defaults, so nlohmann's throwing accessors are never reached with an unexpected type.
#include "glasscore/store/json.h"

#include <fmt/core.h>

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "glasscore/core/hex.h"

namespace glasscore::store {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view format_name = "glasscore-subscribers";
constexpr std::uint64_t format_version = 1;

// --- writing ---------------------------------------------------------------------------------

json ambr_json(const ambr& a) {
  return json{{"uplink_kbps", a.uplink_kbps}, {"downlink_kbps", a.downlink_kbps}};
}

json slice_json(const slice_subscription& slice) {
  json out;
  out["sst"] = slice.nssai.sst;
  if (slice.nssai.sd) {
    out["sd"] = fmt::format("{:06x}", *slice.nssai.sd);
  }
  out["default"] = slice.is_default;
  out["default_dnn"] = slice.default_dnn;
  json dnns = json::array();
  for (const dnn_subscription& d : slice.dnns) {
    json types = json::array();
    for (pdu_session_type t : d.pdu_session_types) {
      types.push_back(std::string(to_string(t)));
    }
    json modes = json::array();
    for (ssc_mode m : d.ssc_modes) {
      modes.push_back(static_cast<unsigned>(m));
    }
    dnns.push_back(json{{"dnn", d.dnn},
                        {"pdu_session_types", types},
                        {"ssc_modes", modes},
                        {"session_ambr", ambr_json(d.session_ambr)},
                        {"default_5qi", d.default_5qi},
                        {"arp",
                         {{"priority_level", d.default_arp.priority_level},
                          {"may_preempt", d.default_arp.may_preempt},
                          {"preemptable", d.default_arp.preemptable}}}});
  }
  out["dnns"] = std::move(dnns);
  return out;
}

json slices_json(const std::vector<slice_subscription>& slices) {
  json out = json::array();
  for (const slice_subscription& slice : slices) {
    out.push_back(slice_json(slice));
  }
  return out;
}

json subscriber_json(const subscriber& s) {
  json out;
  out["imsi"] = s.imsi;
  if (s.msisdn) {
    out["msisdn"] = *s.msisdn;
  }
  json auth;
  auth["method"] = std::string(to_string(s.auth.method));
  auth["k"] = to_hex(s.auth.k);
  auth[s.auth.opc.kind == operator_key_kind::op ? "op" : "opc"] = to_hex(s.auth.opc.value);
  auth["amf"] = to_hex(s.auth.amf);
  // TS 29.505 SequenceNumber.sqn: 12 hex digits.
  auth["sqn"] = fmt::format("{:012x}", s.auth.sqn);
  out["authentication"] = std::move(auth);
  out["ue_ambr"] = ambr_json(s.ue_ambr);
  out["slices"] = slices_json(s.slices);
  return out;
}

std::string dump(const json& j, int indent) {
  // Strings we write are validated ASCII; `replace` keeps dump() from ever throwing anyway.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// --- reading ---------------------------------------------------------------------------------

class reader {
 public:
  explicit reader(std::optional<std::size_t> index = std::nullopt) : index_(index) {}

  void problem(const std::string& field, std::string message) {
    if (!error_) {
      error_ = json_error{field, std::move(message), index_};
    }
  }
  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  [[nodiscard]] json_error take() { return std::move(*error_); }

  /// True when `j` is an object whose keys are all in `known`.
  bool object(const json& j, const std::string& path,
              std::initializer_list<std::string_view> known) {
    if (!j.is_object()) {
      problem(path, "expected an object");
      return false;
    }
    for (const auto& item : j.items()) {
      if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
        problem(join(path, item.key()), "unknown key");
        return false;
      }
    }
    return true;
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  /// A string member; nullopt (and a problem when required) if absent or not a string.
  std::optional<std::string> string(const json& obj, std::string_view key, const std::string& path,
                                    bool required) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) {
        problem(join(path, key), "missing");
      }
      return std::nullopt;
    }
    if (!it->is_string()) {
      problem(join(path, key), "expected a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  /// An unsigned integer member no larger than `max`; `fallback` when absent.
  std::uint64_t number(const json& obj, std::string_view key, const std::string& path,
                       std::uint64_t max, std::uint64_t fallback) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      return fallback;
    }
    return number_value(*it, join(path, key), max);
  }

  std::uint64_t number_value(const json& value, const std::string& field, std::uint64_t max) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
      problem(field, fmt::format("expected an integer from 0 to {}", max));
      return 0;
    }
    return value.get<std::uint64_t>();
  }

  bool boolean(const json& obj, std::string_view key, const std::string& path, bool fallback) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      return fallback;
    }
    if (!it->is_boolean()) {
      problem(join(path, key), "expected true or false");
      return fallback;
    }
    return it->get<bool>();
  }

  /// Hex of exactly N bytes.
  template <std::size_t N>
  std::array<std::uint8_t, N> hex(const json& obj, std::string_view key, const std::string& path,
                                  std::string_view what, bool required,
                                  std::array<std::uint8_t, N> fallback = {}) {
    const auto text = string(obj, key, path, required);
    if (!text) {
      return fallback;
    }
    auto bytes = parse_hex_exact(*text, N, what);
    if (!bytes) {
      problem(join(path, key), bytes.error());
      return fallback;
    }
    std::array<std::uint8_t, N> out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }

  /// An array member; nullptr (and a problem when required) if absent or not an array.
  const json* array(const json& obj, std::string_view key, const std::string& path, bool required) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) {
        problem(join(path, key), "missing");
      }
      return nullptr;
    }
    if (!it->is_array()) {
      problem(join(path, key), "expected an array");
      return nullptr;
    }
    return &*it;
  }

 private:
  std::optional<std::size_t> index_;
  std::optional<json_error> error_;
};

ambr read_ambr(reader& r, const json& obj, std::string_view key, const std::string& path) {
  ambr out;
  const auto it = obj.find(key);
  const std::string here = reader::join(path, key);
  if (it == obj.end() || !r.object(*it, here, {"uplink_kbps", "downlink_kbps"})) {
    return out;
  }
  constexpr std::uint64_t max = std::uint64_t{1} << 52;  // exact in a JSON double anywhere
  out.uplink_kbps = r.number(*it, "uplink_kbps", here, max, out.uplink_kbps);
  out.downlink_kbps = r.number(*it, "downlink_kbps", here, max, out.downlink_kbps);
  return out;
}

dnn_subscription read_dnn(reader& r, const json& j, const std::string& path) {
  dnn_subscription d;
  if (!r.object(j, path,
                {"dnn", "pdu_session_types", "ssc_modes", "session_ambr", "default_5qi", "arp"})) {
    return d;
  }
  d.dnn = r.string(j, "dnn", path, true).value_or("");
  if (const json* types = r.array(j, "pdu_session_types", path, false)) {
    d.pdu_session_types.clear();
    for (std::size_t i = 0; i < types->size(); ++i) {
      const json& t = (*types)[i];
      auto parsed = t.is_string() ? parse_pdu_session_type(t.get<std::string>()) : std::nullopt;
      if (!parsed) {
        r.problem(fmt::format("{}.pdu_session_types[{}]", path, i),
                  "expected IPV4, IPV6, IPV4V6, UNSTRUCTURED or ETHERNET");
        return d;
      }
      d.pdu_session_types.push_back(*parsed);
    }
  }
  if (const json* modes = r.array(j, "ssc_modes", path, false)) {
    d.ssc_modes.clear();
    for (std::size_t i = 0; i < modes->size(); ++i) {
      const auto value = r.number_value((*modes)[i], fmt::format("{}.ssc_modes[{}]", path, i), 3);
      d.ssc_modes.push_back(static_cast<ssc_mode>(value));
    }
  }
  d.session_ambr = read_ambr(r, j, "session_ambr", path);
  d.default_5qi = static_cast<std::uint8_t>(r.number(j, "default_5qi", path, 255, d.default_5qi));
  const auto arp_it = j.find("arp");
  const std::string arp_path = path + ".arp";
  if (arp_it != j.end() &&
      r.object(*arp_it, arp_path, {"priority_level", "may_preempt", "preemptable"})) {
    d.default_arp.priority_level = static_cast<std::uint8_t>(
        r.number(*arp_it, "priority_level", arp_path, 255, d.default_arp.priority_level));
    d.default_arp.may_preempt = r.boolean(*arp_it, "may_preempt", arp_path, false);
    d.default_arp.preemptable = r.boolean(*arp_it, "preemptable", arp_path, true);
  }
  return d;
}

std::vector<slice_subscription> read_slices(reader& r, const json& slices,
                                            const std::string& path) {
  std::vector<slice_subscription> out;
  for (std::size_t i = 0; i < slices.size() && r.ok(); ++i) {
    const json& j = slices[i];
    const std::string here = fmt::format("{}[{}]", path, i);
    if (!r.object(j, here, {"sst", "sd", "default", "default_dnn", "dnns"})) {
      break;
    }
    slice_subscription slice;
    if (!j.contains("sst")) {
      r.problem(here + ".sst", "missing");
    }
    slice.nssai.sst = static_cast<std::uint8_t>(r.number(j, "sst", here, 255, 1));
    if (j.contains("sd")) {
      const auto sd = r.hex<3>(j, "sd", here, "24-bit SD", true);
      slice.nssai.sd = (std::uint32_t{sd[0]} << 16) | (std::uint32_t{sd[1]} << 8) | sd[2];
    }
    slice.is_default = r.boolean(j, "default", here, false);
    slice.default_dnn = r.string(j, "default_dnn", here, false).value_or("");
    if (const json* dnns = r.array(j, "dnns", here, false)) {
      for (std::size_t k = 0; k < dnns->size() && r.ok(); ++k) {
        slice.dnns.push_back(read_dnn(r, (*dnns)[k], fmt::format("{}.dnns[{}]", here, k)));
      }
    }
    if (slice.default_dnn.empty() && !slice.dnns.empty()) {
      slice.default_dnn = slice.dnns.front().dnn;  // written out on export: round trip holds
    }
    out.push_back(std::move(slice));
  }
  return out;
}

subscriber read_subscriber(reader& r, const json& j, const std::string& path) {
  subscriber s;
  if (!r.object(j, path, {"imsi", "msisdn", "authentication", "ue_ambr", "slices"})) {
    return s;
  }
  s.imsi = r.string(j, "imsi", path, true).value_or("");
  s.msisdn = r.string(j, "msisdn", path, false);
  const std::string auth_path = reader::join(path, "authentication");
  const auto auth = j.find("authentication");
  if (auth == j.end()) {
    r.problem(auth_path, "missing");
  } else if (r.object(*auth, auth_path, {"method", "k", "opc", "op", "amf", "sqn"})) {
    if (const auto method = r.string(*auth, "method", auth_path, false)) {
      if (auto parsed = parse_auth_method(*method)) {
        s.auth.method = *parsed;
      } else {
        r.problem(auth_path + ".method", "expected 5G_AKA or EAP_AKA_PRIME");
      }
    }
    s.auth.k = r.hex<16>(*auth, "k", auth_path, "128-bit key", true);
    const bool has_opc = auth->contains("opc");
    if (has_opc == auth->contains("op")) {
      r.problem(auth_path + ".opc", "expected exactly one of 'opc' and 'op'");
    }
    s.auth.opc.kind = has_opc ? operator_key_kind::opc : operator_key_kind::op;
    s.auth.opc.value = r.hex<16>(*auth, has_opc ? "opc" : "op", auth_path, "128-bit key", false);
    s.auth.amf = r.hex<2>(*auth, "amf", auth_path, "16-bit AMF", false, s.auth.amf);
    if (auth->contains("sqn") && (*auth)["sqn"].is_number()) {
      s.auth.sqn = r.number(*auth, "sqn", auth_path, sqn_max, 0);
    } else {
      const auto sqn = r.hex<6>(*auth, "sqn", auth_path, "48-bit SQN", false);
      for (std::uint8_t b : sqn) {
        s.auth.sqn = (s.auth.sqn << 8) | b;
      }
    }
  }
  s.ue_ambr = read_ambr(r, j, "ue_ambr", path);
  if (const json* slices = r.array(j, "slices", path, true)) {
    s.slices = read_slices(r, *slices, reader::join(path, "slices"));
  }
  if (r.ok()) {
    if (auto valid = validate(s); !valid) {
      r.problem(reader::join(path, valid.error().field), valid.error().message);
    }
  }
  return s;
}

expected<json, json_error> parse(std::string_view text) {
  try {
    // nlohmann reports syntax errors by throwing; they stop here and become an error value
    // with the byte position, as the config loader does for yaml-cpp.
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return unexpected<json_error>(
        json_error{"", fmt::format("not valid JSON at byte {}", e.byte), std::nullopt});
  }
}

}  // namespace

expected<std::vector<std::uint8_t>, std::string> parse_hex_exact(std::string_view text,
                                                                 std::size_t size,
                                                                 std::string_view what) {
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
  }
  const auto bad = std::find_if(text.begin(), text.end(), [](char c) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  });
  if (bad != text.end()) {
    return unexpected<std::string>(
        fmt::format("expected {} hex digits ({}), character {} is not "
                    "a hex digit",
                    size * 2, what, bad - text.begin() + 1));
  }
  if (text.size() != size * 2) {
    return unexpected<std::string>(
        fmt::format("expected {} hex digits ({}), got {}", size * 2, what, text.size()));
  }
  auto bytes = from_hex(text);
  if (!bytes) {
    return unexpected<std::string>(std::string(to_string(bytes.error())));
  }
  return std::move(*bytes);
}

std::string export_json(const std::vector<subscriber>& subscribers) {
  json doc;
  doc["format"] = format_name;
  doc["version"] = format_version;
  json list = json::array();
  for (const subscriber& s : subscribers) {
    list.push_back(subscriber_json(s));
  }
  doc["subscribers"] = std::move(list);
  return dump(doc, 2) + "\n";
}

expected<std::vector<subscriber>, json_error> import_json(std::string_view text) {
  auto doc = parse(text);
  if (!doc) {
    return unexpected<json_error>(doc.error());
  }
  reader top;
  if (!top.object(*doc, "", {"format", "version", "subscribers"})) {
    return unexpected<json_error>(top.take());
  }
  if (top.string(*doc, "format", "", true) != std::optional<std::string>(format_name)) {
    top.problem("format", fmt::format("expected \"{}\"", format_name));
  }
  if (top.number(*doc, "version", "", 1000, 0) != format_version) {
    top.problem("version", fmt::format("this Glasscore reads version {}", format_version));
  }
  const json* list = top.array(*doc, "subscribers", "", true);
  if (!top.ok()) {
    return unexpected<json_error>(top.take());
  }
  std::vector<subscriber> out;
  out.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    reader r(i);
    out.push_back(read_subscriber(r, (*list)[i], fmt::format("subscribers[{}]", i)));
    if (!r.ok()) {
      return unexpected<json_error>(r.take());
    }
  }
  return out;
}

std::string subscriber_to_json(const subscriber& s) {
  return dump(subscriber_json(s), 2);
}

expected<subscriber, json_error> subscriber_from_json(std::string_view text,
                                                      std::string_view path) {
  auto doc = parse(text);
  if (!doc) {
    return unexpected<json_error>(doc.error());
  }
  reader r;
  subscriber s = read_subscriber(r, *doc, std::string(path));
  if (!r.ok()) {
    return unexpected<json_error>(r.take());
  }
  return s;
}

std::string slices_to_json(const std::vector<slice_subscription>& slices) {
  return dump(slices_json(slices), -1);
}

expected<std::vector<slice_subscription>, json_error> slices_from_json(std::string_view text) {
  auto doc = parse(text);
  if (!doc) {
    return unexpected<json_error>(doc.error());
  }
  reader r;
  if (!doc->is_array()) {
    r.problem("slices", "expected an array");
    return unexpected<json_error>(r.take());
  }
  auto slices = read_slices(r, *doc, "slices");
  if (!r.ok()) {
    return unexpected<json_error>(r.take());
  }
  return slices;
}

}  // namespace glasscore::store
