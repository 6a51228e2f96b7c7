#pragma once
/// \file
/// The subscriber data the UDR keeps (TS 29.505 "subscription data", reduced to what a 5G SA
/// core uses): authentication data for the UDM's ARPF (TS 33.501 §6.1.3), access and
/// mobility data for the AMF (TS 23.501 §5.15.3, §5.7.2.6) and session management data per
/// S-NSSAI for the SMF (TS 23.501 §5.6, §5.7). Plain structs with defaults; `validate()`
/// checks every field and names the one that is wrong. Storage backends (SQLite today,
/// PostgreSQL later) keep exactly these values and nothing else.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/expected.h"

namespace glasscore::store {

using key128 = std::array<std::uint8_t, 16>;
using amf16 = std::array<std::uint8_t, 2>;

/// Largest 48-bit SQN (TS 33.102 §6.3.2: SQN is 48 bits).
inline constexpr std::uint64_t sqn_max = (std::uint64_t{1} << 48) - 1;

/// How the subscriber authenticates (TS 33.501 §6.1.3; TS 29.505 AuthMethod).
enum class auth_method : std::uint8_t { five_g_aka, eap_aka_prime };

/// Whether the operator variant key was provisioned as OP or as OPc (TS 35.206 §4.1).
///
/// The store keeps the form that was provisioned, not a derived one: export must give back
/// what was imported, and an OP cannot be recovered from an OPc. Where only OPc is known
/// (the usual case: SIM vendors deliver OPc per card) no OP is stored at all, which is the
/// safer choice because OP is shared by every card of the operator. The UDM derives OPc from
/// OP when it needs it (`glasscore/crypto/milenage.h`, compute_opc).
enum class operator_key_kind : std::uint8_t { opc, op };

struct operator_key {
  operator_key_kind kind = operator_key_kind::opc;
  key128 value{};
  friend bool operator==(const operator_key&, const operator_key&) = default;
};

/// Everything the ARPF needs for an authentication vector (TS 33.501 §6.1.3.2, TS 35.206).
struct authentication_data {
  auth_method method = auth_method::five_g_aka;
  key128 k{};             ///< subscriber key K
  operator_key opc;       ///< OPc, or OP from which OPc is derived
  amf16 amf{0x80, 0x00};  ///< AMF field of AUTN; 8000: "separation bit" set (TS 33.102
                          ///< Annex H, required by TS 33.501 §6.1.3.2 for 5G)
  std::uint64_t sqn = 0;  ///< SQN_HE: the SQN of the last vector handed out (48 bits)
  friend bool operator==(const authentication_data&, const authentication_data&) = default;
};

/// An S-NSSAI (TS 23.003 §28.4.2): SST and an optional 24-bit SD.
struct snssai {
  std::uint8_t sst = 1;
  std::optional<std::uint32_t> sd;

  /// "1" or "1:000001".
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const snssai&, const snssai&) = default;
};

/// An aggregate maximum bit rate in kbit/s (UE-AMBR TS 23.501 §5.7.2.6, Session-AMBR).
struct ambr {
  std::uint64_t uplink_kbps = 1'000'000;
  std::uint64_t downlink_kbps = 1'000'000;
  friend bool operator==(const ambr&, const ambr&) = default;
};

/// PDU session types, TS 23.501 §5.6.10 (TS 29.571 PduSessionType).
enum class pdu_session_type : std::uint8_t { ipv4, ipv6, ipv4v6, unstructured, ethernet };

/// Session and service continuity modes, TS 23.501 §5.6.9.2.
enum class ssc_mode : std::uint8_t { ssc1 = 1, ssc2 = 2, ssc3 = 3 };

/// Allocation and retention priority, TS 23.501 §5.7.2.2.
struct arp {
  std::uint8_t priority_level = 8;  ///< 1 (highest) to 15
  bool may_preempt = false;         ///< pre-emption capability
  bool preemptable = true;          ///< pre-emption vulnerability
  friend bool operator==(const arp&, const arp&) = default;
};

/// Session management subscription for one DNN on one slice (TS 29.505 DnnConfiguration).
struct dnn_subscription {
  std::string dnn;
  /// Allowed types; the first is the default (TS 29.503 PduSessionTypes.defaultSessionType).
  std::vector<pdu_session_type> pdu_session_types{pdu_session_type::ipv4};
  /// Allowed modes; the first is the default.
  std::vector<ssc_mode> ssc_modes{ssc_mode::ssc1};
  ambr session_ambr;
  std::uint8_t default_5qi = 9;  ///< TS 23.501 Table 5.7.4-1 (9: best effort)
  arp default_arp;
  friend bool operator==(const dnn_subscription&, const dnn_subscription&) = default;
};

/// One subscribed S-NSSAI with its DNNs.
struct slice_subscription {
  snssai nssai;
  bool is_default = false;  ///< a default S-NSSAI (TS 23.501 §5.15.3)
  std::string default_dnn;  ///< one of `dnns`; empty only when `dnns` is empty
  std::vector<dnn_subscription> dnns;
  friend bool operator==(const slice_subscription&, const slice_subscription&) = default;
};

/// One subscriber.
struct subscriber {
  std::string imsi;                   ///< SUPI of type IMSI, digits only (TS 23.003 §2.2)
  std::optional<std::string> msisdn;  ///< GPSI of type MSISDN, digits only (E.164)
  authentication_data auth;
  ambr ue_ambr;
  std::vector<slice_subscription> slices;
  friend bool operator==(const subscriber&, const subscriber&) = default;
};

/// A field that fails validation: its path ("slices[0].dnns[1].default_5qi") and why.
struct validation_error {
  std::string field;
  std::string message;
};

/// Checks an IMSI: 6 to 15 decimal digits (TS 23.003 §2.2: MCC 3 + MNC 2-3 + MSIN, at most
/// 15 digits in all).
[[nodiscard]] expected<void, validation_error> validate_imsi(std::string_view imsi);

/// Checks a DNN: labels of letters, digits and hyphens separated by dots, at most 100
/// characters (TS 23.003 §9.1 and §9.1.1, the network identifier part of an APN).
[[nodiscard]] expected<void, validation_error> validate_dnn(std::string_view dnn);

/// Checks every field of a subscriber: IMSI and MSISDN format, SQN within 48 bits, at least
/// one slice of which at least one is a default slice, SD within 24 bits and not the
/// reserved FFFFFF, no duplicate slice or DNN, default DNN among the slice's DNNs, non-empty
/// session type and SSC mode lists without duplicates, 5QI 1-255, ARP priority 1-15.
[[nodiscard]] expected<void, validation_error> validate(const subscriber& s);

[[nodiscard]] std::string_view to_string(auth_method m);
[[nodiscard]] std::string_view to_string(pdu_session_type t);
[[nodiscard]] std::optional<auth_method> parse_auth_method(std::string_view text);
[[nodiscard]] std::optional<pdu_session_type> parse_pdu_session_type(std::string_view text);

}  // namespace glasscore::store
