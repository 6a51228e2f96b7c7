#pragma once
/// \file
/// What this AMF serves, in NGAP form: its PLMNs, tracking areas and slices, taken from the
/// configuration (whose `config check` already verified that they agree with each other).

#include <cstdint>
#include <string>
#include <vector>

#include "glasscore/codec/ngap/messages.h"
#include "glasscore/config/config_types.h"
#include "glasscore/core/expected.h"

namespace glasscore::amf {

struct served_tai {
  ngap::plmn_identity plmn{};
  std::uint32_t tac = 0;
};

struct served_area {
  std::vector<ngap::plmn_identity> plmns;
  std::vector<served_tai> tais;
  std::vector<ngap::s_nssai> slices;

  /// From the top-level PLMNs and the AMF section's TAIs and slices (already defaulted by
  /// the config parser). Fails only on digits the config validation would have refused.
  [[nodiscard]] static expected<served_area, std::string> from_config(
      const config::glasscore_config& c);

  [[nodiscard]] bool serves(const ngap::plmn_identity& plmn) const;
  [[nodiscard]] bool serves(const ngap::plmn_identity& plmn, std::uint32_t tac) const;
  [[nodiscard]] bool serves(const ngap::s_nssai& slice) const;
};

}  // namespace glasscore::amf
