#pragma once
/// \file
/// HTTP/2 messages shared by the server (`server.h`) and the client (`client.h`).

#include <string>
#include <vector>

namespace glasscore::http2 {

/// One header field. Names are lower-case on the wire (RFC 9113 §8.2.1).
struct header {
  std::string name;
  std::string value;
};

/// A complete request: pseudo-header fields (RFC 9113 §8.3.1) apart, regular fields in
/// `headers` in arrival order, the body as the octets received (DATA frames joined).
struct request {
  std::string method;     ///< `:method`
  std::string scheme;     ///< `:scheme`
  std::string authority;  ///< `:authority` (empty when the client sent none)
  std::string path;       ///< `:path`, including any query
  std::vector<header> headers;
  std::string body;  ///< octets, not necessarily text
};

/// A response. `content-length` is added when the headers do not carry it.
struct response {
  int status = 200;
  std::vector<header> headers;  ///< names are sent lower-cased
  std::string body;
};

}  // namespace glasscore::http2
