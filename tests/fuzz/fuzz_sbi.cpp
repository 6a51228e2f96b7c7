// Fuzz target for the SBI JSON entry points (DESIGN.md §5): the model decoders, the
// NFDiscover query parser, and the NRF's request handling (PUT, PATCH, subscription
// POST, discovery GET) through its router, all sans-I/O. A body that decodes must encode
// to JSON that decodes to the same value; anything else reaching a trap is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "glasscore/core/log.h"
#include "glasscore/nf/nrf/registry.h"
#include "glasscore/nf/nrf/sbi_api.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/nrf_discovery.h"
#include "glasscore/sbi/nrf_models.h"
#include "glasscore/sbi/query.h"
#include "glasscore/sbi/router.h"

namespace {

using namespace glasscore;

class fixed_clock final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return async::time_point{}; }
};

class null_notifier final : public nrf::status_notifier {
 public:
  void on_status_notify(const std::string&, const std::string&) override {}
};

template <class T, class Decode>
void round_trip(const nlohmann::json& j, Decode decode) {
  auto v = decode(j, std::string());
  if (!v) {
    return;
  }
  auto again = decode(nlohmann::json::parse(sbi::to_text(sbi::to_json(*v))), std::string());
  if (!again || !(*again == *v)) {
    __builtin_trap();  // encoder and decoder disagree
  }
}

void run_models(std::string_view text) {
  auto j = sbi::parse_json(text);
  if (!j) {
    return;
  }
  round_trip<sbi::nf_profile>(*j, [](const nlohmann::json& x, const std::string& p) {
    return sbi::decode_nf_profile(x, p);
  });
  round_trip<sbi::subscription_data>(*j, [](const nlohmann::json& x, const std::string& p) {
    return sbi::decode_subscription_data(x, p);
  });
  round_trip<sbi::notification_data>(*j, [](const nlohmann::json& x, const std::string& p) {
    return sbi::decode_notification_data(x, p);
  });
  round_trip<sbi::search_result>(*j, [](const nlohmann::json& x, const std::string& p) {
    return sbi::decode_search_result(x, p);
  });
  round_trip<sbi::problem_details>(*j, [](const nlohmann::json& x, const std::string& p) {
    return sbi::decode_problem_details(x, p);
  });
}

void run_query(std::string_view text) {
  auto q = sbi::query_params::parse(text);
  if (!q) {
    return;
  }
  auto d = sbi::parse_discovery_query(*q);
  if (d) {
    auto again = sbi::parse_discovery_query(sbi::to_query(*d));
    if (!again || !(*again == *d)) {
      __builtin_trap();  // formatting a query and parsing it back must agree
    }
  }
}

constexpr const char* seed_id = "4947a69a-f61b-4bc1-b9da-47c9c5d14b64";
constexpr const char* seed_profile =
    R"({"nfInstanceId":"4947a69a-f61b-4bc1-b9da-47c9c5d14b64","nfType":"SMF",)"
    R"("nfStatus":"REGISTERED","ipv4Addresses":["127.0.0.4"]})";

void send(const sbi::router& r, std::string method, std::string path, std::string body,
          std::string content_type) {
  http2::request req;
  req.method = std::move(method);
  req.scheme = "http";
  req.path = std::move(path);
  req.headers.push_back({"content-type", std::move(content_type)});
  req.body = std::move(body);
  int answers = 0;
  r.dispatch(req, [&](const http2::response& resp) {
    ++answers;
    if (resp.status < 200 || resp.status >= 600) {
      __builtin_trap();
    }
  });
  if (answers != 1) {
    __builtin_trap();  // every request gets exactly one answer
  }
}

void run_nrf(std::string_view text) {
  fixed_clock clock;
  null_notifier notifier;
  nrf::registry reg(clock, {}, notifier);
  sbi::router r;
  nrf::add_routes(r, reg);
  const std::string body(text);
  const std::string instance = std::string("/nnrf-nfm/v1/nf-instances/") + seed_id;
  send(r, "PUT", instance, seed_profile, "application/json");
  send(r, "PATCH", instance, body, "application/json-patch+json");
  send(r, "PUT", instance, body, "application/json");
  send(r, "POST", "/nnrf-nfm/v1/subscriptions", body, "application/json");
  send(r, "GET", "/nnrf-disc/v1/nf-instances?" + body, "", "application/json");
  send(r, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=SMF&requester-nf-type=AMF", "",
       "application/json");
  reg.check_expiry();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = log::configure("off").has_value();  // no log line per input
  (void)quiet;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  run_models(text);
  run_query(text);
  run_nrf(text);
  return 0;
}
