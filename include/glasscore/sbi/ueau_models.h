#pragma once
/// \file
/// Nudm_UEAuthentication models (TS 29.503 §6.3.6, `TS29503_Nudm_UEAU.yaml`, Rel-17): the
/// generate-auth-data request and result the AUSF and the UDM exchange for 5G AKA
/// (TS 33.501 §6.1.3.2). Hex members (RAND, AUTN, XRES*, KAUSF, AUTS) are decoded into
/// octet arrays, so a wrong length or a non-hex digit is a decode error naming the member.
/// Only the 5G HE AKA vector is modelled; an EAP-AKA' vector is refused as incorrect.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// AuthType (TS 29.503 §6.3.6.3.3).
enum class auth_type : std::uint8_t { five_g_aka, eap_aka_prime, eap_tls, none, eap_ttls };
[[nodiscard]] std::string_view to_string(auth_type t);
[[nodiscard]] std::optional<auth_type> parse_auth_type(std::string_view s);

/// ServingNetworkName (TS 29.503 §6.3.6.3.2, TS 24.501 §9.12.1):
/// "5G:mnc<3 digits>.mcc<3 digits>.3gppnetwork.org", optionally ":<11 hex digits>" (NID),
/// or "5G:NSWO".
[[nodiscard]] bool is_serving_network_name(std::string_view s);

/// SUPI of type IMSI in SBI form, "imsi-" + 5 to 15 digits (TS 29.571 §5.3.2 Supi; the
/// only SUPI type this core serves).
[[nodiscard]] bool is_imsi_supi(std::string_view s);

/// ResynchronizationInfo (TS 29.503 §6.3.6.2.3): RAND of the failed challenge and the
/// USIM's AUTS (TS 33.102 §6.3.3).
struct resynchronization_info {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 14> auts{};
  bool operator==(const resynchronization_info&) const = default;
};

/// AuthenticationInfoRequest (TS 29.503 §6.3.6.2.2).
struct authentication_info_request {
  std::string serving_network_name;
  std::optional<sbi::resynchronization_info> resynchronization_info;
  std::string ausf_instance_id;  ///< NfInstanceId (UUID), mandatory
  std::optional<std::string> supported_features;
  bool operator==(const authentication_info_request&) const = default;
};

/// Av5GHeAka (TS 29.503 §6.3.6.2.6), avType "5G_HE_AKA".
struct av_5g_he_aka {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> xres_star{};
  std::array<std::uint8_t, 16> autn{};
  std::array<std::uint8_t, 32> kausf{};
  bool operator==(const av_5g_he_aka&) const = default;
};

/// AuthenticationInfoResult (TS 29.503 §6.3.6.2.4).
struct authentication_info_result {
  auth_type type = auth_type::five_g_aka;  ///< authType
  std::optional<av_5g_he_aka> authentication_vector;
  std::optional<std::string> supi;
  std::optional<std::string> supported_features;
  bool operator==(const authentication_info_result&) const = default;
};

[[nodiscard]] expected<resynchronization_info, decode_error> decode_resynchronization_info(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<authentication_info_request, decode_error>
decode_authentication_info_request(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<authentication_info_result, decode_error> decode_authentication_info_result(
    const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const resynchronization_info& v);
[[nodiscard]] nlohmann::json to_json(const authentication_info_request& v);
[[nodiscard]] nlohmann::json to_json(const av_5g_he_aka& v);
[[nodiscard]] nlohmann::json to_json(const authentication_info_result& v);

}  // namespace glasscore::sbi
