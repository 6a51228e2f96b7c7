// In-process peer requests: straight into a router (sans-I/O wiring).
#include "glasscore/nf/udm/sbi_peer.h"

#include <memory>

#include <nlohmann/json.hpp>

namespace glasscore::home {

peer_requester router_requester(const sbi::router& r) {
  return [&r](peer_request request, peer_callback callback) {
    http2::request req;
    req.method = std::move(request.method);
    req.scheme = "http";
    req.authority = "localhost";
    req.path = std::move(request.path);
    req.headers = std::move(request.headers);
    req.body = std::move(request.body);
    auto cb = std::make_shared<peer_callback>(std::move(callback));
    r.dispatch(req, [cb](http2::response resp) { (*cb)(std::move(resp)); });
  };
}

peer_request json_request(std::string method, std::string path, std::string body,
                          std::string_view content_type) {
  peer_request r{std::move(method), std::move(path), {}, std::move(body)};
  if (!r.body.empty()) {
    r.headers.push_back({"content-type", std::string(content_type)});
  }
  r.headers.push_back({"accept", "application/json, application/problem+json"});
  return r;
}

sbi::sbi_error peer_error(const peer_result& r, std::string_view peer) {
  if (!r) {
    return sbi::sbi_error{504,
                          std::string(sbi::cause::target_nf_not_reachable),
                          std::string(peer) + " not reachable: " + r.error(),
                          {}};
  }
  sbi::sbi_error e{r->status, "", std::string(peer) + " answered " + std::to_string(r->status), {}};
  if (auto j = sbi::parse_json(r->body)) {
    if (auto p = sbi::decode_problem_details(*j)) {
      e.cause = p->cause.value_or("");
      if (p->detail) {
        e.detail = *p->detail;
      }
    }
  }
  if (e.status < 400 || e.status > 599) {
    // A peer answer we did not expect (e.g. 200 where 204 was due) is the peer's failure.
    e.status = 500;
    e.cause = std::string(sbi::cause::unspecified_nf_failure);
  }
  return e;
}

bool is_success(const peer_result& r) {
  return r && r->status >= 200 && r->status < 300;
}

std::optional<std::string> location_of(const http2::response& r) {
  for (const auto& h : r.headers) {
    if (h.name == "location") {
      return h.value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> created_id(const http2::response& r) {
  auto location = location_of(r);
  if (!location) {
    return std::nullopt;
  }
  const auto slash = location->rfind('/');
  return slash == std::string::npos ? *location : location->substr(slash + 1);
}

}  // namespace glasscore::home
