#pragma once
// Shared by the SCTP tests and the benchmark: a private network namespace for the userspace
// stack, an event-recording notifier and a bounded event loop.
//
// usrsctp in raw-IP mode sees every SCTP packet of its network namespace, and two such
// stacks in one namespace ABORT each other's associations. CTest runs test processes in
// parallel, so a root process first moves into its own network namespace (with only lo,
// brought up before usrsctp starts, since usrsctp reads the addresses once at init).
// Without root the tests use UDP encapsulation (RFC 6951) on a port derived from the pid.

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include "glasscore/transport/network_namespace.h"
#include "glasscore/transport/sctp.h"

namespace glasscore::transport::test {

// The namespace helpers live in the library (the demo and benchmarks use them too).
using transport::enter_own_network_namespace;
using transport::set_link_up;

/// Once per process, before the first endpoint: as root, enter a fresh network namespace
/// with lo up. Returns true when the process has its own namespace (raw-IP mode usable).
inline bool enter_private_netns() {
  return enter_own_network_namespace();
}

/// Options for a userspace endpoint in this process's mode.
inline sctp_options userspace_options() {
  sctp_options o;
  o.backend = sctp_backend::userspace;
  if (enter_private_netns()) {
    o.userspace_mode = sctp_userspace_mode::raw_ip;
  } else {
    o.userspace_mode = sctp_userspace_mode::udp;
    o.udp_encapsulation_port = static_cast<std::uint16_t>(20000 + ::getpid() % 30000);
  }
  return o;
}

inline socket_address loopback(std::uint16_t port) {
  return *socket_address::parse("127.0.0.1", port);
}

/// Records every event; messages are copied.
class recorder : public sctp_notifier {
 public:
  struct message {
    sctp_association_id id;
    std::uint16_t stream;
    std::uint32_t ppid;
    std::vector<std::uint8_t> bytes;
  };

  void on_association_up(const sctp_association_info& info) override {
    up.push_back(info);
    if (on_up) {
      on_up(info);
    }
  }
  void on_message(const sctp_message& m) override {
    messages.push_back({m.association, m.stream, m.ppid, {m.data.begin(), m.data.end()}});
    if (on_msg) {
      on_msg(m);
    }
  }
  void on_association_down(sctp_association_id id, sctp_down_reason reason) override {
    down.emplace_back(id, reason);
  }
  void on_association_restarted(const sctp_association_info& info) override {
    restarted.push_back(info);
  }
  void on_send_failed(sctp_association_id, std::uint16_t, std::uint32_t, transport_error) override {
    ++send_failures;
  }

  std::vector<sctp_association_info> up;
  std::vector<message> messages;
  std::vector<std::pair<sctp_association_id, sctp_down_reason>> down;
  std::vector<sctp_association_info> restarted;
  int send_failures = 0;
  std::function<void(const sctp_association_info&)> on_up;
  std::function<void(const sctp_message&)> on_msg;
};

/// An io_context kept alive by a work guard, run in slices until a condition holds.
class loop {
 public:
  loop() : guard_(asio::make_work_guard(io)) {}

  /// Runs the loop until `done()` or `limit` passes; returns done().
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      io.run_one_for(std::chrono::milliseconds(5));  // returns after each handler
    }
    return true;
  }

  asio::io_context io;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
};

}  // namespace glasscore::transport::test
