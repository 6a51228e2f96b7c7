// A scripted 5G core for the simulator's tests: an AMF with the home network's side of
// 5G AKA (UDM/AUSF: HE AV from K/OPc, HXRES*, KSEAF, KAMF), NAS security mode control
// with chosen algorithms, Registration Accept in Initial Context Setup, de-registration
// both ways and UE context release, written with the NAS/NGAP codecs and lib/crypto only.
// It records what it saw so tests can check the UE and the gNB from the network's side.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/async/manual_loop.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/sim/gnb.h"
#include "glasscore/sim/usim.h"

namespace glasscore::sim::test {

/// How the network behaves; tests change it between steps.
struct network_script {
  nas::security_algorithms algorithms{2, 2};      ///< NEA2 / NIA2
  std::optional<nas::gmm_cause> reject_cause;     ///< Registration Reject instead of AKA
  std::optional<nas::gprs_timer_2> reject_t3346;  ///< T3346 value IE of that reject
  std::array<std::uint8_t, 2> amf_field{0x80, 0x00};
  bool release_after_registration = true;
  bool request_imeisv = false;
  bool set_rinmr = false;  ///< ask for the initial message again in SMC
  bool corrupt_replayed_capability = false;
  unsigned tamper_registration_accept = 0;  ///< flip a MAC bit of the next N accepts
  std::optional<ngap::time_to_wait> ng_setup_failure_wait;  ///< fail the first NG Setup
  std::uint32_t t3512_seconds = 3600;
  bool ignore_deregistration = false;
  bool ignore_authentication_failure = false;  ///< never answer an Authentication Failure  ///<
                                               ///< never answer a UE's De-registration Request
  /// Transit time of every uplink NGAP PDU (gives latencies something to measure).
  std::chrono::milliseconds uplink_delay{0};
};

/// The network's view of one subscriber.
struct network_ue {
  std::string supi;
  crypto::key128 k{};
  crypto::key128 opc{};
  std::uint64_t sqn = 0;  ///< SQN of the last vector (SEQ << 5 | IND 0)
  // Registration observations.
  std::vector<nas::gmm_message_type> uplink_types;
  std::vector<std::vector<std::uint8_t>> uplink_pdus;  ///< raw NAS as received
  std::optional<nas::identity_type> registration_identity;
  std::optional<crypto::protection_scheme> suci_scheme;
  bool initial_ue_message_had_s_tmsi = false;
  bool protected_registration_verified = false;            ///< GUTI re-registration with container
  std::optional<nas::registration_request> smc_container;  ///< full request in SMC Complete
  std::optional<nas::gmm_cause> auth_failure_cause;
  std::optional<crypto::sqn48> resync_sqn_ms;  ///< SQN_MS recovered from AUTS
  std::optional<nas::gmm_cause> smc_reject_cause;
  std::optional<nas::mobile_identity> imeisv;
  unsigned uplink_integrity_failures = 0;
  unsigned registrations_completed = 0;
  unsigned deregistrations = 0;
  unsigned dereg_accepts_from_ue = 0;
  // Security state.
  std::optional<crypto::rand128> rand;
  crypto::res_star128 xres_star{};
  crypto::key256 kausf{};
  std::uint8_t ksi = 0;
  std::optional<crypto::key256> kamf;
  std::optional<nas::security_context> nas_ctx;
  std::optional<crypto::key256> kgnb;
  std::optional<nas::guti_5g> guti;
};

class scripted_network {
 public:
  explicit scripted_network(async::manual_loop& loop);
  ~scripted_network();
  scripted_network(const scripted_network&) = delete;
  scripted_network& operator=(const scripted_network&) = delete;

  /// Provisions a subscriber and returns the USIM configuration matching it.
  usim_config add_subscriber(const std::string& supi, crypto::protection_scheme scheme);
  /// A gNB connected to this network by its own association (several per network).
  gnb& add_gnb(gnb_config config);

  /// Network-initiated de-registration of a connected UE (TS 24.501 §5.5.2.3).
  void deregister(const std::string& supi, bool reregistration_required,
                  std::optional<nas::gmm_cause> cause = std::nullopt);
  /// Sends a Configuration Update Command with a new 5G-GUTI.
  void configuration_update(const std::string& supi);
  /// Sends raw NAS bytes to a connected UE (malformed-input tests).
  void send_raw_nas(const std::string& supi, std::vector<std::uint8_t> nas);

  network_script script;
  [[nodiscard]] network_ue& ue(const std::string& supi) { return *subscribers_.at(supi); }
  [[nodiscard]] std::uint64_t ng_setups() const { return ng_setups_; }
  [[nodiscard]] std::uint64_t context_setup_responses() const { return ics_responses_; }
  [[nodiscard]] std::uint64_t release_completes() const { return release_completes_; }
  [[nodiscard]] std::uint64_t error_indications() const { return error_indications_; }
  /// (gNB, RAN UE NGAP ID) pairs of every Initial UE Message, for ID uniqueness checks.
  [[nodiscard]] const std::vector<std::pair<const gnb*, std::uint32_t>>& initial_ids() const {
    return initial_ids_;
  }
  [[nodiscard]] const std::vector<std::uint16_t>& ue_streams() const { return ue_streams_; }
  /// Every NGAP PDU the network sent a gNB or received (for NGAP-level tests).
  void send_ngap(gnb& cell, const ngap::ngap_pdu& pdu);

  [[nodiscard]] const std::vector<std::uint8_t>& hn_public_key(crypto::protection_scheme s) const;

 private:
  class association;
  struct connection {
    gnb* cell = nullptr;
    glasscore::ran_ue_ngap_id ran{};
    network_ue* ue = nullptr;
  };

  void handle(association& a, std::uint16_t stream, std::vector<std::uint8_t> bytes);
  void on_initial_ue_message(association& a, const ngap::initial_ue_message& m);
  void on_uplink_nas(glasscore::amf_ue_ngap_id id, byte_span nas);
  void on_registration_request(glasscore::amf_ue_ngap_id id, network_ue* known,
                               const nas::registration_request& r, bool was_protected);
  void start_authentication(glasscore::amf_ue_ngap_id id);
  void send_smc(glasscore::amf_ue_ngap_id id);
  void accept_registration(glasscore::amf_ue_ngap_id id);
  void send_nas(glasscore::amf_ue_ngap_id id, const nas::gmm_message& m, bool protect);
  void send_nas_bytes(glasscore::amf_ue_ngap_id id, std::vector<std::uint8_t> nas);
  void release(glasscore::amf_ue_ngap_id id);
  [[nodiscard]] network_ue* find_by_guti(std::uint32_t tmsi);
  [[nodiscard]] std::optional<glasscore::amf_ue_ngap_id> connection_of(const network_ue& ue) const;

  async::manual_loop& loop_;
  std::vector<std::unique_ptr<association>> associations_;
  std::map<std::string, std::unique_ptr<network_ue>> subscribers_;
  std::map<std::uint64_t, connection> connections_;  ///< by AMF UE NGAP ID
  std::uint64_t next_amf_id_ = 1000;
  std::uint32_t next_tmsi_ = 0x100;
  std::array<std::uint8_t, 32> private_a_{};
  std::array<std::uint8_t, 32> private_b_{};
  std::vector<std::uint8_t> public_a_;
  std::vector<std::uint8_t> public_b_;
  std::vector<std::uint8_t> no_key_;
  std::uint64_t ng_setups_ = 0;
  std::uint64_t ics_responses_ = 0;
  std::uint64_t release_completes_ = 0;
  std::uint64_t error_indications_ = 0;
  std::vector<std::pair<const gnb*, std::uint32_t>> initial_ids_;
  std::vector<std::uint16_t> ue_streams_;
};

}  // namespace glasscore::sim::test
