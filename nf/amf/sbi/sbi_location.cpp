#include "amf/sbi/sbi_location.h"

#include <string>

#include <fmt/format.h>

namespace glasscore::amf {

namespace {

// "001-01" (ngap::plmn_to_string) as the SBI's PlmnId.
sbi::plmn_id plmn_of(const ngap::plmn_identity& p) {
  const std::string text = ngap::plmn_to_string(p);
  const auto dash = text.find('-');
  return dash == std::string::npos ? sbi::plmn_id{}
                                   : sbi::plmn_id{text.substr(0, dash), text.substr(dash + 1)};
}

}  // namespace

std::optional<sbi::user_location> to_sbi(const ngap::user_location_information& l) {
  const auto* nr = std::get_if<ngap::user_location_information_nr>(&l.value);
  if (nr == nullptr) {
    return std::nullopt;
  }
  // The 36 bits sit MSB first in five octets, the last four bits unused (TS 38.413
  // §9.3.1.7, X.691 BIT STRING).
  std::uint64_t cell = 0;
  for (const std::uint8_t b : nr->nr_cgi.nr_cell_identity.bytes) {
    cell = cell << 8U | b;
  }
  sbi::nr_location location;
  location.tai = sbi::tai{plmn_of(nr->tai.plmn_identity),
                          fmt::format("{:06x}", ngap::tac_value(nr->tai.tac)), std::nullopt};
  location.ncgi = sbi::ncgi{plmn_of(nr->nr_cgi.plmn_identity), fmt::format("{:09x}", cell >> 4U)};
  return sbi::user_location{location};
}

}  // namespace glasscore::amf
