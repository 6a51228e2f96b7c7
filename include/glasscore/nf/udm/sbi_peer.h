#pragma once
/// \file
/// How the home-network NFs (AUSF -> UDM -> UDR) call their peer, sans-I/O: a
/// `peer_requester` sends one SBI request and calls back once with the response. The NF
/// logic only sees this function, so tests wire two NFs' routers together without sockets
/// (`router_requester`) and the runtime puts the HTTP/2 client behind it (http_peer.h).
/// Library glasscore::nf_sbi_peer (to move into lib/sbi once its client side settles).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/core/expected.h"
#include "glasscore/http2/message.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/router.h"

namespace glasscore::home {

/// One request to a peer: the path is absolute ("/nudr-dr/v2/..."), the peer's apiRoot is
/// the requester's business.
struct peer_request {
  std::string method;
  std::string path;
  std::vector<http2::header> headers;
  std::string body;
};

/// The response, or why there is none (connect failure, timeout, peer not found).
using peer_result = expected<http2::response, std::string>;
using peer_callback = std::function<void(peer_result)>;

/// Sends `request`; calls `callback` exactly once, possibly before returning.
using peer_requester = std::function<void(peer_request request, peer_callback callback)>;

/// A requester that dispatches into `r` in-process (sans-I/O wiring for tests). `r` must
/// outlive the requester. The callback runs whenever the router's handler replies.
[[nodiscard]] peer_requester router_requester(const sbi::router& r);

/// A JSON request: content-type application/json (or `content_type`), accept
/// application/json, application/problem+json.
[[nodiscard]] peer_request json_request(std::string method, std::string path, std::string body,
                                        std::string_view content_type = "application/json");

/// An SBI error from a peer's answer: its ProblemDetails status and cause when it sent
/// one (TS 29.500 §5.2.7), 504 TARGET_NF_NOT_REACHABLE when there was no answer.
[[nodiscard]] sbi::sbi_error peer_error(const peer_result& r, std::string_view peer);

/// True for a 2xx answer.
[[nodiscard]] bool is_success(const peer_result& r);

/// The Location header of a 201 (TS 29.500 §6.1: the URI of the created resource), if any.
[[nodiscard]] std::optional<std::string> location_of(const http2::response& r);
/// The id of the created resource: the last path segment of the Location (e.g. the
/// polAssoId of ".../policies/{polAssoId}").
[[nodiscard]] std::optional<std::string> created_id(const http2::response& r);

}  // namespace glasscore::home
