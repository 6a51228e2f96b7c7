#include "amf/n2_ngap/n2_dispatcher.h"

#include <array>
#include <string>

#include "glasscore/core/log.h"

namespace glasscore::amf {

n2_dispatcher::n2_dispatcher(interface_management& interface, const gnb_registry& gnbs,
                             n2_notifier& n2, ue_message_handler& ues, const n2_metrics& metrics)
    : interface_(interface),
      gnbs_(gnbs),
      n2_(n2),
      ues_(ues),
      metrics_(metrics),
      log_(log::get("amf")) {}

void n2_dispatcher::count_error(std::string_view reason) {
  metrics_.errors->with({reason}).inc();
}

void n2_dispatcher::send_error_indication(
    n2_association association, std::optional<ngap::ue_ids> ids, ngap::cause_protocol cause,
    std::optional<ngap::criticality_diagnostics> diagnostics) {
  ngap::error_indication indication;
  if (ids) {
    indication.amf_ue_ngap_id = static_cast<ngap::amf_ue_ngap_id>(ids->amf);
    indication.ran_ue_ngap_id = static_cast<ngap::ran_ue_ngap_id>(ids->ran);
  }
  indication.cause = ngap::make_cause(cause);
  indication.criticality_diagnostics = std::move(diagnostics);
  if (auto bytes = ngap::encode(ngap::make_pdu(std::move(indication)))) {
    n2_.on_n2_send(association, non_ue_associated_stream, std::move(*bytes));
  }
}

void n2_dispatcher::handle_n2_message(n2_association association, std::uint16_t stream,
                                      byte_span bytes) {
  auto decoded = ngap::decode<ngap::ngap_pdu>(bytes);
  if (!decoded) {
    // §10.2: the message cannot be decoded at all; only an Error Indication can say so.
    count_error("transfer_syntax");
    log_->warn("undecodable NGAP PDU ({} octets): error at bit {}", bytes.size(),
               decoded.error().bit_offset);
    send_error_indication(association, {}, ngap::cause_protocol::transfer_syntax_error, {});
    return;
  }
  const ngap::ngap_pdu& pdu = decoded->value;
  static constexpr std::array<std::string_view, 3> kinds = {"initiating", "successful",
                                                            "unsuccessful"};
  metrics_.received
      ->with({std::to_string(ngap::procedure_code_of(pdu)), kinds.at(pdu.value.index())})
      .inc();

  if (const auto* setup = ngap::message_of<ngap::ng_setup_request>(pdu)) {
    if (decoded->must_reject()) {
      interface_.reject_ng_setup_request(association, pdu, decoded->diagnostics);
    } else {
      interface_.handle_ng_setup_request(association, *setup);
    }
    return;
  }
  if (const auto* indication = ngap::message_of<ngap::error_indication>(pdu)) {
    // Never answered, whatever its state or content: two nodes must not trade Error
    // Indications forever (§10.1).
    interface_.handle_error_indication(association, *indication);
    return;
  }
  if (gnbs_.find(association) == nullptr) {
    count_error("before_ng_setup");
    log_->warn("NGAP procedure {} before NG Setup refused", ngap::procedure_code_of(pdu));
    send_error_indication(association, {},
                          ngap::cause_protocol::message_not_compatible_with_receiver_state, {});
    return;
  }
  const ngap::ue_id_fields ids = ngap::ue_ids_of(pdu);
  if (ids.amf || ids.ran) {
    ues_.handle_ue_message(association, stream, std::move(*decoded));
    return;
  }
  if (decoded->must_reject()) {
    count_error("abstract_syntax");
    log_->warn("NGAP procedure {} with {} IE error(s) refused", ngap::procedure_code_of(pdu),
               decoded->diagnostics.size());
    send_error_indication(association, {}, ngap::cause_protocol::abstract_syntax_error_reject,
                          ngap::make_criticality_diagnostics(pdu, decoded->diagnostics));
    return;
  }
  if (const auto* update = ngap::message_of<ngap::ran_configuration_update>(pdu)) {
    interface_.handle_ran_configuration_update(association, *update);
  } else if (const auto* reset = ngap::message_of<ngap::ng_reset>(pdu)) {
    interface_.handle_ng_reset(association, *reset);
  } else if (ngap::message_of<ngap::amf_configuration_update_acknowledge>(pdu) != nullptr) {
    interface_.handle_amf_configuration_update_acknowledge(association);
  } else if (const auto* failure = ngap::message_of<ngap::amf_configuration_update_failure>(pdu)) {
    interface_.handle_amf_configuration_update_failure(association, *failure);
  } else {
    count_error("unexpected");
    log_->warn("NGAP procedure {} not expected from a gNB", ngap::procedure_code_of(pdu));
    send_error_indication(association, {},
                          ngap::cause_protocol::message_not_compatible_with_receiver_state,
                          ngap::make_criticality_diagnostics(pdu, {}));
  }
}

void n2_dispatcher::handle_association_down(n2_association association) {
  interface_.handle_association_down(association);
}

}  // namespace glasscore::amf
