#pragma once
/// \file
/// The gNBs that completed NG Setup (TS 38.413 §8.7.1), one per SCTP association.

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "amf/n2_ngap/n2_notifier.h"
#include "amf/n2_ngap/supported_ta_check.h"
#include "glasscore/codec/ngap/messages.h"

namespace glasscore::amf {

struct gnb_context {
  n2_association association{};
  ngap::global_ran_node_id id{};
  std::string name;            ///< RAN Node Name, if the gNB sent one
  std::vector<common_ta> tas;  ///< the TAs (and slices) both sides serve
  ngap::paging_drx paging_drx = ngap::paging_drx::v128;
};

/// "gNB 001-01/0x1a2b (22 bits)", or the kind of RAN node, for log lines.
[[nodiscard]] std::string describe(const ngap::global_ran_node_id& id);

class gnb_registry {
 public:
  /// The gNB set up on `association`, or null if NG Setup has not succeeded there.
  [[nodiscard]] const gnb_context* find(n2_association association) const;
  [[nodiscard]] gnb_context* find(n2_association association);

  /// Records a successful NG Setup; a repeated NG Setup on the same association replaces
  /// the context (TS 38.413 §8.7.1.2: the gNB re-initialises the interface). Returns the
  /// other association that carried the same Global RAN Node ID, if any: that gNB restarted
  /// on a new association, and the old one is stale.
  std::optional<n2_association> set_up(gnb_context gnb);

  /// Forgets the gNB of `association`; false if there was none.
  bool remove(n2_association association);

  [[nodiscard]] std::size_t size() const { return gnbs_.size(); }
  /// The associations of every set-up gNB.
  [[nodiscard]] std::vector<n2_association> associations() const;

 private:
  std::unordered_map<n2_association, gnb_context> gnbs_;
};

}  // namespace glasscore::amf
