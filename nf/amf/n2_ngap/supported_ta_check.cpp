#include "amf/n2_ngap/supported_ta_check.h"

#include <fmt/format.h>

namespace glasscore::amf {

namespace {

std::string slice_text(const ngap::s_nssai& s) {
  std::string text = std::to_string(s.sst.front());
  if (s.sd) {
    text += fmt::format("/{:02x}{:02x}{:02x}", (*s.sd)[0], (*s.sd)[1], (*s.sd)[2]);
  }
  return text;
}

std::string served_text(const served_area& area) {
  std::string text;
  for (const auto& t : area.tais) {
    text +=
        (text.empty() ? "" : ", ") + ngap::plmn_to_string(t.plmn) + "/tac " + std::to_string(t.tac);
  }
  std::string slices;
  for (const auto& s : area.slices) {
    slices += (slices.empty() ? "" : ", ") + slice_text(s);
  }
  return (text.empty() ? "no TAI" : text) + " with slices " + (slices.empty() ? "none" : slices);
}

}  // namespace

expected<std::vector<common_ta>, ta_rejection> check_supported_tas(
    const served_area& area, const ngap::supported_ta_list& tas) {
  std::vector<common_ta> common;
  bool plmn_seen = false;
  bool tai_seen = false;
  std::string offered;
  for (const auto& item : tas) {
    const std::uint32_t tac = ngap::tac_value(item.tac);
    for (const auto& broadcast : item.broadcast_plmn_list) {
      offered += (offered.empty() ? "" : ", ") + ngap::plmn_to_string(broadcast.plmn_identity) +
                 "/tac " + std::to_string(tac);
      plmn_seen = plmn_seen || area.serves(broadcast.plmn_identity);
      if (!area.serves(broadcast.plmn_identity, tac)) {
        continue;
      }
      tai_seen = true;
      common_ta ta{broadcast.plmn_identity, tac, {}};
      for (const auto& slice : broadcast.tai_slice_support_list) {
        offered += " slice " + slice_text(slice.s_nssai);
        if (area.serves(slice.s_nssai)) {
          ta.slices.push_back(slice.s_nssai);
        }
      }
      if (!ta.slices.empty()) {
        common.push_back(std::move(ta));
      }
    }
  }
  if (!common.empty()) {
    return common;
  }
  const ta_mismatch reason = !plmn_seen  ? ta_mismatch::unknown_plmn
                             : !tai_seen ? ta_mismatch::unknown_tac
                                         : ta_mismatch::no_common_slice;
  return fail(ta_rejection{reason, fmt::format("{}: gNB offers [{}], AMF serves [{}]",
                                               to_string(reason), offered, served_text(area))});
}

ngap::cause cause_for(ta_mismatch reason) {
  switch (reason) {
    case ta_mismatch::no_common_slice:
      return ngap::make_cause(ngap::cause_radio_network::slice_not_supported);
    case ta_mismatch::unknown_plmn:
    case ta_mismatch::unknown_tac:
      break;
  }
  return ngap::make_cause(ngap::cause_misc::unknown_plmn_or_snpn);
}

std::string_view to_string(ta_mismatch reason) {
  switch (reason) {
    case ta_mismatch::unknown_plmn:
      return "no served PLMN";
    case ta_mismatch::unknown_tac:
      return "no served TAC";
    case ta_mismatch::no_common_slice:
      return "no served slice";
  }
  return "?";
}

}  // namespace glasscore::amf
