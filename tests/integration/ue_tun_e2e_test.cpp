// A TUN device per UE session inside a network namespace (issue: "optionally a TUN device
// per UE inside a network namespace so ordinary tools (ping, curl) run over a UE's
// session"): the whole core and the simulator, then the ordinary `ping` and `curl` run in
// the UE's namespace, their packets cross the gNB's GTP-U tunnel and the UPF to the data
// network and back. Needs root (TUN devices, network namespaces): skipped otherwise.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "glasscore/sim/ue_tun.h"
#include "session_fixture.h"

namespace glasscore::test {
namespace {

using type = nas::pdu_session_type_value;

class ue_tun_e2e : public session_fixture {
 protected:
  void TearDown() override {
    tuns_.reset();  // before the user plane it is attached to
    session_fixture::TearDown();
    // The tests assert that the namespace went; this only cleans up after one that failed
    // earlier (or the stale namespace a test made itself).
    if (std::filesystem::exists("/run/netns/" + ns_)) {
      (void)sim::run_command({"ip", "netns", "delete", ns_});
    }
  }

  // The core, one gNB, the data network, the TUN manager, and one UE whose session events
  // reach both the user plane and the manager (as `glasscore sim --ue-tun` wires them).
  void start_with_tuns() {
    ASSERT_NO_FATAL_FAILURE(start(1));
    auto m = sim::ue_tun_manager::create(io_, *gnbs_.front()->user_plane(),
                                         {.namespace_prefix = prefix_});
    ASSERT_TRUE(m) << m.error();
    tuns_ = std::move(*m);
    ue_ = &add_ue(0);
    ue_->set_session_handler([this](sim::sim_ue& u, const sim::session_event& e) {
      sessions_[&u].push_back(e);
      if (e.type == sim::session_event_type::established) {
        gnbs_.front()->user_plane()->set_ue_address(u, e.pdu_session_id, e.ipv4,
                                                    e.ipv6_interface_id);
      }
      if (tuns_) {
        auto handled = tuns_->handle_session_event(u, e);
        EXPECT_TRUE(handled) << handled.error();
      }
    });
  }

  // Runs a command to its end while the core and the simulator go on serving it.
  bool run_in_background(const std::vector<std::string>& argv) {
    auto done = std::async(std::launch::async, [argv] { return sim::run_command(argv); });
    run_until([&] { return done.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
              std::chrono::seconds(30));
    const auto result = done.get();
    EXPECT_TRUE(result) << result.error();
    return result.has_value();
  }

  static bool installed(const std::string& tool, const std::string& version_option) {
    return sim::run_command({tool, version_option}).has_value();
  }

  // Namespaces are global to the machine: a prefix of this process's own.
  const std::string prefix_ = "gcut" + std::to_string(::getpid()) + "-";
  const std::string ns_ = prefix_ + imsi(0) + "-1";
  std::unique_ptr<sim::ue_tun_manager> tuns_;
  sim::sim_ue* ue_ = nullptr;
};

// One HTTP/1.0 answer from the test's own namespace (the data network side of the UPF's
// N6): a TCP exchange over the session, answered by this thread.
class http_responder {
 public:
  static constexpr std::string_view body = "over the UE's own session\n";
  explicit http_responder(const std::string& address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    (void)::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    socklen_t len = sizeof sa;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd_, 1) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
      return;
    }
    port_ = ntohs(sa.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  http_responder(const http_responder&) = delete;
  http_responder& operator=(const http_responder&) = delete;
  ~http_responder() {
    if (thread_.joinable()) {
      thread_.join();
    }
    ::close(fd_);
  }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] bool served() const { return served_; }

 private:
  void serve() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20000) != 1) {
      return;
    }
    const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) {
      return;
    }
    std::string request;
    std::array<char, 512> chunk{};
    while (request.find("\r\n\r\n") == std::string::npos) {
      pollfd r{c, POLLIN, 0};
      const auto n = ::poll(&r, 1, 10000) == 1 ? ::read(c, chunk.data(), chunk.size()) : -1;
      if (n <= 0) {
        ::close(c);
        return;
      }
      request.append(chunk.data(), static_cast<std::size_t>(n));
    }
    const std::string answer = "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\n\r\n" + std::string(body);
    served_ = ::write(c, answer.data(), answer.size()) == static_cast<ssize_t>(answer.size());
    ::close(c);
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> served_ = false;
};

TEST_F(ue_tun_e2e, ping_runs_in_the_ues_namespace_over_its_session) {
  if (!installed("ping", "-V")) {
    GTEST_SKIP() << "needs `ping` (Debian: iputils-ping)";
  }
  ASSERT_NO_FATAL_FAILURE(start_with_tuns());
  auto& ue = *ue_;
  ASSERT_TRUE(register_and_establish(ue));
  const auto* tun = tuns_->find(ue, 1);
  ASSERT_NE(tun, nullptr);
  EXPECT_EQ(tun->namespace_name(), ns_);
  EXPECT_EQ(tun->device_name(), "gc-ue1");
  EXPECT_TRUE(std::filesystem::exists("/run/netns/" + ns_));

  // The data network's host, through the UPF's N6 and the kernel's forwarding.
  EXPECT_TRUE(run_in_background(
      {"ip", "netns", "exec", ns_, "ping", "-c", "3", "-W", "2", "-i", "0.2", "10.200.0.2"}));
  EXPECT_GE(tun->counters().uplink_packets, 3U) << "echo requests read from gc-ue1";
  EXPECT_GE(tun->counters().downlink_packets, 3U) << "echo replies written to gc-ue1";
  EXPECT_EQ(tun->counters().downlink_dropped, 0U);
  EXPECT_GE(core_->upf()->totals().uplink_forwarded, 3U);
  EXPECT_EQ(traffic(ue).wrong_destination, 0U);

  // The built-in generator still works beside the device.
  ASSERT_TRUE(ping(ue, 2));
  EXPECT_EQ(traffic(ue).ping.received, 2U);

  // Stopping the simulator's side removes the namespace and the device.
  tuns_.reset();
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + ns_));
}

TEST_F(ue_tun_e2e, curl_gets_a_page_over_tcp_and_release_removes_the_namespace) {
  if (!installed("curl", "--version")) {
    GTEST_SKIP() << "needs `curl`";
  }
  // A namespace of that name left by a run that crashed: it is replaced, not an error.
  ASSERT_TRUE(sim::run_command({"ip", "netns", "add", ns_}));
  ASSERT_NO_FATAL_FAILURE(start_with_tuns());
  auto& ue = *ue_;
  ASSERT_TRUE(register_and_establish(ue));
  ASSERT_NE(tuns_->find(ue, 1), nullptr);
  EXPECT_TRUE(sim::run_command({"ip", "-n", ns_, "link", "show", "gc-ue1"}));

  // TCP to a listener on the UPF's side of N6 (the data network gateway, 10.200.0.1).
  http_responder server("10.200.0.1");
  ASSERT_NE(server.port(), 0);
  const auto page = std::filesystem::temp_directory_path() /
                    ("glasscore-ue-tun-" + std::to_string(::getpid()) + ".html");
  EXPECT_TRUE(run_in_background({"ip", "netns", "exec", ns_, "curl", "-s", "--max-time", "10", "-o",
                                 page.string(),
                                 "http://10.200.0.1:" + std::to_string(server.port()) + "/"}));
  std::stringstream got;
  got << std::ifstream(page).rdbuf();
  std::filesystem::remove(page);
  EXPECT_EQ(got.str(), http_responder::body);
  EXPECT_TRUE(run_until([&] { return server.served(); }));

  // UE-requested release (TS 24.501 §6.4.3.2): the namespace and its device go with it.
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  ASSERT_TRUE(run_until([&] { return session_is(ue, sim::session_event_type::released); }));
  EXPECT_EQ(tuns_->size(), 0U);
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + ns_));
  EXPECT_FALSE(sim::run_command({"ip", "-n", ns_, "link", "show", "gc-ue1"}));
}

// IPv6 (TS 23.501 §5.8.2.2.3): the device gets prefix + interface identifier once the
// Router Advertisement came, and ping over IPv6 reaches the data network's host.
TEST_F(ue_tun_e2e, dual_stack_session_pings_over_ipv6_from_the_advertised_prefix) {
  if (!installed("ping", "-V")) {
    GTEST_SKIP() << "needs `ping` (Debian: iputils-ping)";
  }
  ASSERT_NO_FATAL_FAILURE(start_with_tuns());
  auto& ue = *ue_;
  ASSERT_TRUE(register_and_establish(ue, type::ipv4v6));
  ASSERT_TRUE(run_until([&] { return traffic(ue).ipv6_prefix.has_value(); }));
  const auto* tun = tuns_->find(ue, 1);
  ASSERT_NE(tun, nullptr);
  EXPECT_TRUE(run_in_background({"ip", "netns", "exec", ns_, "ping", "-6", "-c", "3", "-W", "2",
                                 "-i", "0.2", "2001:db8:200::2"}));
  EXPECT_TRUE(run_in_background(
      {"ip", "netns", "exec", ns_, "ping", "-4", "-c", "1", "-W", "2", "10.200.0.2"}));
  EXPECT_EQ(traffic(ue).wrong_destination, 0U);
}

}  // namespace
}  // namespace glasscore::test
