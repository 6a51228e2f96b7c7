#pragma once
/// \file
/// Information elements shared by 5GMM and 5GSM messages (TS 24.501 §9.11.2) and the
/// building blocks other IEs are made of (PLMN identity, opaque octets, half-octet values).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::nas {

/// An IE carried as its octets: for IEs the core forwards or stores but does not interpret.
struct octet_string {
  std::vector<std::uint8_t> value;
  static expected<octet_string, nas_error> decode(byte_span v) {
    return octet_string{{v.begin(), v.end()}};
  }
  void encode(byte_writer& w) const { w.write_bytes(value); }
  friend bool operator==(const octet_string&, const octet_string&) = default;
};

/// A half-octet IE kept as its 4 bits, for type 1 IEs without further structure.
struct nibble_value {
  std::uint8_t value = 0;
  static expected<nibble_value, nas_error> from_nibble(std::uint8_t n) { return nibble_value{n}; }
  [[nodiscard]] std::uint8_t to_nibble() const { return value; }
  friend bool operator==(const nibble_value&, const nibble_value&) = default;
};

/// A one-octet value (TV with one value octet, or TLV of length 1).
struct octet_value {
  std::uint8_t value = 0;
  static expected<octet_value, nas_error> decode(byte_span v) {
    if (v.size() != 1) {
      return fail(nas_error::invalid_value);
    }
    return octet_value{v[0]};
  }
  void encode(byte_writer& w) const { w.write_u8(value); }
  friend bool operator==(const octet_value&, const octet_value&) = default;
};

/// MCC and MNC as digit strings (TS 24.008 §10.5.1.3 / TS 24.501 §9.11.3.4: three octets of
/// BCD, MCC digit 2|1, MNC digit 3|MCC digit 3, MNC digit 2|1; a 2-digit MNC has 0xF as
/// digit 3).
struct plmn_id {
  std::string mcc;  ///< 3 digits
  std::string mnc;  ///< 2 or 3 digits

  static expected<plmn_id, nas_error> decode(byte_span three_octets);
  /// Fails with invalid_value unless MCC has 3 digits and MNC 2 or 3.
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const plmn_id&, const plmn_id&) = default;
};

/// §9.11.2.8 S-NSSAI: SST, optional SD, and the mapped HPLMN SST/SD when roaming. The value
/// length tells which are present (1, 2, 4, 5 or 8 octets).
struct s_nssai {
  std::uint8_t sst = 0;
  std::optional<std::uint32_t> sd;  ///< 24 bits
  std::optional<std::uint8_t> mapped_sst;
  std::optional<std::uint32_t> mapped_sd;

  static expected<s_nssai, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const s_nssai&, const s_nssai&) = default;
};

/// §9.11.3.37 NSSAI: S-NSSAI values, each as length and value. Requested, allowed and
/// configured NSSAI all have this form.
struct nssai {
  std::vector<s_nssai> values;
  static expected<nssai, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const nssai&, const nssai&) = default;
};

/// §9.11.2.1B DNN: the APN encoding of TS 23.003 §9.1 (length-prefixed labels), held here
/// as the dotted name ("internet", "ims.mnc001.mcc001.gprs"). Labels are 1-63 letters,
/// digits or hyphens; anything else fails to decode or encode with invalid_value.
struct dnn {
  std::string name;
  static expected<dnn, nas_error> decode(byte_span v);
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const dnn&, const dnn&) = default;
};

/// §9.11.2.4 GPRS timer 2 and §9.11.2.5 GPRS timer 3 (TS 24.008 §10.5.7.4, §10.5.7.4a):
/// a 5-bit value and a 3-bit unit. nullopt seconds means "deactivated".
struct gprs_timer_2 {
  std::uint8_t unit = 0;  ///< bits 6-8
  std::uint8_t value = 0;
  [[nodiscard]] std::optional<std::uint32_t> seconds() const;
  static gprs_timer_2 from_seconds(std::uint32_t s);
  static expected<gprs_timer_2, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const gprs_timer_2&, const gprs_timer_2&) = default;
};

struct gprs_timer_3 {
  std::uint8_t unit = 0;  ///< bits 6-8
  std::uint8_t value = 0;
  [[nodiscard]] std::optional<std::uint32_t> seconds() const;
  static gprs_timer_3 from_seconds(std::uint32_t s);
  static expected<gprs_timer_3, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const gprs_timer_3&, const gprs_timer_3&) = default;
};

/// §9.11.3.44 PDU session status, and the IEs of the same shape (§9.11.3.13 allowed PDU
/// session status, §9.11.3.42 PDU session reactivation result, §9.11.3.57 uplink data
/// status): one bit per PDU session identity 0-15 in the first two octets; further octets
/// are spare and kept so they survive a decode/encode round trip.
struct psi_bitmap {
  std::uint16_t bits = 0;  ///< bit n set = PSI n
  std::vector<std::uint8_t> spare;

  [[nodiscard]] bool has(std::uint8_t psi) const { return psi < 16 && ((bits >> psi) & 1U) != 0; }
  void set(std::uint8_t psi) {
    bits = static_cast<std::uint16_t>(bits | (psi < 16 ? 1U << psi : 0U));
  }
  static expected<psi_bitmap, nas_error> decode(byte_span v);
  void encode(byte_writer& w) const;
  friend bool operator==(const psi_bitmap&, const psi_bitmap&) = default;
};

}  // namespace glasscore::nas
