#include "amf/procedures/registration_area.h"

#include <algorithm>

namespace glasscore::amf {

namespace {

bool same_slice(const nas::s_nssai& a, const nas::s_nssai& b) {
  return a.sst == b.sst && a.sd == b.sd;
}

bool contains(const std::vector<nas::s_nssai>& list, const nas::s_nssai& s) {
  return std::ranges::any_of(list, [&](const nas::s_nssai& x) { return same_slice(x, s); });
}

// The slices the gNB and this AMF both serve in the UE's tracking area.
std::vector<nas::s_nssai> slices_at(const gnb_context* gnb, const amf_ue& ue) {
  std::vector<nas::s_nssai> slices;
  if (gnb == nullptr) {
    return slices;
  }
  const ngap::plmn_identity plmn = to_ngap(ue.serving_plmn);
  for (const auto& ta : gnb->tas) {
    if (ta.tac == ue.tac && ta.plmn == plmn) {
      for (const auto& s : ta.slices) {
        slices.push_back(to_nas(s));
      }
    }
  }
  return slices;
}

}  // namespace

nas::s_nssai to_nas(const ngap::s_nssai& s) {
  nas::s_nssai n;
  n.sst = s.sst[0];
  if (s.sd) {
    n.sd = std::uint32_t{(*s.sd)[0]} << 16U | std::uint32_t{(*s.sd)[1]} << 8U | (*s.sd)[2];
  }
  return n;
}

ngap::plmn_identity to_ngap(const nas::plmn_id& p) {
  return ngap::make_plmn(p.mcc, p.mnc).value_or(ngap::plmn_identity{});
}

bool serves_ue_tai(const gnb_context* gnb, const amf_ue& ue) {
  if (gnb == nullptr) {
    return false;
  }
  const ngap::plmn_identity plmn = to_ngap(ue.serving_plmn);
  return std::ranges::any_of(
      gnb->tas, [&](const common_ta& ta) { return ta.tac == ue.tac && ta.plmn == plmn; });
}

std::vector<nas::s_nssai> allowed_nssai(const std::vector<nas::s_nssai>& requested,
                                        const access_subscription& sub, const gnb_context* gnb,
                                        const amf_ue& ue) {
  const std::vector<nas::s_nssai> available = slices_at(gnb, ue);
  std::vector<nas::s_nssai> allowed;
  for (const auto& s : requested) {
    nas::s_nssai plain{s.sst, s.sd, {}, {}};
    if (contains(sub.subscribed_slices, plain) && contains(available, plain) &&
        !contains(allowed, plain)) {
      allowed.push_back(plain);
    }
  }
  if (allowed.empty()) {
    for (const auto& s : sub.default_slices) {
      if (contains(available, s) && !contains(allowed, s)) {
        allowed.push_back(s);
      }
    }
  }
  return allowed;
}

nas::tai_list tai_list_for(const gnb_context* gnb, const amf_ue& ue) {
  nas::tai_list list;
  auto& partial = list.lists.emplace_back();
  partial.type = nas::tai_list::list_type::tacs_one_plmn;
  partial.plmn = ue.serving_plmn;
  const ngap::plmn_identity plmn = to_ngap(ue.serving_plmn);
  if (gnb != nullptr) {
    for (const auto& ta : gnb->tas) {
      if (ta.plmn == plmn && partial.tacs.size() < 16) {
        partial.tacs.push_back(ta.tac);
      }
    }
  }
  if (partial.tacs.empty()) {
    partial.tacs.push_back(ue.tac);
  }
  return list;
}

}  // namespace glasscore::amf
