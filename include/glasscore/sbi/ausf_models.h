#pragma once
/// \file
/// Nausf_UEAuthentication models (TS 29.509 §6.1.6, `TS29509_Nausf_UEAuthentication.yaml`,
/// Rel-17) for 5G AKA (TS 33.501 §6.1.3.2): the AMF's AuthenticationInfo, the AUSF's
/// UEAuthenticationCtx answer and the 5g-aka-confirmation exchange. EAP payloads are not
/// modelled (EAP-AKA' is not served yet).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/decode_error.h"
#include "glasscore/sbi/ueau_models.h"

namespace glasscore::sbi {

/// SupiOrSuci (TS 29.571 §5.3.2): "imsi-...", "nai-..." or "suci-..." (the SUCI itself is
/// parsed by the UDM's SIDF). Checks the prefix and the character set (letters, digits,
/// "-._@") only, so the value is safe to put into a URI path segment.
[[nodiscard]] bool is_supi_or_suci(std::string_view s);

/// AuthenticationInfo (TS 29.509 §6.1.6.2.2).
struct authentication_info {
  std::string supi_or_suci;
  std::string serving_network_name;
  std::optional<sbi::resynchronization_info> resynchronization_info;
  std::optional<std::string> pei;
  std::optional<std::string> supported_features;
  bool operator==(const authentication_info&) const = default;
};

/// Av5gAka (TS 29.509 §6.1.6.2.4): what the SEAF gets, HXRES* instead of XRES*.
struct av_5g_aka {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> hxres_star{};
  std::array<std::uint8_t, 16> autn{};
  bool operator==(const av_5g_aka&) const = default;
};

/// UEAuthenticationCtx (TS 29.509 §6.1.6.2.3) for 5G AKA: `links` maps a relation name
/// ("5g-aka") to its href (TS 29.571 LinksValueSchema).
struct ue_authentication_ctx {
  auth_type type = auth_type::five_g_aka;
  av_5g_aka auth_data;  ///< 5gAuthData
  std::map<std::string, std::string> links;
  std::optional<std::string> serving_network_name;
  bool operator==(const ue_authentication_ctx&) const = default;
};

/// ConfirmationData (TS 29.509 §6.1.6.2.5). resStar is nullable in the OpenAPI; null
/// (the UE gave no answer) decodes as nullopt and fails the authentication.
struct confirmation_data {
  std::optional<std::array<std::uint8_t, 16>> res_star;
  std::optional<std::string> supported_features;
  bool operator==(const confirmation_data&) const = default;
};

/// AuthResult (TS 29.509 §6.1.6.3.3).
enum class auth_result : std::uint8_t { success, failure, ongoing };
[[nodiscard]] std::string_view to_string(auth_result r);
[[nodiscard]] std::optional<auth_result> parse_auth_result(std::string_view s);

/// ConfirmationDataResponse (TS 29.509 §6.1.6.2.6).
struct confirmation_data_response {
  auth_result result = auth_result::failure;
  std::optional<std::string> supi;
  std::optional<std::array<std::uint8_t, 32>> kseaf;
  bool operator==(const confirmation_data_response&) const = default;
};

[[nodiscard]] expected<authentication_info, decode_error> decode_authentication_info(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<ue_authentication_ctx, decode_error> decode_ue_authentication_ctx(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<confirmation_data, decode_error> decode_confirmation_data(
    const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<confirmation_data_response, decode_error> decode_confirmation_data_response(
    const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const authentication_info& v);
[[nodiscard]] nlohmann::json to_json(const av_5g_aka& v);
[[nodiscard]] nlohmann::json to_json(const ue_authentication_ctx& v);
[[nodiscard]] nlohmann::json to_json(const confirmation_data& v);
[[nodiscard]] nlohmann::json to_json(const confirmation_data_response& v);

}  // namespace glasscore::sbi
