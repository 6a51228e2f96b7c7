#pragma once
// A UE for AMF tests, written from TS 24.501 / TS 33.501 with lib/crypto and the NAS codec
// only (no AMF code): it answers each downlink NAS PDU as a USIM and a 5GMM entity would,
// and can be told to misbehave.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fake_home_network.h"
#include "glasscore/codec/nas/messages_5gmm.h"
#include "glasscore/codec/nas/security.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::amf::test {

class scripted_ue {
 public:
  // Misbehaviour switches.
  bool wrong_key = false;                 ///< USIM has another K: MAC-A fails (#20)
  std::optional<std::uint64_t> usim_sqn;  ///< SQN_MS; a challenge not above it gets #21
  bool wrong_res = false;                 ///< answers a wrong RES*
  bool tamper_next_uplink = false;        ///< flips a MAC bit of the next protected uplink
  bool silent = false;                    ///< answers nothing

  std::string suci{subscriber_suci};  ///< the SUCI it identifies with

  std::vector<nas::gmm_message> received;
  std::optional<nas::guti_5g> guti;
  std::optional<crypto::key256> kamf;
  std::optional<nas::security_context> security;

  std::vector<std::uint8_t> registration_request_with_suci() {
    nas::registration_request r;
    r.registration_type_value.value = nas::registration_type::initial;
    r.mobile_identity.value = crypto::parse_suci(suci).value();
    r.ue_security_capability = capability();
    initial_ = encode(r);
    return initial_;
  }

  /// A mobility or periodic registration update with the current context (TS 24.501
  /// §4.4.6): cleartext IEs plus the entire message, requesting `nssai`, in the NAS message
  /// container ciphered with the COUNT of this message; the whole integrity protected.
  std::vector<std::uint8_t> registration_update(std::uint8_t type,
                                                std::vector<nas::s_nssai> nssai = {}) {
    nas::registration_request r;
    r.registration_type_value.value = type;
    r.mobile_identity.value = guti.value();
    r.ue_security_capability = capability();
    auto full = r;
    if (!nssai.empty()) {
      full.requested_nssai = nas::nssai{std::move(nssai)};
    }
    std::vector<std::uint8_t> container = encode(full);
    const crypto::algorithm_input in{security->count(crypto::direction::uplink).value(), 1,
                                     crypto::direction::uplink};
    EXPECT_TRUE(
        crypto::cipher(security->ciphering(), ciphering_key_, in, container, container.size() * 8));
    r.nas_message_container = nas::octet_string{std::move(container)};
    return security->protect(encode(r), crypto::direction::uplink, /*cipher=*/false).value();
  }

  std::vector<std::uint8_t> registration_request_with_guti() {
    nas::registration_request r;
    r.registration_type_value.value = nas::registration_type::initial;
    r.mobile_identity.value = guti.value();
    r.ue_security_capability = capability();
    initial_ = encode(r);
    security.reset();
    return initial_;
  }

  std::vector<std::uint8_t> deregistration_request(bool switch_off) {
    nas::deregistration_request_ue_originating d;
    d.deregistration.switch_off = switch_off;
    d.mobile_identity.value = guti.value();
    return protect(encode(d), false);
  }

  /// UL NAS TRANSPORT (TS 24.501 §8.2.10) carrying `payload` (a 5GSM message for N1 SM
  /// information), protected with the current context.
  std::vector<std::uint8_t> ul_nas_transport(std::optional<std::uint8_t> psi,
                                             std::vector<std::uint8_t> payload,
                                             std::optional<std::uint8_t> request_type,
                                             std::optional<std::string> dnn = {},
                                             std::optional<nas::s_nssai> slice = {},
                                             nas::payload_type type = nas::payload_type::n1_sm) {
    nas::ul_nas_transport m;
    m.payload_type.value = type;
    m.payload_container.value = std::move(payload);
    if (psi) {
      m.pdu_session_id = nas::octet_value{*psi};
    }
    if (request_type) {
      m.request_type = nas::nibble_value{*request_type};
    }
    if (dnn) {
      m.dnn = nas::dnn{*dnn};
    }
    m.s_nssai = std::move(slice);
    return protect(encode(m), false);
  }

  /// The same without NAS protection (which the AMF must not accept).
  std::vector<std::uint8_t> unprotected_ul_nas_transport(std::uint8_t psi,
                                                         std::vector<std::uint8_t> payload) {
    nas::ul_nas_transport m;
    m.payload_container.value = std::move(payload);
    m.pdu_session_id = nas::octet_value{psi};
    m.request_type = nas::nibble_value{1};
    return encode(m);
  }

  /// The last DL NAS TRANSPORT the UE received, if any.
  [[nodiscard]] const nas::dl_nas_transport* last_dl_nas_transport() const {
    for (auto it = received.rbegin(); it != received.rend(); ++it) {
      if (const auto* m = std::get_if<nas::dl_nas_transport>(&*it)) {
        return m;
      }
    }
    return nullptr;
  }

  /// The uplink answer to one downlink NAS PDU, if the UE answers.
  std::optional<std::vector<std::uint8_t>> on_downlink(byte_span pdu) {
    auto message = open(pdu);
    if (!message) {
      return std::nullopt;
    }
    received.push_back(*message);
    if (silent) {
      return std::nullopt;
    }
    if (const auto* a = std::get_if<nas::authentication_request>(&*message)) {
      return answer_authentication(*a);
    }
    if (std::holds_alternative<nas::security_mode_command>(*message)) {
      nas::security_mode_complete complete;
      complete.nas_message_container = nas::octet_string{initial_};
      return protect(encode(complete), true);
    }
    if (const auto* accept = std::get_if<nas::registration_accept>(&*message)) {
      guti = std::get<nas::guti_5g>(accept->guti.value().value);
      return protect(encode(nas::registration_complete{}), false);
    }
    if (std::holds_alternative<nas::identity_request>(*message)) {
      nas::identity_response response;
      response.mobile_identity.value = crypto::parse_suci(suci).value();
      return encode(response);
    }
    if (std::holds_alternative<nas::deregistration_request_ue_terminated>(*message)) {
      return protect(encode(nas::deregistration_accept_ue_terminated{}), false);
    }
    return std::nullopt;
  }

  template <class T>
  [[nodiscard]] bool got() const {
    return std::ranges::any_of(received,
                               [](const auto& m) { return std::holds_alternative<T>(m); });
  }

 private:
  static nas::ue_security_capability capability() {
    nas::ue_security_capability c;
    c.nr_ea = 0xf0;  // 5G-EA0..3
    c.nr_ia = 0x70;  // 5G-IA1..3
    return c;
  }

  static std::vector<std::uint8_t> encode(const nas::gmm_message& m) {
    byte_writer w;
    EXPECT_TRUE(nas::encode_gmm(m, w));
    return w.release();
  }

  std::vector<std::uint8_t> protect(std::vector<std::uint8_t> plain, bool new_context) {
    auto sealed =
        security->protect(plain, crypto::direction::uplink, /*cipher=*/true, new_context).value();
    if (tamper_next_uplink) {
      tamper_next_uplink = false;
      sealed[2] ^= 0x01;  // inside the NAS-MAC
    }
    return sealed;
  }

  std::optional<nas::gmm_message> open(byte_span pdu) {
    const auto header = nas::peek_security_header(pdu).value();
    std::vector<std::uint8_t> plain(pdu.begin(), pdu.end());
    if (header == nas::security_header_type::integrity_protected_new_context) {
      // Security Mode Command: take the new context from its algorithms (TS 33.501 §6.7.2).
      auto inner = nas::decode_gmm(nas::protected_pdu::parse(pdu).value().message).value();
      const auto& smc = std::get<nas::security_mode_command>(inner);
      kamf = crypto::derive_kamf(kseaf_.value(), subscriber_supi, std::array<std::uint8_t, 2>{})
                 .value();
      auto k_int = crypto::derive_algorithm_key(*kamf, crypto::algorithm_type::nas_int,
                                                smc.algorithms.integrity);
      auto k_enc = crypto::derive_algorithm_key(*kamf, crypto::algorithm_type::nas_enc,
                                                smc.algorithms.ciphering);
      ciphering_key_ = k_enc.value();
      security.emplace(k_int.value(), k_enc.value(),
                       static_cast<crypto::integrity_algorithm>(smc.algorithms.integrity),
                       static_cast<crypto::cipher_algorithm>(smc.algorithms.ciphering));
    }
    if (header != nas::security_header_type::plain) {
      auto opened = security->unprotect(pdu, crypto::direction::downlink);
      EXPECT_TRUE(opened) << "downlink NAS failed the UE's integrity check";
      if (!opened) {
        return std::nullopt;
      }
      plain = *opened;
    }
    auto m = nas::decode_gmm(plain);
    EXPECT_TRUE(m) << "undecodable downlink NAS";
    return m ? std::optional<nas::gmm_message>(*m) : std::nullopt;
  }

  std::vector<std::uint8_t> answer_authentication(const nas::authentication_request& a) {
    auto k = subscriber_k;
    if (wrong_key) {
      k[0] ^= 0xff;
    }
    const auto m = crypto::milenage::create(k, subscriber_opc).value();
    auto opened = crypto::open_autn(m, a.rand->value, a.autn->value);
    nas::authentication_failure failure;
    if (!opened) {
      failure.cause.value = nas::gmm_cause::mac_failure;
      return encode(failure);
    }
    std::uint64_t sqn = 0;
    for (std::uint8_t b : opened->sqn) {
      sqn = sqn << 8U | b;
    }
    if (usim_sqn && sqn <= *usim_sqn) {
      std::array<std::uint8_t, 6> sqn_ms{};
      for (int i = 0; i < 6; ++i) {
        sqn_ms[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(*usim_sqn >> (8 * (5 - i)));
      }
      failure.cause.value = nas::gmm_cause::synch_failure;
      failure.auts = nas::fixed_octets<14>{crypto::build_auts(m, a.rand->value, sqn_ms).value()};
      return encode(failure);
    }
    usim_sqn = sqn;
    const std::string sn = crypto::serving_network_name("001", "01").value();
    const auto& keys = opened->keys;
    auto res_star = crypto::derive_res_star(keys.ck, keys.ik, sn, a.rand->value, keys.res).value();
    if (wrong_res) {
      res_star[0] ^= 0x01;
    }
    auto kausf =
        crypto::derive_kausf(keys.ck, keys.ik, sn, byte_span(a.autn->value).first(6)).value();
    kseaf_ = crypto::derive_kseaf(kausf, sn).value();
    nas::authentication_response response;
    response.res_star = nas::fixed_octets<16>{res_star};
    return encode(response);
  }

  std::vector<std::uint8_t> initial_;
  std::array<std::uint8_t, 16> ciphering_key_{};
  std::optional<crypto::key256> kseaf_;
};

}  // namespace glasscore::amf::test
