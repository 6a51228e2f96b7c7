#pragma once
/// \file
/// The simulator's USIM: subscriber keys, MILENAGE, the SQN freshness rules of TS 33.102
/// Annex C, the UE side of 5G AKA (TS 33.501 §6.1.3.2) and SUCI concealment (TS 33.501
/// §6.12.2). Pure computation, no I/O.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::sim {

/// What the USIM is provisioned with.
struct usim_config {
  std::string supi;  ///< "imsi-<MCC><MNC><MSIN>"
  std::size_t mnc_length = 2;
  crypto::key128 k{};
  /// OPc, or OP from which OPc is computed (TS 35.206 §4.1); exactly one must be set.
  std::optional<crypto::key128> opc;
  std::optional<crypto::key128> op;
  /// The highest SQN accepted so far (SEQ || IND, TS 33.102 C.1.1), e.g. from a real card.
  crypto::sqn48 sqn_ms{};
  std::string routing_indicator = "0";
  crypto::protection_scheme scheme = crypto::protection_scheme::null_scheme;
  std::uint8_t hn_public_key_id = 0;        ///< 0 for the null scheme
  std::vector<std::uint8_t> hn_public_key;  ///< Profile A: 32 bytes; B: 33 (compressed)
  /// TS 33.102 C.2.2 limit L on the age of a SEQ relative to the highest accepted one;
  /// 0 = no limit (any SEQ above the one stored for its IND is fresh).
  std::uint64_t age_limit = 0;
};

/// Why the USIM refuses a challenge, mapped to the 5GMM cause of the Authentication
/// Failure the ME sends (TS 24.501 §5.4.1.3.7).
enum class auth_failure : std::uint8_t {
  mac_failure,    ///< MAC-A does not verify: #20
  synch_failure,  ///< SQN not fresh: #21 with AUTS
  non_5g_auth,    ///< AMF separation bit is 0: #26 (TS 33.501 §6.1.3.2)
  bad_input,      ///< RAND/AUTN of the wrong size (a malformed message)
};

/// The outcome of a successful challenge: what the ME needs for the response and the keys.
struct auth_success {
  crypto::res_star128 res_star{};
  crypto::key256 kausf{};
  crypto::key256 kseaf{};
  crypto::sqn48 sqn{};
};

/// A refused challenge; `auts` only for synch_failure.
struct auth_refusal {
  auth_failure reason = auth_failure::mac_failure;
  std::optional<crypto::auts112> auts;
};

/// SEQ and IND of a 48-bit SQN for the IND length the home network uses (TS 33.102
/// C.1.1.2: IND is the 5 least significant bits).
inline constexpr unsigned usim_ind_bits = 5;
[[nodiscard]] std::uint64_t sqn_to_u64(const crypto::sqn48& sqn);
[[nodiscard]] crypto::sqn48 sqn_from_u64(std::uint64_t value);

class usim {
 public:
  /// Fails with bad_key_length/bad_parameter for invalid keys or SUPI, or when neither or
  /// both of OP and OPc are given.
  [[nodiscard]] static expected<usim, crypto::crypto_error> create(const usim_config& config);

  /// Runs the challenge (TS 33.102 §6.3.3 and C.2): MAC-A, then the AMF separation bit,
  /// then SQN freshness against the IND-indexed SEQ array. Accepting updates SQN_MS.
  [[nodiscard]] expected<auth_success, auth_refusal> authenticate(byte_span rand, byte_span autn,
                                                                  std::string_view sn_name);

  /// A fresh SUCI for the configured scheme (profiles A and B draw a new ephemeral key).
  [[nodiscard]] expected<crypto::suci, crypto::crypto_error> conceal_supi() const;

  /// SQN_MS for resynchronisation: the highest SEQ accepted with its IND (C.2.2).
  [[nodiscard]] crypto::sqn48 sqn_ms() const;
  /// Forces the SEQ array (test scripting: a USIM "ahead" of the network).
  void set_sqn_ms(const crypto::sqn48& sqn);

  [[nodiscard]] const std::string& supi() const { return config_.supi; }
  [[nodiscard]] const usim_config& config() const { return config_; }

 private:
  usim(usim_config config, crypto::milenage m);

  usim_config config_;
  crypto::milenage milenage_;
  std::array<std::uint64_t, std::size_t{1} << usim_ind_bits> seq_ms_{};  ///< SEQ per IND
};

}  // namespace glasscore::sim
