#pragma once
/// \file
/// The NFDiscover query (TS 29.510 §6.2.3.2.3.1, `TS29510_Nnrf_NFDiscovery.yaml`): the
/// parameters the AMF, SMF, AUSF and UDM use, parsed from and formatted to a URI query.
/// Shared by the NRF (parsing) and the NRF client (formatting).

#include <optional>
#include <string>
#include <vector>

#include "glasscore/core/expected.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/query.h"

namespace glasscore::sbi {

struct discovery_query {
  nf_type target_nf_type = nf_type::nrf;     ///< target-nf-type (mandatory)
  nf_type requester_nf_type = nf_type::nrf;  ///< requester-nf-type (mandatory)
  std::vector<std::string> service_names;    ///< service-names (form, explode: false)
  std::optional<std::string> requester_nf_instance_id;
  std::optional<std::string> target_nf_instance_id;
  std::vector<snssai> snssais;  ///< snssais (JSON array of Snssai)
  std::optional<std::string> dnn;
  std::vector<plmn_id> target_plmn_list;  ///< target-plmn-list (JSON array of PlmnId)
  std::optional<tai> tai_filter;          ///< tai (JSON Tai)
  std::optional<std::uint32_t> limit;     ///< limit (≥ 1)
  bool operator==(const discovery_query&) const = default;
};

/// Validates and extracts the parameters. Errors are TS 29.500 §5.2.7.2 answers (400):
/// MANDATORY_QUERY_PARAM_MISSING / MANDATORY_QUERY_PARAM_INCORRECT for target-nf-type and
/// requester-nf-type, OPTIONAL_QUERY_PARAM_INCORRECT for the others, each naming the
/// parameter in invalidParams. Unknown parameters are ignored.
[[nodiscard]] expected<discovery_query, sbi_error> parse_discovery_query(const query_params& q);

/// The query a consumer sends: names per the OpenAPI, JSON parameters compact.
[[nodiscard]] query_params to_query(const discovery_query& d);

}  // namespace glasscore::sbi
