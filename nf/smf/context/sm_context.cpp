#include "smf/context/sm_context.h"

namespace glasscore::smf {

std::string_view to_string(sm_state s) {
  switch (s) {
    case sm_state::establishing:
      return "establishing";
    case sm_state::active:
      return "active";
    case sm_state::inactive:
      return "inactive";
    case sm_state::releasing:
      return "releasing";
  }
  return "?";
}

std::optional<n4_leg> up_session::leg(std::uint64_t local) const {
  if (local == local_seid) {
    return anchor();
  }
  if (intermediate && intermediate->local_seid == local) {
    return intermediate;
  }
  return std::nullopt;
}

std::optional<up_session> without_upf(const up_session& s, const std::string& upf) {
  const bool anchor_lost = s.upf == upf;
  const bool intermediate_lost = s.intermediate && s.intermediate->upf == upf;
  if (anchor_lost && !intermediate_lost && s.intermediate) {
    // The I-UPF's session stays to be deleted: it becomes the one leg left.
    up_session rest;
    rest.upf = s.intermediate->upf;
    rest.local_seid = s.intermediate->local_seid;
    rest.remote_seid = s.intermediate->remote_seid;
    rest.uplink = s.uplink;
    return rest;
  }
  if (!anchor_lost) {
    up_session rest = s;
    if (intermediate_lost) {
      rest.intermediate.reset();
    }
    return rest;
  }
  return std::nullopt;
}

std::shared_ptr<sm_context> sm_context_registry::create(const std::string& supi,
                                                        std::uint8_t pdu_session_id) {
  auto key = std::make_pair(supi, pdu_session_id);
  if (by_session_.contains(key)) {
    return nullptr;
  }
  auto c = std::make_shared<sm_context>();
  c->ref = std::to_string(next_ref_++);
  c->supi = supi;
  c->pdu_session_id = pdu_session_id;
  by_ref_.emplace(c->ref, c);
  by_session_.emplace(std::move(key), c->ref);
  return c;
}

std::shared_ptr<sm_context> sm_context_registry::find(const std::string& ref) const {
  auto it = by_ref_.find(ref);
  return it == by_ref_.end() ? nullptr : it->second;
}

std::shared_ptr<sm_context> sm_context_registry::find(const std::string& supi,
                                                      std::uint8_t pdu_session_id) const {
  auto it = by_session_.find({supi, pdu_session_id});
  return it == by_session_.end() ? nullptr : find(it->second);
}

void sm_context_registry::remove(sm_context& c) {
  c.removed = true;
  by_session_.erase({c.supi, c.pdu_session_id});
  by_ref_.erase(c.ref);
}

std::vector<std::shared_ptr<sm_context>> sm_context_registry::all() const {
  std::vector<std::shared_ptr<sm_context>> out;
  out.reserve(by_ref_.size());
  for (const auto& [ref, c] : by_ref_) {
    out.push_back(c);
  }
  return out;
}

}  // namespace glasscore::smf
