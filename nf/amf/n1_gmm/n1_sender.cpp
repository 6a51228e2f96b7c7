#include "amf/n1_gmm/n1_sender.h"

namespace glasscore::amf {

expected<std::vector<std::uint8_t>, nas::nas_error> n1_sender::seal(amf_ue& ue,
                                                                    const nas::gmm_message& m,
                                                                    nas_protection p) {
  byte_writer w;
  if (auto encoded = nas::encode_gmm(m, w); !encoded) {
    return fail(encoded.error());
  }
  if (!ue.security) {
    return w.release();
  }
  const bool new_context = p == nas_protection::new_context;
  return ue.security->protect(w.view(), crypto::direction::downlink, /*cipher=*/!new_context,
                              new_context);
}

bool n1_sender::send(amf_ue& ue, const nas::gmm_message& m, nas_protection p) {
  if (!ue.ran_id) {
    return false;
  }
  auto nas_pdu = seal(ue, m, p);
  if (!nas_pdu) {
    log_.error("UE {}: NAS encoding failed ({})", static_cast<std::uint64_t>(ue.amf_id),
               nas::to_string(nas_pdu.error()));
    return false;
  }
  return send_ngap(ue, ngap::build_downlink_nas_transport({ue.amf_id, *ue.ran_id}, *nas_pdu));
}

bool n1_sender::send_ngap(const amf_ue& ue, const ngap::ngap_pdu& pdu) {
  if (!ue.ran_id) {
    return false;
  }
  auto bytes = ngap::encode(pdu);
  if (!bytes) {
    log_.error("UE {}: NGAP encoding of procedure {} failed", static_cast<std::uint64_t>(ue.amf_id),
               ngap::procedure_code_of(pdu));
    return false;
  }
  n2_.on_n2_send(ue.association, ue.stream, std::move(*bytes));
  return true;
}

}  // namespace glasscore::amf
