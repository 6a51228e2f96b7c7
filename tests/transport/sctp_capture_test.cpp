// Interop tier (DESIGN.md §5): what Wireshark's SCTP dissector says about the packets our
// userspace stack puts on the wire. The traffic is captured on lo of the test's private
// network namespace; every packet must carry a valid CRC32c (RFC 9260 §6.8, Appendix A)
// and every DATA chunk PPID 60 (TS 38.412 §7).

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "glasscore/transport/sctp.h"
#include "sctp_capture.h"
#include "sctp_test_support.h"
#include "support/tshark.h"

namespace glasscore::transport {
namespace {

using namespace std::chrono_literals;

TEST(sctp_capture_test, tshark_sees_valid_crc32c_and_ppid_60) {
  GLASSCORE_TSHARK_OR_SKIP();
  if (!test::enter_private_netns()) {
    GTEST_SKIP() << "needs root: captures raw SCTP on lo of a private network namespace";
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("glasscore-sctp-capture-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto pcap = dir / "sctp.pcapng";
  test::capture cap(*::glasscore::test::tshark_path(), "lo", pcap, dir / "tshark.log", true);
  ASSERT_TRUE(cap.ready()) << test::read_file(dir / "tshark.log");

  test::loop loop;
  test::recorder server_events;
  test::recorder client_events;
  auto server_options = test::userspace_options();
  server_options.local = test::loopback(ngap_sctp_port);
  server_options.listen = true;
  auto server = sctp_endpoint::create(loop.io, server_options, server_events);
  ASSERT_TRUE(server.has_value()) << server.error();
  auto client_options = test::userspace_options();
  client_options.local = test::loopback(0);
  auto client = sctp_endpoint::create(loop.io, client_options, client_events);
  ASSERT_TRUE(client.has_value()) << client.error();
  ASSERT_TRUE((*client)->connect(test::loopback(ngap_sctp_port)).has_value());
  ASSERT_TRUE(
      loop.run_until([&] { return !client_events.up.empty() && !server_events.up.empty(); }));
  server_events.on_msg = [&](const sctp_message& m) {
    ASSERT_TRUE((*server)->send(server_events.up[0].id, m.stream, ngap_ppid, m.data).has_value());
  };
  constexpr int count = 20;
  for (int i = 0; i < count; ++i) {
    const std::vector<std::uint8_t> bytes(static_cast<std::size_t>(50 + i * 300),
                                          static_cast<std::uint8_t>(i));
    ASSERT_TRUE(
        (*client)
            ->send(client_events.up[0].id, static_cast<std::uint16_t>(i % 3), ngap_ppid, bytes)
            .has_value());
  }
  const std::vector<std::uint8_t> big(64 * 1024, 0x5a);
  ASSERT_TRUE((*client)->send(client_events.up[0].id, 1, ngap_ppid, big).has_value());
  ASSERT_TRUE(loop.run_until([&] { return client_events.messages.size() == count + 1; }));
  ASSERT_TRUE((*client)->shutdown(client_events.up[0].id).has_value());
  ASSERT_TRUE(loop.run_until([&] { return !client_events.down.empty(); }));
  cap.finish(pcap);

  const auto v = test::read_sctp_verdict(*::glasscore::test::tshark_path(), pcap);
  EXPECT_GT(v.packets, 2 * count) << v.text;
  EXPECT_EQ(v.bad_checksums, 0) << v.text;
  EXPECT_GE(v.data_chunks, 2 * count + 2) << v.text;  // 64 KiB crosses lo's MTU: >= 2 chunks
  EXPECT_EQ(v.data_chunks_not_ppid_60, 0) << v.text;
  EXPECT_TRUE(v.saw_init) << v.text;
  EXPECT_TRUE(v.saw_shutdown) << v.text;
  if (!HasFailure()) {
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace glasscore::transport
