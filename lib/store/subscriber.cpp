// Validation of subscriber records and the SQN policy. Records arrive from files, the CLI and
// (later) the UDR's SBI, so every rule here reports the field and never asserts.
#include "glasscore/store/subscriber.h"

#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "glasscore/store/subscriber_store.h"

namespace glasscore::store {
namespace {

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unexpected<validation_error> invalid(std::string field, std::string message) {
  return unexpected<validation_error>(validation_error{std::move(field), std::move(message)});
}

expected<void, validation_error> validate_dnn_entry(const dnn_subscription& d,
                                                    const std::string& path) {
  if (auto ok = validate_dnn(d.dnn); !ok) {
    return invalid(path + ".dnn", ok.error().message);
  }
  if (d.pdu_session_types.empty()) {
    return invalid(path + ".pdu_session_types", "at least one PDU session type is required");
  }
  std::set<pdu_session_type> types(d.pdu_session_types.begin(), d.pdu_session_types.end());
  if (types.size() != d.pdu_session_types.size()) {
    return invalid(path + ".pdu_session_types", "a PDU session type is listed twice");
  }
  if (d.ssc_modes.empty()) {
    return invalid(path + ".ssc_modes", "at least one SSC mode is required");
  }
  std::set<ssc_mode> modes;
  for (ssc_mode m : d.ssc_modes) {
    const auto value = static_cast<unsigned>(m);
    if (value < 1 || value > 3) {
      return invalid(path + ".ssc_modes",
                     fmt::format("SSC mode {} is not 1, 2 or 3 (TS 23.501 §5.6.9.2)", value));
    }
    if (!modes.insert(m).second) {
      return invalid(path + ".ssc_modes", "an SSC mode is listed twice");
    }
  }
  if (d.default_5qi == 0) {
    return invalid(path + ".default_5qi", "5QI 0 is reserved; expected 1-255");
  }
  if (d.default_arp.priority_level < 1 || d.default_arp.priority_level > 15) {
    return invalid(
        path + ".arp.priority_level",
        fmt::format("{} is outside 1-15 (TS 23.501 §5.7.2.2)", d.default_arp.priority_level));
  }
  return {};
}

expected<void, validation_error> validate_slice(const slice_subscription& slice,
                                                const std::string& path) {
  if (slice.nssai.sd && *slice.nssai.sd > 0xFFFFFE) {
    return invalid(path + ".sd",
                   "SD must be 24 bits and not FFFFFF, which means \"no SD\" "
                   "(TS 23.003 §28.4.2)");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < slice.dnns.size(); ++i) {
    const std::string dnn_path = fmt::format("{}.dnns[{}]", path, i);
    if (auto ok = validate_dnn_entry(slice.dnns[i], dnn_path); !ok) {
      return ok;
    }
    if (!names.insert(slice.dnns[i].dnn).second) {
      return invalid(dnn_path + ".dnn", "DNN '" + slice.dnns[i].dnn + "' is listed twice");
    }
  }
  if (slice.dnns.empty() ? !slice.default_dnn.empty() : !names.contains(slice.default_dnn)) {
    return invalid(path + ".default_dnn",
                   "'" + slice.default_dnn + "' is not one of this slice's DNNs");
  }
  return {};
}

}  // namespace

std::string snssai::to_string() const {
  return sd ? fmt::format("{}:{:06x}", sst, *sd) : fmt::format("{}", sst);
}

expected<void, validation_error> validate_imsi(std::string_view imsi) {
  if (!all_digits(imsi) || imsi.size() < 6 || imsi.size() > 15) {
    return invalid("imsi", fmt::format("expected 6 to 15 decimal digits (MCC 3 + MNC 2-3 + "
                                       "MSIN, TS 23.003 §2.2), got '{}'",
                                       imsi));
  }
  return {};
}

expected<void, validation_error> validate_dnn(std::string_view dnn) {
  if (dnn.empty() || dnn.size() > 100) {
    return invalid("dnn", fmt::format("expected 1 to 100 characters, got {}", dnn.size()));
  }
  std::size_t label_length = 0;
  for (std::size_t i = 0; i < dnn.size(); ++i) {
    const char c = dnn[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '.') {
      if (label_length == 0 || dnn[i - 1] == '-') {
        return invalid("dnn", fmt::format("'{}': empty label or label ending in '-'", dnn));
      }
      label_length = 0;
    } else if ((alnum || (c == '-' && label_length > 0)) && label_length < 63) {
      ++label_length;  // a label is at most 63 characters (TS 23.003 §9.1, as in DNS)
    } else {
      return invalid("dnn", fmt::format("'{}': labels of 1-63 letters, digits and inner hyphens "
                                        "separated by dots expected (TS 23.003 §9.1)",
                                        dnn));
    }
  }
  if (label_length == 0 || dnn.back() == '-') {
    return invalid("dnn", fmt::format("'{}': empty label or label ending in '-'", dnn));
  }
  return {};
}

expected<void, validation_error> validate(const subscriber& s) {
  if (auto ok = validate_imsi(s.imsi); !ok) {
    return ok;
  }
  if (s.msisdn && (s.msisdn->empty() || s.msisdn->size() > 15 || !all_digits(*s.msisdn))) {
    return invalid("msisdn",
                   fmt::format("expected 1 to 15 decimal digits (E.164), got '{}'", *s.msisdn));
  }
  if (s.auth.sqn > sqn_max) {
    return invalid("authentication.sqn", "SQN is 48 bits (TS 33.102 §6.3.2)");
  }
  if (s.auth.method != auth_method::five_g_aka && s.auth.method != auth_method::eap_aka_prime) {
    return invalid("authentication.method", "expected 5G_AKA or EAP_AKA_PRIME");
  }
  if (s.auth.opc.kind != operator_key_kind::opc && s.auth.opc.kind != operator_key_kind::op) {
    return invalid("authentication.opc", "expected an OPc or an OP");
  }
  if (s.slices.empty()) {
    return invalid("slices", "at least one subscribed S-NSSAI is required");
  }
  std::vector<snssai> seen;
  bool any_default = false;
  for (std::size_t i = 0; i < s.slices.size(); ++i) {
    const std::string path = fmt::format("slices[{}]", i);
    if (auto ok = validate_slice(s.slices[i], path); !ok) {
      return ok;
    }
    if (std::find(seen.begin(), seen.end(), s.slices[i].nssai) != seen.end()) {
      return invalid(path, "S-NSSAI " + s.slices[i].nssai.to_string() + " is listed twice");
    }
    seen.push_back(s.slices[i].nssai);
    any_default = any_default || s.slices[i].is_default;
  }
  if (!any_default) {
    return invalid("slices",
                   "at least one slice must be a default S-NSSAI "
                   "(TS 23.501 §5.15.3)");
  }
  return {};
}

std::string_view to_string(auth_method m) {
  return m == auth_method::eap_aka_prime ? "EAP_AKA_PRIME" : "5G_AKA";
}

std::optional<auth_method> parse_auth_method(std::string_view text) {
  if (text == "5G_AKA") {
    return auth_method::five_g_aka;
  }
  if (text == "EAP_AKA_PRIME") {
    return auth_method::eap_aka_prime;
  }
  return std::nullopt;
}

// The spellings of TS 29.571 PduSessionType.
std::string_view to_string(pdu_session_type t) {
  switch (t) {
    case pdu_session_type::ipv4:
      return "IPV4";
    case pdu_session_type::ipv6:
      return "IPV6";
    case pdu_session_type::ipv4v6:
      return "IPV4V6";
    case pdu_session_type::unstructured:
      return "UNSTRUCTURED";
    case pdu_session_type::ethernet:
      return "ETHERNET";
  }
  return "?";
}

std::optional<pdu_session_type> parse_pdu_session_type(std::string_view text) {
  for (auto t : {pdu_session_type::ipv4, pdu_session_type::ipv6, pdu_session_type::ipv4v6,
                 pdu_session_type::unstructured, pdu_session_type::ethernet}) {
    if (to_string(t) == text) {
      return t;
    }
  }
  return std::nullopt;
}

std::string_view to_string(store_errc e) {
  switch (e) {
    case store_errc::not_found:
      return "not found";
    case store_errc::already_exists:
      return "already exists";
    case store_errc::invalid_data:
      return "invalid data";
    case store_errc::sqn_exhausted:
      return "SQN exhausted";
    case store_errc::newer_schema:
      return "newer schema";
    case store_errc::busy:
      return "busy";
    case store_errc::io:
      return "storage error";
  }
  return "?";
}

expected<std::uint64_t, store_error> next_sqn(std::uint64_t sqn_he) {
  const std::uint64_t seq = (sqn_he & sqn_max) >> sqn_ind_bits;
  const std::uint64_t next = (seq + 1) << sqn_ind_bits;
  if (sqn_he > sqn_max || next > sqn_max) {
    return unexpected<store_error>(store_error{
        store_errc::sqn_exhausted, "the 48-bit SQN space is exhausted; provision a new K", {}});
  }
  return next;
}

expected<std::uint64_t, store_error> resynchronised_sqn(std::uint64_t sqn_he,
                                                        std::uint64_t sqn_ms) {
  return next_sqn(std::max(sqn_he, sqn_ms));
}

}  // namespace glasscore::store
