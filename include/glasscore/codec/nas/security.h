#pragma once
/// \file
/// NAS security (TS 24.501 §4.4, §9.1.1; TS 33.501 §6.4): the security protected NAS
/// message (EPD, security header type, NAS-MAC, sequence number, inner message), NAS COUNT
/// handling with overflow estimation, integrity and ciphering with 128-NIA/NEA 1-3, replay
/// detection, and the rules for which messages may be processed without integrity
/// protection (§4.4.4.2 for the UE, §4.4.4.3 for the AMF).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "glasscore/codec/nas/error.h"
#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/core/bytes.h"
#include "glasscore/crypto/nas_algorithms.h"

namespace glasscore::nas {

/// §9.3 security header type.
enum class security_header_type : std::uint8_t {
  plain = 0,
  integrity_protected = 1,
  integrity_protected_and_ciphered = 2,
  integrity_protected_new_context = 3,               ///< Security Mode Command
  integrity_protected_and_ciphered_new_context = 4,  ///< Security Mode Complete
};

/// The parts of a security protected 5GMM message (§9.1.1, figure 9.1.1.1).
struct protected_pdu {
  security_header_type header = security_header_type::integrity_protected;
  crypto::mac32 mac{};
  std::uint8_t sequence_number = 0;
  byte_span message;  ///< the inner message, still ciphered for header types 2 and 4

  /// Splits a protected PDU; plain messages and unknown header types are errors.
  static expected<protected_pdu, nas_error> parse(byte_span pdu);
};

/// The 5GMM security header type of a NAS PDU, or an error if it is not 5GMM at all.
[[nodiscard]] expected<security_header_type, nas_error> peek_security_header(byte_span pdu);

/// §4.4.3.1: NAS COUNT = 16-bit overflow counter || 8-bit sequence number.
struct nas_count {
  std::uint16_t overflow = 0;
  std::uint8_t sequence_number = 0;
  [[nodiscard]] std::uint32_t value() const {
    return static_cast<std::uint32_t>(overflow) << 8 | sequence_number;
  }
  friend bool operator==(const nas_count&, const nas_count&) = default;
};

/// Which access a NAS connection runs over; selects the BEARER input of the algorithms.
enum class access : std::uint8_t { three_gpp, non_three_gpp };

/// One 5G NAS security context for one access, on either side of N1. The side that sends
/// downlink (the AMF) passes direction::downlink to protect() and direction::uplink to
/// unprotect(); the UE the opposite. Each direction keeps its own NAS COUNT.
class security_context {
 public:
  security_context(const std::array<std::uint8_t, 16>& k_nas_int,
                   const std::array<std::uint8_t, 16>& k_nas_enc,
                   crypto::integrity_algorithm integrity, crypto::cipher_algorithm ciphering,
                   access over = access::three_gpp);

  /// Protects a plain NAS message with the next COUNT of `dir` and advances it.
  /// `cipher` selects header type 2 (or 4) over 1 (or 3); `new_context` selects 3/4.
  [[nodiscard]] expected<std::vector<std::uint8_t>, nas_error> protect(byte_span plain,
                                                                       crypto::direction dir,
                                                                       bool cipher,
                                                                       bool new_context = false);

  /// Checks a protected PDU received in direction `dir`: estimates its COUNT (§4.4.3.1),
  /// rejects a COUNT already accepted (replay, TS 33.501 §6.4.3.1), verifies the NAS-MAC,
  /// deciphers, and only then accepts the COUNT. Returns the plain inner message.
  [[nodiscard]] expected<std::vector<std::uint8_t>, nas_error> unprotect(byte_span pdu,
                                                                         crypto::direction dir);

  /// Deciphers the value of a NAS message container IE (§4.4.6: an initial message sent
  /// with a valid context carries the entire message there, ciphered with the COUNT of the
  /// carrying message). `dir`'s last accepted COUNT is used, so call it right after
  /// unprotect() accepted the carrying message.
  [[nodiscard]] expected<std::vector<std::uint8_t>, nas_error> decipher_container(
      byte_span value, crypto::direction dir) const;

  /// The COUNT the next message of `dir` will use (sending) or the last accepted one
  /// (receiving), for KgNB derivation (TS 33.501 A.9 uses the uplink COUNT).
  [[nodiscard]] nas_count count(crypto::direction dir) const;
  /// Sets a direction's COUNT, e.g. to 0 when a new context is taken into use.
  void set_count(crypto::direction dir, nas_count c);

  [[nodiscard]] crypto::integrity_algorithm integrity() const { return integrity_; }
  [[nodiscard]] crypto::cipher_algorithm ciphering() const { return ciphering_; }

 private:
  struct counter {
    nas_count next;                     ///< sending: COUNT of the next message
    std::optional<std::uint32_t> last;  ///< receiving: last accepted COUNT
  };
  [[nodiscard]] std::uint8_t bearer() const;
  counter& counter_for(crypto::direction dir) { return counters_[static_cast<std::size_t>(dir)]; }

  std::array<std::uint8_t, 16> k_nas_int_;
  std::array<std::uint8_t, 16> k_nas_enc_;
  crypto::integrity_algorithm integrity_;
  crypto::cipher_algorithm ciphering_;
  access access_;
  std::array<counter, 2> counters_{};
};

/// §4.4.4.3: plain 5GMM messages the AMF may process before secure exchange exists.
/// `identity_requested_suci` tells whether the pending Identity Request asked for the SUCI.
[[nodiscard]] bool network_accepts_unprotected(const gmm_message& m, bool identity_requested_suci);

/// §4.4.4.2: plain 5GMM messages the UE may process without integrity protection.
[[nodiscard]] bool ue_accepts_unprotected(const gmm_message& m);

}  // namespace glasscore::nas
