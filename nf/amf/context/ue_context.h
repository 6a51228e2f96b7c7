#pragma once
/// \file
/// The AMF's UE contexts: one per UE-associated logical NG connection, found by AMF UE
/// NGAP ID, by (association, RAN UE NGAP ID), by 5G-TMSI and by SUPI. A context outlives
/// its NG connection when the UE deregisters, so a later registration with the 5G-GUTI
/// finds the SUPI and the NAS security context (TS 24.501 §5.5.2.2.6: the AMF may keep the
/// 5GMM context).

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <spdlog/logger.h>

#include "amf/n2_ngap/n2_notifier.h"
#include "amf/sbi/access_policy.h"
#include "amf/sbi/home_network.h"
#include "glasscore/async/reply.h"
#include "glasscore/async/timer.h"
#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/core/ids.h"
#include "glasscore/crypto/kdf.h"

namespace glasscore::amf {

/// 5GMM states on the network side, TS 24.501 §5.1.3.2.3.
enum class gmm_state : std::uint8_t {
  deregistered,
  common_procedure_initiated,
  registered,
  deregistered_initiated,
};
[[nodiscard]] std::string_view to_string(gmm_state s);

/// How many contexts are in each 5GMM state, kept by set_state() so that counting (the
/// admission check on every registration, status scrapes) costs O(1).
struct gmm_state_counts {
  std::array<std::size_t, 4> by_state{};
  [[nodiscard]] std::size_t operator[](gmm_state s) const {
    return by_state[static_cast<std::size_t>(s)];
  }
};

/// Where a PDU session stands, as far as the AMF knows (it does not read SM messages).
enum class pdu_session_state : std::uint8_t {
  creating,     ///< CreateSMContext sent, no answer yet
  active,       ///< the SMF holds the SM context; the user plane is up or being set up
  deactivated,  ///< the user plane was deactivated when the NG connection ended (§4.2.6)
};
[[nodiscard]] std::string_view to_string(pdu_session_state s);

/// The AMF's PDU session routing context (TS 24.501 §5.4.5.2.3; TS 23.502 §4.3.2.2.1
/// step 3: the AMF stores the SM context reference, DNN and S-NSSAI per PDU session ID).
struct pdu_session_context {
  std::string sm_context_ref;  ///< the SMF's Location; empty while creating
  std::string dnn;
  nas::s_nssai slice;
  pdu_session_state state = pdu_session_state::creating;
};

/// What the gNB reported about the UE context set-up (TS 38.413 §8.3.1).
enum class context_setup_outcome : std::uint8_t { success, failure };

struct amf_ue {
  amf_ue(async::executor& ex, async::timer_service& timers) : n1(ex, timers), n2(ex, timers) {}

  amf_ue_ngap_id amf_id{};
  /// The NG connection; absent once released (the UE is then CM-IDLE or deregistered).
  std::optional<ran_ue_ngap_id> ran_id;
  n2_association association{};
  std::uint16_t stream = 1;
  ngap::user_location_information location{};
  nas::plmn_id serving_plmn;
  std::uint32_t tac = 0;

  gmm_state state = gmm_state::deregistered;
  std::optional<std::string> supi;  ///< "imsi-<digits>" once authenticated
  std::optional<nas::guti_5g> guti;
  std::optional<nas::ue_security_capability> capability;
  std::optional<nas::security_context> security;  ///< current 5G NAS security context
  std::uint8_t ng_ksi = nas::key_set_identifier::no_key_available;
  crypto::key256 kamf{};
  std::vector<nas::s_nssai> allowed_nssai;
  /// The access and mobility subscription read at the last full registration, for
  /// registration updates.
  std::optional<access_subscription> subscription;
  /// The AM policy association with the PCF (TS 23.502 §4.16.1.2) and what it decided;
  /// absent without a PCF or when the PCF could not be reached (local policy).
  std::optional<am_policy> policy;
  /// Whether the gNB holds the UE context (Initial Context Setup succeeded on this NG
  /// connection); NAS then goes in Downlink NAS Transport only.
  bool ran_context_set_up = false;

  /// PDU sessions by PDU session ID (1..15, TS 24.007 §11.2.3.1b).
  std::map<std::uint8_t, pdu_session_context> sessions;

  /// The uplink 5GMM message the running procedure waits for.
  async::reply<nas::gmm_message> n1;
  /// The gNB's answer to Initial Context Setup.
  async::reply<context_setup_outcome> n2;
  /// The periodic-registration supervision timer running while the UE is registered and
  /// idle (mobile reachable, then implicit de-registration; TS 24.501 §5.3.7).
  std::optional<async::timer_id> reachability_timer;
  /// Set when the context is removed; a procedure holding the context stops at its next
  /// step.
  bool removed = false;
  /// The registry's per-state counts while the context is in the registry.
  gmm_state_counts* counts = nullptr;
};

/// Changes the 5GMM state, logging old -> new (DESIGN.md §4: one place for state changes).
void set_state(amf_ue& ue, gmm_state next, spdlog::logger& log);

class ue_registry {
 public:
  ue_registry(async::executor& ex, async::timer_service& timers) : ex_(ex), timers_(timers) {}

  /// A new context for a UE that just appeared on `association` (Initial UE Message), with
  /// a fresh AMF UE NGAP ID (TS 38.413 §9.3.3.1: unique within the AMF; 40 bits).
  std::shared_ptr<amf_ue> create(n2_association association, ran_ue_ngap_id ran);

  [[nodiscard]] std::shared_ptr<amf_ue> find(amf_ue_ngap_id id) const;
  [[nodiscard]] std::shared_ptr<amf_ue> find(n2_association association, ran_ue_ngap_id ran) const;
  [[nodiscard]] std::shared_ptr<amf_ue> find_by_tmsi(std::uint32_t tmsi) const;
  [[nodiscard]] std::shared_ptr<amf_ue> find_by_supi(const std::string& supi) const;

  /// Indexes the UE under its (new) 5G-TMSI; the old TMSI, if any, stops finding it.
  void assign_guti(amf_ue& ue, const nas::guti_5g& guti);
  /// Indexes the UE under its SUPI. Another context with that SUPI (an older registration
  /// of the same UE) stops being found by SUPI and is returned: the caller releases its NG
  /// connection and removes it.
  std::shared_ptr<amf_ue> assign_supi(const std::shared_ptr<amf_ue>& ue, const std::string& supi);
  /// Ends the NG connection (the context may stay, for a later GUTI registration).
  void release_connection(amf_ue& ue);
  /// Deletes the context and cancels what its procedures wait for.
  void remove(amf_ue& ue);

  /// UE contexts whose NG connection is on `association`.
  [[nodiscard]] std::vector<std::shared_ptr<amf_ue>> on_association(n2_association a) const;
  [[nodiscard]] std::size_t size() const { return by_amf_id_.size(); }
  /// Every UE context (a copy: the caller may remove while iterating).
  [[nodiscard]] std::vector<std::shared_ptr<amf_ue>> all() const;
  [[nodiscard]] std::size_t count(gmm_state s) const { return counts_[s]; }

 private:
  struct connection_key {
    n2_association association;
    ran_ue_ngap_id ran;
    bool operator==(const connection_key&) const = default;
  };
  struct connection_hash {
    std::size_t operator()(const connection_key& k) const noexcept {
      return std::hash<std::uint64_t>()(static_cast<std::uint64_t>(k.association) << 32 ^
                                        static_cast<std::uint64_t>(k.ran));
    }
  };

  async::executor& ex_;
  async::timer_service& timers_;
  std::uint64_t next_amf_id_ = 1;
  gmm_state_counts counts_;
  std::unordered_map<amf_ue_ngap_id, std::shared_ptr<amf_ue>> by_amf_id_;
  std::unordered_map<connection_key, amf_ue_ngap_id, connection_hash> by_connection_;
  std::unordered_map<std::uint32_t, amf_ue_ngap_id> by_tmsi_;
  std::unordered_map<std::string, amf_ue_ngap_id> by_supi_;
};

}  // namespace glasscore::amf
