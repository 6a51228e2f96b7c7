// Cross-section checks: what one section uses must be declared, served and unique.

#include "config_test_support.h"

namespace glasscore::config::test {
namespace {

std::string with(std::string_view extra) {
  return std::string(minimal_yaml) + std::string(extra) + "\n";
}

constexpr std::string_view two_slices = R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1, 2]
slices: [{sst: 1}, {sst: 1, sd: "000001"}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}, {name: ims, ipv4_pool: 10.46.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)";

TEST(config_consistency, tai_with_undeclared_plmn_or_tac) {
  const auto problems =
      problems_of(with("amf:\n  tais:\n    - tac: 1\n    - {mcc: \"002\", mnc: \"01\", tac: 7}"));
  ASSERT_EQ(problems.size(), 2U) << format_problems(problems);
  EXPECT_EQ(problems[0], (problem{"amf.tais[1]", "002-01",
                                  "PLMN 002-01 is not declared in the top-level plmns "
                                  "(declared: 001-01); add it there or correct mcc/mnc",
                                  9, 7}));
  EXPECT_EQ(problems[1], (problem{"amf.tais[1].tac", "7",
                                  "TAC 7 is not declared in the top-level tacs (declared: 1); "
                                  "add it there or correct the TAI",
                                  9, 36}));
}

TEST(config_consistency, mnc_length_matters) {
  const auto p = only_problem(with("amf: {tais: [{mcc: \"001\", mnc: \"001\", tac: 1}]}"));
  EXPECT_EQ(p.path, "amf.tais[0]");
  EXPECT_EQ(p.value, "001-001");
}

TEST(config_consistency, tai_plmn_is_checked) {
  auto p = only_problem(with("amf: {tais: [{mcc: \"001\", tac: 1}]}"));
  EXPECT_EQ(p.path, "amf.tais[0]");
  EXPECT_EQ(p.message, "give both mcc and mnc, or neither to use the only declared PLMN");
  p = only_problem(with("amf: {tais: [{mcc: \"1\", mnc: \"01\", tac: 1}]}"));
  EXPECT_EQ(p.path, "amf.tais[0].mcc");
  EXPECT_EQ(p.message, "expected an MCC of exactly 3 digits, e.g. \"001\"");
}

TEST(config_consistency, tai_needs_plmn_when_several_are_declared) {
  const auto p = only_problem(R"(plmns: [{mcc: "001", mnc: "01"}, {mcc: "999", mnc: "70"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
amf: {tais: [{tac: 1}]}
)");
  EXPECT_EQ(p.path, "amf.tais[0]");
  EXPECT_EQ(p.message,
            "mcc and mnc are needed here because more than one PLMN is declared (001-01, "
            "999-70)");
}

TEST(config_consistency, amf_slice_not_declared) {
  const auto p = only_problem(with("amf: {slices: [{sst: 1, sd: \"000001\"}]}"));
  EXPECT_EQ(p, (problem{"amf.slices[0]", "1/000001",
                        "slice 1/000001 is not declared in the top-level slices (declared: 1); "
                        "sst and sd must match exactly",
                        6, 16}));
}

TEST(config_consistency, amf_slice_not_served_by_any_upf) {
  const auto p = only_problem(std::string(two_slices) +
                              "smf: {upfs: [{name: upf1, n4_address: 127.0.0.7, "
                              "slices: [{sst: 1}]}]}\n");
  EXPECT_EQ(p.path, "slices[1]") << "the AMF serves every declared slice by default";
  EXPECT_EQ(p.value, "1/000001");
  EXPECT_EQ(p.message,
            "no UPF in smf.upfs serves slice 1/000001; add it to the slices of a UPF, or PDU "
            "sessions on it will fail");

  const auto explicit_amf = only_problem(std::string(two_slices) +
                                         "amf: {slices: [{sst: 1, sd: \"000001\"}]}\n"
                                         "smf: {upfs: [{name: upf1, n4_address: 127.0.0.7, "
                                         "slices: [{sst: 1}]}]}\n");
  EXPECT_EQ(explicit_amf.path, "amf.slices[0]");
}

TEST(config_consistency, dnn_without_upf) {
  const auto p = only_problem(std::string(two_slices) +
                              "smf: {upfs: [{name: upf1, n4_address: 127.0.0.7, "
                              "dnns: [internet]}]}\n");
  EXPECT_EQ(p, (problem{"dnns[1]", "ims",
                        "no UPF in smf.upfs serves DNN 'ims'; add it to the dnns of a UPF, or "
                        "PDU sessions to it will fail",
                        4, 51}));
}

TEST(config_consistency, upf_references_undeclared_dnn_and_slice) {
  const auto problems =
      problems_of(with("smf: {upfs: [{name: upf1, n4_address: 127.0.0.7, dnns: [internet, ims], "
                       "slices: [{sst: 1}, {sst: 2}]}]}"));
  ASSERT_EQ(problems.size(), 2U) << format_problems(problems);
  EXPECT_EQ(problems[0].path, "smf.upfs[0].dnns[1]");
  EXPECT_EQ(problems[0].value, "ims");
  EXPECT_EQ(problems[0].message,
            "DNN 'ims' is not declared in the top-level dnns (declared: internet)");
  EXPECT_EQ(problems[1].path, "smf.upfs[0].slices[1]");
  EXPECT_EQ(problems[1].value, "2");
}

// smf.upfs[].tacs is a UPF's service area (TS 23.501 §6.3.3.1) and anchor: false marks an
// I-UPF without N6.
TEST(config_consistency, upf_service_area_and_anchor_are_read) {
  auto c = parse_config(std::string(two_slices) +
                        "smf: {upfs: [{name: psa, n4_address: 127.0.0.7, tacs: [1]},\n"
                        "             {name: iupf, n4_address: 127.0.0.8, tacs: [2], "
                        "anchor: false, slices: [{sst: 1}]}]}\n");
  ASSERT_TRUE(c.has_value()) << format_problems(c.error());
  ASSERT_EQ(c->smf.upfs.size(), 2U);
  EXPECT_EQ(c->smf.upfs[0].tacs, std::vector<std::uint32_t>{1});
  EXPECT_TRUE(c->smf.upfs[0].anchor);
  EXPECT_EQ(c->smf.upfs[1].tacs, std::vector<std::uint32_t>{2});
  EXPECT_FALSE(c->smf.upfs[1].anchor);
  EXPECT_EQ(c->smf.upfs[1].slices, (std::vector<snssai>{snssai{1, std::nullopt}}));
}

TEST(config_consistency, upf_tac_must_be_declared_and_24_bits) {
  const auto problems = problems_of(with(
      "smf: {upfs: [{name: upf1, n4_address: 127.0.0.7, tacs: [1, 7, 16777216], anchor: 3}]}"));
  ASSERT_EQ(problems.size(), 3U) << format_problems(problems);
  EXPECT_EQ(problems[0].path, "smf.upfs[0].tacs[2]");
  EXPECT_EQ(problems[1].path, "smf.upfs[0].anchor");
  EXPECT_EQ(problems[2],
            (problem{"smf.upfs[0].tacs[1]", "7",
                     "TAC 7 is not declared in the top-level tacs (declared: 1)", 6, 60}));
}

TEST(config_consistency, an_intermediate_upf_serves_no_slice_or_dnn_as_anchor) {
  const auto problems = problems_of(
      with("smf: {upfs: [{name: iupf, n4_address: 127.0.0.8, tacs: [1], anchor: false}]}"));
  ASSERT_EQ(problems.size(), 2U) << format_problems(problems);
  EXPECT_EQ(problems[0].path, "slices[0]");
  EXPECT_EQ(problems[1].path, "dnns[0]");
}

TEST(config_consistency, duplicates) {
  auto p = only_problem(R"(plmns: [{mcc: "001", mnc: "01"}, {mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)");
  EXPECT_EQ(p, (problem{"plmns[1]", "001-01", "this PLMN is already listed at plmns[0]; remove one",
                        1, 34}));

  p = only_problem(R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}, {name: internet, ipv4_pool: 10.46.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)");
  EXPECT_EQ(p.path, "dnns[1]");
  EXPECT_EQ(p.message, "a DNN with this name is already listed at dnns[0]; remove one");

  p =
      only_problem(with("smf: {upfs: [{name: a, n4_address: 127.0.0.7}, "
                        "{name: a, n4_address: 127.0.0.8}]}"));
  EXPECT_EQ(p.path, "smf.upfs[1]");
  EXPECT_EQ(p.message, "a UPF with this name is already listed at smf.upfs[0]; remove one");

  const std::string key = "e8b3c66c89844fc09b84c2d891300d7e4b584988271468de73bf38eee3ca1e56";
  p = only_problem(std::string(network_yaml) +
                   "udm: {suci: {home_network_keys: [{id: 7, scheme: profile_a, private_key: " +
                   key + "}, {id: 7, scheme: profile_b, private_key: " + key + "}]}}\n");
  EXPECT_EQ(p.path, "udm.suci.home_network_keys[1]");
  EXPECT_EQ(p.value, "id 7");
  EXPECT_EQ(p.message,
            "a key with this id is already listed at udm.suci.home_network_keys[0]; remove one");
}

TEST(config_consistency, overlapping_pools) {
  const auto p = only_problem(R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}, {name: ims, ipv4_pool: 10.45.128.0/17}]
udm: {suci: {allow_null_scheme: true}}
)");
  EXPECT_EQ(p.path, "dnns[1].ipv4_pool");
  EXPECT_EQ(p.value, "10.45.128.0/17");
  EXPECT_EQ(p.message,
            "overlaps dnns[0].ipv4_pool (10.45.0.0/16); UE address pools must not overlap");
}

TEST(config_consistency, nia0_needs_the_emergency_flag) {
  const auto p = only_problem(with("amf: {security: {integrity: [nia2, nia0]}}"));
  EXPECT_EQ(p.path, "amf.security.integrity[1]");
  EXPECT_EQ(p.value, "nia0");
  EXPECT_EQ(p.message,
            "nia0 means no integrity protection and is allowed only for emergency sessions "
            "(TS 33.501 §5.5.2); remove it, or set amf.security.allow_nia0_for_emergency: true");
  EXPECT_TRUE(
      parse_config(with("amf: {security: {integrity: [nia2, nia0], "
                        "allow_nia0_for_emergency: true}}")));
  EXPECT_TRUE(parse_config(with("amf: {security: {ciphering: [nea0]}}")))
      << "nea0 (no ciphering) is allowed: confidentiality is optional (TS 33.501 §5.5.1)";
}

TEST(config_consistency, algorithm_lists) {
  auto p = only_problem(with("amf: {security: {ciphering: [nea2, nea2]}}"));
  EXPECT_EQ(p.path, "amf.security.ciphering[1]");
  EXPECT_EQ(p.message, "this algorithm is already listed at amf.security.ciphering[0]; remove one");
  p = only_problem(with("amf: {security: {integrity: []}}"));
  EXPECT_EQ(p.path, "amf.security.integrity");
}

TEST(config_consistency, suci_needs_a_key_or_the_null_scheme) {
  const auto p = only_problem(network_yaml);
  EXPECT_EQ(p.path, "udm.suci");
  EXPECT_EQ(p.message,
            "no home_network_keys and allow_null_scheme is false: no SUCI can be deconcealed, "
            "so no UE can register; add a key (TS 33.501 §6.12.2)");
}

TEST(config_consistency, https_needs_tls_files) {
  auto p = only_problem(with("ausf: {sbi: {scheme: https}}"));
  EXPECT_EQ(p.path, "ausf.sbi.scheme");
  EXPECT_EQ(p.message, "https needs both tls.certificate and tls.private_key (TS 33.501 §13.1)");
  p = only_problem(with("ausf: {sbi: {tls: {certificate: a.pem, private_key: a.key}}}"));
  EXPECT_EQ(p.path, "ausf.sbi.tls");
  EXPECT_TRUE(
      parse_config(with("ausf: {sbi: {scheme: https, tls: {certificate: a.pem, "
                        "private_key: a.key}}}")));
}

TEST(config_consistency, two_listeners_on_one_port) {
  auto p = only_problem(with("metrics: {address: 127.0.0.5, port: 7777}"));
  EXPECT_EQ(p, (problem{"metrics", "127.0.0.5:7777",
                        "TCP port already used by amf.sbi; give each network function its own "
                        "address or port",
                        6, 10}));
  p =
      only_problem(with("upf: {n4_address: 0.0.0.0}\nsmf: {upfs: [{name: u, n4_address: "
                        "127.0.0.7}]}"));
  EXPECT_EQ(p.path, "upf.n4_address") << "a wildcard bind takes the port on every address";
  EXPECT_TRUE(parse_config(with("metrics: {address: 127.0.0.5, port: 7777, enabled: false}")));
  EXPECT_TRUE(
      parse_config(with("amf: {sbi: {port: 0}}\nausf: {sbi: {address: 127.0.0.5, "
                        "port: 0}}")))
      << "port 0 is ephemeral";
}

TEST(config_consistency, empty_lists) {
  const auto problems = problems_of(R"(plmns: []
tacs: []
slices: []
dnns: []
udm: {suci: {allow_null_scheme: true}}
)");
  ASSERT_EQ(problems.size(), 4U) << format_problems(problems);
  EXPECT_EQ(problems[0].path, "plmns");
  EXPECT_EQ(problems[0].message,
            "at least one entry is needed, e.g. [{mcc: \"001\", mnc: \"01\"}]");
}

TEST(config_consistency, one_mistake_is_reported_once) {
  // A malformed TAC is not also "undeclared", and a malformed slice not also "unserved".
  const auto problems = problems_of(with("amf: {tais: [{tac: x}], slices: [{sst: 1, sd: \"?\"}]}"));
  ASSERT_EQ(problems.size(), 2U) << format_problems(problems);
  EXPECT_EQ(problems[0].path, "amf.tais[0].tac");
  EXPECT_EQ(problems[1].path, "amf.slices[0].sd");
}

}  // namespace
}  // namespace glasscore::config::test
