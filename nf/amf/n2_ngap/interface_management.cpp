#include "amf/n2_ngap/interface_management.h"

#include <algorithm>
#include <array>

#include "glasscore/core/log.h"

namespace glasscore::amf {

namespace {

// TS 38.413 §8.7.1.4: the gNB waits at least this long before trying again. A TA or slice
// mismatch is a configuration problem on one side; retrying at once cannot succeed.
constexpr ngap::time_to_wait mismatch_wait = ngap::time_to_wait::v10_s;

// "protocol/3": the cause group (§9.3.1.2) and the value's position in its enumeration.
std::string describe(const ngap::cause& c) {
  static constexpr std::array<std::string_view, 6> groups = {
      "radio-network", "transport", "nas", "protocol", "misc", "extension"};
  return std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        std::string text(groups.at(c.value.index()));
        if constexpr (std::is_enum_v<V>) {
          text += "/" + std::to_string(static_cast<int>(v));
        }
        return text;
      },
      c.value);
}

}  // namespace

interface_management::interface_management(served_area area, ngap::amf_identity amf,
                                           gnb_registry& gnbs, n2_notifier& n2, ran_ue_handler& ues,
                                           const n2_metrics& metrics)
    : area_(std::move(area)),
      amf_(std::move(amf)),
      gnbs_(gnbs),
      n2_(n2),
      ues_(ues),
      metrics_(metrics),
      log_(log::get("amf")) {}

void interface_management::send(n2_association association, const ngap::ngap_pdu& pdu) {
  auto bytes = ngap::encode(pdu);
  if (!bytes) {
    // Our own message failed a constraint: a bug, not a peer's fault. Nothing to send.
    log_->error("NGAP encode of procedure {} failed at bit {}", ngap::procedure_code_of(pdu),
                bytes.error().bit_offset);
    return;
  }
  n2_.on_n2_send(association, non_ue_associated_stream, std::move(*bytes));
}

void interface_management::count_setup(std::string_view result) {
  metrics_.ng_setups->with({result}).inc();
}

void interface_management::handle_ng_setup_request(n2_association association,
                                                   const ngap::ng_setup_request& m) {
  const std::string who = describe(m.global_ran_node_id);
  auto common = check_supported_tas(area_, m.supported_ta_list);
  if (!common) {
    log_->warn("NG Setup from {} refused: {}", who, common.error().detail);
    count_setup(to_string(common.error().reason));
    send(association,
         ngap::build_ng_setup_failure(cause_for(common.error().reason), mismatch_wait));
    return;
  }
  gnb_context gnb;
  gnb.association = association;
  gnb.id = m.global_ran_node_id;
  gnb.name = m.ran_node_name.value_or("");
  gnb.tas = std::move(*common);
  gnb.paging_drx = m.default_paging_drx;
  const std::size_t ta_count = gnb.tas.size();
  if (auto stale = gnbs_.set_up(std::move(gnb))) {
    // The same gNB on a new association: it restarted, and whatever it had on the old one
    // is gone with it.
    log_->info("{} set up again on a new association; dropping the old one", who);
    gnbs_.remove(*stale);
    ues_.handle_gnb_lost(*stale);
  }
  metrics_.gnbs->set(static_cast<double>(gnbs_.size()));
  count_setup("accepted");
  log_->info("NG Setup from {} '{}' accepted with {} common TA(s)", who,
             m.ran_node_name.value_or(""), ta_count);
  send(association, ngap::build_ng_setup_response(amf_));
}

void interface_management::reject_ng_setup_request(
    n2_association association, const ngap::ngap_pdu& pdu,
    const std::vector<aper::ie_diagnostic>& findings) {
  // §10.3.4.2 / §10.3.5: IEs with criticality reject not comprehended or missing reject
  // the procedure; IEs out of order or repeated make a falsely constructed message (§10.3.6).
  const bool falsely_constructed = std::ranges::any_of(findings, [](const auto& f) {
    return f.problem == aper::ie_problem::wrong_order || f.problem == aper::ie_problem::duplicated;
  });
  const auto c = falsely_constructed
                     ? ngap::cause_protocol::abstract_syntax_error_falsely_constructed_message
                     : ngap::cause_protocol::abstract_syntax_error_reject;
  log_->warn("NG Setup Request with {} IE error(s) refused", findings.size());
  count_setup("abstract_syntax_error");
  ngap::ng_setup_failure failure;
  failure.cause = ngap::make_cause(c);
  failure.criticality_diagnostics = ngap::make_criticality_diagnostics(pdu, findings);
  send(association, ngap::make_pdu(std::move(failure)));
}

void interface_management::handle_ran_configuration_update(
    n2_association association, const ngap::ran_configuration_update& m) {
  gnb_context* gnb = gnbs_.find(association);
  if (gnb == nullptr) {
    return;  // n2_dispatcher only routes messages of gNBs that are set up
  }
  std::vector<common_ta> tas = gnb->tas;
  if (m.supported_ta_list) {
    auto common = check_supported_tas(area_, *m.supported_ta_list);
    if (!common) {
      log_->warn("RAN Configuration Update from {} refused, previous configuration kept: {}",
                 describe(gnb->id), common.error().detail);
      ngap::ran_configuration_update_failure failure;
      failure.cause = cause_for(common.error().reason);
      failure.time_to_wait = mismatch_wait;
      send(association, ngap::make_pdu(std::move(failure)));
      return;
    }
    tas = std::move(*common);
  }
  gnb->tas = std::move(tas);
  if (m.ran_node_name) {
    gnb->name = *m.ran_node_name;
  }
  if (m.default_paging_drx) {
    gnb->paging_drx = *m.default_paging_drx;
  }
  log_->info("RAN Configuration Update from {} accepted", describe(gnb->id));
  send(association, ngap::build_ran_configuration_update_acknowledge());
}

void interface_management::handle_ng_reset(n2_association association, const ngap::ng_reset& m) {
  const auto* only =
      std::get_if<ngap::ue_associated_logical_ng_connection_list>(&m.reset_type.value);
  ues_.handle_ran_reset(association, only);
  // §8.7.4.2.2: a partial reset is acknowledged with the same list, in the same order.
  ngap::ng_reset_acknowledge ack;
  if (only != nullptr) {
    ack.ue_associated_logical_ng_connection_list = *only;
  }
  log_->info("NG Reset from {} ({})", describe(gnbs_.find(association)->id),
             only != nullptr ? std::to_string(only->size()) + " UE connection(s)" : "all");
  send(association, ngap::make_pdu(std::move(ack)));
}

void interface_management::handle_error_indication(n2_association association,
                                                   const ngap::error_indication& m) {
  const gnb_context* gnb = gnbs_.find(association);
  log_->warn(
      "Error Indication from {}{}{}", gnb != nullptr ? describe(gnb->id) : "a gNB",
      m.amf_ue_ngap_id ? " for AMF UE NGAP ID " + std::to_string(*m.amf_ue_ngap_id) : std::string(),
      m.cause ? ", cause " + describe(*m.cause) : std::string());
}

std::size_t interface_management::update_amf_configuration(ngap::amf_identity amf) {
  amf_ = std::move(amf);
  const auto told = gnbs_.associations();
  for (const n2_association association : told) {
    send(association, ngap::build_amf_configuration_update(amf_));
    metrics_.configuration_updates->with({"sent"}).inc();
  }
  log_->info("AMF Configuration Update (name '{}', relative capacity {}) sent to {} gNB(s)",
             amf_.name, amf_.relative_capacity, told.size());
  return told.size();
}

void interface_management::handle_amf_configuration_update_acknowledge(n2_association association) {
  metrics_.configuration_updates->with({"acknowledged"}).inc();
  log_->debug("AMF Configuration Update acknowledged by {}", describe(gnbs_.find(association)->id));
}

void interface_management::handle_amf_configuration_update_failure(
    n2_association association, const ngap::amf_configuration_update_failure& m) {
  metrics_.configuration_updates->with({"failed"}).inc();
  log_->warn("AMF Configuration Update refused by {}: cause {}{}",
             describe(gnbs_.find(association)->id), describe(m.cause),
             m.time_to_wait ? " (it asks to wait before trying again)" : "");
}

void interface_management::handle_association_down(n2_association association) {
  if (gnbs_.remove(association)) {
    metrics_.gnbs->set(static_cast<double>(gnbs_.size()));
  }
  ues_.handle_gnb_lost(association);
}

}  // namespace glasscore::amf
