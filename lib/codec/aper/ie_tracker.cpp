// Protocol IE container checks of TS 38.413 §10.3 (the same rules hold for the other
// 3GPP application protocols that use ProtocolIE-Container).
#include "glasscore/codec/aper/aper.h"

namespace glasscore::aper {

void ie_tracker::seen(const decoder& d, std::size_t index, std::uint32_t id, criticality c) {
  if (index >= max_ies) {
    return;  // generated code never passes more; the generator checks the set size
  }
  const std::uint64_t bit = std::uint64_t{1} << (index % 64);
  std::uint64_t& word = seen_[index / 64];
  if ((word & bit) != 0) {
    // §10.3.6: an IE more often than allowed is an abstract syntax error.
    d.report({id, c, ie_problem::duplicated});
    return;
  }
  if (any_ && index < last_) {
    // §10.3.4.3 / §10.3.6: IEs must come in the order of the IE set.
    d.report({id, c, ie_problem::wrong_order});
  }
  word |= bit;
  any_ = true;
  last_ = index > last_ ? index : last_;
}

void ie_tracker::unknown(const decoder& d, std::uint32_t id, criticality c) const {
  report_unknown(d, id, c);
}

void ie_tracker::require(const decoder& d, std::size_t index, std::uint32_t id,
                         criticality c) const {
  if (!d.ok() || index >= max_ies) {
    return;  // a message that failed to decode has no IE-level findings worth reporting
  }
  if ((seen_[index / 64] & (std::uint64_t{1} << (index % 64))) == 0) {
    d.report({id, c, ie_problem::missing});  // §10.3.5: missing mandatory IE
  }
}

void report_unknown(const decoder& d, std::uint32_t id, criticality c) {
  if (c != criticality::ignore) {
    d.report({id, c, ie_problem::not_understood});
  }
}

}  // namespace glasscore::aper
