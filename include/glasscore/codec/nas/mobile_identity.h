#pragma once
/// \file
/// §9.11.3.4 5GS mobile identity: SUCI (IMSI or NAI form), 5G-GUTI, IMEI, 5G-S-TMSI,
/// IMEISV, MAC address, EUI-64, or no identity.

#include <array>
#include <cstdint>
#include <string>
#include <variant>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/ies_common.h"
#include "glasscore/core/bytes.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::nas {

/// Type of identity, bits 1-3 of the first octet.
enum class identity_type : std::uint8_t {
  none = 0,
  suci = 1,
  guti = 2,
  imei = 3,
  s_tmsi = 4,
  imeisv = 5,
  mac_address = 6,
  eui64 = 7,
};

struct no_identity {
  friend bool operator==(const no_identity&, const no_identity&) = default;
};

/// A SUCI whose SUPI format is "network specific identifier": the NAI in UTF-8.
struct suci_nai {
  std::string nai;
  friend bool operator==(const suci_nai&, const suci_nai&) = default;
};

/// TS 23.003 §2.10: the AMF identifier parts and the 5G-TMSI.
struct guti_5g {
  plmn_id plmn;
  std::uint8_t amf_region_id = 0;
  std::uint16_t amf_set_id = 0;  ///< 10 bits
  std::uint8_t amf_pointer = 0;  ///< 6 bits
  std::uint32_t tmsi = 0;
  friend bool operator==(const guti_5g&, const guti_5g&) = default;
};

struct s_tmsi_5g {
  std::uint16_t amf_set_id = 0;  ///< 10 bits
  std::uint8_t amf_pointer = 0;  ///< 6 bits
  std::uint32_t tmsi = 0;
  friend bool operator==(const s_tmsi_5g&, const s_tmsi_5g&) = default;
};

struct imei {
  std::string digits;  ///< 15 digits
  friend bool operator==(const imei&, const imei&) = default;
};

struct imeisv {
  std::string digits;  ///< 16 digits
  friend bool operator==(const imeisv&, const imeisv&) = default;
};

struct mac_address {
  std::array<std::uint8_t, 6> octets{};
  bool usage_restricted = false;  ///< MAUI: MAC address usage restriction indication
  friend bool operator==(const mac_address&, const mac_address&) = default;
};

struct eui64 {
  std::array<std::uint8_t, 8> octets{};
  friend bool operator==(const eui64&, const eui64&) = default;
};

struct mobile_identity {
  std::variant<no_identity, crypto::suci, suci_nai, guti_5g, imei, s_tmsi_5g, imeisv, mac_address,
               eui64>
      value;

  [[nodiscard]] identity_type type() const;

  static expected<mobile_identity, nas_error> decode(byte_span v);
  /// Fails with invalid_value for fields outside their ranges (digit counts, 10-bit AMF
  /// set ID, a SUCI routing indicator over 4 digits...).
  [[nodiscard]] expected<void, nas_error> encode(byte_writer& w) const;
  friend bool operator==(const mobile_identity&, const mobile_identity&) = default;
};

}  // namespace glasscore::nas
