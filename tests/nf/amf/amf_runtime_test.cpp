// The AMF as the runtime runs it: NGAP over real SCTP (usrsctp on loopback, in a private
// network namespace when root), a gNB endpoint in the same process, and the scripted UE
// registering through it.
#include <gtest/gtest.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include "amf/sbi/session_management.h"
#include "glasscore/nf/amf/amf.h"
#include "scripted_gnb.h"
#include "transport/sctp_test_support.h"

namespace glasscore::amf {
namespace {

using namespace std::chrono_literals;

class gnb_endpoint final : public transport::sctp_notifier {
 public:
  void on_association_up(const transport::sctp_association_info& info) override {
    association = info.id;
  }
  void on_message(const transport::sctp_message& m) override {
    EXPECT_EQ(m.ppid, transport::ngap_ppid);
    auto pdu = ngap::decode<ngap::ngap_pdu>(m.data);
    ASSERT_TRUE(pdu);
    received.push_back(std::move(pdu->value));
    if (on_pdu) {
      on_pdu(received.back());
    }
  }
  void on_association_down(transport::sctp_association_id, transport::sctp_down_reason) override {
    association.reset();
  }

  std::optional<transport::sctp_association_id> association;
  std::vector<ngap::ngap_pdu> received;
  std::function<void(const ngap::ngap_pdu&)> on_pdu;
};

class amf_runtime_test : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.n2 = transport::test::userspace_options();
    // A private network namespace (root) has 38412 to itself; otherwise keep parallel test
    // processes apart.
    options_.n2.local =
        transport::test::loopback(transport::test::enter_private_netns()
                                      ? transport::ngap_sctp_port
                                      : static_cast<std::uint16_t>(40000 + ::getpid() % 20000));
    auto started = amf::start(io_, config_, options_, registry_, home_, home_, no_smf_);
    ASSERT_TRUE(started) << started.error();
    amf_ = std::move(*started);
    auto gnb_options = transport::test::userspace_options();
    gnb_options.local = transport::test::loopback(0);
    auto endpoint = transport::sctp_endpoint::create(io_, gnb_options, gnb_);
    ASSERT_TRUE(endpoint) << endpoint.error();
    endpoint_ = std::move(*endpoint);
    ASSERT_TRUE(endpoint_->connect(amf_->n2_address()));
    ASSERT_TRUE(run_until([&] { return gnb_.association.has_value(); }));
  }

  void send(const ngap::ngap_pdu& pdu, std::uint16_t stream) {
    auto bytes = ngap::encode(pdu);
    ASSERT_TRUE(bytes);
    ASSERT_TRUE(endpoint_->send(*gnb_.association, stream, transport::ngap_ppid, *bytes));
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(10ms);
    }
    return done();
  }

  asio::io_context io_;
  // usrsctp delivers events from its own threads by posting to io_: keep it running.
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  config::glasscore_config config_ = test::test_config();
  metrics::registry registry_;
  test::fake_home_network home_;
  unavailable_session_management no_smf_;
  amf_options options_;
  std::unique_ptr<amf> amf_;
  gnb_endpoint gnb_;
  std::unique_ptr<transport::sctp_endpoint> endpoint_;
};

TEST_F(amf_runtime_test, ng_setup_over_sctp) {
  send(ngap::build_ng_setup_request(ngap::make_gnb_id(test::home(), 0x42), "gnb",
                                    {{1, test::home(), {ngap::make_s_nssai(1)}}}),
       0);
  ASSERT_TRUE(run_until([&] { return !gnb_.received.empty(); }));
  EXPECT_NE(ngap::message_of<ngap::ng_setup_response>(gnb_.received[0]), nullptr);
  EXPECT_EQ(amf_->status().gnbs, 1U);
}

TEST_F(amf_runtime_test, ue_registers_over_sctp_and_the_gnb_loss_is_noticed) {
  test::scripted_ue ue;
  test::scripted_gnb gnb(ue, [&](const ngap::ngap_pdu& pdu) { send(pdu, 1); });
  gnb_.on_pdu = [&](const ngap::ngap_pdu& pdu) { gnb.handle_downlink(pdu); };
  send(ngap::build_ng_setup_request(ngap::make_gnb_id(test::home(), 0x42), "gnb",
                                    {{1, test::home(), {ngap::make_s_nssai(1)}}}),
       0);
  ASSERT_TRUE(run_until([&] { return gnb.set_up; }));
  gnb.initial_ue_message(ue.registration_request_with_suci());
  ASSERT_TRUE(run_until([&] { return amf_->status().registered == 1; }));
  EXPECT_TRUE(ue.guti);
  EXPECT_TRUE(gnb.context_setup);

  ASSERT_TRUE(endpoint_->abort(*gnb_.association));
  ASSERT_TRUE(run_until([&] { return amf_->status().gnbs == 0; }));
  EXPECT_EQ(amf_->status().registered, 1U) << "a registered UE stays registered (CM-IDLE)";
}

}  // namespace
}  // namespace glasscore::amf
