// The NRF client (registration agent, cached discovery) against our NRF over real HTTP/2
// on 127.0.0.1. Both share one async::manual_loop as clock and timer service, driven from
// the io thread, so heartbeats and validity periods pass without sleeping; waits on real
// I/O are bounded (5 s).
#include "glasscore/sbi/nrf_client.h"

#include <future>
#include <thread>

#include <gtest/gtest.h>

#include <asio/post.hpp>

#include "glasscore/async/manual_loop.h"
#include "glasscore/nf/nrf/nrf.h"

namespace glasscore::sbi {
namespace {

using namespace std::chrono_literals;

nf_profile smf(const std::string& id) {
  nf_profile p;
  p.nf_instance_id = id;
  p.type = nf_type::smf;
  p.ipv4_addresses = {"127.0.0.4"};
  nf_service s;
  s.service_instance_id = "1";
  s.service_name = "nsmf-pdusession";
  s.versions = {{"v1", "1.2.5", std::nullopt}};
  p.nf_services.push_back(s);
  return p;
}

constexpr const char* smf_id = "11111111-1111-4111-8111-111111111111";

class nrf_client_test : public testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
    on_io([this] {
      nrf::nrf_options o;
      o.clock = &loop_;
      o.expiry_check_interval = 1h;
      o.registry.heartbeat_timer = 5s;
      o.registry.validity_period = 60s;
      auto n = nrf::nrf::start(io_, o);
      ASSERT_TRUE(n) << n.error();
      nrf_ = std::move(*n);
    });
    client_ = make_client(nrf_->port());
  }

  void TearDown() override {
    on_io([this] {
      client_.reset();
      nrf_.reset();
    });
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  std::unique_ptr<nrf_client> make_client(std::uint16_t port) {
    nrf_client_options o;
    o.nrf.port = port;
    o.retry_interval = 7s;
    std::unique_ptr<nrf_client> c;
    on_io([&] {
      auto r = nrf_client::create(io_, loop_, o);
      ASSERT_TRUE(r) << r.error();
      c = std::move(*r);
    });
    return c;
  }

  template <class F>
  void on_io(F f) {
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  }

  // Polls `pred` on the io thread until it holds (bounded: real I/O is involved).
  template <class P>
  bool wait_until(P pred) {
    for (int i = 0; i < 1000; ++i) {
      bool ok = false;
      on_io([&] { ok = pred(); });
      if (ok) {
        return true;
      }
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  void advance(std::chrono::seconds s) {
    on_io([&] { loop_.advance(s); });
  }

  expected<search_result, nrf_error> discover(const discovery_query& q) {
    auto p = std::make_shared<std::promise<expected<search_result, nrf_error>>>();
    auto f = p->get_future();
    asio::post(io_, [&, p] { client_->discover(q, [p](auto r) { p->set_value(std::move(r)); }); });
    if (f.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "no discovery answer";
      return unexpected<nrf_error>(nrf_error{});
    }
    return f.get();
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_{
      asio::make_work_guard(io_)};
  std::thread thread_;
  async::manual_loop loop_;
  std::unique_ptr<nrf::nrf> nrf_;
  std::unique_ptr<nrf_client> client_;
};

TEST_F(nrf_client_test, registers_heartbeats_and_reregisters_after_404) {
  std::vector<registration_state> states;
  on_io([&] {
    client_->start_registration(smf(smf_id), [&](registration_state s) { states.push_back(s); });
  });
  ASSERT_TRUE(wait_until([&] { return client_->state() == registration_state::registered; }));
  EXPECT_EQ(client_->heartbeat_period(), 5s);  // imposed by the NRF
  EXPECT_EQ(nrf_->get_registry().profile_count(), 1U);

  // Three heartbeat periods: three PATCHes, and the NRF never suspends the profile.
  for (std::size_t i = 1; i <= 3; ++i) {
    advance(5s);
    ASSERT_TRUE(
        wait_until([&] { return client_->heartbeats_sent() == i && loop_.pending_timers() == 1; }));
    on_io([&] { nrf_->check_expiry(); });
  }
  on_io([&] { EXPECT_EQ((*nrf_->get_registry().find(smf_id))["nfStatus"], "REGISTERED"); });

  // The NRF forgets us: the next heartbeat gets 404 and the agent registers again.
  on_io([&] { EXPECT_TRUE(nrf_->get_registry().deregister_nf(smf_id)); });
  advance(5s);
  ASSERT_TRUE(wait_until([&] {
    return client_->registrations_sent() == 2 && client_->state() == registration_state::registered;
  }));
  on_io([&] { EXPECT_NE(nrf_->get_registry().find(smf_id), nullptr); });
  EXPECT_EQ(states, (std::vector<registration_state>{
                        registration_state::registering, registration_state::registered,
                        registration_state::registering, registration_state::registered}));

  // Deregistration.
  std::promise<bool> done;
  on_io([&] { client_->deregister([&](bool ok) { done.set_value(ok); }); });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(f.get());
  EXPECT_EQ(client_->state(), registration_state::idle);
  EXPECT_EQ(nrf_->get_registry().profile_count(), 0U);
  on_io([&] { EXPECT_EQ(loop_.pending_timers(), 0U); });
}

TEST_F(nrf_client_test, retries_when_the_nrf_is_unreachable) {
  // A port nothing listens on: take one from a server and close it.
  std::uint16_t dead_port = 0;
  on_io([&] {
    auto s = http2::server::start(io_, {}, [](const http2::request&, http2::responder) {});
    ASSERT_TRUE(s);
    dead_port = (*s)->port();
  });
  auto c = make_client(dead_port);
  on_io([&] { c->start_registration(smf(smf_id)); });
  ASSERT_TRUE(wait_until([&] { return c->state() == registration_state::retry_wait; }));
  advance(7s);
  ASSERT_TRUE(wait_until([&] {
    return c->registrations_sent() == 2 && c->state() == registration_state::retry_wait;
  }));
  on_io([&] { c.reset(); });
}

TEST_F(nrf_client_test, discovery_is_cached_for_the_validity_period) {
  on_io([&] { client_->start_registration(smf(smf_id)); });
  ASSERT_TRUE(wait_until([&] { return client_->state() == registration_state::registered; }));
  discovery_query q;
  q.target_nf_type = nf_type::smf;
  q.requester_nf_type = nf_type::amf;
  q.service_names = {"nsmf-pdusession"};
  auto r = discover(q);
  ASSERT_TRUE(r) << r.error().status << " " << r.error().detail;
  ASSERT_EQ(r->nf_instances.size(), 1U);
  EXPECT_EQ(r->nf_instances[0].nf_instance_id, smf_id);
  EXPECT_EQ(r->validity_period, 60U);
  r = discover(q);
  ASSERT_TRUE(r);
  EXPECT_EQ(client_->discovery_requests(), 1U);
  EXPECT_EQ(client_->cache_hits(), 1U);
  // A different query is not served from the cache.
  auto other = q;
  other.service_names = {"nsmf-event-exposure"};
  r = discover(other);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->nf_instances.empty());
  EXPECT_EQ(client_->discovery_requests(), 2U);
  // After validityPeriod the NRF is asked again.
  advance(60s);
  r = discover(q);
  ASSERT_TRUE(r);
  EXPECT_EQ(client_->discovery_requests(), 3U);
  // Errors come back as status + cause.
  q.requester_nf_instance_id = "not-a-uuid";
  r = discover(q);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 400);
  EXPECT_NE(r.error().detail.find("OPTIONAL_QUERY_PARAM_INCORRECT"), std::string::npos);
}

}  // namespace
}  // namespace glasscore::sbi
