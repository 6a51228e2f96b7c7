// `glasscore run` and `glasscore sim` run as a user runs them: the built binary as separate
// processes, the core until SIGTERM, the simulator against it over SCTP with UDP
// encapsulation (RFC 6951; two raw-IP usrsctp stacks in one network namespace would ABORT
// each other's associations). Each test writes a copy of the shipped configuration with its
// own ports (derived from the pid) and uses a temporary data directory.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "glasscore/store/json.h"
#include "store/store_fixtures.h"

namespace glasscore::store {
namespace {

using test::temp_dir;

// The lab keys `glasscore sim` uses by default (those of `glasscore demo`).
constexpr std::array<std::uint8_t, 16> lab_k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                                                0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
constexpr std::array<std::uint8_t, 16> lab_opc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                                                  0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Starts the binary with `args` in `dir`, stdout and stderr to `<dir>/<name>.out/.err`.
pid_t spawn(const std::filesystem::path& dir, const std::string& name,
            std::vector<std::string> args) {
  args.insert(args.begin(), GLASSCORE_BINARY);
  const auto out_file = dir / (name + ".out");
  const auto err_file = dir / (name + ".err");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (::chdir(dir.c_str()) != 0 || in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 ||
        ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
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
  return pid;
}

result wait_for(const std::filesystem::path& dir, const std::string& name, pid_t pid) {
  result r;
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  }
  r.out = read_file(dir / (name + ".out"));
  r.err = read_file(dir / (name + ".err"));
  return r;
}

// GET /metrics over HTTP/1.1 from 127.0.0.1:`port`; the whole response, or "" on failure.
std::string http_get_metrics(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof(to)) == 0) {
    const std::string request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      std::array<char, 4096> buffer{};
      for (ssize_t n = 0; (n = ::read(fd, buffer.data(), buffer.size())) > 0;) {
        response.append(buffer.data(), static_cast<std::size_t>(n));
      }
    }
  }
  if (fd >= 0) {
    ::close(fd);
  }
  return response;
}

result run(const std::filesystem::path& dir, const std::string& name,
           std::vector<std::string> args) {
  return wait_for(dir, name, spawn(dir, name, std::move(args)));
}

class run_sim_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    // Ports below the ephemeral range, distinct per test process.
    const auto base = static_cast<std::uint16_t>(20000 + (::getpid() % 3000) * 4);
    sbi_port_ = base;
    metrics_port_ = base + 1;
    amf_udp_port_ = base + 2;
    gnb_udp_port_ = base + 3;
    std::string text = read_file(GLASSCORE_SOURCE_DIR "/config/glasscore.yaml");
    replace_all(text, "port: 7777", fmt::format("port: {}", sbi_port_));
    replace_all(text, "port: 9090", fmt::format("port: {}", metrics_port_));
    // PFCP (UDP 8805) on a loopback address of this test process's own, so that parallel
    // runs do not collide; the UPF's data path is not started (--no-user-plane): these
    // tests are about the CLI and registration, and must not add a TUN device to the host.
    const auto n4_net = fmt::format("127.0.{}.", 1 + ::getpid() % 250);
    replace_all(text, "n4_address: 127.0.0.4", "n4_address: " + n4_net + "4");
    replace_all(text, "n4_address: 127.0.0.7", "n4_address: " + n4_net + "7");
    config_ = tmp_.path() / "glasscore.yaml";
    std::ofstream(config_) << text;
  }

  void TearDown() override {
    if (core_pid_ > 0) {
      ::kill(core_pid_, SIGKILL);
      ::waitpid(core_pid_, nullptr, 0);
    }
  }

  static void replace_all(std::string& text, std::string_view from, const std::string& to) {
    std::size_t n = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
      ++n;
    }
    EXPECT_GT(n, 0U) << from;
  }

  // Starts `glasscore run` and waits for its "ready" line.
  bool start_core() {
    core_pid_ = spawn(tmp_.path(), "run",
                      {"run", "-c", config_.string(), "--data-dir", (tmp_.path() / "data").string(),
                       "--sctp-udp", std::to_string(amf_udp_port_), "--no-user-plane"});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      if (read_file(tmp_.path() / "run.out").find("\nready") != std::string::npos) {
        return true;
      }
      if (::waitpid(core_pid_, nullptr, WNOHANG) == core_pid_) {
        core_pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no 'ready' from glasscore run:\n"
                  << read_file(tmp_.path() / "run.out") << read_file(tmp_.path() / "run.err");
    return false;
  }

  result stop_core() {
    ::kill(core_pid_, SIGTERM);
    auto r = wait_for(tmp_.path(), "run", core_pid_);
    core_pid_ = -1;
    return r;
  }

  result sim(std::vector<std::string> args) {
    args.insert(args.begin(),
                {"sim", "-c", config_.string(), "--sctp-udp",
                 fmt::format("{}:{}", gnb_udp_port_, amf_udp_port_), "--timeout", "20"});
    return run(tmp_.path(), "sim", std::move(args));
  }

  temp_dir tmp_;
  std::filesystem::path config_;
  std::uint16_t sbi_port_ = 0;
  std::uint16_t metrics_port_ = 0;
  std::uint16_t amf_udp_port_ = 0;
  std::uint16_t gnb_udp_port_ = 0;
  pid_t core_pid_ = -1;
};

TEST_F(run_sim_cli, bad_configuration_exits_1_naming_each_key) {
  const auto r =
      run(tmp_.path(), "run", {"run", "-c", GLASSCORE_SOURCE_DIR "/tests/apps/bad_config.yaml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("4 problems"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plmns[0].mnc: 1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("amf.tais[0].tac: 7:"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("ready"), std::string::npos);
}

TEST_F(run_sim_cli, only_all_network_functions_in_one_process) {
  const auto r = run(tmp_.path(), "run", {"run", "-c", config_.string(), "--nf", "amf,smf"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("splitting NFs over processes is not in this build"), std::string::npos)
      << r.err;
  EXPECT_EQ(run(tmp_.path(), "sim", {"sim", "--scheme", "c"}).exit_code, 2);
  EXPECT_EQ(run(tmp_.path(), "sim", {"sim", "--sctp-udp", "9898"}).exit_code, 2);
}

TEST_F(run_sim_cli, run_reaches_ready_serves_metrics_and_stops_on_sigterm) {
  ASSERT_TRUE(start_core());
  const auto metrics = http_get_metrics(metrics_port_);
  EXPECT_NE(metrics.find("HTTP/1.1 200"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("amf_registrations_total"), std::string::npos) << metrics;
  const auto r = stop_core();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(fmt::format("NRF 127.0.0.10:{}", sbi_port_)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(fmt::format("http://127.0.0.1:{}/metrics", metrics_port_)),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(fmt::format("UDP port {}", amf_udp_port_)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SIGTERM received"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped"), std::string::npos) << r.out;
}

TEST_F(run_sim_cli, sighup_applies_amf_name_and_capacity_and_refuses_a_broken_file) {
  ASSERT_TRUE(start_core());
  const auto wait_for_line = [&](std::string_view what) {
    for (int i = 0; i < 200; ++i) {
      if (read_file(tmp_.path() / "run.out").find(what) != std::string::npos ||
          read_file(tmp_.path() / "run.err").find(what) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  std::string text = read_file(config_);
  replace_all(text, "name: glasscore-amf", "name: amf-drained\n  relative_capacity: 0");
  std::ofstream(config_) << text;
  ::kill(core_pid_, SIGHUP);
  EXPECT_TRUE(wait_for_line("SIGHUP: AMF name 'amf-drained', relative capacity 0 sent to 0"))
      << read_file(tmp_.path() / "run.out");

  std::ofstream(config_) << "plmns: 12\n";
  ::kill(core_pid_, SIGHUP);
  EXPECT_TRUE(wait_for_line("nothing changed")) << read_file(tmp_.path() / "run.err");
  const auto r = stop_core();
  EXPECT_EQ(r.exit_code, 0) << "a reload never stops the core: " << r.out << r.err;
}

TEST_F(run_sim_cli, sim_registers_and_deregisters_20_imported_subscribers) {
  std::vector<subscriber> batch;
  for (int i = 1; i <= 20; ++i) {
    subscriber s;
    s.imsi = fmt::format("00101{:010}", i);
    s.auth.k = lab_k;
    s.auth.opc.value = lab_opc;
    slice_subscription slice;
    slice.is_default = true;
    slice.default_dnn = "internet";
    dnn_subscription internet;
    internet.dnn = "internet";
    slice.dnns.push_back(internet);
    s.slices.push_back(slice);
    batch.push_back(std::move(s));
  }
  const auto file = tmp_.path() / "subscribers.json";
  std::ofstream(file) << export_json(batch);
  const auto imported =
      run(tmp_.path(), "import",
          {"subscriber", "import", file.string(), "--data-dir", (tmp_.path() / "data").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  ASSERT_TRUE(start_core());
  const auto ok = sim({"--gnbs", "2", "--ues", "20"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("2 gNBs connected"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("20 of 20 UEs finished"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("every UE succeeded"), std::string::npos) << ok.out;

  // Subscribers the UDR does not know: rejected with #7, and the hint says what to do.
  const auto unknown = sim({"--ues", "2", "--first-imsi", "001010000000100", "--scheme", "b"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out << unknown.err;
  EXPECT_NE(unknown.out.find("registration rejected #7 x2"), std::string::npos) << unknown.out;
  EXPECT_NE(unknown.err.find("hint: 2 registrations were rejected with cause #7"),
            std::string::npos)
      << unknown.err;

  const auto stopped = stop_core();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.out << stopped.err;
}

}  // namespace
}  // namespace glasscore::store
