#pragma once
// The gNB half of the AMF tests: answers what the AMF sends for one UE (NAS to the
// scripted UE and back, Initial Context Setup, UE Context Release) as TS 38.413 says a
// gNB does, through whatever `send` carries NGAP to the AMF.

#include <functional>
#include <optional>
#include <vector>

#include "amf_n2_fixture.h"
#include "scripted_ue.h"

namespace glasscore::amf::test {

class scripted_gnb {
 public:
  scripted_gnb(scripted_ue& ue, std::function<void(const ngap::ngap_pdu&)> send)
      : ue_(ue), send_(std::move(send)) {}

  /// The RAN UE NGAP ID of the UE's current connection, and the TAC it is in.
  ran_ue_ngap_id ran{77};
  std::uint32_t tac = 1;

  void initial_ue_message(const std::vector<std::uint8_t>& nas) {
    released = false;
    send_(ngap::build_initial_ue_message(ran, nas, ngap::nr_location(home(), tac, 0x10),
                                         ngap::rrc_establishment_cause::mo_signalling));
  }

  /// UE Context Release Request (TS 38.413 §8.3.2), as after user inactivity.
  void request_release() {
    send_(ngap::build_ue_context_release_request(
        ids, ngap::make_cause(ngap::cause_radio_network::user_inactivity)));
  }

  void uplink(const std::vector<std::uint8_t>& nas) {
    last_uplink = nas;
    send_(ngap::build_uplink_nas_transport(ids, nas, ngap::nr_location(home(), 1, 0x10)));
  }

  void handle_downlink(const ngap::ngap_pdu& pdu) {
    const auto found = ngap::ue_ids_of(pdu);
    if (found.amf && found.ran && *found.ran != ran) {
      // An older connection of the UE (the AMF replaces it by the current one).
      if (ngap::message_of<ngap::ue_context_release_command>(pdu) != nullptr) {
        older_connections_released.push_back(*found.ran);
        send_(ngap::build_ue_context_release_complete({*found.amf, *found.ran}));
      }
      return;
    }
    if (found.amf && found.ran) {
      ids = {*found.amf, *found.ran};
    }
    if (const auto* ics = ngap::message_of<ngap::initial_context_setup_request>(pdu)) {
      context_setup = *ics;
      send_(ngap::build_initial_context_setup_response(ids));
    } else if (ngap::message_of<ngap::ue_context_release_command>(pdu) != nullptr) {
      released = true;
      release_cause = *ngap::cause_of(pdu);
      send_(ngap::build_ue_context_release_complete(ids));
      return;
    } else if (const auto* setup =
                   ngap::message_of<ngap::pdu_session_resource_setup_request>(pdu)) {
      session_setups.push_back(*setup);
      std::vector<ngap::session_transfer> done;
      for (const auto& item : setup->pdu_session_resource_setup_list_su_req) {
        if (item.pdu_session_nas_pdu) {
          ue_.on_downlink(*item.pdu_session_nas_pdu);  // TS 38.413 §8.2.1.2: to the UE
        }
        done.emplace_back(static_cast<pdu_session_id>(item.pdu_session_id),
                          setup_response_transfer);
      }
      if (answer_sessions) {
        send_(ngap::build_pdu_session_resource_setup_response(ids, done));
      }
    } else if (const auto* release =
                   ngap::message_of<ngap::pdu_session_resource_release_command>(pdu)) {
      session_releases.push_back(*release);
      std::vector<ngap::session_transfer> done;
      for (const auto& item : release->pdu_session_resource_to_release_list_rel_cmd) {
        done.emplace_back(static_cast<pdu_session_id>(item.pdu_session_id),
                          release_response_transfer);
      }
      if (answer_sessions) {
        send_(ngap::build_pdu_session_resource_release_response(ids, done));
      }
    } else if (const auto* modify =
                   ngap::message_of<ngap::pdu_session_resource_modify_request>(pdu)) {
      session_modifications.push_back(*modify);
      std::vector<ngap::session_transfer> done;
      for (const auto& item : modify->pdu_session_resource_modify_list_mod_req) {
        if (item.nas_pdu) {
          ue_.on_downlink(*item.nas_pdu);
        }
        done.emplace_back(static_cast<pdu_session_id>(item.pdu_session_id),
                          modify_response_transfer);
      }
      if (answer_sessions) {
        send_(ngap::build_pdu_session_resource_modify_response(ids, done));
      }
      return;
    } else if (ngap::message_of<ngap::error_indication>(pdu) != nullptr) {
      error_indications.push_back(pdu);
      return;
    } else if (ngap::message_of<ngap::ng_setup_response>(pdu) != nullptr) {
      set_up = true;
      return;
    }
    if (auto nas = ngap::nas_pdu_of(pdu)) {
      if (auto answer = ue_.on_downlink(*nas)) {
        uplink(*answer);
      }
    }
  }

  ngap::ue_ids ids{};
  bool set_up = false;
  std::optional<ngap::initial_context_setup_request> context_setup;
  bool released = false;
  ngap::cause release_cause{};
  std::vector<ngap::ngap_pdu> error_indications;
  std::vector<std::uint8_t> last_uplink;
  std::vector<ran_ue_ngap_id> older_connections_released;
  // PDU session resource requests (TS 38.413 §8.2) as received, and what the gNB answers:
  // each session set up, released or modified, with these transfers.
  std::vector<ngap::pdu_session_resource_setup_request> session_setups;
  std::vector<ngap::pdu_session_resource_release_command> session_releases;
  std::vector<ngap::pdu_session_resource_modify_request> session_modifications;
  bool answer_sessions = true;
  std::vector<std::uint8_t> setup_response_transfer{0x01, 0x02, 0x03};
  std::vector<std::uint8_t> release_response_transfer{0x00};
  std::vector<std::uint8_t> modify_response_transfer{0x00};

 private:
  scripted_ue& ue_;
  std::function<void(const ngap::ngap_pdu&)> send_;
};

}  // namespace glasscore::amf::test
