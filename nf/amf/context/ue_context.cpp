#include "amf/context/ue_context.h"

namespace glasscore::amf {

std::string_view to_string(gmm_state s) {
  switch (s) {
    case gmm_state::deregistered:
      return "5GMM-DEREGISTERED";
    case gmm_state::common_procedure_initiated:
      return "5GMM-COMMON-PROCEDURE-INITIATED";
    case gmm_state::registered:
      return "5GMM-REGISTERED";
    case gmm_state::deregistered_initiated:
      return "5GMM-DEREGISTERED-INITIATED";
  }
  return "?";
}

std::string_view to_string(pdu_session_state s) {
  switch (s) {
    case pdu_session_state::creating:
      return "creating";
    case pdu_session_state::active:
      return "active";
    case pdu_session_state::deactivated:
      return "user plane deactivated";
  }
  return "?";
}

void set_state(amf_ue& ue, gmm_state next, spdlog::logger& log) {
  if (ue.state != next) {
    if (ue.counts != nullptr) {
      --ue.counts->by_state[static_cast<std::size_t>(ue.state)];
      ++ue.counts->by_state[static_cast<std::size_t>(next)];
    }
    log.debug("UE {}: {} -> {}", static_cast<std::uint64_t>(ue.amf_id), to_string(ue.state),
              to_string(next));
    ue.state = next;
  }
}

std::shared_ptr<amf_ue> ue_registry::create(n2_association association, ran_ue_ngap_id ran) {
  // Skip IDs still in use after the 40-bit space wraps.
  while (by_amf_id_.contains(amf_ue_ngap_id{next_amf_id_})) {
    next_amf_id_ = next_amf_id_ == max_amf_ue_ngap_id ? 1 : next_amf_id_ + 1;
  }
  auto ue = std::make_shared<amf_ue>(ex_, timers_);
  ue->amf_id = amf_ue_ngap_id{next_amf_id_};
  ue->ran_id = ran;
  ue->association = association;
  ue->counts = &counts_;
  ++counts_.by_state[static_cast<std::size_t>(ue->state)];
  next_amf_id_ = next_amf_id_ == max_amf_ue_ngap_id ? 1 : next_amf_id_ + 1;
  by_amf_id_.emplace(ue->amf_id, ue);
  by_connection_.insert_or_assign(connection_key{association, ran}, ue->amf_id);
  return ue;
}

std::shared_ptr<amf_ue> ue_registry::find(amf_ue_ngap_id id) const {
  auto it = by_amf_id_.find(id);
  return it == by_amf_id_.end() ? nullptr : it->second;
}

std::shared_ptr<amf_ue> ue_registry::find(n2_association association, ran_ue_ngap_id ran) const {
  auto it = by_connection_.find(connection_key{association, ran});
  return it == by_connection_.end() ? nullptr : find(it->second);
}

std::shared_ptr<amf_ue> ue_registry::find_by_tmsi(std::uint32_t tmsi) const {
  auto it = by_tmsi_.find(tmsi);
  return it == by_tmsi_.end() ? nullptr : find(it->second);
}

std::shared_ptr<amf_ue> ue_registry::find_by_supi(const std::string& supi) const {
  auto it = by_supi_.find(supi);
  return it == by_supi_.end() ? nullptr : find(it->second);
}

void ue_registry::assign_guti(amf_ue& ue, const nas::guti_5g& guti) {
  if (ue.guti) {
    by_tmsi_.erase(ue.guti->tmsi);
  }
  ue.guti = guti;
  by_tmsi_.insert_or_assign(guti.tmsi, ue.amf_id);
}

std::shared_ptr<amf_ue> ue_registry::assign_supi(const std::shared_ptr<amf_ue>& ue,
                                                 const std::string& supi) {
  std::shared_ptr<amf_ue> older = find_by_supi(supi);
  if (older == ue) {
    older.reset();
  }
  ue->supi = supi;
  by_supi_.insert_or_assign(supi, ue->amf_id);
  return older;
}

void ue_registry::release_connection(amf_ue& ue) {
  if (ue.ran_id) {
    auto it = by_connection_.find(connection_key{ue.association, *ue.ran_id});
    if (it != by_connection_.end() && it->second == ue.amf_id) {
      by_connection_.erase(it);
    }
    ue.ran_id.reset();
  }
  ue.ran_context_set_up = false;
}

void ue_registry::remove(amf_ue& ue) {
  release_connection(ue);
  if (ue.guti) {
    auto it = by_tmsi_.find(ue.guti->tmsi);
    if (it != by_tmsi_.end() && it->second == ue.amf_id) {
      by_tmsi_.erase(it);
    }
  }
  if (ue.supi) {
    auto it = by_supi_.find(*ue.supi);
    if (it != by_supi_.end() && it->second == ue.amf_id) {
      by_supi_.erase(it);
    }
  }
  if (ue.reachability_timer) {
    timers_.cancel(*ue.reachability_timer);
    ue.reachability_timer.reset();
  }
  if (ue.counts != nullptr) {
    --ue.counts->by_state[static_cast<std::size_t>(ue.state)];
    ue.counts = nullptr;
  }
  ue.removed = true;
  ue.n1.cancel();
  ue.n2.cancel();
  const amf_ue_ngap_id id = ue.amf_id;  // `ue` may be destroyed by the erase
  by_amf_id_.erase(id);
}

std::vector<std::shared_ptr<amf_ue>> ue_registry::on_association(n2_association a) const {
  std::vector<std::shared_ptr<amf_ue>> found;
  for (const auto& [key, id] : by_connection_) {
    if (key.association == a) {
      found.push_back(find(id));
    }
  }
  return found;
}

std::vector<std::shared_ptr<amf_ue>> ue_registry::all() const {
  std::vector<std::shared_ptr<amf_ue>> out;
  out.reserve(by_amf_id_.size());
  for (const auto& [id, ue] : by_amf_id_) {
    out.push_back(ue);
  }
  return out;
}

}  // namespace glasscore::amf
