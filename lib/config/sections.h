#pragma once
// Reading of each section of the file into glasscore_config, and the checks that span
// sections. Parsing and checking are separate passes: per-value problems first, then
// cross-section consistency over whatever parsed.

#include <vector>

#include "glasscore/config/config_types.h"
#include "yaml_reader.h"

namespace glasscore::config::detail {

/// What the file left out, so that defaults that depend on other sections (the AMF's TAIs
/// and slices, the SMF's UPFs) are filled in after everything is read.
struct parse_notes {
  bool amf_tais_given = false;
  bool amf_slices_given = false;
  bool smf_upfs_given = false;
  std::vector<bool> tai_plmn_given;    ///< per amf.tais item: mcc/mnc written
  std::vector<bool> upf_dnns_given;    ///< per smf.upfs item
  std::vector<bool> upf_slices_given;  ///< per smf.upfs item
};

/// Reports an MCC or MNC of the wrong form in the mapping `m` holds them in.
bool check_plmn_digits(mapping& m, const plmn_id& plmn);

// Readers of the shared value types, used by several sections.
[[nodiscard]] value_reader<plmn_id> plmn_value();
[[nodiscard]] value_reader<snssai> snssai_value();
[[nodiscard]] value_reader<std::uint64_t> tac_value();
[[nodiscard]] value_reader<std::uint64_t> port_value();
[[nodiscard]] value_reader<std::string> name_value(std::string_view what);

/// plmns, tacs, slices, dnns.
void read_network(mapping& top, glasscore_config& config);
/// amf, ausf, udm, udr, nrf, smf, pcf, nssf, upf, logging, metrics.
void read_functions(mapping& top, glasscore_config& config, parse_notes& notes);
/// Fills the defaults that depend on other sections.
void apply_defaults(glasscore_config& config, const parse_notes& notes);
/// Cross-section checks: references to undeclared PLMNs/TACs/slices/DNNs, coverage of
/// slices and DNNs by UPFs, duplicates, security policy, address conflicts.
void check_consistency(problem_sink& sink, const glasscore_config& config,
                       const parse_notes& notes);

}  // namespace glasscore::config::detail
