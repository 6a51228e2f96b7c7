#pragma once
// Helpers shared by the config tests: a minimal valid file to start from, and access to
// the problems of a file that must fail.

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "glasscore/config/config.h"

namespace glasscore::config {

// Readable failures: GoogleTest would otherwise print the struct's bytes.
inline void PrintTo(const problem& p, std::ostream* out) {
  *out << format_problems({p});
}

}  // namespace glasscore::config

namespace glasscore::config::test {

/// The network-wide sections of a small valid file.
inline constexpr std::string_view network_yaml = R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
)";

/// The smallest valid file (network_yaml and a udm line): everything else takes its default.
inline const std::string minimal_yaml =
    std::string(network_yaml) + "udm: {suci: {allow_null_scheme: true}}\n";

/// The problems of `yaml`, which must not parse.
inline problem_list problems_of(std::string_view yaml) {
  auto result = parse_config(yaml);
  EXPECT_FALSE(result.has_value()) << "expected problems in:\n" << yaml;
  return result ? problem_list{} : result.error();
}

/// The only problem of `yaml`; fails the test if there is not exactly one.
inline problem only_problem(std::string_view yaml) {
  auto problems = problems_of(yaml);
  EXPECT_EQ(problems.size(), 1U) << format_problems(problems);
  return problems.empty() ? problem{} : problems.front();
}

}  // namespace glasscore::config::test
