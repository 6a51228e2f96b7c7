#pragma once
/// \file
/// Error answers of an SBI producer: `application/problem+json` bodies (TS 29.500 §5.2.7,
/// TS 29.571 ProblemDetails) carrying the application error causes of TS 29.500
/// §5.2.7.2 (Table 5.2.7.2-1), and the response builders every handler uses.

#include <string>
#include <string_view>
#include <vector>

#include "glasscore/http2/message.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/decode_error.h"

namespace glasscore::sbi {

/// Application error causes, TS 29.500 §5.2.7.2 (the strings are the wire values).
namespace cause {
// 400 Bad Request
inline constexpr std::string_view invalid_api = "INVALID_API";
inline constexpr std::string_view invalid_msg_format = "INVALID_MSG_FORMAT";
inline constexpr std::string_view invalid_query_param = "INVALID_QUERY_PARAM";
inline constexpr std::string_view mandatory_query_param_incorrect =
    "MANDATORY_QUERY_PARAM_INCORRECT";
inline constexpr std::string_view optional_query_param_incorrect = "OPTIONAL_QUERY_PARAM_INCORRECT";
inline constexpr std::string_view mandatory_query_param_missing = "MANDATORY_QUERY_PARAM_MISSING";
inline constexpr std::string_view mandatory_ie_incorrect = "MANDATORY_IE_INCORRECT";
inline constexpr std::string_view optional_ie_incorrect = "OPTIONAL_IE_INCORRECT";
inline constexpr std::string_view mandatory_ie_missing = "MANDATORY_IE_MISSING";
inline constexpr std::string_view unspecified_msg_failure = "UNSPECIFIED_MSG_FAILURE";
// 403 Forbidden
inline constexpr std::string_view modification_not_allowed = "MODIFICATION_NOT_ALLOWED";
// 404 Not Found
inline constexpr std::string_view subscription_not_found = "SUBSCRIPTION_NOT_FOUND";
inline constexpr std::string_view resource_uri_structure_not_found =
    "RESOURCE_URI_STRUCTURE_NOT_FOUND";
// 411, 429, 500, 503, 504
inline constexpr std::string_view incorrect_length = "INCORRECT_LENGTH";
inline constexpr std::string_view nf_congestion_risk = "NF_CONGESTION_RISK";
inline constexpr std::string_view insufficient_resources = "INSUFFICIENT_RESOURCES";
inline constexpr std::string_view unspecified_nf_failure = "UNSPECIFIED_NF_FAILURE";
inline constexpr std::string_view system_failure = "SYSTEM_FAILURE";
inline constexpr std::string_view nf_congestion = "NF_CONGESTION";
inline constexpr std::string_view target_nf_not_reachable = "TARGET_NF_NOT_REACHABLE";
inline constexpr std::string_view timed_out_request = "TIMED_OUT_REQUEST";
}  // namespace cause

/// An error a handler answers with: the HTTP status plus the ProblemDetails content.
/// `cause` may be empty (405, 415 have no application cause in TS 29.500).
struct sbi_error {
  int status = 500;
  std::string cause;
  std::string detail;
  std::vector<invalid_param> invalid_params;
};

/// 400 for a body that failed to decode: INVALID_MSG_FORMAT for non-JSON, else
/// MANDATORY_IE_MISSING / MANDATORY_IE_INCORRECT, with the member in invalidParams.
/// `optional_member` selects OPTIONAL_IE_INCORRECT for members the operation does not
/// require (the caller knows which).
[[nodiscard]] sbi_error bad_body(const decode_error& e, bool optional_member = false);

/// The `application/problem+json` response for an error (status, title from the status,
/// cause, detail, invalidParams).
[[nodiscard]] http2::response problem_response(const sbi_error& e);
/// Shorthand: `problem_response({status, cause, detail})`.
[[nodiscard]] http2::response problem_response(int status, std::string_view cause,
                                               std::string detail);

/// A JSON response (`application/json`) with the given status and body text.
[[nodiscard]] http2::response json_response(int status, std::string body);

/// The reason phrase used as ProblemDetails.title, e.g. "Bad Request".
[[nodiscard]] std::string_view status_title(int status);

}  // namespace glasscore::sbi
