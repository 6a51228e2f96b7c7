#include "amf/n2_ngap/ue_associated.h"

#include "amf/n2_ngap/pdu_session_resources.h"
#include "amf/procedures/connection.h"
#include "amf/procedures/deregistration.h"
#include "amf/procedures/pdu_session.h"
#include "amf/procedures/registration.h"

namespace glasscore::amf {

namespace {

// "001-01" (ngap::plmn_to_string) as NAS PLMN digits.
nas::plmn_id nas_plmn(const ngap::plmn_identity& p) {
  const std::string text = ngap::plmn_to_string(p);
  const auto dash = text.find('-');
  return dash == std::string::npos ? nas::plmn_id{}
                                   : nas::plmn_id{text.substr(0, dash), text.substr(dash + 1)};
}

void send_error_indication(amf_environment& env, n2_association association,
                           std::optional<ngap::ue_ids> ids, ngap::cause_radio_network cause) {
  if (auto bytes = ngap::encode(ngap::build_error_indication(ids, ngap::make_cause(cause)))) {
    env.n2.on_n2_send(association, non_ue_associated_stream, std::move(*bytes));
  }
}

// Uplink 5GMM messages that answer a request of a running procedure.
bool is_answer(const nas::gmm_message& m) {
  return std::holds_alternative<nas::authentication_response>(m) ||
         std::holds_alternative<nas::authentication_failure>(m) ||
         std::holds_alternative<nas::security_mode_complete>(m) ||
         std::holds_alternative<nas::security_mode_reject>(m) ||
         std::holds_alternative<nas::identity_response>(m) ||
         std::holds_alternative<nas::registration_complete>(m) ||
         std::holds_alternative<nas::deregistration_accept_ue_terminated>(m);
}

}  // namespace

void ue_associated_handler::handle_ue_message(n2_association association, std::uint16_t stream,
                                              ngap::decoded<ngap::ngap_pdu> decoded) {
  const ngap::ngap_pdu& pdu = decoded.value;
  if (const auto* initial = ngap::message_of<ngap::initial_ue_message>(pdu)) {
    handle_initial_ue_message(association, stream, *initial);
    return;
  }
  if (ngap::message_of<ngap::ue_context_release_complete>(pdu) != nullptr) {
    // The answer to our own release command (§8.3.3): the connection is already forgotten
    // on this side, so there is nothing to check or answer.
    const auto ids = ngap::ue_ids_of(pdu);
    if (auto ue = ids.amf ? env_.ues.find(*ids.amf) : nullptr;
        ue && ue->association == association && ue->ran_id == ids.ran) {
      env_.ues.release_connection(*ue);
    }
    return;
  }
  auto ue = find_ue(association, ngap::ue_ids_of(pdu));
  if (!ue) {
    return;
  }
  if (const auto* uplink = ngap::message_of<ngap::uplink_nas_transport>(pdu)) {
    handle_nas(ue, uplink->nas_pdu, false);
  } else if (ngap::message_of<ngap::initial_context_setup_response>(pdu) != nullptr) {
    ue->ran_context_set_up = true;
    ue->n2.set_value(context_setup_outcome::success);
  } else if (ngap::message_of<ngap::initial_context_setup_failure>(pdu) != nullptr) {
    // §8.3.1.3: the gNB could not set up the UE context; the registration cannot finish.
    env_.log->warn("UE {}: Initial Context Setup failed", static_cast<std::uint64_t>(ue->amf_id));
    release_ng_connection(env_, *ue, ngap::make_cause(ngap::cause_nas::normal_release));
    env_.ues.remove(*ue);
  } else if (const auto* request = ngap::message_of<ngap::ue_context_release_request>(pdu)) {
    // §8.3.2: the gNB asks to release (radio link failure, inactivity): the UE goes idle.
    release_ng_connection(env_, *ue, request->cause);
    lose_connection(ue);
  } else if (auto answers = session_answers_of(pdu)) {
    // §8.2: the gNB's answers to PDU session resource requests, and its notifications, go
    // to the sessions' SMFs in the UE's procedure order (after the request that caused
    // them, e.g. an establishment still waiting for CreateSMContext's answer).
    if (!answers->empty()) {
      env_.procedures.enqueue(ue->amf_id, report_n2_answers(env_, ue, std::move(*answers)));
    }
  } else {
    env_.log->debug("UE {}: NGAP procedure {} ignored", static_cast<std::uint64_t>(ue->amf_id),
                    ngap::procedure_code_of(pdu));
  }
}

void ue_associated_handler::handle_initial_ue_message(n2_association association,
                                                      std::uint16_t stream,
                                                      const ngap::initial_ue_message& m) {
  const auto ran = static_cast<ran_ue_ngap_id>(m.ran_ue_ngap_id);
  if (auto stale = env_.ues.find(association, ran)) {
    // The gNB reuses a RAN UE NGAP ID: its previous UE on that ID is gone (§8.6.1).
    lose_connection(stale);
  }
  auto ue = env_.ues.create(association, ran);
  ue->stream = stream;
  ue->location = m.user_location_information;
  if (const auto* nr =
          std::get_if<ngap::user_location_information_nr>(&m.user_location_information.value)) {
    ue->serving_plmn = nas_plmn(nr->tai.plmn_identity);
    ue->tac = ngap::tac_value(nr->tai.tac);
  } else {
    ue->serving_plmn = env_.plmn;
  }
  handle_nas(ue, m.nas_pdu, true);
}

std::shared_ptr<amf_ue> ue_associated_handler::find_ue(n2_association association,
                                                       const ngap::ue_id_fields& ids) {
  std::shared_ptr<amf_ue> ue = ids.amf ? env_.ues.find(*ids.amf) : nullptr;
  std::optional<ngap::ue_ids> echo;
  if (ids.amf && ids.ran) {
    echo = ngap::ue_ids{*ids.amf, *ids.ran};
  }
  if (!ue || ue->association != association) {
    send_error_indication(env_, association, echo,
                          ngap::cause_radio_network::unknown_local_ue_ngap_id);
    return nullptr;
  }
  if (!ids.ran || ue->ran_id != ids.ran) {
    send_error_indication(env_, association, echo,
                          ngap::cause_radio_network::inconsistent_remote_ue_ngap_id);
    return nullptr;
  }
  return ue;
}

void ue_associated_handler::drop_nas(const amf_ue& ue, std::string_view reason) {
  env_.metrics.nas_dropped->with({reason}).inc();
  env_.log->warn("UE {}: uplink NAS discarded: {}", static_cast<std::uint64_t>(ue.amf_id), reason);
}

void ue_associated_handler::handle_nas(const std::shared_ptr<amf_ue>& ue, byte_span bytes,
                                       bool initial) {
  auto header = nas::peek_security_header(bytes);
  if (!header) {
    drop_nas(*ue, "not a 5GMM message");
    return;
  }
  std::vector<std::uint8_t> plain;
  std::optional<expected<nas::gmm_message, nas::nas_error>> decoded;  // if already decoded
  bool verified = false;
  if (*header == nas::security_header_type::plain) {
    plain.assign(bytes.begin(), bytes.end());
  } else if (ue->security) {
    auto opened = ue->security->unprotect(bytes, crypto::direction::uplink);
    if (!opened) {
      drop_nas(*ue, nas::to_string(opened.error()));
      return;
    }
    plain = std::move(*opened);
    verified = true;
  } else if (initial && *header == nas::security_header_type::integrity_protected) {
    // An initial message protected with a context this new NG connection does not have
    // (§4.4.6): verify it with the context kept under its 5G-GUTI if there is one; else
    // process the (unciphered) content as unverified and ask for it again in the SMC.
    auto parts = nas::protected_pdu::parse(bytes);
    if (!parts) {
      drop_nas(*ue, "malformed protected message");
      return;
    }
    plain.assign(parts->message.begin(), parts->message.end());
    const auto& inner = decoded.emplace(nas::decode_gmm(plain));
    const auto* request = inner ? std::get_if<nas::registration_request>(&*inner) : nullptr;
    const auto* guti =
        request != nullptr ? std::get_if<nas::guti_5g>(&request->mobile_identity.value) : nullptr;
    if (auto known = guti != nullptr ? env_.ues.find_by_tmsi(guti->tmsi) : nullptr;
        known && known->security) {
      verified = known->security->unprotect(bytes, crypto::direction::uplink).has_value();
      if (verified) {
        // The UE goes on protecting with this context until a new one is taken into use
        // (TS 24.501 §4.4.2.1), so the new NG connection's context continues it.
        ue->security = known->security;
        ue->ng_ksi = known->ng_ksi;
        ue->kamf = known->kamf;
      } else {
        env_.metrics.nas_dropped->with({"initial message failed integrity"}).inc();
      }
    }
  } else {
    drop_nas(*ue, "protected message without a security context");
    return;
  }
  auto message = decoded ? std::move(*decoded) : nas::decode_gmm(plain);
  if (!message) {
    // §7: answer a message we cannot decode with 5GMM STATUS and its protocol cause.
    nas::gmm_status status;
    status.cause.value = nas::protocol_cause_for(message.error());
    env_.n1.send(*ue, status);
    env_.metrics.nas_dropped->with({"undecodable"}).inc();
    return;
  }
  if (!verified && ue->security &&
      !nas::network_accepts_unprotected(*message, /*identity_requested_suci=*/true)) {
    drop_nas(*ue, "unprotected message after security activation");
    return;
  }
  dispatch(ue, std::move(*message), verified);
}

void ue_associated_handler::dispatch(const std::shared_ptr<amf_ue>& ue, nas::gmm_message message,
                                     bool verified) {
  if (auto* request = std::get_if<nas::registration_request>(&message)) {
    ue->n1.cancel();  // a registration in progress is superseded (§5.5.1.2.8 e)
    env_.procedures.enqueue(ue->amf_id, register_ue(env_, ue, std::move(*request), verified));
  } else if (auto* dereg = std::get_if<nas::deregistration_request_ue_originating>(&message)) {
    ue->n1.cancel();  // §5.5.2.2.6 b: deregistration wins over an ongoing procedure
    env_.procedures.enqueue(ue->amf_id, deregister_ue(env_, ue, *dereg));
  } else if (auto* transport = std::get_if<nas::ul_nas_transport>(&message)) {
    if (!verified) {
      // TS 24.501 §4.4.4.3: UL NAS TRANSPORT is never accepted without integrity protection.
      drop_nas(*ue, "unprotected UL NAS TRANSPORT");
      return;
    }
    env_.procedures.enqueue(ue->amf_id, forward_ul_nas_transport(env_, ue, std::move(*transport)));
  } else if (const auto* status = std::get_if<nas::gmm_status>(&message)) {
    env_.log->info("UE {}: 5GMM STATUS cause #{}", static_cast<std::uint64_t>(ue->amf_id),
                   static_cast<int>(status->cause.value));
  } else if (is_answer(message)) {
    // Kept if the procedure is not waiting right now; it resets the slot before each
    // request, so a stale answer is never taken for a new one.
    ue->n1.set_value(std::move(message));
  } else {
    nas::gmm_status reply;
    reply.cause.value = nas::gmm_cause::message_type_not_compatible;
    env_.n1.send(*ue, reply);
  }
}

void ue_associated_handler::lose_connection(const std::shared_ptr<amf_ue>& ue) {
  end_ng_connection(env_, *ue);
  if (ue->state != gmm_state::registered) {
    env_.ues.remove(*ue);  // a procedure in progress cannot finish without the connection
  }
}

void ue_associated_handler::handle_ran_reset(
    n2_association association, const ngap::ue_associated_logical_ng_connection_list* only) {
  if (only == nullptr) {
    handle_gnb_lost(association);
    return;
  }
  for (const auto& item : *only) {
    std::shared_ptr<amf_ue> ue;
    if (item.amf_ue_ngap_id) {
      ue = env_.ues.find(static_cast<amf_ue_ngap_id>(*item.amf_ue_ngap_id));
    } else if (item.ran_ue_ngap_id) {
      ue = env_.ues.find(association, static_cast<ran_ue_ngap_id>(*item.ran_ue_ngap_id));
    }
    if (ue && ue->association == association) {
      lose_connection(ue);
    }
  }
}

void ue_associated_handler::stop() {
  env_.admission.refuse_waiting();
  for (const auto& ue : env_.ues.all()) {
    env_.ues.remove(*ue);
  }
}

void ue_associated_handler::handle_gnb_lost(n2_association association) {
  for (const auto& ue : env_.ues.on_association(association)) {
    lose_connection(ue);
  }
}

}  // namespace glasscore::amf
