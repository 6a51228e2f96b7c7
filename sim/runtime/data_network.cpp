#include "glasscore/sim/data_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace glasscore::sim {

expected<void, std::string> run_command(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  std::string line;
  for (const auto& a : argv) {
    line += (line.empty() ? "" : " ") + a;
  }
  if (rc != 0) {
    return fail("cannot run `" + line + "` (is " + argv[0] + " installed?)");
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail("`" + line + "` failed");
  }
  return {};
}

namespace {

bool write_sysctl(const char* path) {
  std::ofstream f(path);
  f << "1\n";
  return static_cast<bool>(f.flush());
}

std::string ns_of(pid_t pid) {
  char target[128] = {};
  const std::string path = "/proc/" + std::to_string(pid) + "/ns/net";
  const auto n = ::readlink(path.c_str(), target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

expected<std::unique_ptr<data_network>, std::string> data_network::create(
    const data_network_options& o) {
  if (::geteuid() != 0) {
    return fail(std::string("a data network namespace needs root"));
  }
  // The namespace lives as long as this holder process (util-linux unshare). Its stdin is
  // a pipe whose only writer is this process, so it ends with us even after a crash; its
  // output goes to /dev/null, so it never holds a test runner's output pipe open.
  int keepalive[2];
  if (::pipe2(keepalive, O_CLOEXEC) != 0) {
    return fail(std::string("pipe for the data network holder"));
  }
  std::vector<std::string> holder_argv = {"unshare", "--net", "sh", "-c", "read _"};
  std::vector<char*> args;
  for (auto& a : holder_argv) {
    args.push_back(a.data());
  }
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, keepalive[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t holder = 0;
  const int spawned = ::posix_spawnp(&holder, "unshare", &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(keepalive[0]);
  if (spawned != 0) {
    ::close(keepalive[1]);
    return fail(std::string("cannot run unshare (util-linux)"));
  }
  std::unique_ptr<data_network> dn(new data_network(o, holder, keepalive[1]));
  // Wait until the holder is in its own namespace (unshare has run).
  const std::string ours = ns_of(::getpid());
  for (int i = 0; i < 500 && (ns_of(holder).empty() || ns_of(holder) == ours); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (ns_of(holder) == ours) {
    return fail(std::string("the data network namespace did not come up"));
  }
  const std::string pid = std::to_string(holder);
  const std::string peer = o.link + "p";
  const std::string gw = o.gateway.to_string();
  const std::string host = o.host.to_string();
  const std::vector<std::vector<std::string>> steps = {
      {"ip", "link", "add", o.link, "type", "veth", "peer", "name", peer, "netns", pid},
      // No duplicate address detection (RFC 4862 §5.4) on this two-node link: until it ends,
      // the link-local addresses are tentative, and neighbour solicitations for forwarded
      // packets (which need a link-local source) are not answered.
      {"sysctl", "-qw", "net.ipv6.conf." + o.link + ".accept_dad=0"},
      {"nsenter", "-t", pid, "-n", "sysctl", "-qw", "net.ipv6.conf." + peer + ".accept_dad=0"},
      {"ip", "address", "add", gw + "/24", "dev", o.link},
      {"ip", "link", "set", o.link, "up"},
      {"nsenter", "-t", pid, "-n", "ip", "link", "set", "lo", "up"},
      {"nsenter", "-t", pid, "-n", "ip", "address", "add", host + "/24", "dev", peer},
      {"nsenter", "-t", pid, "-n", "ip", "link", "set", peer, "up"},
      {"nsenter", "-t", pid, "-n", "ip", "route", "add", o.ue_pool.to_string(), "via", gw},
  };
  for (const auto& step : steps) {
    if (auto ok = run_command(step); !ok) {
      return fail(ok.error());
    }
  }
  // Forwarding between the UPF's TUN device and the veth link, in this namespace only.
  if (!write_sysctl("/proc/sys/net/ipv4/ip_forward")) {
    return fail(std::string("cannot switch IPv4 forwarding on"));
  }
  if (!o.ue_pool6.empty()) {
    // nodad: usable at once (no duplicate address detection, see above).
    const std::vector<std::vector<std::string>> steps6 = {
        {"ip", "-6", "address", "add", o.gateway6 + "/64", "dev", o.link, "nodad"},
        {"nsenter", "-t", pid, "-n", "ip", "-6", "address", "add", o.host6 + "/64", "dev", peer,
         "nodad"},
        {"nsenter", "-t", pid, "-n", "ip", "-6", "route", "add", o.ue_pool6, "via", o.gateway6},
        {"ip", "-6", "route", "replace", o.ue_pool6, "dev", o.tun_device},
    };
    for (const auto& step : steps6) {
      if (auto ok = run_command(step); !ok) {
        return fail(ok.error());
      }
    }
    if (!write_sysctl("/proc/sys/net/ipv6/conf/all/forwarding")) {
      return fail(std::string("cannot switch IPv6 forwarding on"));
    }
  }
  return dn;
}

std::array<std::uint8_t, 16> data_network::host6() const {
  std::array<std::uint8_t, 16> a{};
  (void)::inet_pton(AF_INET6, options_.host6.c_str(), a.data());
  return a;
}

data_network::~data_network() {
  (void)run_command({"ip", "link", "delete", options_.link});
  ::close(keepalive_);
  ::kill(holder_, SIGKILL);
  int status = 0;
  ::waitpid(holder_, &status, 0);
}

}  // namespace glasscore::sim
