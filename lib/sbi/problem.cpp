// application/problem+json answers (TS 29.500 §5.2.7, TS 29.571 §5.2.4.1).
#include "glasscore/sbi/problem.h"

#include <nlohmann/json.hpp>

namespace glasscore::sbi {

sbi_error bad_body(const decode_error& e, bool optional_member) {
  sbi_error out;
  out.status = 400;
  switch (e.kind) {
    case decode_error_kind::syntax:
      out.cause = cause::invalid_msg_format;
      break;
    case decode_error_kind::missing:
      out.cause = cause::mandatory_ie_missing;
      break;
    case decode_error_kind::incorrect:
      out.cause = optional_member ? cause::optional_ie_incorrect : cause::mandatory_ie_incorrect;
      break;
  }
  out.detail = e.to_string();
  if (!e.pointer.empty()) {
    out.invalid_params.push_back(invalid_param{e.pointer, e.reason});
  }
  return out;
}

std::string_view status_title(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

http2::response problem_response(const sbi_error& e) {
  problem_details p;
  p.title = std::string(status_title(e.status));
  p.status = e.status;
  if (!e.detail.empty()) {
    p.detail = e.detail;
  }
  if (!e.cause.empty()) {
    p.cause = e.cause;
  }
  p.invalid_params = e.invalid_params;
  http2::response r;
  r.status = e.status;
  r.headers.push_back({"content-type", "application/problem+json"});
  r.body = to_text(to_json(p));
  return r;
}

http2::response problem_response(int status, std::string_view cause_value, std::string detail) {
  return problem_response(sbi_error{status, std::string(cause_value), std::move(detail), {}});
}

http2::response json_response(int status, std::string body) {
  http2::response r;
  r.status = status;
  r.headers.push_back({"content-type", "application/json"});
  r.body = std::move(body);
  return r;
}

}  // namespace glasscore::sbi
