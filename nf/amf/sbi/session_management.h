#pragma once
/// \file
/// What the AMF asks of the SMF for PDU sessions, as an interface: Nsmf_PDUSession
/// CreateSMContext, UpdateSMContext and ReleaseSMContext (TS 29.502 §5.2.2.2-§5.2.2.4,
/// TS 23.502 §4.3.2.2.1, §4.3.4). The procedures await it; the runtime implements it over
/// the HTTP/2 SBI, tests with a fake (DESIGN.md §4, dependency injection). N1 SM messages
/// and NGAP SM information travel as opaque bytes: the AMF forwards them, it does not read
/// them (TS 23.501 §5.4.5.2: the AMF is transparent to SM).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/async/task.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/expected.h"

namespace glasscore::amf {

/// N2SmInfoType (TS 29.502 §6.1.6.3.6): which NGAP ...Transfer the bytes are.
enum class n2_sm_type : std::uint8_t {
  pdu_res_setup_req,
  pdu_res_setup_rsp,
  pdu_res_setup_fail,
  pdu_res_rel_cmd,
  pdu_res_rel_rsp,
  pdu_res_mod_req,
  pdu_res_mod_rsp,
  pdu_res_mod_fail,
  pdu_res_nty,
  pdu_res_nty_rel,
};
/// "PDU_RES_SETUP_REQ", ... as on the SBI.
[[nodiscard]] std::string_view to_string(n2_sm_type t);
[[nodiscard]] std::optional<n2_sm_type> parse_n2_sm_type(std::string_view s);

/// N2 SM information: the type and the encoded NGAP transfer (e.g. PDU Session Resource
/// Setup Request Transfer, TS 38.413 §9.3.4.1).
struct n2_sm_info {
  n2_sm_type type = n2_sm_type::pdu_res_setup_req;
  std::vector<std::uint8_t> transfer;
  bool operator==(const n2_sm_info&) const = default;
};

/// SmContextCreateData as far as the AMF fills it (TS 29.502 §6.1.6.2.2).
struct sm_context_create {
  std::string supi;  ///< "imsi-<digits>"
  std::uint8_t pdu_session_id = 0;
  std::string dnn;
  nas::s_nssai slice;
  nas::plmn_id serving_plmn;
  std::uint32_t tac = 0;            ///< of the UE's user location
  std::string pei;                  ///< empty: not known (the AMF does not ask for the IMEI yet)
  std::vector<std::uint8_t> n1_sm;  ///< PDU SESSION ESTABLISHMENT REQUEST
  /// The User Location Information the gNB last gave (TS 38.413 §9.3.1.16), sent as
  /// ueLocation: the SMF selects UPFs by it (TS 23.501 §6.3.3).
  ngap::user_location_information location{};
};

/// The SM context the SMF created: the Location it answered (TS 29.502 §5.2.2.2.1).
struct sm_context_created {
  std::string sm_context_ref;
};

/// How an SMF request failed, as far as the AMF's answer to the UE goes.
enum class sm_error : std::uint8_t {
  rejected,     ///< the SMF refused (4xx with SmContextCreateError / UpdateError)
  not_found,    ///< 404 CONTEXT_NOT_FOUND: the SMF has no such SM context
  unavailable,  ///< no SMF found, connection failed, 5xx, timeout
};
[[nodiscard]] std::string_view to_string(sm_error e);

struct sm_failure {
  sm_error error = sm_error::unavailable;
  /// A 5GSM message the SMF gives for the UE (e.g. PDU SESSION ESTABLISHMENT REJECT);
  /// empty if none.
  std::vector<std::uint8_t> n1_sm;
};

/// SmContextUpdateData as far as the AMF fills it (TS 29.502 §6.1.6.2.3).
struct sm_context_update {
  std::optional<std::vector<std::uint8_t>> n1_sm;
  std::optional<n2_sm_info> n2;
  /// false: the user plane is deactivated because the AN connection was released
  /// (upCnxState DEACTIVATED, TS 23.502 §4.2.6 step 5).
  std::optional<bool> user_plane_active;
};

/// SmContextUpdatedData: what the SMF gives back for the UE and its gNB, if anything.
struct sm_context_updated {
  std::optional<std::vector<std::uint8_t>> n1_sm;
  std::optional<n2_sm_info> n2;
};

class session_management {
 public:
  virtual ~session_management() = default;
  /// Nsmf_PDUSession_CreateSMContext (POST .../sm-contexts).
  virtual async::task<expected<sm_context_created, sm_failure>> create_sm_context(
      sm_context_create request) = 0;
  /// Nsmf_PDUSession_UpdateSMContext (POST .../sm-contexts/{ref}/modify).
  virtual async::task<expected<sm_context_updated, sm_failure>> update_sm_context(
      std::string ref, sm_context_update update) = 0;
  /// Nsmf_PDUSession_ReleaseSMContext (POST .../sm-contexts/{ref}/release).
  virtual async::task<expected<void, sm_failure>> release_sm_context(std::string ref) = 0;
};

/// A session_management that has no SMF: every request fails with `unavailable`, so UEs
/// asking for PDU sessions get their message back with #90 (TS 24.501 §5.4.5.2.5). For an
/// AMF run without an SMF (and the place the runtime's SBI client replaces).
class unavailable_session_management final : public session_management {
 public:
  async::task<expected<sm_context_created, sm_failure>> create_sm_context(
      sm_context_create) override {
    co_return fail(sm_failure{sm_error::unavailable, {}});
  }
  async::task<expected<sm_context_updated, sm_failure>> update_sm_context(
      std::string, sm_context_update) override {
    co_return fail(sm_failure{sm_error::unavailable, {}});
  }
  async::task<expected<void, sm_failure>> release_sm_context(std::string) override {
    co_return fail(sm_failure{sm_error::unavailable, {}});
  }
};

}  // namespace glasscore::amf
