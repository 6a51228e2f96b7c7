#include "glasscore/core/log.h"

#include <gtest/gtest.h>

namespace glasscore {
namespace {

class log_test : public testing::Test {
 protected:
  void TearDown() override {
    log::set_redaction(true);
    ASSERT_TRUE(log::configure("info"));
  }
};

TEST_F(log_test, per_component_levels) {
  auto amf = log::get("amf");
  auto sctp = log::get("sctp");
  ASSERT_TRUE(log::configure("warn,amf=debug"));
  EXPECT_EQ(amf->level(), spdlog::level::debug);
  EXPECT_EQ(sctp->level(), spdlog::level::warn);
  EXPECT_EQ(log::get("upf")->level(), spdlog::level::warn) << "new loggers get the default";
  EXPECT_EQ(log::get("amf"), amf) << "one logger per component";
}

TEST_F(log_test, bad_specs_change_nothing) {
  ASSERT_TRUE(log::configure("error"));
  EXPECT_EQ(log::configure("loud").error(), log::log_error::bad_level);
  EXPECT_EQ(log::configure("info,amf=loud").error(), log::log_error::bad_level);
  EXPECT_EQ(log::configure("info,,amf=debug").error(), log::log_error::bad_syntax);
  EXPECT_EQ(log::configure("=debug").error(), log::log_error::bad_syntax);
  EXPECT_EQ(log::get("ausf")->level(), spdlog::level::err);
}

TEST_F(log_test, identities_are_redacted) {
  EXPECT_EQ(log::redact_identity("imsi-001010000000001"), "imsi-00101**********");
  EXPECT_EQ(log::redact_identity("imsi-001"), "imsi-001");
  EXPECT_EQ(log::redact_identity("nai-alice@example.org"), "nai-***@example.org");
  EXPECT_EQ(log::redact_identity("suci-0-999-70-0-0-0-0000021309"), "suci-0-999-70-0-0-0-***");
  const std::string concealed = "suci-0-999-70-0-1-1-b2e92f83";
  EXPECT_EQ(log::redact_identity(concealed), concealed);
  EXPECT_EQ(log::redact_identity("001010000000001"), "***");
  log::set_redaction(false);
  EXPECT_EQ(log::redact_identity("imsi-001010000000001"), "imsi-001010000000001");
}

TEST_F(log_test, keys_are_redacted) {
  const std::uint8_t key[] = {0x46, 0x5b, 0x5c, 0xe8};
  EXPECT_EQ(log::redact_key(key), "<4-byte secret>");
  log::set_redaction(false);
  EXPECT_EQ(log::redact_key(key), "465b5ce8");
}

}  // namespace
}  // namespace glasscore
