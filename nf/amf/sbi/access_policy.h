#pragma once
/// \file
/// What the AMF asks of the PCF, as an interface: Npcf_AMPolicyControl (TS 29.507) Create
/// during registration (TS 23.502 §4.2.2.2.2 step 16, §4.16.1.2) and Delete when the UE
/// leaves (§4.2.2.3.2, §4.16.3.2). The procedures await it; the runtime implements it over
/// the HTTP/2 SBI, tests with fakes. Without a PCF the AMF applies local policy (TS 23.503
/// §6.1.2.1: no RFSP index, no service area restriction).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "amf/sbi/home_network.h"
#include "glasscore/async/task.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/expected.h"

namespace glasscore::amf {

/// What the AMF tells the PCF about the UE (TS 29.507 §5.6.2.3 PolicyAssociationRequest).
struct am_policy_request {
  std::string supi;
  nas::plmn_id serving_plmn;
  ngap::user_location_information location{};  ///< from the gNB; userLoc when NR
  std::vector<nas::s_nssai> allowed_nssai;     ///< allowedSnssais
  std::uint64_t ue_ambr_uplink_kbps = 0;       ///< the subscribed UE-AMBR (ueAmbr); 0: not sent
  std::uint64_t ue_ambr_downlink_kbps = 0;
};

/// The PCF's decision the AMF applies (TS 29.507 §5.6.2.2 PolicyAssociation).
struct am_policy {
  /// polAssoId: the last segment of the Location of the 201 (TS 29.507 §5.3.2.3.1).
  std::string association_id;
  /// Index to RAT/Frequency Selection Priority (TS 23.501 §5.3.4.3), 1..256: the gNB gets it
  /// in the Initial Context Setup Request (TS 38.413 §9.3.1.61).
  std::optional<std::uint16_t> rfsp;
};

class access_policy {
 public:
  virtual ~access_policy() = default;
  /// Npcf_AMPolicyControl_Create: POST .../policies (TS 29.507 §4.2.2.2).
  virtual async::task<expected<am_policy, home_network_error>> create_association(
      am_policy_request request) = 0;
  /// Npcf_AMPolicyControl_Delete: DELETE .../policies/{polAssoId} (TS 29.507 §4.2.4.2).
  virtual async::task<expected<void, home_network_error>> delete_association(
      std::string association_id) = 0;
};

}  // namespace glasscore::amf
