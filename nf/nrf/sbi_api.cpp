// Nnrf_NFManagement and Nnrf_NFDiscovery request handling (TS 29.510 §5.2, §5.3, §6.1.3,
// §6.2.3) with TS 29.500 §5.2.7 error answers.
#include "glasscore/nf/nrf/sbi_api.h"

#include "glasscore/sbi/uri.h"

namespace glasscore::nrf {

namespace {

using nlohmann::json;
using sbi::reply_fn;

constexpr std::string_view json_type = "application/json";
constexpr std::string_view patch_type = "application/json-patch+json";

http2::response with_location(http2::response r, std::string location) {
  r.headers.push_back({"location", std::move(location)});
  return r;
}

void nf_register(registry& reg, const http2::request& req, const sbi::route_match& m,
                 const reply_fn& reply) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto profile = sbi::decode_nf_profile(*body);
  if (!profile) {
    reply(sbi::problem_response(sbi::bad_body(profile.error())));
    return;
  }
  // §5.2.2.2.2: the nfInstanceId in the body is the one in the resource URI.
  const auto& id = m.param("nfInstanceID");
  if (profile->nf_instance_id != id) {
    reply(sbi::problem_response(
        sbi::sbi_error{400,
                       std::string(sbi::cause::mandatory_ie_incorrect),
                       "nfInstanceId: does not match the resource URI",
                       {{"/nfInstanceId", "does not match the resource URI"}}}));
    return;
  }
  auto out = reg.register_nf(*profile, std::move(*body));
  if (!out) {
    reply(sbi::problem_response(out.error()));
    return;
  }
  auto resp = sbi::json_response(out->created ? 201 : 200, sbi::to_text(out->profile));
  if (out->created) {
    resp = with_location(std::move(resp), reg.instance_uri(id));
  }
  reply(std::move(resp));
}

void nf_update(registry& reg, const http2::request& req, const sbi::route_match& m,
               const reply_fn& reply) {
  auto patch = sbi::json_body(req, patch_type);
  if (!patch) {
    reply(std::move(patch.error()));
    return;
  }
  auto out = reg.update_nf(m.param("nfInstanceID"), *patch);
  if (!out) {
    reply(sbi::problem_response(out.error()));
    return;
  }
  if (!out->changed) {
    reply(http2::response{204, {}, {}});  // a plain heartbeat, §5.2.2.3.2
    return;
  }
  reply(sbi::json_response(200, sbi::to_text(out->profile)));
}

void subscribe(registry& reg, const http2::request& req, const reply_fn& reply) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto data = sbi::decode_subscription_data(*body);
  if (!data) {
    // subscrCond and the other members are optional; nfStatusNotificationUri is not.
    const bool optional_member = data.error().pointer.rfind("/nfStatusNotificationUri", 0) != 0;
    reply(sbi::problem_response(sbi::bad_body(data.error(), optional_member)));
    return;
  }
  if (!sbi::parse_http_uri(data->nf_status_notification_uri)) {
    reply(sbi::problem_response(
        sbi::sbi_error{400,
                       std::string(sbi::cause::mandatory_ie_incorrect),
                       "nfStatusNotificationUri: not an absolute http(s) URI",
                       {{"/nfStatusNotificationUri", "not an absolute http(s) URI"}}}));
    return;
  }
  auto out = reg.subscribe(std::move(*data));
  if (!out) {
    reply(sbi::problem_response(out.error()));
    return;
  }
  reply(
      with_location(sbi::json_response(201, sbi::to_text(out->body)),
                    reg.options().api_root + "/nnrf-nfm/v1/subscriptions/" + out->subscription_id));
}

void discover(registry& reg, const sbi::route_match& m, const reply_fn& reply) {
  auto q = sbi::parse_discovery_query(m.query);
  if (!q) {
    reply(sbi::problem_response(q.error()));
    return;
  }
  auto resp = sbi::json_response(200, sbi::to_text(reg.discover(*q)));
  // TS 29.510 §6.2.3.2.3.1: the response may be cached for validityPeriod.
  resp.headers.push_back(
      {"cache-control", "max-age=" + std::to_string(reg.options().validity_period.count())});
  reply(std::move(resp));
}

}  // namespace

void add_routes(sbi::router& r, registry& reg) {
  constexpr std::string_view instance = "/nnrf-nfm/v1/nf-instances/{nfInstanceID}";
  r.add("PUT", instance,
        [&reg](const http2::request& req, const sbi::route_match& m, const reply_fn& reply) {
          nf_register(reg, req, m, reply);
        });
  r.add("PATCH", instance,
        [&reg](const http2::request& req, const sbi::route_match& m, const reply_fn& reply) {
          nf_update(reg, req, m, reply);
        });
  r.add("DELETE", instance,
        [&reg](const http2::request&, const sbi::route_match& m, const reply_fn& reply) {
          if (!reg.deregister_nf(m.param("nfInstanceID"))) {
            reply(sbi::problem_response(404, "", "NF instance not registered"));
            return;
          }
          reply(http2::response{204, {}, {}});
        });
  r.add("GET", instance,
        [&reg](const http2::request&, const sbi::route_match& m, const reply_fn& reply) {
          const auto* body = reg.find(m.param("nfInstanceID"));
          if (body == nullptr) {
            reply(sbi::problem_response(404, "", "NF instance not registered"));
            return;
          }
          reply(sbi::json_response(200, sbi::to_text(*body)));
        });
  r.add("POST", "/nnrf-nfm/v1/subscriptions",
        [&reg](const http2::request& req, const sbi::route_match&, const reply_fn& reply) {
          subscribe(reg, req, reply);
        });
  r.add("DELETE", "/nnrf-nfm/v1/subscriptions/{subscriptionID}",
        [&reg](const http2::request&, const sbi::route_match& m, const reply_fn& reply) {
          if (!reg.unsubscribe(m.param("subscriptionID"))) {
            reply(sbi::problem_response(404, sbi::cause::subscription_not_found,
                                        "no such subscription"));
            return;
          }
          reply(http2::response{204, {}, {}});
        });
  r.add("GET", "/nnrf-disc/v1/nf-instances",
        [&reg](const http2::request&, const sbi::route_match& m, const reply_fn& reply) {
          discover(reg, m, reply);
        });
}

}  // namespace glasscore::nrf
