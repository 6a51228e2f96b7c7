#pragma once
// Private helpers shared by the home-network models (ueau, ausf, sdm, uecm, udr): fixed-size
// hex octet strings (RAND, AUTN, XRES*, KAUSF...) and string-keyed maps, read and written
// through the reader of json_util.h. They live in sbi::detail so that the generic
// req/opt templates find them by argument-dependent lookup on `reader`.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "glasscore/core/hex.h"
#include "json_util.h"

namespace glasscore::sbi::detail {

/// N octets as exactly 2N hex digits (either case), e.g. Rand `^[A-Fa-f0-9]{32}$`.
template <std::size_t N>
void read(reader& r, const json& j, const std::string& p, std::array<std::uint8_t, N>& out) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  if (!is_hex(s, 2 * N, 2 * N)) {
    r.incorrect(p, "must be " + std::to_string(2 * N) + " hex digits");
    return;
  }
  auto bytes = from_hex_array<N>(s);
  if (!bytes) {
    r.incorrect(p, "must be " + std::to_string(2 * N) + " hex digits");
    return;
  }
  out = *bytes;
}

/// A JSON object used as a map (OpenAPI additionalProperties).
template <class T>
void read(reader& r, const json& j, const std::string& p, std::map<std::string, T>& out) {
  if (!r.object(j, p)) {
    return;
  }
  out.clear();
  for (auto it = j.begin(); it != j.end() && !r.failed(); ++it) {
    T v{};
    read(r, it.value(), child(p, it.key()), v);
    out.emplace(it.key(), std::move(v));
  }
}

template <std::size_t N>
json value(const std::array<std::uint8_t, N>& v) {
  return to_hex(v);
}

template <std::size_t N>
void put(json& obj, const char* key, const std::array<std::uint8_t, N>& v) {
  obj[key] = to_hex(v);
}
template <std::size_t N>
void put(json& obj, const char* key, const std::optional<std::array<std::uint8_t, N>>& v) {
  if (v) {
    obj[key] = to_hex(*v);
  }
}

template <class T>
json value(const std::map<std::string, T>& m) {
  json o = json::object();
  for (const auto& [k, v] : m) {
    o[k] = value(v);
  }
  return o;
}
template <class T>
void put(json& obj, const char* key, const std::map<std::string, T>& m) {
  if (!m.empty()) {
    obj[key] = value(m);
  }
}

/// Reads an enumeration given as a string through `parse` (nullopt = unknown value).
template <class E, class Parse>
void read_enum(reader& r, const json& j, const std::string& p, E& out, Parse parse) {
  std::string s;
  read(r, j, p, s);
  if (r.failed()) {
    return;
  }
  auto v = parse(s);
  if (!v) {
    r.incorrect(p, "unknown value '" + s + "'");
    return;
  }
  out = *v;
}

}  // namespace glasscore::sbi::detail
