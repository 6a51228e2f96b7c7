// The shipped config/glasscore.yaml, defaults, and YAML-level errors.

#include <filesystem>
#include <fstream>

#include "config_test_support.h"

namespace glasscore::config::test {
namespace {

const std::filesystem::path shipped =
    std::filesystem::path(GLASSCORE_SOURCE_DIR) / "config" / "glasscore.yaml";

TEST(config_shipped, parses_with_no_problems) {
  auto config = load_config(shipped);
  ASSERT_TRUE(config.has_value()) << format_problems(config.error());

  ASSERT_EQ(config->plmns.size(), 1U);
  EXPECT_EQ(config->plmns[0], (plmn_id{"001", "01"}));
  EXPECT_EQ(config->tacs, std::vector<std::uint32_t>{1});
  EXPECT_EQ(config->slices, (std::vector<snssai>{{1, std::nullopt}, {1, 0x000001}}));
  ASSERT_EQ(config->dnns.size(), 1U);
  EXPECT_EQ(config->dnns[0].name, "internet");
  EXPECT_EQ(config->dnns[0].ipv4_pool->to_string(), "10.45.0.0/16");
  EXPECT_EQ(config->dnns[0].ipv6_pool->to_string(), "2001:db8:cafe::/48");

  EXPECT_EQ(config->amf.tais, (std::vector<tai>{{{"001", "01"}, 1}}))
      << "the TAI's PLMN defaults to the only declared PLMN";
  EXPECT_EQ(config->amf.n2_port, 38412);
  EXPECT_EQ(config->amf.integrity,
            (std::vector<integrity_algorithm>{integrity_algorithm::nia2, integrity_algorithm::nia1,
                                              integrity_algorithm::nia3}));

  ASSERT_EQ(config->udm.home_network_keys.size(), 2U);
  EXPECT_EQ(config->udm.home_network_keys[0].scheme, suci_scheme::profile_a);
  EXPECT_EQ(config->udm.home_network_keys[1].scheme, suci_scheme::profile_b);
  EXPECT_EQ(config->udm.home_network_keys[1].private_key[0], 0xa0);

  ASSERT_EQ(config->smf.upfs.size(), 1U);
  EXPECT_EQ(config->smf.upfs[0].n4_address, config->upf.n4_address);
  EXPECT_EQ(config->nrf.uri, "http://127.0.0.10:7777");

  // Every address is loopback, so the file runs anywhere without privileges on addresses.
  for (const ip_address& a :
       {config->amf.n2_address, config->amf.sbi.address, config->ausf.sbi.address,
        config->udm.sbi.address, config->udr.sbi.address, config->nrf.sbi.address,
        config->smf.sbi.address, config->smf.n4_address, config->pcf.sbi.address,
        config->nssf.sbi.address, config->upf.n3_address, config->upf.n4_address,
        config->metrics.address}) {
    EXPECT_EQ(a.bytes[0], 127) << a.to_string();
  }
}

TEST(config_defaults, are_applied_to_a_minimal_file) {
  auto config = parse_config(minimal_yaml);
  ASSERT_TRUE(config.has_value()) << format_problems(config.error());
  const glasscore_config& c = *config;

  EXPECT_EQ(c.amf.name, "glasscore-amf");
  EXPECT_EQ(c.amf.region_id, 1);
  EXPECT_EQ(c.amf.set_id, 1);
  EXPECT_EQ(c.amf.pointer, 0);
  EXPECT_EQ(c.amf.n2_address.to_string(), "127.0.0.5");
  EXPECT_EQ(c.amf.n2_port, 38412);
  EXPECT_EQ(c.amf.tais, (std::vector<tai>{{{"001", "01"}, 1}})) << "every PLMN x every TAC";
  EXPECT_EQ(c.amf.slices, c.slices);
  EXPECT_EQ(c.amf.ciphering, (std::vector<ciphering_algorithm>{
                                 ciphering_algorithm::nea2, ciphering_algorithm::nea1,
                                 ciphering_algorithm::nea3, ciphering_algorithm::nea0}));
  EXPECT_FALSE(c.amf.allow_nia0_for_emergency);
  EXPECT_EQ(c.amf.timers.t3512, std::chrono::seconds(3240));
  EXPECT_EQ(c.amf.timers.t3502, std::chrono::seconds(720));
  EXPECT_EQ(c.amf.timers.t3550, std::chrono::seconds(6));
  EXPECT_EQ(c.amf.timers.t3522, std::chrono::seconds(6));

  EXPECT_EQ(c.dnns[0].mtu, 1400);
  EXPECT_EQ(c.dnns[0].default_5qi, 9);
  EXPECT_EQ(c.dnns[0].ambr.uplink_kbps, 1'000'000U);
  EXPECT_FALSE(c.dnns[0].ipv6_pool.has_value());
  EXPECT_TRUE(c.dnns[0].dns.empty());

  EXPECT_EQ(c.ausf.sbi.address.to_string(), "127.0.0.11");
  EXPECT_EQ(c.ausf.sbi.port, 7777);
  EXPECT_EQ(c.ausf.sbi.scheme, sbi_scheme::http);
  EXPECT_EQ(c.udr.data_directory, "/var/lib/glasscore");
  EXPECT_TRUE(c.udm.allow_null_scheme);
  EXPECT_TRUE(c.udm.home_network_keys.empty());

  ASSERT_EQ(c.smf.upfs.size(), 1U) << "one UPF at upf.n4_address serving everything";
  EXPECT_EQ(c.smf.upfs[0].name, "upf");
  EXPECT_EQ(c.smf.upfs[0].n4_address.to_string(), "127.0.0.7");
  EXPECT_EQ(c.smf.upfs[0].dnns, std::vector<std::string>{"internet"});
  EXPECT_EQ(c.smf.upfs[0].slices, c.slices);
  EXPECT_EQ(c.upf.worker_threads, 1);
  EXPECT_EQ(c.upf.tun_device, "glasscore0");

  EXPECT_EQ(c.logging.level, "info");
  EXPECT_TRUE(c.logging.redaction);
  EXPECT_TRUE(c.metrics.enabled);
  EXPECT_EQ(c.metrics.port, 9090);
  EXPECT_EQ(c.nrf.uri, "http://127.0.0.10:7777");
}

TEST(config_defaults, an_upf_without_dnns_or_slices_serves_all) {
  auto config =
      parse_config(std::string(minimal_yaml) + "smf: {upfs: [{name: a, n4_address: 127.0.0.7}]}\n");
  ASSERT_TRUE(config.has_value()) << format_problems(config.error());
  EXPECT_EQ(config->smf.upfs[0].dnns, std::vector<std::string>{"internet"});
  EXPECT_EQ(config->smf.upfs[0].slices, config->slices);
}

TEST(config_defaults, values_in_hex_and_ipv6) {
  auto fixed = parse_config(R"(plmns: [{mcc: "001", mnc: "01"}]
tacs: [0x00000a]
slices: [{sst: 1}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
amf: {tais: [{tac: 10}], n2_address: "::1"}
)");
  ASSERT_TRUE(fixed.has_value()) << format_problems(fixed.error());
  EXPECT_EQ(fixed->tacs, std::vector<std::uint32_t>{10});
  EXPECT_EQ(fixed->amf.n2_address.family, ip_family::v6);
  EXPECT_EQ(fixed->amf.n2_address.to_string(), "::1");
}

TEST(config_yaml, syntax_errors_have_line_and_column) {
  const auto p = only_problem("plmns: [{mcc: \"001\", mnc: \"01\"}]\ntacs: [1\nslices: []\n");
  EXPECT_TRUE(p.path.empty());
  EXPECT_TRUE(p.message.starts_with("YAML syntax error: ")) << p.message;
  EXPECT_EQ(p.line, 3U);
  EXPECT_GT(p.column, 0U);
  EXPECT_EQ(format_problems({p}),
            "line 3, column " + std::to_string(p.column) + ": " + p.message + "\n");
}

TEST(config_yaml, empty_file_and_wrong_top_level) {
  EXPECT_EQ(only_problem("").message, "the file is empty; start from config/glasscore.yaml");
  const auto p = only_problem("- a\n- b\n");
  EXPECT_EQ(p.path, "(top level)");
  EXPECT_EQ(p.message, "expected a mapping of keys to values, found a list");
}

TEST(config_yaml, missing_file) {
  auto result = load_config("/nonexistent/glasscore.yaml");
  ASSERT_FALSE(result.has_value());
  ASSERT_EQ(result.error().size(), 1U);
  EXPECT_EQ(result.error()[0].message, "cannot open the configuration file");
  EXPECT_EQ(result.error()[0].value, "/nonexistent/glasscore.yaml");
}

TEST(config_format, one_line_per_problem) {
  const problem_list problems = {
      {"amf.tais[1].tac", "16777216", "expected a TAC", 12, 14},
      {"plmns", "", "missing; this key is required", 0, 0},
      {"amf.name", "a\nb", "bad", 0, 0},
  };
  EXPECT_EQ(format_problems(problems),
            "amf.tais[1].tac: 16777216: expected a TAC (line 12, column 14)\n"
            "plmns: missing; this key is required\n"
            "amf.name: a b: bad\n");
}

}  // namespace
}  // namespace glasscore::config::test

namespace glasscore::config::test {
namespace {

// Whatever the text, parsing returns a config or problems: never a crash or an exception.
TEST(config_yaml, every_truncation_of_the_shipped_file_is_handled) {
  std::ifstream in(shipped, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  std::size_t failures = 0;
  for (std::size_t length = 0; length < text.size(); length += 5) {
    auto result = parse_config(std::string_view(text).substr(0, length));
    if (!result) {
      ++failures;
      EXPECT_FALSE(result.error().empty());
      EXPECT_FALSE(format_problems(result.error()).empty());
    }
  }
  EXPECT_GT(failures, 0U);
}

}  // namespace
}  // namespace glasscore::config::test
