// Mistakes in single values: each gives exactly one problem naming its key path.

#include "config_test_support.h"

namespace glasscore::config::test {
namespace {

std::string with(std::string_view extra) {
  return std::string(minimal_yaml) + std::string(extra) + "\n";
}

// The minimal file takes lines 1-5, so an appended section starts on line 6.
TEST(config_values, unknown_key_suggests_the_closest) {
  EXPECT_EQ(only_problem(with("amf: {regoin_id: 3}")),
            (problem{"amf.regoin_id", "3", "unknown key; did you mean 'region_id'?", 6, 7}));
}

TEST(config_values, unknown_key_far_from_any_lists_the_keys) {
  const auto p = only_problem(with("metrics: {frobnicate: 1}"));
  EXPECT_EQ(p.path, "metrics.frobnicate");
  EXPECT_EQ(p.message, "unknown key; expected one of: enabled, address, port");
}

TEST(config_values, unknown_top_level_section) {
  const auto p = only_problem(with("amff: {}"));
  EXPECT_EQ(p.path, "amff");
  EXPECT_EQ(p.message, "unknown key; did you mean 'amf'?");
}

TEST(config_values, repeated_key) {
  const auto p = only_problem(with("metrics: {port: 1, port: 2}"));
  EXPECT_EQ(p.path, "metrics.port");
  EXPECT_EQ(p.value, "2");
  EXPECT_EQ(p.message, "key appears more than once in this section; keep one");
}

TEST(config_values, out_of_range_integers) {
  const auto problems = problems_of(with("amf: {region_id: 256, set_id: 1024, pointer: 64}"));
  ASSERT_EQ(problems.size(), 3U) << format_problems(problems);
  EXPECT_EQ(problems[0], (problem{"amf.region_id", "256",
                                  "expected a whole number from 0 to 255 (8 bits)", 6, 18}));
  EXPECT_EQ(problems[1].path, "amf.set_id");
  EXPECT_EQ(problems[1].message, "expected a whole number from 0 to 1023 (10 bits)");
  EXPECT_EQ(problems[2].path, "amf.pointer");
  EXPECT_EQ(problems[2].value, "64");
}

TEST(config_values, wrong_types) {
  auto p = only_problem(with("amf: {n2_port: [1]}"));
  EXPECT_EQ(p.path, "amf.n2_port");
  EXPECT_EQ(p.value, "[1]");
  EXPECT_EQ(p.message,
            "expected a whole number from 0 to 65535 (0 picks a free port), found a list");
  p = only_problem(with("amf: [1, 2]"));
  EXPECT_EQ(p.path, "amf");
  EXPECT_EQ(p.message, "expected a mapping of keys to values, found a list");
  p = only_problem(with("amf: {tais: {tac: 1}}"));
  EXPECT_EQ(p.path, "amf.tais");
  EXPECT_EQ(p.message, "expected a list, found a mapping");
  p = only_problem(with("metrics: {enabled: maybe}"));
  EXPECT_EQ(p, (problem{"metrics.enabled", "maybe", "expected true or false", 6, 20}));
}

TEST(config_values, tac_range) {
  const auto p = only_problem(with("amf:\n  tais:\n    - tac: 1\n    - tac: 16777216"));
  EXPECT_EQ(p, (problem{"amf.tais[1].tac", "16777216",
                        "expected a whole number from 0 to 16777215 (a TAC is 24 bits, "
                        "0x000000-0xFFFFFF)",
                        9, 12}));
}

TEST(config_values, malformed_plmn) {
  const auto problems = problems_of(R"(plmns: [{mcc: "01", mnc: "1"}]
tacs: [1]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)");
  ASSERT_EQ(problems.size(), 2U) << format_problems(problems);
  EXPECT_EQ(problems[0], (problem{"plmns[0].mcc", "01",
                                  "expected an MCC of exactly 3 digits, e.g. \"001\"", 1, 15}));
  EXPECT_EQ(problems[1].path, "plmns[0].mnc");
  EXPECT_EQ(problems[1].value, "1");
}

TEST(config_values, unquoted_leading_zeros_are_kept) {
  auto config = parse_config(R"(plmns: [{mcc: 001, mnc: 001}]
tacs: [1]
slices: [{sst: 1, sd: 000001}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)");
  ASSERT_TRUE(config.has_value()) << format_problems(config.error());
  EXPECT_EQ(config->plmns[0], (plmn_id{"001", "001"}));
  EXPECT_EQ(config->slices[0].sd, 1U);
}

TEST(config_values, slice_differentiator) {
  auto p = only_problem(with("amf: {slices: [{sst: 1, sd: \"00001\"}]}"));
  EXPECT_EQ(p.path, "amf.slices[0].sd");
  EXPECT_EQ(p.value, "00001");
  EXPECT_EQ(p.message,
            "expected an SD of exactly 6 hex digits, e.g. \"000001\" (omit sd for a slice "
            "without one)");
  p = only_problem(with("amf: {slices: [{sd: \"000001\"}]}"));
  EXPECT_EQ(p.path, "amf.slices[0].sst");
  EXPECT_EQ(p.message, "missing; this key is required");
}

TEST(config_values, addresses_and_prefixes) {
  auto p = only_problem(with("amf: {n2_address: 127.0.0.300}"));
  EXPECT_EQ(p.path, "amf.n2_address");
  EXPECT_EQ(p.value, "127.0.0.300");
  EXPECT_EQ(p.message,
            "expected an IPv4 or IPv6 address such as 127.0.0.1 or \"::1\" (no port, no host "
            "name)");
  p = only_problem(with("upf: {n3_address: localhost}"));
  EXPECT_EQ(p.path, "upf.n3_address");

  const std::string base = R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
udm: {suci: {allow_null_scheme: true}}
)";
  p = only_problem(base + "dnns: [{name: internet, ipv4_pool: 10.45.0.1/16}]\n");
  EXPECT_EQ(p, (problem{"dnns[0].ipv4_pool", "10.45.0.1/16",
                        "host bits are set; did you mean 10.45.0.0/16?", 5, 36}));
  p = only_problem(base + "dnns: [{name: internet, ipv4_pool: 10.45.0.0/33}]\n");
  EXPECT_EQ(p.message, "expected an IPv4 prefix such as 10.45.0.0/16");
  p = only_problem(base + "dnns: [{name: internet, ipv4_pool: \"2001:db8::/48\"}]\n");
  EXPECT_EQ(p.path, "dnns[0].ipv4_pool");
  p = only_problem(base + "dnns: [{name: internet, ipv6_pool: \"2001:db8::/96\"}]\n");
  EXPECT_EQ(p.message, "expected a prefix of /64 or shorter: each UE is given a /64 from it");
  p = only_problem(base + "dnns: [{name: internet}]\n");
  EXPECT_EQ(p.path, "dnns[0]");
  EXPECT_EQ(p.message, "a DNN needs an ipv4_pool, an ipv6_pool or both");
  p = only_problem(base + "dnns: [{name: internet, ipv4_pool: 10.0.0.0/8, dns: [8.8.8]}]\n");
  EXPECT_EQ(p.path, "dnns[0].dns[0]");
}

TEST(config_values, dnn_fields) {
  const std::string base = R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [1]
slices: [{sst: 1}]
udm: {suci: {allow_null_scheme: true}}
)";
  auto p = only_problem(base + "dnns: [{name: \"my dnn\", ipv4_pool: 10.0.0.0/8}]\n");
  EXPECT_EQ(p.path, "dnns[0].name");
  EXPECT_EQ(p.value, "my dnn");
  p = only_problem(base + "dnns: [{name: a, ipv4_pool: 10.0.0.0/8, mtu: 100}]\n");
  EXPECT_EQ(p.path, "dnns[0].mtu");
  p = only_problem(base + "dnns: [{name: a, ipv4_pool: 10.0.0.0/8, default_5qi: 0}]\n");
  EXPECT_EQ(p.path, "dnns[0].default_5qi");
  p = only_problem(base + "dnns: [{name: a, ipv4_pool: 10.0.0.0/8, session_ambr: {uplink: 5}}]\n");
  EXPECT_EQ(p.path, "dnns[0].session_ambr.uplink");
  EXPECT_EQ(p.message, "unknown key; did you mean 'uplink_kbps'?");
}

TEST(config_values, enumerations_suggest_the_closest_name) {
  auto p = only_problem(with("amf: {security: {integrity: [nia2, nai1]}}"));
  EXPECT_EQ(p, (problem{"amf.security.integrity[1]", "nai1",
                        "expected one of nia0, nia1, nia2 or nia3; did you mean 'nia1'?", 6, 36}));
  p = only_problem(with("amf: {sbi: {scheme: htps}}"));
  EXPECT_EQ(p.path, "amf.sbi.scheme");
  EXPECT_EQ(p.message, "expected one of http or https; did you mean 'https'?");
}

TEST(config_values, home_network_keys) {
  const std::string base(network_yaml);
  const std::string key = "e8b3c66c89844fc09b84c2d891300d7e4b584988271468de73bf38eee3ca1e56";
  auto p = only_problem(base +
                        "udm: {suci: {home_network_keys: [{id: 0, scheme: profile_a, "
                        "private_key: " +
                        key + "}]}}\n");
  EXPECT_EQ(p.path, "udm.suci.home_network_keys[0].id");
  EXPECT_EQ(p.message, "expected a whole number from 1 to 255");

  p = only_problem(base +
                   "udm: {suci: {home_network_keys: [{id: 1, scheme: profile_b, "
                   "private_key: " +
                   key.substr(2) + "}]}}\n");
  EXPECT_EQ(p.path, "udm.suci.home_network_keys[0].private_key");
  EXPECT_EQ(p.value, "<62 characters>") << "a key is never echoed";
  EXPECT_EQ(p.message, "expected a non-zero 32-byte private key as 64 hex digits");

  p = only_problem(base + "udm: {suci: {home_network_keys: [{id: 1, scheme: profile_b}]}}\n");
  EXPECT_EQ(p.path, "udm.suci.home_network_keys[0].private_key");
  EXPECT_EQ(p.message, "missing; this key is required");
}

TEST(config_values, logging_and_names) {
  auto p = only_problem(with("logging: {level: \"info,amf=loud\"}"));
  EXPECT_EQ(p.path, "logging.level");
  EXPECT_EQ(p.value, "info,amf=loud");
  for (const char* good : {"trace", "warn,amf=debug,sctp=trace", "off"}) {
    EXPECT_TRUE(parse_config(with(std::string("logging: {level: \"") + good + "\"}"))) << good;
  }
  for (const char* bad : {"", "info,", "=debug", "info,,amf=debug", "verbose"}) {
    EXPECT_FALSE(parse_config(with(std::string("logging: {level: \"") + bad + "\"}"))) << bad;
  }
  p = only_problem(with("upf: {tun_device: \"averyveryverylongname\"}"));
  EXPECT_EQ(p.path, "upf.tun_device");
  p = only_problem(with("amf: {name: \"\"}"));
  EXPECT_EQ(p.path, "amf.name");
  EXPECT_EQ(p.message, "expected an AMF name, found an empty value");
  p = only_problem(with("nrf: {uri: \"127.0.0.10:7777\"}"));
  EXPECT_EQ(p.path, "nrf.uri");
  p = only_problem(with("amf: {timers: {t3512: 1, t3550: 6}}"));
  EXPECT_EQ(p.path, "amf.timers.t3512");
}

TEST(config_values, required_sections) {
  const auto problems = problems_of("udm: {suci: {allow_null_scheme: true}}\n");
  ASSERT_EQ(problems.size(), 4U) << format_problems(problems);
  EXPECT_EQ(problems[0], (problem{"plmns", "", "missing; this key is required", 0, 0}));
  EXPECT_EQ(problems[1].path, "tacs");
  EXPECT_EQ(problems[2].path, "slices");
  EXPECT_EQ(problems[3].path, "dnns");
}

TEST(config_values, every_problem_is_reported_at_once) {
  const auto problems =
      problems_of(with("amf: {region_id: x, pointer: 99, n2_port: -1}\nmetrics: {port: 70000}"));
  EXPECT_EQ(problems.size(), 4U) << format_problems(problems);
}

}  // namespace
}  // namespace glasscore::config::test
