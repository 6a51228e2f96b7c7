// Nudr_DR subscription data models (TS 29.505), strict decoding and encoding.
#include "glasscore/sbi/udr_models.h"

#include <algorithm>

#include "home_json_util.h"

namespace glasscore::sbi {

std::uint64_t sqn_from_octets(const sqn_octets& s) {
  std::uint64_t v = 0;
  for (auto b : s) {
    v = (v << 8) | b;
  }
  return v;
}

sqn_octets sqn_to_octets(std::uint64_t sqn) {
  sqn_octets s{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[s.size() - 1 - i] = static_cast<std::uint8_t>(sqn >> (8 * i));
  }
  return s;
}

namespace detail {

void read(reader& r, const json& j, const std::string& p, auth_type& out);  // ueau_models.cpp

void read(reader& r, const json& j, const std::string& p, sequence_number& out) {
  if (!r.object(j, p)) {
    return;
  }
  opt(r, j, p, "sqnScheme", out.sqn_scheme);
  opt(r, j, p, "sqn", out.sqn);
  auto it = j.find("lastIndexes");
  if (!r.failed() && it != j.end() && !it->is_null()) {
    read(r, *it, child(p, "lastIndexes"), out.last_indexes);
    for (const auto& [k, v] : out.last_indexes) {
      if (v < 0 && !r.failed()) {
        r.incorrect(child(child(p, "lastIndexes"), k), "must be at least 0");
      }
    }
  }
  it = j.find("indLength");
  std::int64_t len = 0;
  if (!r.failed() && it != j.end() && !it->is_null() &&
      read_integer(r, *it, child(p, "indLength"), 0, INT64_MAX, len)) {
    out.ind_length = len;
  }
}

void read(reader& r, const json& j, const std::string& p, authentication_subscription& out) {
  if (!r.object(j, p)) {
    return;
  }
  req(r, j, p, "authenticationMethod", out.authentication_method);
  opt(r, j, p, "encPermanentKey", out.enc_permanent_key);
  opt(r, j, p, "protectionParameterId", out.protection_parameter_id);
  opt(r, j, p, "sequenceNumber", out.sequence_number);
  opt(r, j, p, "authenticationManagementField", out.authentication_management_field);
  opt(r, j, p, "algorithmId", out.algorithm_id);
  opt(r, j, p, "encOpcKey", out.enc_opc_key);
  opt(r, j, p, "encTopcKey", out.enc_topc_key);
  opt(r, j, p, "supi", out.supi);
}

}  // namespace detail

expected<authentication_subscription, decode_error> decode_authentication_subscription(
    const nlohmann::json& j, const std::string& pointer) {
  return detail::decode_with<authentication_subscription>(j, pointer);
}

nlohmann::json to_json(const sequence_number& v) {
  nlohmann::json o = nlohmann::json::object();
  detail::put(o, "sqnScheme", v.sqn_scheme);
  detail::put(o, "sqn", v.sqn);
  detail::put(o, "lastIndexes", v.last_indexes);
  detail::put(o, "indLength", v.ind_length);
  return o;
}

nlohmann::json to_json(const authentication_subscription& v) {
  nlohmann::json o = nlohmann::json::object();
  o["authenticationMethod"] = std::string(to_string(v.authentication_method));
  detail::put(o, "encPermanentKey", v.enc_permanent_key);
  detail::put(o, "protectionParameterId", v.protection_parameter_id);
  detail::put(o, "sequenceNumber", v.sequence_number);
  detail::put(o, "authenticationManagementField", v.authentication_management_field);
  detail::put(o, "algorithmId", v.algorithm_id);
  detail::put(o, "encOpcKey", v.enc_opc_key);
  detail::put(o, "encTopcKey", v.enc_topc_key);
  detail::put(o, "supi", v.supi);
  return o;
}

expected<sqn_update, decode_error> decode_sqn_patch(const nlohmann::json& j) {
  detail::reader r;
  if (!j.is_array()) {
    return unexpected<decode_error>(
        decode_error{decode_error_kind::incorrect, "", "must be an array of PatchItem"});
  }
  sqn_update out;
  bool replaced = false;
  for (std::size_t i = 0; i < j.size() && !r.failed(); ++i) {
    const auto p = detail::child("", i);
    if (!r.object(j[i], p)) {
      break;
    }
    std::string op;
    std::string path;
    detail::req(r, j[i], p, "op", op);
    detail::req(r, j[i], p, "path", path);
    if (r.failed()) {
      break;
    }
    if (path != "/sequenceNumber/sqn") {
      r.incorrect(detail::child(p, "path"), "only /sequenceNumber/sqn may be patched");
      break;
    }
    sqn_octets v{};
    detail::req(r, j[i], p, "value", v);
    if (r.failed()) {
      break;
    }
    if (op == "test" && !out.expected && !replaced) {
      out.expected = v;
    } else if (op == "replace" && !replaced) {
      out.desired = v;
      replaced = true;
    } else {
      r.incorrect(detail::child(p, "op"), "expected one optional test, then one replace");
    }
  }
  if (!r.failed() && !replaced) {
    r.fail(decode_error_kind::missing, "", "no replace of /sequenceNumber/sqn");
  }
  if (r.failed()) {
    return unexpected<decode_error>(r.error());
  }
  return out;
}

nlohmann::json to_json(const sqn_update& v) {
  nlohmann::json a = nlohmann::json::array();
  if (v.expected) {
    a.push_back({{"op", "test"}, {"path", "/sequenceNumber/sqn"}, {"value", to_hex(*v.expected)}});
  }
  a.push_back({{"op", "replace"}, {"path", "/sequenceNumber/sqn"}, {"value", to_hex(v.desired)}});
  return a;
}

}  // namespace glasscore::sbi
