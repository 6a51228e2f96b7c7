#pragma once
/// \file
/// The AMF side of NGAP interface management (TS 38.413 §8.7): NG Setup, RAN Configuration
/// Update, NG Reset initiated by the gNB, and Error Indication received. Messages arrive
/// decoded from `n2_dispatcher`; answers leave through the `n2_notifier` on the
/// non-UE-associated stream.

#include <memory>
#include <vector>

#include <spdlog/logger.h>

#include "amf/context/gnb_context.h"
#include "amf/context/served_area.h"
#include "amf/n2_ngap/n2_metrics.h"
#include "amf/n2_ngap/n2_notifier.h"
#include "glasscore/codec/ngap/messages.h"

namespace glasscore::amf {

/// The UE side of the AMF, told when UE-associated logical NG connections end without a
/// UE-associated procedure.
class ran_ue_handler {
 public:
  virtual ~ran_ue_handler() = default;
  /// NG Reset from the gNB (§8.7.4.2.2): release the UE-associated connections of
  /// `association`, all of them when `only` is null, else those listed.
  virtual void handle_ran_reset(n2_association association,
                                const ngap::ue_associated_logical_ng_connection_list* only) = 0;
  /// The gNB's association went down, or the gNB set up again on another association: its
  /// UE-associated connections are gone.
  virtual void handle_gnb_lost(n2_association association) = 0;
};

class interface_management {
 public:
  interface_management(served_area area, ngap::amf_identity amf, gnb_registry& gnbs,
                       n2_notifier& n2, ran_ue_handler& ues, const n2_metrics& metrics);

  /// NG Setup (§8.7.1): accepted when at least one Supported TA is served.
  void handle_ng_setup_request(n2_association association, const ngap::ng_setup_request& m);
  /// An NG Setup Request with IE errors of criticality reject (§10.3.4.2): NG Setup Failure
  /// with Criticality Diagnostics.
  void reject_ng_setup_request(n2_association association, const ngap::ngap_pdu& pdu,
                               const std::vector<aper::ie_diagnostic>& findings);
  /// RAN Configuration Update (§8.7.2): a new Supported TA List is checked like NG Setup's;
  /// on failure the previous configuration stays.
  void handle_ran_configuration_update(n2_association association,
                                       const ngap::ran_configuration_update& m);
  /// NG Reset from the gNB (§8.7.4.2.2).
  void handle_ng_reset(n2_association association, const ngap::ng_reset& m);
  /// Error Indication from the gNB (§8.7.5): logged and counted; nothing to answer.
  void handle_error_indication(n2_association association, const ngap::error_indication& m);
  /// AMF Configuration Update (§8.7.3): the AMF's name, GUAMIs, relative capacity or PLMN
  /// support changed; every set-up gNB is told, and later NG Setups answer with `amf`. A
  /// relative capacity of 0 steers gNBs away from this AMF for new UEs (TS 23.501
  /// §5.21.2.1). Returns the number of gNBs told.
  std::size_t update_amf_configuration(ngap::amf_identity amf);
  [[nodiscard]] const ngap::amf_identity& amf_identity() const { return amf_; }
  /// The gNB's answer (§8.7.3.2 / §8.7.3.3): logged and counted. A failure is not retried
  /// here: the gNB keeps the previous configuration, and the operator sees it in the
  /// metrics and the log (with the gNB's Time to Wait, if it gave one).
  void handle_amf_configuration_update_acknowledge(n2_association association);
  void handle_amf_configuration_update_failure(n2_association association,
                                               const ngap::amf_configuration_update_failure& m);
  /// The association is gone (SCTP down, abort or restart).
  void handle_association_down(n2_association association);

 private:
  void send(n2_association association, const ngap::ngap_pdu& pdu);
  void count_setup(std::string_view result);

  served_area area_;
  ngap::amf_identity amf_;
  gnb_registry& gnbs_;
  n2_notifier& n2_;
  ran_ue_handler& ues_;
  n2_metrics metrics_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace glasscore::amf
