#pragma once
/// \file
/// The UDR's view of a stored subscriber (glasscore/store/subscriber.h) as the TS 29.505
/// resources it serves: AuthenticationSubscription, provisioned am-data, smf-selection
/// data and sm-data. Pure functions, no I/O.

#include <vector>

#include "glasscore/core/expected.h"
#include "glasscore/crypto/error.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/udr_models.h"
#include "glasscore/store/subscriber.h"

namespace glasscore::udr {

/// The SQN IND length of the store's SQN policy (TS 33.102 Annex C.3.2; store::sqn_ind_bits).
inline constexpr int sqn_ind_length = 5;

/// AuthenticationSubscription: K as encPermanentKey and OPc as encOpcKey, both in clear hex
/// (no protectionParameterId: the UDR and the UDM are one trust domain here). An OP is
/// turned into OPc (TS 35.206 §4.1) so the UDM always gets OPc; only a broken K/OP can
/// fail that. sequenceNumber carries SQN_HE with sqnScheme NON_TIME_BASED, indLength 5.
[[nodiscard]] expected<sbi::authentication_subscription, crypto::crypto_error>
to_authentication_subscription(const store::subscriber& s);

/// Provisioned am-data (TS 29.505 AccessAndMobilitySubscriptionData): the MSISDN as GPSI,
/// the UE-AMBR, default and non-default S-NSSAIs.
[[nodiscard]] sbi::access_and_mobility_subscription_data to_am_data(const store::subscriber& s);

/// Provisioned smf-selection-subscription-data: per S-NSSAI its DNNs, the default one flagged.
[[nodiscard]] sbi::smf_selection_subscription_data to_smf_selection_data(
    const store::subscriber& s);

/// Provisioned sm-data: one SessionManagementSubscriptionData per subscribed S-NSSAI.
[[nodiscard]] std::vector<sbi::session_management_subscription_data> to_sm_data(
    const store::subscriber& s);

/// The SBI form of a store S-NSSAI (SD as 6 lower-case hex digits).
[[nodiscard]] sbi::snssai to_sbi(const store::snssai& s);

}  // namespace glasscore::udr
