#pragma once
/// \file
/// Where a registering UE may be served: the slices it is allowed (TS 23.501 §5.15.5.2.1),
/// the TAI list it is given (TS 24.501 §5.3.4), and whether its tracking area is one this
/// AMF and the UE's gNB both serve.

#include <vector>

#include "amf/context/gnb_context.h"
#include "amf/context/ue_context.h"
#include "amf/sbi/home_network.h"
#include "glasscore/codec/nas/ies_5gmm.h"

namespace glasscore::amf {

[[nodiscard]] nas::s_nssai to_nas(const ngap::s_nssai& s);
[[nodiscard]] ngap::plmn_identity to_ngap(const nas::plmn_id& p);

/// Whether the UE's tracking area (from the User Location Information of its Initial UE
/// Message) is one of the TAs the gNB and this AMF both serve.
[[nodiscard]] bool serves_ue_tai(const gnb_context* gnb, const amf_ue& ue);

/// The requested S-NSSAIs that are subscribed and available in the UE's TA; with none
/// requested (or none of them allowed), the subscribed default S-NSSAIs that are available.
[[nodiscard]] std::vector<nas::s_nssai> allowed_nssai(const std::vector<nas::s_nssai>& requested,
                                                      const access_subscription& sub,
                                                      const gnb_context* gnb, const amf_ue& ue);

/// The TAs of the serving PLMN the gNB and this AMF serve (at most 16, §9.11.3.9), or the
/// UE's own TA.
[[nodiscard]] nas::tai_list tai_list_for(const gnb_context* gnb, const amf_ue& ue);

}  // namespace glasscore::amf
