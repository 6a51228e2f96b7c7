// Kernel backend against userspace backend, over a real link: Debian's kernel in a QEMU VM
// (software emulation) runs sctp_vm_peer (our endpoint, kernel SCTP); this process runs
// our endpoint on usrsctp in raw-IP mode. They meet on a tap device inside this test's own
// network namespace (host 10.99.0.1, VM 10.99.0.2, MTU 1500, so 64 KiB messages are
// fragmented and reassembled by both stacks). Everything on the tap is captured and must
// pass tshark's CRC32c check with PPID 60 in every DATA chunk.
//
// Phases: (1) VM connects as gNB to our AMF-side endpoint, messages on 4 streams up to
// 64 KiB are echoed, the VM shuts down gracefully; (2) we connect as gNB to the VM's AMF
// side, the VM echoes; (3) the VM is killed and heartbeats must report the loss
// (RFC 9260 §8.1, §8.3).

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "../sctp_capture.h"
#include "../sctp_test_support.h"
#include "glasscore/transport/sctp.h"
#include "support/tshark.h"

namespace glasscore::transport {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

bool have(const char* path) {
  return ::access(path, X_OK) == 0;
}

std::vector<std::uint8_t> host_message(int i) {
  std::vector<std::uint8_t> v(i % 4 == 3 ? 65536 : static_cast<std::size_t>(100 + 700 * i));
  for (std::size_t k = 0; k < v.size(); ++k) {
    v[k] = static_cast<std::uint8_t>(k * 7 + static_cast<std::size_t>(i));
  }
  return v;
}

TEST(sctp_vm_test, kernel_backend_in_vm_interoperates_with_usrsctp_backend) {
  const auto started = std::chrono::steady_clock::now();
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root (network namespace, tap device, raw sockets)";
  }
  for (const char* tool : {"/usr/bin/qemu-system-x86_64", "/bin/busybox", "/usr/bin/cpio",
                           "/usr/sbin/depmod", "/usr/bin/apt-get"}) {
    if (!have(tool)) {
      GTEST_SKIP() << tool << " missing (apt-get install qemu-system-x86 busybox-static cpio kmod)";
    }
  }
  GLASSCORE_TSHARK_OR_SKIP();
  const fs::path work = SCTP_VM_WORK_DIR;
  fs::create_directories(work);
  const int built = std::system(("bash " SCTP_VM_SCRIPT_DIR "/build_initramfs.sh " + work.string() +
                                 " " SCTP_VM_PEER " > " + (work / "build.log").string() + " 2>&1")
                                    .c_str());
  if (WIFEXITED(built) && WEXITSTATUS(built) == 3) {
    GTEST_SKIP() << "Debian kernel package not downloadable: "
                 << test::read_file(work / "build.log");
  }
  ASSERT_EQ(built, 0) << test::read_file(work / "build.log");
  const auto built_at = std::chrono::steady_clock::now();

  // The tap and its address must exist before usrsctp starts (it reads addresses once).
  ASSERT_TRUE(test::enter_private_netns());
  ASSERT_EQ(std::system("ip tuntap add dev sctptap0 mode tap && "
                        "ip addr add 10.99.0.1/24 dev sctptap0 && ip link set sctptap0 up"),
            0);
  const fs::path pcap = work / "vm.pcapng";
  test::capture cap(*::glasscore::test::tshark_path(), "sctptap0", pcap, work / "tshark.log",
                    false);
  ASSERT_TRUE(cap.ready()) << test::read_file(work / "tshark.log");

  test::loop loop;
  test::recorder amf;
  sctp_options o = test::userspace_options();
  ASSERT_EQ(o.userspace_mode, sctp_userspace_mode::raw_ip);
  o.heartbeat_interval = 300ms;  // phase 3 must notice the dead VM quickly
  o.rto_min = 200ms;
  o.rto_initial = 500ms;
  o.rto_max = 1000ms;
  o.max_retransmissions = 3;
  o.path_max_retransmissions = 3;
  o.local = *socket_address::parse("10.99.0.1", ngap_sctp_port);
  o.listen = true;
  auto server = sctp_endpoint::create(loop.io, o, amf);
  ASSERT_TRUE(server.has_value()) << server.error();
  amf.on_msg = [&](const sctp_message& m) {
    ASSERT_TRUE((*server)->send(m.association, m.stream, m.ppid, m.data).has_value());
  };

  // Boot the VM; its console goes to a file the test reads.
  const fs::path console = work / "console.log";
  std::vector<std::string> args = {"/usr/bin/qemu-system-x86_64",
                                   "-accel",
                                   "tcg",
                                   "-m",
                                   "512",
                                   "-smp",
                                   "1",
                                   "-nographic",
                                   "-no-reboot",
                                   "-kernel",
                                   (work / "vmlinuz").string(),
                                   "-initrd",
                                   (work / "initramfs.cpio.gz").string(),
                                   "-append",
                                   "console=ttyS0 panic=-1 quiet",
                                   "-netdev",
                                   "tap,id=n0,ifname=sctptap0,script=no,downscript=no",
                                   "-device",
                                   "virtio-net-pci,netdev=n0"};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, console.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t qemu = -1;
  ASSERT_EQ(::posix_spawn(&qemu, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  struct vm_guard {
    pid_t pid;
    ~vm_guard() {
      if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  } guard{qemu};
  // True once QEMU has exited (the VM powers off when its script ends or fails).
  bool vm_exited = false;
  auto vm_dead = [&] {
    if (!vm_exited && ::waitpid(qemu, nullptr, WNOHANG) == qemu) {
      vm_exited = true;
      guard.pid = -1;
    }
    return vm_exited;
  };
  auto console_has = [&](const std::string& s) {
    return test::read_file(console).find(s) != std::string::npos;
  };

  // Phase 1: the VM's kernel-SCTP gNB side against our usrsctp AMF side.
  ASSERT_TRUE(loop.run_until([&] { return !amf.up.empty() || vm_dead(); }, 120s));
  ASSERT_FALSE(amf.up.empty()) << test::read_file(console);
  const auto vm_up_at = std::chrono::steady_clock::now();
  EXPECT_EQ(amf.up[0].peer.to_string().rfind("10.99.0.2:", 0), 0u) << amf.up[0].peer.to_string();
  EXPECT_EQ(amf.up[0].inbound_streams, 4);
  ASSERT_TRUE(loop.run_until([&] { return !amf.down.empty(); }, 60s)) << test::read_file(console);
  EXPECT_EQ(amf.down[0].second, sctp_down_reason::shutdown);
  EXPECT_EQ(amf.messages.size(), 48u);
  for (const auto& m : amf.messages) {
    EXPECT_EQ(m.ppid, ngap_ppid);
  }
  ASSERT_TRUE(
      loop.run_until([&] { return console_has("=== client phase rc=") || vm_dead(); }, 10s));
  EXPECT_TRUE(console_has("=== client ok")) << test::read_file(console);
  EXPECT_TRUE(console_has("=== client up backend=kernel")) << test::read_file(console);

  // Phase 2: our usrsctp gNB side against the VM's kernel-SCTP AMF side.
  ASSERT_TRUE(
      loop.run_until([&] { return console_has("=== server listening") || vm_dead(); }, 30s));
  ASSERT_FALSE(vm_exited) << test::read_file(console);
  test::recorder gnb;
  sctp_options c = o;
  c.local = *socket_address::parse("10.99.0.1", 0);
  c.listen = false;
  auto client = sctp_endpoint::create(loop.io, c, gnb);
  ASSERT_TRUE(client.has_value()) << client.error();
  ASSERT_TRUE((*client)->connect(*socket_address::parse("10.99.0.2", ngap_sctp_port)));
  ASSERT_TRUE(loop.run_until([&] { return !gnb.up.empty() || !gnb.down.empty(); }, 30s));
  ASSERT_FALSE(gnb.up.empty()) << test::read_file(console);
  constexpr int count = 16;
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(
        (*client)
            ->send(gnb.up[0].id, static_cast<std::uint16_t>(i % 2), ngap_ppid, host_message(i))
            .has_value());
  }
  ASSERT_TRUE(loop.run_until([&] { return gnb.messages.size() == count; }, 30s));
  std::map<std::uint16_t, int> next;
  for (const auto& m : gnb.messages) {
    int& i = next[m.stream];
    if (i % 2 != m.stream) {
      ++i;
    }
    EXPECT_EQ(m.bytes, host_message(i)) << "stream " << m.stream << " message " << i;
    EXPECT_EQ(m.ppid, ngap_ppid);
    i += 2;
  }
  EXPECT_TRUE(console_has("=== server up peer=10.99.0.1:")) << test::read_file(console);

  // Phase 3: pull the plug; heartbeats and retransmissions must declare the loss.
  ASSERT_FALSE(vm_dead()) << test::read_file(console);
  ::kill(qemu, SIGKILL);
  ::waitpid(qemu, nullptr, 0);
  guard.pid = -1;
  const auto killed_at = std::chrono::steady_clock::now();
  const std::vector<std::uint8_t> probe(100, 1);
  ASSERT_TRUE((*client)->send(gnb.up[0].id, 0, ngap_ppid, probe).has_value());
  ASSERT_TRUE(loop.run_until([&] { return !gnb.down.empty(); }, 30s));
  EXPECT_EQ(gnb.down[0].second, sctp_down_reason::lost);
  const auto lost_after = std::chrono::steady_clock::now() - killed_at;

  cap.finish(pcap);
  const auto v = test::read_sctp_verdict(*::glasscore::test::tshark_path(), pcap);
  EXPECT_GT(v.packets, 100) << v.text;
  EXPECT_EQ(v.bad_checksums, 0) << v.text;
  EXPECT_GT(v.data_chunks, 2 * (48 + count)) << v.text;
  EXPECT_EQ(v.data_chunks_not_ppid_60, 0) << v.text;
  EXPECT_TRUE(v.saw_init && v.saw_shutdown) << v.text;

  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  std::printf(
      "sctp_vm_test timings: initramfs %lld ms, boot to first association %lld ms, loss "
      "detected %lld ms after the VM died, total %lld ms; %d packets captured, all CRC32c "
      "good\n",
      static_cast<long long>(duration_cast<milliseconds>(built_at - started).count()),
      static_cast<long long>(duration_cast<milliseconds>(vm_up_at - built_at).count()),
      static_cast<long long>(duration_cast<milliseconds>(lost_after).count()),
      static_cast<long long>(
          duration_cast<milliseconds>(std::chrono::steady_clock::now() - started).count()),
      v.packets);
}

}  // namespace
}  // namespace glasscore::transport
