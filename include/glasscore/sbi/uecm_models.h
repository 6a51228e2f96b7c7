#pragma once
/// \file
/// Nudm_UEContextManagement models (TS 29.503 §6.2.6, `TS29503_Nudm_UECM.yaml`, Rel-17):
/// the AMF's registration for 3GPP access and its deregistration. The UDR stores the same
/// Amf3GppAccessRegistration as context data (TS 29.505 §5.2.3).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// RatType values (TS 29.571 §5.4.3.2) accepted in a registration.
[[nodiscard]] bool is_rat_type(std::string_view s);

/// Amf3GppAccessRegistration (TS 29.503 §6.2.6.2.2): the mandatory members and the
/// optional ones the UDM looks at.
struct amf_3gpp_access_registration {
  std::string amf_instance_id;  ///< NfInstanceId (UUID)
  std::string dereg_callback_uri;
  sbi::guami guami;
  std::string rat_type;  ///< "NR", "EUTRA", ...
  std::optional<std::string> supported_features;
  std::optional<bool> purge_flag;
  std::optional<std::string> pei;
  std::optional<bool> initial_registration_ind;
  std::optional<std::string> pcscf_restoration_callback_uri;
  std::optional<bool> dr_flag;
  bool operator==(const amf_3gpp_access_registration&) const = default;
};

/// DeregistrationData (TS 29.503 §6.2.6.2.7), body of .../amf-3gpp-access/dereg-amf.
struct deregistration_data {
  std::string dereg_reason;  ///< DeregistrationReason (TS 29.503 §6.2.6.3.3)
  std::optional<std::string> access_type;
  bool operator==(const deregistration_data&) const = default;
};

[[nodiscard]] expected<amf_3gpp_access_registration, decode_error>
decode_amf_3gpp_access_registration(const nlohmann::json& j, const std::string& pointer = "");
[[nodiscard]] expected<deregistration_data, decode_error> decode_deregistration_data(
    const nlohmann::json& j, const std::string& pointer = "");

[[nodiscard]] nlohmann::json to_json(const amf_3gpp_access_registration& v);
[[nodiscard]] nlohmann::json to_json(const deregistration_data& v);

}  // namespace glasscore::sbi
