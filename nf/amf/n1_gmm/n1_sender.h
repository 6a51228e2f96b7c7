#pragma once
/// \file
/// Downlink N1: encodes a 5GMM message, protects it with the UE's NAS security context
/// (TS 24.501 §4.4.3) and carries it to the UE in a Downlink NAS Transport (TS 38.413
/// §8.6.2) on the UE's stream, or hands it back for an NGAP message that carries NAS
/// (Initial Context Setup Request).

#include <cstdint>
#include <vector>

#include <spdlog/logger.h>

#include "amf/context/ue_context.h"
#include "amf/n2_ngap/n2_notifier.h"
#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/core/expected.h"

namespace glasscore::amf {

enum class nas_protection : std::uint8_t {
  /// Integrity protected and ciphered with the current context if the UE has one, plain
  /// otherwise (before security is set up: Authentication Request, Registration Reject).
  current,
  /// Integrity protected with the new context, not ciphered: Security Mode Command only
  /// (header type 3, TS 24.501 §4.4.5).
  new_context,
};

class n1_sender {
 public:
  n1_sender(n2_notifier& n2, spdlog::logger& log) : n2_(n2), log_(log) {}

  /// The NAS PDU for `m`, protected as asked (advances the downlink NAS COUNT).
  [[nodiscard]] expected<std::vector<std::uint8_t>, nas::nas_error> seal(
      amf_ue& ue, const nas::gmm_message& m, nas_protection p = nas_protection::current);

  /// Seals `m` and sends it in a Downlink NAS Transport. False if it could not be sent
  /// (no NG connection, or an encoding failure, which is logged).
  bool send(amf_ue& ue, const nas::gmm_message& m, nas_protection p = nas_protection::current);

  /// Sends a UE-associated NGAP PDU on the UE's NG connection.
  bool send_ngap(const amf_ue& ue, const ngap::ngap_pdu& pdu);

 private:
  n2_notifier& n2_;
  spdlog::logger& log_;
};

}  // namespace glasscore::amf
