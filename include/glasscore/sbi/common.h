#pragma once
/// \file
/// TS 29.571 common data types used by the SBI services we implement (OpenAPI
/// `TS29571_CommonData.yaml`, Rel-17, API 1.4.3), and the NF type / status enums of
/// TS 29.510 §6.1.6.3 (`TS29510_Nnrf_NFManagement.yaml`), as plain structs.
///
/// Decoders validate what the OpenAPI states (required members, types, patterns, ranges,
/// enum values) and return `expected<T, decode_error>` naming the bad member; unknown
/// members are ignored (TS 29.500 §6.2, forward compatibility). Nothing here throws.
/// Optional members are `std::optional`; optional arrays (all `minItems: 1`) are vectors
/// that are empty when absent and are not encoded when empty.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// PlmnId: mcc `^\d{3}$`, mnc `^\d{2,3}$` (TS 29.571 §5.4.4.3).
struct plmn_id {
  std::string mcc;
  std::string mnc;
  bool operator==(const plmn_id&) const = default;
};

/// Snssai: sst 0..255, sd `^[A-Fa-f0-9]{6}$` (TS 29.571 §5.4.4.2). `sd` is kept lower-case
/// so that comparisons are exact.
struct snssai {
  std::uint8_t sst = 0;
  std::optional<std::string> sd;
  bool operator==(const snssai&) const = default;
};

/// Tai: tac is 4 or 6 hex digits (TS 29.571 §5.4.4.5, §5.4.2), kept lower-case.
struct tai {
  plmn_id plmn;
  std::string tac;
  std::optional<std::string> nid;
  bool operator==(const tai&) const = default;
};

/// Guami: amfId `^[A-Fa-f0-9]{6}$` (TS 29.571 §5.4.4.19; the plmnId's optional nid is
/// ignored), kept lower-case.
struct guami {
  plmn_id plmn;
  std::string amf_id;
  bool operator==(const guami&) const = default;
};

/// InvalidParam (TS 29.571 §5.2.4.2): `param` is a JSON Pointer or a header name.
struct invalid_param {
  std::string param;
  std::optional<std::string> reason;
  bool operator==(const invalid_param&) const = default;
};

/// ProblemDetails (RFC 7807 as profiled by TS 29.571 §5.2.4.1); `cause` carries the
/// application error of TS 29.500 §5.2.7.2 (see problem.h).
struct problem_details {
  std::optional<std::string> type;
  std::optional<std::string> title;
  std::optional<int> status;
  std::optional<std::string> detail;
  std::optional<std::string> instance;
  std::optional<std::string> cause;
  std::vector<invalid_param> invalid_params;
  std::optional<std::string> supported_features;
  bool operator==(const problem_details&) const = default;
};

/// NFType (TS 29.510 §6.1.6.3.3): every Rel-17 value. The OpenAPI leaves the type
/// extensible, but an NF type this NRF does not know cannot be served or discovered, so an
/// unknown string is a decode error here.
enum class nf_type : std::uint8_t {
  nrf,
  udm,
  amf,
  smf,
  ausf,
  nef,
  pcf,
  smsf,
  nssf,
  udr,
  lmf,
  gmlc,
  five_g_eir,
  sepp,
  upf,
  n3iwf,
  af,
  udsf,
  bsf,
  chf,
  nwdaf,
  pcscf,
  cbcf,
  hss,
  ucmf,
  sor_af,
  spaf,
  mme,
  scsas,
  scef,
  scp,
  nssaaf,
  icscf,
  scscf,
  dra,
  ims_as,
  aanf,
  five_g_ddnmf,
  nsacf,
  mfaf,
  easdf,
  dccf,
  mb_smf,
  tsctsf,
  adrf,
  gba_bsf,
  cef,
  mb_upf,
  nswof,
  pkmf,
  mnpf,
  sms_gmsc,
  sms_iwmsc,
  mbsf,
  mbstf,
  panf,
};

/// The wire name, e.g. "5G_EIR".
[[nodiscard]] std::string_view to_string(nf_type t);
/// Exact, case-sensitive match against the wire names.
[[nodiscard]] std::optional<nf_type> parse_nf_type(std::string_view s);

/// NFStatus / NFServiceStatus (TS 29.510 §6.1.6.3.6, §6.1.6.3.7).
enum class nf_status : std::uint8_t { registered, suspended, undiscoverable };
[[nodiscard]] std::string_view to_string(nf_status s);
[[nodiscard]] std::optional<nf_status> parse_nf_status(std::string_view s);

// Validation of the TS 29.571 string patterns, shared by decoders and query parsing.
[[nodiscard]] bool is_mcc(std::string_view s);
[[nodiscard]] bool is_mnc(std::string_view s);
[[nodiscard]] bool is_hex(std::string_view s, std::size_t min_len, std::size_t max_len);
/// NfInstanceId: a UUID (RFC 4122 text form, TS 29.571 §5.3.2).
[[nodiscard]] bool is_uuid(std::string_view s);

// JSON in/out. `decode_*` take the parsed value and the JSON Pointer of where it sits
// (for error messages); `parse_json` turns text into a value without throwing.
/// SBI bodies are shallow (an NFProfile is about 6 levels deep); deeper input is refused
/// so that nothing later recurses without bound.
inline constexpr std::size_t max_json_depth = 32;
/// True if no array/object nesting in `text` exceeds `max_depth` (strings skipped).
[[nodiscard]] bool nesting_within(std::string_view text, std::size_t max_depth);
/// Parses JSON text without throwing; refuses nesting beyond `max_json_depth`.
[[nodiscard]] expected<nlohmann::json, decode_error> parse_json(std::string_view text);
/// Compact JSON text that never throws: invalid UTF-8 in strings (e.g. from a
/// percent-decoded query echoed in a detail) becomes U+FFFD instead of an exception.
[[nodiscard]] std::string to_text(const nlohmann::json& j);

[[nodiscard]] expected<plmn_id, decode_error> decode_plmn_id(const nlohmann::json& j,
                                                             const std::string& pointer = "");
[[nodiscard]] expected<snssai, decode_error> decode_snssai(const nlohmann::json& j,
                                                           const std::string& pointer = "");
[[nodiscard]] expected<tai, decode_error> decode_tai(const nlohmann::json& j,
                                                     const std::string& pointer = "");
[[nodiscard]] expected<guami, decode_error> decode_guami(const nlohmann::json& j,
                                                         const std::string& pointer = "");
[[nodiscard]] expected<problem_details, decode_error> decode_problem_details(
    const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const plmn_id& v);
[[nodiscard]] nlohmann::json to_json(const snssai& v);
[[nodiscard]] nlohmann::json to_json(const tai& v);
[[nodiscard]] nlohmann::json to_json(const guami& v);
[[nodiscard]] nlohmann::json to_json(const invalid_param& v);
[[nodiscard]] nlohmann::json to_json(const problem_details& v);

}  // namespace glasscore::sbi
