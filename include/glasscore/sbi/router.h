#pragma once
/// \file
/// Request routing for an SBI producer: method + resource URI template (TS 29.501 §4.4,
/// e.g. "/nnrf-nfm/v1/nf-instances/{nfInstanceID}") to a handler, with the path variables
/// extracted and percent-decoded and the query parsed. Unknown resources get 404
/// RESOURCE_URI_STRUCTURE_NOT_FOUND, a known resource with another method 405 with an
/// `allow` header, a malformed query 400 INVALID_QUERY_PARAM (TS 29.500 §5.2.7).
///
/// Sans-I/O: it works on `http2::request`/`http2::response` values and a reply callback,
/// so handlers are tested and fuzzed without sockets. `bind` (in server_binding.h) hooks
/// it to the HTTP/2 server.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "glasscore/core/expected.h"
#include "glasscore/http2/message.h"
#include "glasscore/sbi/multipart.h"
#include "glasscore/sbi/query.h"

namespace glasscore::sbi {

/// Sends the one response to a request. May be called later (asynchronously), once.
using reply_fn = std::function<void(http2::response)>;

/// What the router extracted from the request URI.
struct route_match {
  std::vector<std::pair<std::string, std::string>> path_params;  ///< decoded, by name
  query_params query;
  /// The value of `{name}` in the template; empty if there is none.
  [[nodiscard]] const std::string& param(std::string_view name) const;
};

/// Handlers must not throw (NF code does not, DESIGN.md §4); if one does anyway, the
/// router answers 500 SYSTEM_FAILURE rather than let it cross the HTTP/2 callbacks.
using route_handler = std::function<void(const http2::request&, const route_match&, reply_fn)>;

class router {
 public:
  /// Adds a route. `path_template` segments are literals or `{name}` (a whole segment).
  void add(std::string method, std::string_view path_template, route_handler handler);
  /// Routes a request and answers through `reply` exactly once (possibly later).
  void dispatch(const http2::request& req, reply_fn reply) const;

 private:
  struct segment {
    std::string text;
    bool variable = false;
  };
  struct route {
    std::string method;
    std::vector<segment> segments;
    route_handler handler;
  };
  std::vector<route> routes_;
};

/// True if the request's `content-type` is `media_type` (case-insensitive, parameters
/// such as `; charset=utf-8` ignored). SBI bodies are `application/json` (TS 29.500
/// §5.4), patches `application/json-patch+json` (TS 29.510 §5.2.2.3).
[[nodiscard]] bool has_content_type(const http2::request& req, std::string_view media_type);

/// The request's body as JSON, or the answer that refuses it (TS 29.500 §5.2.7.2): 415
/// when the content-type is not `media_type`, 400 with problem details when the body is
/// not JSON. Decoding it into a model is the caller's next step.
[[nodiscard]] expected<nlohmann::json, http2::response> json_body(const http2::request& req,
                                                                  std::string_view media_type);

/// The request's JSON and, for multipart/related (TS 29.500 §6.1.2.4), its binary parts;
/// or the answer that refuses it: 415 for another content type, 400 with problem details
/// for a body that does not decode.
[[nodiscard]] expected<json_with_parts, http2::response> json_or_multipart_body(
    const http2::request& req);

/// The first header of that name (names are lower-case on the wire), or nullptr.
[[nodiscard]] const std::string* find_header(const http2::request& req, std::string_view name);

}  // namespace glasscore::sbi
