// Routing of SBI requests by resource URI (TS 29.501 §4.4) with TS 29.500 §5.2.7 errors.
#include "glasscore/sbi/router.h"

#include <algorithm>
#include <exception>

#include "glasscore/sbi/problem.h"

namespace glasscore::sbi {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) {
      break;
    }
    path.remove_prefix(slash + 1);
  }
  return out;
}

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower_ascii(x) == lower_ascii(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

const std::string& route_match::param(std::string_view name) const {
  static const std::string empty;
  for (const auto& [n, v] : path_params) {
    if (n == name) {
      return v;
    }
  }
  return empty;
}

void router::add(std::string method, std::string_view path_template, route_handler handler) {
  route r;
  r.method = std::move(method);
  for (auto s : split_path(path_template)) {
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
      r.segments.push_back({std::string(s.substr(1, s.size() - 2)), true});
    } else {
      r.segments.push_back({std::string(s), false});
    }
  }
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void router::dispatch(const http2::request& req, reply_fn reply) const {
  std::string_view target = req.path;
  std::string_view query;
  if (const auto q = target.find('?'); q != std::string_view::npos) {
    query = target.substr(q + 1);
    target = target.substr(0, q);
  }
  if (const auto f = query.find('#'); f != std::string_view::npos) {
    query = query.substr(0, f);
  }
  const auto parts = split_path(target);

  std::string allowed;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) {
      continue;
    }
    route_match m;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = r.segments[i];
      if (!seg.variable) {
        ok = seg.text == parts[i];
        continue;
      }
      auto decoded = percent_decode(parts[i]);
      ok = decoded && !decoded->empty();
      if (ok) {
        m.path_params.emplace_back(seg.text, std::move(*decoded));
      }
    }
    if (!ok) {
      continue;
    }
    if (r.method != req.method) {
      if (allowed.find(r.method) == std::string::npos) {
        allowed += allowed.empty() ? "" : ", ";
        allowed += r.method;
      }
      continue;
    }
    auto q = query_params::parse(query);
    if (!q) {
      reply(problem_response(400, cause::invalid_query_param, q.error()));
      return;
    }
    m.query = std::move(*q);
    try {
      r.handler(req, m, reply);
    } catch (...) {
      // A bug, not bad input: answer rather than unwind into nghttp2's callbacks.
      reply(problem_response(500, cause::system_failure, "internal error"));
    }
    return;
  }
  if (!allowed.empty()) {
    auto resp = problem_response(405, "", "method " + req.method + " not allowed");
    resp.headers.push_back({"allow", allowed});
    reply(std::move(resp));
    return;
  }
  reply(problem_response(404, cause::resource_uri_structure_not_found,
                         "no resource " + std::string(target)));
}

bool has_content_type(const http2::request& req, std::string_view media_type) {
  const auto* v = find_header(req, "content-type");
  if (v == nullptr) {
    return false;
  }
  std::string_view s = *v;
  s = trim(s.substr(0, s.find(';')));
  return iequals(s, media_type);
}

const std::string* find_header(const http2::request& req, std::string_view name) {
  for (const auto& h : req.headers) {
    if (iequals(h.name, name)) {
      return &h.value;
    }
  }
  return nullptr;
}

expected<nlohmann::json, http2::response> json_body(const http2::request& req,
                                                    std::string_view media_type) {
  if (!has_content_type(req, media_type)) {
    return fail(problem_response(415, "", "content-type must be " + std::string(media_type)));
  }
  auto body = parse_json(req.body);
  if (!body) {
    return fail(problem_response(bad_body(body.error())));
  }
  return std::move(*body);
}

expected<json_with_parts, http2::response> json_or_multipart_body(const http2::request& req) {
  const std::string* type = find_header(req, "content-type");
  if (type == nullptr || !is_multipart_related(*type)) {
    auto json = json_body(req, content_type_json);
    if (!json) {
      return fail(std::move(json.error()));
    }
    return json_with_parts{std::move(*json), {}};
  }
  auto body = read_json_with_parts(*type, req.body);
  if (!body) {
    return fail(problem_response(bad_body(body.error())));
  }
  return std::move(*body);
}

}  // namespace glasscore::sbi
