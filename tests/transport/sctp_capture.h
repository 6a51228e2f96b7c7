#pragma once
// A tshark capture of SCTP for the interop tests, and a tshark read-back of its verdicts.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sctp_test_support.h"

extern char** environ;

namespace glasscore::transport::test {

using namespace std::chrono_literals;

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string run_command(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    out.append(buf.data(), n);
  }
  ::pclose(pipe);
  return out;
}

// A tshark capturing SCTP (or what `filter` selects; UDP port 9 carries the probes) on an
// interface into `pcap` until stopped.
class capture {
 public:
  /// Captures on `interface`. With `probe_loopback`, waits until packets to lo really show
  /// up; otherwise only until tshark reports the capture started.
  capture(const std::string& tshark, const std::string& interface,
          const std::filesystem::path& pcap, const std::filesystem::path& log, bool probe_loopback,
          std::string filter = "ip proto 132 or udp port 9") {
    const std::string out = pcap.string();
    std::vector<std::string> args = {tshark, "-i", interface, "-f", std::move(filter),
                                     "-w",   out,  "-q"};
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    started_ = ::posix_spawn(&pid_, tshark.c_str(), &actions, nullptr, argv.data(), environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
    // "Capturing on" can come before packets are really seen: probe with UDP datagrams to
    // the discard port until the capture file grows past its header.
    if (!probe_loopback) {
      for (int i = 0; started_ && i < 200 && !ready_; ++i) {
        std::this_thread::sleep_for(50ms);
        ready_ = read_file(log).find("Capturing on") != std::string::npos;
      }
      return;
    }
    const int probe = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const auto discard = loopback(9);
    for (int i = 0; started_ && probe >= 0 && i < 200; ++i) {
      std::this_thread::sleep_for(50ms);
      (void)::sendto(probe, "probe", 5, 0, discard.native(), discard.native_length());
      std::error_code ec;
      const auto size = std::filesystem::file_size(pcap, ec);
      if (!ec && size > 1024) {
        ready_ = true;
        break;
      }
    }
    if (probe >= 0) {
      ::close(probe);
    }
  }
  capture(const capture&) = delete;
  capture& operator=(const capture&) = delete;
  ~capture() { stop(); }

  [[nodiscard]] bool ready() const { return ready_; }

  /// libpcap hands packets to dumpcap in blocks with a timeout, and SIGINT can lose a block
  /// not handed over yet: waits until `pcap` has stopped growing for a second, then stops.
  void finish(const std::filesystem::path& pcap) {
    std::uintmax_t last_size = 0;
    for (int stable = 0, i = 0; stable < 10 && i < 150; ++i) {
      std::this_thread::sleep_for(100ms);
      std::error_code ec;
      const auto size = std::filesystem::file_size(pcap, ec);
      stable = !ec && size == last_size && size > 4096 ? stable + 1 : 0;
      last_size = size;
    }
    stop();
  }
  void stop() {
    if (started_) {
      ::kill(pid_, SIGINT);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      started_ = false;
    }
  }

 private:
  pid_t pid_ = -1;
  bool started_ = false;
  bool ready_ = false;
};

/// What tshark's SCTP dissector says about a capture, with CRC32c verification on.
struct sctp_verdict {
  int packets = 0;
  int bad_checksums = 0;  ///< sctp.checksum.status other than 1 (good)
  int data_chunks = 0;
  int data_chunks_not_ppid_60 = 0;
  bool saw_init = false;      ///< chunk type 1 (RFC 9260 §3.3.2)
  bool saw_shutdown = false;  ///< chunk type 7 (§3.3.8)
  std::string text;           ///< tshark's field output, for failure messages
};

inline sctp_verdict read_sctp_verdict(const std::string& tshark,
                                      const std::filesystem::path& pcap) {
  sctp_verdict v;
  // NGAP is disabled so the dissection stops at SCTP (test payloads are filler).
  v.text = run_command(tshark + " -r " + pcap.string() +
                       " -Y sctp --disable-protocol ngap -o 'sctp.checksum:CRC 32c' -T fields"
                       " -e sctp.checksum.status -e sctp.chunk_type"
                       " -e sctp.data_payload_proto_id 2>/dev/null");
  std::istringstream lines(v.text);
  std::string line;
  while (std::getline(lines, line)) {
    ++v.packets;
    const auto first = line.find('\t');
    const auto second = line.find('\t', first == std::string::npos ? first : first + 1);
    if (second == std::string::npos) {
      ++v.bad_checksums;
      continue;
    }
    v.bad_checksums += line.substr(0, first) == "1" ? 0 : 1;
    std::istringstream chunks(line.substr(first + 1, second - first - 1));
    std::string chunk;
    while (std::getline(chunks, chunk, ',')) {
      v.saw_init = v.saw_init || chunk == "1";
      v.saw_shutdown = v.saw_shutdown || chunk == "7";
    }
    std::istringstream ppids(line.substr(second + 1));
    std::string ppid;
    while (std::getline(ppids, ppid, ',')) {
      ++v.data_chunks;
      v.data_chunks_not_ppid_60 += ppid == "60" ? 0 : 1;
    }
  }
  return v;
}

}  // namespace glasscore::transport::test
