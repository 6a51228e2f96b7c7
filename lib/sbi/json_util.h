#pragma once
// Private helpers for the SBI model decoders and encoders. A `reader` records the first
// error (member pointer + reason) and every later read becomes a no-op, so a decoder is a
// flat list of `req`/`opt` calls; nothing throws (nlohmann's accessors are only called
// after the type was checked).

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi::detail {

using json = nlohmann::json;

class reader {
 public:
  [[nodiscard]] bool failed() const { return error_.has_value(); }
  void fail(decode_error_kind kind, std::string pointer, std::string reason) {
    if (!error_) {
      error_ = decode_error{kind, std::move(pointer), std::move(reason)};
    }
  }
  void incorrect(const std::string& pointer, std::string reason) {
    fail(decode_error_kind::incorrect, pointer, std::move(reason));
  }
  /// True if `j` is an object; records an error otherwise.
  bool object(const json& j, const std::string& pointer) {
    if (failed()) {
      return false;
    }
    if (!j.is_object()) {
      incorrect(pointer, "must be an object");
      return false;
    }
    return true;
  }
  [[nodiscard]] const decode_error& error() const { return *error_; }

 private:
  std::optional<decode_error> error_;
};

/// RFC 6901 escaping of one reference token.
inline std::string child(const std::string& pointer, std::string_view key) {
  std::string out = pointer;
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}
inline std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// Value readers: one overload per type. Struct readers live next to their structs.
void read(reader& r, const json& j, const std::string& p, std::string& out);
void read(reader& r, const json& j, const std::string& p, bool& out);
void read(reader& r, const json& j, const std::string& p, nf_type& out);
void read(reader& r, const json& j, const std::string& p, nf_status& out);
void read(reader& r, const json& j, const std::string& p, plmn_id& out);
void read(reader& r, const json& j, const std::string& p, snssai& out);
void read(reader& r, const json& j, const std::string& p, tai& out);
void read(reader& r, const json& j, const std::string& p, guami& out);
void read(reader& r, const json& j, const std::string& p, invalid_param& out);

/// Integers, checked against [min, max] (defaults: the range of T).
bool read_integer(reader& r, const json& j, const std::string& p, std::int64_t min,
                  std::int64_t max, std::int64_t& out);

template <class T>
requires std::is_integral_v<T> &&
    (!std::is_same_v<T, bool>)void read(reader& r, const json& j, const std::string& p, T& out) {
  std::int64_t v = 0;
  constexpr auto lo = static_cast<std::int64_t>(std::numeric_limits<T>::min());
  constexpr auto hi = std::numeric_limits<T>::max() > static_cast<std::uint64_t>(INT64_MAX)
                          ? INT64_MAX
                          : static_cast<std::int64_t>(std::numeric_limits<T>::max());
  if (read_integer(r, j, p, lo, hi, v)) {
    out = static_cast<T>(v);
  }
}

template <class T>
void read(reader& r, const json& j, const std::string& p, std::vector<T>& out) {
  if (r.failed()) {
    return;
  }
  if (!j.is_array()) {
    r.incorrect(p, "must be an array");
    return;
  }
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size() && !r.failed(); ++i) {
    T v{};
    read(r, j[i], child(p, i), v);
    out.push_back(std::move(v));
  }
}

/// A required member.
template <class T>
void req(reader& r, const json& obj, const std::string& p, const char* key, T& out) {
  if (r.failed()) {
    return;
  }
  auto it = obj.find(key);
  if (it == obj.end()) {
    r.fail(decode_error_kind::missing, child(p, key), "missing");
    return;
  }
  read(r, *it, child(p, key), out);
}

/// An optional member; null is treated as absent (some peers send it).
template <class T>
void opt(reader& r, const json& obj, const std::string& p, const char* key, std::optional<T>& out) {
  if (r.failed()) {
    return;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return;
  }
  T v{};
  read(r, *it, child(p, key), v);
  if (!r.failed()) {
    out = std::move(v);
  }
}

/// An optional array member (empty when absent).
template <class T>
void opt(reader& r, const json& obj, const std::string& p, const char* key, std::vector<T>& out) {
  if (r.failed()) {
    return;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return;
  }
  read(r, *it, child(p, key), out);
}

/// Runs a struct reader on a whole value and turns the outcome into an expected.
template <class T>
expected<T, decode_error> decode_with(const json& j, const std::string& pointer) {
  reader r;
  T v{};
  read(r, j, pointer, v);
  if (r.failed()) {
    return unexpected<decode_error>(r.error());
  }
  return v;
}

// Writers: `value(x)` turns a model value into JSON; `put` adds a member, skipping absent
// optionals and empty arrays.
inline json value(const std::string& s) {
  return s;
}
inline json value(bool b) {
  return b;
}
template <class T>
requires std::is_integral_v<T> &&(!std::is_same_v<T, bool>)json value(T v) {
  return static_cast<std::int64_t>(v);
}
inline json value(nf_type t) {
  return std::string(to_string(t));
}
inline json value(nf_status s) {
  return std::string(to_string(s));
}
/// Model structs: their public `to_json` (found by argument-dependent lookup).
template <class T>
requires requires(const T& v) {
  to_json(v);
}
json value(const T& v) {
  return to_json(v);
}

template <class T>
json value(const std::vector<T>& v) {
  json a = json::array();
  for (const auto& x : v) {
    a.push_back(value(x));
  }
  return a;
}

template <class T>
void put(json& obj, const char* key, const T& v) {
  obj[key] = value(v);
}
template <class T>
void put(json& obj, const char* key, const std::optional<T>& v) {
  if (v) {
    obj[key] = value(*v);
  }
}
template <class T>
void put(json& obj, const char* key, const std::vector<T>& v) {
  if (!v.empty()) {
    obj[key] = value(v);
  }
}

/// Lower-cases ASCII hex digits (sd, tac, amfId are compared case-insensitively).
std::string lower(std::string s);

/// Ipv4Addr / Ipv6Addr (TS 29.571 §5.2.2) as inet_pton(3) reads them.
bool is_ipv4(const std::string& s);
bool is_ipv6(const std::string& s);
/// Ipv6Prefix (TS 29.571 §5.2.2): "<Ipv6Addr>/<0..128>".
bool is_ipv6_prefix(std::string_view s);

}  // namespace glasscore::sbi::detail
