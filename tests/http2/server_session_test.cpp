// The sans-I/O server session on its own: hand-made client bytes in, server bytes out, a
// manual clock for the request timeout. No sockets, no sleeps.
#include "glasscore/http2/server_session.h"

#include <gtest/gtest.h>

#include <optional>
#include <span>

#include "test_util.h"

namespace glasscore::http2 {
namespace {

using namespace std::chrono_literals;
using test::frame;
using time_point = std::chrono::steady_clock::time_point;

constexpr std::string_view magic = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";  // RFC 9113 §3.4

// Client preface + empty SETTINGS + "GET / " on stream `id` with END_STREAM. The header
// block uses the HPACK static table (RFC 7541 Appendix A): 0x82 :method GET, 0x86 :scheme
// http, 0x84 :path /, then :authority (index 1) as a literal without indexing.
std::string get_request(std::uint32_t id, bool with_preface = true) {
  std::string block = "\x82\x86\x84";
  block += std::string("\x01\x09", 2) + "127.0.0.1";
  std::string out = with_preface ? std::string(magic) + frame(0x4, 0, 0, "") : std::string();
  return out + frame(0x1, 0x5, id, block);
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class server_session_test : public testing::Test {
 protected:
  void make(server_options o) {
    session_ = server_session::create(
        o,
        [this](const request& req, const responder& r) {
          last_request_ = req;
          held_ = r;
        },
        [this] { ++outputs_; }, [this] { return now_; });
    ASSERT_NE(session_, nullptr);
  }
  std::string output() {
    std::string out;
    EXPECT_TRUE(session_->take_output(out, 1 << 20));
    return out;
  }

  time_point now_{std::chrono::seconds(1000)};
  std::shared_ptr<server_session> session_;
  std::optional<request> last_request_;
  std::optional<responder> held_;
  int outputs_ = 0;
};

TEST_F(server_session_test, preface_is_settings_and_a_request_reaches_the_handler) {
  make({});
  const auto first = output();
  ASSERT_GE(first.size(), 9U);
  EXPECT_EQ(first[3], '\x04');  // SETTINGS
  ASSERT_TRUE(session_->receive(bytes(get_request(1))));
  ASSERT_TRUE(last_request_.has_value());
  EXPECT_EQ(last_request_->method, "GET");
  EXPECT_EQ(last_request_->path, "/");
  EXPECT_EQ(last_request_->authority, "127.0.0.1");
  EXPECT_TRUE(session_->has_streams());
  // An async answer tells the owner there is output, and the body goes out as DATA.
  ASSERT_TRUE(held_->send(response{200, {}, "payload-bytes"}));
  EXPECT_EQ(outputs_, 1);
  EXPECT_NE(output().find("payload-bytes"), std::string::npos);
  EXPECT_FALSE(session_->has_streams());
  EXPECT_FALSE(held_->send(response{}));  // answered already
}

TEST_F(server_session_test, request_timeout_answers_504_at_the_deadline_and_not_before) {
  server_options o;
  o.request_timeout = 250ms;
  make(o);
  (void)output();
  EXPECT_FALSE(session_->next_deadline().has_value());
  ASSERT_TRUE(session_->receive(bytes(get_request(1))));
  ASSERT_TRUE(held_.has_value());
  ASSERT_TRUE(session_->next_deadline().has_value());
  EXPECT_EQ(*session_->next_deadline(), now_ + 250ms);
  (void)output();  // SETTINGS ACK

  session_->expire(now_ + 249ms);
  EXPECT_EQ(output(), "");
  session_->expire(now_ + 250ms);
  const auto out = output();
  EXPECT_NE(out.find(R"({"status":504,"detail":"request timed out"})"), std::string::npos);
  EXPECT_EQ(outputs_, 0);  // the caller of expire takes the output itself
  EXPECT_FALSE(session_->next_deadline().has_value());
  EXPECT_FALSE(held_->send(response{200, {}, "late"}));
}

TEST_F(server_session_test, without_request_timeout_there_is_no_deadline) {
  make({});
  ASSERT_TRUE(session_->receive(bytes(get_request(1))));
  EXPECT_FALSE(session_->next_deadline().has_value());
  session_->expire(now_ + 24h);
  EXPECT_TRUE(held_->send(response{204, {}, {}}));
}

TEST_F(server_session_test, garbage_preface_queues_goaway_and_finishes) {
  make({});
  (void)output();
  EXPECT_FALSE(session_->receive(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
  const auto out = output();
  ASSERT_GE(out.size(), 9U);
  EXPECT_EQ(out[3], '\x07');  // GOAWAY
  EXPECT_FALSE(session_->want_read());
  EXPECT_TRUE(session_->finished());
}

TEST_F(server_session_test, closed_session_refuses_sends) {
  make({});
  ASSERT_TRUE(session_->receive(bytes(get_request(1))));
  session_->close();
  EXPECT_FALSE(held_->send(response{}));
  EXPECT_TRUE(session_->finished());
  session_.reset();
  EXPECT_FALSE(held_->send(response{}));  // the session is gone altogether
}

}  // namespace
}  // namespace glasscore::http2
