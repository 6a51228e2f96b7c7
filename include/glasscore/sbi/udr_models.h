#pragma once
/// \file
/// Nudr_DataRepository models for subscription data (TS 29.504 §6.1, resources and types of
/// TS 29.505, `TS29505_Subscription_Data.yaml`, Rel-17): AuthenticationSubscription and the
/// JSON Patch the UDM sends to step the SQN. Provisioned am-data, smf-selection data and
/// sm-data share the Nudm_SDM types (sdm_models.h); amf-3gpp-access context data shares
/// uecm_models.h.
///
/// The SQN step is a compare-and-set expressed in RFC 6902 (see
/// docs/home-network-functions.md): `[{"op":"test","path":"/sequenceNumber/sqn","value":OLD},
/// {"op":"replace","path":"/sequenceNumber/sqn","value":NEW}]`. The UDR applies it
/// atomically, answering 409 when the test fails.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"
#include "glasscore/sbi/ueau_models.h"

namespace glasscore::sbi {

using sqn_octets = std::array<std::uint8_t, 6>;

/// The 48-bit SQN as a number and back (TS 33.102 §6.3.2, big-endian octets).
[[nodiscard]] std::uint64_t sqn_from_octets(const sqn_octets& s);
[[nodiscard]] sqn_octets sqn_to_octets(std::uint64_t sqn);

/// SequenceNumber (TS 29.505 §5.2.2.2.x): sqn is `^[A-Fa-f0-9]{12}$`.
struct sequence_number {
  std::optional<std::string> sqn_scheme;  ///< GENERAL | NON_TIME_BASED | TIME_BASED
  std::optional<sqn_octets> sqn;
  std::map<std::string, std::int64_t> last_indexes;
  std::optional<std::int64_t> ind_length;
  bool operator==(const sequence_number&) const = default;
};

/// AuthenticationSubscription (TS 29.505). This core keeps K and OPc unencrypted in the
/// UDR (protectionParameterId absent), so encPermanentKey and encOpcKey are 32 hex digits;
/// any other form is a decode error rather than a key silently misread.
struct authentication_subscription {
  auth_type authentication_method = auth_type::five_g_aka;
  std::optional<std::array<std::uint8_t, 16>> enc_permanent_key;
  std::optional<std::string> protection_parameter_id;
  std::optional<sbi::sequence_number> sequence_number;
  std::optional<std::array<std::uint8_t, 2>> authentication_management_field;
  std::optional<std::string> algorithm_id;
  std::optional<std::array<std::uint8_t, 16>> enc_opc_key;
  std::optional<std::string> enc_topc_key;
  std::optional<std::string> supi;
  bool operator==(const authentication_subscription&) const = default;
};

/// The SQN step a PATCH of authentication-subscription carries: `expected` from a
/// "test" operation (absent: no test), `desired` from the "replace".
struct sqn_update {
  std::optional<sqn_octets> expected;
  sqn_octets desired{};
  bool operator==(const sqn_update&) const = default;
};

[[nodiscard]] expected<authentication_subscription, decode_error>
decode_authentication_subscription(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] nlohmann::json to_json(const sequence_number& v);
[[nodiscard]] nlohmann::json to_json(const authentication_subscription& v);

/// Reads a PatchItem array (TS 29.571 PatchItem, RFC 6902) that only touches the SQN: at
/// most one "test" and exactly one "replace", both of path /sequenceNumber/sqn with a
/// 12-hex-digit value. Any other operation or path is an error naming the item
/// ("/1/path: ..."), so a patch the UDR does not honour is never half-applied.
[[nodiscard]] expected<sqn_update, decode_error> decode_sqn_patch(const nlohmann::json& j);
[[nodiscard]] nlohmann::json to_json(const sqn_update& v);

}  // namespace glasscore::sbi
