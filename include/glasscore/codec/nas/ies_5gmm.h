#pragma once
/// \file
/// 5GMM information elements (TS 24.501 §9.11.3) that the AMF and the UE read or build.
/// IEs only forwarded or stored use octet_string (ies_common.h).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/core/bytes.h"

namespace glasscore::nas {

/// §9.11.3.7 5GS registration type (half octet).
struct registration_type {
  enum value_type : std::uint8_t {
    initial = 1,
    mobility_updating = 2,
    periodic_updating = 3,
    emergency = 4,
    snpn_onboarding = 5,
    disaster_roaming_mobility = 6,
    disaster_roaming_initial = 7,
  };
  std::uint8_t value = initial;    ///< bits 1-3
  bool follow_on_request = false;  ///< bit 4
  static expected<registration_type, nas_error> from_nibble(std::uint8_t n) {
    return registration_type{static_cast<std::uint8_t>(n & 0x07), (n & 0x08) != 0};
  }
  [[nodiscard]] std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>((follow_on_request ? 0x08 : 0) | (value & 0x07));
  }
  friend bool operator==(const registration_type&, const registration_type&) = default;
};

/// §9.11.3.32 NAS key set identifier (half octet): TSC and the 3-bit ngKSI.
struct key_set_identifier {
  static constexpr std::uint8_t no_key_available = 7;
  std::uint8_t ksi = no_key_available;  ///< bits 1-3
  bool mapped = false;                  ///< TSC, bit 4: mapped (from EPS) security context
  static expected<key_set_identifier, nas_error> from_nibble(std::uint8_t n) {
    return key_set_identifier{static_cast<std::uint8_t>(n & 0x07), (n & 0x08) != 0};
  }
  [[nodiscard]] std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>((mapped ? 0x08 : 0) | (ksi & 0x07));
  }
  friend bool operator==(const key_set_identifier&, const key_set_identifier&) = default;
};

/// §9.11.3.3 identity type (half octet, bits 1-3) asked for in an Identity Request.
struct requested_identity_type {
  std::uint8_t value = 1;  ///< values of identity_type (mobile_identity.h)
  static expected<requested_identity_type, nas_error> from_nibble(std::uint8_t n) {
    return requested_identity_type{static_cast<std::uint8_t>(n & 0x07)};
  }
  [[nodiscard]] std::uint8_t to_nibble() const { return value & 0x07; }
  friend bool operator==(const requested_identity_type&, const requested_identity_type&) = default;
};

/// §9.11.3.20 de-registration type (half octet).
struct deregistration_type {
  std::uint8_t access_type = 1;          ///< bits 1-2: 1 3GPP, 2 non-3GPP, 3 both
  bool reregistration_required = false;  ///< bit 3 (network to UE)
  bool switch_off = false;               ///< bit 4 (UE to network)
  static expected<deregistration_type, nas_error> from_nibble(std::uint8_t n) {
    return deregistration_type{static_cast<std::uint8_t>(n & 0x03), (n & 0x04) != 0,
                               (n & 0x08) != 0};
  }
  [[nodiscard]] std::uint8_t to_nibble() const {
    return static_cast<std::uint8_t>((switch_off ? 0x08 : 0) |
                                     (reregistration_required ? 0x04 : 0) | (access_type & 0x03));
  }
  friend bool operator==(const deregistration_type&, const deregistration_type&) = default;
};

struct gmm_cause_ie {
  gmm_cause value = gmm_cause::protocol_error_unspecified;
  static expected<gmm_cause_ie, nas_error> decode(byte_span v) {
    if (v.size() != 1) {
      return fail(nas_error::invalid_value);
    }
    return gmm_cause_ie{static_cast<gmm_cause>(v[0])};
  }
  void encode(byte_writer& w) const { w.write_u8(static_cast<std::uint8_t>(value)); }
  friend bool operator==(const gmm_cause_ie&, const gmm_cause_ie&) = default;
};

/// §9.11.3.54 UE security capability: one bit per algorithm, EA0/IA0 in bit 8. The
/// E-UTRA octets are optional; spare octets are kept for round trips.
struct ue_security_capability {
  std::uint8_t nr_ea = 0;  ///< 5G-EA0..7
  std::uint8_t nr_ia = 0;  ///< 5G-IA0..7
  std::optional<std::uint8_t> eutra_ea;
  std::optional<std::uint8_t> eutra_ia;
  std::vector<std::uint8_t> spare;

  [[nodiscard]] bool supports_nea(std::uint8_t alg) const {
    return alg < 8 && ((nr_ea >> (7 - alg)) & 1) != 0;
  }
  [[nodiscard]] bool supports_nia(std::uint8_t alg) const {
    return alg < 8 && ((nr_ia >> (7 - alg)) & 1) != 0;
  }
  static expected<ue_security_capability, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const ue_security_capability&, const ue_security_capability&) = default;
};

/// §9.11.3.34 NAS security algorithms: ciphering in bits 5-7, integrity in bits 1-3.
struct security_algorithms {
  std::uint8_t ciphering = 0;  ///< 0 NEA0, 1 NEA1, 2 NEA2, 3 NEA3
  std::uint8_t integrity = 0;  ///< 0 NIA0, 1 NIA1, 2 NIA2, 3 NIA3
  static expected<security_algorithms, nas_error> decode(byte_span v) {
    if (v.size() != 1) {
      return fail(nas_error::invalid_value);
    }
    return security_algorithms{static_cast<std::uint8_t>((v[0] >> 4) & 0x07),
                               static_cast<std::uint8_t>(v[0] & 0x07)};
  }
  void encode(byte_writer& w) const {
    w.write_u8(static_cast<std::uint8_t>((ciphering & 0x07) << 4 | (integrity & 0x07)));
  }
  friend bool operator==(const security_algorithms&, const security_algorithms&) = default;
};

/// §9.11.3.6 5GS registration result.
struct registration_result {
  std::uint8_t access = 1;  ///< bits 1-3: 1 3GPP, 2 non-3GPP, 3 both
  bool sms_allowed = false;
  bool nssaa_to_be_performed = false;
  bool emergency_registered = false;
  bool disaster_roaming = false;
  static expected<registration_result, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const registration_result&, const registration_result&) = default;
};

/// A tracking area identity: PLMN and 24-bit TAC (§9.11.3.8).
struct tai {
  plmn_id plmn;
  std::uint32_t tac = 0;
  friend bool operator==(const tai&, const tai&) = default;
};

/// §9.11.3.8 5GS tracking area identity (TV, 6 octets of value).
struct tai_ie {
  tai value;
  static expected<tai_ie, nas_error> decode(byte_span v);
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const tai_ie&, const tai_ie&) = default;
};

/// §9.11.3.9 5GS tracking area identity list: partial lists of the three types.
struct tai_list {
  enum class list_type : std::uint8_t {
    tacs_one_plmn = 0,              ///< one PLMN, TACs listed
    consecutive_tacs_one_plmn = 1,  ///< one PLMN, `count` TACs from `tacs[0]`
    tais_many_plmns = 2,            ///< each element a full TAI
  };
  struct partial_list {
    list_type type = list_type::tacs_one_plmn;
    plmn_id plmn;                     ///< types 0 and 1
    std::vector<std::uint32_t> tacs;  ///< type 0: all; type 1: the first
    std::uint8_t count = 0;           ///< type 1: number of consecutive TACs (1-16)
    std::vector<tai> tais;            ///< type 2
    friend bool operator==(const partial_list&, const partial_list&) = default;
  };
  std::vector<partial_list> lists;

  /// The TAIs the list covers, expanded.
  [[nodiscard]] std::vector<tai> all() const;
  static expected<tai_list, nas_error> decode(byte_span v);
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const tai_list&, const tai_list&) = default;
};

/// §9.11.3.46 rejected NSSAI: S-NSSAIs with the cause of their rejection.
struct rejected_nssai {
  struct entry {
    std::uint8_t cause =
        0;  ///< 0 not available in PLMN, 1 not available in registration area, 2 NSSAA failed...
    std::uint8_t sst = 0;
    std::optional<std::uint32_t> sd;
    friend bool operator==(const entry&, const entry&) = default;
  };
  std::vector<entry> entries;
  static expected<rejected_nssai, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const rejected_nssai&, const rejected_nssai&) = default;
};

/// §9.11.3.5 5GS network feature support: the octets as sent, with the bits the AMF sets.
struct network_feature_support {
  std::vector<std::uint8_t> octets{0x00};  ///< 1 to 3 octets
  [[nodiscard]] bool ims_vops_3gpp() const { return !octets.empty() && (octets[0] & 0x01) != 0; }
  [[nodiscard]] bool emergency_services_3gpp() const {
    return !octets.empty() && ((octets[0] >> 2) & 0x03) != 0;
  }
  static expected<network_feature_support, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const { w.write_bytes(octets); }
  friend bool operator==(const network_feature_support&, const network_feature_support&) = default;
};

/// Fixed-size octets: RAND (16, §9.11.3.16), AUTN (16, §9.11.3.15), AUTS (14, §9.11.3.14),
/// RES* (16, §9.11.3.17).
template <std::size_t N>
struct fixed_octets {
  std::array<std::uint8_t, N> value{};
  static expected<fixed_octets, nas_error> decode(byte_span v) {
    if (v.size() != N) {
      return fail(nas_error::invalid_value);
    }
    fixed_octets f;
    std::copy(v.begin(), v.end(), f.value.begin());
    return f;
  }
  void encode(byte_writer& w) const { w.write_bytes(value); }
  friend bool operator==(const fixed_octets&, const fixed_octets&) = default;
};

/// §9.11.3.43 PDU session reactivation result error cause: (PSI, 5GMM cause) pairs.
struct reactivation_error_causes {
  struct entry {
    std::uint8_t psi = 0;
    gmm_cause cause = gmm_cause::protocol_error_unspecified;
    friend bool operator==(const entry&, const entry&) = default;
  };
  std::vector<entry> entries;
  static expected<reactivation_error_causes, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const reactivation_error_causes&,
                         const reactivation_error_causes&) = default;
};

/// §9.11.3.40 payload container type (half octet).
enum class payload_type : std::uint8_t {
  n1_sm = 1,
  sms = 2,
  lpp = 3,
  sor_transparent = 4,
  ue_policy = 5,
  ue_parameters_update = 6,
  location_services = 7,
  ciot_user_data = 8,
  service_level_aa = 9,
  event_notification = 10,
  multiple_payloads = 15,
};

struct payload_container_type {
  payload_type value = payload_type::n1_sm;
  static expected<payload_container_type, nas_error> from_nibble(std::uint8_t n) {
    return payload_container_type{static_cast<payload_type>(n)};
  }
  [[nodiscard]] std::uint8_t to_nibble() const { return static_cast<std::uint8_t>(value); }
  friend bool operator==(const payload_container_type&, const payload_container_type&) = default;
};

/// One entry of a payload container of type "multiple payloads" (§9.11.3.39, figure
/// 9.11.3.39.2): its type, its optional IEs as raw octets, and its contents.
struct payload_entry {
  payload_type type = payload_type::n1_sm;
  std::uint8_t optional_ie_count = 0;
  std::vector<std::uint8_t> optional_ies;
  std::vector<std::uint8_t> contents;
  friend bool operator==(const payload_entry&, const payload_entry&) = default;
};

/// Splits a "multiple payloads" container into its entries.
[[nodiscard]] expected<std::vector<payload_entry>, nas_error> decode_multiple_payloads(byte_span v);

/// Builds a "multiple payloads" container. The optional IEs of an entry must already be
/// encoded in `optional_ies`.
[[nodiscard]] expected<std::vector<std::uint8_t>, nas_error> encode_multiple_payloads(
    const std::vector<payload_entry>& entries);

}  // namespace glasscore::nas
