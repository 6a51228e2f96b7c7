#include "amf/sbi/session_management.h"

#include <array>
#include <utility>

namespace glasscore::amf {

namespace {

// TS 29.502 §6.1.6.3.6 N2SmInfoType, in the enumeration's order.
constexpr std::array<std::pair<n2_sm_type, std::string_view>, 10> n2_sm_type_names{{
    {n2_sm_type::pdu_res_setup_req, "PDU_RES_SETUP_REQ"},
    {n2_sm_type::pdu_res_setup_rsp, "PDU_RES_SETUP_RSP"},
    {n2_sm_type::pdu_res_setup_fail, "PDU_RES_SETUP_FAIL"},
    {n2_sm_type::pdu_res_rel_cmd, "PDU_RES_REL_CMD"},
    {n2_sm_type::pdu_res_rel_rsp, "PDU_RES_REL_RSP"},
    {n2_sm_type::pdu_res_mod_req, "PDU_RES_MOD_REQ"},
    {n2_sm_type::pdu_res_mod_rsp, "PDU_RES_MOD_RSP"},
    {n2_sm_type::pdu_res_mod_fail, "PDU_RES_MOD_FAIL"},
    {n2_sm_type::pdu_res_nty, "PDU_RES_NTY"},
    {n2_sm_type::pdu_res_nty_rel, "PDU_RES_NTY_REL"},
}};

}  // namespace

std::string_view to_string(n2_sm_type t) {
  for (const auto& [type, name] : n2_sm_type_names) {
    if (type == t) {
      return name;
    }
  }
  return "?";
}

std::optional<n2_sm_type> parse_n2_sm_type(std::string_view s) {
  for (const auto& [type, name] : n2_sm_type_names) {
    if (name == s) {
      return type;
    }
  }
  return std::nullopt;
}

std::string_view to_string(sm_error e) {
  switch (e) {
    case sm_error::rejected:
      return "rejected";
    case sm_error::not_found:
      return "SM context not found";
    case sm_error::unavailable:
      return "SMF unavailable";
  }
  return "?";
}

}  // namespace glasscore::amf
