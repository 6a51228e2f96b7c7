#pragma once
/// \file
/// The UE side of the AMF's N2: UE-associated NGAP messages (TS 38.413 §8.3, §8.6) and
/// the uplink NAS they carry. It creates UE contexts on Initial UE Message, checks every
/// UE NGAP ID against its own records (never trusting a peer's ID, §10.6), verifies and
/// deciphers uplink NAS (TS 24.501 §4.4.4.3; TS 33.512 §4.2.2.2: messages that fail
/// integrity or are replayed are discarded and counted), and starts or feeds the UE's
/// procedures, one at a time per UE.

#include <cstdint>
#include <memory>

#include "amf/n2_ngap/n2_dispatcher.h"
#include "amf/procedures/amf_environment.h"

namespace glasscore::amf {

class ue_associated_handler final : public ue_message_handler, public ran_ue_handler {
 public:
  explicit ue_associated_handler(amf_environment& env) : env_(env) {}

  void handle_ue_message(n2_association association, std::uint16_t stream,
                         ngap::decoded<ngap::ngap_pdu> pdu) override;
  void handle_ran_reset(n2_association association,
                        const ngap::ue_associated_logical_ng_connection_list* only) override;
  void handle_gnb_lost(n2_association association) override;

  /// Shutdown, first step: removes every UE context, so each procedure stops at its next
  /// step (replies are cancelled; answers still on their way find the context gone).
  void stop();
  /// True while a UE procedure is running or queued. After stop(), run the loop until this
  /// is false before destroying the AMF: a suspended procedure must not outlive it.
  [[nodiscard]] bool busy() const { return env_.procedures.active_keys() > 0; }

 private:
  void handle_initial_ue_message(n2_association association, std::uint16_t stream,
                                 const ngap::initial_ue_message& m);
  /// The UE context `ids` name, if they agree with each other and with the association;
  /// otherwise an Error Indication is sent and null returned.
  std::shared_ptr<amf_ue> find_ue(n2_association association, const ngap::ue_id_fields& ids);
  void handle_nas(const std::shared_ptr<amf_ue>& ue, byte_span nas, bool initial);
  void dispatch(const std::shared_ptr<amf_ue>& ue, nas::gmm_message message, bool verified);
  void drop_nas(const amf_ue& ue, std::string_view reason);
  void lose_connection(const std::shared_ptr<amf_ue>& ue);

  amf_environment& env_;
};

}  // namespace glasscore::amf
