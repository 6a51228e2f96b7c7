// `glasscore subscriber ...` run as a user runs it: the built binary, its output and its exit
// codes, against a data directory that persists between invocations and that another
// connection (standing in for the running core) holds open.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "glasscore/store/sqlite_store.h"
#include "store/store_fixtures.h"

namespace glasscore::store {
namespace {

using test::temp_dir;

constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr const char* opc_hex = "e8ed289deba952e4283b54e88e6183ca";

struct result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the binary with `args`; stdout and stderr go to files in `scratch`.
result run(const std::filesystem::path& scratch, std::vector<std::string> args,
           const std::string& stdin_file = "/dev/null") {
  args.insert(args.begin(), {GLASSCORE_BINARY, "subscriber"});
  const auto out_file = scratch / "stdout";
  const auto err_file = scratch / "stderr";
  const pid_t pid = ::fork();
  if (pid == 0) {
    // In the scratch directory, so that no config/glasscore.yaml is found by default.
    if (::chdir(scratch.c_str()) != 0) {
      _exit(127);
    }
    const int in = ::open(stdin_file.c_str(), O_RDONLY);
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
        ::dup2(err, 2) < 0) {
      _exit(127);
    }
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  result r;
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
    ADD_FAILURE() << "could not run " << GLASSCORE_BINARY;
    return r;
  }
  r.exit_code = WEXITSTATUS(status);
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

class subscriber_cli : public ::testing::Test {
 protected:
  result glasscore(std::vector<std::string> args, const std::string& stdin_file = "/dev/null") {
    args.push_back("--data-dir");
    args.push_back(data_.string());
    return run(tmp_.path(), std::move(args), stdin_file);
  }
  result add(const std::string& imsi, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"add", "--imsi", imsi, "--k", k_hex, "--opc", opc_hex};
    args.insert(args.end(), extra.begin(), extra.end());
    return glasscore(args);
  }

  temp_dir tmp_;
  std::filesystem::path data_ = tmp_.path() / "data";
};

TEST_F(subscriber_cli, add_list_show_del_persist_across_invocations) {
  auto added = add("001010000000001", {"--slice", "1", "--slice", "1:000001", "--dnn", "internet",
                                       "--dnn", "ims", "--sqn", "4096", "--msisdn", "491234"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out,
            "added subscriber 001010000000001 (slices 1, 1:000001; DNNs internet, ims)\n");
  ASSERT_EQ(add("001010000000002").exit_code, 0);

  auto listed = glasscore({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("IMSI"), std::string::npos);
  EXPECT_NE(listed.out.find("001010000000001  491234"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("000000001000  1,1:000001"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("internet"), std::string::npos);
  EXPECT_NE(listed.out.find("\n2 subscribers\n"), std::string::npos);
  EXPECT_LT(listed.out.find("001010000000001"), listed.out.find("001010000000002"));
  auto limited = glasscore({"list", "--after", "001010000000001", "--limit", "5"});
  EXPECT_EQ(limited.out.find("001010000000001"), std::string::npos);
  EXPECT_NE(limited.out.find("\n1 subscriber\n"), std::string::npos) << limited.out;

  auto shown = glasscore({"show", "001010000000001"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out.find(k_hex), std::string::npos) << "K printed without --show-keys";
  EXPECT_EQ(shown.out.find(opc_hex), std::string::npos);
  EXPECT_NE(shown.out.find("\"k\": \"(redacted"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("\"dnn\": \"ims\""), std::string::npos);
  auto with_keys = glasscore({"show", "--imsi", "001010000000001", "--show-keys"});
  EXPECT_NE(with_keys.out.find(k_hex), std::string::npos);
  EXPECT_NE(with_keys.out.find(opc_hex), std::string::npos);

  auto deleted = glasscore({"del", "001010000000001"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted subscriber 001010000000001\n");
  auto gone = glasscore({"show", "001010000000001"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(gone.err, "glasscore subscriber show: subscriber 001010000000001 not found\n");
  EXPECT_EQ(glasscore({"del", "001010000000001"}).exit_code, 1);
}

TEST_F(subscriber_cli, bad_input_names_the_option_and_exits_1) {
  const auto expect_error = [&](std::vector<std::string> extra, const std::string& message) {
    std::vector<std::string> args = {"add", "--imsi", "001010000000001"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = glasscore(args);
    EXPECT_EQ(r.exit_code, 1) << message;
    EXPECT_NE(r.err.find(message), std::string::npos) << "want: " << message << "\ngot: " << r.err;
  };
  expect_error({"--k", "465b5ce8b199b49faa5f0a2ee238a6", "--opc", opc_hex},
               "glasscore subscriber add: --k: expected 32 hex digits (128-bit key), got 30");
  expect_error({"--k", k_hex, "--opc", "zz"},
               "--opc: expected 32 hex digits (128-bit key), character 1 is not a hex digit");
  expect_error({"--k", k_hex, "--op", opc_hex, "--amf", "80"},
               "--amf: expected 4 hex digits (16-bit AMF), got 2");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--sqn", "281474976710656"},
               "--sqn: expected a number from 0 to 281474976710655, got '281474976710656'");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--slice", "1:00001"},
               "--slice: expected SST (0-255) or SST:SD (SD as 6 hex digits), got '1:00001'");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--slice", "256"}, "--slice: expected SST");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--dnn", "in ternet"}, "--dnn: 'in ternet'");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--auth-method", "AKA"},
               "--auth-method: expected 5G_AKA or EAP_AKA_PRIME, got 'AKA'");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--ambr-ul", "fast"}, "--ambr-ul: expected");
  expect_error({"--k", k_hex, "--opc", opc_hex, "--slice", "1", "--slice", "1"},
               "slices[1]: S-NSSAI 1 is listed twice");

  auto bad_imsi = glasscore({"add", "--imsi", "00101abc", "--k", k_hex, "--opc", opc_hex});
  EXPECT_EQ(bad_imsi.exit_code, 1);
  EXPECT_NE(bad_imsi.err.find("--imsi: expected 6 to 15 decimal digits"), std::string::npos)
      << bad_imsi.err;

  ASSERT_EQ(add("001010000000001").exit_code, 0);
  auto twice = add("001010000000001");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err, "glasscore subscriber add: subscriber 001010000000001 already exists\n");
  // Nothing invalid reached the store.
  EXPECT_NE(glasscore({"list"}).out.find("\n1 subscriber\n"), std::string::npos);
}

TEST_F(subscriber_cli, usage_errors_exit_2) {
  EXPECT_EQ(glasscore({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run(tmp_.path(), {}).exit_code, 2);
  auto unknown = glasscore({"list", "--bogus"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown option '--bogus' for 'list'"), std::string::npos);
  auto missing = glasscore({"add", "--imsi", "001010000000001", "--k", k_hex});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("add needs --imsi, --k and one of --opc or --op"), std::string::npos);
  EXPECT_EQ(glasscore({"add", "--imsi", "001010000000001", "--k", k_hex, "--opc", opc_hex, "--op",
                       opc_hex})
                .exit_code,
            2);
  EXPECT_EQ(glasscore({"show"}).exit_code, 2);
  EXPECT_EQ(glasscore({"import"}).exit_code, 2);
  auto no_value = glasscore({"add", "--imsi"});  // "--data-dir" is taken as the value...
  EXPECT_NE(no_value.exit_code, 0);
  auto no_store = run(tmp_.path(), {"list"});  // no config/glasscore.yaml in the scratch dir
  EXPECT_EQ(no_store.exit_code, 2);
  EXPECT_NE(no_store.err.find("no store given"), std::string::npos) << no_store.err;
  auto help = glasscore({"help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: glasscore subscriber"), std::string::npos);
}

TEST_F(subscriber_cli, export_import_round_trips_and_is_all_or_nothing) {
  ASSERT_EQ(add("001010000000001", {"--slice", "2:00a0b1", "--amf", "9001"}).exit_code, 0);
  ASSERT_EQ(
      add("001010000000002", {"--auth-method", "EAP_AKA_PRIME", "--ambr-dl", "5000"}).exit_code, 0);
  const auto file = tmp_.path() / "export.json";
  auto exported = glasscore({"export", file.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.err, "exported 2 subscribers\n");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U) << "an export holds keys";
  const std::string first_export = read_file(file);

  // Into a fresh data directory and out again: byte-identical.
  const auto other = tmp_.path() / "other";
  auto imported = run(tmp_.path(), {"import", file.string(), "--data-dir", other.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "imported 2 subscribers\n");
  auto second = run(tmp_.path(), {"export", "--data-dir", other.string()});
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out, first_export);

  // Importing the same file again: record 0 exists, nothing changes; --replace overwrites.
  auto again = glasscore({"import", file.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("record 0: subscriber 001010000000001 already exists; nothing imported"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(glasscore({"import", "--replace", file.string()}).exit_code, 0);

  // A damaged second record: the error names it and the first is not imported either.
  std::string damaged = first_export;
  const auto second_k = damaged.find("\"k\"", damaged.find("001010000000002"));
  damaged.replace(damaged.find(k_hex, second_k), 2, "");
  const auto bad_file = tmp_.path() / "bad.json";
  std::ofstream(bad_file) << damaged;
  const auto empty = tmp_.path() / "empty";
  auto bad = run(tmp_.path(), {"import", bad_file.string(), "--data-dir", empty.string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("subscribers[1].authentication.k: expected 32 hex digits (128-bit key), "
                         "got 30; nothing imported"),
            std::string::npos)
      << bad.err;
  auto nothing = run(tmp_.path(), {"list", "--data-dir", empty.string()});
  EXPECT_NE(nothing.out.find("\n0 subscribers\n"), std::string::npos) << nothing.out;

  // "-" reads stdin.
  const auto stdin_dir = tmp_.path() / "stdin";
  auto piped = run(tmp_.path(), {"import", "-", "--data-dir", stdin_dir.string()}, file.string());
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(run(tmp_.path(), {"export", "--data-dir", stdin_dir.string()}).out, first_export);
}

TEST_F(subscriber_cli, adds_while_the_core_holds_the_store_open) {
  auto core = open_sqlite_store(data_);
  ASSERT_TRUE(core) << core.error().message;
  ASSERT_TRUE((*core)->list("", 10));
  ASSERT_EQ(add("001010000000007", {"--sqn", "64"}).exit_code, 0);
  auto seen = (*core)->get("001010000000007");
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->auth.sqn, 64U);
  // The core's SQN step is visible to the next CLI invocation.
  EXPECT_EQ((*core)->advance_sqn("001010000000007").value(), 96U);
  EXPECT_NE(glasscore({"list"}).out.find("000000000060"), std::string::npos);
}

TEST_F(subscriber_cli, slices_and_dnns_default_from_the_config) {
  std::string yaml =
      read_file(std::filesystem::path(GLASSCORE_SOURCE_DIR) / "config" / "glasscore.yaml");
  const std::string key = "data_directory: ./glasscore-data";
  const auto at = yaml.find(key);
  ASSERT_NE(at, std::string::npos) << "shipped config changed; update this test";
  yaml.replace(at, key.size(), "data_directory: " + (tmp_.path() / "from-config").string());
  const auto config_file = tmp_.path() / "glasscore.yaml";
  std::ofstream(config_file) << yaml;

  auto added = run(tmp_.path(), {"add", "-c", config_file.string(), "--imsi", "001010000000001",
                                 "--k", k_hex, "--op", opc_hex});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, "added subscriber 001010000000001 (slices 1, 1:000001; DNNs internet)\n");
  auto store = open_sqlite_store(tmp_.path() / "from-config");
  ASSERT_TRUE(store);
  const auto s = (*store)->get("001010000000001").value();
  EXPECT_EQ(s.auth.opc.kind, operator_key_kind::op);
  ASSERT_EQ(s.slices.size(), 2U);
  EXPECT_TRUE(s.slices[0].is_default);
  EXPECT_FALSE(s.slices[1].is_default);
  // The shipped "internet" DNN has IPv4 and IPv6 pools.
  EXPECT_EQ(s.slices[0].dnns.at(0).pdu_session_types.front(), pdu_session_type::ipv4v6);

  auto broken = tmp_.path() / "broken.yaml";
  std::ofstream(broken) << "plmns: [}\n";
  auto refused = run(tmp_.path(), {"list", "-c", broken.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("YAML syntax error"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace glasscore::store
