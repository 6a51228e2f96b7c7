#include "amf/context/gnb_context.h"

#include <fmt/format.h>

namespace glasscore::amf {

std::string describe(const ngap::global_ran_node_id& id) {
  const auto* gnb = std::get_if<ngap::global_gnb_id>(&id.value);
  if (gnb == nullptr) {
    return id.value.index() == ngap::global_ran_node_id::global_ng_enb_id_index ? "ng-eNB"
                                                                                : "N3IWF";
  }
  const auto* bits = std::get_if<aper::bit_string>(&gnb->gnb_id.value);
  if (bits == nullptr) {
    return "gNB " + ngap::plmn_to_string(gnb->plmn_identity);
  }
  // The gNB ID is the leftmost `length` bits (TS 38.413 §9.3.1.6), MSB first.
  std::uint64_t value = 0;
  for (std::uint8_t b : bits->bytes) {
    value = value << 8U | b;
  }
  value >>= bits->bytes.size() * 8 - bits->length;
  return fmt::format("gNB {}/{:#x} ({} bits)", ngap::plmn_to_string(gnb->plmn_identity), value,
                     bits->length);
}

const gnb_context* gnb_registry::find(n2_association association) const {
  auto it = gnbs_.find(association);
  return it == gnbs_.end() ? nullptr : &it->second;
}

gnb_context* gnb_registry::find(n2_association association) {
  auto it = gnbs_.find(association);
  return it == gnbs_.end() ? nullptr : &it->second;
}

std::optional<n2_association> gnb_registry::set_up(gnb_context gnb) {
  // A linear search: NG Setup is rare and an AMF has hundreds of gNBs, not millions.
  std::optional<n2_association> previous;
  for (const auto& [association, existing] : gnbs_) {
    if (association != gnb.association && existing.id == gnb.id) {
      previous = association;
      break;
    }
  }
  gnbs_.insert_or_assign(gnb.association, std::move(gnb));
  return previous;
}

std::vector<n2_association> gnb_registry::associations() const {
  std::vector<n2_association> out;
  out.reserve(gnbs_.size());
  for (const auto& [association, gnb] : gnbs_) {
    out.push_back(association);
  }
  return out;
}

bool gnb_registry::remove(n2_association association) {
  return gnbs_.erase(association) > 0;
}

}  // namespace glasscore::amf
