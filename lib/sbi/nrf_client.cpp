// NRF client: registration agent and cached discovery (TS 29.510 §5.2.2.2, §5.2.2.3.2,
// §5.2.2.4, §5.3.2.2).
#include "glasscore/sbi/nrf_client.h"

#include <asio/post.hpp>
#include <nlohmann/json.hpp>

#include "glasscore/sbi/common.h"

namespace glasscore::sbi {

namespace {

nrf_error error_from(const expected<http2::response, http2::client_error>& r) {
  if (!r) {
    return nrf_error{0, std::string(http2::to_string(r.error()))};
  }
  nrf_error e{r->status, {}};
  auto j = parse_json(r->body);
  if (j) {
    if (auto p = decode_problem_details(*j)) {
      e.detail = p->cause.value_or("") + (p->detail ? ": " + *p->detail : "");
    }
  }
  return e;
}

}  // namespace

std::string_view to_string(registration_state s) {
  switch (s) {
    case registration_state::idle:
      return "idle";
    case registration_state::registering:
      return "registering";
    case registration_state::registered:
      return "registered";
    case registration_state::retry_wait:
      return "retry_wait";
  }
  return "?";
}

expected<std::unique_ptr<nrf_client>, std::string> nrf_client::create(asio::io_context& io,
                                                                      async::timer_service& timers,
                                                                      nrf_client_options options) {
  auto c = http2::client::create(io, options.nrf);
  if (!c) {
    return unexpected<std::string>("NRF client: " + c.error());
  }
  return std::unique_ptr<nrf_client>(new nrf_client(io, timers, std::move(options), std::move(*c)));
}

nrf_client::nrf_client(asio::io_context& io, async::timer_service& timers,
                       nrf_client_options options, std::unique_ptr<http2::client> client)
    : io_(io),
      timers_(timers),
      options_(std::move(options)),
      client_(std::move(client)),
      heartbeat_(options_.default_heartbeat) {}

nrf_client::~nrf_client() {
  if (timer_) {
    timers_.cancel(*timer_);
  }
  self_.reset();
}

std::string nrf_client::instance_path() const {
  return "/nnrf-nfm/v1/nf-instances/" + profile_.nf_instance_id;
}

void nrf_client::set_state(registration_state s) {
  if (s == state_) {
    return;
  }
  state_ = s;
  if (on_state_) {
    on_state_(s);
  }
}

void nrf_client::schedule(std::chrono::seconds delay, void (nrf_client::*step)()) {
  if (timer_) {
    timers_.cancel(*timer_);
  }
  timer_ = timers_.schedule_after(delay, [this, step, alive = std::weak_ptr(self_)] {
    if (alive.expired()) {
      return;
    }
    timer_.reset();
    (this->*step)();
  });
}

void nrf_client::start_registration(nf_profile profile,
                                    std::function<void(registration_state)> on_state) {
  profile_ = std::move(profile);
  on_state_ = std::move(on_state);
  if (profile_.heart_beat_timer) {
    heartbeat_ = std::chrono::seconds(*profile_.heart_beat_timer);
  }
  send_register();
}

void nrf_client::send_register() {
  set_state(registration_state::registering);
  ++registrations_sent_;
  client_->request(
      "PUT", instance_path(), {{"content-type", "application/json"}}, to_text(to_json(profile_)),
      options_.request_timeout,
      [this, alive = std::weak_ptr(self_)](expected<http2::response, http2::client_error> r) {
        if (alive.expired() || state_ != registration_state::registering) {
          return;  // destroyed, or deregistered meanwhile
        }
        if (r && (r->status == 200 || r->status == 201)) {
          // §5.2.2.2.2: the NRF may impose its own heartBeatTimer in the answer.
          if (auto j = parse_json(r->body); j && j->is_object()) {
            if (auto hb = j->find("heartBeatTimer"); hb != j->end() && hb->is_number_unsigned() &&
                                                     hb->get<std::uint64_t>() >= 1 &&
                                                     hb->get<std::uint64_t>() <= 86400) {
              heartbeat_ = std::chrono::seconds(hb->get<std::uint64_t>());
            }
          }
          set_state(registration_state::registered);
          schedule(heartbeat_, &nrf_client::send_heartbeat);
          return;
        }
        set_state(registration_state::retry_wait);
        schedule(options_.retry_interval, &nrf_client::send_register);
      });
}

void nrf_client::send_heartbeat() {
  ++heartbeats_sent_;
  // §5.2.2.3.2: a heartbeat is an NFUpdate replacing nfStatus.
  client_->request(
      "PATCH", instance_path(), {{"content-type", "application/json-patch+json"}},
      R"([{"op":"replace","path":"/nfStatus","value":"REGISTERED"}])", options_.request_timeout,
      [this, alive = std::weak_ptr(self_)](expected<http2::response, http2::client_error> r) {
        if (alive.expired() || state_ != registration_state::registered) {
          return;
        }
        if (r && r->status == 404) {
          send_register();  // the NRF lost or dropped us: register again
          return;
        }
        // Success, or a transient failure: keep the rhythm; the NRF's grace covers a miss.
        schedule(heartbeat_, &nrf_client::send_heartbeat);
      });
}

void nrf_client::deregister(std::function<void(bool)> done) {
  if (timer_) {
    timers_.cancel(*timer_);
    timer_.reset();
  }
  set_state(registration_state::idle);
  client_->request("DELETE", instance_path(), {}, {}, options_.request_timeout,
                   [done = std::move(done)](expected<http2::response, http2::client_error> r) {
                     if (done) {
                       done(r && (r->status == 204 || r->status == 404));
                     }
                   });
}

void nrf_client::discover(const discovery_query& q, discover_callback callback) {
  const auto key = to_query(q).to_string();
  const auto now = timers_.now();
  if (auto it = cache_.find(key); it != cache_.end()) {
    if (now < it->second.expires) {
      ++cache_hits_;
      asio::post(io_, [callback = std::move(callback), result = it->second.result]() mutable {
        callback(std::move(result));
      });
      return;
    }
    cache_.erase(it);
  }
  ++discovery_requests_;
  client_->request(
      "GET", "/nnrf-disc/v1/nf-instances?" + key, {}, {}, options_.request_timeout,
      [this, key, callback = std::move(callback),
       alive = std::weak_ptr(self_)](expected<http2::response, http2::client_error> r) {
        if (!r || r->status != 200) {
          callback(unexpected<nrf_error>(error_from(r)));
          return;
        }
        auto result = parse_search_result(r->body);
        if (!result) {
          callback(unexpected<nrf_error>(nrf_error{r->status, result.error().to_string()}));
          return;
        }
        // Cache for validityPeriod (TS 29.510 §6.2.6.2.2); no period, no caching.
        if (!alive.expired() && result->validity_period && *result->validity_period > 0) {
          cache_.insert_or_assign(
              key, cached{*result, timers_.now() + std::chrono::seconds(*result->validity_period)});
        }
        callback(std::move(*result));
      });
}

}  // namespace glasscore::sbi
