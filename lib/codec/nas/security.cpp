#include "glasscore/codec/nas/security.h"

#include <openssl/crypto.h>

namespace glasscore::nas {

namespace {

constexpr std::uint8_t epd_5gmm = 0x7E;
constexpr std::size_t header_size = 7;  // EPD, header type, 4 MAC octets, sequence number

// TS 33.501 §6.4.3.1: BEARER is the NAS connection identifier. Peers use 1 for 3GPP access
// (the Open5GS captures verify with 1 and with no other value) and 2 for non-3GPP access.
constexpr std::uint8_t bearer_3gpp = 1;
constexpr std::uint8_t bearer_non_3gpp = 2;

bool ciphered(security_header_type h) {
  return h == security_header_type::integrity_protected_and_ciphered ||
         h == security_header_type::integrity_protected_and_ciphered_new_context;
}

}  // namespace

expected<security_header_type, nas_error> peek_security_header(byte_span pdu) {
  if (pdu.size() < 2) {
    return fail(nas_error::truncated);
  }
  if (pdu[0] != epd_5gmm) {
    return fail(nas_error::unknown_protocol);
  }
  const std::uint8_t h = pdu[1] & 0x0F;
  if (h > 4) {
    return fail(nas_error::bad_security_header);
  }
  return static_cast<security_header_type>(h);
}

expected<protected_pdu, nas_error> protected_pdu::parse(byte_span pdu) {
  auto header = peek_security_header(pdu);
  if (!header) {
    return fail(header.error());
  }
  if (*header == security_header_type::plain) {
    return fail(nas_error::bad_security_header);
  }
  if (pdu.size() < header_size) {
    return fail(nas_error::truncated);
  }
  protected_pdu p;
  p.header = *header;
  std::copy_n(pdu.begin() + 2, 4, p.mac.begin());
  p.sequence_number = pdu[6];
  p.message = pdu.subspan(header_size);
  return p;
}

security_context::security_context(const std::array<std::uint8_t, 16>& k_nas_int,
                                   const std::array<std::uint8_t, 16>& k_nas_enc,
                                   crypto::integrity_algorithm integrity,
                                   crypto::cipher_algorithm ciphering, access over)
    : k_nas_int_(k_nas_int),
      k_nas_enc_(k_nas_enc),
      integrity_(integrity),
      ciphering_(ciphering),
      access_(over) {}

std::uint8_t security_context::bearer() const {
  return access_ == access::three_gpp ? bearer_3gpp : bearer_non_3gpp;
}

nas_count security_context::count(crypto::direction dir) const {
  const counter& c = counters_[static_cast<std::size_t>(dir)];
  if (c.last) {
    return {static_cast<std::uint16_t>(*c.last >> 8), static_cast<std::uint8_t>(*c.last)};
  }
  return c.next;
}

void security_context::set_count(crypto::direction dir, nas_count c) {
  counter_for(dir) = counter{c, std::nullopt};
}

expected<std::vector<std::uint8_t>, nas_error> security_context::protect(byte_span plain,
                                                                         crypto::direction dir,
                                                                         bool cipher,
                                                                         bool new_context) {
  counter& c = counter_for(dir);
  const crypto::algorithm_input in{c.next.value(), bearer(), dir};
  const auto header =
      new_context ? (cipher ? security_header_type::integrity_protected_and_ciphered_new_context
                            : security_header_type::integrity_protected_new_context)
                  : (cipher ? security_header_type::integrity_protected_and_ciphered
                            : security_header_type::integrity_protected);

  std::vector<std::uint8_t> out(header_size + plain.size());
  out[0] = epd_5gmm;
  out[1] = static_cast<std::uint8_t>(header);
  out[6] = c.next.sequence_number;
  std::copy(plain.begin(), plain.end(), out.begin() + header_size);
  const mutable_byte_span body = mutable_byte_span(out).subspan(header_size);
  if (cipher) {
    if (auto ok = crypto::cipher(ciphering_, k_nas_enc_, in, body, body.size() * 8); !ok) {
      return fail(nas_error::invalid_value);
    }
  }
  // §4.4.3.3: the MAC covers the sequence number and the (ciphered) message.
  const byte_span covered = byte_span(out).subspan(6);
  auto mac = crypto::integrity(integrity_, k_nas_int_, in, covered, covered.size() * 8);
  if (!mac) {
    return fail(nas_error::invalid_value);
  }
  std::copy(mac->begin(), mac->end(), out.begin() + 2);

  // §4.4.3.1: the sequence number wraps into the overflow counter.
  if (++c.next.sequence_number == 0) {
    ++c.next.overflow;
  }
  return out;
}

expected<std::vector<std::uint8_t>, nas_error> security_context::unprotect(byte_span pdu,
                                                                           crypto::direction dir) {
  auto p = protected_pdu::parse(pdu);
  if (!p) {
    return fail(p.error());
  }
  counter& c = counter_for(dir);
  // §4.4.3.1: estimate the overflow counter from the last accepted COUNT; a sequence
  // number below the last one means the counter wrapped.
  const std::uint32_t last = c.last.value_or(c.next.value());
  std::uint32_t overflow = last >> 8;
  if (c.last && p->sequence_number < (last & 0xFF)) {
    ++overflow;
  }
  const std::uint32_t estimated = (overflow << 8 | p->sequence_number) & 0xFFFFFF;
  if (c.last && estimated <= *c.last) {
    return fail(nas_error::replayed);
  }

  const crypto::algorithm_input in{estimated, bearer(), dir};
  const byte_span covered = pdu.subspan(6);
  auto mac = crypto::integrity(integrity_, k_nas_int_, in, covered, covered.size() * 8);
  if (!mac || CRYPTO_memcmp(mac->data(), p->mac.data(), mac->size()) != 0) {
    return fail(nas_error::mac_failure);
  }
  std::vector<std::uint8_t> plain(p->message.begin(), p->message.end());
  if (ciphered(p->header)) {
    if (auto ok = crypto::cipher(ciphering_, k_nas_enc_, in, plain, plain.size() * 8); !ok) {
      return fail(nas_error::invalid_value);
    }
  }
  c.last = estimated;  // accepted only now: a forged message must not move the window
  return plain;
}

expected<std::vector<std::uint8_t>, nas_error> security_context::decipher_container(
    byte_span value, crypto::direction dir) const {
  const counter& c = counters_[static_cast<std::size_t>(dir)];
  if (!c.last) {
    return fail(nas_error::invalid_value);  // nothing was accepted in that direction yet
  }
  std::vector<std::uint8_t> plain(value.begin(), value.end());
  const crypto::algorithm_input in{*c.last, bearer(), dir};
  if (auto ok = crypto::cipher(ciphering_, k_nas_enc_, in, plain, plain.size() * 8); !ok) {
    return fail(nas_error::invalid_value);
  }
  return plain;
}

bool network_accepts_unprotected(const gmm_message& m, bool identity_requested_suci) {
  switch (type_of(m)) {
    case gmm_message_type::registration_request:
    case gmm_message_type::authentication_response:
    case gmm_message_type::authentication_failure:
    case gmm_message_type::security_mode_reject:
    case gmm_message_type::deregistration_request_ue_originating:
    case gmm_message_type::deregistration_accept_ue_terminated:
      return true;
    case gmm_message_type::identity_response:
      return identity_requested_suci;
    default:
      return false;
  }
}

bool ue_accepts_unprotected(const gmm_message& m) {
  // §4.4.4.2: the reject causes #76 and #78 are only acted upon when integrity protected.
  const auto cause_ok = [](gmm_cause cause) {
    return cause != gmm_cause::not_authorized_for_this_cag &&
           cause != gmm_cause::plmn_not_allowed_at_present_ue_location;
  };
  switch (type_of(m)) {
    case gmm_message_type::identity_request:
    case gmm_message_type::authentication_request:
    case gmm_message_type::authentication_result:
    case gmm_message_type::authentication_reject:
    case gmm_message_type::deregistration_accept_ue_originating:
      return true;
    case gmm_message_type::registration_reject:
      return cause_ok(std::get<registration_reject>(m).cause.value);
    case gmm_message_type::service_reject:
      return cause_ok(std::get<service_reject>(m).cause.value);
    default:
      return false;
  }
}

}  // namespace glasscore::nas
