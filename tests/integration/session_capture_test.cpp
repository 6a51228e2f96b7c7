// What independent dissectors say about a live PDU session (DESIGN.md §5, interop tier):
// tshark captures lo while a UE registers, sets up an IPv4v6 session, pings the data
// network and releases the session. PFCP (association, heartbeat, session establishment,
// modification, deletion) and GTP-U (G-PDUs with the PDU Session Container, the Router
// Advertisement the SMF sends through the UPF) must dissect with no malformed packet, and
// the fields tshark reads must be the ones the session used.
#include "session_fixture.h"
#include "support/tshark.h"
#include "transport/sctp_capture.h"

namespace glasscore::test {
namespace {

class session_capture : public session_fixture {};

TEST_F(session_capture, a_live_session_dissects_cleanly) {
  GLASSCORE_TSHARK_OR_SKIP();
  ASSERT_TRUE(transport::test::enter_private_netns());
  const auto tshark = tshark_path().value();
  const auto pcap = data_dir_.string() + ".pcapng";
  const auto log = data_dir_.string() + ".tshark.log";
  // Every UDP datagram of this namespace: PFCP runs on ephemeral ports under test.
  transport::test::capture cap(tshark, "lo", pcap, log, true, "udp");
  ASSERT_TRUE(cap.ready()) << transport::test::read_file(log);
  ASSERT_NO_FATAL_FAILURE(start(1));
  const auto smf_n4_port = core_->smf().n4_address().port();
  const auto upf_n4_port = core_->upf()->n4_address().port();
  auto& ue = add_ue(0);
  ASSERT_TRUE(register_and_establish(ue, nas::pdu_session_type_value::ipv4v6));
  ASSERT_TRUE(ping(ue, 3));
  EXPECT_EQ(traffic(ue).ping.received, 3U);
  const auto established = *last_session(ue);
  ASSERT_TRUE(established.ipv4);
  ASSERT_TRUE(ue.nas().release_pdu_session(1));
  ASSERT_TRUE(run_until([&] { return session_is(ue, sim::session_event_type::released); }));
  ASSERT_TRUE(run_until([&] { return core_->smf().sessions() == 0; }));
  ues_.clear();
  gnbs_.clear();
  stop_core();
  io_.run_for(std::chrono::milliseconds(100));
  cap.finish(pcap);

  const std::string read = fmt::format("{} -r {} -d udp.port=={},pfcp -d udp.port=={},pfcp", tshark,
                                       pcap, smf_n4_port, upf_n4_port);
  const auto count = [&](const std::string& filter) {
    const auto out = transport::test::run_command(read + " -Y '" + filter + "' 2>/dev/null");
    return std::count(out.begin(), out.end(), '\n');
  };
  EXPECT_EQ(count("_ws.malformed || _ws.expert.severity == error"), 0)
      << transport::test::run_command(read +
                                      " -Y '_ws.malformed || _ws.expert.severity == error'"
                                      " 2>&1 | head -20");
  // PFCP (TS 29.244 §7.3, §7.5): message types as tshark names them.
  EXPECT_GT(count("pfcp.msg_type == 5"), 0) << "Association Setup Request";
  EXPECT_GT(count("pfcp.msg_type == 6 && pfcp.cause == 1"), 0) << "Association Setup accepted";
  EXPECT_GT(count("pfcp.msg_type == 50 && pfcp.f_teid_flags.ch == 1"), 0)
      << "Session Establishment Request with F-TEID CHOOSE";
  EXPECT_GT(count("pfcp.msg_type == 51 && pfcp.cause == 1 && pfcp.f_teid.teid"), 0)
      << "Session Establishment Response with the chosen F-TEID";
  EXPECT_GT(count("pfcp.msg_type == 52 && pfcp.outer_hdr_creation.teid"), 0)
      << "Session Modification Request with the gNB's tunnel";
  EXPECT_GT(count("pfcp.msg_type == 53 && pfcp.cause == 1"), 0) << "Session Modification accepted";
  EXPECT_GT(count("pfcp.msg_type == 54"), 0) << "Session Deletion Request";
  EXPECT_GT(count("pfcp.msg_type == 55 && pfcp.cause == 1 && pfcp.volume_measurement.tovol"), 0)
      << "Session Deletion Response with a usage report";
  // GTP-U (TS 29.281) with the PDU Session Container (TS 38.415): uplink (PDU type 1) and
  // downlink (PDU type 0) G-PDUs with QFI, carrying the pings to and from the UE's address.
  const std::string ue_ip =
      fmt::format("{}.{}.{}.{}", (*established.ipv4)[0], (*established.ipv4)[1],
                  (*established.ipv4)[2], (*established.ipv4)[3]);
  EXPECT_GE(count("gtp.message == 255 && gtp.ext_hdr.pdu_ses_con.pdu_type == 1 && "
                  "gtp.ext_hdr.pdu_ses_con.qos_flow_id == 1 && icmp.type == 8 && ip.src == " +
                  ue_ip),
            3)
      << "uplink echo requests";
  EXPECT_GE(count("gtp.message == 255 && gtp.ext_hdr.pdu_ses_con.pdu_type == 0 && "
                  "gtp.ext_hdr.pdu_ses_con.qos_flow_id == 1 && icmp.type == 0 && ip.dst == " +
                  ue_ip),
            3)
      << "downlink echo replies";
  // The SMF's Router Advertisement (RFC 4861 §4.2) through the UPF, with the session's /64.
  EXPECT_GT(count("gtp.message == 255 && icmpv6.type == 134 && icmpv6.opt.prefix"), 0)
      << "Router Advertisement with a Prefix Information option";
  std::filesystem::remove(pcap);
  std::filesystem::remove(log);
}

}  // namespace
}  // namespace glasscore::test
