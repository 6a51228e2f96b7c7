#pragma once
/// \file
/// The AMF's N2 entry point: decodes each NGAP PDU a gNB sends, answers what cannot be
/// processed with the protocol's own error handling (TS 38.413 §10), and routes the rest:
/// interface management (§8.7) here, UE-associated messages to the UE side.

#include <cstdint>
#include <memory>

#include <spdlog/logger.h>

#include "amf/n2_ngap/interface_management.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/bytes.h"

namespace glasscore::amf {

/// The UE side of the AMF: receives the UE-associated messages of gNBs that are set up.
class ue_message_handler {
 public:
  virtual ~ue_message_handler() = default;
  virtual void handle_ue_message(n2_association association, std::uint16_t stream,
                                 ngap::decoded<ngap::ngap_pdu> pdu) = 0;
};

class n2_dispatcher {
 public:
  n2_dispatcher(interface_management& interface, const gnb_registry& gnbs, n2_notifier& n2,
                ue_message_handler& ues, const n2_metrics& metrics);

  /// One NGAP PDU (one SCTP message with PPID 60) from `association`. Never trusts it:
  /// - transfer syntax error (§10.2): Error Indication, cause transfer-syntax-error;
  /// - NG Setup Request with IE errors to reject (§10.3): NG Setup Failure with diagnostics;
  /// - anything but NG Setup before NG Setup succeeded (§8.7.1.1: NG Setup is the first
  ///   procedure on an association): Error Indication, cause
  ///   message-not-compatible-with-receiver-state;
  /// - non-UE-associated messages with IE errors to reject, or that the AMF does not expect
  ///   from a gNB: Error Indication with the cause and Criticality Diagnostics.
  void handle_n2_message(n2_association association, std::uint16_t stream, byte_span bytes);

  /// The association went down (SCTP shutdown, abort, loss or restart).
  void handle_association_down(n2_association association);

 private:
  void send_error_indication(n2_association association, std::optional<ngap::ue_ids> ids,
                             ngap::cause_protocol cause,
                             std::optional<ngap::criticality_diagnostics> diagnostics);
  void count_error(std::string_view reason);

  interface_management& interface_;
  const gnb_registry& gnbs_;
  n2_notifier& n2_;
  ue_message_handler& ues_;
  n2_metrics metrics_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace glasscore::amf
