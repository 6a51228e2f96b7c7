#include "amf/sbi/sbi_slices.h"

#include <string>

#include <fmt/format.h>

namespace glasscore::amf {

sbi::snssai to_sbi(const nas::s_nssai& slice) {
  sbi::snssai out;
  out.sst = slice.sst;
  if (slice.sd) {
    out.sd = fmt::format("{:06x}", *slice.sd);
  }
  return out;
}

nas::s_nssai to_nas(const sbi::snssai& slice) {
  std::optional<std::uint32_t> sd;
  if (slice.sd) {
    sd = static_cast<std::uint32_t>(std::stoul(*slice.sd, nullptr, 16));
  }
  return {slice.sst, sd, {}, {}};
}

std::vector<nas::s_nssai> to_nas(const std::vector<sbi::snssai>& slices) {
  std::vector<nas::s_nssai> out;
  out.reserve(slices.size());
  for (const auto& s : slices) {
    out.push_back(to_nas(s));
  }
  return out;
}

}  // namespace glasscore::amf
