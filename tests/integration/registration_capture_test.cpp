// What independent dissectors say about a whole registration (DESIGN.md §5, interop tier):
// tshark captures lo while UEs register and deregister through the core; NGAP over SCTP,
// NAS-5GS inside it, and the SBI's HTTP/2 with JSON must dissect with no malformed packet.
#include "core_fixture.h"
#include "glasscore/nf/core/core_network.h"
#include "support/tshark.h"
#include "transport/sctp_capture.h"

namespace glasscore::test {
namespace {

class registration_capture : public core_fixture {};

TEST_F(registration_capture, a_whole_registration_dissects_cleanly) {
  GLASSCORE_TSHARK_OR_SKIP();
  if (!transport::test::enter_private_netns()) {
    GTEST_SKIP() << "needs root: captures SCTP over IP on the loopback of its own namespace";
  }
  const auto tshark = tshark_path().value();
  const auto pcap = data_dir_.string() + ".pcapng";
  const auto log = data_dir_.string() + ".tshark.log";
  ASSERT_NO_FATAL_FAILURE(provision(2));
  transport::test::capture cap(tshark, "lo", pcap, log, true, "ip proto 132 or tcp or udp port 9");
  ASSERT_TRUE(cap.ready()) << transport::test::read_file(log);
  ASSERT_NO_FATAL_FAILURE(start_core());
  ASSERT_NO_FATAL_FAILURE(start_gnbs(1));

  std::vector<sim::ue_event_type> events;
  for (auto scheme :
       {crypto::protection_scheme::profile_a, crypto::protection_scheme::null_scheme}) {
    const std::size_t index = events.size() / 2;
    auto card = sim::usim::create(this->card(index, scheme));
    ASSERT_TRUE(card);
    sim::sim_ue ue(std::move(*card), sim::ue_nas_config{}, gnbs_.front()->cell(), timers_,
                   [&](sim::sim_ue&, const sim::ue_event& e) { events.push_back(e.type); });
    const auto before = events.size();
    ASSERT_TRUE(ue.nas().start_registration());
    ASSERT_TRUE(run_until([&] { return events.size() > before; }));
    ASSERT_TRUE(ue.nas().start_deregistration());
    ASSERT_TRUE(run_until([&] { return events.size() > before + 1; }));
  }
  EXPECT_EQ(events,
            (std::vector{sim::ue_event_type::registered, sim::ue_event_type::deregistered,
                         sim::ue_event_type::registered, sim::ue_event_type::deregistered}));
  gnbs_.clear();
  stop_core();
  io_.run_for(std::chrono::milliseconds(100));
  cap.finish(pcap);

  // The SBI servers use ephemeral ports: decode every TCP stream on lo as HTTP/2.
  const std::string read = tshark + " -r " + pcap + " -d tcp.port==1-65535,http2";
  const auto count = [&](const std::string& filter) {
    const auto out = transport::test::run_command(read + " -Y '" + filter + "' 2>/dev/null");
    return std::count(out.begin(), out.end(), '\n');
  };
  EXPECT_EQ(count("_ws.malformed"), 0)
      << transport::test::run_command(read + " -Y _ws.malformed 2>&1 | head -20");
  EXPECT_GT(count("ngap.procedureCode == 21"), 0) << "NG Setup";
  EXPECT_GT(count("ngap.procedureCode == 15"), 0) << "Initial UE Message";
  EXPECT_GT(count("nas_5gs.mm.message_type == 0x41"), 0) << "Registration Request";
  EXPECT_GT(count("nas_5gs.mm.message_type == 0x56"), 0) << "Authentication Request";
  EXPECT_GT(count("http2.header.value contains \"ue-authentications\""), 0) << "AUSF over h2c";
  EXPECT_GT(count("http2.header.value contains \"generate-auth-data\""), 0) << "UDM over h2c";
  EXPECT_GT(count("json"), 0) << "SBI bodies as JSON";
  std::filesystem::remove(pcap);
  std::filesystem::remove(log);
}

}  // namespace
}  // namespace glasscore::test
