// The SMF and the UPF runtimes over real PFCP sockets on loopback (TS 29.244 §6.2.2,
// §6.2.6): the association comes up, the SMF notices when the UPF goes away (heartbeats
// unanswered) and associates again when a restarted UPF answers. Needs root (the UPF's TUN
// device, in a network namespace of the test's own).
#include <gtest/gtest.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "glasscore/codec/pfcp/messages.h"
#include "glasscore/config/config.h"
#include "glasscore/nf/smf/smf.h"
#include "glasscore/nf/upf/upf.h"
#include "glasscore/transport/udp_socket.h"
#include "transport/sctp_test_support.h"

namespace glasscore {
namespace {

using namespace std::chrono_literals;

class smf_upf : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!transport::test::enter_private_netns()) {
      GTEST_SKIP() << "needs root: the UPF's TUN device in a private network namespace";
    }
    auto loaded = config::load_config(GLASSCORE_SOURCE_DIR "/config/glasscore.yaml");
    ASSERT_TRUE(loaded);
    config_ = *loaded;
  }

  expected<std::unique_ptr<upf::upf>, std::string> start_upf() {
    upf::upf_options o;
    o.datapath.n3_address = config::ip_address::v4(127, 0, 0, 7);
    o.datapath.tun_name = "gc-smf-upf";
    o.n4_local = *transport::socket_address::parse("127.0.0.7", 8805);
    return upf::upf::start(io_, std::move(o));
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(5ms);
    }
    return done();
  }

  config::glasscore_config config_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  metrics::registry registry_;
};

TEST_F(smf_upf, lost_upf_is_noticed_and_associated_again_when_it_returns) {
  auto upf = start_upf();
  ASSERT_TRUE(upf) << upf.error();
  smf::smf_options o;
  o.server.address = "127.0.0.4";
  const auto nobody = [](home::peer_request, home::peer_callback cb) {
    cb(fail(std::string("no peer in this test")));
  };
  o.udm = nobody;
  o.pcf = nobody;
  o.n4_local = *transport::socket_address::parse("127.0.0.4", 8805);
  o.upfs = {{"upf1", *transport::socket_address::parse("127.0.0.7", 8805), {}, {}, {}, true}};
  o.heartbeat_interval = 200ms;
  o.pfcp_t1 = 100ms;
  o.pfcp_n1 = 2;
  auto smf = smf::smf::start(io_, config_, std::move(o), registry_);
  ASSERT_TRUE(smf) << smf.error();
  EXPECT_TRUE(run_until([&] { return (*smf)->upf_associations() == 1; }))
      << "PFCP Association Setup over UDP 8805";

  upf->reset();  // the UPF goes away: its socket closes, heartbeats go unanswered
  EXPECT_TRUE(run_until([&] { return (*smf)->upf_associations() == 0; }))
      << "heartbeat loss after T1 x N1";
  // A Recovery Time Stamp has a resolution of one second (§8.2.65): let one pass so the
  // new UPF is seen as a restarted one.
  std::this_thread::sleep_for(1100ms);
  auto again = start_upf();
  ASSERT_TRUE(again) << again.error();
  EXPECT_TRUE(run_until([&] { return (*smf)->upf_associations() == 1; }))
      << "the association is set up again";
}

// TS 29.244 §7.2.2.4.2, §7.5.9.1: a Session Report Request for no session of the SMF gets
// cause 65 "Session context not found" with SEID 0.
TEST_F(smf_upf, a_report_for_an_unknown_session_gets_cause_65) {
  smf::smf_options o;
  o.server.address = "127.0.0.4";
  const auto nobody = [](home::peer_request, home::peer_callback cb) {
    cb(fail(std::string("no peer in this test")));
  };
  o.udm = nobody;
  o.pcf = nobody;
  o.n4_local = *transport::socket_address::parse("127.0.0.4", 8805);
  o.upfs = {};
  auto smf = smf::smf::start(io_, config_, std::move(o), registry_);
  ASSERT_TRUE(smf) << smf.error();

  auto upf_side = transport::udp_socket::open(*transport::socket_address::parse("127.0.0.7", 0));
  ASSERT_TRUE(upf_side);
  pfcp::session_report_request report;
  report.report_type = 2;  // USAR
  pfcp::message request;
  request.hdr.type = static_cast<std::uint8_t>(pfcp::message_type::session_report_request);
  request.hdr.seid = 0x1234567;
  request.hdr.sequence = 7;
  request.body = report;
  ASSERT_TRUE(upf_side->send_to(pfcp::encode(request), (*smf)->n4_address()));
  std::array<std::uint8_t, 1024> buffer{};
  std::optional<pfcp::message> answer;
  ASSERT_TRUE(run_until([&] {
    if (auto got = upf_side->receive_from(buffer)) {
      answer = pfcp::decode_message(std::span(buffer.data(), got->size)).value();
    }
    return answer.has_value();
  }));
  const auto* rsp = std::get_if<pfcp::session_report_response>(&answer->body);
  ASSERT_NE(rsp, nullptr);
  EXPECT_EQ(rsp->cause, pfcp::cause_value::session_context_not_found);
  EXPECT_EQ(answer->hdr.seid, std::optional<std::uint64_t>(0));
  EXPECT_EQ(answer->hdr.sequence, 7U);
}

}  // namespace
}  // namespace glasscore
