// The parts of the UE TUN devices that need no root: namespace and device names, and the
// manager's refusal of a prefix that cannot name a file under /run/netns.
#include <gtest/gtest.h>

#include "glasscore/async/manual_loop.h"
#include "glasscore/sim/ue_tun.h"

namespace glasscore::sim {
namespace {

TEST(ue_tun_names, namespace_is_prefix_imsi_digits_and_session_id) {
  EXPECT_EQ(ue_namespace_name("gc-ue-", "imsi-001010000000001", 1),
            std::optional<std::string>("gc-ue-001010000000001-1"));
  EXPECT_EQ(ue_namespace_name("t4242.", "imsi-99970123", 15),
            std::optional<std::string>("t4242.99970123-15"));
}

TEST(ue_tun_names, bad_prefix_or_supi_gives_no_name) {
  EXPECT_FALSE(ue_namespace_name("", "imsi-001010000000001", 1));
  EXPECT_FALSE(ue_namespace_name("../etc/", "imsi-001010000000001", 1));
  EXPECT_FALSE(ue_namespace_name("a b", "imsi-001010000000001", 1));
  EXPECT_FALSE(ue_namespace_name("gc-ue-", "nai-someone@example.org", 1));
  EXPECT_FALSE(ue_namespace_name("gc-ue-", "imsi-", 1));
  EXPECT_FALSE(ue_namespace_name("gc-ue-", "imsi-00101/1", 1));
  EXPECT_FALSE(ue_namespace_name(std::string(250, 'x'), "imsi-001010000000001", 1))
      << "past NAME_MAX";
}

TEST(ue_tun_names, device_fits_an_interface_name) {
  EXPECT_EQ(ue_tun_device_name(1), "gc-ue1");
  EXPECT_LT(ue_tun_device_name(255).size(), 16U) << "IFNAMSIZ";
}

struct null_notifier final : user_plane_notifier {
  void on_send(byte_span, const n3_peer&) override {}
};

TEST(ue_tun_manager, refuses_a_prefix_that_is_not_a_file_name) {
  asio::io_context io;
  async::manual_loop loop;
  null_notifier out;
  user_plane up(user_plane_config{}, out, loop);
  auto m = ue_tun_manager::create(io, up, ue_tun_config{.namespace_prefix = "a/b"});
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().find("a/b"), std::string::npos) << m.error();
}

}  // namespace
}  // namespace glasscore::sim
