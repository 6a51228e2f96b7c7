#include "amf/context/served_area.h"

#include <algorithm>

namespace glasscore::amf {

expected<served_area, std::string> served_area::from_config(const config::glasscore_config& c) {
  served_area area;
  auto plmn_of = [](const config::plmn_id& p) { return ngap::make_plmn(p.mcc, p.mnc); };
  for (const auto& p : c.plmns) {
    auto plmn = plmn_of(p);
    if (!plmn) {
      return fail("plmns: " + p.to_string() + " is not a valid MCC/MNC");
    }
    area.plmns.push_back(*plmn);
  }
  for (const auto& t : c.amf.tais) {
    auto plmn = plmn_of(t.plmn);
    if (!plmn) {
      return fail("amf.tais: " + t.to_string() + " is not a valid TAI");
    }
    area.tais.push_back({*plmn, t.tac});
  }
  for (const auto& s : c.amf.slices) {
    area.slices.push_back(ngap::make_s_nssai(s.sst, s.sd));
  }
  return area;
}

bool served_area::serves(const ngap::plmn_identity& plmn) const {
  return std::ranges::find(plmns, plmn) != plmns.end();
}

bool served_area::serves(const ngap::plmn_identity& plmn, std::uint32_t tac) const {
  return std::ranges::any_of(tais,
                             [&](const served_tai& t) { return t.plmn == plmn && t.tac == tac; });
}

bool served_area::serves(const ngap::s_nssai& slice) const {
  return std::ranges::find(slices, slice) != slices.end();
}

}  // namespace glasscore::amf
