#pragma once
// Private helpers shared by the PDU session models (smf_models, pcf_models, amf_comm_models):
// the readers each defines next to its own types and the others use, and the member checks
// all three apply. In sbi::detail, like json_util.h, so req/opt find the readers by
// argument-dependent lookup on `reader`.

#include <cstdint>
#include <optional>
#include <string>

#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/smf_models.h"
#include "home_json_util.h"

namespace glasscore::sbi::detail {

// Readers defined next to their types (common.cpp, sdm_models.cpp, smf_models.cpp).
void read(reader& r, const json& j, const std::string& p, problem_details& out);
void read(reader& r, const json& j, const std::string& p, ambr& out);
void read(reader& r, const json& j, const std::string& p, arp& out);
void read(reader& r, const json& j, const std::string& p, subscribed_default_qos& out);
void read(reader& r, const json& j, const std::string& p, ref_to_binary_data& out);
void read(reader& r, const json& j, const std::string& p, user_location& out);

/// An optional integer member checked against [min, max].
inline void opt_int(reader& r, const json& obj, const std::string& p, const char* key,
                    std::int64_t min, std::int64_t max, std::optional<int>& out) {
  if (r.failed()) {
    return;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return;
  }
  std::int64_t v = 0;
  if (read_integer(r, *it, child(p, key), min, max, v)) {
    out = static_cast<int>(v);
  }
}

/// A string member that must not be empty (URIs, identifiers).
inline void check_not_empty(reader& r, const std::string& p, const char* key,
                            const std::string& s) {
  if (!r.failed() && s.empty()) {
    r.incorrect(child(p, key), "must not be empty");
  }
}

/// AccessType (TS 29.571 §5.4.3), a closed enumeration.
inline void check_access_type(reader& r, const std::string& p, const char* key,
                              const std::optional<std::string>& s) {
  if (!r.failed() && s && !is_access_type(*s)) {
    r.incorrect(child(p, key), "unknown value '" + *s + "'");
  }
}

}  // namespace glasscore::sbi::detail
